import path from 'node:path';
import * as z from 'zod/mini';
import type { LocalFunction } from '../topology.ts';
import type { LoadContext, ResourceEntry } from './load-context.ts';
import { functionLogging, loggingConfigSchema } from './logging-config.ts';
import { ignored, intIn, text } from './properties.ts';

/** Properties with no local effect: code location, IAM, tracing, layers, networking, tags… */
const IGNORED = [
  'Code',
  'Role',
  'Architectures',
  'Description',
  'TracingConfig',
  // Powertools' public layer: locally the functions' external imports resolve from node_modules.
  'Layers',
  'Tags',
  'ReservedConcurrentExecutions',
  'DeadLetterConfig',
  'KmsKeyArn',
  'VpcConfig',
  'EphemeralStorage',
  'RuntimeManagementConfig',
  'RecursiveLoop',
  'SnapStart',
  'CodeSigningConfigArn',
  'PackageType',
] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const functionSchema = z.strictObject({
  FunctionName: z.optional(text),
  Handler: z.optional(text),
  Runtime: z.optional(text),
  Timeout: z.optional(intIn(1, 900)),
  MemorySize: z.optional(intIn(128, 10_240)),
  Environment: z.optional(z.strictObject({ Variables: z.optional(z.record(z.string(), scalar)) })),
  LoggingConfig: z.optional(loggingConfigSchema),
  ...ignored(IGNORED),
});

function loadFunction(context: LoadContext, entry: ResourceEntry): LocalFunction | string {
  const assetPath = entry.resource.Metadata?.['aws:asset:path'];
  if (typeof assetPath !== 'string') return 'no local asset (inline or image code)';
  // LoggingConfig unresolved: its LogGroup (a Ref) has no local effect, the rest is plain text.
  const props = context.properties(entry, functionSchema, [...IGNORED, 'LoggingConfig']);
  const variables = props.Environment?.Variables ?? {};
  return {
    logicalId: entry.logicalId,
    name: context.ids.nameOf(entry.logicalId),
    arn: context.arnOf(entry.logicalId),
    codeDir: path.resolve(context.options.assemblyDir, assetPath),
    handler: props.Handler ?? 'index.handler',
    runtime: props.Runtime ?? 'nodejs22.x',
    timeoutSeconds: props.Timeout ?? 3,
    memoryMb: props.MemorySize ?? 128,
    environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])),
    logging: functionLogging(props.LoggingConfig),
  };
}

/** The template's functions that have a local bundle; those serving custom resources run at deploy time only. */
export function loadFunctions(context: LoadContext, deployTimeOnly: ReadonlySet<string>): LocalFunction[] {
  return context.loadEach('AWS::Lambda::Function', (entry) =>
    deployTimeOnly.has(entry.logicalId)
      ? 'handler of a custom resource: deploy-time only'
      : loadFunction(context, entry),
  );
}
