import { describe, expect, it } from 'vitest';
import { type LoadOptions, loadTopology } from '#lib/local/template/load-topology.ts';
import type { TemplateResource } from '#lib/local/template/physical-ids.ts';

const OPTIONS: LoadOptions = {
  stackName: 'Vigil',
  assemblyDir: '/tmp/vigil-assembly',
  region: 'us-east-1',
  accountId: '123456789012',
};

const withLogging = (LoggingConfig: unknown): Record<string, TemplateResource> => ({
  Fn: {
    Type: 'AWS::Lambda::Function',
    Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x', LoggingConfig },
    Metadata: { 'aws:asset:path': 'asset.fn' },
  },
});

const load = (LoggingConfig: unknown) => loadTopology({ Resources: withLogging(LoggingConfig) }, OPTIONS);

describe("Function: loadTopology, a function's LoggingConfig", () => {
  it('reads the format and both levels as CDK writes them, the log group a Ref with no local effect', () => {
    // Act
    const topology = load({
      LogFormat: 'JSON',
      ApplicationLogLevel: 'DEBUG',
      SystemLogLevel: 'WARN',
      LogGroup: { Ref: 'IngestLogs1A2B3C4D' },
    });

    // Assess
    expect(topology.unsupported).toEqual([]);
    expect(topology.functions[0]?.logging).toEqual({
      format: 'JSON',
      applicationLogLevel: 'DEBUG',
      systemLogLevel: 'WARN',
    });
  });

  it.each([
    [
      'JSON alone: both levels at INFO',
      { LogFormat: 'JSON' },
      { format: 'JSON', applicationLogLevel: 'INFO', systemLogLevel: 'INFO' },
    ],
    ['no format: Text', { LogGroup: 'my-group' }, { format: 'Text' }],
    ['no LoggingConfig: Text', undefined, { format: 'Text' }],
  ])("applies Lambda's defaults: %s", (_, config, expected) => {
    // Act
    const topology = load(config);

    // Assess
    expect(topology.functions[0]?.logging).toEqual(expected);
  });

  it.each([
    [{ LogFormat: 'json' }, 'LoggingConfig.LogFormat: expected "Text" or "JSON"'],
    [
      { LogFormat: 'JSON', SystemLogLevel: 'ERROR' },
      'LoggingConfig.SystemLogLevel: expected "DEBUG" or "INFO" or "WARN"',
    ],
    [
      { LogFormat: 'JSON', ApplicationLogLevel: 'CRITICAL' },
      'LoggingConfig.ApplicationLogLevel: expected "TRACE"',
    ],
    [{ LogFormat: 'Text', SystemLogLevel: 'WARN' }, 'LoggingConfig.SystemLogLevel: needs LogFormat "JSON"'],
    [{ ApplicationLogLevel: 'INFO' }, 'LoggingConfig.ApplicationLogLevel: needs LogFormat "JSON"'],
    [{ LogFormat: 'JSON', Mystery: 1 }, 'LoggingConfig.Mystery: property not supported locally'],
  ])('refuses %j, naming the property and the rule', (config, reason) => {
    // Act
    const topology = load(config);

    // Assess
    expect(topology.functions).toEqual([]);
    expect(topology.unsupported[0]?.reason).toContain(reason);
  });
});
