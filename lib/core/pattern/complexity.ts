import { invalid } from './errors.ts';
import type { SubRule } from './types.ts';
import { parseWildcard } from './wildcard.ts';

/**
 * Wildcard complexity, after event-ruler `MachineComplexityEvaluator`: for each field's byte machine, the
 * largest number of wildcard-pattern prefixes that one input can match at once (`"*ab"` on `"ab"` is 2:
 * `*` and `*ab`). Operands are quoted as the machine stores them. Machines are shared the way event-ruler
 * shares them: per field path, per chain of preceding (sorted) fields with identical value arrays.
 * AWS refuses "Rule is too complex" above 10: `"*:*:*:*:*:event-bus/*"` (11) is refused (recorded by
 * LocalStack against AWS) while `"/Users/*\/dir/dir/dir/dir/dir/doc.txt"` (7) and four `"*.ext"` operands
 * on one field (8) are accepted, and four `"*\/datasync/*.ext"` operands (16) are refused.
 */
export const MAX_WILDCARD_COMPLEXITY = 10;

const STAR = -1;
const OTHER_BYTE = 256;
const QUOTE = 0x22;
/** Bound on explored state sets, so a pathological operand cannot stall compilation. */
const MAX_SUBSETS = 20_000;

function tokens(operand: string): number[] {
  const parsed = parseWildcard(operand);
  const segments = typeof parsed === 'string' ? [operand] : parsed.segments;
  const encoder = new TextEncoder();
  const out = [QUOTE];
  segments.forEach((segment, index) => {
    if (index > 0) out.push(STAR);
    out.push(...encoder.encode(segment));
  });
  out.push(QUOTE);
  return out;
}

/**
 * States of the machine: one trie per pattern over its operands' tokens (an `anything-but` wildcard list
 * is one pattern whose operands share their common prefix, as they share byte states in event-ruler).
 */
class Forest {
  readonly roots: number[] = [];
  readonly children: Map<number, number>[] = [];
  /** Whether the token leading into the state is a wildcard (the state then loops on any byte). */
  readonly starred: boolean[] = [];
  readonly alphabet = new Set<number>([OTHER_BYTE]);

  node(starred: boolean): number {
    this.children.push(new Map());
    this.starred.push(starred);
    return this.children.length - 1;
  }

  addPattern(operands: readonly string[]): void {
    const root = this.node(false);
    this.roots.push(root);
    for (const operand of operands) {
      let current = root;
      for (const token of tokens(operand)) {
        const next = this.children[current]?.get(token) ?? this.node(token === STAR);
        this.children[current]?.set(token, next);
        if (token !== STAR) this.alphabet.add(token);
        current = next;
      }
    }
  }

  /** Adds the states reachable through wildcards matching nothing. */
  close(states: Set<number>): number[] {
    const queue = [...states];
    for (let state = queue.pop(); state !== undefined; state = queue.pop()) {
      const star = this.children[state]?.get(STAR);
      if (star !== undefined && !states.has(star)) {
        states.add(star);
        queue.push(star);
      }
    }
    return [...states].sort((a, b) => a - b);
  }

  step(states: readonly number[], byte: number): Set<number> {
    const next = new Set<number>();
    for (const state of states) {
      const child = this.children[state]?.get(byte);
      if (child !== undefined) next.add(child);
      if (this.starred[state]) next.add(state);
    }
    return next;
  }
}

/**
 * The evaluator's number for one machine: patterns are lists of operands (one for `wildcard`, the list
 * for an `anything-but` wildcard). Capped at `cap` to bound the work.
 */
export function wildcardComplexity(
  patterns: readonly (readonly string[])[],
  cap = MAX_WILDCARD_COMPLEXITY + 1,
): number {
  const forest = new Forest();
  for (const operands of patterns) forest.addPattern(operands);
  const roots = new Set(forest.roots);
  const start = forest.close(new Set(forest.roots));
  const seen = new Set([start.join(',')]);
  const pending = [start];
  let maximum = 0;
  for (let set = pending.pop(); set !== undefined; set = pending.pop()) {
    for (const byte of forest.alphabet) {
      const next = forest.step(set, byte);
      if (next.size === 0) continue;
      const closed = forest.close(next);
      maximum = Math.max(maximum, closed.filter((state) => !roots.has(state)).length);
      if (maximum >= cap) return maximum;
      const key = closed.join(',');
      if (!seen.has(key) && seen.size < MAX_SUBSETS) {
        seen.add(key);
        pending.push(closed);
      }
    }
  }
  return maximum;
}

interface Machine {
  readonly label: string;
  readonly patterns: Map<string, readonly string[]>;
  evaluated: boolean;
}

/** Refuses the pattern when any of its field machines is too complex. */
export function checkWildcardComplexity(rules: readonly SubRule[]): void {
  if (!rules.some((rule) => rule.some((field) => field.wildcards.length > 0))) return;
  const machines = new Map<string, Machine>();
  const nodes = new Map<string, number>();
  for (const rule of rules) {
    let node = 0;
    let reachable = true;
    for (const field of rule) {
      const key = `${node}\u0000${field.path}`;
      let machine = machines.get(key);
      if (!machine) {
        machine = { label: field.label, patterns: new Map(), evaluated: false };
        machines.set(key, machine);
      }
      for (const operands of field.wildcards)
        machine.patterns.set(JSON.stringify([...operands].sort()), operands);
      // event-ruler walks on from a field only through value matches, not through `exists: false`.
      if (reachable) machine.evaluated = true;
      reachable = reachable && field.test !== undefined;
      const nodeKey = `${key}\u0000${field.identity}`;
      node = nodes.get(nodeKey) ?? nodes.size + 1;
      nodes.set(nodeKey, node);
    }
  }
  for (const machine of machines.values()) {
    if (!machine.evaluated || machine.patterns.size === 0) continue;
    const complexity = wildcardComplexity([...machine.patterns.values()]);
    if (complexity > MAX_WILDCARD_COMPLEXITY) {
      invalid(
        machine.label,
        `rule is too complex (wildcard complexity ${complexity}, at most ${MAX_WILDCARD_COMPLEXITY}) - ` +
          'try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
      );
    }
  }
}
