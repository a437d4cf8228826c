import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { EventBridgePublisher } from '#lib/aws/event-publisher.ts';
import { DynamoHistoryStore } from '#lib/aws/history-store.ts';
import { DynamoReplayStore } from '#lib/aws/replay-store.ts';
import { BUS_SOURCES } from '#lib/core/bus-event.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import { ReplayRunner } from '#lib/core/replay/runner.ts';
import { startReplay } from '#lib/core/replay/start.ts';
import { adminRequest } from '#lib/local/admin-request.ts';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import { countRequests } from './capacity.ts';
import { rawPutItemRate } from './ceiling.ts';
import { localClients, type Row, tableOf } from './local.ts';
import { fmt } from './stats.ts';

const EVENTS = 10_000;
const RETENTION = 7 * 86_400;

const admin = (vigil: RunningVigil, method: string, pathname: string, body?: unknown) =>
  adminRequest(vigil.config, method, pathname, body).then((answer) => answer.body);

/** 10,000 events written straight into history (as ingest would have kept them), one source. */
async function seedHistory(vigil: RunningVigil, client: DynamoDBClient, source: string) {
  const history = new DynamoHistoryStore({
    tableName: tableOf(vigil, 'EventStoreHistory'),
    client,
    shards: 16,
    retentionSeconds: RETENTION,
  });
  const from = new Date(Date.now() - 60_000).toISOString();
  const base = Date.now() - 30_000;
  const events: Envelope[] = Array.from({ length: EVENTS }, (_, i) => {
    const at = new Date(base + Math.floor(i / 10)).toISOString();
    return {
      id: ulid(base + Math.floor(i / 10)),
      source,
      type: `replay.t${i % 5}`,
      severity: 'INFO',
      message: 'bench',
      time: at,
      receivedAt: at,
    };
  });
  for (let i = 0; i < events.length; i += 500) await history.put(events.slice(i, i + 500));
  return { from, to: new Date().toISOString(), history };
}

/** The body of POST /replay the bench sends: every event of one source in a time range. */
interface ReplayRequest {
  from: string;
  to: string;
  filter: { source: string };
}

interface ReplayStatus {
  status?: string;
  counts: { published: number };
  runs?: number;
}

/** POST /replay, then GET /replay/{id} every 200 ms until it stops running: the final replay and the seconds it took. */
async function replayThroughFunction(vigil: RunningVigil, body: ReplayRequest) {
  const started = performance.now();
  const { replayId } = await admin(vigil, 'POST', '/replay', body);
  let replay: ReplayStatus = { counts: { published: 0 } };
  for (;;) {
    replay = (await admin(vigil, 'GET', `/replay/${replayId}`)).replay;
    if (replay.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { replay, seconds: (performance.now() - started) / 1000 };
}

/** Replay throughput through the deployed replay function, beside the storage ceiling measured just before. */
async function throughputRows(vigil: RunningVigil, row: Row, body: ReplayRequest) {
  const ceiling = await rawPutItemRate(vigil);
  row(
    'replay: DynamoDB Local raw conditional PutItem (32 concurrent)',
    `${fmt(ceiling)} op/s`,
    'warm (raw passes, warm.ts), measured just before the replay rows: how loaded the machine was',
  );
  const { replay, seconds } = await replayThroughFunction(vigil, body);
  if (replay.status !== 'completed' || replay.counts.published !== EVENTS)
    throw new Error(`replay ended ${replay.status} with ${JSON.stringify(replay.counts)}`);
  row(
    `replay: events/s published, ${fmt(EVENTS)} events, no rate limit`,
    `${fmt(EVENTS / seconds)} ev/s`,
    `through functions/replay: POST /replay → completed in ${fmt(seconds, 1)} s, ${replay.runs} run(s)`,
  );
  row(
    'replay: events/s published / raw PutItem rate',
    `${fmt((EVENTS / seconds / ceiling) * 100)} %`,
    'the same rate against the storage ceiling of the same run, to compare runs on a loaded machine',
  );
}

/** A replay of one event type run in-process, counting the PutEvents calls it makes. */
async function putEventsRow(
  vigil: RunningVigil,
  row: Row,
  clients: ReturnType<typeof localClients>,
  seeded: Awaited<ReturnType<typeof seedHistory>> & { source: string },
) {
  const { dynamodb: client, eventBridge } = clients;
  const { from, to, history, source } = seeded;
  const putEvents = countRequests(eventBridge);
  const store = new DynamoReplayStore({ tableName: tableOf(vigil, 'ReplayReplays'), client });
  const runner = new ReplayRunner({
    store,
    history,
    publisher: new EventBridgePublisher({
      client: eventBridge,
      busName: vigil.info.busName ?? 'vigil',
      busSource: BUS_SOURCES.replay,
    }),
    where: { account: vigil.topology.accountId, region: vigil.topology.region },
    now: Date.now,
  });
  const second = await startReplay(
    { from, to, filter: { source, type: 'replay.t0' } },
    { store, runner, newId: ulid, now: Date.now, retentionSeconds: RETENTION },
    () => 600_000,
  );
  if (second.kind !== 'started') throw new Error('expected a new replay');
  await runner.run(second.record.id, 'bench', () => 600_000);
  const done = await store.get(second.record.id);
  row(
    'replay: PutEvents calls per replayed event',
    fmt(putEvents.count() / (done?.counts.published ?? 1), 2),
    `${done?.counts.published} events in batches of ≤ 10 entries`,
  );
}

/**
 * Replay throughput through the deployed replay function (POST /replay, then GET /replay/{id} until
 * it completes), and PutEvents calls per replayed event from an in-process run counting its calls.
 */
export async function replayBench(vigil: RunningVigil, row: Row): Promise<void> {
  const clients = localClients(vigil);
  const source = `bench.replay.${ulid()}`;
  const seeded = await seedHistory(vigil, clients.dynamodb, source);
  await throughputRows(vigil, row, { from: seeded.from, to: seeded.to, filter: { source } });
  await putEventsRow(vigil, row, clients, { ...seeded, source });
  clients.eventBridge.destroy();
  clients.dynamodb.destroy();
}
