import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import { BENCH_ASSEMBLY, startE2eRuntime } from '#test/e2e/support/assembly.ts';
import { runFuzz } from '#test/e2e/support/fuzz.ts';
import { ingestThroughOutage } from '#test/e2e/support/outage.ts';

type Row = (metric: string, value: string, note?: string) => void;

/** `npm run bench -- --fuzz`: 10,000 generated requests, then ingest through a DynamoDB outage. */
export async function robustnessBench(vigil: RunningVigil, row: Row): Promise<void> {
  const fuzz = await runFuzz(vigil.config, 10_000, Date.now() % 2 ** 31);
  const statuses = Object.entries(fuzz.byStatus)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
  row(
    'fuzz: requests answered 2xx or bounded 4xx / sent',
    `${fuzz.sent - fuzz.findings.length} / ${fuzz.sent}`,
    statuses,
  );
  row(
    'fuzz: 5xx or malformed error bodies',
    String(fuzz.findings.length),
    fuzz.findings[0]?.problem ?? 'none',
  );

  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-outage-'));
  const own = await startE2eRuntime(stateDir, { inMemory: false, assembly: BENCH_ASSEMBLY });
  try {
    const report = await ingestThroughOutage(own, stateDir, {
      events: 1_000,
      outageMs: 5_000,
      source: 'e2e.outage',
    });
    await report.restartedDynamoDb.stop();
    row(
      'DynamoDB stopped 5 s mid-load: sent / accepted / duplicate (a retry of one kept)',
      `${report.sent} / ${report.accepted} / ${report.duplicate}`,
      `${report.retried} retries of failed answers`,
    );
    row(
      'DynamoDB outage: in history / ids twice / accepted but missing in history / missing on the bus',
      `${report.inHistory} / ${report.idsTwiceInHistory} / ${report.acceptedMissingFromHistory} / ${report.acceptedMissingFromBus}`,
    );
  } finally {
    await own.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
