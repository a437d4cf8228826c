import { App } from 'aws-cdk-lib';
import type { CfnTemplate } from '#lib/local/template-tables.ts';
import type { VigilConfig } from './config.ts';
import { VigilStack } from './vigil-stack.ts';

/**
 * The stack's CloudFormation template, synthesized in-process without bundling the functions:
 * what tests and tools need when they only read resource definitions (tables, rules, routes).
 */
export function synthTemplateWithoutBundling(config?: VigilConfig): CfnTemplate {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new VigilStack(app, 'Vigil', config ? { config } : {});
  const assembly = app.synth();
  return assembly.getStackByName(stack.stackName).template as CfnTemplate;
}
