import { readdirSync } from 'node:fs';
import * as ClientDynamoDb from '@aws-sdk/client-dynamodb';
import * as LibDynamoDb from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException, DynamoDBClient } from '#lib/aws/sdk-dynamodb.ts';
import { DynamoDBDocumentClient, GetCommand } from '#lib/aws/sdk-lib-dynamodb.ts';
import { packageImportsOf } from '#test/support/package-imports.ts';

describe('the AWS SDK and Powertools in the functions', () => {
  it('are never imported as ES modules by a handler, only required (lib/aws/commonjs.ts)', async () => {
    // Arrange
    const handlers = readdirSync('functions').map((name) => `functions/${name}/handler.ts`);

    // Act
    const imported = (await Promise.all(handlers.map(packageImportsOf))).map(({ importers }) => [
      ...importers.keys(),
    ]);

    // Assess
    const esm = imported.flat().filter((name) => /^@aws-(sdk|lambda-powertools)\//.test(name));
    expect(esm).toEqual([]);
    expect(imported.flat()).toContain('node:module');
  });

  it('the SDK is the same module instance as an import of the package (the classes tests mock and errors match)', () => {
    expect(DynamoDBClient).toBe(ClientDynamoDb.DynamoDBClient);
    expect(ConditionalCheckFailedException).toBe(ClientDynamoDb.ConditionalCheckFailedException);
    expect(DynamoDBDocumentClient).toBe(LibDynamoDb.DynamoDBDocumentClient);
    expect(GetCommand).toBe(LibDynamoDb.GetCommand);
  });
});
