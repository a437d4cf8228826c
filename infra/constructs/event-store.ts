import { AttributeType, type ITable, ProjectionType, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BY_ID_INDEX, LOOKUP_ID_ATTRIBUTE } from '#lib/core/history/lookup.ts';
import { vigilTable } from './vigil-table.ts';

/**
 * What ingest needs: batch writes of history items and reads by key, on the table only
 * (`Table.grant` would add `index/*`; ingest never reads the by-id index).
 */
export function grantHistoryWrites(table: ITable, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:BatchWriteItem', 'dynamodb:GetItem'],
      resources: [table.tableArn],
    }),
  );
}

/** Reads of history by key and by time-bucket partition, and lookups on the by-id index: no writes. */
export function grantHistoryReads(table: ITable, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      resources: [table.tableArn, `${table.tableArn}/index/${BY_ID_INDEX}`],
    }),
  );
}

/**
 * The History table (accepted events, time-bucketed and sharded; see docs/architecture.md) and the
 * Dedup table (dedup claims and burst counters). Both on demand, TTL on `expiresAt`, PITR on.
 */
export class EventStore extends Construct {
  readonly history: Table;
  readonly dedup: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.history = vigilTable(this, 'History', { sortKey: true });
    // `GET /events/{id}` for ids whose ULID time is not their receivedAt (producer-given ids): only
    // those items carry `lookupId`, so the index costs nothing for ids Vigil makes.
    this.history.addGlobalSecondaryIndex({
      indexName: BY_ID_INDEX,
      partitionKey: { name: LOOKUP_ID_ATTRIBUTE, type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });
    // Claims and counters are worth nothing after their TTL: no need to keep the table.
    this.dedup = vigilTable(this, 'Dedup', { sortKey: false, disposable: true });
  }
}
