import { FlattenPlan, flattenEvent } from './flatten.ts';
import { matchesSubRule } from './match.ts';
import type { SubRule } from './types.ts';

/** An EventBridge event pattern: a JSON object of fields, value arrays, match expressions and `$or`. */
export type EventPattern = Record<string, unknown>;

/**
 * A validated pattern, ready to match many events. Matching flattens only the paths the pattern reads,
 * then tries each `$or` combination; nothing is compiled per event.
 */
export class CompiledPattern {
  /** The pattern as parsed from its JSON text. Do not mutate. */
  readonly pattern: EventPattern;
  /** The pattern's JSON text (as given, or serialized from the object given). */
  readonly text: string;
  readonly #rules: readonly SubRule[];
  readonly #plan: FlattenPlan;

  /** Use `compilePattern`; this constructor trusts its arguments. */
  constructor(pattern: EventPattern, text: string, rules: readonly SubRule[]) {
    this.pattern = pattern;
    this.text = text;
    this.#rules = rules;
    this.#plan = new FlattenPlan(rules.flatMap((rule) => rule.map((field) => field.path)));
  }

  /** Number of `$or` combinations (sub-rules) the pattern expanded to. */
  get combinations(): number {
    return this.#rules.length;
  }

  /** The `$or` combinations, each sorted by path; `PatternMachine` indexes them. Do not mutate. */
  get subRules(): readonly SubRule[] {
    return this.#rules;
  }

  /** Whether the event (a JSON object) matches. A non-object event matches nothing. */
  matches(event: object): boolean {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
    const leaves = flattenEvent(event, this.#plan);
    for (const rule of this.#rules) {
      if (matchesSubRule(rule, leaves)) return true;
    }
    return false;
  }
}
