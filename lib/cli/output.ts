/** Terminal output: tables and colour for people (colour only on a TTY, never with NO_COLOR), JSON for scripts. */

const ANSI = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const;
export type Style = keyof typeof ANSI;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ESCAPES = /\u001b\[[0-9;]*m/g;
const visibleLength = (text: string) => text.replace(ESCAPES, '').length;

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string;
  readonly align?: 'left' | 'right';
  /** Cut longer values to this many characters (with …). */
  readonly max?: number;
}

export interface Stream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface OutputOptions {
  readonly json?: boolean;
  /** With `json`: keep only these fields (of each item, for lists). */
  readonly fields?: readonly string[];
  readonly stdout?: Stream;
  readonly stderr?: Stream;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => number;
}

/** Whether to colour a stream: a TTY, `NO_COLOR` unset (any value disables), `TERM` not dumb. */
export function colourFor(stream: Stream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** `3m ago`, `in 2h`, `just now`: how far a time is from now. */
export function relativeTime(iso: string | undefined, nowMs: number): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((nowMs - at) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 5) return 'just now';
  const units: [number, string][] = [
    [86_400 * 365, 'y'],
    [86_400 * 30, 'mo'],
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  const [size, unit] = units.find(([size]) => abs >= size) ?? [1, 's'];
  const amount = `${Math.round(abs / size)}${unit}`;
  return seconds >= 0 ? `${amount} ago` : `in ${amount}`;
}

function cut(text: string, max: number | undefined): string {
  const line = text.replace(/\s+/g, ' ');
  return max !== undefined && line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const pick = (item: unknown, fields: readonly string[]): unknown =>
  typeof item === 'object' && item !== null && !Array.isArray(item)
    ? Object.fromEntries(
        fields.filter((f) => f in item).map((f) => [f, (item as Record<string, unknown>)[f]]),
      )
    : item;

/**
 * `--fields id,status`: the fields of an object, of each item of an array, or of each item of a
 * list answer (`{alerts: [...], cursor}` keeps its cursor).
 */
export function selectFields(value: unknown, fields: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => pick(item, fields));
  if (typeof value !== 'object' || value === null) return value;
  const lists = Object.entries(value).filter(([, v]) => Array.isArray(v));
  if (lists.length === 1 && !fields.some((f) => f in value)) {
    const [name, items] = lists[0] as [string, unknown[]];
    return { ...value, [name]: items.map((item) => pick(item, fields)) };
  }
  return pick(value, fields);
}

/** The output of a command, from its `--json` and `--fields` flags. */
export function outputFor(flags: { json?: boolean; fields?: string }): Output {
  const fields = flags.fields
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  return new Output({ json: flags.json ?? false, ...(fields && fields.length > 0 ? { fields } : {}) });
}

/** One command's output: `--json` prints JSON only; otherwise lines, tables and colour for a person. */
export class Output {
  readonly json: boolean;
  readonly selected: readonly string[] | undefined;
  readonly colour: boolean;
  readonly stdout: Stream;
  readonly stderr: Stream;
  readonly now: () => number;
  private readonly stderrColour: boolean;

  constructor(options: OutputOptions = {}) {
    const env = options.env ?? process.env;
    this.selected = options.fields;
    this.json = (options.json ?? false) || options.fields !== undefined;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.colour = colourFor(this.stdout, env);
    this.stderrColour = colourFor(this.stderr, env);
    this.now = options.now ?? Date.now;
  }

  style(text: string, ...styles: Style[]): string {
    if (!this.colour || text === '') return text;
    return styles.reduce((out, name) => `\u001b[${ANSI[name][0]}m${out}\u001b[${ANSI[name][1]}m`, text);
  }

  /** A severity or state in its colour (CRITICAL red, WARNING yellow, …). */
  level(text: string): string {
    const styles: Readonly<Record<string, Style>> = {
      CRITICAL: 'red',
      WARNING: 'yellow',
      INFO: 'gray',
      new: 'red',
      acknowledged: 'yellow',
      resolved: 'green',
      active: 'green',
      pending: 'yellow',
      expired: 'gray',
      running: 'cyan',
      completed: 'green',
      failed: 'red',
      cancelled: 'yellow',
      accepted: 'green',
      duplicate: 'gray',
      suppressed: 'yellow',
      filtered: 'gray',
      rejected: 'red',
    };
    const style = styles[text];
    return style ? this.style(text, style) : text;
  }

  ago(iso: string | undefined): string {
    return relativeTime(iso, this.now());
  }

  line(text = ''): void {
    this.stdout.write(`${text}\n`);
  }

  /** JSON for scripts: indented on a terminal, one line otherwise (NDJSON for streams). */
  printJson(value: unknown): void {
    const shown = this.selected ? selectFields(value, this.selected) : value;
    this.stdout.write(`${JSON.stringify(shown, null, this.stdout.isTTY ? 2 : undefined)}\n`);
  }

  /** A note for the person (stderr, so that stdout stays data). */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    this.stderr.write(`${this.stderrColour ? `\u001b[33m${text}\u001b[39m` : text}\n`);
  }

  /** Aligned columns under a header; `empty` when there are no rows. */
  table<T>(rows: readonly T[], columns: readonly Column<T>[], empty = 'nothing to show'): void {
    if (rows.length === 0) {
      this.note(empty);
      return;
    }
    const cells = rows.map((row) => columns.map((c) => cut(c.value(row), c.max)));
    const widths = columns.map((c, i) =>
      Math.max(c.header.length, ...cells.map((r) => visibleLength(r[i] ?? ''))),
    );
    const pad = (text: string, i: number) => {
      const gap = ' '.repeat((widths[i] ?? 0) - visibleLength(text));
      return columns[i]?.align === 'right' ? gap + text : text + gap;
    };
    const render = (row: string[]) => row.map(pad).join('  ').replace(/\s+$/, '');
    this.line(this.style(render(columns.map((c) => c.header)), 'bold'));
    for (const row of cells) this.line(render(row));
  }

  /** `key  value` lines, keys aligned. */
  fields(pairs: readonly (readonly [string, string | undefined])[]): void {
    const shown = pairs.filter(([, v]) => v !== undefined && v !== '');
    const width = Math.max(...shown.map(([k]) => k.length));
    for (const [key, value] of shown) this.line(`${this.style(key.padEnd(width), 'dim')}  ${value}`);
  }

  /** A one-line progress bar on stderr, redrawn in place; only on a TTY. */
  progress(done: number, total: number | undefined, detail = ''): void {
    if (this.json || !this.stderr.isTTY) return;
    const width = 30;
    const bar =
      total && total > 0
        ? `[${'#'.repeat(Math.round((done / total) * width)).padEnd(width, '.')}] ${done}/${total}`
        : `${done}`;
    this.stderr.write(`\r\u001b[2K${bar} ${detail}`);
  }

  endProgress(): void {
    if (!this.json && this.stderr.isTTY) this.stderr.write('\r\u001b[2K');
  }
}
