import { setTimeout as sleep } from 'node:timers/promises';
import { dedupKeyOf, type Envelope, eventInputSchema, toEnvelope } from '../envelope.ts';
import { VigilError } from '../errors.ts';
import { type ProducerIdentity, sourceAllowed } from '../producer-keys.ts';
import { parseWith } from '../validation.ts';
import {
  type BurstOverride,
  type BurstRule,
  burstGroupKey,
  burstRuleFor,
  burstSummaryEnvelope,
  burstWindowAt,
  decideBurst,
} from './burst.ts';
import { type Claim, claimIdentity, decideOnExistingClaim } from './dedup.ts';
import { ClaimInProgressError, DependencyUnavailableError, SourceNotAllowedError } from './errors.ts';
import { historyKeyOf } from './history-keys.ts';
import { assertModuleInScope } from './module-scope.ts';
import type { Clock, Counters, DedupStore, EventPublisher, HistoryStore, IdSource, Log } from './ports.ts';
import { type EventResult, errorBodyOf } from './results.ts';

export interface IngestSettings {
  readonly dedupWindowSeconds: number;
  /** How long a claim holder may take to publish and write history before a retry may take over. */
  readonly claimLeaseMs: number;
  /** How long a request waits on a claim held by a request still in flight before answering IN_PROGRESS. */
  readonly claimWaitMs: number;
  readonly historyShards: number;
  readonly burstDefault: BurstRule;
  readonly burstOverrides: readonly BurstOverride[];
}

export interface IngestDeps {
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
}

interface Held extends Candidate {
  readonly claim: Claim;
}

type ClaimResolution =
  | { readonly kind: 'claimed'; readonly claim: Claim }
  | { readonly kind: 'duplicate'; readonly originalId: string }
  | { readonly kind: 'busy' };

const MAX_WAIT_STEP_MS = 200;

function suppliedId(raw: unknown): string | null {
  if (typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string') return raw.id;
  return null;
}

/**
 * Ingest, in order: validate and authorize each event, claim its dedup key, count bursts once per
 * source+type, publish what is dispatched, then write history for what was published. Only an
 * event that is in history is reported `accepted`; one that could not be published or stored is
 * reported `failed` (retryable) and its claim released, so a retry with the same id goes through.
 */
export class IngestPipeline {
  constructor(
    private readonly deps: IngestDeps,
    private readonly settings: IngestSettings,
  ) {}

  async ingest(rawEvents: readonly unknown[], producer: ProducerIdentity): Promise<EventResult[]> {
    const { clock, ids, log, counters } = this.deps;
    const nowMs = clock.now();
    const receivedAt = new Date(nowMs).toISOString();
    const results: EventResult[] = new Array(rawEvents.length);

    const candidates: Candidate[] = [];
    rawEvents.forEach((raw, index) => {
      try {
        const input = parseWith(eventInputSchema, raw);
        if (!sourceAllowed(producer, input.source))
          throw new SourceNotAllowedError(input.source, producer.producer);
        assertModuleInScope(producer, input);
        candidates.push({ index, envelope: toEnvelope(input, { id: ids.eventId(nowMs), receivedAt }) });
      } catch (error) {
        if (!(error instanceof VigilError)) throw error;
        results[index] = { id: suppliedId(raw), status: 'rejected', error: errorBodyOf(error) };
        log.info('event rejected', { eventId: suppliedId(raw), code: error.code, reason: error.message });
      }
    });

    const { unique, repeats } = this.splitRepeats(candidates);
    const held: Held[] = [];
    await Promise.all(
      unique.map(async (candidate) => {
        const resolution = await this.resolveClaim(candidate.envelope);
        if (resolution.kind === 'claimed') held.push({ ...candidate, claim: resolution.claim });
        else if (resolution.kind === 'duplicate') {
          results[candidate.index] = { id: resolution.originalId, status: 'duplicate' };
          log.info('event duplicate', {
            eventId: resolution.originalId,
            dedupKey: dedupKeyOf(candidate.envelope),
          });
        } else {
          const error = new ClaimInProgressError(
            `another request is still processing dedupKey '${dedupKeyOf(candidate.envelope)}'; retry shortly`,
          );
          results[candidate.index] = {
            id: candidate.envelope.id,
            status: 'failed',
            error: errorBodyOf(error, true),
          };
          log.warn('event claim busy', { eventId: candidate.envelope.id });
        }
      }),
    );
    held.sort((a, b) => a.index - b.index);

    const { dispatched, suppressed, summaries } = await this.applyBurst(held, nowMs, receivedAt);
    for (const event of suppressed) {
      results[event.index] = { id: event.envelope.id, status: 'suppressed' };
      log.info('event suppressed', {
        eventId: event.envelope.id,
        source: event.envelope.source,
        type: event.envelope.type,
      });
    }

    const failed = await this.publishAndStore(dispatched, summaries);
    for (const event of dispatched) {
      const failure = failed.get(event.envelope.id);
      if (failure) {
        results[event.index] = { id: event.envelope.id, status: 'failed', error: errorBodyOf(failure, true) };
      } else {
        results[event.index] = { id: event.envelope.id, status: 'accepted' };
        log.info('event accepted', {
          eventId: event.envelope.id,
          source: event.envelope.source,
          type: event.envelope.type,
        });
      }
    }
    for (const { index, of } of repeats) {
      const first = results[of];
      results[index] = first?.status === 'failed' ? first : { id: first?.id ?? '', status: 'duplicate' };
    }

    for (const result of results) counters.add(result.status, 1);
    return results;
  }

  /** A second event with the same source+dedupKey in one batch is a duplicate of the first. */
  private splitRepeats(candidates: readonly Candidate[]): {
    unique: Candidate[];
    repeats: { index: number; of: number }[];
  } {
    const firstIndex = new Map<string, number>();
    const unique: Candidate[] = [];
    const repeats: { index: number; of: number }[] = [];
    for (const candidate of candidates) {
      const key = claimIdentity(candidate.envelope.source, dedupKeyOf(candidate.envelope));
      const of = firstIndex.get(key);
      if (of === undefined) {
        firstIndex.set(key, candidate.index);
        unique.push(candidate);
      } else repeats.push({ index: candidate.index, of });
    }
    return { unique, repeats };
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

  private async resolveClaim(envelope: Envelope): Promise<ClaimResolution> {
    const { dedup, history, clock } = this.deps;
    const deadline = clock.now() + this.settings.claimWaitMs;
    let claim = this.newClaim(envelope, clock.now());
    const first = await dedup.claim(claim, clock.now());
    if (first.claimed) return { kind: 'claimed', claim };
    let existing = first.existing;
    for (let attempt = 0; ; attempt++) {
      const historyExists = existing.outcome === undefined && (await history.exists(existing.historyKey));
      const decision = decideOnExistingClaim(existing, historyExists, clock.now());
      if (decision.kind === 'duplicate') return decision;
      if (decision.kind === 'takeover') {
        claim = this.newClaim(envelope, clock.now());
        if (await dedup.takeOver(claim, existing.token)) return { kind: 'claimed', claim };
      } else {
        if (clock.now() >= deadline) return { kind: 'busy' };
        const step = Math.min(MAX_WAIT_STEP_MS, 20 * 2 ** attempt);
        await sleep(step / 2 + Math.random() * (step / 2));
      }
      const current = await dedup.get(claim.source, claim.dedupKey);
      if (current) {
        existing = current;
        continue;
      }
      claim = this.newClaim(envelope, clock.now());
      const retry = await dedup.claim(claim, clock.now());
      if (retry.claimed) return { kind: 'claimed', claim };
      existing = retry.existing;
    }
  }

  /** One counter update per source+type group (with the group's size), then the per-event fate. */
  private async applyBurst(
    held: readonly Held[],
    nowMs: number,
    receivedAt: string,
  ): Promise<{ dispatched: Held[]; suppressed: Held[]; summaries: Envelope[] }> {
    const groups = new Map<string, Held[]>();
    for (const event of held) {
      const key = burstGroupKey(event.envelope.source, event.envelope.type);
      const group = groups.get(key);
      if (group) group.push(event);
      else groups.set(key, [event]);
    }
    const dispatched: Held[] = [];
    const suppressed: Held[] = [];
    const summaries: Envelope[] = [];
    await Promise.all(
      [...groups.values()].map(async (group) => {
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
        const countAfter = await this.deps.dedup.addToBurstCounter(counter, group.length);
        const decision = decideBurst(countAfter, group.length, rule.threshold);
        dispatched.push(...group.slice(0, decision.dispatched));
        suppressed.push(...group.slice(decision.dispatched));
        if (decision.emitSummary) {
          const summary = burstSummaryEnvelope(
            { source, type, window, rule, count: countAfter },
            { id: this.deps.ids.eventId(nowMs), receivedAt },
          );
          summaries.push(summary);
          this.deps.log.warn('burst suppression started', {
            eventId: summary.id,
            source,
            type,
            count: countAfter,
          });
        }
      }),
    );
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
    dispatched.sort((a, b) => a.index - b.index);
    return { dispatched, suppressed, summaries };
  }

  /**
   * Publishes, then writes history for what was published. Returns the events that failed, with
   * their claims released so that a retry is not mistaken for a duplicate.
   */
  private async publishAndStore(
    dispatched: readonly Held[],
    summaries: readonly Envelope[],
  ): Promise<Map<string, VigilError>> {
    const { publisher, history, dedup, log, counters } = this.deps;
    const failed = new Map<string, VigilError>();
    if (dispatched.length === 0 && summaries.length === 0) return failed;
    const envelopes = [...dispatched.map((event) => event.envelope), ...summaries];
    const outcomes = await publisher.publish(envelopes);
    const published: Envelope[] = [];
    outcomes.forEach((outcome, i) => {
      const envelope = envelopes[i] as Envelope;
      if (outcome.published) published.push(envelope);
      else {
        failed.set(
          envelope.id,
          new DependencyUnavailableError(
            `publication to the event bus failed: ${outcome.errorCode}: ${outcome.errorMessage}`,
          ),
        );
        log.error('event publication failed', {
          eventId: envelope.id,
          errorCode: outcome.errorCode,
          reason: outcome.errorMessage,
        });
      }
    });
    counters.add('published', published.length);
    try {
      await history.put(published);
    } catch (error) {
      for (const envelope of published) {
        failed.set(
          envelope.id,
          new DependencyUnavailableError('writing the event to history failed', { cause: error }),
        );
        log.error('history write failed', { eventId: envelope.id, reason: (error as Error).message });
      }
    }
    for (const summary of summaries) {
      if (failed.has(summary.id))
        log.error('burst summary lost', { eventId: summary.id, data: summary.data });
      else counters.add('burstSummaries', 1);
    }
    const toRelease = dispatched.filter((event) => failed.has(event.envelope.id));
    await Promise.all(
      toRelease.map((event) =>
        dedup.release(event.claim).catch((error: unknown) =>
          log.warn('claim release failed; the lease will expire instead', {
            eventId: event.envelope.id,
            reason: (error as Error).message,
          }),
        ),
      ),
    );
    return failed;
  }
}
