import type { Alert } from './alert.ts';
import type { AlertListPlan } from './listing.ts';

/** One line of an alert's timeline: what happened, when, by which event or person. */
export interface TimelineEntry {
  readonly at: string;
  readonly kind: 'opened' | 'repeated' | 'escalated' | 'acknowledged' | 'resolved';
  readonly eventId?: string;
  readonly by?: string;
  /** Whom the actor `by` said they acted for (a display note). */
  readonly onBehalfOf?: string;
  readonly note?: string;
  readonly severity?: string;
}

export interface StoredAlert {
  readonly alert: Alert;
  readonly version: number;
}

export type WriteOutcome = 'applied' | 'conflict' | 'already-applied';

/** The Alerts table as the alerting logic needs it; every write is conditional. */
export interface AlertStore {
  findOpen(fingerprint: string): Promise<StoredAlert | undefined>;
  get(id: string): Promise<StoredAlert | undefined>;
  /**
   * Creates the alert and its fingerprint's open pointer; `conflict` when the fingerprint already
   * has one, `already-applied` when the alert's id, which is its opening event's id, was applied.
   */
  create(alert: Alert, entry: TimelineEntry): Promise<WriteOutcome>;
  /** `entry.eventId`, when given, is marked applied in the same write: an event counts once, ever. */
  /**
   * Replaces the alert if it is still at `expectedVersion`, appending the entry; `already-applied`
   * when the entry's event was applied before (redelivery), `conflict` when someone wrote first.
   */
  update(alert: Alert, expectedVersion: number, entry: TimelineEntry): Promise<WriteOutcome>;
  timeline(id: string): Promise<TimelineEntry[]>;
  /** One page of alerts, newest first, read from the plan's index partitions (never a Scan). */
  list(plan: AlertListPlan): Promise<{ alerts: Alert[]; more: boolean }>;
  /** Every open (new or acknowledged) alert, from the byState index: what the auto-resolve sweep checks. */
  openAlerts(): AsyncIterable<Alert>;
}
