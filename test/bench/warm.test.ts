import { describe, expect, it } from 'vitest';
import { describePasses, WARM_KEPT, WARM_PASSES, warmRate } from '#bench/warm.ts';

function passes(rates: number[]) {
  const seen: number[] = [];
  const pass = async (n: number) => {
    seen.push(n);
    const rate = rates[n];
    if (rate === undefined) throw new Error(`pass ${n} not expected`);
    return rate;
  };
  return { pass, seen };
}

describe('warmRate', () => {
  it(`runs ${WARM_PASSES} passes and keeps the median of the last ${WARM_KEPT}`, async () => {
    const { pass, seen } = passes([100, 180, 230, 260, 240, 300]);
    expect(await warmRate(pass)).toEqual({
      rate: 260,
      firstPass: 100,
      rates: [100, 180, 230, 260, 240, 300],
    });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('is deaf to one stray pass at the end, slow or fast', async () => {
    expect((await warmRate(passes([100, 200, 250, 260, 255, 90]).pass)).rate).toBe(255);
    expect((await warmRate(passes([100, 200, 250, 260, 255, 900]).pass)).rate).toBe(260);
  });

  it('says every pass in the note', async () => {
    const rate = await warmRate(passes([1_000, 1_200, 1_400, 1_450, 1_420, 1_460]).pass);
    expect(describePasses(rate, '2,000')).toBe(
      '6 passes of 2,000 (1,000, 1,200, 1,400, 1,450, 1,420, 1,460); warm: the median of the last 3',
    );
  });
});
