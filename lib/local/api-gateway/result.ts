import type { InvokeResult } from '../topology.ts';
import { GATEWAY_MESSAGES, type GatewayResponse, gatewayError } from './responses.ts';

// Managed by the server, never copied from the function's headers.
const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `{ statusCode, headers, cookies, body, isBase64Encoded }`; undefined when the shape is invalid. */
function structuredResponse(payload: Record<string, unknown>): GatewayResponse | undefined {
  const { statusCode, headers, cookies, body, isBase64Encoded } = payload;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
    return undefined;
  if (headers !== undefined && headers !== null && !isRecord(headers)) return undefined;
  if (cookies !== undefined && cookies !== null && !Array.isArray(cookies)) return undefined;
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const text = headerValue(value);
    if (text !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) out[name.toLowerCase()] = text;
  }
  const setCookies = (cookies ?? []).filter((cookie): cookie is string => typeof cookie === 'string');
  if (setCookies.length > 0) {
    const existing = out['set-cookie'];
    out['set-cookie'] = [...(existing === undefined ? [] : [existing].flat()), ...setCookies];
  }
  const text =
    body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const bytes = Buffer.from(text, isBase64Encoded === true ? 'base64' : 'utf8');
  // The docs give no default content type when `statusCode` is set; plain text is the least surprising one.
  if (bytes.length > 0 && out['content-type'] === undefined)
    out['content-type'] = 'text/plain; charset=utf-8';
  return { statusCode, headers: out, body: bytes };
}

/** Turns the integration's answer into the HTTP response, as HTTP APIs do for payload format 2.0. */
export function interpretResult(result: InvokeResult): GatewayResponse {
  if (!result.ok) return gatewayError(500, GATEWAY_MESSAGES.internal);
  const { payload } = result;
  if (isRecord(payload) && 'statusCode' in payload)
    return structuredResponse(payload) ?? gatewayError(500, GATEWAY_MESSAGES.internal);
  // "Valid JSON without a statusCode": 200, application/json, the payload as the body (a string as-is).
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload ?? null);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
}
