import type * as Sdk from '@aws-sdk/client-dynamodb';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { requireCommonJs } from '#lib/aws/commonjs.ts';

// Required as CommonJS like Vigil's functions (lib/aws/commonjs.ts): the bench's floor loads the SDK the same way.
const { DynamoDBClient, PutItemCommand } = requireCommonJs<typeof Sdk>('@aws-sdk/client-dynamodb');

const tableName = process.env.PROBE_TABLE_NAME;
const client = new DynamoDBClient({});
/** Module state: survives between invocations of a warm environment, as in Lambda. */
let invocations = 0;

/**
 * A rule target for end-to-end tests: records every delivery (one item per attempt, keyed by the
 * event's `detail.id`, or its own id for a Scheduled Event; an alert announcement by
 * `<type>#<the alert's lastEventId>`, the event that caused it) and throws when the event asks it
 * to, so tests can watch retries and dead-lettering.
 */
export const handler = async (
  event: EventBridgeEvent<
    string,
    { id?: string; data?: { probe?: string; alert?: { lastEventId?: string } } }
  >,
  context: Context,
) => {
  invocations++;
  const cause = event.detail.data?.alert?.lastEventId;
  const id = cause ? `${event['detail-type']}#${cause}` : (event.detail.id ?? event.id);
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        pk: { S: id },
        sk: { S: context.awsRequestId },
        source: { S: event.source },
        detailType: { S: event['detail-type'] },
        invocations: { N: String(invocations) },
        arrivedAt: { N: String(Date.now()) },
        event: { S: JSON.stringify(event) },
      },
    }),
  );
  if (event.detail.data?.probe === 'fail') throw new Error(`probe asked to fail (${id})`);
  return { recorded: id };
};
