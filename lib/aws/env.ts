import { z } from 'zod';
import { VigilError } from '#lib/core/errors.ts';

/** A required environment variable is missing or malformed: the function refuses to start. */
export class ConfigError extends VigilError {
  readonly code = 'CONFIG_INVALID';
}

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
export const nonEmpty = z.string({ error: 'is required' }).min(1, 'is required');

/** Parses `env` with `schema`, naming the variable and the rule on failure. */
export function loadEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const result = schema.safeParse(env);
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
export const jsonArray = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON' });
    return z.NEVER;
  }
});
