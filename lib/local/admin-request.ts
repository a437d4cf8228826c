import { type SigningCredentials, signRequest } from './api-gateway/sigv4.ts';

export interface AdminAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: admin answers are JSON of many shapes; callers read what they asked for
  readonly body: any;
}

/**
 * One call to an IAM (SigV4) route of the local API, signed with the admin credentials of
 * `.vigil/local.json`, as any SigV4 client would sign it for API Gateway in the cloud.
 */
export async function adminRequest(
  target: { readonly endpoint: string; readonly admin: SigningCredentials },
  method: string,
  pathname: string,
  body?: unknown,
): Promise<AdminAnswer> {
  const url = `${target.endpoint}${pathname}`;
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers = await signRequest({
    method,
    url,
    ...(text === undefined ? {} : { body: text, headers: { 'content-type': 'application/json' } }),
    credentials: target.admin,
  });
  const response = await fetch(url, { method, headers, ...(text === undefined ? {} : { body: text }) });
  return { status: response.status, body: await response.json() };
}
