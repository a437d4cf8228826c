import { z } from 'zod';

/**
 * The `AWS::SQS::Queue` and `AWS::Lambda::EventSourceMapping` properties the local runtime reads, with
 * the ranges CloudFormation and the APIs allow. Strict: a property not listed is reported by name
 * rather than silently ignored. Properties with no local effect (encryption, tags, redrive-allow
 * policy) are accepted and ignored.
 */

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')]);

const redrivePolicy = z
  .object({
    deadLetterTargetArn: z.string().min(1),
    // SQS API: "Default: 10" when the policy names no count.
    maxReceiveCount: intIn(1, 1000).default(10),
  })
  .strict();

export const queuePropertiesSchema = z
  .object({
    QueueName: z.string().min(1).max(80).optional(),
    FifoQueue: flag.optional(),
    ContentBasedDeduplication: flag.optional(),
    DeduplicationScope: z.enum(['queue', 'messageGroup']).optional(),
    FifoThroughputLimit: z.enum(['perQueue', 'perMessageGroupId']).optional(),
    DelaySeconds: intIn(0, 900).optional(),
    MaximumMessageSize: intIn(1024, 1_048_576).optional(),
    MessageRetentionPeriod: intIn(60, 1_209_600).optional(),
    ReceiveMessageWaitTimeSeconds: intIn(0, 20).optional(),
    VisibilityTimeout: intIn(0, 43_200).optional(),
    // CloudFormation takes a JSON object; the API (and some templates) a JSON string.
    RedrivePolicy: z
      .union([z.string().transform((text) => JSON.parse(text) as unknown), z.record(z.string(), z.unknown())])
      .pipe(redrivePolicy)
      .optional(),
    RedriveAllowPolicy: z.unknown().optional(),
    KmsMasterKeyId: z.unknown().optional(),
    KmsDataKeyReusePeriodSeconds: z.unknown().optional(),
    SqsManagedSseEnabled: z.unknown().optional(),
    Tags: z.unknown().optional(),
  })
  .strict();

export const eventSourceMappingSchema = z
  .object({
    FunctionName: z.string().min(1),
    EventSourceArn: z.string().min(1),
    BatchSize: intIn(1, 10_000).optional(),
    MaximumBatchingWindowInSeconds: intIn(0, 300).optional(),
    FunctionResponseTypes: z.array(z.literal('ReportBatchItemFailures')).max(1).optional(),
    ScalingConfig: z
      .object({ MaximumConcurrency: intIn(2, 1000).optional() })
      .strict()
      .optional(),
    Enabled: flag.optional(),
    Tags: z.unknown().optional(),
  })
  .strict();

/** `BatchSize: Too big: expected number to be <=10000`, `(properties): Unrecognized key: "FilterCriteria"`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(properties)'}: ${issue.message}`)
    .join('; ');
}
