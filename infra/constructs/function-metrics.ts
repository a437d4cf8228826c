import { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import {
  METRICS_NAMESPACE,
  type MetricName,
  type MetricOf,
  type MetricService,
  SERVICE_DIMENSION,
  SERVICE_METRICS,
} from '#lib/core/metrics.ts';

/** The period of every graph and alarm of the stack. */
export const PERIOD = Duration.minutes(5);

/** A count one function emits (lib/core/metrics.ts), summed over the period. */
export function functionMetric<S extends MetricService>(
  service: S,
  name: MetricOf<S>,
  label?: string,
): Metric {
  return countMetric(service, name, label);
}

function countMetric(service: MetricService, name: MetricName, label?: string): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { [SERVICE_DIMENSION]: service },
    statistic: 'Sum',
    period: PERIOD,
    // A label makes an alarm use the metric-math form: only where a graph needs it.
    ...(label ? { label } : {}),
  });
}

/** The services that emit `name`. */
export function emittersOf(name: MetricName): MetricService[] {
  return (Object.keys(SERVICE_METRICS) as MetricService[]).filter((service) =>
    (SERVICE_METRICS[service] as readonly string[]).includes(name),
  );
}

/** The sum of several counts (e.g. one count over every function that emits it), with ids unique to `prefix`. */
export function sumOf(prefix: string, metrics: readonly Metric[], label: string): MathExpression {
  const usingMetrics = Object.fromEntries(metrics.map((metric, i) => [`${prefix}${i}`, metric]));
  return new MathExpression({
    // FILL: a function that counted nothing in a period sends no datapoint; it adds 0, not a gap.
    expression: Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    usingMetrics,
    label,
    period: PERIOD,
  });
}

/** One count over every function that emits it. */
export function acrossFunctions(prefix: string, name: MetricName): MathExpression {
  return sumOf(
    prefix,
    emittersOf(name).map((service) => countMetric(service, name, `${service} ${name}`)),
    name,
  );
}
