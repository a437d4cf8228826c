import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  ApplicationLogLevel,
  Architecture,
  type ILayerVersion,
  LayerVersion,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '#lib/core/metrics.ts';
import { acknowledgeFunctionFindings } from '../nag.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The Powertools version of package.json (logger, metrics, tracer): its public layer provides them
 * at run time, so they stay out of the bundles. AWS publishes the layer's ARN for each version in a
 * public SSM parameter (`arn:aws:lambda:<region>:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:<n>`),
 * resolved by CloudFormation at deploy: bump it together with package.json.
 */
export const POWERTOOLS_VERSION = '2.36.0';
export const POWERTOOLS_LAYER_PARAMETER = `/aws/service/powertools/typescript/generic/all/${POWERTOOLS_VERSION}`;

/** One layer construct per stack, shared by its functions. */
function powertoolsLayer(scope: Construct): ILayerVersion {
  const stack = Stack.of(scope);
  const id = 'PowertoolsLayer';
  const existing = stack.node.tryFindChild(id) as ILayerVersion | undefined;
  if (existing) return existing;
  const arn = StringParameter.valueForStringParameter(stack, POWERTOOLS_LAYER_PARAMETER);
  return LayerVersion.fromLayerVersionArn(stack, id, arn);
}

/** The levels of Lambda's advanced logging controls for the functions of one stack. */
export interface FunctionLogLevels {
  readonly application: ApplicationLogLevel;
  readonly system: SystemLogLevel;
}

/** Lambda's own defaults once the log format is JSON: what a stack that set no levels gets. */
const LAMBDA_JSON_DEFAULTS: FunctionLogLevels = {
  application: ApplicationLogLevel.INFO,
  system: SystemLogLevel.INFO,
};

const levelsByStack = new WeakMap<Stack, FunctionLogLevels>();

/**
 * The log levels every VigilFunction made in `stack` from now on gets (the stage's: infra/stage-settings.ts).
 * Set before the functions exist, so that they reach the construct props (CDK checks them there).
 */
export function setFunctionLogLevels(stack: Stack, levels: FunctionLogLevels): void {
  levelsByStack.set(stack, levels);
}

export interface VigilFunctionProps {
  /** Folder under `functions/` holding `handler.ts`. */
  readonly name: string;
  /** @default `functions/<name>/handler.ts` */
  readonly entry?: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
}

/**
 * One Lambda function of Vigil with the shared defaults: Node 22 on ARM64, bundled as ESM by the
 * local esbuild (never Docker) with the AWS SDK left external (the runtime ships it), JSON logs
 * in a log group with retention, X-Ray tracing, Powertools from its public layer. Lambda's logging
 * controls: JSON format, with the stack's application and system log levels (setFunctionLogLevels).
 */
export class VigilFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: VigilFunctionProps) {
    super(scope, id);
    const levels = levelsByStack.get(Stack.of(this)) ?? LAMBDA_JSON_DEFAULTS;
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: props.entry ?? path.join(PROJECT_ROOT, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      layers: [powertoolsLayer(this)],
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: levels.application,
      systemLogLevelV2: levels.system,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        platform: 'node',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        // The runtime ships the SDK; the Powertools layer ships Powertools (and the Tracer's X-Ray SDK).
        externalModules: ['@aws-sdk/*', '@aws-lambda-powertools/*'],
        // ESM bundles of CommonJS dependencies still call require(); give them one.
        banner:
          "import { createRequire as __vigilCreateRequire } from 'module'; const require = __vigilCreateRequire(import.meta.url);",
      },
    });
    acknowledgeFunctionFindings(this);
  }
}
