/**
 * `@vigil/client`: publish events and signals to Vigil and use its admin API, from Node 20+
 * (ESM, typed). See docs/client.md.
 *
 * @example
 * ```ts
 * import { EventProducer, VigilClient } from '@vigil/client';
 * const producer = new EventProducer({ client: new VigilClient({ endpoint, producerKey }), source: 'plant7.press', type: 'reading' });
 * await producer.publish({ valence: 0.2, state: [71.5, 70.9] });
 * ```
 */
export { VigilAdminApi } from './admin-api.ts';
export { VigilClient, type VigilClientOptions } from './client.ts';
export { type AdminCredentials, awsCredentialChain, type CredentialProvider } from './credentials.ts';
export type { AttemptListener } from './deliver.ts';
export {
  VigilClientError,
  VigilClosedError,
  VigilConfigError,
  VigilHttpError,
  VigilNetworkError,
  VigilValidationError,
} from './errors.ts';
export { type EventOrSignal, EventProducer, type EventProducerOptions } from './event-producer.ts';
export { type LocalRuntimeConfig, readLocalRuntime } from './local.ts';
export { backoffDelay, parseRetryAfter, type RetryOptions, retryPolicy } from './retry.ts';
export { checkSignal, isSignal } from './signal.ts';
export {
  type StreamHandler,
  StreamItemError,
  StreamProducer,
  type StreamProducerOptions,
} from './stream-producer.ts';
export type * from './types.ts';
