import { describe, expect, it } from 'vitest';
import {
  describeUnsupported,
  isWorthShowingQuietly,
  sdkNodeVersionNotice,
} from '#lib/local/console-filter.ts';

describe('Function: describeUnsupported', () => {
  const items = [
    ...Array.from({ length: 3 }, (_, i) => ({
      logicalId: `Permission${i}`,
      type: 'AWS::Lambda::Permission',
      reason: 'not emulated: every local caller may invoke every local function',
    })),
    { logicalId: 'Role1', type: 'AWS::IAM::Role', reason: 'not emulated: IAM is not enforced locally' },
    { logicalId: 'BadRule', type: 'AWS::Events::Rule', reason: 'InvalidEventPatternException: detail.level' },
  ];

  it('sums up what is left out by design in one line per type, and names each possible problem', () => {
    // Act
    const lines = describeUnsupported(items, false);

    // Assess
    expect(lines).toEqual([
      '[vigil] not run locally: 3 × AWS::Lambda::Permission (not emulated: every local caller may invoke every local function)',
      '[vigil] not run locally: 1 × AWS::IAM::Role (not emulated: IAM is not enforced locally)',
      '[vigil] (npm start -- --list-unsupported names each resource)',
      '[vigil] not run locally: BadRule (AWS::Events::Rule): InvalidEventPatternException: detail.level',
    ]);
  });

  it('names every resource when asked', () => {
    // Act
    const lines = describeUnsupported(items, true);

    // Assess
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(
      '[vigil] not run locally: Permission0 (AWS::Lambda::Permission): not emulated: every local caller may invoke every local function',
    );
  });
});

describe('Function: isWorthShowingQuietly', () => {
  it.each([
    ['[bus] 01J → VigilRule/Target0', false],
    ['[bus] 01J → VigilRule/Target0 failed (attempt 1): boom; retrying', true],
    ['[bus] 01J → VigilRule/Target0 dead-lettered after 2 retries: boom', true],
    ['[lambda] async Replay 1a2b3c4d dropped after 2 retries: boom', true],
    ['[schedule] SweepRule fired: 01J at 2026-11-27T10:00:00Z', false],
    ['[dynamodb] TTL removed 3 expired item(s) from Vigil-Dedup', false],
    ['[synth] Bundling asset Vigil/IngestFunction', false],
    ['[IngestFunction 1a2b3c4d] {"level":"INFO","message":"accepted"}', false],
    ['[IngestFunction 1a2b3c4d] {"level":"ERROR","message":"publication failed"}', true],
    ['[AdminFunction 1a2b3c4d] TypeError: cannot read properties of undefined', true],
    ['[AdminFunction 1a2b3c4d] started', false],
  ])('%s → %s', (line, shown) => {
    // Act & Assess
    expect(isWorthShowingQuietly(line)).toBe(shown);
  });
});

describe('Function: sdkNodeVersionNotice', () => {
  it('says it once, in one line, on Node 20, and nothing on Node 22', () => {
    // Act & Assess
    expect(sdkNodeVersionNotice('v20.20.2')).toMatch(/^\[vigil\] note: .*Node 22 \(this is v20\.20\.2\)/);
    expect(sdkNodeVersionNotice('v22.1.0')).toBeUndefined();
  });
});
