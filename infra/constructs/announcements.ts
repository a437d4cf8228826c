import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { vigilTable } from './vigil-table.ts';

/** The environment variable that names the outbox table to the functions. */
export const ANNOUNCEMENTS_TABLE_ENV = 'ANNOUNCEMENTS_TABLE_NAME';

/**
 * The announcements outbox: `alert.*` and `module.*` events that PutEvents still refused after
 * retries wait here (TTL `expiresAt`) until `POST /announcements/redrive` publishes them.
 */
export class Announcements extends Construct {
  readonly outbox: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.outbox = vigilTable(this, 'Outbox', { sortKey: true });
  }

  /** A function that announces: it may only add to the outbox. */
  attachAnnouncer(fn: LambdaFunction): void {
    fn.addEnvironment(ANNOUNCEMENTS_TABLE_ENV, this.outbox.tableName);
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:BatchWriteItem'], resources: [this.outbox.tableArn] }),
    );
  }

  /** The function that redrives: it also reads, updates and removes what it published. */
  attachRedriver(fn: LambdaFunction): void {
    this.attachAnnouncer(fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [this.outbox.tableArn],
      }),
    );
  }
}
