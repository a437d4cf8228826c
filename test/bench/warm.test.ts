import { describe, expect, it } from 'vitest';
import { warmRate } from '#bench/warm.ts';

const passes = (rates: number[]) => {
  const seen: number[] = [];
  const pass = async (n: number) => {
    seen.push(n);
    const rate = rates[n];
    if (rate === undefined) throw new Error(`pass ${n} not expected`);
    return rate;
  };
  return { pass, seen };
};

describe('warmRate', () => {
  it('repeats passes while the rate rises by 10 % or more, and keeps the higher of the last two', async () => {
    const { pass, seen } = passes([100, 180, 230, 240]);
    expect(await warmRate(pass)).toEqual({ rate: 240, firstPass: 100, passes: 4 });
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('stops after two passes when the second did not rise, keeping the first if it was higher', async () => {
    const { pass } = passes([300, 290]);
    expect(await warmRate(pass)).toEqual({ rate: 300, firstPass: 300, passes: 2 });
  });

  it('stops at maxPasses with the last rate when it keeps rising', async () => {
    const { pass, seen } = passes([100, 200, 400]);
    expect(await warmRate(pass, 3)).toEqual({ rate: 400, firstPass: 100, passes: 3 });
    expect(seen).toEqual([0, 1, 2]);
  });
});
