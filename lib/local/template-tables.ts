import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

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

interface CfnIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
}

/** The `AWS::DynamoDB::Table` resources of a template as CreateTable inputs (keys, indexes, TTL). */
export function tableSpecsFromTemplate(
  template: CfnTemplate,
  nameOf: (logicalId: string) => string,
): LocalTableSpec[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, resource]) => {
      const props = resource.Properties ?? {};
      const gsis = (props.GlobalSecondaryIndexes as CfnIndex[] | undefined)?.map(
        (index): GlobalSecondaryIndex => ({
          IndexName: index.IndexName,
          KeySchema: index.KeySchema,
          Projection: index.Projection as GlobalSecondaryIndex['Projection'],
        }),
      );
      const lsis = (props.LocalSecondaryIndexes as CfnIndex[] | undefined)?.map(
        (index): LocalSecondaryIndex => ({
          IndexName: index.IndexName,
          KeySchema: index.KeySchema,
          Projection: index.Projection as LocalSecondaryIndex['Projection'],
        }),
      );
      const ttl = props.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
      const create: CreateTableCommandInput = {
        TableName: nameOf(logicalId),
        KeySchema: props.KeySchema as KeySchemaElement[],
        AttributeDefinitions: props.AttributeDefinitions as AttributeDefinition[],
        BillingMode: 'PAY_PER_REQUEST',
        ...(gsis?.length ? { GlobalSecondaryIndexes: gsis } : {}),
        ...(lsis?.length ? { LocalSecondaryIndexes: lsis } : {}),
      };
      return {
        logicalId,
        create,
        ...(ttl?.Enabled && ttl.AttributeName ? { ttlAttribute: ttl.AttributeName } : {}),
      };
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
