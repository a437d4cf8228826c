import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from './sdk-lib-dynamodb.ts';

/**
 * The document client every Vigil store uses. `removeUndefinedValues`: optional fields are simply
 * absent. `convertClassInstanceToMap`: lib-dynamodb tells a plain object from a class instance by
 * its `constructor`, so event data with an own `constructor` key (`{"constructor": true}`, which
 * JSON allows and ingest accepts) would otherwise be refused with "Unsupported type"; every value a
 * store writes is plain JSON, so treating such an object as a map is always right.
 */
export function documentClientOf(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
}
