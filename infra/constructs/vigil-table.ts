import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/** TTL attribute of every Vigil table: epoch seconds. */
export const TTL_ATTRIBUTE = 'expiresAt';

const disposableTables = new WeakSet<Table>();

/** Whether the table's items are worth nothing after their TTL: deleted with the stack in every stage. */
export function isDisposable(table: Table): boolean {
  return disposableTables.has(table);
}

export interface VigilTableProps {
  /** Items keyed by `pk` and `sk` (else `pk` only). */
  readonly sortKey: boolean;
  /** @default false: the stage decides whether the table outlives the stack (infra/stage-settings.ts) */
  readonly disposable?: boolean;
}

/**
 * A Vigil table: string keys `pk` (and `sk`), on demand, TTL on `expiresAt` (the items that carry
 * it expire; the others stay). Removal policy, deletion protection and point-in-time recovery are
 * the stage's (applyStageSettings).
 */
export function vigilTable(scope: Construct, id: string, props: VigilTableProps): Table {
  const table = new Table(scope, id, {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    ...(props.sortKey ? { sortKey: { name: 'sk', type: AttributeType.STRING } } : {}),
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: TTL_ATTRIBUTE,
    ...(props.disposable ? { removalPolicy: RemovalPolicy.DESTROY } : {}),
  });
  if (props.disposable) disposableTables.add(table);
  return table;
}
