import { type MinuteCounts, SEVERITIES } from './chart-data.ts';

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
