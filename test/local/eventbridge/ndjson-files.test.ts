import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NdjsonFiles } from '#lib/local/eventbridge/ndjson-files.ts';

const appends = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    appendFile: (...args: Parameters<typeof actual.appendFile>) => {
      appends.count += 1;
      return actual.appendFile(...args);
    },
  };
});

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigil-ndjson-'));
  appends.count = 0;
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const lines = (file: string) => readFileSync(file, 'utf8').split('\n');

describe('Class: NdjsonFiles', () => {
  it('appends lines in the order they came, many at once in one append, each settled once in the file', async () => {
    // Prepare
    const files = new NdjsonFiles();
    const file = path.join(dir, 'logs', 'audit.ndjson');
    const seen: number[] = [];

    // Act
    const written = Array.from({ length: 50 }, (_, i) =>
      files.append(file, `{"n":${i}}\n`).then(() => {
        seen.push(lines(file).filter((line) => line === `{"n":${i}}`).length);
      }),
    );
    await Promise.all(written);

    // Assess
    expect(lines(file)).toEqual([...Array.from({ length: 50 }, (_, i) => `{"n":${i}}`), '']);
    expect(seen).toEqual(Array.from({ length: 50 }, () => 1));
    expect(appends.count).toBeLessThan(50);
    expect(appends.count).toBeGreaterThanOrEqual(1);
  });

  it('makes the folder again when it was removed after the first write', async () => {
    // Prepare
    const files = new NdjsonFiles();
    const file = path.join(dir, 'queues', 'orders.ndjson');
    await files.append(file, 'first\n');
    rmSync(path.join(dir, 'queues'), { recursive: true });

    // Act
    await files.append(file, 'second\n');

    // Assess
    expect(lines(file)).toEqual(['second', '']);
  });

  it('rejects the lines of a failed write and keeps writing the ones after', async () => {
    // Prepare
    const files = new NdjsonFiles();
    const file = path.join(dir, 'logs', 'blocked.ndjson');
    mkdirSync(file, { recursive: true }); // a folder where the file should be: EISDIR

    // Act
    const failed = files.append(file, 'lost\n');
    await expect(failed).rejects.toMatchObject({ code: 'EISDIR' });
    rmSync(file, { recursive: true });
    await files.append(file, 'kept\n');

    // Assess
    expect(lines(file)).toEqual(['kept', '']);
  });
});
