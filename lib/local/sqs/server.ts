import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { awsJsonRequest } from '../http/aws-json.ts';
import { closeNow, listen } from '../http/listen.ts';
import { readBody } from '../http/read-body.ts';
import { sendJson } from '../http/send-json.ts';
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

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  const all = { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), ...headers };
  sendJson(res, status, all, JSON.stringify(body));
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
    const read = await readBody(req, MAX_REQUEST_BYTES);
    if (!read.ok) throw new SqsError('BatchRequestTooLong', `Request of ${read.size} bytes is too long.`);
    const request = awsJsonRequest(req, read.body, 'AmazonSQS', OPERATIONS);
    if ('unknown' in request) throw new SqsError('UnknownOperationException', request.unknown);
    send(res, 200, await request.operation(broker, request.input as Input, signal));
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
  return listen(server, port, host).then((endpoint) => ({
    endpoint,
    close: () => {
      closing.abort();
      return closeNow(server);
    },
  }));
}
