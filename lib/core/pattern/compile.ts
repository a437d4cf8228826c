import { CompiledPattern, type EventPattern } from './compiled.ts';
import { checkWildcardComplexity } from './complexity.ts';
import { InvalidEventPatternError, invalid, ROOT_LABEL } from './errors.ts';
import { countCombinations, expandPattern } from './expand.ts';
import { parsePattern } from './parse.ts';
import type { PatternEntry } from './types.ts';

/** API limit on `EventPattern` (PutRule, TestEventPattern): 4096 characters of JSON text. */
export const MAX_PATTERN_LENGTH = 4096;
/** Documented limit on `$or` combinations. */
export const MAX_COMBINATIONS = 1000;
/** event-ruler `GenericMachine.MAXIMUM_RULE_SIZE`: fields in one combination. */
export const MAX_FIELDS = 256;

interface Source {
  readonly text: string;
  readonly value: unknown;
}

/** The pattern's JSON text and parsed value. An object is taken as the JSON it serializes to. */
function readSource(pattern: unknown): Source {
  if (typeof pattern === 'string') {
    if (pattern.length > MAX_PATTERN_LENGTH) {
      invalid(ROOT_LABEL, `is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed`);
    }
    try {
      return { text: pattern, value: JSON.parse(pattern) };
    } catch (error) {
      throw new InvalidEventPatternError(`${ROOT_LABEL}: is not valid JSON (${(error as Error).message})`, {
        cause: error,
      });
    }
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(pattern);
  } catch (error) {
    throw new InvalidEventPatternError(`${ROOT_LABEL}: cannot be serialized to JSON`, { cause: error });
  }
  if (text === undefined) invalid(ROOT_LABEL, 'must be a JSON object');
  if (text.length > MAX_PATTERN_LENGTH) {
    invalid(
      ROOT_LABEL,
      `is ${text.length} characters long as JSON; at most ${MAX_PATTERN_LENGTH} are allowed`,
    );
  }
  return { text, value: JSON.parse(text) };
}

/**
 * Parses with `$or` semantics; when that fails and the pattern uses `$or`, retries with `$or` as a plain
 * field name, as event-ruler's `Machine.addRule` falls back from `JsonRuleCompiler` to `RuleCompiler`.
 */
function parseWithFallback(value: unknown, text: string): PatternEntry[] {
  try {
    return parsePattern(value, false);
  } catch (error) {
    if (!(error instanceof InvalidEventPatternError) || !text.includes('"$or"')) throw error;
    try {
      return parsePattern(value, true);
    } catch {
      throw error;
    }
  }
}

/** Validates a pattern (object or JSON text) and compiles it. */
export function compile(pattern: unknown): CompiledPattern {
  if (pattern instanceof CompiledPattern) return pattern;
  const { text, value } = readSource(pattern);
  const entries = parseWithFallback(value, text);
  const combinations = countCombinations(entries);
  if (combinations > MAX_COMBINATIONS) {
    invalid(
      ROOT_LABEL,
      `$or yields ${combinations} rule combinations; at most ${MAX_COMBINATIONS} are allowed`,
    );
  }
  const rules = expandPattern(entries);
  for (const rule of rules) {
    if (rule.length > MAX_FIELDS) {
      invalid(
        ROOT_LABEL,
        `a rule combination names ${rule.length} fields; at most ${MAX_FIELDS} are allowed`,
      );
    }
  }
  checkWildcardComplexity(rules);
  return new CompiledPattern(value as EventPattern, text, rules);
}
