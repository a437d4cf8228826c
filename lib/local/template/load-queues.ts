import type * as z from 'zod/mini';
import type { LocalEventSourceMapping, LocalFunction, LocalQueue, QueueSettings } from '../topology.ts';
import type { LoadContext, ResourceEntry } from './load-context.ts';
import {
  EVENT_SOURCE_MAPPING_IGNORED,
  eventSourceMappingSchema,
  QUEUE_IGNORED,
  queuePropertiesSchema,
} from './queue-schemas.ts';

const DEFAULTS = {
  delaySeconds: 0,
  visibilityTimeout: 30,
  messageRetentionPeriod: 345_600,
  receiveMessageWaitTimeSeconds: 0,
  maximumMessageSize: 262_144,
} as const;

/** The queue's settings, or why it cannot run locally. */
function queueSettings(p: z.infer<typeof queuePropertiesSchema>, name: string): QueueSettings | string {
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
export function loadQueues(context: LoadContext): LocalQueue[] {
  const { ids } = context;
  const queues = context.loadEach('AWS::SQS::Queue', (entry): LocalQueue | string => {
    const name = ids.nameOf(entry.logicalId);
    const settings = queueSettings(context.properties(entry, queuePropertiesSchema, QUEUE_IGNORED), name);
    if (typeof settings === 'string') return settings;
    const url = ids.ref(entry.logicalId) as string;
    return { logicalId: entry.logicalId, name, arn: context.arnOf(entry.logicalId), url, settings };
  });
  const byArn = new Map(queues.map((queue) => [queue.arn, queue]));
  return queues.filter((queue) => {
    const problem = checkRedrive(queue, byArn);
    if (problem) context.refuse(queue.logicalId, 'AWS::SQS::Queue', problem);
    return problem === undefined;
  });
}

function mapping(
  context: LoadContext,
  entry: ResourceEntry,
  queues: readonly LocalQueue[],
  functions: readonly LocalFunction[],
): LocalEventSourceMapping | string {
  const p = context.properties(entry, eventSourceMappingSchema, EVENT_SOURCE_MAPPING_IGNORED);
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
    logicalId: entry.logicalId,
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
  context: LoadContext,
  queues: readonly LocalQueue[],
  functions: readonly LocalFunction[],
): LocalEventSourceMapping[] {
  return context.loadEach('AWS::Lambda::EventSourceMapping', (entry) =>
    mapping(context, entry, queues, functions),
  );
}
