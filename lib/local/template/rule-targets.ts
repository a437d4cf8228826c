import * as z from 'zod/mini';
import type { LocalTarget, TargetKind } from '../topology.ts';
import type { LoadContext, ResourceEntry } from './load-context.ts';
import { ignored, intIn, parseProperties, text } from './properties.ts';

/** Resource types a rule target may point at, by the kind of delivery. */
const KIND_OF_TYPE: Readonly<Record<string, TargetKind>> = {
  'AWS::Lambda::Function': 'lambda',
  'AWS::Logs::LogGroup': 'logs',
  'AWS::SQS::Queue': 'sqs',
  'AWS::Events::EventBus': 'events',
};

export type TargetResources = ReadonlyMap<string, { readonly logicalId: string; readonly kind: TargetKind }>;

/** Every local resource a target ARN can name (a log group also without its `:*`). */
export function targetResources(context: LoadContext): TargetResources {
  const byArn = new Map<string, { logicalId: string; kind: TargetKind }>();
  for (const [logicalId, resource] of Object.entries(context.resources)) {
    const kind = KIND_OF_TYPE[resource.Type];
    const arn = context.ids.arnOf(logicalId);
    if (!kind || !arn) continue;
    byArn.set(arn, { logicalId, kind });
    if (arn.endsWith(':*')) byArn.set(arn.slice(0, -2), { logicalId, kind });
  }
  return byArn;
}

const targetSchema = z.strictObject({
  Id: text,
  Arn: text,
  RetryPolicy: z.optional(
    z.strictObject({
      MaximumRetryAttempts: z.optional(intIn(0, 185)),
      MaximumEventAgeInSeconds: z.optional(intIn(60, 86_400)),
    }),
  ),
  DeadLetterConfig: z.optional(z.strictObject({ Arn: text })),
  Input: z.optional(z.string()),
  InputPath: z.optional(z.string()),
  InputTransformer: z.optional(
    z.strictObject({
      InputPathsMap: z.optional(z.record(z.string(), z.string())),
      InputTemplate: z.string(),
    }),
  ),
  // Classic rules take a literal group, no path.
  SqsParameters: z.optional(z.strictObject({ MessageGroupId: text })),
  ...ignored(['RoleArn']),
});

/** One target of a rule (`Targets.<index>`), or why it cannot run locally. */
export function loadTarget(
  raw: unknown,
  index: number,
  rule: ResourceEntry,
  resources: TargetResources,
): LocalTarget | string {
  const target = parseProperties(targetSchema, raw, rule, `Targets.${index}`);
  const known = resources.get(target.Arn);
  if (!known) return `target ${target.Arn} is not a local resource`;
  const { RetryPolicy: retry, InputTransformer: transformer } = target;
  return {
    id: target.Id,
    arn: target.Arn,
    kind: known.kind,
    resourceId: known.logicalId,
    // EventBridge's defaults when a target names none: 185 attempts over 24 hours.
    retryPolicy: {
      maximumRetryAttempts: retry?.MaximumRetryAttempts ?? 185,
      maximumEventAgeInSeconds: retry?.MaximumEventAgeInSeconds ?? 86_400,
    },
    ...(target.DeadLetterConfig ? { deadLetterArn: target.DeadLetterConfig.Arn } : {}),
    ...(target.Input !== undefined ? { input: target.Input } : {}),
    ...(target.InputPath !== undefined ? { inputPath: target.InputPath } : {}),
    ...(target.SqsParameters ? { messageGroupId: target.SqsParameters.MessageGroupId } : {}),
    ...(transformer
      ? {
          inputTransformer: {
            inputPathsMap: transformer.InputPathsMap ?? {},
            inputTemplate: transformer.InputTemplate,
          },
        }
      : {}),
  };
}
