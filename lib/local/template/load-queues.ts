import type {
  LocalEventSourceMapping,
  LocalFunction,
  LocalQueue,
  QueueSettings,
  UnsupportedResource,
} from '../topology.ts';
import { resolveIntrinsics, UnresolvableError } from './intrinsics.ts';
import type { PhysicalIds, TemplateResource } from './physical-ids.ts';
import { describeIssues, eventSourceMappingSchema, queuePropertiesSchema } from './queue-schemas.ts';

type Resources = Readonly<Record<string, TemplateResource>>;

const DEFAULTS = {
  delaySeconds: 0,
  visibilityTimeout: 30,
  messageRetentionPeriod: 345_600,
  receiveMessageWaitTimeSeconds: 0,
  maximumMessageSize: 262_144,
} as const;

function resolved(resource: TemplateResource, ids: PhysicalIds): Record<string, unknown> {
  return (resolveIntrinsics(resource.Properties ?? {}, ids) ?? {}) as Record<string, unknown>;
}

/** The queue's settings, or why it cannot run locally. */
function queueSettings(props: Record<string, unknown>, name: string): QueueSettings | string {
  const parsed = queuePropertiesSchema.safeParse(props);
  if (!parsed.success) return describeIssues(parsed.error);
  const p = parsed.data;
  const fifo = p.FifoQueue === true;
  if (fifo !== name.endsWith('.fifo'))
    return `QueueName: a ${fifo ? 'FIFO' : 'standard'} queue's name ${fifo ? 'must' : 'cannot'} end in .fifo`;
  if (
    !fifo &&
    (p.ContentBasedDeduplication !== undefined ||
      p.DeduplicationScope !== undefined ||
      p.FifoThroughputLimit !== undefined)
  ) {
    return 'ContentBasedDeduplication, DeduplicationScope and FifoThroughputLimit apply to FIFO queues only';
  }
  return {
    fifo,
    contentBasedDeduplication: p.ContentBasedDeduplication === true,
    deduplicationScope: p.DeduplicationScope ?? 'queue',
    delaySeconds: p.DelaySeconds ?? DEFAULTS.delaySeconds,
    visibilityTimeout: p.VisibilityTimeout ?? DEFAULTS.visibilityTimeout,
    messageRetentionPeriod: p.MessageRetentionPeriod ?? DEFAULTS.messageRetentionPeriod,
    receiveMessageWaitTimeSeconds: p.ReceiveMessageWaitTimeSeconds ?? DEFAULTS.receiveMessageWaitTimeSeconds,
    maximumMessageSize: p.MaximumMessageSize ?? DEFAULTS.maximumMessageSize,
    ...(p.RedrivePolicy ? { redrivePolicy: p.RedrivePolicy } : {}),
  };
}

/** A redrive target must be a local queue of the same type (FIFO ↔ FIFO). */
function checkRedrive(queue: LocalQueue, byArn: ReadonlyMap<string, LocalQueue>): string | undefined {
  const target = queue.settings.redrivePolicy?.deadLetterTargetArn;
  if (target === undefined) return undefined;
  const dlq = byArn.get(target);
  if (!dlq) return `RedrivePolicy.deadLetterTargetArn: ${target} is not a queue of this template`;
  if (dlq.settings.fifo !== queue.settings.fifo)
    return 'RedrivePolicy: the dead-letter queue must be of the same type (FIFO or standard) as the queue';
  return undefined;
}

/** The template's queues, each with its URL and settings; what cannot run goes to `unsupported`. */
export function loadQueues(
  resources: Resources,
  ids: PhysicalIds,
  unsupported: UnsupportedResource[],
): LocalQueue[] {
  const queues: LocalQueue[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::SQS::Queue') continue;
    const name = ids.nameOf(logicalId);
    try {
      const settings = queueSettings(resolved(resource, ids), name);
      if (typeof settings === 'string') {
        unsupported.push({ logicalId, type: resource.Type, reason: settings });
        continue;
      }
      const url = ids.ref(logicalId) as string;
      queues.push({ logicalId, name, arn: ids.arnOf(logicalId) as string, url, settings });
    } catch (error) {
      if (!(error instanceof UnresolvableError)) throw error;
      unsupported.push({ logicalId, type: resource.Type, reason: error.message });
    }
  }
  const byArn = new Map(queues.map((queue) => [queue.arn, queue]));
  return queues.filter((queue) => {
    const problem = checkRedrive(queue, byArn);
    if (problem) unsupported.push({ logicalId: queue.logicalId, type: 'AWS::SQS::Queue', reason: problem });
    return problem === undefined;
  });
}

function mapping(
  logicalId: string,
  props: Record<string, unknown>,
  queues: readonly LocalQueue[],
  functions: readonly LocalFunction[],
): LocalEventSourceMapping | string {
  const parsed = eventSourceMappingSchema.safeParse(props);
  if (!parsed.success) return describeIssues(parsed.error);
  const p = parsed.data;
  const queue = queues.find((q) => q.arn === p.EventSourceArn);
  if (!queue)
    return `EventSourceArn: ${p.EventSourceArn} is not a local SQS queue (only SQS sources run locally)`;
  const fn = functions.find(
    (f) => f.name === p.FunctionName || f.arn === p.FunctionName || p.FunctionName.startsWith(`${f.arn}:`),
  );
  if (!fn) return `FunctionName: ${p.FunctionName} is not a local function`;
  const batchSize = p.BatchSize ?? 10;
  const window = p.MaximumBatchingWindowInSeconds ?? 0;
  if (queue.settings.fifo && batchSize > 10) return 'BatchSize: at most 10 for a FIFO queue';
  if (batchSize > 10 && window < 1)
    return 'BatchSize: above 10 needs MaximumBatchingWindowInSeconds of at least 1';
  return {
    logicalId,
    functionId: fn.logicalId,
    queueArn: queue.arn,
    batchSize,
    maximumBatchingWindowInSeconds: window,
    reportBatchItemFailures: (p.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
    ...(p.ScalingConfig?.MaximumConcurrency !== undefined
      ? { maximumConcurrency: p.ScalingConfig.MaximumConcurrency }
      : {}),
    enabled: p.Enabled !== false,
  };
}

/** The template's event source mappings from local SQS queues to local functions. */
export function loadEventSourceMappings(
  resources: Resources,
  ids: PhysicalIds,
  queues: readonly LocalQueue[],
  functions: readonly LocalFunction[],
  unsupported: UnsupportedResource[],
): LocalEventSourceMapping[] {
  const mappings: LocalEventSourceMapping[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    try {
      const loaded = mapping(logicalId, resolved(resource, ids), queues, functions);
      if (typeof loaded === 'string') unsupported.push({ logicalId, type: resource.Type, reason: loaded });
      else mappings.push(loaded);
    } catch (error) {
      if (!(error instanceof UnresolvableError)) throw error;
      unsupported.push({ logicalId, type: resource.Type, reason: error.message });
    }
  }
  return mappings;
}
