import { MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import { Operation, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { PERIOD } from './function-metrics.ts';

const DATA_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

/** A table's throttled requests over its data operations, with metric ids unique to `prefix` (one graph holds several). */
export function throttlesOf(table: Table, prefix: string): MathExpression {
  const usingMetrics = Object.fromEntries(
    DATA_OPERATIONS.map((operation) => [
      `${prefix}${operation.toLowerCase()}`,
      table.metric('ThrottledRequests', {
        dimensionsMap: { TableName: table.tableName, Operation: operation },
        statistic: 'Sum',
        period: PERIOD,
      }),
    ]),
  );
  return new MathExpression({
    expression: Object.keys(usingMetrics).join(' + '),
    usingMetrics,
    label: table.node.path,
    period: PERIOD,
  });
}
