import { describe, expect, it } from 'vitest';
import { LineSplitter } from '#lib/local/lambda/log-lines.ts';

describe('Class: LineSplitter', () => {
  it('emits complete lines across chunks and keeps the partial one until flushed', () => {
    // Prepare
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));

    // Act
    splitter.push('one\ntw');
    splitter.push('o\r\nthr');
    const beforeFlush = [...lines];
    splitter.flush();
    splitter.flush();

    // Assess
    expect(beforeFlush).toEqual(['one', 'two']);
    expect(lines).toEqual(['one', 'two', 'thr']);
  });
});
