import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { announcementOutbox } from '#lib/aws/announcements.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import { adminRequest, dynamodb, eventually, tableName, vigil } from './support/client.ts';

describe('Local runtime: the announcements outbox and its redrive route, from the template', () => {
  it('publishes a kept announcement again on POST /announcements/redrive, with its own bus Source', async () => {
    // Prepare: an alert.resolved that PutEvents refused, as the outbox keeps it
    const outbox = announcementOutbox(tableName('AnnouncementsOutbox'), dynamodb);
    const at = new Date().toISOString();
    const envelope: Envelope = {
      id: ulid(),
      source: 'e2e.outbox',
      type: 'alert.resolved',
      severity: 'INFO',
      time: at,
      receivedAt: at,
    };
    await outbox.keep([
      {
        envelope,
        busSource: 'vigil.alerts',
        keptAt: at,
        errorCode: 'InternalFailure',
        errorMessage: 'down',
        attempts: 1,
      },
    ]);

    // Act
    const response = await adminRequest('POST', '/announcements/redrive', { limit: 100 });

    // Assess: published (the audit rule copies every vigil.* event to the log files) and gone
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ failed: 0 });
    expect(response.body.redriven).toBeGreaterThanOrEqual(1);
    const logsDir = path.join(vigil.stateDir, 'logs');
    const line = await eventually(
      async () => {
        if (!existsSync(logsDir)) return undefined;
        return readdirSync(logsDir)
          .flatMap((file) => readFileSync(path.join(logsDir, file), 'utf8').split('\n'))
          .find((text) => text.includes(envelope.id));
      },
      5_000,
      'the redriven announcement on the bus',
    );
    expect(JSON.parse(line)).toMatchObject({ source: 'vigil.alerts', 'detail-type': 'alert.resolved' });
    expect((await outbox.oldest(100)).map((item) => item.envelope.id)).not.toContain(envelope.id);
  });

  it('refuses an unsigned redrive', async () => {
    const response = await fetch(`${vigil.config.endpoint}/announcements/redrive`, { method: 'POST' });
    expect(response.status).toBe(403);
  });
});
