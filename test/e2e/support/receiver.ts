import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

/** What the receiver answers its n-th request (1-based): a status, or `hang` (never answers). */
export type Behaviour = (n: number) => number | 'hang' | { status: number; holdMs: number };

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** The most requests it was ever handling at once. */
  readonly maxConcurrent: () => number;
  behaviour: Behaviour;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 (port 0) that records every request and answers as told. */
export async function startReceiver(behaviour: Behaviour = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  let current = 0;
  let max = 0;
  const receiver: Receiver = {
    url: '',
    received,
    maxConcurrent: () => max,
    behaviour,
    close: () => close(server),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const answer = receiver.behaviour(received.length);
      if (answer === 'hang') return;
      const { status, holdMs } = typeof answer === 'number' ? { status: answer, holdMs: 0 } : answer;
      current++;
      max = Math.max(max, current);
      setTimeout(() => {
        current--;
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
      }, holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, { url: `http://127.0.0.1:${port}/hook` });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
