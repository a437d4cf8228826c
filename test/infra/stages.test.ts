import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { configForStage, configFromContext, STAGE_DEFAULTS } from '#infra/config.ts';
import { STAGE_TAG, stackNameFor } from '#infra/stage-settings.ts';
import { synthTemplateWithoutBundling } from '#infra/synth.ts';
import type { CfnTemplate } from '#lib/local/template-tables.ts';

type Resource = { Type: string; DeletionPolicy?: string; Properties?: Record<string, unknown> };
const SYNTH_TIMEOUT = 180_000;
let dev: CfnTemplate;
let prod: CfnTemplate;

beforeAll(() => {
  // GIVEN the app; WHEN synthesized for each stage with its defaults
  dev = synthTemplateWithoutBundling(configForStage('dev'));
  prod = synthTemplateWithoutBundling(configForStage('prod'));
}, SYNTH_TIMEOUT);

const resourcesOf = (template: CfnTemplate, type: string) =>
  Object.entries(template.Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
const tables = (template: CfnTemplate) => resourcesOf(template, 'AWS::DynamoDB::Table');
const isDedup = (id: string) => id.startsWith('EventStoreDedup');
const loggingOf = (r: Resource) => r.Properties?.LoggingConfig as Record<string, unknown> | undefined;
const envOf = (r: Resource): Record<string, unknown> =>
  (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
/** Vigil's own functions (not CDK's custom-resource handlers): the ones with a Powertools service name. */
const functionsOf = (template: CfnTemplate) =>
  resourcesOf(template, 'AWS::Lambda::Function').filter(
    ([, r]) => envOf(r).POWERTOOLS_SERVICE_NAME !== undefined,
  );

describe('Stage: prod', () => {
  it('keeps every table when the stack goes, protects it from deletion and turns PITR on (the dedup table is disposable)', () => {
    // THEN
    expect(tables(prod).length).toBeGreaterThanOrEqual(8);
    for (const [id, table] of tables(prod)) {
      expect(table.Properties?.PointInTimeRecoverySpecification, id).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
      expect(table.DeletionPolicy, id).toBe(isDedup(id) ? 'Delete' : 'Retain');
      expect(table.Properties?.DeletionProtectionEnabled, id).toBe(isDedup(id) ? undefined : true);
    }
  });

  it("logs JSON at INFO without Lambda's per-invocation INFO records (system level WARN), keeps logs a year and history 30 days, and tags every function and table with its stage", () => {
    // THEN
    expect(functionsOf(prod).length).toBeGreaterThanOrEqual(8);
    for (const [id, fn] of functionsOf(prod)) {
      expect(loggingOf(fn), id).toMatchObject({
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'WARN',
      });
      // Lambda sets AWS_LAMBDA_LOG_LEVEL from LoggingConfig; a second level would be ignored.
      expect(envOf(fn).POWERTOOLS_LOG_LEVEL, id).toBeUndefined();
      expect(fn.Properties?.Tags, id).toContainEqual({ Key: STAGE_TAG, Value: 'prod' });
    }
    for (const [id, table] of tables(prod))
      expect(table.Properties?.Tags, id).toContainEqual({ Key: STAGE_TAG, Value: 'prod' });
    const ingest = functionsOf(prod).find(([, r]) => envOf(r).POWERTOOLS_SERVICE_NAME === 'ingest');
    expect(ingest && envOf(ingest[1]).HISTORY_RETENTION_SECONDS).toBe(String(30 * 86_400));
    for (const [id, group] of resourcesOf(prod, 'AWS::Logs::LogGroup'))
      expect(group.Properties?.RetentionInDays, id).toBe(365);
  });
});

describe('Stage: dev (the default)', () => {
  it('deletes every table with the stack, without deletion protection or PITR', () => {
    // THEN
    for (const [id, table] of tables(dev)) {
      expect(table.DeletionPolicy, id).toBe('Delete');
      expect(table.Properties?.DeletionProtectionEnabled, id).toBeUndefined();
      expect(table.Properties?.PointInTimeRecoverySpecification, id).toEqual({
        PointInTimeRecoveryEnabled: false,
      });
    }
  });

  it("logs JSON at DEBUG, keeps Lambda's START/REPORT records (system level INFO) in each function's own log group, and tags its resources dev", () => {
    // THEN
    expect(functionsOf(dev).length).toBeGreaterThanOrEqual(8);
    for (const [id, fn] of functionsOf(dev)) {
      expect(loggingOf(fn), id).toEqual({
        LogFormat: 'JSON',
        ApplicationLogLevel: 'DEBUG',
        SystemLogLevel: 'INFO',
        LogGroup: { Ref: expect.stringMatching(/Logs[0-9A-F]{8}$/) },
      });
      expect(fn.Properties?.Tags, id).toContainEqual({ Key: STAGE_TAG, Value: 'dev' });
    }
  });

  it('is what no -c stage gives, in a stack named Vigil-dev', () => {
    // WHEN
    const config = configFromContext(new App().node);

    // THEN
    expect(config).toEqual(configForStage('dev'));
    expect(stackNameFor(config.stage)).toBe('Vigil-dev');
    expect(stackNameFor('prod')).toBe('Vigil-prod');
  });
});

describe('Stages: the settings', () => {
  it('applies -c vigil on top of the stage defaults', () => {
    // WHEN
    const context = {
      stage: 'prod',
      vigil: JSON.stringify({ historyRetentionDays: 90, logLevel: 'WARN', systemLogLevel: 'INFO' }),
    };
    const config = configFromContext(new App({ context }).node);

    // THEN
    expect(config).toMatchObject({
      ...STAGE_DEFAULTS.prod,
      stage: 'prod',
      historyRetentionDays: 90,
      logLevel: 'WARN',
      systemLogLevel: 'INFO',
    });
  });

  it.each([
    [{ stage: 'staging' }, 'CDK context \'stage\': must be one of dev, prod (got "staging")'],
    [{ vigil: { logLevel: 'LOUD' } }, "CDK context 'vigil.logLevel'"],
    // Lambda's system levels are DEBUG, INFO and WARN only.
    [{ vigil: { systemLogLevel: 'ERROR' } }, "CDK context 'vigil.systemLogLevel'"],
    [{ vigil: { pointInTimeRecovery: 'yes' } }, "CDK context 'vigil.pointInTimeRecovery'"],
    [
      { vigil: { deletionProtection: true } },
      "CDK context 'vigil.deletionProtection': needs tableRemovalPolicy",
    ],
    [{ stage: 'prod', vigil: { tableRemovalPolicy: 'destroy' } }, "CDK context 'vigil.deletionProtection'"],
    [{ vigil: { stage: 'prod' } }, "CDK context 'vigil.stage': choose the stage with -c stage=dev|prod"],
    [{ vigil: '{"historyRetentionDays": 3' }, "CDK context 'vigil': not valid JSON"],
    [{ stage: 'prod', vigil: { historyRetentionDays: 0 } }, "CDK context 'vigil.historyRetentionDays'"],
  ])('refuses %j naming the setting', (context, message) => {
    // WHEN / THEN
    expect(() => configFromContext(new App({ context }).node)).toThrow(message);
  });
});

describe('Stages: an unchanged app synthesizes the same template (an empty cdk diff)', () => {
  it(
    'gives the same prod template twice: no timestamps, random names or moving asset hashes',
    () => {
      // WHEN
      const again = synthTemplateWithoutBundling(configForStage('prod'));

      // THEN
      expect(JSON.stringify(again)).toBe(JSON.stringify(prod));
    },
    SYNTH_TIMEOUT,
  );
});
