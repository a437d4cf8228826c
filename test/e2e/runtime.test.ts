import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ADMIN_ROUTES, REPLAY_ROUTES } from '#infra/constructs/http-api.ts';
import { DEFAULT_SILENCE_CACHE_SECONDS } from '#lib/core/alerts/silence-cache.ts';
import { signRequest } from '#lib/local/api-gateway/sigv4.ts';
import {
  adminRequest,
  dynamodb,
  eventually,
  historyEvent,
  postEvents,
  probeDeliveries,
  tableName,
  vigil,
} from './support/client.ts';

describe('Local runtime: ingest to a rule target, end to end over HTTP', () => {
  it('accepts an event with the producer key, keeps it in history and delivers it to the rule target', async () => {
    // Prepare
    const id = ulid();

    // Act
    const response = await postEvents({
      id,
      source: 'e2e.sensor',
      type: 'reading',
      severity: 'WARNING',
      signal: { valence: 0.1, state: [1, 2] },
    });

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ id, status: 'accepted' });
    expect(await historyEvent(id)).toMatchObject({ id, source: 'e2e.sensor', severity: 'WARNING' });
    const [delivered] = await eventually(
      async () => {
        const deliveries = await probeDeliveries(id);
        return deliveries.length > 0 ? deliveries : undefined;
      },
      5_000,
      'the probe target to receive the event',
    );
    expect(delivered).toMatchObject({
      version: '0',
      source: 'vigil.ingest',
      'detail-type': 'reading',
      account: '000000000000',
      region: 'us-east-1',
      detail: { id, source: 'e2e.sensor', type: 'reading', severity: 'WARNING' },
    });
  });

  it('does not deliver events the rule pattern does not match', async () => {
    // Prepare
    const matching = ulid();
    const other = ulid();

    // Act
    await postEvents({
      events: [
        { id: other, source: 'elsewhere.sensor', type: 'reading' },
        { id: matching, source: 'e2e.sensor', type: 'reading' },
      ],
    });

    // Assess: once the matching one arrived, the other one (sent first) would have too
    await eventually(async () => ((await probeDeliveries(matching)).length > 0 ? true : undefined));
    expect(await probeDeliveries(other)).toEqual([]);
    expect(await historyEvent(other)).toMatchObject({ id: other });
  });

  it('retries a target that throws as its retry policy says, then dead-letters the event, and re-drives it', async () => {
    // Prepare
    const id = ulid();

    // Act
    await postEvents({ id, source: 'e2e.sensor', type: 'reading', data: { probe: 'fail' } });

    // Assess: 1 attempt + 2 retries (the target's MaximumRetryAttempts), then the dead-letter store
    const letter = await eventually(
      async () => {
        const response = await fetch(`${vigil.info.eventBridgeEndpoint}/_vigil/dead-letters`);
        const { deadLetters } = (await response.json()) as {
          deadLetters: { id: string; event: { detail: { id: string } } }[];
        };
        return deadLetters.find((l) => l.event.detail.id === id);
      },
      10_000,
      'the dead letter',
    );
    expect(letter).toMatchObject({
      errorCode: 'Error',
      exhaustedRetryCondition: 'MaximumRetryAttempts',
      retryAttempts: 2,
      ruleArn: expect.stringContaining(':rule/vigil/'),
      targetArn: expect.stringContaining(':function:'),
    });
    expect(await probeDeliveries(id)).toHaveLength(3);

    // Act: re-drive sends it to the same target again (which fails again: 3 more attempts)
    const redrive = await fetch(`${vigil.info.eventBridgeEndpoint}/_vigil/dead-letters`, {
      method: 'POST',
      body: JSON.stringify({ ids: [letter.id] }),
    });
    expect(await redrive.json()).toEqual({ redriven: 1, unknownTarget: 0 });
    await eventually(
      async () => ((await probeDeliveries(id)).length === 6 ? true : undefined),
      10_000,
      'the re-driven attempts',
    );
  });

  it('copies every published event to the audit log group file', async () => {
    // Prepare
    const id = ulid();

    // Act
    await postEvents({ id, source: 'audit.check', type: 'reading' });

    // Assess
    const logsDir = path.join(vigil.stateDir, 'logs');
    await eventually(
      async () => {
        if (!existsSync(logsDir)) return undefined;
        const text = readdirSync(logsDir)
          .map((file) => readFileSync(path.join(logsDir, file), 'utf8'))
          .join('');
        return text.includes(id) ? true : undefined;
      },
      5_000,
      'the audit log line',
    );
  });
});

describe('Local runtime: start-up', () => {
  it('reports the invalid pattern and what it does not run, at start', () => {
    const log = vigil.startupLog.join('\n');
    expect(log).toMatch(/not run locally: BadPatternRule.*InvalidEventPatternException: detail\.level/);
    expect(log).toMatch(/not run locally: .*Custom::CloudwatchLogResourcePolicy.*custom resource/);
  });

  it('writes .vigil/local.json in exactly the documented shape', () => {
    // Act
    const config = JSON.parse(readFileSync(path.join(vigil.stateDir, 'local.json'), 'utf8'));

    // Assess
    expect(Object.keys(config).sort()).toEqual(['admin', 'endpoint', 'producerKey', 'producerSources']);
    expect(Object.keys(config.admin).sort()).toEqual(['accessKeyId', 'region', 'secretAccessKey']);
    expect(config.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(config.producerKey).toMatch(/^vgl_/);
  });
});

describe('Local runtime: the HTTP API as API Gateway serves it', () => {
  it('answers 401 without a producer key and 403 with an unknown one', async () => {
    const missing = await fetch(`${vigil.config.endpoint}/events`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ message: 'Unauthorized' });
    const unknown = await postEvents(
      { source: 'e2e.x', type: 't' },
      'vgl_notAKeyAtAllxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    );
    expect(unknown.status).toBe(403);
  });

  it('answers 404 for an unknown route and 405 for a wrong method, as JSON', async () => {
    const notFound = await fetch(`${vigil.config.endpoint}/nope`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ message: 'Not Found' });
    const wrongMethod = await fetch(`${vigil.config.endpoint}/events`, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('content-type')).toContain('application/json');
  });

  it('answers a bad event with the handler 400 body, through the real authorizer and ingest bundles', async () => {
    const response = await postEvents({ source: 'e2e.x', type: 't', severity: 'LOUD' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'severity' });
  });
});

describe('Local runtime: admin routes demand SigV4, as IAM routes do in the cloud', () => {
  const url = () => `${vigil.config.endpoint}/bursts?source=e2e.admin&type=reading&windows=2`;

  it('answers 403 to an unsigned request', async () => {
    const response = await fetch(url());
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it.each(
    [...ADMIN_ROUTES, ...REPLAY_ROUTES].map((r) => [
      `${r.method} ${r.path}`,
      r.method as string,
      r.path.replace('{id}', '01ARZ3NDEKTSV4RRFFQ69G5FAV').replace('{name}', 'arm-1'),
    ]),
  )(
    'answers 403 to an unsigned %s, and to one signed with the wrong secret',
    async (_route, method, pathname) => {
      const target = `${vigil.config.endpoint}${pathname}`;
      const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
      const unsigned = await fetch(target, { method, ...(body ? { body } : {}) });
      const headers = await signRequest({
        method,
        url: target,
        ...(body ? { body } : {}),
        credentials: { ...vigil.config.admin, secretAccessKey: 'not-the-secret' },
      });
      const forged = await fetch(target, { method, headers, ...(body ? { body } : {}) });
      expect([unsigned.status, forged.status]).toEqual([403, 403]);
    },
  );

  it('answers 403 to a request signed with the wrong secret', async () => {
    const headers = await signRequest({
      url: url(),
      credentials: { ...vigil.config.admin, secretAccessKey: 'not-the-secret' },
    });
    const response = await fetch(url(), { headers });
    expect(response.status).toBe(403);
  });

  it('serves a request signed with the local admin credentials', async () => {
    // Prepare
    await postEvents({
      events: [
        { source: 'e2e.admin', type: 'reading' },
        { source: 'e2e.admin', type: 'reading' },
      ],
    });

    // Act
    const headers = await signRequest({ url: url(), credentials: vigil.config.admin });
    const response = await fetch(url(), { headers });

    // Assess
    expect(response.status).toBe(200);
    const body = (await response.json()) as { windows: { count: number }[] };
    expect(body).toMatchObject({ source: 'e2e.admin', type: 'reading', threshold: 20, windowSeconds: 60 });
    expect(body.windows.reduce((sum, w) => sum + w.count, 0)).toBe(2);
  });
});

describe('Local runtime: alerting', () => {
  it('opens an alert within a second of a CRITICAL event and announces it on the bus', async () => {
    // Prepare
    const id = ulid();
    const source = `e2e.alerting.${ulid()}`;

    // Act
    const response = await postEvents({
      id,
      source,
      type: 'pressure.high',
      severity: 'CRITICAL',
      message: 'burst disc',
    });

    // Assess
    expect(response.status).toBe(202);
    const alertsTable = tableName('AlertingAlerts');
    const pointer = await eventually(
      async () => {
        const { Item } = await dynamodb.send(
          new GetItemCommand({
            TableName: alertsTable,
            Key: { pk: { S: `F#st#${source}#pressure.high` }, sk: { S: 'OPEN' } },
            ConsistentRead: true,
          }),
        );
        return Item;
      },
      1_000,
      'the open alert',
    );
    const { Item: alert } = await dynamodb.send(
      new GetItemCommand({
        TableName: alertsTable,
        Key: { pk: { S: `EV#${pointer.alertId?.S}` }, sk: { S: 'EV' } },
        ConsistentRead: true,
      }),
    );
    // The alert is named after, and kept under the key of, the event that opened it.
    expect(pointer.alertId?.S).toBe(id);
    expect(alert?.severity?.S).toBe('CRITICAL');
    expect(alert?.lastEventId?.S).toBe(id);
    const logsDir = path.join(vigil.stateDir, 'logs');
    await eventually(
      async () => {
        const text = readdirSync(logsDir)
          .map((file) => readFileSync(path.join(logsDir, file), 'utf8'))
          .join('');
        return text.includes('"alert.opened"') && text.includes(source) ? true : undefined;
      },
      5_000,
      'alert.opened on the bus (audit log)',
    );
  });
});

describe('Local runtime: the alert lifecycle over the signed admin API', () => {
  const admin = adminRequest;

  /** The source's newest `new` alert, as `GET /alerts` lists it: there within a second of the event. */
  async function openAlertId(source: string): Promise<string> {
    const alert = await eventually(
      async () => {
        const listed = await admin('GET', `/alerts?source=${encodeURIComponent(source)}&state=new`);
        expect(listed.status).toBe(200);
        return listed.body.alerts[0] as { id: string } | undefined;
      },
      1_000,
      'the new alert in GET /alerts',
    );
    return alert.id;
  }

  it('lists the alert of a CRITICAL event within a second, acknowledges and resolves it, then a new event opens a new one', async () => {
    // Prepare
    const source = `e2e.lifecycle.${ulid()}`;
    await admin('GET', '/alerts?limit=1'); // a warm admin function: the second is the pipeline's, not a cold start's
    await postEvents({ source, type: 'pump.failure', severity: 'CRITICAL', message: 'pump 2 stopped' });
    const first = await openAlertId(source);

    // Act
    const acked = await admin('POST', `/alerts/${first}/ack`, { by: 'ana', note: 'on my way' });
    const resolved = await admin('POST', `/alerts/${first}/resolve`, { by: 'ana', notes: 'restarted' });
    const again = await admin('POST', `/alerts/${first}/resolve`, { by: 'bob' });
    await postEvents({ source, type: 'pump.failure', severity: 'WARNING', message: 'pump 2 slow' });
    const second = await openAlertId(source);
    const shown = await admin('GET', `/alerts/${first}`);
    const all = await admin('GET', `/alerts?source=${encodeURIComponent(source)}`);

    // Assess
    // The actor is the signed caller (locally, the account root the admin credentials stand for).
    const root = 'arn:aws:iam::000000000000:root';
    expect(acked).toMatchObject({
      status: 200,
      body: { alert: { state: 'acknowledged', acknowledgedBy: root, acknowledgedOnBehalfOf: 'ana' } },
    });
    expect(resolved).toMatchObject({
      status: 200,
      body: { alert: { state: 'resolved', resolvedBy: root, resolvedOnBehalfOf: 'ana' } },
    });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'ILLEGAL_TRANSITION' } } });
    expect(second).not.toBe(first);
    expect(all.body.alerts.map((a: { id: string; state: string }) => [a.id, a.state])).toEqual([
      [second, 'new'],
      [first, 'resolved'],
    ]);
    expect(shown.body.timeline.map((t: { kind: string }) => t.kind)).toEqual([
      'opened',
      'acknowledged',
      'resolved',
    ]);
  });

  it('keeps counting a silenced event but announces nothing', async () => {
    // Prepare
    const source = `e2e.silenced.${ulid()}`;
    const silence = await admin('POST', '/silences', {
      matchers: [{ field: 'source', value: source }],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'ana',
      comment: 'e2e',
    });
    expect(silence.status).toBe(201);
    // The documented bound: a warm alerting environment may reuse the silences it read for this long.
    await new Promise((resolve) => setTimeout(resolve, DEFAULT_SILENCE_CACHE_SECONDS * 1000));

    // Act: the silenced event, then an unsilenced marker; the marker's announcement proves the
    // alerting function got past the silenced one (whose announcement would have come first)
    await postEvents({ source, type: 'pump.failure', severity: 'CRITICAL', message: 'quiet please' });
    const alertId = await openAlertId(source);
    const marker = `e2e.silence-marker.${ulid()}`;
    await postEvents({ source: marker, type: 'pump.failure', severity: 'CRITICAL', message: 'after it' });
    const logsDir = path.join(vigil.stateDir, 'logs');
    const logText = () =>
      readdirSync(logsDir)
        .map((file) => readFileSync(path.join(logsDir, file), 'utf8'))
        .join('');
    const openedLines = (text: string, of: string) =>
      text.split('\n').filter((line) => line.includes('"alert.opened"') && line.includes(of));
    const text = await eventually(
      async () => {
        const now = logText();
        return openedLines(now, marker).length > 0 ? now : undefined;
      },
      10_000,
      'the marker alert to be announced',
    );

    // Assess
    expect((await admin('GET', `/alerts/${alertId}`)).body.alert).toMatchObject({ state: 'new', count: 1 });
    expect(openedLines(text, source)).toEqual([]);
    expect(text).toContain(source);
  });

  it('auto-resolves an alert quiet for longer than its resolveTimeout when the sweep schedule fires', async () => {
    // Prepare: an alert whose last event is five minutes old (timeout: 60 s for this source)
    const type = `stall.${ulid()}`;
    const quiet = new Date(Date.now() - 5 * 60_000).toISOString();
    await postEvents({ source: 'e2e.autoresolve', type, severity: 'WARNING', time: quiet });
    const alert = await eventually(
      async () => {
        const listed = await admin('GET', `/alerts?source=e2e.autoresolve&state=new&type=${type}`);
        return listed.body.alerts[0] as { id: string } | undefined;
      },
      2_000,
      'the alert',
    );
    const { schedules } = (await (
      await fetch(`${vigil.info.eventBridgeEndpoint}/_vigil/schedules`)
    ).json()) as {
      schedules: { ruleName: string; scheduleExpression: string }[];
    };
    const sweep = schedules.find((s) => s.ruleName.includes('SweepSchedule'));
    if (!sweep) throw new Error('the sweep schedule is not running');

    // Act
    const fired = await fetch(`${vigil.info.eventBridgeEndpoint}/_vigil/schedules/${sweep.ruleName}/fire`, {
      method: 'POST',
    });

    // Assess
    expect(sweep.scheduleExpression).toBe('rate(1 minute)');
    expect(fired.status).toBe(200);
    const resolved = await eventually(
      async () => {
        const shown = await admin('GET', `/alerts/${alert.id}`);
        return shown.body.alert.state === 'resolved' ? shown.body.alert : undefined;
      },
      5_000,
      'the auto-resolve',
    );
    expect(resolved).toMatchObject({ resolvedBy: 'vigil:auto-resolve' });
  });

  it('refuses an unsigned acknowledge', async () => {
    const response = await fetch(`${vigil.config.endpoint}/alerts/01ARZ3NDEKTSV4RRFFQ69G5FAV/ack`, {
      method: 'POST',
      body: '{"by":"x"}',
    });
    expect(response.status).toBe(403);
  });
});
