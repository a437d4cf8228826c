import * as z from 'zod/mini';
import { flag, ignored, intIn, jsonObject, text } from './properties.ts';

/**
 * The `AWS::SQS::Queue` and `AWS::Lambda::EventSourceMapping` properties the local runtime reads, with
 * the ranges CloudFormation and the APIs allow. Strict: a property not listed is reported by name
 * rather than silently ignored. Properties with no local effect (encryption, tags, redrive-allow
 * policy) are accepted and ignored.
 */

const redrivePolicy = z.strictObject({
  deadLetterTargetArn: text,
  // SQS API: "Default: 10" when the policy names no count.
  maxReceiveCount: z._default(intIn(1, 1000), 10),
});

export const QUEUE_IGNORED = [
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  'Tags',
] as const;

export const queuePropertiesSchema = z.strictObject({
  QueueName: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
  FifoQueue: z.optional(flag),
  ContentBasedDeduplication: z.optional(flag),
  DeduplicationScope: z.optional(z.enum(['queue', 'messageGroup'])),
  FifoThroughputLimit: z.optional(z.enum(['perQueue', 'perMessageGroupId'])),
  DelaySeconds: z.optional(intIn(0, 900)),
  MaximumMessageSize: z.optional(intIn(1024, 1_048_576)),
  MessageRetentionPeriod: z.optional(intIn(60, 1_209_600)),
  ReceiveMessageWaitTimeSeconds: z.optional(intIn(0, 20)),
  VisibilityTimeout: z.optional(intIn(0, 43_200)),
  // CloudFormation takes a JSON object; the API (and some templates) a JSON string.
  RedrivePolicy: z.optional(z.pipe(jsonObject, redrivePolicy)),
  ...ignored(QUEUE_IGNORED),
});

export const EVENT_SOURCE_MAPPING_IGNORED = ['Tags'] as const;

export const eventSourceMappingSchema = z.strictObject({
  FunctionName: text,
  EventSourceArn: text,
  BatchSize: z.optional(intIn(1, 10_000)),
  MaximumBatchingWindowInSeconds: z.optional(intIn(0, 300)),
  FunctionResponseTypes: z.optional(z.array(z.literal('ReportBatchItemFailures')).check(z.maxLength(1))),
  ScalingConfig: z.optional(z.strictObject({ MaximumConcurrency: z.optional(intIn(2, 1000)) })),
  Enabled: z.optional(flag),
  ...ignored(EVENT_SOURCE_MAPPING_IGNORED),
});
