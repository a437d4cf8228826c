import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/** TTL attribute of every Vigil table: epoch seconds. */
export const TTL_ATTRIBUTE = 'expiresAt';

export interface VigilTableProps {
  /** Items keyed by `pk` and `sk` (else `pk` only). */
  readonly sortKey: boolean;
  /** @default RemovalPolicy.RETAIN: the table outlives the stack */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A Vigil table: string keys `pk` (and `sk`), on demand, TTL on `expiresAt` (the items that carry
 * it expire; the others stay), point-in-time recovery on.
 */
export function vigilTable(scope: Construct, id: string, props: VigilTableProps): Table {
  return new Table(scope, id, {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    ...(props.sortKey ? { sortKey: { name: 'sk', type: AttributeType.STRING } } : {}),
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: TTL_ATTRIBUTE,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  });
}
