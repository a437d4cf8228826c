import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { startDynamoDbLocal } from '#lib/local/dynamodb-server.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import type { RunningVigil } from '#lib/local/start-vigil.ts';

/** What a producer that retries what it is told to retry saw, and what Vigil kept. */
export interface OutageReport {
  readonly sent: number;
  readonly accepted: number;
  readonly duplicate: number;
  readonly retried: number;
  readonly inHistory: number;
  readonly idsTwiceInHistory: number;
  readonly acceptedMissingFromHistory: number;
  readonly acceptedMissingFromBus: number;
}

type Outcome = 'accepted' | 'duplicate' | 'suppressed';

/**
 * Sends one event until Vigil gives it a final outcome: a 5xx, a 429, a `failed` status or a
 * refused connection is retried with the same id after a short pause (the producer's backoff
 * against a real server); a 4xx would be a bug and is thrown.
 */
async function sendUntilFinal(
  vigil: RunningVigil,
  event: Record<string, unknown>,
  onRetry: () => void,
): Promise<Outcome> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const response = await fetch(`${vigil.config.endpoint}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${vigil.config.producerKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(event),
      });
      const body = (await response.json()) as { status?: Outcome };
      if (response.status === 202 && body.status) return body.status;
      if (response.status < 500 && response.status !== 429)
        throw new Error(`answered ${response.status}: ${JSON.stringify(body)}`);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // fetch failed: connection refused or reset
    }
    onRetry();
    await pause(Math.min(1_000, 50 * 2 ** Math.min(attempt, 4)));
  }
  throw new Error(`event ${String(event.id)} never got a final answer`);
}

/** Ids of the events with `source` the audit rule wrote to the local log files (what reached the bus). */
function idsOnTheBus(stateDir: string, source: string): Set<string> {
  const dir = path.join(stateDir, 'logs');
  const ids = new Set<string>();
  if (!existsSync(dir)) return ids;
  for (const file of readdirSync(dir)) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.includes(source)) continue;
      const detail = (JSON.parse(line) as { detail?: { id?: string; source?: string } }).detail;
      if (detail?.source === source && detail.id) ids.add(detail.id);
    }
  }
  return ids;
}

/**
 * `events` single-event requests from 6 concurrent producers while DynamoDB Local is stopped for
 * `outageMs` once a third of them were sent, then started again on the same port and data folder.
 */
export async function ingestThroughOutage(
  vigil: RunningVigil,
  stateDir: string,
  options: { readonly events: number; readonly outageMs: number; readonly source: string },
): Promise<OutageReport & { readonly restartedDynamoDb: { stop(): Promise<void> } }> {
  const events = Array.from({ length: options.events }, (_, i) => ({
    id: ulid(),
    source: options.source,
    type: `outage.t${i}`,
  }));
  const outcomes = new Map<string, Outcome>();
  let retried = 0;
  let next = 0;
  const port = Number(new URL(vigil.info.dynamodbEndpoint).port);
  let restarted: { stop(): Promise<void> } | undefined = undefined as { stop(): Promise<void> } | undefined;
  const outage = (async () => {
    while (next < options.events / 3) await pause(20);
    process.kill(vigil.dynamodbPid, 'SIGTERM');
    await pause(options.outageMs);
    restarted = await startDynamoDbLocal({ port, dataDir: path.join(stateDir, 'dynamodb') });
  })();
  const producer = async () => {
    for (let i = next++; i < events.length; i = next++) {
      const event = events[i] as (typeof events)[number];
      outcomes.set(event.id, await sendUntilFinal(vigil, event, () => retried++));
    }
  };
  await Promise.all([outage, ...Array.from({ length: 6 }, producer)]);

  const { Items = [] } = await new DynamoDBClient({
    endpoint: vigil.info.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  }).send(new ScanCommand({ TableName: historyTable(vigil), ConsistentRead: true }));
  const history = Items.map((item) => String(item.id?.S)).filter((id) => outcomes.has(id));
  const onBus = idsOnTheBus(stateDir, options.source);
  const accepted = [...outcomes].filter(([, outcome]) => outcome === 'accepted').map(([id]) => id);
  if (!restarted) throw new Error('DynamoDB Local was not restarted');
  return {
    restartedDynamoDb: restarted,
    sent: events.length,
    accepted: accepted.length,
    duplicate: [...outcomes.values()].filter((o) => o === 'duplicate').length,
    retried,
    inHistory: new Set(history).size,
    idsTwiceInHistory: history.length - new Set(history).size,
    acceptedMissingFromHistory: accepted.filter((id) => !history.includes(id)).length,
    acceptedMissingFromBus: accepted.filter((id) => !onBus.has(id)).length,
  };
}

function historyTable(vigil: RunningVigil): string {
  const entry = Object.entries(vigil.info.tables).find(([logicalId]) =>
    logicalId.startsWith('EventStoreHistory'),
  );
  if (!entry) throw new Error('no history table in the running stack');
  return entry[1];
}
