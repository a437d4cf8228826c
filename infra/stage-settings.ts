import { RemovalPolicy, type Stack, Tags, Validations } from 'aws-cdk-lib';
import { type CfnTable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { ApplicationLogLevel, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import type { VigilConfig } from './config.ts';
import { setFunctionLogLevels } from './constructs/vigil-function.ts';
import { isDisposable } from './constructs/vigil-table.ts';

/** The tag every resource of the stack carries: which stage it belongs to. */
export const STAGE_TAG = 'vigil:stage';

/** `Vigil-<stage>`: the CloudFormation stack of a stage. */
export function stackNameFor(stage: VigilConfig['stage']): string {
  return `Vigil-${stage}`;
}

/**
 * The stage's log levels for every function the stack will make, set before the first one exists:
 * the application level is `logLevel` (Lambda sets AWS_LAMBDA_LOG_LEVEL from it, and Powertools
 * Logger follows that over POWERTOOLS_LOG_LEVEL), the system level `systemLogLevel`.
 */
export function setStageLogLevels(stack: Stack, config: VigilConfig): void {
  setFunctionLogLevels(stack, {
    application: ApplicationLogLevel[config.logLevel],
    system: SystemLogLevel[config.systemLogLevel],
  });
}

/**
 * The per-stage settings that concern every table of the stack alike, applied once they all
 * exist: removal policy, deletion protection and PITR of the tables, and the stage tag.
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
}
