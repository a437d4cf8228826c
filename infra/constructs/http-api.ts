import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, type HttpLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface VigilHttpApiProps {
  readonly ingest: IFunction;
  readonly admin: IFunction;
  readonly replay: IFunction;
  readonly subscriptions: IFunction;
  readonly producerAuthorizer: HttpLambdaAuthorizer;
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly logRetention: RetentionDays;
}

/** Admin routes: IAM (SigV4) authorized, all served by the admin function. */
export const ADMIN_ROUTES: readonly { readonly method: HttpMethod; readonly path: string }[] = [
  { method: HttpMethod.GET, path: '/bursts' },
  { method: HttpMethod.GET, path: '/events' },
  { method: HttpMethod.GET, path: '/events/{id}' },
  { method: HttpMethod.GET, path: '/alerts' },
  { method: HttpMethod.GET, path: '/alerts/{id}' },
  { method: HttpMethod.POST, path: '/alerts/{id}/ack' },
  { method: HttpMethod.POST, path: '/alerts/{id}/resolve' },
  { method: HttpMethod.GET, path: '/silences' },
  { method: HttpMethod.POST, path: '/silences' },
  { method: HttpMethod.DELETE, path: '/silences/{id}' },
  { method: HttpMethod.GET, path: '/modules' },
  { method: HttpMethod.GET, path: '/modules/{name}' },
  { method: HttpMethod.GET, path: '/modules/{name}/transitions' },
  { method: HttpMethod.POST, path: '/modules/{name}/events' },
  { method: HttpMethod.POST, path: '/announcements/redrive' },
];

/** Replay routes: IAM (SigV4) authorized, served by the replay function. */
export const REPLAY_ROUTES: readonly { readonly method: HttpMethod; readonly path: string }[] = [
  { method: HttpMethod.POST, path: '/replay' },
  { method: HttpMethod.GET, path: '/replay/{id}' },
  { method: HttpMethod.POST, path: '/replay/{id}/cancel' },
  { method: HttpMethod.POST, path: '/replay/{id}/resume' },
];

/** Subscription routes: IAM (SigV4) authorized, served by the subscriptions function (docs/subscriptions.md). */
export const SUBSCRIPTION_ROUTES: readonly { readonly method: HttpMethod; readonly path: string }[] = [
  { method: HttpMethod.POST, path: '/subscriptions' },
  { method: HttpMethod.GET, path: '/subscriptions' },
  { method: HttpMethod.GET, path: '/subscriptions/{name}' },
  { method: HttpMethod.PUT, path: '/subscriptions/{name}' },
  { method: HttpMethod.DELETE, path: '/subscriptions/{name}' },
  { method: HttpMethod.POST, path: '/subscriptions/{name}/rotate-secret' },
  { method: HttpMethod.GET, path: '/subscriptions/{name}/deliveries' },
  { method: HttpMethod.POST, path: '/subscriptions/{name}/redrive' },
  { method: HttpMethod.GET, path: '/events/{id}/deliveries' },
];

/**
 * The web console (served from CloudFront) calls the API from the browser. Any origin may: every
 * admin call carries its own SigV4 signature and no cookie, so another site gains nothing by it.
 */
const CONSOLE_CORS = {
  allowOrigins: ['*'],
  allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
  allowHeaders: [
    'authorization',
    'content-type',
    'x-amz-date',
    'x-amz-security-token',
    'x-amz-content-sha256',
  ],
  maxAge: Duration.days(1),
};

/**
 * The HTTP API: `POST /events` behind the producer-key authorizer, the admin routes behind IAM,
 * throttled, with access logs.
 */
export class VigilHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: VigilHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      apiName: 'vigil',
      createDefaultStage: false,
      corsPreflight: CONSOLE_CORS,
    });
    const accessLog = new LogGroup(this, 'AccessLog', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLog) },
    });
    this.api.addRoutes({
      path: '/events',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Ingest', props.ingest),
      authorizer: props.producerAuthorizer,
    });
    const admin = new HttpLambdaIntegration('Admin', props.admin);
    const iam = new HttpIamAuthorizer();
    for (const route of ADMIN_ROUTES) {
      this.api.addRoutes({ path: route.path, methods: [route.method], integration: admin, authorizer: iam });
    }
    const replay = new HttpLambdaIntegration('Replay', props.replay);
    for (const route of REPLAY_ROUTES) {
      this.api.addRoutes({ path: route.path, methods: [route.method], integration: replay, authorizer: iam });
    }
    const subscriptions = new HttpLambdaIntegration('Subscriptions', props.subscriptions);
    for (const route of SUBSCRIPTION_ROUTES) {
      this.api.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: subscriptions,
        authorizer: iam,
      });
    }
  }
}
