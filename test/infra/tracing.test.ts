import { readdirSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { POWERTOOLS_LAYER_PARAMETER, PROJECT_ROOT } from '#infra/constructs/vigil-function.ts';
import { VigilStack } from '#infra/vigil-stack.ts';

type Resource = { Properties: Record<string, unknown> };

let template: Template;
let vigilFunctions: [string, Resource][];

beforeAll(() => {
  // GIVEN the app with every function (the sweeper exists only with resolve timeouts), without bundling
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], vigil: { resolveTimeouts: [{ timeoutSeconds: 3600 }] } },
  });
  template = Template.fromStack(new VigilStack(app, 'Vigil'));
  // Vigil's own functions are the ones that name their Powertools service (CDK's helpers do not).
  vigilFunctions = Object.entries(
    template.findResources('AWS::Lambda::Function') as Record<string, Resource>,
  ).filter(([, fn]) => JSON.stringify(fn.Properties.Environment ?? {}).includes('POWERTOOLS_SERVICE_NAME'));
});

describe('tracing and the Powertools layer', () => {
  it('finds every function of functions/ in the template', () => {
    const services = vigilFunctions.map(([, fn]) => JSON.stringify(fn.Properties.Environment));
    // THEN each folder of functions/ is a function that names it as its service
    for (const folder of readdirSync(path.join(PROJECT_ROOT, 'functions'))) {
      expect(
        services.some((env) => env.includes(`"POWERTOOLS_SERVICE_NAME":"${folder}"`)),
        folder,
      ).toBe(true);
    }
  });

  it('turns active X-Ray tracing on for every function', () => {
    for (const [id, fn] of vigilFunctions) {
      expect({ id, tracing: fn.Properties.TracingConfig }).toEqual({ id, tracing: { Mode: 'Active' } });
    }
  });

  it("gives every function the Powertools layer, its ARN read from AWS's public parameter of the pinned version", () => {
    const parameters = template.toJSON().Parameters as Record<string, { Type: string; Default: string }>;
    const layerParameter = Object.entries(parameters).find(
      ([, p]) => p.Default === POWERTOOLS_LAYER_PARAMETER,
    );
    expect(layerParameter?.[1].Type).toBe('AWS::SSM::Parameter::Value<String>');
    for (const [id, fn] of vigilFunctions) {
      expect({ id, layers: fn.Properties.Layers }).toEqual({ id, layers: [{ Ref: layerParameter?.[0] }] });
    }
  });
});
