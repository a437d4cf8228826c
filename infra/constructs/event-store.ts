import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** TTL attribute of every Vigil table: epoch seconds. */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The History table (accepted events, time-bucketed and sharded; see docs/architecture.md) and the
 * Dedup table (dedup claims and burst counters). Both on demand, TTL on `expiresAt`, PITR on.
 */
export class EventStore extends Construct {
  readonly history: Table;
  readonly dedup: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.history = new Table(this, 'History', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.dedup = new Table(this, 'Dedup', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
