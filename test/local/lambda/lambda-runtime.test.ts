import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  FunctionNotFoundError,
  type LambdaRuntimeOptions,
  LocalLambdaRuntime,
} from '#lib/local/lambda/lambda-runtime.ts';
import type { InvokeResult, LocalFunction } from '#lib/local/topology.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, 'fixtures');
const PROJECT_ROOT = path.resolve(HERE, '..', '..', '..');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A function whose code is `fixtures/<module>.mjs`. */
function fixture(module: string, overrides: Partial<LocalFunction> = {}): LocalFunction {
  const name = overrides.name ?? `vigil-${module}`;
  return {
    logicalId: `${module.replaceAll('-', '')}Function1A2B3C4D`,
    name,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    codeDir: FIXTURES,
    handler: `${module}.handler`,
    runtime: 'nodejs22.x',
    timeoutSeconds: 5,
    memoryMb: 256,
    environment: {},
    ...overrides,
  };
}

interface LogLine {
  readonly functionName: string;
  readonly requestId: string | undefined;
  readonly line: string;
}

const BASE_ENVIRONMENT = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
};

describe('Class: LocalLambdaRuntime', () => {
  let runtime: LocalLambdaRuntime | undefined;
  let logs: LogLine[] = [];

  function start(
    functions: readonly LocalFunction[],
    options: Partial<LambdaRuntimeOptions> = {},
  ): LocalLambdaRuntime {
    logs = [];
    runtime = new LocalLambdaRuntime({
      functions,
      baseEnvironment: BASE_ENVIRONMENT,
      onLog: (functionName, requestId, line) => logs.push({ functionName, requestId, line }),
      ...options,
    });
    return runtime;
  }

  function payloadOf(result: InvokeResult): unknown {
    if (!result.ok)
      throw new Error(`invocation failed: ${result.error.errorType}: ${result.error.errorMessage}`);
    return result.payload;
  }

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    vi.restoreAllMocks();
  });

  it('keeps an environment warm across invocations', async () => {
    // Prepare
    const local = start([fixture('counter')]);

    // Act
    const results = [];
    for (let i = 0; i < 3; i += 1) results.push(await local.invoke('vigil-counter', {}));

    // Assess
    expect(results.map(payloadOf)).toEqual([{ count: 1 }, { count: 2 }, { count: 3 }]);
    expect(results.map((result) => result.coldStart)).toEqual([true, false, false]);
    const stats = local.stats()['vigil-counter'];
    expect(stats).toMatchObject({ invocations: 3, coldStarts: 1, errors: 0, timeouts: 0 });
    expect(stats?.initDurationsMs).toHaveLength(1);
    expect(stats?.initDurationsMs[0]).toBeGreaterThan(0);
  });

  it('gives each function its own environment variables', async () => {
    // Prepare
    const local = start([
      fixture('env', { name: 'vigil-a', environment: { ONLY_A: 'a', SHARED: 'from-a' } }),
      fixture('env', { name: 'vigil-b', environment: { SHARED: 'from-b' } }),
    ]);

    // Act
    const [a, b] = await Promise.all([local.invoke('vigil-a', {}), local.invoke('vigil-b', {})]);

    // Assess
    const envA = payloadOf(a as InvokeResult) as Record<string, string>;
    const envB = payloadOf(b as InvokeResult) as Record<string, string>;
    expect(envA).toMatchObject({ ONLY_A: 'a', SHARED: 'from-a', AWS_REGION: 'us-east-1' });
    expect(envB).toMatchObject({ SHARED: 'from-b', AWS_REGION: 'us-east-1' });
    expect(envB.ONLY_A).toBeUndefined();
    expect(envB.VITEST).toBeUndefined();
    expect(process.env.ONLY_A).toBeUndefined();
  });

  it('sets the reserved variables, which the function configuration cannot override', async () => {
    // Prepare
    const fn = fixture('env', {
      memoryMb: 1024,
      environment: { AWS_LAMBDA_FUNCTION_NAME: 'spoofed', TZ: 'Europe/Paris', APP: 'yes' },
    });
    const local = start([fn]);

    // Act
    const env = payloadOf(await local.invoke(fn.name, {})) as Record<string, string>;

    // Assess
    expect(env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'vigil-env',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/vigil-env',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: FIXTURES,
      _HANDLER: 'env.handler',
      LANG: 'en_US.UTF-8',
      TZ: 'Europe/Paris',
      APP: 'yes',
      AWS_ACCESS_KEY_ID: 'local',
    });
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it('runs Powertools Logger at the application log level of LoggingConfig, as in AWS, whatever POWERTOOLS_LOG_LEVEL says', async () => {
    // Prepare
    const fn = fixture('powertools-logger', {
      environment: { POWERTOOLS_LOG_LEVEL: 'DEBUG' },
      logging: { format: 'JSON', applicationLogLevel: 'WARN', systemLogLevel: 'WARN' },
    });
    const local = start([fn]);

    // Act
    const result = await local.invoke(fn.name, {});

    // Assess
    expect(payloadOf(result)).toBe('done');
    const messages = logs.map(({ line }) => (JSON.parse(line) as { message: string }).message);
    expect(messages).toEqual(['warn line']);
  });

  it('passes the documented context and the event as JSON', async () => {
    // Prepare
    const fn = fixture('context', { timeoutSeconds: 3 });
    const local = start([fn]);

    // Act
    const result = await local.invoke(`${fn.arn}:live`, { waitMs: 100, at: new Date(0) });

    // Assess
    const payload = payloadOf(result) as {
      event: unknown;
      fields: Record<string, unknown>;
      remainingBefore: number;
      remainingAfter: number;
      logStreamVariable: string;
    };
    expect(result.requestId).toMatch(UUID);
    expect(payload.event).toEqual({ waitMs: 100, at: '1970-01-01T00:00:00.000Z' });
    expect(payload.fields).toEqual({
      awsRequestId: result.requestId,
      functionName: 'vigil-context',
      functionVersion: '$LATEST',
      invokedFunctionArn: `${fn.arn}:live`,
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/vigil-context',
      logStreamName: payload.logStreamVariable,
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(payload.remainingBefore).toBeLessThanOrEqual(3000);
    expect(payload.remainingBefore).toBeGreaterThan(2500);
    expect(payload.remainingAfter).toBeLessThanOrEqual(payload.remainingBefore - 90);
  });

  it('ends a timed-out invocation, discards its environment and cold-starts the next one', async () => {
    // Prepare
    const local = start([fixture('counter', { timeoutSeconds: 0.3 })]);
    await local.invoke('vigil-counter', {});

    // Act
    const timedOut = await local.invoke('vigil-counter', { sleepMs: 10_000 });
    const next = await local.invoke('vigil-counter', {});

    // Assess
    expect(timedOut).toMatchObject({
      ok: false,
      coldStart: false,
      error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 0.30 seconds' },
    });
    expect(timedOut.durationMs).toBeGreaterThanOrEqual(290);
    expect(timedOut.durationMs).toBeLessThan(2000);
    expect(next).toMatchObject({ ok: true, coldStart: true, payload: { count: 1 } });
    expect(local.stats()['vigil-counter']).toMatchObject({
      invocations: 3,
      coldStarts: 2,
      errors: 1,
      timeouts: 1,
    });
  });

  it('returns a thrown error as type, message and stack, and keeps the environment warm', async () => {
    // Prepare
    const local = start([fixture('throws')]);

    // Act
    const first = await local.invoke('vigil-throws', {});
    const second = await local.invoke('vigil-throws', {});

    // Assess
    expect(first).toMatchObject({
      ok: false,
      coldStart: true,
      error: { errorType: 'ProducerRejected', errorMessage: 'refused call 1' },
    });
    expect(second).toMatchObject({ ok: false, coldStart: false, error: { errorMessage: 'refused call 2' } });
    if (first.ok) throw new Error('expected a failure');
    expect(first.error.stack?.[0]).toBe('ProducerRejected: refused call 1');
    expect(first.error.stack?.some((line) => line.includes('throws.mjs'))).toBe(true);
    expect(local.stats()['vigil-throws']).toMatchObject({ invocations: 2, coldStarts: 1, errors: 2 });
  });

  it.each([
    [
      'an import that cannot be resolved',
      'missing-import',
      'Runtime.ImportModuleError',
      /vigil-no-such-package/,
    ],
    ['a missing module file', 'absent', 'Runtime.ImportModuleError', /Cannot find module 'absent'/],
    ['an error thrown at the top level', 'init-throws', 'ConfigError', /TABLE_NAME: is required/],
    ['a missing handler export', 'no-export', 'Runtime.HandlerNotFound', /^no-export\.handler is undefined/],
  ])('fails Init for %s and discards the environment', async (_case, module, errorType, message) => {
    // Prepare
    const local = start([fixture(module)]);

    // Act
    const first = await local.invoke(`vigil-${module}`, {});
    const second = await local.invoke(`vigil-${module}`, {});

    // Assess
    for (const result of [first, second]) {
      expect(result).toMatchObject({ ok: false, coldStart: true, error: { errorType } });
      if (!result.ok) expect(result.error.errorMessage).toMatch(message);
    }
    expect(local.stats()[`vigil-${module}`]).toMatchObject({ coldStarts: 2, errors: 2, initDurationsMs: [] });
  });

  it('supports callback-style handlers', async () => {
    // Prepare
    const local = start([fixture('callback')]);

    // Act
    const success = await local.invoke('vigil-callback', { n: 1 });
    const empty = await local.invoke('vigil-callback', { empty: true });
    const failure = await local.invoke('vigil-callback', { fail: true });

    // Assess
    expect(success).toMatchObject({ ok: true, payload: { echo: { n: 1 } } });
    expect(empty).toMatchObject({ ok: true, payload: null });
    expect(failure).toMatchObject({
      ok: false,
      error: { errorType: 'TypeError', errorMessage: 'bad input' },
    });
  });

  it('queues invocations beyond the environment limit', async () => {
    // Prepare
    const local = start([fixture('counter')], { maxEnvironmentsPerFunction: 2 });

    // Act
    const results = await Promise.all(
      Array.from({ length: 5 }, () => local.invoke('vigil-counter', { sleepMs: 150 })),
    );

    // Assess
    expect(results.every((result) => result.ok)).toBe(true);
    expect(results.filter((result) => result.coldStart)).toHaveLength(2);
    const counts = results.map((result) => (payloadOf(result) as { count: number }).count).sort();
    expect(counts).toEqual([1, 1, 2, 2, 3]);
    expect(local.stats()['vigil-counter']).toMatchObject({ invocations: 5, coldStarts: 2 });
  });

  it('finds a function by logical id, name, ARN and qualified ARN, all sharing its environments', async () => {
    // Prepare
    const fn = fixture('counter');
    const local = start([fn]);

    // Act
    const results = [];
    for (const ref of [fn.logicalId, fn.name, fn.arn, `${fn.arn}:$LATEST`, `${fn.name}:7`]) {
      results.push(await local.invoke(ref, {}));
    }

    // Assess
    expect(results.map(payloadOf)).toEqual([1, 2, 3, 4, 5].map((count) => ({ count })));
  });

  it('rejects an unknown function with FunctionNotFoundError', async () => {
    // Prepare
    const local = start([fixture('counter')]);

    // Act
    const invocation = local.invoke('arn:aws:lambda:us-east-1:123456789012:function:other', {});

    // Assess
    await expect(invocation).rejects.toBeInstanceOf(FunctionNotFoundError);
    await expect(invocation).rejects.toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
  });

  it('forwards each output line with the function name and the request id', async () => {
    // Prepare
    const local = start([fixture('logs')]);

    // Act
    const first = await local.invoke('vigil-logs', { n: 1 });
    const second = await local.invoke('vigil-logs', { n: 2 });

    // Assess
    const lines = (requestId: string | undefined) =>
      logs.filter((log) => log.requestId === requestId).map((log) => log.line);
    expect(logs.every((log) => log.functionName === 'vigil-logs')).toBe(true);
    expect(lines(undefined)).toEqual(['init line']);
    expect(lines(first.requestId)).toEqual(expect.arrayContaining(['hello 1', 'warn 1', 'partial 1']));
    expect(lines(first.requestId)).toHaveLength(3);
    expect(lines(second.requestId)).toEqual(expect.arrayContaining(['hello 2', 'warn 2', 'partial 2']));
    expect(lines(second.requestId)).toHaveLength(3);
  });

  it('attributes the lines written before a hang to the request that timed out', async () => {
    // Prepare
    const local = start([fixture('log-then-hang', { timeoutSeconds: 0.3 })]);

    // Act
    const hung = await local.invoke('vigil-log-then-hang', { n: 1, until: Date.now() + 5_000 });

    // Assess
    expect(hung).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout' } });
    expect(logs.filter((log) => log.requestId === hung.requestId).map((log) => log.line)).toEqual([
      'before the hang 1',
      'café', // a character split across two writes
    ]);
  });

  it('prints output lines tagged with the function name and short request id by default', async () => {
    // Prepare
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const local = start([fixture('logs')], { onLog: undefined });

    // Act
    const result = await local.invoke('vigil-logs', { n: 1 });

    // Assess
    const printed = write.mock.calls.map(([text]) => String(text));
    write.mockRestore();
    expect(printed).toContain(`[vigil-logs ${result.requestId.slice(0, 8)}] hello 1\n`);
    expect(printed).toContain('[vigil-logs] init line\n');
  });

  it.each([
    ['process.exit(3)', {}, 'Runtime exited with error: exit status 3'],
    ['an uncaught exception', { uncaught: true }, 'Runtime exited with error: exit status 1'],
  ])(
    'reports a crash by %s as Runtime.ExitError and replaces the environment',
    async (_case, event, message) => {
      // Prepare
      const local = start([fixture('crash')]);

      // Act
      const crashed = await local.invoke('vigil-crash', event);
      const again = await local.invoke('vigil-crash', event);

      // Assess
      const exitError = { errorType: 'Runtime.ExitError', errorMessage: message };
      expect(crashed).toMatchObject({ ok: false, coldStart: true, error: exitError });
      expect(again).toMatchObject({ ok: false, coldStart: true, error: exitError });
      expect(local.stats()['vigil-crash']).toMatchObject({ invocations: 2, coldStarts: 2, errors: 2 });
    },
  );

  it('logs the uncaught exception that crashed an environment under its request id', async () => {
    // Prepare
    const local = start([fixture('crash')]);

    // Act
    const crashed = await local.invoke('vigil-crash', { uncaught: true });

    // Assess
    const lines = logs.filter((log) => log.requestId === crashed.requestId).map((log) => log.line);
    expect(lines.slice(0, 2)).toEqual(['stray timer armed', 'Uncaught RangeError: stray timer']);
    if (crashed.ok) throw new Error('expected a failure');
    expect(crashed.error.stack?.[0]).toBe('RangeError: stray timer');
  });

  it('fails running and later invocations once closed, and leaves no worker behind', async () => {
    // Prepare
    const resourcesBefore = process.getActiveResourcesInfo().filter((name) => name !== 'Timeout');
    const local = start([fixture('counter')]);
    await local.invoke('vigil-counter', {});
    const running = local.invoke('vigil-counter', { sleepMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Act
    await Promise.all([local.close(), local.close()]);
    const after = await local.invoke('vigil-counter', {});

    // Assess
    const closed = { ok: false, error: { errorType: 'LocalRuntime.Closed' } };
    expect(await running).toMatchObject(closed);
    expect(after).toMatchObject(closed);
    expect(process.getActiveResourcesInfo().filter((name) => name !== 'Timeout')).toEqual(resourcesBefore);
  });

  describe('with a real bundle', () => {
    const BUILD_DIR = path.join(HERE, '.build');

    beforeAll(async () => {
      // The same esbuild settings as infra/constructs/vigil-function.ts, inside the project so that
      // the external @aws-sdk imports resolve from its node_modules, as they do from cdk.out.
      await build({
        entryPoints: [path.join(PROJECT_ROOT, 'functions', 'authorizer', 'handler.ts')],
        outfile: path.join(BUILD_DIR, 'authorizer', 'index.mjs'),
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourcemap: true,
        external: ['@aws-sdk/*'],
        banner: {
          js: "import { createRequire as __vigilCreateRequire } from 'module'; const require = __vigilCreateRequire(import.meta.url);",
        },
        logLevel: 'silent',
      });
    });

    afterAll(async () => {
      await rm(BUILD_DIR, { recursive: true, force: true });
    });

    it('runs the authorizer bundle and refuses a request without a key', async () => {
      // Prepare
      const local = start([
        {
          logicalId: 'ProducerAuthAuthorizerFunction5784E9E7',
          name: 'vigil-authorizer',
          arn: 'arn:aws:lambda:us-east-1:123456789012:function:vigil-authorizer',
          codeDir: path.join(BUILD_DIR, 'authorizer'),
          handler: 'index.handler',
          runtime: 'nodejs22.x',
          timeoutSeconds: 10,
          memoryMb: 512,
          environment: {
            POWERTOOLS_SERVICE_NAME: 'authorizer',
            NODE_OPTIONS: '--enable-source-maps',
            PRODUCER_KEYS_TABLE_NAME: 'x',
          },
        },
      ]);
      const event = {
        version: '2.0',
        type: 'REQUEST',
        routeArn: 'arn:aws:execute-api:us-east-1:123456789012:api/$default/POST/events',
        identitySource: [],
        routeKey: 'POST /events',
        rawPath: '/events',
        rawQueryString: '',
        headers: { 'content-type': 'application/json' },
        requestContext: { http: { method: 'POST', path: '/events' }, requestId: 'r-1' },
      };

      // Act
      const result = await local.invoke('ProducerAuthAuthorizerFunction5784E9E7', event);

      // Assess
      expect(result).toMatchObject({
        ok: true,
        coldStart: true,
        payload: { isAuthorized: false, context: {} },
      });
    });
  });
});
