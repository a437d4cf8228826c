import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ApplicationLogLevel, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { setFunctionLogLevels, VigilFunction } from '#infra/constructs/vigil-function.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function loggingConfigOf(stack: Stack): unknown {
  const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  expect(functions).toHaveLength(1);
  return functions[0]?.Properties?.LoggingConfig;
}

const probe = (stack: Stack) =>
  new VigilFunction(stack, 'Fn', {
    name: 'ingest',
    description: 'logging controls',
    environment: {},
    logRetention: RetentionDays.ONE_DAY,
  });

describe('Construct: VigilFunction, Lambda advanced logging controls', () => {
  it('logs JSON at the levels set for its stack, into its own log group', () => {
    // GIVEN a stack whose functions log at WARN without Lambda's INFO records
    const stack = new Stack(new App({ context: NO_BUNDLING }), 'S');
    setFunctionLogLevels(stack, { application: ApplicationLogLevel.WARN, system: SystemLogLevel.WARN });

    // WHEN
    probe(stack);

    // THEN
    expect(loggingConfigOf(stack)).toEqual({
      LogFormat: 'JSON',
      ApplicationLogLevel: 'WARN',
      SystemLogLevel: 'WARN',
      LogGroup: { Ref: expect.stringMatching(/^FnLogs/) },
    });
  });

  it("takes Lambda's JSON defaults (INFO, INFO) in a stack that set no levels", () => {
    // GIVEN a stack that set none
    const stack = new Stack(new App({ context: NO_BUNDLING }), 'S');

    // WHEN
    probe(stack);

    // THEN
    expect(loggingConfigOf(stack)).toMatchObject({
      LogFormat: 'JSON',
      ApplicationLogLevel: 'INFO',
      SystemLogLevel: 'INFO',
    });
  });
});
