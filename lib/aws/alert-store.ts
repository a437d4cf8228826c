import * as z from 'zod/mini';
import type { Alert } from '#lib/core/alerts/alert.ts';
import type { AlertListPlan } from '#lib/core/alerts/listing.ts';
import type { AlertStore, StoredAlert, TimelineEntry, WriteOutcome } from '#lib/core/alerts/ports.ts';
import { isKeptInTimeline } from '#lib/core/alerts/timeline.ts';
import { AlertIndexReader } from './alert-index-reader.ts';
import {
  alertItem,
  alertKey,
  isAlertItem,
  markerKey,
  pointerKey,
  setAll,
  storedAlertOf,
  timelineOf,
} from './alert-items.ts';
import { putIfAbsent, type TransactItem, transactWithMarker } from './conditional-transaction.ts';
import { GetCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions } from './stored-item.ts';
import { markerExpiry } from './table-layout.ts';

/** A fingerprint's open pointer: which alert is open. */
const pointerItemSchema = z.object({ alertId: z.string() });

/**
 * Alerts in DynamoDB. Each change is one transaction of as few items as it needs: the alert
 * (conditional on its version, its timeline of state changes inside it), the marker of the event
 * applied (conditional on absence) and, when the alert opens or resolves, its fingerprint's open
 * pointer; so concurrency and redelivery can neither lose nor double-count an update. An alert is
 * kept under its opening event's key: opening writes the pointer and the alert, the alert being
 * that event's marker too.
 */
export class DynamoAlertStore extends DynamoStore<DynamoStoreOptions> implements AlertStore {
  private readonly indexes: AlertIndexReader;

  constructor(options: DynamoStoreOptions) {
    super(options);
    this.indexes = new AlertIndexReader(this.doc, options.tableName);
  }

  async findOpen(fingerprint: string): Promise<StoredAlert | undefined> {
    const Item = await this.read(pointerKey(fingerprint));
    return Item ? this.get(this.parse(pointerItemSchema, Item).alertId) : undefined;
  }

  /** The alert `id` (undefined when that id names no alert, or an event that only changed one). */
  async get(id: string): Promise<StoredAlert | undefined> {
    const Item = await this.read(alertKey(id));
    return Item && isAlertItem(Item) ? storedAlertOf(this.options.tableName, Item) : undefined;
  }

  /** The alert's state changes, as stored in its item (repeats are summarized by its count). */
  async timeline(id: string): Promise<TimelineEntry[]> {
    const Item = await this.read(alertKey(id));
    return Item && isAlertItem(Item) ? timelineOf(this.options.tableName, Item) : [];
  }

  list(plan: AlertListPlan): Promise<{ alerts: Alert[]; more: boolean }> {
    return this.indexes.list(plan);
  }

  openAlerts(): AsyncIterable<Alert> {
    return this.indexes.openAlerts();
  }

  /** The alert put under its opening event's key is that event's marker: `already-applied` if present. */
  create(alert: Alert, entry: TimelineEntry): Promise<WriteOutcome> {
    return transactWithMarker(
      this.doc,
      [
        putIfAbsent(this.options.tableName, { ...pointerKey(alert.fingerprint), alertId: alert.id }),
        putIfAbsent(this.options.tableName, {
          ...alertItem(alert, 1),
          timeline: isKeptInTimeline(entry) ? [entry] : [],
        }),
      ],
      1,
    );
  }

  async update(alert: Alert, expectedVersion: number, entry: TimelineEntry): Promise<WriteOutcome> {
    // The event that opened this alert: its item is the alert itself, so it was applied.
    if (entry.eventId === alert.id) return 'already-applied';
    const marker = this.markerItems(alert.id, entry);
    const items: TransactItem[] = [this.alertUpdate(alert, expectedVersion, entry), ...marker];
    if (alert.state === 'resolved') {
      items.push({
        Delete: {
          TableName: this.options.tableName,
          Key: pointerKey(alert.fingerprint),
          ConditionExpression: 'alertId = :id',
          ExpressionAttributeValues: { ':id': alert.id },
        },
      });
    }
    return transactWithMarker(this.doc, items, marker.length > 0 ? 1 : undefined);
  }

  private async read(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.options.tableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  /** Every attribute set anew, the version moved on, the entry appended when it is a state change. */
  private alertUpdate(alert: Alert, expectedVersion: number, entry: TimelineEntry): TransactItem {
    const { clauses, names, values } = setAll(alertItem(alert, expectedVersion + 1));
    if (isKeptInTimeline(entry)) {
      clauses.push('#timeline = list_append(if_not_exists(#timeline, :none), :entry)');
      names['#timeline'] = 'timeline';
      values[':none'] = [];
      values[':entry'] = [entry];
    }
    return {
      Update: {
        TableName: this.options.tableName,
        Key: alertKey(alert.id),
        UpdateExpression: `SET ${clauses.join(', ')}`,
        ConditionExpression: '#a_version = :expected',
        ExpressionAttributeNames: { ...names, '#a_version': 'version' },
        ExpressionAttributeValues: { ...values, ':expected': expectedVersion },
      },
    };
  }

  /** The applied-event marker, when an event caused the change. */
  private markerItems(alertId: string, entry: TimelineEntry): TransactItem[] {
    if (!entry.eventId) return [];
    return [
      putIfAbsent(this.options.tableName, {
        ...markerKey(entry.eventId),
        alertId,
        expiresAt: markerExpiry(this.now()),
      }),
    ];
  }
}
