import * as z from 'zod/mini';
import { VigilError } from '#lib/core/errors.ts';
import { addIssue } from '#lib/core/validation.ts';
import { coercedNumber } from '#lib/core/zod-parts.ts';

/** A required environment variable is missing or malformed: the function refuses to start. */
export class ConfigError extends VigilError {
  readonly code = 'CONFIG_INVALID';
}

export const positiveInt = (fallback: number) =>
  z._default(coercedNumber().check(z.int(), z.positive()), fallback);
export const nonEmpty = z.string({ error: 'is required' }).check(z.minLength(1, 'is required'));
/** An integer in [min, max] read from the environment (a string), `fallback` when unset. */
export const intBetween = (min: number, max: number, fallback: number) =>
  z._default(coercedNumber().check(z.int(), z.gte(min), z.lte(max)), fallback);

/** Parses `env` with `schema`, naming the variable and the rule on failure. */
export function loadEnv<S extends z.core.$ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const result = z.safeParse(schema, env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ConfigError(
    `environment variable ${String(issue?.path[0] ?? '?')}: ${issue?.message ?? 'is invalid'}`,
    {
      field: String(issue?.path[0] ?? ''),
    },
  );
}

/** A variable holding a JSON array (parsed, then checked by the schema piped after it). */
export const jsonArray = z.pipe(
  z.string(),
  z.transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      addIssue(ctx, 'must be JSON');
      return z.NEVER;
    }
  }),
);
