import http from 'node:http';
import type { RunningVigil } from '#lib/local/start-vigil.ts';

/**
 * The bench's producer: node:http on keep-alive sockets rather than fetch. It shares the two cores
 * with the system it measures, and fetch (undici over web streams) cost about 0.35 ms more CPU per
 * request on the runtime's main thread (1.2 against 0.85 ms per single-event request, same run).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POST /events with the producer key; resolves with the status (the body is read and dropped). */
export function postEvents(vigil: RunningVigil, body: unknown, timeoutMs?: number): Promise<number> {
  const url = new URL(`${vigil.config.endpoint}/events`);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        timeout: timeoutMs,
        headers: {
          authorization: `Bearer ${vigil.config.producerKey}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(data);
  });
}
