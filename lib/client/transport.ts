import { signRequest } from '#lib/local/api-gateway/sigv4.ts';
import { type AdminCredentials, type CredentialProvider, regionOf } from './credentials.ts';
import { VigilConfigError, VigilHttpError, VigilNetworkError } from './errors.ts';
import { parseRetryAfter } from './retry.ts';

export type QueryValue = string | number | boolean | Date | undefined;

/** How a request proves who sends it: a producer key, or a SigV4 signature. */
export type Auth = 'producer' | 'admin';

export interface TransportOptions {
  readonly endpoint: string;
  readonly producerKey?: string;
  readonly credentials?: AdminCredentials | CredentialProvider;
  readonly region?: string;
  readonly fetch?: typeof fetch;
  readonly defaultCredentials: () => CredentialProvider;
}

/** One HTTP answer, its body parsed as JSON when it is JSON. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are typed by each method of the client
  readonly body: any;
}

const USER_AGENT = 'vigil-client/0.1';

const GATEWAY_CODES: Readonly<Record<number, string>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'BODY_TOO_LARGE',
  429: 'THROTTLED',
  500: 'INTERNAL',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    params.set(name, value instanceof Date ? value.toISOString() : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The error an answer stands for: Vigil's `{error: {code, message, field?}}` body, or API Gateway's
 * own `{message}` named by its status.
 */
export function httpErrorOf(answer: Answer): VigilHttpError {
  const detail = answer.body?.error;
  const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'));
  const common = {
    status: answer.status,
    body: answer.body,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  if (detail && typeof detail.code === 'string') {
    return new VigilHttpError({
      ...common,
      code: detail.code,
      message: String(detail.message ?? detail.code),
      ...(typeof detail.field === 'string' ? { field: detail.field } : {}),
    });
  }
  const message = typeof answer.body?.message === 'string' ? answer.body.message : `HTTP ${answer.status}`;
  const hint =
    answer.status === 403 ? ' (the producer key or the request signature was refused: check them)' : '';
  return new VigilHttpError({
    ...common,
    code: GATEWAY_CODES[answer.status] ?? `HTTP_${answer.status}`,
    message: `${message}${hint}`,
  });
}

/** Sends requests to one Vigil endpoint, authenticated as each route demands. */
export class Transport {
  readonly endpoint: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: TransportOptions) {
    if (!options.endpoint)
      throw new VigilConfigError(
        'no endpoint: give the API URL, e.g. https://<id>.execute-api.<region>.amazonaws.com',
      );
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      throw new VigilConfigError(`endpoint ${JSON.stringify(options.endpoint)} is not a URL`);
    }
    this.endpoint = url.href.replace(/\/+$/, '');
    // Called unbound: a browser's fetch throws "Illegal invocation" when `this` is not the window.
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  private async credentials(): Promise<AdminCredentials & { region: string }> {
    const region = regionOf(this.endpoint, this.options.region);
    if (!region)
      throw new VigilConfigError('no AWS region to sign admin requests for: give region (or set AWS_REGION)');
    const given = this.options.credentials ?? this.options.defaultCredentials();
    const credentials = typeof given === 'function' ? await given() : given;
    return { ...credentials, region };
  }

  private async authHeaders(
    auth: Auth,
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<Record<string, string>> {
    if (auth === 'producer') {
      if (!this.options.producerKey)
        throw new VigilConfigError(
          'no producer key: give producerKey (a vgl_… key from `vigil keys create`)',
        );
      return { ...headers, authorization: `Bearer ${this.options.producerKey}` };
    }
    let credentials: Awaited<ReturnType<Transport['credentials']>>;
    try {
      credentials = await this.credentials();
    } catch (error) {
      if (error instanceof VigilConfigError) throw error;
      throw new VigilConfigError(
        `no AWS credentials for the admin API: ${(error as Error).message} (give credentials, or configure the AWS chain: AWS_PROFILE, AWS_ACCESS_KEY_ID, SSO…)`,
      );
    }
    return signRequest({ method, url, headers, ...(body === undefined ? {} : { body }), credentials });
  }

  /** One request; throws {@link VigilNetworkError} when no answer comes, never for an HTTP status. */
  async send(
    auth: Auth,
    method: string,
    pathname: string,
    options: { query?: Readonly<Record<string, QueryValue>>; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<Answer> {
    const url = `${this.endpoint}${pathname}${queryString(options.query)}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const base: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'application/json' };
    if (body !== undefined) base['content-type'] = 'application/json';
    const headers = await this.authHeaders(auth, method, url, base, body);
    let response: Response;
    try {
      response = await this.fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new VigilNetworkError(`could not reach ${this.endpoint} (${reason})`, error);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's HTML page): kept as text for the error.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  /** A request that must succeed: any status outside `ok` becomes a {@link VigilHttpError}. */
  async call<T>(
    auth: Auth,
    method: string,
    pathname: string,
    options: { query?: Readonly<Record<string, QueryValue>>; body?: unknown } = {},
  ): Promise<T> {
    const answer = await this.send(auth, method, pathname, options);
    if (answer.status < 200 || answer.status > 299) throw httpErrorOf(answer);
    return answer.body as T;
  }
}
