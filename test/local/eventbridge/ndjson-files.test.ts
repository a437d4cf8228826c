import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NdjsonFiles } from '#lib/local/eventbridge/ndjson-files.ts';

const folders = vi.hoisted(() => ({ made: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    mkdirSync: (...args: Parameters<typeof actual.mkdirSync>) => {
      folders.made += 1;
      return actual.mkdirSync(...args);
    },
  };
});

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigil-ndjson-'));
  folders.made = 0;
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const lines = (file: string) => readFileSync(file, 'utf8').split('\n');

describe('Class: NdjsonFiles', () => {
  it('appends each line in order, the line in the file on return, the folder made once', () => {
    // Prepare
    const files = new NdjsonFiles();
    const file = path.join(dir, 'logs', 'audit.ndjson');
    const counts: number[] = [];

    // Act
    for (let i = 0; i < 20; i++) {
      files.append(file, `{"n":${i}}\n`);
      counts.push(lines(file).length - 1);
    }

    // Assess
    expect(lines(file)).toEqual([...Array.from({ length: 20 }, (_, i) => `{"n":${i}}`), '']);
    expect(counts).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(folders.made).toBe(1);
  });

  it('makes the folder again when it was removed after the first line', () => {
    // Prepare
    const files = new NdjsonFiles();
    const file = path.join(dir, 'queues', 'orders.ndjson');
    files.append(file, 'first\n');
    rmSync(path.join(dir, 'queues'), { recursive: true });

    // Act
    files.append(file, 'second\n');

    // Assess
    expect(lines(file)).toEqual(['second', '']);
    expect(folders.made).toBe(2);
  });

  it('throws what the file system refuses, so that the delivery fails', () => {
    // Prepare
    const files = new NdjsonFiles();
    const file = path.join(dir, 'logs', 'blocked.ndjson');
    mkdirSync(file, { recursive: true }); // a folder where the file should be: EISDIR

    // Act
    const append = () => files.append(file, 'lost\n');

    // Assess
    expect(append).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });
});
