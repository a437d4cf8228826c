import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** The views `GET /alerts` filters by, each a sparse index over alert items, newest first. */
export const ALERT_INDEXES = ['byState', 'bySeverity', 'bySource'] as const;

/**
 * The Alerts table: alert items (`A#<id>` / `A`), their timelines (`A#<id>` / `T#<time>#<event>`),
 * and one open-alert pointer per fingerprint (`F#<fingerprint>` / `OPEN`) that makes "at most one
 * open alert" a conditional write.
 */
export class AlertsTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Alerts', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Only the applied-event markers carry it: redelivery protection for 30 days.
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of ALERT_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: `${index}Pk`, type: AttributeType.STRING },
        sortKey: { name: 'listSk', type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
