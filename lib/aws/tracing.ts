import type * as TracerPackage from '@aws-lambda-powertools/tracer';
import type * as TracerMiddleware from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import { requireCommonJs } from './commonjs.ts';

/**
 * X-Ray tracing through Powertools Tracer, for the one execution environment this module lives in
 * (like the Tracer itself). The Tracer and aws-xray-sdk-core take 300-550 ms to import on this
 * machine, so they are imported only when tracing is on: in Lambda with POWERTOOLS_TRACE_ENABLED
 * unset or true. The local runtime sets it to false (there is no X-Ray daemon to send to).
 */
export interface Tracing {
  /** The client, its calls recorded as X-Ray subsegments when tracing is on; the same client otherwise. */
  capture<T>(client: T): T;
  /** Middy middleware: the handler's subsegment with cold start, response and error annotations. */
  readonly middleware: MiddlewareObj;
}

/** Middy refuses a middleware without a phase: off, it is one that does nothing. */
const OFF: Tracing = { capture: (client) => client, middleware: { before: () => undefined } };
let active: Tracing = OFF;

/** Powertools' own rule: off when POWERTOOLS_TRACE_ENABLED is `false` or outside Lambda. */
export function tracingEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() === 'false') return false;
  return Boolean(env.AWS_EXECUTION_ENV) && !env.AWS_SAM_LOCAL;
}

/** Starts tracing for this environment (call it first, at Init, before any client is made). */
export async function startTracing(
  serviceName: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Tracing> {
  if (!tracingEnabled(env)) return OFF;
  // As CommonJS, like the Logger and Metrics (see commonjs.ts): one copy of Powertools' commons.
  const { Tracer } = requireCommonJs<typeof TracerPackage>('@aws-lambda-powertools/tracer');
  const { captureLambdaHandler } = requireCommonJs<typeof TracerMiddleware>(
    '@aws-lambda-powertools/tracer/middleware',
  );
  const tracer = new Tracer({ serviceName });
  active = {
    capture: (client) => tracer.captureAWSv3Client(client as never) as typeof client,
    middleware: captureLambdaHandler(tracer) as MiddlewareObj,
  };
  return active;
}

/** `client` with its calls traced when this environment traces (see startTracing). */
export function traced<T>(client: T): T {
  return active.capture(client);
}
