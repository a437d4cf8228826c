import { randomUUID } from 'node:crypto';
import type { FunctionLogging, LocalFunction } from '../topology.ts';

/** `2024/05/01/[$LATEST]<32 hex>`: one log stream per execution environment, as Lambda names them. */
export function newLogStreamName(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomUUID().replaceAll('-', '')}`;
}

/**
 * What Lambda sets for a function with the JSON log format (its advanced logging controls): the
 * format and the application level, which Powertools Logger takes over POWERTOOLS_LOG_LEVEL and
 * LOG_LEVEL. A Text function gets neither.
 */
function loggingVariables(logging: FunctionLogging | undefined): Record<string, string> {
  if (logging?.format !== 'JSON') return {};
  return { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: logging.applicationLogLevel };
}

/**
 * The whole `process.env` of one execution environment: Lambda's unreserved defaults, then the
 * shared variables and the function's own, then the reserved ones, which configuration cannot
 * override on Lambda (deploying a function that sets them fails).
 */
export function lambdaEnvironment(
  fn: LocalFunction,
  base: Readonly<Record<string, string>>,
  logStreamName: string,
): Record<string, string> {
  return {
    // PATH lets handlers spawn tools; it carries nothing function-specific.
    ...(process.env.PATH === undefined ? {} : { PATH: process.env.PATH }),
    LANG: 'en_US.UTF-8',
    TZ: 'UTC',
    ...base,
    ...fn.environment,
    ...(base.AWS_REGION === undefined ? {} : { AWS_REGION: base.AWS_REGION }),
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    LAMBDA_TASK_ROOT: fn.codeDir,
    _HANDLER: fn.handler,
    ...loggingVariables(fn.logging),
  };
}
