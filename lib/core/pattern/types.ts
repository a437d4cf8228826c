/**
 * Shared shapes of the event-pattern engine. A pattern compiles to a list of sub-rules (one per `$or`
 * combination); a sub-rule is a list of field patterns keyed by dotted path; an event flattens to leaves
 * keyed by the same dotted paths (event-ruler's model, `Event.java` / `JsonRuleCompiler.java`).
 */

/** A JSON leaf value as it appears in an event. */
export type Scalar = string | number | boolean | null;

/**
 * Array membership of a leaf, flattened as `[arrayId, index, arrayId, index, ...]`: for every enclosing
 * array element that is an object or an array, which array and which index it came from. Two leaves are
 * consistent when they agree on the index of every array they share (event-ruler `ArrayMembership`).
 */
export type Membership = readonly number[];

/** One leaf of a flattened event. `ip` caches the parsed address: undefined = not parsed yet, null = not an IP. */
export interface Leaf {
  readonly value: Scalar;
  readonly membership: Membership;
  ip?: string | null;
}

/** Whether one leaf satisfies a compiled match value. */
export type ValueTest = (leaf: Leaf) => boolean;

/** The compiled form of one field's value array, e.g. `"state": ["a", {"prefix": "b"}]`. */
export interface FieldPattern {
  /** Dotted path, as event-ruler joins it: `detail.state`. */
  readonly path: string;
  /** Path as written, for messages: `detail.$or[1].state`. */
  readonly label: string;
  /** Matches a present leaf; undefined when the array holds only `{"exists": false}`. */
  readonly test: ValueTest | undefined;
  /** True when the array holds `{"exists": false}`: the field may also match by being absent. */
  readonly absent: boolean;
  /** Wildcard patterns (`wildcard`: one operand; `anything-but` `wildcard`: its list), for the complexity check. */
  readonly wildcards: readonly (readonly string[])[];
  /** Canonical text of the value array; equal arrays share a state in event-ruler's machine. */
  readonly identity: string;
  /** The value array as written, for `PatternMachine` to decide which values it can index. */
  readonly values: readonly unknown[];
}

/** One entry of a pattern object, in document order, with nested objects already inlined. */
export type PatternEntry =
  | { readonly kind: 'field'; readonly field: FieldPattern }
  | { readonly kind: 'or'; readonly branches: readonly (readonly PatternEntry[])[] };

/** A sub-rule: every field must match (AND), consistently across arrays. Sorted by path. */
export type SubRule = readonly FieldPattern[];

/**
 * What a match expression reads, which decides how event-ruler's byte machine sees the value: a field
 * with numeric matchers compares numbers numerically, one with IP matchers (and no numeric ones) reads IP
 * strings as addresses, hiding them from string matchers (`ByteMachine.transitionOn`).
 */
export type OperatorFamily = 'string' | 'numeric' | 'ip' | 'not-string' | 'not-number';

/** One compiled match expression (`{"prefix": "a"}`, `{"exists": false}`, ...). */
export type Operator =
  | {
      readonly kind: 'test';
      readonly test: ValueTest;
      readonly family: OperatorFamily;
      readonly wildcards: readonly (readonly string[])[];
    }
  | { readonly kind: 'exists'; readonly exists: boolean };
