import * as z from 'zod/mini';
import type { FunctionLogging } from '../topology.ts';

const NEEDS_JSON = 'needs LogFormat "JSON" (Lambda filters by level only in JSON format)';

/**
 * A function's LoggingConfig as CloudFormation takes it: the format and levels are read (the
 * values Lambda accepts, nothing else), the log group has no local effect (the local runtime
 * prints every function's lines).
 */
export const loggingConfigSchema = z
  .strictObject({
    LogFormat: z.optional(z.enum(['Text', 'JSON'])),
    ApplicationLogLevel: z.optional(z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'])),
    SystemLogLevel: z.optional(z.enum(['DEBUG', 'INFO', 'WARN'])),
    LogGroup: z.optional(z.unknown()),
  })
  .check(
    z.refine((c) => c.LogFormat === 'JSON' || c.ApplicationLogLevel === undefined, {
      path: ['ApplicationLogLevel'],
      message: NEEDS_JSON,
    }),
    z.refine((c) => c.LogFormat === 'JSON' || c.SystemLogLevel === undefined, {
      path: ['SystemLogLevel'],
      message: NEEDS_JSON,
    }),
  );

/** What Lambda applies: Text unless JSON is chosen; with JSON, each level defaults to INFO. */
export function functionLogging(config: z.output<typeof loggingConfigSchema> | undefined): FunctionLogging {
  if (config?.LogFormat !== 'JSON') return { format: 'Text' };
  return {
    format: 'JSON',
    applicationLogLevel: config.ApplicationLogLevel ?? 'INFO',
    systemLogLevel: config.SystemLogLevel ?? 'INFO',
  };
}
