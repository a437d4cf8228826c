import type { LocalFunction } from '../topology.ts';

export interface ResolvedFunction {
  readonly fn: LocalFunction;
  /** What `context.invokedFunctionArn` shows: the ARN, qualified when the caller used a qualifier. */
  readonly invokedFunctionArn: string;
}

const QUALIFIER = /^[A-Za-z0-9$_-]+$/;

/**
 * Finds the function a caller means: logical id, name, ARN, or name/ARN followed by
 * `:<version or alias>` (every qualifier runs `$LATEST` locally). Undefined when nothing matches.
 */
export function resolveFunctionRef(
  functions: readonly LocalFunction[],
  ref: string,
): ResolvedFunction | undefined {
  const exact = functions.find((f) => f.logicalId === ref || f.name === ref || f.arn === ref);
  if (exact) return { fn: exact, invokedFunctionArn: exact.arn };
  const cut = ref.lastIndexOf(':');
  const base = ref.slice(0, cut);
  const qualifier = ref.slice(cut + 1);
  if (cut <= 0 || !QUALIFIER.test(qualifier)) return undefined;
  const fn = functions.find((f) => f.name === base || f.arn === base);
  return fn && { fn, invokedFunctionArn: `${fn.arn}:${qualifier}` };
}
