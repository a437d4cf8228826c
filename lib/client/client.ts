import { VigilAdminApi } from './admin-api.ts';
import { type AdminCredentials, awsCredentialChain, type CredentialProvider } from './credentials.ts';
import { chunk, deliverBatch, prepareEvent } from './deliver.ts';
import { VigilConfigError } from './errors.ts';
import { readLocalRuntime } from './local.ts';
import { type RetryOptions, retryPolicy } from './retry.ts';
import { Transport } from './transport.ts';
import type { PublishResult, VigilEvent } from './types.ts';

/**
 * Where and as whom the client talks.
 *
 * @example
 * ```ts
 * const client = new VigilClient({ endpoint: process.env.VIGIL_ENDPOINT!, producerKey: process.env.VIGIL_KEY });
 * ```
 */
export interface VigilClientOptions {
  /** The API's base URL, e.g. `https://a1b2c3.execute-api.eu-west-1.amazonaws.com` or `http://127.0.0.1:3000`. */
  readonly endpoint: string;
  /** `vgl_…`: needed to publish. */
  readonly producerKey?: string;
  /** For the admin routes (SigV4). @default the standard AWS credential chain */
  readonly credentials?: AdminCredentials | CredentialProvider;
  /** The region to sign for. @default AWS_REGION, else the endpoint's execute-api host */
  readonly region?: string;
  /** How `publish` retries. */
  readonly retry?: RetryOptions;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * Typed access to every route of Vigil's HTTP API: `POST /events` with a producer key, the admin
 * routes signed with SigV4. Errors are {@link VigilHttpError} (with `status`, `code`, `field`),
 * {@link VigilNetworkError} or {@link VigilConfigError}.
 *
 * @example
 * ```ts
 * import { VigilClient } from '@vigil/client';
 * const client = VigilClient.fromLocalRuntime();              // or new VigilClient({ endpoint, producerKey })
 * await client.publish({ source: 'plant7.press', type: 'temperature.high', severity: 'WARNING' });
 * const { alerts } = await client.alerts({ state: 'new' });
 * await client.ack(alerts[0].id, { by: 'ana', note: 'on it' });
 * ```
 */
export class VigilClient extends VigilAdminApi {
  readonly retry: RetryOptions;

  constructor(options: VigilClientOptions) {
    super(new Transport({ ...options, defaultCredentials: awsCredentialChain }));
    this.retry = options.retry ?? {};
  }

  /**
   * A client for the running local runtime, from `<stateDir>/local.json` (written by `npm start`).
   *
   * @example
   * ```ts
   * const client = VigilClient.fromLocalRuntime({ stateDir: '/path/to/vigil/.vigil' });
   * ```
   */
  static fromLocalRuntime(options: { stateDir?: string } & Pick<VigilClientOptions, 'retry' | 'fetch'> = {}) {
    const local = readLocalRuntime(options.stateDir);
    if (!local)
      throw new VigilConfigError(
        `no local runtime config in ${options.stateDir ?? '.vigil'}/local.json: start it with npm start`,
      );
    return new VigilClient({
      endpoint: local.endpoint,
      producerKey: local.producerKey,
      credentials: local.admin,
      region: local.admin.region,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /**
   * Publishes one event (or many, in requests of ≤ 100) now, with retries; resolves to each event's
   * result. Ids are assigned here so that a retry is deduplicated by the server.
   *
   * @example
   * ```ts
   * const result = await client.publish({ source: 's', type: 't' }); // { id: '01J…', status: 'accepted' }
   * ```
   */
  publish(event: VigilEvent): Promise<PublishResult>;
  publish(events: readonly VigilEvent[]): Promise<PublishResult[]>;
  async publish(input: VigilEvent | readonly VigilEvent[]): Promise<PublishResult | PublishResult[]> {
    const events = (Array.isArray(input) ? input : [input]).map(prepareEvent);
    const policy = retryPolicy(this.retry);
    const results: PublishResult[] = [];
    for (const batch of chunk(events)) results.push(...(await deliverBatch(this.transport, batch, policy)));
    return Array.isArray(input) ? results : (results[0] as PublishResult);
  }
}
