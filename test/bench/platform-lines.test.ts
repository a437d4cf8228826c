import { describe, expect, it } from 'vitest';
import { describePlatformLines, platformBytesPerInvocation } from '#bench/platform-lines.ts';
import type { FunctionLogging } from '#lib/local/topology.ts';

const json = (systemLogLevel: 'DEBUG' | 'INFO' | 'WARN'): FunctionLogging => ({
  format: 'JSON',
  applicationLogLevel: 'INFO',
  systemLogLevel,
});

describe('Function: platformBytesPerInvocation', () => {
  it('prices nothing at system level WARN: Lambda keeps no per-invocation record there', () => {
    // Act / Assess
    expect(platformBytesPerInvocation(json('WARN'))).toBe(0);
  });

  it('prices platform.start and platform.report at INFO, and platform.runtimeDone on top at DEBUG', () => {
    // Act
    const info = platformBytesPerInvocation(json('INFO'));
    const debug = platformBytesPerInvocation(json('DEBUG'));

    // Assess: two JSON records with request id, tracing and (report) metrics, a few hundred bytes each
    expect(info).toBeGreaterThan(400);
    expect(info).toBeLessThan(900);
    expect(debug).toBeGreaterThan(info + 200);
  });

  it("prices the Text format's START, END, REPORT and XRAY lines whatever the levels (Text has none)", () => {
    // Act / Assess
    expect(platformBytesPerInvocation({ format: 'Text' })).toBe(360);
    expect(platformBytesPerInvocation(undefined)).toBe(360);
  });

  it("says the level and the bytes in the cost row's note", () => {
    // Act / Assess
    expect(describePlatformLines(json('WARN'))).toBe('system level WARN: 0 B/invocation');
    expect(describePlatformLines({ format: 'Text' })).toBe('Text format: 360 B/invocation');
  });
});
