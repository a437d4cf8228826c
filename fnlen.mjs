import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const roots = process.argv.slice(2);
const files = [];
function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'dist') walk(p);
    } else if (/\.tsx?$/.test(e.name)) files.push(p);
  }
}
roots.forEach(walk);
const out = [];
for (const f of files) {
  const src = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
  function visit(n) {
    if (
      ts.isFunctionDeclaration(n) ||
      ts.isMethodDeclaration(n) ||
      ts.isArrowFunction(n) ||
      ts.isFunctionExpression(n) ||
      ts.isConstructorDeclaration(n)
    ) {
      if (n.body) {
        const s = src.getLineAndCharacterOfPosition(n.getStart()).line;
        const e = src.getLineAndCharacterOfPosition(n.end).line;
        const len = e - s + 1;
        if (len > 60) {
          const name = n.name
            ? n.name.getText()
            : ts.isVariableDeclaration(n.parent)
              ? n.parent.name.getText()
              : ts.isPropertyAssignment(n.parent)
                ? n.parent.name.getText()
                : '<anon>';
          out.push([len, f + ':' + (s + 1), name]);
        }
      }
    }
    ts.forEachChild(n, visit);
  }
  visit(src);
}
out.sort((a, b) => b[0] - a[0]);
for (const o of out) console.log(o.join('\t'));
