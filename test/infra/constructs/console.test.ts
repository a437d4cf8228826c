import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { VigilStack } from '#infra/vigil-stack.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
let template: Template;

beforeAll(() => {
  // GIVEN the stack
  const app = new App({ context: NO_BUNDLING });
  // WHEN it is synthesized
  template = Template.fromStack(new VigilStack(app, 'Vigil'));
});

describe('Construct: VigilConsole', () => {
  it('keeps the files in a private bucket that refuses plain HTTP', () => {
    // THEN
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('serves them through CloudFront with origin access control, HTTPS only', () => {
    // THEN
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
  });

  it('deploys the build with a config.json naming the API and the Cognito ids', () => {
    // THEN
    const deployments = template.findResources('Custom::CDKBucketDeployment');
    const [deployment] = Object.values(deployments);
    const props = deployment?.Properties as Record<string, unknown>;
    expect(props.SourceObjectKeys).toHaveLength(2);
    expect(JSON.stringify(props.SourceMarkers)).toContain('ApiEndpoint');
    for (const id of ['ConsoleOperators', 'ConsoleIdentities'])
      expect(JSON.stringify(props.SourceMarkers)).toContain(id);
    expect(props.DistributionId).toEqual({ Ref: expect.stringMatching(/^ConsoleCdn/) });
  });

  it('lets operators in by invitation only, and gives them the admin role for this API only', () => {
    // THEN
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    template.hasResourceProperties('AWS::Cognito::IdentityPool', { AllowUnauthenticatedIdentities: false });
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { PolicyName: Match.stringLikeRegexp('ConsoleIdentitiesAuthenticatedRole') },
    });
    const statements = Object.values(policies).flatMap(
      (p) => (p.Properties as { PolicyDocument: { Statement: unknown[] } }).PolicyDocument.Statement,
    );
    expect(statements).toEqual([
      expect.objectContaining({
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: expect.objectContaining({ 'Fn::Join': expect.anything() }),
      }),
    ]);
    expect(JSON.stringify(statements)).toContain('HttpApi');
  });

  it('answers the browser preflight on the API (the console is another origin)', () => {
    // THEN
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowHeaders: Match.arrayWith(['authorization', 'x-amz-date', 'x-amz-security-token']),
      }),
    });
  });
});
