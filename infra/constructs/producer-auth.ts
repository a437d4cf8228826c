import { Duration } from 'aws-cdk-lib';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_KEY_CACHE_ENTRIES } from '#lib/aws/producer-authorizer.ts';
import { VigilFunction } from './vigil-function.ts';

export interface ProducerAuthProps {
  readonly logRetention: RetentionDays;
  /** API Gateway's cache of an authorization. */
  readonly cacheSeconds: number;
  /** The authorizer function's own cache of a key lookup. */
  readonly keyCacheSeconds: number;
}

/** Producer keys (hashed) and the HTTP API Lambda authorizer that checks them. */
export class ProducerAuth extends Construct {
  readonly keys: Table;
  readonly function: VigilFunction;
  readonly authorizer: HttpLambdaAuthorizer;

  constructor(scope: Construct, id: string, props: ProducerAuthProps) {
    super(scope, id);
    this.keys = new Table(this, 'ProducerKeys', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
    });
    this.function = new VigilFunction(this, 'Authorizer', {
      name: 'authorizer',
      description: 'Vigil: checks producer keys for POST /events',
      logRetention: props.logRetention,
      memorySize: 256,
      timeout: Duration.seconds(5),
      environment: {
        PRODUCER_KEYS_TABLE_NAME: this.keys.tableName,
        KEY_CACHE_SECONDS: String(props.keyCacheSeconds),
        KEY_CACHE_MAX_ENTRIES: String(DEFAULT_KEY_CACHE_ENTRIES),
      },
    });
    this.keys.grant(this.function.fn, 'dynamodb:GetItem');
    this.authorizer = new HttpLambdaAuthorizer('ProducerKey', this.function.fn, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(props.cacheSeconds),
    });
  }
}
