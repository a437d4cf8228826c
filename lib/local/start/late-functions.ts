import type { ResolvedFunction } from '../lambda/function-ref.ts';
import type { LocalLambdaRuntime } from '../lambda/lambda-runtime.ts';
import type { InvokeResult } from '../topology.ts';

/**
 * The local functions, for what must exist before them: the bus and the Lambda endpoint start
 * first (the functions' environment names their endpoints), and reach the runtime once it is set.
 */
export class LateFunctions {
  #runtime: LocalLambdaRuntime | undefined;

  set(runtime: LocalLambdaRuntime): void {
    this.#runtime = runtime;
  }

  #get(): LocalLambdaRuntime {
    if (!this.#runtime) throw new Error('the local Lambda runtime is not started yet');
    return this.#runtime;
  }

  invoke(ref: string, event: unknown, options: { readonly requestId?: string } = {}): Promise<InvokeResult> {
    return this.#get().invoke(ref, event, options);
  }

  resolve(ref: string): ResolvedFunction | undefined {
    return this.#get().resolve(ref);
  }
}
