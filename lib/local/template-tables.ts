import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { flag, ignored, parseProperties, text } from '#lib/local/template/properties.ts';

/** A CloudFormation template, as much of it as the local runtime reads. */
export interface CfnTemplate {
  readonly Resources: Record<
    string,
    { readonly Type: string; readonly Properties?: Record<string, unknown> }
  >;
}

export interface LocalTableSpec {
  readonly logicalId: string;
  readonly create: CreateTableCommandInput;
  readonly ttlAttribute?: string;
}

const keySchema = z
  .array(z.strictObject({ AttributeName: text, KeyType: z.enum(['HASH', 'RANGE']) }))
  .check(z.minLength(1), z.maxLength(2));

const index = z.object({
  IndexName: text,
  KeySchema: keySchema,
  Projection: z.object({
    ProjectionType: z.optional(z.enum(['ALL', 'KEYS_ONLY', 'INCLUDE'])),
    NonKeyAttributes: z.optional(z.array(z.string())),
  }),
});

/** Capacity, backups, encryption, streams (read by no local consumer), tags: no local effect. */
export const TABLE_IGNORED = [
  'BillingMode',
  'ProvisionedThroughput',
  'OnDemandThroughput',
  'WarmThroughput',
  'PointInTimeRecoverySpecification',
  'SSESpecification',
  'StreamSpecification',
  'KinesisStreamSpecification',
  'ContributorInsightsSpecification',
  'DeletionProtectionEnabled',
  'TableClass',
  'ResourcePolicy',
  'Tags',
] as const;

/** The `AWS::DynamoDB::Table` properties the local runtime reads. */
export const tablePropertiesSchema = z.strictObject({
  TableName: z.optional(text),
  KeySchema: keySchema,
  AttributeDefinitions: z.array(
    z.strictObject({ AttributeName: text, AttributeType: z.enum(['S', 'N', 'B']) }),
  ),
  GlobalSecondaryIndexes: z.optional(z.array(index)),
  LocalSecondaryIndexes: z.optional(z.array(index)),
  TimeToLiveSpecification: z.optional(
    z.strictObject({ AttributeName: z.optional(z.string()), Enabled: flag }),
  ),
  ...ignored(TABLE_IGNORED),
});

export type TableProperties = z.infer<typeof tablePropertiesSchema>;

/** One table's CreateTable input (keys, indexes) and TTL attribute, from its parsed properties. */
export function tableSpec(logicalId: string, props: TableProperties, tableName: string): LocalTableSpec {
  const create: CreateTableCommandInput = {
    TableName: tableName,
    KeySchema: props.KeySchema,
    AttributeDefinitions: props.AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(props.GlobalSecondaryIndexes?.length ? { GlobalSecondaryIndexes: props.GlobalSecondaryIndexes } : {}),
    ...(props.LocalSecondaryIndexes?.length ? { LocalSecondaryIndexes: props.LocalSecondaryIndexes } : {}),
  };
  const ttl = props.TimeToLiveSpecification;
  return {
    logicalId,
    create,
    ...(ttl?.Enabled && ttl.AttributeName ? { ttlAttribute: ttl.AttributeName } : {}),
  };
}

/**
 * The `AWS::DynamoDB::Table` resources of a template as CreateTable inputs (keys, indexes, TTL).
 * Throws `TemplatePropertyError` for a table whose properties it cannot read.
 */
export function tableSpecsFromTemplate(
  template: CfnTemplate,
  nameOf: (logicalId: string) => string,
): LocalTableSpec[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, resource]) => {
      const props = parseProperties(tablePropertiesSchema, resource.Properties ?? {}, {
        logicalId,
        type: resource.Type,
      });
      return tableSpec(logicalId, props, nameOf(logicalId));
    });
}

/** Creates each table unless it exists, and switches its TTL on. */
export async function ensureTables(client: DynamoDBClient, specs: readonly LocalTableSpec[]): Promise<void> {
  for (const spec of specs) {
    try {
      await client.send(new CreateTableCommand(spec.create));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
      continue;
    }
    if (spec.ttlAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: spec.create.TableName,
          TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
}
