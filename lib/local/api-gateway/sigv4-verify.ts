import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { EXECUTE_API_SERVICE } from './sigv4.ts';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 5 * 60 * 1000;

export interface SignedRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly headerValues: Readonly<Record<string, readonly string[]>>;
  readonly body: Buffer;
}

export interface SigV4Expectation {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly now: number;
}

export type SigV4Outcome =
  | { readonly ok: true; readonly accessKeyId: string }
  | { readonly ok: false; readonly message: string };

const refuse = (message: string): SigV4Outcome => ({ ok: false, message });

function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** Non-S3 services: remove empty, `.` and `..` segments, then URI-encode the already-encoded path again. */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return escapeUri(`/${segments.join('/')}${trailing}`).replace(/%2F/g, '/');
}

function canonicalQuery(rawQueryString: string): string {
  const byKey = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    if (name.toLowerCase() === 'x-amz-signature') continue;
    const key = escapeUri(name);
    const pairs = byKey.get(key) ?? [];
    pairs.push(`${key}=${escapeUri(value)}`);
    byKey.set(key, pairs);
  }
  return [...byKey.keys()]
    .sort()
    .flatMap((key) => (byKey.get(key) ?? []).sort())
    .join('&');
}

function canonicalHeaders(
  signedHeaders: readonly string[],
  headerValues: SignedRequest['headerValues'],
): string {
  return signedHeaders
    .map((name) => {
      const values = (headerValues[name] ?? []).map((value) => value.trim().replace(/\s+/g, ' '));
      return `${name}:${values.join(',')}\n`;
    })
    .join('');
}

/** `20200312T190358Z` */
function amzDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function parseAuthorization(header: string): Map<string, string> | undefined {
  const m = /^(\S+)\s+(.*)$/s.exec(header.trim());
  if (m?.[1] !== ALGORITHM || m[2] === undefined) return undefined;
  const params = new Map<string, string>();
  for (const part of m[2].split(',')) {
    const at = part.indexOf('=');
    if (at > 0) params.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return params;
}

/** AWS's "incomplete signature" wording: one sentence per missing piece, then the header as received. */
function incomplete(
  authorization: string,
  params: Map<string, string> | undefined,
  date: string | undefined,
) {
  const missing = ['Credential', 'Signature', 'SignedHeaders']
    .filter((name) => !params?.get(name))
    .map((name) => `Authorization header requires '${name}' parameter.`);
  if (!date)
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  return missing.length > 0 ? refuse(`${missing.join(' ')} Authorization=${authorization}`) : undefined;
}

function checkScope(
  scope: readonly string[],
  date: string,
  expected: SigV4Expectation,
): SigV4Outcome | undefined {
  const [, day, region, service, terminator] = scope;
  if (day !== date.slice(0, 8))
    return refuse(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day ?? ''}' != '${date.slice(0, 8)}', from '${date}'.`,
    );
  if (region !== expected.region)
    return refuse(`Credential should be scoped to a valid region, not '${region ?? ''}'. `);
  if (service !== EXECUTE_API_SERVICE)
    return refuse(`Credential should be scoped to correct service: '${EXECUTE_API_SERVICE}'. `);
  if (terminator !== 'aws4_request' || scope.length !== 5)
    return refuse(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator ?? ''}'. `,
    );
  return undefined;
}

function checkClock(date: string, now: number): SigV4Outcome | undefined {
  const signedAt = parseAmzDate(date);
  if (signedAt === undefined) return refuse(`Date must be in ISO-8601 'basic format'. Got '${date}'.`);
  if (signedAt < now - MAX_SKEW_MS)
    return refuse(
      `Signature expired: ${date} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 5 min.)`,
    );
  if (signedAt > now + MAX_SKEW_MS)
    return refuse(
      `Signature not yet current: ${date} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 5 min.)`,
    );
  return undefined;
}

/**
 * Checks a SigV4 `Authorization` header against the one set of local credentials: recomputes the signature
 * over method, path, query, the signed headers and the SHA-256 of the body actually received (so a changed
 * body fails even when `x-amz-content-sha256` still carries the old hash), and compares in constant time.
 */
export function verifySigV4(request: SignedRequest, expected: SigV4Expectation): SigV4Outcome {
  const authorization = request.headerValues.authorization?.[0];
  if (!authorization) return refuse('Missing Authentication Token');
  const date = request.headerValues['x-amz-date']?.[0];
  const params = parseAuthorization(authorization);
  const notComplete = incomplete(authorization, params, date);
  if (notComplete || !params || !date) return notComplete ?? refuse('Missing Authentication Token');

  const scope = (params.get('Credential') ?? '').split('/');
  if (scope[0] !== expected.accessKeyId)
    return refuse('The security token included in the request is invalid.');
  const signedHeaderList = params.get('SignedHeaders') ?? '';
  const signedHeaders = signedHeaderList.split(';');
  const problem =
    checkScope(scope, date, expected) ??
    (signedHeaders.includes('host')
      ? undefined
      : refuse("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")) ??
    checkClock(date, expected.now);
  if (problem) return problem;

  const canonicalRequest = [
    request.method,
    canonicalPath(request.rawPath),
    canonicalQuery(request.rawQueryString),
    canonicalHeaders(signedHeaders, request.headerValues),
    signedHeaderList,
    sha256Hex(request.body),
  ].join('\n');
  const credentialScope = scope.slice(1).join('/');
  const stringToSign = [ALGORITHM, date, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${expected.secretAccessKey}`, date.slice(0, 8));
  for (const part of [expected.region, EXECUTE_API_SERVICE, 'aws4_request']) key = hmac(key, part);
  const computed = Buffer.from(createHmac('sha256', key).update(stringToSign).digest('hex'));
  const provided = Buffer.from(params.get('Signature') ?? '');
  if (computed.length === provided.length && timingSafeEqual(computed, provided))
    return { ok: true, accessKeyId: expected.accessKeyId };
  return refuse(
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
      `The Canonical String for this request should have been\n'${canonicalRequest}'\n\n` +
      `The String-to-Sign should have been\n'${stringToSign}'\n`,
  );
}
