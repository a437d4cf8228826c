import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoProducerKeyStore } from '#lib/aws/producer-key-store.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/dynamodb-server.ts';
import { postEvents, vigil } from './support/client.ts';

const keys = new DynamoProducerKeyStore({
  tableName: vigil.info.producerKeysTable ?? '',
  client: new DynamoDBClient({
    endpoint: vigil.info.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  }),
});

const stateEvent = (type: string, module: string) => ({
  source: 'e2e.scopes',
  type: `state.${type}`,
  module,
  dedupKey: `${type}-${module}-${Date.now()}-${Math.random()}`,
});

describe('Local runtime: module scopes of producer keys, through the real authorizer and ingest', () => {
  it('lets a scoped key drive its modules and answers 403 naming any other module or a command', async () => {
    // Prepare
    const { key } = await keys.create({ producer: 'e2e-pumps', sources: ['e2e.*'], modules: ['e2e-pump-*'] });

    // Act
    const own = await postEvents(stateEvent('START', 'e2e-pump-1'), key);
    const other = await postEvents(stateEvent('START', 'e2e-press-1'), key);
    const command = await postEvents(stateEvent('EMERGENCY_STOP', 'e2e-pump-1'), key);

    // Assess
    expect(own.status).toBe(202);
    expect(other.status).toBe(403);
    expect(other.body.error).toEqual({
      code: 'MODULE_NOT_ALLOWED',
      field: 'module',
      message: "module: producer 'e2e-pumps' may not drive module 'e2e-press-1'",
    });
    expect(command.status).toBe(403);
    expect(command.body.error.code).toBe('COMMAND_NOT_ALLOWED');
  });

  it("lets the local runtime's own key drive any module, commands included", async () => {
    // Act
    const response = await postEvents(stateEvent('EMERGENCY_STOP', `e2e-any-${Date.now()}`));

    // Assess
    expect(response.status).toBe(202);
  });
});
