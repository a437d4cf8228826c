import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { vigilConfigSchema } from '#infra/config.ts';
import { VigilStack } from '#infra/vigil-stack.ts';
import { REVOCATION_BOUND_SECONDS } from '#lib/core/producer-keys.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** API Gateway's TTL plus the authorizer function's own cache time, as the template deploys them. */
function cacheSecondsOf(template: Template): { gateway: number; function: number } {
  const [authorizer] = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
  const [fn] = Object.values(
    template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: Match.objectLike({ KEY_CACHE_SECONDS: Match.anyValue() }) } },
    }),
  );
  return {
    gateway: Number(authorizer?.Properties.AuthorizerResultTtlInSeconds),
    function: Number(fn?.Properties.Environment.Variables.KEY_CACHE_SECONDS),
  };
}

describe('Stack: a revoked producer key stops working within 30 s', () => {
  it('caches a key for at most 30 s in API Gateway and the authorizer together, in at most 1,000 entries, by default', () => {
    // GIVEN the defaults; WHEN synthesized
    const template = Template.fromStack(new VigilStack(new App({ context: NO_BUNDLING }), 'Vigil'));
    // THEN
    const seconds = cacheSecondsOf(template);
    expect(seconds).toEqual({ gateway: 20, function: 10 });
    expect(seconds.gateway + seconds.function).toBeLessThanOrEqual(REVOCATION_BOUND_SECONDS);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ KEY_CACHE_MAX_ENTRIES: '1000' }) },
    });
  });

  it('refuses at synth a configuration whose caches together exceed 30 s', () => {
    // GIVEN the old API Gateway TTL
    const app = new App({ context: { ...NO_BUNDLING, vigil: { authorizerCacheSeconds: 25 } } });
    // THEN
    expect(() => new VigilStack(app, 'Slow')).toThrow(
      "CDK context 'vigil.authorizerCacheSeconds': authorizerCacheSeconds + keyCacheSeconds must not exceed 30",
    );
    expect(vigilConfigSchema.safeParse({ authorizerCacheSeconds: 300 }).success).toBe(false);
  });
});
