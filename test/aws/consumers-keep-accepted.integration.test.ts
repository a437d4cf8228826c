import fc from 'fast-check';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '#lib/aws/alert-store.ts';
import { DynamoHistoryStore } from '#lib/aws/history-store.ts';
import { DynamoModuleStore } from '#lib/aws/module-store.ts';
import { AlertService } from '#lib/core/alerts/service.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import { VigilError } from '#lib/core/errors.ts';
import { validateEvent } from '#lib/core/ingest/validate-event.ts';
import { MAX_DATA_DEPTH } from '#lib/core/json-guard.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

/** Numbers at and past every limit that JSON, JavaScript or DynamoDB has. */
const edgeNumber = fc.constantFrom(
  0,
  -0,
  0.1,
  1e-130,
  1e-131,
  1e-300,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53),
  1e21,
  1.7976931348623157e308,
  5e-324,
);
/** Text with every kind of code unit: lone surrogates, bidi controls, NUL, astral characters. */
const anyText = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 8 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      '',
      '__proto__',
      'constructor',
      '\u202e\u2066',
      '\u0000',
      '😀',
      '\ud800',
      'a\udfffb',
    ),
    weight: 1,
  },
);
const anyNumber = fc.oneof(
  { arbitrary: fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100), weight: 12 },
  { arbitrary: fc.integer(), weight: 3 },
  { arbitrary: edgeNumber, weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
);
const key = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), weight: 12 },
  { arbitrary: anyText, weight: 1 },
);
const jsonLeaf = fc.oneof(anyText, anyNumber, fc.boolean(), fc.constant(null));
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, jsonLeaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
})).value;

/** What a producer could send, as the wire carries it (JSON text, parsed as ingest parses it). */
const rawEvent = fc
  .record(
    {
      source: fc.constantFrom('plant.press', 'fleet/7'),
      type: fc.constantFrom('temperature.high', 'state.START', 'state.FAULT'),
      module: fc.constantFrom('cell-1', 'robot.7'),
      severity: fc.constantFrom('WARNING', 'CRITICAL'),
      message: anyText,
      alertKey: anyText,
      dedupKey: anyText,
      data: fc.dictionary(key, jsonValue, { maxKeys: 5 }),
      signal: fc.record({
        valence: fc.oneof(fc.double(), edgeNumber),
        state: fc.array(fc.oneof(fc.double(), edgeNumber), { minLength: 1, maxLength: 3 }),
      }),
    },
    { requiredKeys: ['source', 'type'] },
  )
  .map((event) => JSON.parse(JSON.stringify(event)) as unknown);

function accepted(raw: unknown): Envelope | undefined {
  try {
    const ids = { id: ulid(), receivedAt: new Date().toISOString() };
    const validated = validateEvent(raw, { producer: 'p', sources: ['*'] }, ids);
    return validated.kind === 'event' ? validated.envelope : undefined;
  } catch (error) {
    if (error instanceof VigilError) return undefined;
    throw error;
  }
}

describe('Invariant 8: every envelope ingest accepts can be stored by every consumer', () => {
  it('is kept exactly by history, opens an alert, and waits in its module’s inbox with its data intact', async () => {
    // Prepare
    const history = new DynamoHistoryStore({
      tableName: tables.history,
      client: tables.client,
      shards: 4,
      retentionSeconds: 3600,
    });
    const alerts = new AlertService({
      store: new DynamoAlertStore({ tableName: tables.alerts, client: tables.client }),
      now: Date.now,
      isSilenced: async () => false,
    });
    const modules = new DynamoModuleStore({ tableName: tables.modules, client: tables.client });
    let kept = 0;

    // Act + Assess
    await fc.assert(
      fc.asyncProperty(rawEvent, async (raw) => {
        const envelope = accepted(raw);
        if (!envelope) return;
        kept++;
        expect(await history.put([envelope])).toEqual(new Map());
        expect(await history.get(history.keyOf(envelope))).toEqual(envelope);
        const outcome = await alerts.handleEvent({
          ...envelope,
          severity: 'CRITICAL',
          alertKey: `k-${envelope.id}`,
        });
        expect(outcome.outcome).toBe('opened');
        const module = `m-${envelope.id}`;
        const item = {
          module,
          id: envelope.id,
          type: 'START',
          time: envelope.time,
          priority: 'normal' as const,
          enqueuedAt: 1,
          ...(envelope.data ? { data: envelope.data } : {}),
        };
        expect(await modules.enqueue(item)).toBe('queued');
        expect(await modules.inbox(module)).toEqual([item]);
      }),
      { numRuns: 300 },
    );
    expect(kept).toBeGreaterThan(15); // not vacuous: about a tenth of the generated events are valid
  });

  /** Queues an accepted event's data in its module's inbox and reads it back. */
  async function queueAndReadBack(envelope: Envelope) {
    const modules = new DynamoModuleStore({ tableName: tables.modules, client: tables.client });
    const item = {
      module: `m-${envelope.id}`,
      id: envelope.id,
      type: 'START',
      time: envelope.time,
      priority: 'normal' as const,
      enqueuedAt: 1,
      ...(envelope.data ? { data: envelope.data } : {}),
    };
    return { item, queued: await modules.enqueue(item), inbox: await modules.inbox(item.module) };
  }

  it('stores data nested to the depth limit in the module inbox', async () => {
    // Prepare
    let inner: unknown = 'leaf';
    for (let level = 2; level <= MAX_DATA_DEPTH; level++)
      inner = level % 2 ? [inner] : { [`l${level}`]: inner };
    const data = { l1: inner }; // MAX_DATA_DEPTH containers: data itself and those below it

    // Act
    const { item, queued, inbox } = await queueAndReadBack(
      accepted({ source: 'deep.source', type: 'deep', data }) as Envelope,
    );

    // Assess
    expect(accepted({ source: 'deep.source', type: 'deep', data: { over: data } })).toBeUndefined();
    expect(queued).toBe('queued');
    expect(inbox).toEqual([item]);
  });

  it('stores data whose objects have their own constructor key (the case the property test found)', async () => {
    // Prepare
    const data = JSON.parse(
      '{" ": {"constructor": true}, "constructor": {"name": "x"}, "list": [{"constructor": 1}]}',
    );
    const envelope = accepted({
      source: 'ctor.source',
      type: 'state.START',
      module: 'ctor',
      data,
    }) as Envelope;

    // Act
    const { item, queued, inbox } = await queueAndReadBack(envelope);

    // Assess
    expect(queued).toBe('queued');
    expect(inbox).toEqual([item]);
  });
});
