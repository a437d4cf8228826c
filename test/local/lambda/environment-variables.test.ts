import { describe, expect, it } from 'vitest';
import { lambdaEnvironment } from '#lib/local/lambda/environment-variables.ts';
import type { LocalFunction } from '#lib/local/topology.ts';

const fn = (overrides: Partial<LocalFunction> = {}): LocalFunction => ({
  logicalId: 'IngestFunction1A2B3C4D',
  name: 'vigil-ingest',
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:vigil-ingest',
  codeDir: '/tmp/asset.ingest',
  handler: 'index.handler',
  runtime: 'nodejs22.x',
  timeoutSeconds: 10,
  memoryMb: 512,
  environment: {},
  ...overrides,
});

describe('Function: lambdaEnvironment, advanced logging controls', () => {
  it('sets the JSON format and the application log level, over what the configuration says', () => {
    // Prepare
    const json = fn({
      logging: { format: 'JSON', applicationLogLevel: 'WARN', systemLogLevel: 'WARN' },
      environment: { AWS_LAMBDA_LOG_LEVEL: 'DEBUG', POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    });

    // Act
    const env = lambdaEnvironment(json, {}, 'stream');

    // Assess
    expect(env).toMatchObject({
      AWS_LAMBDA_LOG_FORMAT: 'JSON',
      AWS_LAMBDA_LOG_LEVEL: 'WARN',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    });
  });

  it.each([
    ['the Text format', fn({ logging: { format: 'Text' } })],
    ['no LoggingConfig', fn()],
  ])('sets neither variable for %s', (_, text) => {
    // Act
    const env = lambdaEnvironment(text, {}, 'stream');

    // Assess
    expect(env.AWS_LAMBDA_LOG_FORMAT).toBeUndefined();
    expect(env.AWS_LAMBDA_LOG_LEVEL).toBeUndefined();
  });
});
