import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SqsBroker } from './broker.ts';
import { SqsError } from './errors.ts';
import { getQueueAttributes, getQueueUrl, listQueues, purgeQueue } from './operations-queue.ts';
import {
  changeMessageVisibility,
  changeMessageVisibilityBatch,
  deleteMessage,
  deleteMessageBatch,
  receiveMessage,
} from './operations-receive.ts';
import { sendMessage, sendMessageBatch } from './operations-send.ts';
import type { Input } from './wire-input.ts';

export interface LocalSqsServer {
  /** `http://127.0.0.1:<port>`: AWS_ENDPOINT_URL_SQS, and the origin of every queue URL. */
  readonly endpoint: string;
  close(): Promise<void>;
}

type Operation = (broker: SqsBroker, input: Input, signal: AbortSignal) => unknown;

const OPERATIONS: Readonly<Record<string, Operation>> = {
  SendMessage: sendMessage,
  SendMessageBatch: sendMessageBatch,
  ReceiveMessage: receiveMessage,
  DeleteMessage: deleteMessage,
  DeleteMessageBatch: deleteMessageBatch,
  ChangeMessageVisibility: changeMessageVisibility,
  ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
  GetQueueUrl: getQueueUrl,
  GetQueueAttributes: getQueueAttributes,
  PurgeQueue: purgeQueue,
  ListQueues: listQueues,
};

const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
const CONTENT_TYPE = 'application/x-amz-json-1.0';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_REQUEST_BYTES
        ? reject(new SqsError('BatchRequestTooLong', `Request of ${size} bytes is too long.`))
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), ...headers });
  res.end(JSON.stringify(body));
}

/** An SQS error on the wire: `__type` for JSON clients, `x-amzn-query-error` for query-compatible ones. */
function sendError(res: ServerResponse, error: unknown): void {
  const sqs =
    error instanceof SqsError
      ? error
      : error instanceof SyntaxError
        ? new SqsError('SerializationException', error.message)
        : undefined;
  if (!sqs) {
    send(res, 500, { __type: 'com.amazonaws.sqs#InternalError', message: (error as Error).message });
    return;
  }
  send(
    res,
    sqs.status,
    { __type: `com.amazonaws.sqs#${sqs.code}`, message: sqs.message },
    {
      'x-amzn-query-error': `${sqs.queryCode};Sender`,
    },
  );
}

async function handle(broker: SqsBroker, req: IncomingMessage, res: ServerResponse, signal: AbortSignal) {
  try {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const [prefix, name] = target.split('.');
    const operation = prefix === 'AmazonSQS' && name ? OPERATIONS[name] : undefined;
    if (req.method !== 'POST' || !operation) {
      throw new SqsError(
        'UnknownOperationException',
        `Operation ${target || '(none)'} is not supported locally`,
      );
    }
    const input = (body ? JSON.parse(body) : {}) as Input;
    send(res, 200, await operation(broker, input, signal));
  } catch (error) {
    sendError(res, error);
  }
}

/**
 * The local SQS endpoint, AWS JSON 1.0 (`X-Amz-Target: AmazonSQS.<Operation>`), as
 * `@aws-sdk/client-sqs` speaks it. Requests are not signature-checked (only local code calls it).
 */
export function startLocalSqs(broker: SqsBroker, port = 0, host = '127.0.0.1'): Promise<LocalSqsServer> {
  const closing = new AbortController();
  // Every waiting long poll listens for the close: no listener limit.
  setMaxListeners(0, closing.signal);
  const server: Server = createServer((req, res) => {
    void handle(broker, req, res, closing.signal);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        endpoint: `http://${host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            closing.abort();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
