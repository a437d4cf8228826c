/**
 * Counts the bytes each function writes to its log, from the local runtime's handler lines
 * (`[<function> <request id>] <line>`): what CloudWatch Logs would ingest, less Lambda's own
 * records (the local runtime writes none; bench/platform-lines.ts prices those the function's
 * system log level keeps).
 */
export class FunctionLogMeter {
  readonly #bytes = new Map<string, number>();

  readonly line = (tagged: string): void => {
    const match = /^\[(\S+)(?: \S+)?\] (.*)$/s.exec(tagged);
    if (!match) return;
    const [, name = '', line = ''] = match;
    this.#bytes.set(name, (this.#bytes.get(name) ?? 0) + Buffer.byteLength(line) + 1);
  };

  /** Bytes written since the last reset by the function whose short name starts with `prefix`. */
  bytesOf(prefix: string): number {
    let total = 0;
    for (const [name, bytes] of this.#bytes) if (name.startsWith(prefix)) total += bytes;
    return total;
  }

  reset(): void {
    this.#bytes.clear();
  }
}
