import { TABLE_IGNORED, tablePropertiesSchema, tableSpec } from '../template-tables.ts';
import type { LocalBus, LocalLogGroup, LocalTable, Topology } from '../topology.ts';
import { loadApis } from './load-apis.ts';
import { LoadContext, type LoadOptions, type Resources } from './load-context.ts';
import { loadFunctions } from './load-functions.ts';
import { loadEventSourceMappings, loadQueues } from './load-queues.ts';
import { loadRules } from './load-rules.ts';
import { listUnloadedTypes } from './resource-types.ts';

export type { LoadOptions } from './load-context.ts';

function loadTables(context: LoadContext): LocalTable[] {
  return context.loadEach('AWS::DynamoDB::Table', (entry) => {
    const props = context.properties(entry, tablePropertiesSchema, TABLE_IGNORED);
    const { logicalId } = entry;
    const name = context.ids.nameOf(logicalId);
    return { ...tableSpec(logicalId, props, name), name, arn: context.arnOf(logicalId) };
  });
}

/** Buses and log groups: the local runtime needs only their names and ARNs. */
function loadNamed(context: LoadContext, type: 'AWS::Events::EventBus' | 'AWS::Logs::LogGroup'): LocalBus[] {
  return context.of(type).map(({ logicalId }) => ({
    logicalId,
    name: context.ids.nameOf(logicalId),
    arn: context.arnOf(logicalId),
  }));
}

/**
 * Builds the local topology from a synthesized template: every resource resolved to its local
 * name and ARN, every property read through its kind's schema, every rule pattern validated, and
 * what cannot run locally listed with the reason (a bad property by its path).
 *
 * One loader per resource kind (`load-<kind>.ts`), each taking the shared `LoadContext`. A new kind:
 * write its loader (a zod/mini schema of the properties it reads and those it ignores, then
 * `context.loadEach(type, …)`), add its type to `LOADED_TYPES` in `resource-types.ts`, its field to
 * `Topology`, and call it here after the kinds it refers to.
 */
export function loadTopology(template: { Resources: Resources }, options: LoadOptions): Topology {
  const context = new LoadContext(template.Resources, options);
  const deployTimeOnly = listUnloadedTypes(context);
  const tables = loadTables(context);
  const functions = loadFunctions(context, deployTimeOnly);
  const queues = loadQueues(context);
  const rules = loadRules(context);
  return {
    stackName: options.stackName,
    region: options.region,
    accountId: options.accountId,
    tables,
    functions,
    buses: loadNamed(context, 'AWS::Events::EventBus'),
    rules,
    apis: loadApis(context, functions),
    logGroups: loadNamed(context, 'AWS::Logs::LogGroup') satisfies LocalLogGroup[],
    queues,
    eventSourceMappings: loadEventSourceMappings(context, queues, functions),
    unsupported: context.unsupported,
  };
}
