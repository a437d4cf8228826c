import type { Envelope } from '#lib/client/types.ts';

export const SEVERITIES = ['CRITICAL', 'WARNING', 'INFO'] as const;
type Severity = (typeof SEVERITIES)[number];
export type MinuteCounts = { readonly minute: number } & Readonly<Record<Severity, number>>;

/** Events per minute by severity over the last `minutes` minutes, oldest first (empty minutes included). */
export function perMinute(events: readonly Envelope[], nowMs: number, minutes: number): MinuteCounts[] {
  const last = Math.floor(nowMs / 60_000);
  const rows = Array.from({ length: minutes }, (_, i) => ({
    minute: last - minutes + 1 + i,
    CRITICAL: 0,
    WARNING: 0,
    INFO: 0,
  }));
  for (const event of events) {
    const row = rows[Math.floor(Date.parse(event.receivedAt) / 60_000) - (last - minutes + 1)];
    if (row) row[event.severity] += 1;
  }
  return rows;
}
