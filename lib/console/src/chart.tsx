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

/** A stacked bar per minute, in SVG: a few dozen rectangles need no chart library. */
export function EventsChart({ rows }: { rows: readonly MinuteCounts[] }) {
  const width = 640;
  const height = 160;
  const max = Math.max(1, ...rows.map((r) => r.CRITICAL + r.WARNING + r.INFO));
  const barWidth = width / Math.max(1, rows.length);
  const total = rows.reduce((sum, r) => sum + r.CRITICAL + r.WARNING + r.INFO, 0);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Events per minute by severity, ${total} in the last ${rows.length} minutes`}
      >
        {rows.map((row, i) => {
          let y = height;
          return SEVERITIES.map((severity) => {
            const h = (row[severity] / max) * (height - 10);
            y -= h;
            return h > 0 ? (
              <rect
                key={`${row.minute}-${severity}`}
                class={`bar-${severity}`}
                x={i * barWidth + 1}
                y={y}
                width={barWidth - 2}
                height={h}
              >
                <title>{`${new Date(row.minute * 60_000).toLocaleTimeString()}: ${row[severity]} ${severity}`}</title>
              </rect>
            ) : null;
          });
        })}
      </svg>
      <figcaption>
        {SEVERITIES.map((s) => (
          <span key={s} class={`legend legend-${s}`}>
            {s}
          </span>
        ))}{' '}
        per minute, last {rows.length} minutes (peak {max})
      </figcaption>
    </figure>
  );
}
