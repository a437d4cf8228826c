import { describe, expect, it } from 'vitest';
import { adminRequest, postEvents, vigil } from './support/client.ts';
import { runFuzz } from './support/fuzz.ts';

describe('Fuzz: generated bodies, paths and query strings against the local runtime', () => {
  it('answers 1,000 requests to POST /events and every admin route with a 2xx or a bounded 4xx, and keeps working', async () => {
    // Act
    const report = await runFuzz(vigil.config, 1_000, 20261127);
    const after = await postEvents({ source: 'fuzz.after', type: 'still.alive' });
    const history = await adminRequest('GET', '/events?source=fuzz.after');

    // Assess
    expect(report.findings).toEqual([]);
    expect(report.sent).toBe(1_000);
    expect(Object.keys(report.byStatus).some((status) => status.startsWith('4'))).toBe(true);
    expect(after.status).toBe(202);
    expect(history.status).toBe(200);
  }, 240_000);
});
