import { compile } from './compile.ts';
import type { CompiledPattern } from './compiled.ts';
import { FlattenPlan, flattenEvent } from './flatten.ts';
import { addEntry } from './machine/build.ts';
import { type MachineEntry, newState, type State } from './machine/state.ts';
import { collectCandidates } from './machine/traverse.ts';
import { matchesSubRule } from './match.ts';
import type { Leaf } from './types.ts';

interface Registered {
  readonly pattern: CompiledPattern;
  readonly entries: readonly MachineEntry[];
}

/** Whether some leaf sits inside an array of objects, where fields must match from the same element. */
function hasNestedLeaves(leaves: ReadonlyMap<string, readonly Leaf[]>): boolean {
  for (const list of leaves.values()) for (const leaf of list) if (leaf.membership.length > 0) return true;
  return false;
}

/** Rebuild the states once this many removed entries linger in them, and they outnumber the live ones. */
const REBUILD_AFTER = 1024;

/**
 * Many named event patterns compiled into one matcher (after event-ruler's `Machine`). Each pattern's
 * `$or` combinations are indexed by their exact, prefix and numeric fields in a shared state machine; an
 * event walks it once, and only the combinations whose indexed fields all matched are checked in full by
 * the one-by-one engine (array consistency, anything-but, wildcard, suffix, ...). Combinations with no
 * indexable field are checked against every event. So `matches` returns exactly the names whose pattern
 * `matchesPattern` accepts, at a cost that grows with the event's fields and the candidates it reaches.
 */
export class PatternMachine {
  readonly #patterns = new Map<string, Registered>();
  #root: State = newState();
  readonly #unindexed = new Set<MachineEntry>();
  #plan: FlattenPlan | undefined;
  #stale = 0;
  #live = 0;

  /** Number of patterns held. */
  get size(): number {
    return this.#patterns.size;
  }

  has(name: string): boolean {
    return this.#patterns.has(name);
  }

  /** The names held, in the order they were added. */
  names(): string[] {
    return [...this.#patterns.keys()];
  }

  /**
   * Validates the pattern (object, JSON text or compiled) and adds it under `name`, replacing a pattern
   * already held under that name. Throws `InvalidEventPatternError` and changes nothing for an invalid one.
   */
  add(name: string, pattern: unknown): CompiledPattern {
    const compiled = compile(pattern);
    this.remove(name);
    const entries = compiled.subRules.map(
      (rule): MachineEntry => ({ name, rule, terminals: [], exact: false }),
    );
    for (const entry of entries) this.#index(entry);
    this.#patterns.set(name, { pattern: compiled, entries });
    this.#live += entries.length;
    for (const entry of entries) for (const field of entry.rule) this.#plan?.add(field.path);
    return compiled;
  }

  /** Removes the pattern held under `name`; false when there is none. */
  remove(name: string): boolean {
    const registered = this.#patterns.get(name);
    if (!registered) return false;
    this.#patterns.delete(name);
    for (const entry of registered.entries) {
      this.#unindexed.delete(entry);
      for (const state of entry.terminals) state.candidates.delete(entry);
    }
    this.#live -= registered.entries.length;
    // The plan keeps the removed pattern's paths until the next rebuild: reading them is harmless.
    this.#stale += registered.entries.length;
    if (this.#stale > REBUILD_AFTER && this.#stale > this.#live) this.#rebuild();
    return true;
  }

  /** The names of the patterns the event matches, sorted. A non-object event matches nothing. */
  matches(event: object): string[] {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return [];
    const leaves = flattenEvent(event, this.#flattenPlan());
    const candidates = new Set<MachineEntry>(this.#unindexed);
    collectCandidates(this.#root, leaves, candidates);
    const nested = hasNestedLeaves(leaves);
    const matched = new Set<string>();
    for (const entry of candidates) {
      if (matched.has(entry.name)) continue;
      if ((entry.exact && !nested) || matchesSubRule(entry.rule, leaves)) matched.add(entry.name);
    }
    return [...matched].sort();
  }

  #index(entry: MachineEntry): void {
    if (!addEntry(this.#root, entry)) this.#unindexed.add(entry);
  }

  /** One flattening plan for every path any pattern reads, so the event is flattened once. */
  #flattenPlan(): FlattenPlan {
    this.#plan ??= new FlattenPlan(
      [...this.#patterns.values()].flatMap(({ entries }) =>
        entries.flatMap((entry) => entry.rule.map((field) => field.path)),
      ),
    );
    return this.#plan;
  }

  /** Drops the states removed patterns left behind, by indexing the live entries afresh. */
  #rebuild(): void {
    this.#root = newState();
    this.#unindexed.clear();
    this.#plan = undefined;
    for (const { entries } of this.#patterns.values()) {
      for (const entry of entries) {
        entry.terminals.length = 0;
        this.#index(entry);
      }
    }
    this.#stale = 0;
  }
}
