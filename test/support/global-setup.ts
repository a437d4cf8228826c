import type { TestProject } from 'vitest/node';
import { synthTemplateWithoutBundling } from '#infra/synth.ts';
import { startDynamoDbLocal } from '#lib/local/dynamodb-server.ts';
import type { CfnTemplate } from '#lib/local/template-tables.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    /** The synthesized template's table resources: tests create their tables from them. */
    tableResources: CfnTemplate;
  }
}

/** One real DynamoDB Local for the whole run; each test file creates its own tables on it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [server, template] = await Promise.all([
    startDynamoDbLocal(),
    Promise.resolve(synthTemplateWithoutBundling()),
  ]);
  const tables = Object.fromEntries(
    Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table'),
  );
  project.provide('dynamodbEndpoint', server.endpoint);
  project.provide('tableResources', { Resources: tables });
  return () => server.stop();
}
