import { describe, expect, it } from 'vitest';
import { type LoadOptions, loadTopology } from '#lib/local/template/load-topology.ts';
import type { TemplateResource } from '#lib/local/template/physical-ids.ts';
import { TemplatePropertyError } from '#lib/local/template/properties.ts';
import { tableSpecsFromTemplate } from '#lib/local/template-tables.ts';

type Resources = Record<string, TemplateResource>;

const OPTIONS: LoadOptions = {
  stackName: 'Vigil',
  assemblyDir: '/tmp/vigil-assembly',
  region: 'us-east-1',
  accountId: '123456789012',
};

const consumer = (properties: Record<string, unknown> = {}): TemplateResource => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x', ...properties },
  Metadata: { 'aws:asset:path': 'asset.consumer' },
});
const consumerArn = { 'Fn::GetAtt': ['Consumer', 'Arn'] };

const table = (properties: Record<string, unknown> = {}): TemplateResource => ({
  Type: 'AWS::DynamoDB::Table',
  Properties: {
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    ...properties,
  },
});

function reasons(resources: Resources) {
  return loadTopology({ Resources: resources }, OPTIONS).unsupported;
}

describe('Function: loadTopology (template properties read through schemas)', () => {
  it.each([
    [
      'a function property it does not emulate',
      { Consumer: consumer({ FileSystemConfigs: [{ Arn: 'arn:efs', LocalMountPath: '/mnt/data' }] }) },
      'FileSystemConfigs: property not supported locally',
    ],
    ['a function timeout out of range', { Consumer: consumer({ Timeout: 901 }) }, 'Timeout: at most 900'],
    [
      'a function memory size that is not a number',
      { Consumer: consumer({ MemorySize: 'big' }) },
      'MemorySize: expected number',
    ],
    [
      'an environment variable that is an object',
      { Consumer: consumer({ Environment: { Variables: { CONFIG: { nested: true } } } }) },
      'Environment.Variables.CONFIG: not of a form this property takes',
    ],
    [
      'a table key of an unknown type',
      { Table: table({ KeySchema: [{ AttributeName: 'pk', KeyType: 'SORT' }] }) },
      'KeySchema.0.KeyType: expected "HASH" or "RANGE"',
    ],
    [
      'a table import',
      { Table: table({ ImportSourceSpecification: {} }) },
      'ImportSourceSpecification: property not supported locally',
    ],
    [
      'a rule pattern that is not JSON',
      {
        Consumer: consumer(),
        Rule: { Type: 'AWS::Events::Rule', Properties: { EventPattern: '{source', Targets: [] } },
      },
      'EventPattern: not valid JSON',
    ],
  ])('refuses %s, naming the property path', (_case, resources, reason) => {
    // Act
    const unsupported = reasons(resources);

    // Assess
    const [logicalId] = Object.keys(resources).slice(-1);
    expect(unsupported).toEqual([expect.objectContaining({ logicalId, reason })]);
  });

  it('refuses only the rule target with a bad property, and keeps the rule and its other targets', () => {
    // Prepare
    const resources: Resources = {
      Consumer: consumer(),
      Rule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          EventPattern: { source: ['shop'] },
          Targets: [
            { Id: 'Bad', Arn: consumerArn, RetryPolicy: { MaximumRetryAttempts: 200 } },
            { Id: 'Http', Arn: consumerArn, HttpParameters: { PathParameterValues: ['x'] } },
            { Id: 'Good', Arn: consumerArn },
          ],
        },
      },
    };

    // Act
    const topology = loadTopology({ Resources: resources }, OPTIONS);

    // Assess
    expect(topology.rules[0]?.targets.map((target) => target.id)).toEqual(['Good']);
    expect(topology.unsupported).toEqual([
      {
        logicalId: 'Rule',
        type: 'AWS::Events::Rule target',
        reason: 'Targets.0.RetryPolicy.MaximumRetryAttempts: at most 185',
      },
      {
        logicalId: 'Rule',
        type: 'AWS::Events::Rule target',
        reason: 'Targets.1.HttpParameters: property not supported locally',
      },
    ]);
  });

  it('names every bad property of a resource at once', () => {
    // Act
    const unsupported = reasons({ Consumer: consumer({ Timeout: 0, FileSystemConfigs: [], Mystery: 1 }) });

    // Assess
    expect(unsupported[0]?.reason.split('; ').sort()).toEqual([
      'FileSystemConfigs: property not supported locally',
      'Mystery: property not supported locally',
      'Timeout: at least 1',
    ]);
  });

  it('accepts the properties with no local effect, as CDK writes them', () => {
    // Prepare
    const resources: Resources = {
      Consumer: consumer({
        Code: { S3Bucket: { 'Fn::ImportValue': 'AssetBucket' }, S3Key: 'x.zip' },
        Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
        // Powertools' public layer, its version read from an SSM parameter the local runtime cannot know.
        Layers: [{ Ref: 'SsmParameterValuePowertoolsLayer' }],
        Timeout: '10',
      }),
      Table: table({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    };

    // Act
    const topology = loadTopology({ Resources: resources }, OPTIONS);

    // Assess
    expect(topology.unsupported).toEqual([]);
    expect(topology.functions[0]?.timeoutSeconds).toBe(10);
    expect(topology.tables[0]?.create.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('throws a TemplatePropertyError naming the table and the property when table specs are read directly', () => {
    // Prepare
    const template = {
      Resources: { Keys: table({ AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'X' }] }) },
    };

    // Act
    const read = () => tableSpecsFromTemplate(template, (id) => id);

    // Assess
    expect(read).toThrow(TemplatePropertyError);
    expect(read).toThrow(
      'Keys (AWS::DynamoDB::Table): AttributeDefinitions.0.AttributeType: expected "S" or "N" or "B"',
    );
  });
});
