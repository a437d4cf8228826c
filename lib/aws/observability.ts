import type * as LoggerPackage from '@aws-lambda-powertools/logger';
import type * as LoggerMiddleware from '@aws-lambda-powertools/logger/middleware';
import type * as MetricsPackage from '@aws-lambda-powertools/metrics';
import type * as MetricsMiddleware from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { MetricName, MetricService, MetricSink } from '#lib/core/metrics.ts';
import { METRICS_NAMESPACE } from '#lib/core/metrics-namespace.ts';
import { requireCommonJs } from './commonjs.ts';

// Powertools Logger and Metrics with their middy middlewares, loaded as CommonJS (see commonjs.ts).
const { Logger } = requireCommonJs<typeof LoggerPackage>('@aws-lambda-powertools/logger');
const { Metrics, MetricUnit } = requireCommonJs<typeof MetricsPackage>('@aws-lambda-powertools/metrics');
export const { injectLambdaContext } = requireCommonJs<typeof LoggerMiddleware>(
  '@aws-lambda-powertools/logger/middleware',
);
export const { logMetrics } = requireCommonJs<typeof MetricsMiddleware>(
  '@aws-lambda-powertools/metrics/middleware',
);
type Logger = LoggerPackage.Logger;
type Metrics = MetricsPackage.Metrics;

/**
 * The Powertools middlewares of every handler: the Lambda context in each log line (keys reset
 * at each invocation), then, with `metrics`, the counts flushed as one EMF document.
 */
export function powertools(logger: Logger, metrics?: Metrics): MiddlewareObj[] {
  const context = injectLambdaContext(logger, { resetKeys: true }) as MiddlewareObj;
  return metrics ? [context, logMetrics(metrics) as MiddlewareObj] : [context];
}

export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

const EMPTY_WARNING = 'No application metrics to publish';

/**
 * Powertools' own warnings, except the one `logMetrics` prints after an invocation that counted
 * nothing: the functions count only what happened (a `GET` route or a quiet sweep counts nothing).
 */
const quietWhenEmpty = {
  debug: (...args: unknown[]) => console.debug(...args),
  info: (...args: unknown[]) => console.info(...args),
  warn: (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith(EMPTY_WARNING)) return;
    console.warn(...args);
  },
  error: (...args: unknown[]) => console.error(...args),
};

/** The function's metrics: namespace `Vigil`, dimension `service` (lib/core/metrics.ts lists the names). */
export function createMetrics(serviceName: MetricService): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName, logger: quietWhenEmpty });
}

/** Counts as CloudWatch embedded metrics, flushed by `logMetrics`; zero counts are not emitted. */
export function metricSink(metrics: Metrics): MetricSink<MetricName> {
  return {
    add(metric: MetricName, n: number) {
      if (n > 0) metrics.addMetric(metric, MetricUnit.Count, n);
    },
  };
}
