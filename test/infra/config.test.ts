import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { configFromContext, vigilConfigSchema } from '#infra/config.ts';

const contextOf = (vigil: unknown) => new App({ context: { vigil } }).node;

describe('Function: configFromContext', () => {
  it('refuses at synth a dedup window longer than the history retention', () => {
    expect(() =>
      configFromContext(contextOf({ historyRetentionDays: 1, dedupWindowSeconds: 86_401 })),
    ).toThrow("CDK context 'vigil.dedupWindowSeconds': must not exceed historyRetentionDays × 86,400 s");
  });

  it('takes a dedup window equal to the retention', () => {
    expect(
      configFromContext(contextOf({ historyRetentionDays: 1, dedupWindowSeconds: 86_400 }))
        .dedupWindowSeconds,
    ).toBe(86_400);
  });

  it('keeps its defaults valid', () => {
    expect(vigilConfigSchema.safeParse({}).success).toBe(true);
  });
});
