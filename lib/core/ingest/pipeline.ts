import { type BackoffPolicy, pause, type Timing } from '../backoff.ts';
import { dedupKeyOf, type Envelope, ulidSchema } from '../envelope.ts';
import { VigilError } from '../errors.ts';
import type { ProducerIdentity } from '../producer-keys.ts';
import {
  type BurstOverride,
  type BurstRule,
  burstGroupKey,
  burstRuleFor,
  burstSummaryEnvelope,
  burstWindowAt,
  decideBurst,
} from './burst.ts';
import { BurstTally } from './burst-tally.ts';
import { type Claim, claimIdentity, decideOnExistingClaim } from './dedup.ts';
import { ClaimInProgressError, DependencyUnavailableError, DuplicateIdInBatchError } from './errors.ts';
import { historyKeyOf } from './history-keys.ts';
import type { CompiledStep } from './middleware.ts';
import type {
  BurstCounterKey,
  Clock,
  Counters,
  DedupStore,
  EventPublisher,
  HistoryStore,
  IdSource,
  Log,
} from './ports.ts';
import { type EventResult, errorBodyOf } from './results.ts';
import { validateEvent } from './validate-event.ts';

export interface IngestSettings {
  readonly dedupWindowSeconds: number;
  /** How long a claim holder may take to publish and write history before a retry may take over. */
  readonly claimLeaseMs: number;
  /** How long a request waits on a claim held by a request still in flight before answering IN_PROGRESS. */
  readonly claimWaitMs: number;
  readonly historyShards: number;
  readonly burstDefault: BurstRule;
  readonly burstOverrides: readonly BurstOverride[];
  /** The ingest middleware, compiled (see middleware.ts). @default none */
  readonly middleware?: readonly CompiledStep[];
}

/** `sleep`/`random` pace the wait on a claim held by another request. */
export interface IngestDeps extends Timing {
  readonly dedup: DedupStore;
  readonly history: HistoryStore;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly log: Log;
  readonly counters: Counters;
}

interface Candidate {
  readonly index: number;
  readonly envelope: Envelope;
  readonly timeGiven: boolean;
}

interface Held extends Candidate {
  readonly claim: Claim;
  /** A retry that took over the claim of an earlier, failed attempt: it was counted for bursts then. */
  readonly takenOver: boolean;
}

type ClaimResolution =
  | { readonly kind: 'claimed'; readonly claim: Claim; readonly takenOver: boolean }
  | { readonly kind: 'duplicate'; readonly originalId: string }
  | { readonly kind: 'busy' };

/** Waits on a claim in flight: 20 ms doubling up to 200, never less than half a step. */
const CLAIM_WAIT_BACKOFF: BackoffPolicy = { base: 20, cap: 200, jitter: 'equal' };

/** The id a rejected event carried, echoed back only when it is a well-formed id (never unbounded input). */
function suppliedId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const parsed = ulidSchema.safeParse(raw.id);
  return parsed.success ? parsed.data : null;
}

/**
 * Ingest, in order: validate and authorize each event, claim its dedup key, count bursts once per
 * source+type, publish what is dispatched, then write history for what was published. Only an
 * event that is in history is reported `accepted`. Every item gets its own outcome: a failure of one
 * (a claim, a counter, publication, its history write) fails only the items it concerns, which are
 * reported `failed` (retryable) with their claims' leases ended, so that a retry takes the claim
 * over at once and keeps the event's id and receivedAt: the same history key, the same id on the bus.
 */
export class IngestPipeline {
  /** This execution environment's share of the burst counters (the pipeline lives as long as it). */
  private readonly tally = new BurstTally();

  constructor(
    private readonly deps: IngestDeps,
    private readonly settings: IngestSettings,
  ) {}

  async ingest(rawEvents: readonly unknown[], producer: ProducerIdentity): Promise<EventResult[]> {
    const nowMs = this.deps.clock.now();
    const receivedAt = new Date(nowMs).toISOString();
    const results: EventResult[] = new Array(rawEvents.length);

    const candidates = this.validate(rawEvents, producer, nowMs, receivedAt, results);
    const { unique, repeats } = this.splitRepeats(candidates, results);
    const held = await this.claimAll(unique, results);
    const { dispatched, suppressed, summaries } = await this.applyBurst(held, nowMs, receivedAt, results);
    for (const event of suppressed) {
      results[event.index] = { id: event.envelope.id, status: 'suppressed' };
      this.deps.log.info('event suppressed', {
        eventId: event.envelope.id,
        source: event.envelope.source,
        type: event.envelope.type,
      });
    }
    const failed = await this.publishAndStore(dispatched, summaries);
    const acceptedIds: string[] = [];
    for (const event of dispatched) {
      const failure = failed.get(event.envelope.id);
      if (failure) {
        results[event.index] = { id: event.envelope.id, status: 'failed', error: errorBodyOf(failure, true) };
      } else {
        results[event.index] = { id: event.envelope.id, status: 'accepted' };
        acceptedIds.push(event.envelope.id);
      }
    }
    this.logAccepted(acceptedIds);
    await this.abandonClaims([...held].filter((event) => results[event.index]?.status === 'failed'));
    for (const { index, of } of repeats) {
      const first = results[of];
      results[index] = first?.status === 'failed' ? first : { id: first?.id ?? '', status: 'duplicate' };
    }
    for (const result of results) this.deps.counters.add(result.status, 1);
    return results;
  }

  /**
   * One line per request for what it accepted (history and the audit log keep each event): a line
   * per event would be most of ingest's CloudWatch Logs bill (docs/scaling.md).
   */
  private logAccepted(ids: readonly string[]): void {
    if (ids.length === 1) this.deps.log.info('event accepted', { eventId: ids[0] });
    else if (ids.length > 1) this.deps.log.info('events accepted', { eventIds: ids, count: ids.length });
  }

  private validate(
    rawEvents: readonly unknown[],
    producer: ProducerIdentity,
    nowMs: number,
    receivedAt: string,
    results: EventResult[],
  ): Candidate[] {
    const candidates: Candidate[] = [];
    rawEvents.forEach((raw, index) => {
      try {
        const ids = { id: this.deps.ids.eventId(nowMs), receivedAt };
        const validated = validateEvent(raw, producer, ids, this.settings.middleware);
        if (validated.kind === 'event') candidates.push({ index, ...validated });
        else {
          results[index] = { id: suppliedId(raw), status: 'filtered' };
          this.deps.log.info('event filtered', { eventId: suppliedId(raw), step: validated.step });
        }
      } catch (error) {
        if (!(error instanceof VigilError)) throw error;
        this.reject(results, index, suppliedId(raw), error);
      }
    });
    return candidates;
  }

  private reject(results: EventResult[], index: number, id: string | null, error: VigilError): void {
    results[index] = { id, status: 'rejected', error: errorBodyOf(error) };
    this.deps.log.info('event rejected', { eventId: id, code: error.code, reason: error.message });
  }

  /**
   * A second event with the same source+dedupKey in one batch is a duplicate of the first; a second
   * event that reuses an id under another dedupKey is refused (both cannot be kept under one id).
   */
  private splitRepeats(
    candidates: readonly Candidate[],
    results: EventResult[],
  ): { unique: Candidate[]; repeats: { index: number; of: number }[] } {
    const firstByKey = new Map<string, number>();
    const firstById = new Map<string, number>();
    const unique: Candidate[] = [];
    const repeats: { index: number; of: number }[] = [];
    for (const candidate of candidates) {
      const { envelope, index } = candidate;
      const of = firstByKey.get(claimIdentity(envelope.source, dedupKeyOf(envelope)));
      const sameId = firstById.get(envelope.id);
      if (of !== undefined) repeats.push({ index, of });
      else if (sameId !== undefined)
        this.reject(results, index, envelope.id, new DuplicateIdInBatchError(envelope.id, sameId));
      else {
        firstByKey.set(claimIdentity(envelope.source, dedupKeyOf(envelope)), index);
        firstById.set(envelope.id, index);
        unique.push(candidate);
      }
    }
    return { unique, repeats };
  }

  /** Claims each event's dedup key; an event whose claim fails or stays busy is `failed` alone. */
  private async claimAll(unique: readonly Candidate[], results: EventResult[]): Promise<Held[]> {
    const held: Held[] = [];
    const nowMs = this.deps.clock.now();
    const claims = unique.map(({ envelope }) => this.newClaim(envelope, nowMs));
    // Several events: their new claims go a few requests at a time; one not written takes the
    // one-by-one path (takeover, duplicate, wait), as a single event does.
    const written = unique.length > 1 ? await this.deps.dedup.claimFree(claims) : [];
    await Promise.all(
      unique.map(async (candidate, i) => {
        const { envelope, index } = candidate;
        let resolution: ClaimResolution;
        try {
          resolution = await this.resolveClaim(envelope, claims[i] as Claim, written[i] === true);
        } catch (error) {
          results[index] = {
            id: envelope.id,
            status: 'failed',
            error: errorBodyOf(claimFailure(error), true),
          };
          this.deps.log.error('dedup claim failed', {
            eventId: envelope.id,
            reason: (error as Error).message,
          });
          return;
        }
        if (resolution.kind === 'claimed')
          held.push(heldOf(candidate, resolution.claim, resolution.takenOver));
        else if (resolution.kind === 'duplicate') {
          results[index] = { id: resolution.originalId, status: 'duplicate' };
          this.deps.log.info('event duplicate', {
            eventId: resolution.originalId,
            dedupKey: dedupKeyOf(envelope),
          });
        } else {
          const error = new ClaimInProgressError(
            `another request is still processing dedupKey '${dedupKeyOf(envelope)}'; retry shortly`,
          );
          results[index] = { id: envelope.id, status: 'failed', error: errorBodyOf(error, true) };
          this.deps.log.warn('event claim busy', { eventId: envelope.id });
        }
      }),
    );
    held.sort((a, b) => a.index - b.index);
    return this.refuseIdCollisions(held, results);
  }

  /**
   * A taken-over claim gives its event the id of the attempt it replaces, which another event of the
   * batch may carry: that one fails (retryable) rather than share a history key.
   */
  private refuseIdCollisions(held: Held[], results: EventResult[]): Held[] {
    const seen = new Set<string>();
    return held.filter((event) => {
      if (!seen.has(event.envelope.id)) {
        seen.add(event.envelope.id);
        return true;
      }
      const error = new ClaimInProgressError(
        `id: ${event.envelope.id} is taken by another event of this batch`,
      );
      results[event.index] = { id: event.envelope.id, status: 'failed', error: errorBodyOf(error, true) };
      void this.abandonClaims([event]);
      return false;
    });
  }

  private newClaim(envelope: Envelope, nowMs: number): Claim {
    return {
      source: envelope.source,
      dedupKey: dedupKeyOf(envelope),
      id: envelope.id,
      token: this.deps.ids.token(),
      receivedAt: envelope.receivedAt,
      leaseUntil: nowMs + this.settings.claimLeaseMs,
      expiresAt: Math.ceil(nowMs / 1000) + this.settings.dedupWindowSeconds,
      historyKey: historyKeyOf(envelope, this.settings.historyShards),
    };
  }

  /** A claim that takes over `existing` keeps its event's identity, hence its history key. */
  private takeoverClaim(existing: Claim, nowMs: number): Claim {
    return {
      ...existing,
      token: this.deps.ids.token(),
      leaseUntil: nowMs + this.settings.claimLeaseMs,
      expiresAt: Math.ceil(nowMs / 1000) + this.settings.dedupWindowSeconds,
    };
  }

  /** `fresh` is the event's new claim; `written` when claimFree() has already put it. */
  private async resolveClaim(envelope: Envelope, fresh: Claim, written: boolean): Promise<ClaimResolution> {
    if (written) return { kind: 'claimed', claim: fresh, takenOver: false };
    const { dedup, history, clock } = this.deps;
    const deadline = clock.now() + this.settings.claimWaitMs;
    let claim = fresh;
    const first = await dedup.claim(claim, clock.now());
    if (first.claimed) return { kind: 'claimed', claim, takenOver: false };
    // Our own token: this claim was written by a request whose answer was lost (a failed
    // claimFree() request, or an SDK retry of this put), so it is ours.
    if (first.existing.token === claim.token) return { kind: 'claimed', claim, takenOver: false };
    let existing = first.existing;
    for (let attempt = 0; ; attempt++) {
      const historyExists = existing.outcome === undefined && (await history.exists(existing.historyKey));
      const decision = decideOnExistingClaim(existing, historyExists, clock.now());
      if (decision.kind === 'duplicate') return decision;
      if (decision.kind === 'takeover') {
        claim = this.takeoverClaim(existing, clock.now());
        if (await dedup.takeOver(claim, existing.token)) return { kind: 'claimed', claim, takenOver: true };
      } else {
        if (clock.now() >= deadline) return { kind: 'busy' };
        await pause(CLAIM_WAIT_BACKOFF, attempt, this.deps);
      }
      const current = await dedup.get(claim.source, claim.dedupKey);
      if (current) {
        existing = current;
        continue;
      }
      claim = this.newClaim(envelope, clock.now());
      const retry = await dedup.claim(claim, clock.now());
      if (retry.claimed) return { kind: 'claimed', claim, takenOver: false };
      existing = retry.existing;
    }
  }

  /**
   * One counter update per source+type group (with the group's size), then the per-event fate. A
   * takeover is dispatched without counting: its first attempt was counted. A group whose counter
   * cannot be updated fails alone.
   */
  private async applyBurst(
    held: readonly Held[],
    nowMs: number,
    receivedAt: string,
    results: EventResult[],
  ): Promise<{ dispatched: Held[]; suppressed: Held[]; summaries: Envelope[] }> {
    const dispatched: Held[] = held.filter((event) => event.takenOver);
    const suppressed: Held[] = [];
    const summaries: Envelope[] = [];
    await Promise.all(
      [...burstGroups(held.filter((event) => !event.takenOver)).values()].map(async (group) => {
        try {
          const fate = await this.countGroup(group, nowMs, receivedAt);
          dispatched.push(...fate.dispatched);
          suppressed.push(...fate.suppressed);
          if (fate.summary) summaries.push(fate.summary);
        } catch (error) {
          const failure = new DependencyUnavailableError('counting the burst window failed', {
            cause: error,
          });
          for (const event of group) {
            results[event.index] = {
              id: event.envelope.id,
              status: 'failed',
              error: errorBodyOf(failure, true),
            };
            this.deps.log.error('burst counter failed', {
              eventId: event.envelope.id,
              reason: (error as Error).message,
            });
          }
        }
      }),
    );
    await this.markSuppressed(suppressed);
    dispatched.sort((a, b) => a.index - b.index);
    return { dispatched, suppressed, summaries };
  }

  private async countGroup(
    group: readonly Held[],
    nowMs: number,
    receivedAt: string,
  ): Promise<{ dispatched: Held[]; suppressed: Held[]; summary?: Envelope }> {
    const { source, type } = (group[0] as Held).envelope;
    const rule = burstRuleFor(source, type, this.settings.burstOverrides, this.settings.burstDefault);
    const window = burstWindowAt(nowMs, rule.windowSeconds);
    const counter = {
      source,
      type,
      windowStart: window.start,
      windowSeconds: rule.windowSeconds,
      threshold: rule.threshold,
    };
    const step = this.tally.take(burstGroupKey(source, type), window, group.length, rule, nowMs);
    if (step.kind === 'defer') return { dispatched: [...group], suppressed: [] };
    const countAfter = await this.addOwed(counter, step.pending, group.length);
    const decision = decideBurst(countAfter, step.pending + group.length, rule.threshold, step.pending);
    const fate = {
      dispatched: group.slice(0, decision.dispatched),
      suppressed: group.slice(decision.dispatched),
    };
    if (!decision.emitSummary) return fate;
    const summary = burstSummaryEnvelope(
      { source, type, window, rule, count: countAfter },
      { id: this.deps.ids.eventId(nowMs), receivedAt },
    );
    this.deps.log.warn('burst suppression started', { eventId: summary.id, source, type, count: countAfter });
    return { ...fate, summary };
  }

  /** Adds the events this environment owed the counter and the new ones; on failure, it owes them again. */
  private async addOwed(counter: BurstCounterKey, owed: number, added: number): Promise<number> {
    const key = burstGroupKey(counter.source, counter.type);
    try {
      const countAfter = await this.deps.dedup.addToBurstCounter(counter, owed + added);
      this.tally.counted(key, counter.windowStart, countAfter);
      return countAfter;
    } catch (error) {
      this.tally.owe(key, counter.windowStart, owed);
      throw error;
    }
  }

  private async markSuppressed(suppressed: readonly Held[]): Promise<void> {
    await Promise.all(
      suppressed.map((event) =>
        this.deps.dedup.markSuppressed(event.claim).catch((error: unknown) =>
          this.deps.log.warn(
            'marking a suppressed claim failed; a retry after the lease may count it again',
            {
              eventId: event.envelope.id,
              reason: (error as Error).message,
            },
          ),
        ),
      ),
    );
  }

  /**
   * Publishes, then writes history for what was published. Returns the events that failed: not
   * published, or published but not known to be in history (a retry publishes the same id again
   * and writes the same history key).
   */
  private async publishAndStore(
    dispatched: readonly Held[],
    summaries: readonly Envelope[],
  ): Promise<Map<string, VigilError>> {
    const { publisher, history, log, counters } = this.deps;
    const failed = new Map<string, VigilError>();
    if (dispatched.length === 0 && summaries.length === 0) return failed;
    const envelopes = [...dispatched.map((event) => event.envelope), ...summaries];
    const outcomes = await publisher.publish(envelopes);
    const published: Envelope[] = [];
    outcomes.forEach((outcome, i) => {
      const envelope = envelopes[i] as Envelope;
      if (outcome.published) published.push(envelope);
      else {
        const reason = `publication to the event bus failed: ${outcome.errorCode}: ${outcome.errorMessage}`;
        failed.set(envelope.id, new DependencyUnavailableError(reason));
        log.error('event publication failed', {
          eventId: envelope.id,
          errorCode: outcome.errorCode,
          reason: outcome.errorMessage,
        });
      }
    });
    counters.add('published', published.length);
    for (const [id, error] of await history.put(published)) {
      failed.set(id, new DependencyUnavailableError('writing the event to history failed', { cause: error }));
      log.error('history write failed', { eventId: id, reason: (error as Error)?.message });
    }
    for (const summary of summaries) {
      if (failed.has(summary.id))
        log.error('burst summary lost', { eventId: summary.id, data: summary.data });
      else counters.add('burstSummaries', 1);
    }
    return failed;
  }

  /** Ends the leases of failed events' claims so that their retries take over at once. */
  private async abandonClaims(events: readonly Held[]): Promise<void> {
    await Promise.all(
      events.map((event) =>
        this.deps.dedup.abandon(event.claim).catch((error: unknown) =>
          this.deps.log.warn('ending a claim lease failed; the lease will run out instead', {
            eventId: event.envelope.id,
            reason: (error as Error).message,
          }),
        ),
      ),
    );
  }
}

/** The candidate as its claim has it: a taken-over claim brings the id and receivedAt of its first attempt. */
function heldOf(candidate: Candidate, claim: Claim, takenOver: boolean): Held {
  const { envelope, timeGiven } = candidate;
  if (envelope.id === claim.id && envelope.receivedAt === claim.receivedAt)
    return { ...candidate, claim, takenOver };
  const adopted: Envelope = {
    ...envelope,
    id: claim.id,
    receivedAt: claim.receivedAt,
    time: timeGiven ? envelope.time : claim.receivedAt,
  };
  return { ...candidate, envelope: adopted, claim, takenOver };
}

function burstGroups(held: readonly Held[]): Map<string, Held[]> {
  const groups = new Map<string, Held[]>();
  for (const event of held) {
    const key = burstGroupKey(event.envelope.source, event.envelope.type);
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  return groups;
}

function claimFailure(error: unknown): VigilError {
  return error instanceof VigilError
    ? error
    : new DependencyUnavailableError('claiming the dedup key failed', { cause: error });
}
