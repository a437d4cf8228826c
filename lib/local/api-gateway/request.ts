import type { IncomingMessage } from 'node:http';

/** API Gateway's request payload quota (10 MB). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** One HTTP request as the gateway sees it, before routing. */
export interface ApiRequest {
  readonly method: string;
  /** Path as sent, still percent-encoded. */
  readonly rawPath: string;
  readonly rawQueryString: string;
  /** Lower-cased names, every value as sent (Node keeps duplicates apart in `headersDistinct`). */
  readonly headerValues: Readonly<Record<string, readonly string[]>>;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly protocol: string;
  readonly localPort: number;
}

export function toApiRequest(req: IncomingMessage, body: Buffer): ApiRequest {
  const target = req.url ?? '/';
  // Absolute-form targets (`GET http://host/path`) are legal HTTP/1.1; keep only path and query.
  const pathAndQuery = /^[a-z]+:\/\//i.test(target) ? target.replace(/^[a-z]+:\/\/[^/?#]*/i, '') : target;
  const withoutFragment = pathAndQuery.split('#', 1)[0] ?? '';
  const queryAt = withoutFragment.indexOf('?');
  const rawPath = (queryAt < 0 ? withoutFragment : withoutFragment.slice(0, queryAt)) || '/';
  const rawQueryString = queryAt < 0 ? '' : withoutFragment.slice(queryAt + 1);
  const headerValues: Record<string, readonly string[]> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values) headerValues[name] = values;
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    rawPath,
    rawQueryString,
    headerValues,
    body,
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    protocol: `HTTP/${req.httpVersion}`,
    localPort: req.socket.localPort ?? 0,
  };
}

/** `a=1&a=2&b` → `{ a: ['1', '2'], b: [''] }`; `+` is a space, as in HTML forms. */
export function parseQuery(rawQueryString: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const values = params.get(name);
    if (values) values.push(value);
    else params.set(name, [value]);
  }
  return params;
}

export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
