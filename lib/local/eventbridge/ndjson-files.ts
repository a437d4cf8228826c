import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

interface FileQueue {
  lines: string[];
  settle: Array<(error?: unknown) => void>;
  writing: boolean;
}

/**
 * Appends lines to files off the event loop. Lines for a file that arrive while a write to it is
 * in flight go out together in the next append (one open and write for many events under load),
 * in the order they came; each `append` resolves once its line is in the file, so a reader that
 * waits for the delivery sees it. A folder is created once, again if it disappears.
 */
export class NdjsonFiles {
  readonly #queues = new Map<string, FileQueue>();
  readonly #folders = new Set<string>();

  append(file: string, line: string): Promise<void> {
    let queue = this.#queues.get(file);
    if (!queue) {
      queue = { lines: [], settle: [], writing: false };
      this.#queues.set(file, queue);
    }
    const current = queue;
    const written = new Promise<void>((resolve, reject) => {
      current.lines.push(line);
      current.settle.push((error) => (error === undefined ? resolve() : reject(error)));
    });
    if (!queue.writing) void this.#drain(file, queue);
    return written;
  }

  async #drain(file: string, queue: FileQueue): Promise<void> {
    queue.writing = true;
    while (queue.lines.length > 0) {
      const text = queue.lines.join('');
      const settle = queue.settle;
      queue.lines = [];
      queue.settle = [];
      let failure: unknown;
      try {
        await this.#write(file, text);
      } catch (error) {
        failure = error ?? new Error(`appending to ${file} failed`);
      }
      for (const done of settle) done(failure);
    }
    queue.writing = false;
  }

  async #write(file: string, text: string): Promise<void> {
    const folder = path.dirname(file);
    if (!this.#folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.#folders.add(folder);
    }
    try {
      await appendFile(file, text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.#folders.delete(folder); // removed since: make it again
      await mkdir(folder, { recursive: true });
      this.#folders.add(folder);
      await appendFile(file, text);
    }
  }
}
