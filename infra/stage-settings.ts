import { RemovalPolicy, type Stack, Tags, Validations } from 'aws-cdk-lib';
import { type CfnTable, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { VigilConfig } from './config.ts';
import { VigilFunction } from './constructs/vigil-function.ts';
import { isDisposable } from './constructs/vigil-table.ts';

/** The tag every resource of the stack carries: which stage it belongs to. */
export const STAGE_TAG = 'vigil:stage';

/** `Vigil-<stage>`: the CloudFormation stack of a stage. */
export function stackNameFor(stage: VigilConfig['stage']): string {
  return `Vigil-${stage}`;
}

/**
 * The per-stage settings that concern every table and function of the stack alike, applied once
 * they all exist: removal policy, deletion protection and PITR of the tables, the functions' log
 * level, and the stage tag.
 */
export function applyStageSettings(stack: Stack, config: VigilConfig): void {
  Tags.of(stack).add(STAGE_TAG, config.stage);
  const all = stack.node.findAll();
  for (const table of all.filter((c): c is Table => c instanceof Table)) {
    const keep = config.tableRemovalPolicy === 'retain' && !isDisposable(table);
    table.applyRemovalPolicy(keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
    const cfn = table.node.defaultChild as CfnTable;
    // Only where on: a dev template carries no property it does not need (the local runtime reads it).
    if (keep && config.deletionProtection) cfn.deletionProtectionEnabled = true;
    cfn.pointInTimeRecoverySpecification = { pointInTimeRecoveryEnabled: config.pointInTimeRecovery };
    if (!config.pointInTimeRecovery)
      Validations.of(table).acknowledge({
        id: 'AwsSolutions::AwsSolutions-DDB3',
        reason: `Point-in-time recovery is off in stage ${config.stage} (its data is disposable); prod turns it on.`,
      });
  }
  for (const fn of all.filter((c): c is VigilFunction => c instanceof VigilFunction))
    fn.fn.addEnvironment('POWERTOOLS_LOG_LEVEL', config.logLevel);
}
