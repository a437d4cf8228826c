import { type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Distribution, HttpVersion, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { AccountRecovery, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { IdentityPool, UserPoolAuthenticationProvider } from 'aws-cdk-lib/aws-cognito-identitypool';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleSource } from './console-asset.ts';
import { acknowledgeConsoleFindings } from './console-nag.ts';

export interface VigilConsoleProps {
  /** The HTTP API the console calls (its admin routes, signed with the admin role's credentials). */
  readonly api: HttpApi;
}

/** The private bucket of the built files: no public access, TLS only, emptied when the stack goes. */
function siteBucket(scope: Construct): Bucket {
  return new Bucket(scope, 'Site', {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: BucketEncryption.S3_MANAGED,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
  });
}

/** CloudFront in front of the bucket, reaching it through origin access control, HTTPS only. */
function siteDistribution(scope: Construct, bucket: Bucket): Distribution {
  return new Distribution(scope, 'Cdn', {
    defaultBehavior: {
      origin: S3BucketOrigin.withOriginAccessControl(bucket),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    },
    defaultRootObject: 'index.html',
    httpVersion: HttpVersion.HTTP2_AND_3,
  });
}

/** The operators' user pool: invitation only (the invitation names the console's address), strong passwords. */
function operatorPool(scope: Construct, consoleDomain: string): UserPool {
  return new UserPool(scope, 'Operators', {
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    passwordPolicy: {
      minLength: 12,
      requireDigits: true,
      requireLowercase: true,
      requireUppercase: true,
      requireSymbols: true,
    },
    userInvitation: {
      emailSubject: 'Your Vigil console account',
      emailBody: `You can now sign in to the Vigil console at https://${consoleDomain} as {username} with the temporary password {####}.`,
    },
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

/** The identity pool of signed-in operators, who act as the admin role: every route of `api`. */
function operatorIdentities(
  scope: Construct,
  userPool: UserPool,
  userPoolClient: UserPoolClient,
  api: HttpApi,
): IdentityPool {
  const identityPool = new IdentityPool(scope, 'Identities', {
    allowUnauthenticatedIdentities: false,
    authenticationProviders: {
      userPools: [new UserPoolAuthenticationProvider({ userPool, userPoolClient })],
    },
  });
  // Signed-in operators act as the admin role: every route of this API (ingest still wants a producer key).
  identityPool.authenticatedRole.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['execute-api:Invoke'],
      resources: [
        Stack.of(scope).formatArn({ service: 'execute-api', resource: api.apiId, resourceName: '*' }),
      ],
    }),
  );
  return identityPool;
}

/**
 * The web console: its built files in a private bucket behind CloudFront (origin access control),
 * a `config.json` beside them with the API URL and the Cognito ids, a user pool for operators
 * (invitation only) and an identity pool whose signed-in users get the admin role.
 */
export class VigilConsole extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly identityPool: IdentityPool;

  constructor(scope: Construct, id: string, props: VigilConsoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.bucket = siteBucket(this);
    this.distribution = siteDistribution(this, this.bucket);
    this.userPool = operatorPool(this, this.distribution.distributionDomainName);
    this.userPoolClient = this.userPool.addClient('Console', {
      authFlows: { userPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
    });
    this.identityPool = operatorIdentities(this, this.userPool, this.userPoolClient, props.api);
    this.deploy(props.api);
    acknowledgeConsoleFindings(
      this,
      stack.getLogicalId(props.api.node.defaultChild as CfnElement),
      stack.getLogicalId(this.bucket.node.defaultChild as CfnElement),
    );
    new CfnOutput(stack, 'ConsoleUrl', {
      value: `https://${this.distribution.distributionDomainName}`,
    });
    new CfnOutput(stack, 'ConsoleUserPoolId', { value: this.userPool.userPoolId });
  }

  /** The build, and config.json with the deploy-time ids; CloudFront's cache is cleared on each deploy. */
  private deploy(api: HttpApi): void {
    const stack = Stack.of(this);
    new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      distribution: this.distribution,
      sources: [
        consoleSource(),
        Source.jsonData('config.json', {
          apiUrl: api.apiEndpoint,
          region: stack.region,
          auth: {
            kind: 'cognito',
            userPoolId: this.userPool.userPoolId,
            userPoolClientId: this.userPoolClient.userPoolClientId,
            identityPoolId: this.identityPool.identityPoolId,
          },
        }),
      ],
      memoryLimit: 512,
    });
  }
}
