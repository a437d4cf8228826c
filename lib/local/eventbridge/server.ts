import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidEventPatternError, matchesPattern } from '../../core/pattern.ts';
import type { LocalRule } from '../topology.ts';
import type { LocalEventBus } from './bus.ts';
import { ScheduleDisabledError, ScheduleNotFoundError } from './schedule-errors.ts';

export interface LocalEventBridgeServer {
  readonly endpoint: string;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) reject(new ApiError('ValidationException', 'Request too large', 413));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(JSON.stringify(body));
}

function describe(rule: LocalRule) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern ? { EventPattern: JSON.stringify(rule.eventPattern) } : {}),
    ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
    State: rule.enabled ? 'ENABLED' : 'DISABLED',
    EventBusName: rule.busName,
    ...(rule.description ? { Description: rule.description } : {}),
  };
}

/** The operations the local endpoint speaks (AWS JSON 1.1, target prefix `AWSEvents`). */
function operations(bus: LocalEventBus): Record<string, (input: Record<string, unknown>) => unknown> {
  return {
    PutEvents: (input) => {
      const entries = input.Entries;
      if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) {
        throw new ApiError(
          'ValidationException',
          "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10",
        );
      }
      return bus.putEvents(entries);
    },
    TestEventPattern: (input) => {
      if (typeof input.EventPattern !== 'string' || typeof input.Event !== 'string') {
        throw new ApiError('ValidationException', 'EventPattern and Event are required strings');
      }
      let event: unknown;
      try {
        event = JSON.parse(input.Event);
      } catch {
        throw new ApiError('InvalidEventPatternException', 'Event is not valid JSON');
      }
      const required = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'];
      const missing = required.filter((field) => !(field in (event as object)));
      if (missing.length > 0)
        throw new ApiError('ValidationException', `Event is missing required fields: ${missing.join(', ')}`);
      return { Result: matchesPattern(input.EventPattern, event as Record<string, unknown>) };
    },
    ListRules: (input) => ({
      Rules: bus
        .rules(input.EventBusName as string | undefined, input.NamePrefix as string | undefined)
        .map(describe),
    }),
    DescribeRule: (input) => {
      const rule = bus.rule(String(input.Name), (input.EventBusName as string | undefined) ?? 'default');
      if (!rule)
        throw new ApiError('ResourceNotFoundException', `Rule ${String(input.Name)} does not exist.`);
      return describe(rule);
    },
  };
}

/**
 * A local EventBridge endpoint: the handlers' SDK reaches it through AWS_ENDPOINT_URL_EVENTBRIDGE.
 * Requests are not signature-checked (only the local functions call it). `/_vigil/dead-letters`
 * lists and re-drives dead letters for the `dead-letters` command; `GET /_vigil/schedules` lists the
 * scheduled rules and `POST /_vigil/schedules/<rule>/fire` fires one now.
 */
export function startLocalEventBridge(
  bus: LocalEventBus,
  port = 0,
  host = '127.0.0.1',
): Promise<LocalEventBridgeServer> {
  const ops = operations(bus);
  const server: Server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://local');
      if (url.pathname === '/_vigil/dead-letters') {
        if (req.method === 'GET') return send(res, 200, { deadLetters: bus.deadLetters() });
        if (req.method === 'POST') {
          const ids = body ? (JSON.parse(body) as { ids?: string[] }).ids : undefined;
          return send(res, 200, bus.redrive(ids));
        }
      }
      if (url.pathname === '/_vigil/schedules' && req.method === 'GET')
        return send(res, 200, { schedules: bus.schedules() });
      const fire = /^\/_vigil\/schedules\/([^/]+)\/fire$/.exec(url.pathname);
      if (fire && req.method === 'POST')
        return send(res, 200, { event: bus.fireSchedule(decodeURIComponent(fire[1] as string)) });
      const target = String(req.headers['x-amz-target'] ?? '');
      const [prefix, operation] = target.split('.');
      const handler = prefix === 'AWSEvents' && operation ? ops[operation] : undefined;
      if (req.method !== 'POST' || !handler)
        throw new ApiError(
          'UnknownOperationException',
          `Operation ${target || '(none)'} is not supported locally`,
        );
      const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      send(res, 200, handler(input));
    } catch (error) {
      if (error instanceof ScheduleNotFoundError)
        return send(res, 404, { __type: error.code, message: error.message }, error.code);
      if (error instanceof ScheduleDisabledError)
        return send(res, 409, { __type: error.code, message: error.message }, error.code);
      if (error instanceof ApiError)
        return send(res, error.status, { __type: error.type, message: error.message }, error.type);
      if (error instanceof InvalidEventPatternError) {
        return send(
          res,
          400,
          { __type: 'InvalidEventPatternException', message: error.message },
          'InvalidEventPatternException',
        );
      }
      if (error instanceof SyntaxError)
        return send(
          res,
          400,
          { __type: 'SerializationException', message: error.message },
          'SerializationException',
        );
      send(res, 500, { __type: 'InternalException', message: (error as Error).message }, 'InternalException');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        endpoint: `http://${host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
