import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildConsole } from '#infra/constructs/console-asset.ts';
import type { Row } from './local.ts';
import { fmt } from './stats.ts';

/** The files a first visit loads: the entry module, what it preloads, and the style sheets (index.html). */
export function firstLoadFiles(indexHtml: string): { scripts: string[]; styles: string[] } {
  const attr = (pattern: RegExp) =>
    [...indexHtml.matchAll(pattern)].map((m) => (m[1] as string).replace(/^\.\//, ''));
  return {
    scripts: [
      ...attr(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
      ...attr(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
    ],
    styles: attr(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g),
  };
}

/** `console` group: builds the web console as CDK does and weighs what the browser downloads first. */
export function consoleBench(row: Row): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-console-'));
  try {
    buildConsole(dir);
    const { scripts, styles } = firstLoadFiles(readFileSync(path.join(dir, 'index.html'), 'utf8'));
    const size = (files: string[], gz: boolean) =>
      files.reduce((sum, file) => {
        const bytes = readFileSync(path.join(dir, file));
        return sum + (gz ? gzipSync(bytes).length : bytes.length);
      }, 0);
    row(
      'console: first-load JavaScript, gzipped',
      `${fmt(size(scripts, true) / 1000, 1)} KB`,
      `target ≤ 100 KB; ${scripts.length} file(s), ${fmt(size(scripts, false) / 1000, 1)} KB minified; CSS ${fmt(size(styles, true) / 1000, 1)} KB gzipped`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
