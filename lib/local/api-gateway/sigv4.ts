import { SignatureV4 } from '@smithy/signature-v4';

export const EXECUTE_API_SERVICE = 'execute-api';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly region: string;
}

export interface SignRequestInput {
  /** @default 'GET' */
  readonly method?: string;
  readonly url: string | URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly credentials: SigningCredentials;
  /** @default 'execute-api' */
  readonly service?: string;
  /** @default now */
  readonly signingDate?: Date;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: SourceData): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (ArrayBuffer.isView(data)) {
    const copy = new Uint8Array(data.byteLength);
    copy.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return copy;
  }
  return new Uint8Array(data.slice(0));
}

/**
 * SHA-256 (or HMAC-SHA-256 with a secret) on Web Crypto, in the shape the Smithy signer takes: the
 * same code signs in Node and in the browser (the web console).
 */
class WebSha256 {
  private chunks: Uint8Array<ArrayBuffer>[] = [];

  constructor(private readonly secret?: SourceData) {}

  update(data: SourceData): void {
    this.chunks.push(toBytes(data));
  }

  async digest(): Promise<Uint8Array> {
    const data = new Uint8Array(this.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
    let offset = 0;
    for (const chunk of this.chunks) {
      data.set(chunk, offset);
      offset += chunk.byteLength;
    }
    const { subtle } = globalThis.crypto;
    if (this.secret === undefined) return new Uint8Array(await subtle.digest('SHA-256', data));
    const key = await subtle.importKey(
      'raw',
      toBytes(this.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return new Uint8Array(await subtle.sign('HMAC', key, data));
  }

  reset(): void {
    this.chunks = [];
  }
}

/**
 * Signs a request with SigV4 (service `execute-api` unless told otherwise) and returns every header to
 * send: the caller's, `host`, `x-amz-date`, `x-amz-content-sha256` and `authorization`. Send the body
 * and URL exactly as given.
 */
export async function signRequest(input: SignRequestInput): Promise<Record<string, string>> {
  const url = new URL(input.url);
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const previous = query[name];
    query[name] = previous === undefined ? value : [...[previous].flat(), value];
  }
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  const { accessKeyId, secretAccessKey, sessionToken, region } = input.credentials;
  const signer = new SignatureV4({
    service: input.service ?? EXECUTE_API_SERVICE,
    region,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    sha256: WebSha256,
  });
  const signed = await signer.sign(
    {
      method: (input.method ?? 'GET').toUpperCase(),
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers,
      ...(input.body === undefined ? {} : { body: input.body }),
    },
    input.signingDate ? { signingDate: input.signingDate } : {},
  );
  return { ...signed.headers };
}
