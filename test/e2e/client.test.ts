import { ulid } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventProducer } from '#lib/client/event-producer.ts';
import {
  type PublishResult,
  StreamProducer,
  VigilClient,
  VigilHttpError,
  VigilValidationError,
} from '#lib/client/index.ts';
import { eventually, postEvents, vigil } from './support/client.ts';

/** A client for the e2e runtime; `fetch` and `sleep` replaceable to inject faults and skip waits. */
function clientWith(options: { fetch?: typeof fetch; delays?: number[] } = {}): VigilClient {
  return new VigilClient({
    endpoint: vigil.config.endpoint,
    producerKey: vigil.config.producerKey,
    credentials: vigil.config.admin,
    region: vigil.config.admin.region,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    retry: {
      sleep: async (ms) => {
        options.delays?.push(ms);
      },
    },
  });
}

/** Records each request body and lets `answer` replace the server's answer (undefined = pass through). */
function recordingFetch(
  answer?: (call: number, body: { events: { id: string }[] }) => Promise<Response | undefined>,
) {
  const bodies: { events: { id: string }[] }[] = [];
  const fake: typeof fetch = async (input, init) => {
    const body = JSON.parse(String(init?.body ?? '{}'));
    bodies.push(body);
    const replaced = await answer?.(bodies.length, body);
    return replaced ?? fetch(input, init);
  };
  return { fetch: fake, bodies };
}

const unique = (name: string) => `client.${name}-${ulid().slice(-8).toLowerCase()}`;

afterEach(() => {
  vi.useRealTimers();
});

describe('Library: VigilClient and EventProducer against the local runtime', () => {
  it('publishes an event (accepted, kept in history under the id made on the client)', async () => {
    // Prepare
    const client = clientWith();
    const source = unique('publish');

    // Act
    const result = await client.publish({ source, type: 'reading', signal: { valence: 0.2, state: [71.5] } });
    const { event } = await client.event(result.id as string);

    // Assess
    expect(result).toEqual({ id: expect.stringMatching(/^[0-9A-Z]{26}$/), status: 'accepted' });
    expect(event).toMatchObject({
      id: result.id,
      source,
      type: 'reading',
      signal: { valence: 0.2, state: [71.5] },
    });
  });

  it('reports a duplicate with the original id, and a burst as suppressed', async () => {
    // Prepare
    const source = unique('dup');
    const producer = new EventProducer({ client: clientWith(), source, type: 'reading' });
    const burst = new EventProducer({ client: clientWith(), source: unique('burst'), type: 'vibration' });

    // Act
    const first = await producer.publish({ source, type: 'reading', dedupKey: 'r-1' });
    const second = await producer.publish({ source, type: 'reading', dedupKey: 'r-1' });
    const results = await Promise.all(
      Array.from({ length: 25 }, () => burst.send({ valence: 0, state: [1] })),
    );
    await burst.close();

    // Assess
    expect(first.status).toBe('accepted');
    expect(second).toEqual({ id: first.id, status: 'duplicate' });
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(20);
    expect(results.filter((r) => r.status === 'suppressed')).toHaveLength(5);
  });

  it('refuses a bad signal on the client, before any request, with the message the server gives', async () => {
    // Prepare
    const calls = recordingFetch();
    const producer = new EventProducer({
      client: clientWith({ fetch: calls.fetch }),
      source: unique('bad'),
      type: 'reading',
    });
    const cases = [
      { valence: 0, state: [1, 'two'] },
      { valence: 0, state: [] },
      { valence: 0, state: [[1, 2]] },
      { valence: 'high', state: [1] },
    ];

    for (const signal of cases) {
      // Act
      const refused = await producer.publish(signal as never).catch((error: unknown) => error);
      const server = await postEvents({ source: 'client.bad', type: 'reading', signal });

      // Assess
      expect(refused).toBeInstanceOf(VigilValidationError);
      expect((refused as VigilValidationError).message).toBe(server.body.error.message);
      expect((refused as VigilValidationError).field).toBe(server.body.error.field);
    }
    expect(calls.bodies).toHaveLength(0);
  });

  it('retries an injected 503 after its Retry-After, with the same id, and the event is kept once', async () => {
    // Prepare
    const delays: number[] = [];
    const calls = recordingFetch(async (call) =>
      call === 1
        ? new Response(JSON.stringify({ error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'try again' } }), {
            status: 503,
            headers: { 'retry-after': '2', 'content-type': 'application/json' },
          })
        : undefined,
    );
    const client = clientWith({ fetch: calls.fetch, delays });

    // Act
    const result = await client.publish({ source: unique('retry'), type: 'reading' });

    // Assess
    expect(result.status).toBe('accepted');
    expect(calls.bodies).toHaveLength(2);
    expect(calls.bodies[1]?.events[0]?.id).toBe(calls.bodies[0]?.events[0]?.id);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(2_000);
    expect((await client.event(result.id as string)).event.id).toBe(result.id);
  });

  it('never retries another 4xx: a wrong key is a VigilHttpError at once', async () => {
    // Prepare
    const calls = recordingFetch();
    const client = new VigilClient({
      endpoint: vigil.config.endpoint,
      producerKey: 'vgl_wrong',
      fetch: calls.fetch,
    });

    // Act
    const error = await client.publish({ source: 's', type: 't' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(VigilHttpError);
    expect((error as VigilHttpError).status).toBe(403);
    expect(calls.bodies).toHaveLength(1);
  });

  it('retries only the failed item of a 207 answer, alone', async () => {
    // Prepare: the first answer is the server's for two events, plus a `failed` third that was never sent.
    const delays: number[] = [];
    const calls = recordingFetch(async (call, body) => {
      if (call !== 1) return undefined;
      const [a, b, c] = body.events;
      const real = await postEvents({ events: [a, b] });
      const failed = {
        id: c?.id,
        status: 'failed',
        error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'publication failed', retryable: true },
      };
      return new Response(JSON.stringify({ results: [...real.body.results, failed] }), { status: 207 });
    });
    const producer = new EventProducer({
      client: clientWith({ fetch: calls.fetch, delays }),
      source: unique('partial'),
      type: 'reading',
    });

    // Act
    const pending = [1, 2, 3].map((n) => producer.send({ valence: 0, state: [n] }));
    await producer.flush();
    const results = await Promise.all(pending);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(calls.bodies.map((b) => b.events.length)).toEqual([3, 1]);
    expect(calls.bodies[1]?.events[0]?.id).toBe(calls.bodies[0]?.events[2]?.id);
    expect(delays).toHaveLength(1);
  });

  it('answers admin errors as VigilHttpError with status, code and field', async () => {
    // Prepare
    const client = clientWith();

    // Act
    const invalid = await client.alert('not-an-id').catch((e: unknown) => e);
    const missing = await client.alert(ulid()).catch((e: unknown) => e);

    // Assess
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'id' });
    expect(missing).toMatchObject({ status: 404, field: 'id' });
    expect(missing).toBeInstanceOf(VigilHttpError);
  });
});

describe('Library: StreamProducer', () => {
  it('calls its handler every syncRate seconds, pauses with sync = false, resumes, reports a throwing handler, and flushes on stop', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const source = unique('stream');
    const results: PublishResult[] = [];
    const errors: unknown[] = [];
    const stream = new StreamProducer({
      client: clientWith(),
      source,
      type: 'telemetry',
      syncRate: 1,
      onResult: (r) => results.push(r),
      onError: (e) => errors.push(e),
    });
    let calls = 0;
    stream.publish(() => {
      calls++;
      if (calls === 2) throw new Error('sensor offline');
      return { valence: 0.1, state: [calls] };
    });

    // Act
    await vi.advanceTimersByTimeAsync(3_000);
    const whileSyncing = calls;
    stream.sync = false;
    await vi.advanceTimersByTimeAsync(2_000);
    const whilePaused = calls;
    stream.sync = true;
    await vi.advanceTimersByTimeAsync(1_000);
    await stream.stop();
    await vi.advanceTimersByTimeAsync(5_000);

    // Assess
    expect(whileSyncing).toBe(3);
    expect(whilePaused).toBe(3);
    expect(calls).toBe(4);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('sensor offline');
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    vi.useRealTimers();
    const events = await eventually(async () => {
      const page = await clientWith().events({ source, order: 'asc' });
      return page.events.length === 3 ? page.events : undefined;
    });
    expect(events.map((e) => e.signal?.state[0])).toEqual([1, 3, 4]);
  });
});
