import { describe, expect, it } from 'vitest';
import { loadCurveSvg } from '#bench/load-svg.ts';

const steps = [
  { offered: 10, achieved: 10, p50: 20, p99: 40, errorRate: 0 },
  { offered: 20, achieved: 19.5, p50: 25, p99: 90, errorRate: 0 },
  { offered: 30, achieved: 12, p50: 900, p99: 4_000, errorRate: 0.2 },
];

describe('Function: loadCurveSvg', () => {
  it('draws one point per step for the accepted rate and both latencies, in well-formed tags', () => {
    // Act
    const svg = loadCurveSvg(steps, { ceiling: 200, sustained: 19.5 });

    // Assess
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const lines = [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((m) => m[1]?.split(' ').length);
    expect(lines).toEqual([3, 3, 3, 3]);
    for (const tag of svg.match(/<[a-z]+ [^>]*>/g) ?? []) {
      const names = [...tag.matchAll(/ ([a-z-]+)="/g)].map((m) => m[1]);
      expect(new Set(names).size, tag).toBe(names.length);
    }
    expect(svg).toContain('raw PutItem 200 op/s');
    expect(svg).toContain('highest sustained step: 20 events/s');
  });

  it('keeps a step without accepted events (NaN latency) out of the latency lines', () => {
    // Act
    const svg = loadCurveSvg(
      [...steps, { offered: 40, achieved: 0, p50: Number.NaN, p99: Number.NaN, errorRate: 1 }],
      {
        ceiling: 200,
        sustained: Number.NaN,
      },
    );

    // Assess
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('highest sustained step');
  });
});
