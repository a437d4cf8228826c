import { describe, expect, it } from 'vitest';
import { exactFunctionRefs, resolveFunctionRef } from '#lib/local/lambda/function-ref.ts';
import type { LocalFunction } from '#lib/local/topology.ts';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:vigil-ingest';
const INGEST: LocalFunction = {
  logicalId: 'IngestFunction7FD6BA1A',
  name: 'vigil-ingest',
  arn: ARN,
  codeDir: '/code',
  handler: 'index.handler',
  runtime: 'nodejs22.x',
  timeoutSeconds: 10,
  memoryMb: 512,
  environment: {},
};

describe('Function: resolveFunctionRef', () => {
  it.each([
    ['IngestFunction7FD6BA1A', ARN],
    ['vigil-ingest', ARN],
    [ARN, ARN],
    [`${ARN}:$LATEST`, `${ARN}:$LATEST`],
    [`${ARN}:live`, `${ARN}:live`],
    ['vigil-ingest:3', `${ARN}:3`],
    ['123456789012:function:vigil-ingest', ARN],
    ['123456789012:function:vigil-ingest:live', `${ARN}:live`],
  ])('resolves %s with invoked ARN %s', (ref, invokedFunctionArn) => {
    expect(resolveFunctionRef([INGEST], ref)).toEqual({ fn: INGEST, invokedFunctionArn });
  });

  it.each([
    ['other'],
    ['arn:aws:lambda:us-east-1:123456789012:function:other'],
    [`${ARN}:`],
    [`${ARN}:bad/qualifier`],
    [':vigil-ingest'],
    ['999999999999:function:vigil-ingest'],
  ])('finds nothing for %s', (ref) => {
    expect(resolveFunctionRef([INGEST], ref)).toBeUndefined();
  });
});

describe('Function: exactFunctionRefs', () => {
  it('answers every unqualified ref as resolveFunctionRef does, the first function winning a shared ref', () => {
    // Prepare: a second function whose logical id is the first one's name
    const other: LocalFunction = {
      ...INGEST,
      logicalId: 'vigil-ingest',
      name: 'vigil-other',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:vigil-other',
    };
    const functions = [INGEST, other];

    // Act
    const refs = exactFunctionRefs(functions);

    // Assess
    expect(refs.size).toBe(7);
    for (const [ref, resolved] of refs) expect(resolved).toEqual(resolveFunctionRef(functions, ref));
    expect(refs.get('vigil-ingest')?.fn).toBe(INGEST);
    expect(refs.get('123456789012:function:vigil-other')?.fn).toBe(other);
    expect(refs.has(`${ARN}:live`)).toBe(false);
  });
});
