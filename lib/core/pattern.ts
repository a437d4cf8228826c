/**
 * EventBridge event patterns: validation and matching, with the semantics of AWS's engine (event-ruler).
 * See docs/event-patterns.md for every operator and the decisions taken where the AWS docs are silent.
 */
import { compile } from './pattern/compile.ts';
import { CompiledPattern } from './pattern/compiled.ts';

export { MAX_COMBINATIONS, MAX_FIELDS, MAX_PATTERN_LENGTH } from './pattern/compile.ts';
export { CompiledPattern, type EventPattern } from './pattern/compiled.ts';
export { MAX_WILDCARD_COMPLEXITY } from './pattern/complexity.ts';
export { InvalidEventPatternError } from './pattern/errors.ts';
export { PatternMachine } from './pattern/machine.ts';

const CACHE_SIZE = 256;
const textCache = new Map<string, CompiledPattern>();

function compileText(text: string): CompiledPattern {
  const cached = textCache.get(text);
  if (cached) {
    textCache.delete(text);
    textCache.set(text, cached);
    return cached;
  }
  const compiled = compile(text);
  textCache.set(text, compiled);
  if (textCache.size > CACHE_SIZE) {
    const oldest = textCache.keys().next();
    if (!oldest.done) textCache.delete(oldest.value);
  }
  return compiled;
}

/**
 * Validates a pattern given as an object or as JSON text. Throws `InvalidEventPatternError` (code
 * `INVALID_EVENT_PATTERN`) whose message starts with the offending path, e.g.
 * `detail.state: anything-but list must contain only strings or only numbers`.
 */
export function validatePattern(pattern: unknown): CompiledPattern {
  return compile(pattern);
}

/** Validates once; the result's `.matches(event)` is cheap enough to run for every rule on every event. */
export function compilePattern(pattern: unknown): CompiledPattern {
  return compile(pattern);
}

/** Whether the event matches the pattern (object, JSON text, or compiled). Throws for an invalid pattern. */
export function matchesPattern(pattern: unknown, event: Record<string, unknown>): boolean {
  const compiled =
    pattern instanceof CompiledPattern
      ? pattern
      : typeof pattern === 'string'
        ? compileText(pattern)
        : compile(pattern);
  return compiled.matches(event);
}
