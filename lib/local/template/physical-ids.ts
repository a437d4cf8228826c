import type { ResolveContext } from './intrinsics.ts';

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/**
 * Local physical names and ARNs of the template's resources. Names are deterministic
 * (`<stack>-<logicalId>` unless the template names the resource), so data kept by a previous run
 * (DynamoDB tables) is found again after a restart.
 */
export class PhysicalIds implements ResolveContext {
  constructor(
    private readonly resources: Readonly<Record<string, TemplateResource>>,
    readonly stackName: string,
    readonly region: string,
    readonly accountId: string,
    /** Origin of queue URLs: the local SQS endpoint, so the SDK's QueueUrl-as-endpoint reaches it. */
    readonly sqsEndpoint = 'http://127.0.0.1',
  ) {}

  private literal(logicalId: string, property: string): string | undefined {
    const value = this.resources[logicalId]?.Properties?.[property];
    return typeof value === 'string' ? value : undefined;
  }

  nameOf(logicalId: string): string {
    const type = this.resources[logicalId]?.Type;
    const own = (property: string) => this.literal(logicalId, property) ?? `${this.stackName}-${logicalId}`;
    switch (type) {
      case 'AWS::DynamoDB::Table':
        return own('TableName');
      case 'AWS::Events::EventBus':
        return own('Name');
      case 'AWS::Events::Rule':
        return own('Name');
      case 'AWS::Lambda::Function':
        return own('FunctionName');
      case 'AWS::Logs::LogGroup':
        return this.literal(logicalId, 'LogGroupName') ?? `/vigil-local/${this.stackName}/${logicalId}`;
      case 'AWS::SQS::Queue': {
        // CloudFormation names an unnamed FIFO queue with the required `.fifo` suffix.
        const fifo = this.resources[logicalId]?.Properties?.FifoQueue;
        const generated = `${this.stackName}-${logicalId}${fifo === true || fifo === 'true' ? '.fifo' : ''}`;
        return this.literal(logicalId, 'QueueName') ?? generated;
      }
      case 'AWS::IAM::Role':
        return own('RoleName');
      default:
        return logicalId;
    }
  }

  arnOf(logicalId: string): string | undefined {
    const name = this.nameOf(logicalId);
    const { region, accountId } = this;
    switch (this.resources[logicalId]?.Type) {
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
      case 'AWS::Events::EventBus':
        return `arn:aws:events:${region}:${accountId}:event-bus/${name}`;
      case 'AWS::Events::Rule': {
        // Rules on the default bus have no bus in their ARN (`rule/<name>`); others `rule/<bus>/<name>`.
        const bus = this.busOfRule(logicalId);
        return `arn:aws:events:${region}:${accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;
      }
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${region}:${accountId}:log-group:${name}:*`;
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${region}:${accountId}:${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${accountId}:role/${name}`;
      default:
        return undefined;
    }
  }

  private busOfRule(logicalId: string): string {
    const bus = this.resources[logicalId]?.Properties?.EventBusName;
    if (typeof bus === 'string') return bus;
    if (bus && typeof bus === 'object' && 'Ref' in bus) return this.nameOf(String(bus.Ref));
    return 'default';
  }

  ref(logicalId: string): string | undefined {
    const resource = this.resources[logicalId];
    if (!resource) return undefined;
    if (resource.Type === 'AWS::SQS::Queue')
      return `${this.sqsEndpoint}/${this.accountId}/${this.nameOf(logicalId)}`;
    return this.nameOf(logicalId);
  }

  getAtt(logicalId: string, attribute: string): string | undefined {
    const resource = this.resources[logicalId];
    if (!resource) return undefined;
    if (attribute === 'Arn') return this.arnOf(logicalId);
    if (attribute === 'Name' || attribute === 'QueueName') return this.nameOf(logicalId);
    if (attribute === 'QueueUrl') return this.ref(logicalId);
    if (attribute === 'ApiId') return logicalId.toLowerCase().slice(0, 10);
    if (attribute === 'ApiEndpoint') return 'http://127.0.0.1';
    return undefined;
  }
}
