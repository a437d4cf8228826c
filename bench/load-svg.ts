/** One step of the load curve: what was offered, what came back. */
export interface LoadStep {
  readonly offered: number;
  readonly achieved: number;
  readonly p50: number;
  readonly p99: number;
  readonly errorRate: number;
}

const WIDTH = 720;
const PANEL = 200;
const LEFT = 70;
const RIGHT = 20;
const TOP = 40;
const GAP = 60;

interface Panel {
  readonly top: number;
  readonly yMax: number;
  readonly xMax: number;
}

/** A round axis maximum at or above `value`: 1, 2 or 5 × 10^n. */
function niceMax(value: number): number {
  const safe = Number.isFinite(value) && value > 0 ? value : 1;
  const power = 10 ** Math.floor(Math.log10(safe));
  return ([1, 2, 5, 10].find((m) => m * power >= safe) ?? 10) * power;
}

const x = (panel: Panel, v: number) => LEFT + (v / panel.xMax) * (WIDTH - LEFT - RIGHT);
const y = (panel: Panel, v: number) => panel.top + PANEL - (Math.min(v, panel.yMax) / panel.yMax) * PANEL;
const num = (v: number) => v.toFixed(1);

function polyline(panel: Panel, points: [number, number][], color: string, dashed = false): string {
  const shown = points.filter(([, v]) => Number.isFinite(v));
  const coords = shown.map(([a, b]) => `${num(x(panel, a))},${num(y(panel, b))}`).join(' ');
  const dots = shown
    .map(([a, b]) => `<circle cx="${num(x(panel, a))}" cy="${num(y(panel, b))}" r="3" fill="${color}"/>`)
    .join('');
  const dash = dashed ? ' stroke-dasharray="3 3"' : ' stroke-width="2"';
  return `<polyline fill="none" stroke="${color}"${dash} points="${coords}"/>${dots}`;
}

function axes(panel: Panel, yLabel: string, xLabel: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const yTicks = ticks
    .map((t) => {
      const v = t * panel.yMax;
      return `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${num(y(panel, v))}" y2="${num(y(panel, v))}" stroke="#ddd"/><text x="${LEFT - 6}" y="${num(y(panel, v) + 4)}" text-anchor="end">${Math.round(v)}</text>`;
    })
    .join('');
  const xTicks = ticks
    .map((t) => {
      const v = t * panel.xMax;
      return `<text x="${num(x(panel, v))}" y="${panel.top + PANEL + 16}" text-anchor="middle">${Math.round(v)}</text>`;
    })
    .join('');
  return `${yTicks}${xTicks}<rect x="${LEFT}" y="${panel.top}" width="${WIDTH - LEFT - RIGHT}" height="${PANEL}" fill="none" stroke="#888"/><text x="16" y="${panel.top + PANEL / 2}" transform="rotate(-90 16 ${panel.top + PANEL / 2})" text-anchor="middle">${yLabel}</text><text x="${(LEFT + WIDTH - RIGHT) / 2}" y="${panel.top + PANEL + 34}" text-anchor="middle">${xLabel}</text>`;
}

function legend(top: number, entries: [string, string][]): string {
  return entries
    .map(
      ([color, label], i) =>
        `<line x1="${LEFT + 10 + i * 170}" x2="${LEFT + 34 + i * 170}" y1="${top}" y2="${top}" stroke="${color}" stroke-width="2"/><text x="${LEFT + 40 + i * 170}" y="${top + 4}">${label}</text>`,
    )
    .join('');
}

/** The load curve as a hand-written SVG: accepted vs offered rate above, p50/p99 latency below. */
export function loadCurveSvg(
  steps: readonly LoadStep[],
  marks: { ceiling: number; sustained: number },
): string {
  const xMax = niceMax(Math.max(...steps.map((s) => s.offered), 1));
  const rates: Panel = { top: TOP, xMax, yMax: niceMax(Math.max(xMax, marks.ceiling)) };
  const latency: Panel = {
    top: TOP + PANEL + GAP,
    xMax,
    yMax: niceMax(Math.max(...steps.map((s) => s.p99).filter(Number.isFinite), 1)),
  };
  const offered = steps.map((s) => [s.offered, s.offered] as [number, number]);
  const height = latency.top + PANEL + 50;
  const ceilingY = num(y(rates, marks.ceiling));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    '<title>Vigil ingest load curve: accepted events/s and p50/p99 latency against the offered rate</title>',
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${LEFT}" y="18" font-size="13" font-weight="bold">Vigil ingest load curve (single-event requests, local runtime, open loop)</text>`,
    axes(rates, 'events/s', 'offered events/s'),
    `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${ceilingY}" y2="${ceilingY}" stroke="#999" stroke-dasharray="6 4"/><text x="${WIDTH - RIGHT - 4}" y="${Number(ceilingY) - 4}" text-anchor="end" fill="#666">raw PutItem ${Math.round(marks.ceiling)} op/s</text>`,
    polyline(rates, offered, '#bbb', true),
    polyline(
      rates,
      steps.map((s) => [s.offered, s.achieved]),
      '#1f77b4',
    ),
    legend(TOP + 14, [
      ['#1f77b4', 'accepted events/s'],
      ['#bbb', 'offered'],
    ]),
    axes(latency, 'latency, ms', 'offered events/s'),
    polyline(
      latency,
      steps.map((s) => [s.offered, s.p50]),
      '#2ca02c',
    ),
    polyline(
      latency,
      steps.map((s) => [s.offered, s.p99]),
      '#d62728',
    ),
    legend(latency.top + 14, [
      ['#2ca02c', 'p50'],
      ['#d62728', 'p99'],
    ]),
    Number.isFinite(marks.sustained)
      ? `<text x="${LEFT + 10}" y="${TOP + PANEL - 8}" fill="#1f77b4">highest sustained step: ${Math.round(marks.sustained)} events/s</text>`
      : '',
    '</svg>',
    '',
  ].join('\n');
}
