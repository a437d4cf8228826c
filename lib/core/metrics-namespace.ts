/** The CloudWatch namespace of every Vigil metric (lib/core/metrics.ts lists the metrics). */
export const METRICS_NAMESPACE = 'Vigil';

/** The dimension Powertools Metrics adds to every metric: the function's service name. */
export const SERVICE_DIMENSION = 'service';
