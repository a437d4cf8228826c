import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { VigilError } from './errors.ts';
import { quote, truncate } from './quote.ts';

/** A request or event that breaks a schema rule; `field` is the path, the message says `<path>: <rule>`. */
export class ValidationError extends VigilError {
  readonly code = 'VALIDATION_FAILED';
  override readonly status = 400;
  readonly rule: string;

  constructor(field: string | undefined, rule: string) {
    const shown = field === undefined ? undefined : truncate(field);
    super(shown ? `${shown}: ${rule}` : rule, shown === undefined ? {} : { field: shown });
    this.rule = rule;
  }
}

/** `['signal', 'state', 2]` → `signal.state[2]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function describeReceived(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'number' && !Number.isFinite(input)) return String(input);
  return `a ${typeof input}`;
}

/**
 * zod/mini loads no locale (every issue it is not told how to phrase reads "Invalid input"), while
 * classic zod loads English: load it here, where parsing goes through, so that the messages stay
 * those of classic zod (e.g. in loadEnv and for the issues phraseRule leaves to the defaults).
 */
z.config(en());

/**
 * Generic rule phrasing, used as zod's per-parse error map: messages given in a schema take
 * precedence over it, so this only phrases the issues a schema left to the defaults.
 */
const phraseRule: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${issue.expected === 'object' || issue.expected === 'record' ? 'a JSON object' : `a ${issue.expected}`}, got ${describeReceived(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `must have at least ${issue.minimum} item(s)`
        : `must be at least ${issue.minimum} character(s) long`;
    case 'too_big':
      return issue.origin === 'array'
        ? `must have at most ${issue.maximum} item(s)`
        : `must be at most ${issue.maximum} character(s) long`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}${issue.input === undefined ? '' : `, got ${quote(issue.input)}`}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    default:
      return undefined;
  }
};

/** Turns the first zod issue into a ValidationError naming the field and the rule. */
export function toValidationError(error: z.core.$ZodError, prefix = ''): ValidationError {
  const issue = error.issues[0];
  if (!issue) return new ValidationError(prefix || undefined, 'is invalid');
  const path =
    issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : (issue.path as PropertyKey[]);
  const field = formatPath(path, prefix);
  return new ValidationError(field || undefined, issue.message);
}

/**
 * Records a custom issue from inside a zod/mini `z.transform` (classic zod's `ctx.addIssue`, which
 * mini's transforms do not have); return `z.NEVER` after it.
 */
export function addIssue(ctx: z.core.ParsePayload, message: string, path: PropertyKey[] = []): void {
  ctx.issues.push({ code: 'custom', message, input: ctx.value, path });
}

/** Parses with a schema, throwing a ValidationError instead of a ZodError. */
export function parseWith<S extends z.core.$ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = z.safeParse(schema, input, { error: phraseRule });
  if (!result.success) throw toValidationError(result.error, prefix);
  return result.data;
}
