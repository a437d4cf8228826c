import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configFromContext } from './config.ts';
import { stackNameFor } from './stage-settings.ts';
import { VigilStack } from './vigil-stack.ts';

// `cdk deploy -c stage=dev|prod` (default dev), `-c vigil='{...}'` on top; `-c stackName=…` keeps
// updating a stack deployed under another name (docs/operations.md, "Upgrade").
const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const config = configFromContext(app.node);
const stackName: unknown = app.node.tryGetContext('stackName');
// The construct id stays `Vigil` (cdk.out/Vigil.template.json, what the local runtime reads).
new VigilStack(app, 'Vigil', {
  config,
  stackName: typeof stackName === 'string' ? stackName : stackNameFor(config.stage),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
