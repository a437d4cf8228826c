import type { IncomingMessage } from 'node:http';

/** How much of an oversized body is read and thrown away so the client sees the error rather than a reset. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export type BodyResult =
  | { readonly ok: true; readonly body: Buffer }
  /** Larger than the limit, or cut off by the client; `size` is what arrived. */
  | { readonly ok: false; readonly size: number };

/**
 * Reads a request body up to `limit` bytes. Past the limit it keeps draining (up to a cap) and
 * reports `ok: false`, so every local endpoint can answer its own "too large" error.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on('end', () =>
      resolve(size <= limit ? { ok: true, body: Buffer.concat(chunks) } : { ok: false, size }),
    );
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false, size });
    });
  });
}
