import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { InvalidEventPatternError, matchesPattern } from '#lib/core/pattern.ts';
import { awsJsonRequest } from '../http/aws-json.ts';
import { closeNow, listen } from '../http/listen.ts';
import { readBody } from '../http/read-body.ts';
import { sendJson } from '../http/send-json.ts';
import type { LocalRule } from '../topology.ts';
import type { LocalEventBus } from './bus.ts';
import { PutRuleError } from './put-rule.ts';
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

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  };
  sendJson(res, status, headers, JSON.stringify(body));
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

type Operations = Readonly<Record<string, (input: Record<string, unknown>) => unknown>>;

/** The operations the local endpoint speaks (AWS JSON 1.1, target prefix `AWSEvents`); PutRule only updates the template's rules. */
function operations(bus: LocalEventBus): Operations {
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
    PutRule: (input) => bus.putRule(input),
  };
}

/** The runtime's own routes under `/_vigil`: dead letters and schedules. Undefined for any other path. */
function vigilRoute(bus: LocalEventBus, req: IncomingMessage, body: Buffer): { result: unknown } | undefined {
  const { pathname } = new URL(req.url ?? '/', 'http://local');
  if (pathname === '/_vigil/dead-letters') {
    if (req.method === 'GET') return { result: { deadLetters: bus.deadLetters() } };
    if (req.method === 'POST') {
      const ids = body.length > 0 ? (JSON.parse(body.toString('utf8')) as { ids?: string[] }).ids : undefined;
      return { result: bus.redrive(ids) };
    }
  }
  if (pathname === '/_vigil/schedules' && req.method === 'GET')
    return { result: { schedules: bus.schedules() } };
  const fire = /^\/_vigil\/schedules\/([^/]+)\/fire$/.exec(pathname);
  if (fire && req.method === 'POST')
    return { result: { event: bus.fireSchedule(decodeURIComponent(fire[1] as string)) } };
  return undefined;
}

/** Each failure as EventBridge (or, for the `/_vigil` routes, the runtime) answers it: status, type, message. */
function failure(error: unknown): [number, string, string] {
  const message = (error as Error).message;
  if (error instanceof ScheduleNotFoundError) return [404, error.code, message];
  if (error instanceof ScheduleDisabledError) return [409, error.code, message];
  if (error instanceof ApiError) return [error.status, error.type, message];
  if (error instanceof PutRuleError) return [400, error.type, message];
  if (error instanceof InvalidEventPatternError) return [400, 'InvalidEventPatternException', message];
  if (error instanceof SyntaxError) return [400, 'SerializationException', message];
  return [500, 'InternalException', message];
}

async function handle(
  bus: LocalEventBus,
  ops: Operations,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const read = await readBody(req, MAX_REQUEST_BYTES);
    if (!read.ok) throw new ApiError('ValidationException', 'Request too large', 413);
    const own = vigilRoute(bus, req, read.body);
    if (own) return send(res, 200, own.result);
    const request = awsJsonRequest(req, read.body, 'AWSEvents', ops);
    if ('unknown' in request) throw new ApiError('UnknownOperationException', request.unknown);
    send(res, 200, request.operation(request.input));
  } catch (error) {
    const [status, type, message] = failure(error);
    send(res, status, { __type: type, message }, type);
  }
}

/**
 * A local EventBridge endpoint: the handlers' SDK reaches it through AWS_ENDPOINT_URL_EVENTBRIDGE.
 * Requests are not signature-checked (only the local functions call it). `/_vigil/dead-letters`
 * lists and re-drives dead letters for the `dead-letters` command; `GET /_vigil/schedules` lists the
 * scheduled rules and `POST /_vigil/schedules/<rule>/fire` fires one now.
 */
export async function startLocalEventBridge(
  bus: LocalEventBus,
  port = 0,
  host = '127.0.0.1',
): Promise<LocalEventBridgeServer> {
  const ops = operations(bus);
  const server: Server = createServer((req, res) => {
    void handle(bus, ops, req, res);
  });
  const endpoint = await listen(server, port, host);
  return { endpoint, close: () => closeNow(server) };
}
