import type { LocalFunction } from '../topology.ts';

export interface ResolvedFunction {
  readonly fn: LocalFunction;
  /** What `context.invokedFunctionArn` shows: the ARN, qualified when the caller used a qualifier. */
  readonly invokedFunctionArn: string;
}

const QUALIFIER = /^[A-Za-z0-9$_-]+$/;

/** `123456789012:function:my-function`: the ARN without `arn:aws:lambda:<region>:`, which Lambda accepts too. */
function partialArn(fn: LocalFunction): string {
  return fn.arn.split(':').slice(4).join(':');
}

const isCalled = (ref: string) => (fn: LocalFunction) =>
  fn.name === ref || fn.arn === ref || partialArn(fn) === ref;

/**
 * Finds the function a caller means: logical id, name, ARN, partial ARN, or name/ARN followed by
 * `:<version or alias>` (every qualifier runs `$LATEST` locally). Undefined when nothing matches.
 */
export function resolveFunctionRef(
  functions: readonly LocalFunction[],
  ref: string,
): ResolvedFunction | undefined {
  const exact = functions.find((f) => f.logicalId === ref || isCalled(ref)(f));
  if (exact) return { fn: exact, invokedFunctionArn: exact.arn };
  const cut = ref.lastIndexOf(':');
  const base = ref.slice(0, cut);
  const qualifier = ref.slice(cut + 1);
  if (cut <= 0 || !QUALIFIER.test(qualifier)) return undefined;
  const fn = functions.find(isCalled(base));
  return fn && { fn, invokedFunctionArn: `${fn.arn}:${qualifier}` };
}

/**
 * Every unqualified way to name each function (logical id, name, ARN, partial ARN), resolved once:
 * what `resolveFunctionRef` answers for those refs (the first function wins, as there), without
 * splitting every function's ARN on each invocation.
 */
export function exactFunctionRefs(functions: readonly LocalFunction[]): Map<string, ResolvedFunction> {
  const refs = new Map<string, ResolvedFunction>();
  for (const fn of functions) {
    const resolved = { fn, invokedFunctionArn: fn.arn };
    for (const ref of [fn.logicalId, fn.name, fn.arn, partialArn(fn)])
      if (!refs.has(ref)) refs.set(ref, resolved);
  }
  return refs;
}
