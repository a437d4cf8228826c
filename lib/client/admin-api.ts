import type { QueryValue, Transport } from './transport.ts';
import type {
  Alert,
  AlertQuery,
  BurstReport,
  DeliveryView,
  Envelope,
  EventDeliveryOutcome,
  EventQuery,
  ModuleView,
  Page,
  ReplayRequest,
  ReplayStart,
  ReplayView,
  SilenceInput,
  SilenceView,
  Subscription,
  SubscriptionInput,
  TimelineEntry,
  TransitionRecord,
} from './types.ts';

const encode = encodeURIComponent;
const iso = (value: string | Date | undefined) => (value instanceof Date ? value.toISOString() : value);

/**
 * Every admin route of the HTTP API (signed with SigV4 by the transport), without the publishing
 * side: what a browser needs, free of Node modules and of the envelope's schema.
 *
 * @example
 * ```ts
 * const api = new VigilAdminApi(new Transport({ endpoint, region, credentials, defaultCredentials }));
 * const { alerts } = await api.alerts({ state: 'new' });
 * ```
 */
export class VigilAdminApi {
  constructor(
    /** The transport every producer built on this client shares. */
    readonly transport: Transport,
  ) {}

  /** The endpoint, without a trailing slash. */
  get endpoint(): string {
    return this.transport.endpoint;
  }

  protected admin<T>(
    method: string,
    pathname: string,
    options: { query?: Record<string, QueryValue>; body?: unknown } = {},
  ) {
    return this.transport.call<T>('admin', method, pathname, options);
  }

  /**
   * `GET /events`: history, newest first unless `order: 'asc'`.
   *
   * @example
   * ```ts
   * const { events, cursor } = await client.events({ source: 'plant7.press', from: new Date(Date.now() - 864e5) });
   * ```
   */
  events(query: EventQuery = {}): Promise<{ events: Envelope[] } & Page> {
    return this.admin('GET', '/events', { query: { ...query, from: iso(query.from), to: iso(query.to) } });
  }

  /**
   * `GET /events/{id}`.
   *
   * @example
   * ```ts
   * const { event } = await client.event('01J…');
   * ```
   */
  event(id: string): Promise<{ event: Envelope }> {
    return this.admin('GET', `/events/${encode(id)}`);
  }

  /**
   * `GET /alerts`: newest first.
   *
   * @example
   * ```ts
   * const { alerts } = await client.alerts({ state: 'new', severity: 'CRITICAL' });
   * ```
   */
  alerts(query: AlertQuery = {}): Promise<{ alerts: Alert[] } & Page> {
    return this.admin('GET', '/alerts', { query: { ...query } });
  }

  /**
   * `GET /alerts/{id}`: the alert and its timeline, oldest first.
   *
   * @example
   * ```ts
   * const { alert, timeline } = await client.alert(id);
   * ```
   */
  alert(id: string): Promise<{ alert: Alert; timeline: TimelineEntry[] }> {
    return this.admin('GET', `/alerts/${encode(id)}`);
  }

  /**
   * `POST /alerts/{id}/ack`: 409 (VigilHttpError) when the alert's state forbids it.
   *
   * @example
   * ```ts
   * await client.ack(id, { by: 'ana', note: 'looking' });
   * ```
   */
  ack(id: string, input: { by: string; note?: string }): Promise<{ alert: Alert }> {
    return this.admin('POST', `/alerts/${encode(id)}/ack`, { body: input });
  }

  /**
   * `POST /alerts/{id}/resolve`.
   *
   * @example
   * ```ts
   * await client.resolve(id, { by: 'ana', note: 'replaced the fan' });
   * ```
   */
  resolve(id: string, input: { by: string; note?: string; notes?: string }): Promise<{ alert: Alert }> {
    // `notes` (deprecated) is the former name of `note`; the API still accepts it, but is sent `note`.
    const { notes, ...rest } = input;
    const note = rest.note ?? notes;
    return this.admin('POST', `/alerts/${encode(id)}/resolve`, {
      body: { ...rest, ...(note === undefined ? {} : { note }) },
    });
  }

  /**
   * `GET /silences`: every silence with its state now.
   *
   * @example
   * ```ts
   * const active = (await client.silences()).silences.filter((s) => s.state === 'active');
   * ```
   */
  silences(): Promise<{ silences: SilenceView[] }> {
    return this.admin('GET', '/silences');
  }

  /**
   * `POST /silences`.
   *
   * @example
   * ```ts
   * await client.createSilence({ matchers: [{ field: 'source', value: 'plant7.', match: 'prefix' }],
   *   endsAt: new Date(Date.now() + 3_600_000), createdBy: 'ana', comment: 'maintenance' });
   * ```
   */
  createSilence(input: SilenceInput): Promise<{ silence: SilenceView }> {
    return this.admin('POST', '/silences', {
      body: { ...input, startsAt: iso(input.startsAt), endsAt: iso(input.endsAt) },
    });
  }

  /**
   * `DELETE /silences/{id}`: expires it now (kept for the record).
   *
   * @example
   * ```ts
   * await client.expireSilence(id);
   * ```
   */
  expireSilence(id: string): Promise<{ silence: SilenceView }> {
    return this.admin('DELETE', `/silences/${encode(id)}`);
  }

  /**
   * `GET /modules`: every module's state, by name.
   *
   * @example
   * ```ts
   * const { modules, cursor } = await client.modules({ limit: 100 });
   * ```
   */
  modules(query: { limit?: number; cursor?: string } = {}): Promise<{ modules: ModuleView[] } & Page> {
    return this.admin('GET', '/modules', { query });
  }

  /**
   * `GET /modules/{name}`, now or (`at`) as the transition log says it was then.
   *
   * @example
   * ```ts
   * const { module } = await client.module('press-7', { at: '2026-11-27T08:00:00Z' });
   * ```
   */
  module(name: string, query: { at?: string | Date } = {}): Promise<{ module: ModuleView; at?: string }> {
    return this.admin('GET', `/modules/${encode(name)}`, { query: { at: iso(query.at) } });
  }

  /**
   * `GET /modules/{name}/transitions`: the log, oldest first.
   *
   * @example
   * ```ts
   * const { transitions } = await client.moduleTransitions('press-7', { limit: 20 });
   * ```
   */
  moduleTransitions(
    name: string,
    query: { from?: string | Date; to?: string | Date; limit?: number; cursor?: string } = {},
  ): Promise<{ transitions: TransitionRecord[] } & Page> {
    return this.admin('GET', `/modules/${encode(name)}/transitions`, {
      query: { ...query, from: iso(query.from), to: iso(query.to) },
    });
  }

  /**
   * `POST /modules/{name}/events`: applies a state event now (the sync path). A refused transition
   * is a VigilHttpError (409) whose `body.module` is the state that refused it.
   *
   * @example
   * ```ts
   * const { module } = await client.sendModuleEvent('press-7', { type: 'TASK_START' });
   * ```
   */
  sendModuleEvent(
    name: string,
    input: { type: string; data?: Record<string, unknown>; by?: string },
  ): Promise<{ module: ModuleView; transition: TransitionRecord }> {
    return this.admin('POST', `/modules/${encode(name)}/events`, { body: input });
  }

  /**
   * `POST /replay`: starts a replay (or returns the one with the same `name`), or counts a dry run.
   *
   * @example
   * ```ts
   * const started = await client.startReplay({ from: '2026-11-27T00:00:00Z', to: new Date(), filter: { source: 's' } });
   * ```
   */
  startReplay(request: ReplayRequest): Promise<ReplayStart> {
    return this.admin('POST', '/replay', {
      body: { ...request, from: iso(request.from), to: iso(request.to) },
    });
  }

  /**
   * `GET /replay/{id}`: status, counts and duration.
   *
   * @example
   * ```ts
   * const { replay } = await client.replay(id); // replay.status, replay.counts.published
   * ```
   */
  replay(id: string): Promise<{ replay: ReplayView }> {
    return this.admin('GET', `/replay/${encode(id)}`);
  }

  /**
   * `POST /replay/{id}/cancel`.
   *
   * @example
   * ```ts
   * await client.cancelReplay(id);
   * ```
   */
  cancelReplay(id: string): Promise<{ replay: ReplayView }> {
    return this.admin('POST', `/replay/${encode(id)}/cancel`);
  }

  /**
   * `POST /replay/{id}/resume`: goes on with a running replay whose run stopped.
   *
   * @example
   * ```ts
   * await client.resumeReplay(id);
   * ```
   */
  resumeReplay(id: string): Promise<{ replayId: string; status: ReplayView['status'] }> {
    return this.admin('POST', `/replay/${encode(id)}/resume`);
  }

  /**
   * `POST /subscriptions`: the signing secret comes back here once (keep it: receivers verify with it).
   *
   * @example
   * ```ts
   * const { secret } = await client.subscribe({ name: 'ops', match: { severities: ['CRITICAL'] },
   *   target: { url: 'https://example.com/hooks/vigil' } });
   * ```
   */
  subscribe(input: SubscriptionInput): Promise<{ subscription: Subscription; secret: string }> {
    return this.admin('POST', '/subscriptions', { body: input });
  }

  /**
   * `GET /subscriptions`, by name; never a secret.
   *
   * @example
   * ```ts
   * const names = (await client.subscriptions()).subscriptions.map((s) => s.name);
   * ```
   */
  subscriptions(): Promise<{ subscriptions: Subscription[] }> {
    return this.admin('GET', '/subscriptions');
  }

  /**
   * `GET /subscriptions/{name}`.
   *
   * @example
   * ```ts
   * const { subscription } = await client.subscription('ops');
   * ```
   */
  subscription(name: string): Promise<{ subscription: Subscription }> {
    return this.admin('GET', `/subscriptions/${encode(name)}`);
  }

  /**
   * `PUT /subscriptions/{name}`: replaces it (the secret is kept).
   *
   * @example
   * ```ts
   * await client.updateSubscription('ops', { match: { severities: ['WARNING', 'CRITICAL'] }, target });
   * ```
   */
  updateSubscription(
    name: string,
    input: Omit<SubscriptionInput, 'name'>,
  ): Promise<{ subscription: Subscription }> {
    return this.admin('PUT', `/subscriptions/${encode(name)}`, { body: input });
  }

  /**
   * `DELETE /subscriptions/{name}`: no more deliveries; queued ones are dropped.
   *
   * @example
   * ```ts
   * await client.unsubscribe('ops');
   * ```
   */
  unsubscribe(name: string): Promise<{ deleted: Subscription }> {
    return this.admin('DELETE', `/subscriptions/${encode(name)}`);
  }

  /**
   * `POST /subscriptions/{name}/rotate-secret`: a new secret; the old one still signs for a while.
   *
   * @example
   * ```ts
   * const { secret, previousSecretValidUntil } = await client.rotateSubscriptionSecret('ops');
   * ```
   */
  rotateSubscriptionSecret(name: string): Promise<{ secret: string; previousSecretValidUntil: string }> {
    return this.admin('POST', `/subscriptions/${encode(name)}/rotate-secret`);
  }

  /**
   * `GET /subscriptions/{name}/deliveries`: newest first, a page at a time.
   *
   * @example
   * ```ts
   * const { deliveries, cursor } = await client.subscriptionDeliveries('ops', { limit: 50 });
   * ```
   */
  subscriptionDeliveries(
    name: string,
    query: { limit?: number; cursor?: string } = {},
  ): Promise<{ deliveries: DeliveryView[] } & Page> {
    return this.admin('GET', `/subscriptions/${encode(name)}/deliveries`, { query });
  }

  /**
   * `POST /subscriptions/{name}/redrive`: its dead-lettered deliveries go out again (up to 100 a call).
   *
   * @example
   * ```ts
   * let more = true;
   * while (more) ({ more } = await client.redriveSubscription('ops'));
   * ```
   */
  redriveSubscription(name: string): Promise<{ redriven: number; more: boolean }> {
    return this.admin('POST', `/subscriptions/${encode(name)}/redrive`);
  }

  /**
   * `GET /events/{id}/deliveries`: each matching subscription's outcome and the overall one.
   *
   * @example
   * ```ts
   * const { outcome } = await client.eventDeliveries(id); // 'all-delivered', 'some-failed', …
   * ```
   */
  eventDeliveries(
    id: string,
  ): Promise<{ eventId: string; outcome: EventDeliveryOutcome; deliveries: DeliveryView[] }> {
    return this.admin('GET', `/events/${encode(id)}/deliveries`);
  }

  /**
   * `GET /bursts`: the burst counters of one source+type, newest window first.
   *
   * @example
   * ```ts
   * const { windows } = await client.bursts({ source: 's', type: 't', windows: 5 });
   * ```
   */
  bursts(query: {
    source: string;
    type: string;
    at?: string | Date;
    windows?: number;
  }): Promise<BurstReport> {
    return this.admin('GET', '/bursts', { query: { ...query, at: iso(query.at) } });
  }
}
