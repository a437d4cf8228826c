/** Cuts a text stream into lines; a trailing partial line waits for more text or `flush()`. */
export class LineSplitter {
  readonly #emit: (line: string) => void;
  #partial = '';

  constructor(emit: (line: string) => void) {
    this.#emit = emit;
  }

  push(text: string): void {
    const parts = (this.#partial + text).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const line of parts) this.#emit(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  flush(): void {
    if (this.#partial === '') return;
    const line = this.#partial;
    this.#partial = '';
    this.#emit(line);
  }
}
