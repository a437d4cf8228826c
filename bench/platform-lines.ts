import type { FunctionLogging } from '#lib/local/topology.ts';

/**
 * Lambda's own lines per invocation in the Text format: START (~70 bytes), END (~50), REPORT (~150)
 * and, with active tracing (every Vigil function), its XRAY line (~90).
 */
const TEXT_LINES_BYTES = 360;

const REQUEST_ID = '8f5c3a52-6a0e-4b6e-9d8c-2f1e0b7a4c19';
const TIME = '2026-11-27T22:00:00.000Z';
const TRACING = {
  spanId: '4a1b2c3d4e5f6a7b',
  type: 'X-Amzn-Trace-Id',
  value: 'Root=1-6745a1b2-0123456789abcdef01234567;Parent=4a1b2c3d4e5f6a7b;Sampled=1',
};

/**
 * The system records Lambda writes per invocation in the JSON format, each with its level: the
 * record shapes of the Telemetry API schema reference, with active tracing (docs/scaling.md).
 */
const JSON_RECORDS = [
  {
    level: 'INFO',
    record: {
      type: 'platform.start',
      record: { requestId: REQUEST_ID, version: '$LATEST', tracing: TRACING },
    },
  },
  {
    level: 'DEBUG',
    record: {
      type: 'platform.runtimeDone',
      record: {
        requestId: REQUEST_ID,
        status: 'success',
        tracing: TRACING,
        spans: [{ name: 'responseLatency', start: TIME, durationMs: 1.25 }],
        metrics: { durationMs: 12.34, producedBytes: 120 },
      },
    },
  },
  {
    level: 'INFO',
    record: {
      type: 'platform.report',
      record: {
        requestId: REQUEST_ID,
        metrics: { durationMs: 12.34, billedDurationMs: 13, memorySizeMB: 512, maxMemoryUsedMB: 98 },
        tracing: TRACING,
        status: 'success',
      },
    },
  },
] as const;

const RANK = { DEBUG: 0, INFO: 1, WARN: 2 } as const;

/**
 * The bytes of Lambda's own records one warm invocation adds to the function's log: all of them in
 * the Text format; in JSON, those at or above the function's system log level (none at WARN).
 */
export function platformBytesPerInvocation(logging: FunctionLogging | undefined): number {
  if (logging === undefined || logging.format === 'Text') return TEXT_LINES_BYTES;
  const floor = RANK[logging.systemLogLevel];
  return JSON_RECORDS.filter(({ level }) => RANK[level] >= floor).reduce(
    (sum, { record }) => sum + Buffer.byteLength(JSON.stringify({ time: TIME, ...record })) + 1,
    0,
  );
}

/** `WARN (0 B)`, `Text (360 B)`: what the cost row's note says about a function's system records. */
export function describePlatformLines(logging: FunctionLogging | undefined): string {
  const level = logging?.format === 'JSON' ? `system level ${logging.systemLogLevel}` : 'Text format';
  return `${level}: ${platformBytesPerInvocation(logging)} B/invocation`;
}
