import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Counters, IngestMetric } from '../core/ingest/ports.ts';

export const METRICS_NAMESPACE = 'Vigil';

export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

export function createMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
}

/** Counts as CloudWatch embedded metrics; zero counts are not emitted. */
export function metricCounters(metrics: Metrics): Counters {
  return {
    add(metric: IngestMetric, n: number) {
      if (n > 0) metrics.addMetric(metric, MetricUnit.Count, n);
    },
  };
}
