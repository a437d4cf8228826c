import fc from 'fast-check';
import { ADMIN_ROUTES, REPLAY_ROUTES, SUBSCRIPTION_ROUTES } from '#infra/constructs/http-api.ts';
import { type SigningCredentials, signRequest } from '#lib/local/api-gateway/sigv4.ts';

/** What the fuzzer needs of a running Vigil: `.vigil/local.json`'s shape. */
export interface FuzzTarget {
  readonly endpoint: string;
  readonly producerKey: string;
  readonly admin: SigningCredentials;
}

export interface FuzzRequest {
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly body?: string | Uint8Array;
  readonly signed: boolean;
}

export interface FuzzFinding {
  readonly request: string;
  readonly status: number;
  readonly problem: string;
  readonly body: string;
}

export interface FuzzReport {
  readonly sent: number;
  readonly byStatus: Record<string, number>;
  readonly findings: FuzzFinding[];
}

/** An error body may be this large at most (a Vigil error quotes ~100 characters of a value). */
export const MAX_ERROR_BODY_BYTES = 2_048;

const text = (max: number) => fc.string({ unit: 'binary', maxLength: max });
const hostileText = fc.oneof(
  text(40),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '\u202e\u2066bidi',
    '\u0000',
    '../..',
    '%00',
    '😀',
  ),
  fc.nat({ max: 600_000 }).map((n) => 'X'.repeat(n)),
);
const hostileNumberText = fc.constantFrom(
  '1e309',
  '-1e309',
  '9007199254740993',
  '10000000000000001',
  '1e-400',
  '1e-131',
  '-0',
  '0.1e1',
  '123456789012345678901234567890',
);

/** An event whose fields are sometimes right, sometimes of the wrong type, length or alphabet. */
const roughEvent = fc.record(
  {
    id: fc.oneof(fc.constant('01JDZ0000000000000000000AB'), hostileText),
    source: fc.oneof(fc.constantFrom('fuzz.sensor', 'fuzz/line-2'), hostileText, fc.jsonValue()),
    type: fc.oneof(fc.constantFrom('fuzz.reading', 'state.START', 'alert.opened'), hostileText),
    severity: fc.oneof(fc.constantFrom('INFO', 'WARNING', 'CRITICAL'), hostileText, fc.jsonValue()),
    message: fc.oneof(hostileText, fc.jsonValue()),
    module: hostileText,
    dedupKey: hostileText,
    data: fc.oneof(fc.jsonValue(), fc.dictionary(hostileText, fc.jsonValue(), { maxKeys: 4 })),
    signal: fc.oneof(
      fc.record({ valence: fc.double(), state: fc.array(fc.jsonValue(), { maxLength: 4 }) }),
      fc.jsonValue(),
    ),
    receivedAt: fc.string(),
  },
  { requiredKeys: [] },
);

/** JSON text with a hostile number spliced in where JSON.stringify could not put it. */
const numberBody = fc
  .tuple(hostileNumberText, fc.constantFrom('data', 'signal'))
  .map(([n, where]) =>
    where === 'data'
      ? `{"source":"fuzz.sensor","type":"fuzz.n","data":{"n":${n},"list":[${n}]}}`
      : `{"source":"fuzz.sensor","type":"fuzz.n","signal":{"valence":${n},"state":[${n}]}}`,
  );
const deepBody = fc
  .integer({ min: 25, max: 200_000 })
  .map((n) => `{"source":"fuzz.sensor","type":"fuzz.deep","data":{"a":${'['.repeat(n)}${']'.repeat(n)}}}`);
const loneSurrogateBody = fc.constantFrom(
  '{"source":"fuzz.sensor","type":"fuzz.text","message":"\\ud800"}',
  '{"source":"fuzz.sensor","type":"fuzz.text","data":{"\\udfff":1}}',
  '{"source":"fuzz.sensor","type":"fuzz.text","data":{"__proto__":{"polluted":true}}}',
  '{"__proto__":{"source":"x"},"source":"fuzz.sensor","type":"fuzz.text"}',
  '{"source":"fuzz.sensor","type":"fuzz.text","data":{"":1}}',
);
const batchBody = fc
  .tuple(fc.array(roughEvent, { maxLength: 120 }), fc.boolean())
  .map(([events, repeat]) =>
    JSON.stringify({ events: repeat && events.length > 0 ? events.map(() => events[0]) : events }),
  );
const sameIdBatch = fc.nat({ max: 99 }).map((n) =>
  JSON.stringify({
    events: Array.from({ length: n + 2 }, (_, i) => ({
      id: '01JDZ0000000000000000000CD',
      dedupKey: `k${i % 3}`,
      source: 'fuzz.sensor',
      type: 'fuzz.same-id',
    })),
  }),
);

const ingestBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  roughEvent.map((e) => JSON.stringify(e)),
  text(200),
  fc.uint8Array({ maxLength: 300 }),
  numberBody,
  deepBody,
  loneSurrogateBody,
  batchBody,
  sameIdBatch,
  fc.constant(`{"source":"fuzz.sensor","type":"fuzz.big","message":"${'m'.repeat(1_100_000)}"}`),
);

const junkSegment = fc.oneof(
  fc.constantFrom('01JDZ0000000000000000000AB', 'x', '..', '%2e%2e', '%ff', 'a'.repeat(2_000), '__proto__'),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
);
const junkQuery = fc
  .dictionary(
    fc.constantFrom(
      'from',
      'to',
      'limit',
      'cursor',
      'order',
      'state',
      'severity',
      'source',
      'type',
      'at',
      'windows',
      'x',
    ),
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('-1', '0', '1e9', 'NaN', '2026-13-40T99:99:99Z', 'eyJ4IjoxfQ', 'A'.repeat(5_000)),
    ),
    { maxKeys: 4 },
  )
  .map((q) => new URLSearchParams(q).toString());

const adminRequest = fc
  .tuple(
    fc.constantFrom(...ADMIN_ROUTES, ...REPLAY_ROUTES, ...SUBSCRIPTION_ROUTES),
    junkSegment,
    junkQuery,
    fc.oneof(ingestBody, fc.constant(undefined)),
  )
  .map(
    ([route, segment, query, body]): FuzzRequest => ({
      kind: `${route.method} ${route.path}`,
      method: route.method,
      path: `${route.path.replace(/\{[a-z]+\}/g, segment)}${query ? `?${query}` : ''}`,
      ...(route.method === 'GET' || route.method === 'DELETE' || body === undefined ? {} : { body }),
      signed: true,
    }),
  );

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  {
    arbitrary: ingestBody.map(
      (body): FuzzRequest => ({ kind: 'POST /events', method: 'POST', path: '/events', body, signed: false }),
    ),
    weight: 3,
  },
  { arbitrary: adminRequest, weight: 2 },
);

async function send(target: FuzzTarget, request: FuzzRequest): Promise<{ status: number; body: string }> {
  const url = `${target.endpoint}${request.path}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signed = request.signed
    ? await signRequest({
        method: request.method,
        url,
        headers,
        credentials: target.admin,
        ...(request.body === undefined ? {} : { body: request.body }),
      })
    : { ...headers, authorization: `Bearer ${target.producerKey}` };
  const response = await fetch(url, {
    method: request.method,
    headers: signed,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { status: response.status, body: await response.text() };
}

/** What is wrong with an answer, if anything: a 5xx, or an error body of the wrong shape or size. */
export function problemOf(status: number, body: string): string | undefined {
  if (status >= 500) return `answered ${status}`;
  if (status < 400) return undefined;
  if (Buffer.byteLength(body) > MAX_ERROR_BODY_BYTES) return `error body of ${Buffer.byteLength(body)} bytes`;
  let parsed: { error?: { code?: unknown; message?: unknown }; message?: unknown };
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'error body is not JSON';
  }
  if (typeof parsed.error?.code === 'string' && typeof parsed.error.message === 'string') return undefined;
  // API Gateway's own answers (no route, unauthorized, too large, throttled) keep AWS's shape.
  if (typeof parsed.message === 'string' && [401, 403, 404, 405, 413, 429].includes(status)) return undefined;
  return 'error body is not {error: {code, message}}';
}

/** Sends `count` generated requests (8 at a time) and reports every answer that breaks the rules. */
export async function runFuzz(target: FuzzTarget, count: number, seed: number): Promise<FuzzReport> {
  const requests = fc.sample(fuzzRequest, { numRuns: count, seed });
  const byStatus: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const request = requests[i] as FuzzRequest;
      const { status, body } = await send(target, request);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      const problem = problemOf(status, body);
      if (problem)
        findings.push({
          request: `${request.method} ${request.path.slice(0, 120)}`,
          status,
          problem,
          body: body.slice(0, 300),
        });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { sent: requests.length, byStatus, findings };
}
