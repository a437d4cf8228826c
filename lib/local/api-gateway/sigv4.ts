import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
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

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256 (or HMAC-SHA-256 with a secret) on node:crypto, in the shape the Smithy signer takes. */
class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }

  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }

  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.create();
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
    sha256: NodeSha256,
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
