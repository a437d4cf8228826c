import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeadLetter, DeadLetterStore } from '#lib/local/eventbridge/dead-letters.ts';
import type { BusEvent } from '#lib/local/eventbridge/input.ts';

const AUDIT_DLQ = 'arn:aws:sqs:us-east-1:123456789012:audit-dlq';
const ALERTS_DLQ = 'arn:aws:sqs:us-east-1:123456789012:alerts-dlq';

function event(id: string): BusEvent {
  return {
    version: '0',
    id,
    'detail-type': 'Signal',
    source: 'vigil.ingest',
    account: '123456789012',
    time: '2026-03-14T09:26:53Z',
    region: 'us-east-1',
    resources: [],
    detail: { id },
  };
}

function letter(id: string, queueArn = AUDIT_DLQ): Omit<DeadLetter, 'id' | 'deadLetteredAt'> {
  return {
    queueArn,
    event: event(id),
    ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/vigil/audit',
    targetArn: 'arn:aws:logs:us-east-1:123456789012:log-group:audit',
    errorCode: 'TimeoutError',
    errorMessage: 'TimeoutError: Task timed out after 3.00 seconds',
    exhaustedRetryCondition: 'MaximumRetryAttempts',
    retryAttempts: 8,
  };
}

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigil-dead-letters-'));
  file = path.join(dir, 'nested', 'dead-letters.json');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Class: DeadLetterStore', () => {
  it('starts empty when its file does not exist yet', () => {
    // Prepare
    const missing = path.join(dir, 'none.json');

    // Act
    const store = new DeadLetterStore(missing);

    // Assess
    expect(store.list()).toEqual([]);
    expect(existsSync(missing)).toBe(false);
  });

  it('stamps each added letter with an id and the time it was dead-lettered', () => {
    // Prepare
    const store = new DeadLetterStore(file);

    // Act
    const stored = store.add(letter('e-1'), new Date('2026-03-14T10:00:00.000Z'));

    // Assess
    expect(stored).toEqual({
      ...letter('e-1'),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      deadLetteredAt: '2026-03-14T10:00:00.000Z',
    });
    expect(store.add(letter('e-2')).id).not.toBe(stored.id);
  });

  it('keeps letters across instances through its file', () => {
    // Prepare
    const first = new DeadLetterStore(file);
    const a = first.add(letter('e-1'));
    const b = first.add(letter('e-2', ALERTS_DLQ));

    // Act
    const reopened = new DeadLetterStore(file);

    // Assess
    expect(reopened.list()).toEqual([a, b]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([a, b]);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('lists only the letters of one queue when given its ARN', () => {
    // Prepare
    const store = new DeadLetterStore(file);
    const a = store.add(letter('e-1', AUDIT_DLQ));
    const b = store.add(letter('e-2', ALERTS_DLQ));
    const c = store.add(letter('e-3', AUDIT_DLQ));

    // Act
    const audit = store.list(AUDIT_DLQ);
    const alerts = store.list(ALERTS_DLQ);

    // Assess
    expect(audit).toEqual([a, c]);
    expect(alerts).toEqual([b]);
    expect(store.list('arn:aws:sqs:us-east-1:123456789012:other')).toEqual([]);
  });

  it('takes the letters with the given ids and keeps the others, in this and later instances', () => {
    // Prepare
    const store = new DeadLetterStore(file);
    const a = store.add(letter('e-1'));
    const b = store.add(letter('e-2'));
    const c = store.add(letter('e-3'));

    // Act
    const taken = store.take([c.id, a.id, 'unknown-id']);

    // Assess
    expect(taken).toEqual([a, c]);
    expect(store.list()).toEqual([b]);
    expect(new DeadLetterStore(file).list()).toEqual([b]);
  });

  it('takes every letter when given no ids', () => {
    // Prepare
    const store = new DeadLetterStore(file);
    const a = store.add(letter('e-1'));
    const b = store.add(letter('e-2', ALERTS_DLQ));

    // Act
    const taken = store.take();

    // Assess
    expect(taken).toEqual([a, b]);
    expect(store.list()).toEqual([]);
    expect(new DeadLetterStore(file).list()).toEqual([]);
  });

  it('takes nothing when given an empty id list', () => {
    // Prepare
    const store = new DeadLetterStore(file);
    const a = store.add(letter('e-1'));

    // Act
    const taken = store.take([]);

    // Assess
    expect(taken).toEqual([]);
    expect(store.list()).toEqual([a]);
  });

  it('works in memory without a file', () => {
    // Prepare
    const store = new DeadLetterStore(undefined);

    // Act
    const a = store.add(letter('e-1'));

    // Assess
    expect(store.list()).toEqual([a]);
    expect(store.take([a.id])).toEqual([a]);
    expect(store.list()).toEqual([]);
  });
});
