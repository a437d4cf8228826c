import { describe, expect, it } from 'vitest';
import { VigilClient } from '#lib/client/client.ts';

/** A client whose requests are recorded and answered `{alert}` without any network. */
function recordingClient() {
  const bodies: unknown[] = [];
  const fetch: typeof globalThis.fetch = async (_url, init) => {
    bodies.push(JSON.parse(String(init?.body ?? 'null')));
    return new Response(JSON.stringify({ alert: { id: 'a' } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  const client = new VigilClient({
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    region: 'us-east-1',
    fetch,
  });
  return { client, bodies };
}

describe('Function: VigilClient ack and resolve', () => {
  it('sends the resolution note as `note`, the name ack uses', async () => {
    // Prepare
    const { client, bodies } = recordingClient();

    // Act
    await client.ack('01JD3Q4Z5X6Y7W8V9T0S1R2Q3P', { by: 'ana', note: 'on it' });
    await client.resolve('01JD3Q4Z5X6Y7W8V9T0S1R2Q3P', { by: 'ana', note: 'fan replaced' });

    // Assess
    expect(bodies).toEqual([
      { by: 'ana', note: 'on it' },
      { by: 'ana', note: 'fan replaced' },
    ]);
  });

  it('still takes the former `notes`, and sends it as `note`', async () => {
    // Prepare
    const { client, bodies } = recordingClient();

    // Act
    await client.resolve('01JD3Q4Z5X6Y7W8V9T0S1R2Q3P', { by: 'ana', notes: 'fan replaced' });

    // Assess
    expect(bodies).toEqual([{ by: 'ana', note: 'fan replaced' }]);
  });
});
