import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { configFromContext, type VigilConfig } from './config.ts';
import { Admin } from './constructs/admin.ts';
import { Alerting } from './constructs/alerting.ts';
import { Announcements } from './constructs/announcements.ts';
import { VigilConsole } from './constructs/console.ts';
import { VigilEventBus } from './constructs/event-bus.ts';
import { EventStore } from './constructs/event-store.ts';
import { VigilHttpApi } from './constructs/http-api.ts';
import { Ingest } from './constructs/ingest.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { ProducerAuth } from './constructs/producer-auth.ts';
import { Replay } from './constructs/replay.ts';
import { ModuleState } from './constructs/state.ts';
import { Subscriptions } from './constructs/subscriptions.ts';
import { acknowledgeStackFindings } from './nag.ts';
import { applyStageSettings, setStageLogLevels } from './stage-settings.ts';

export interface VigilStackProps extends StackProps {
  /** @default read from the `vigil` CDK context, else the defaults of infra/config.ts */
  readonly config?: VigilConfig;
}

/** What every construct of the stack is made with. */
interface Settings {
  readonly config: VigilConfig;
  readonly logRetention: RetentionDays;
}

function retentionOf(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0);
  const fit = allowed.sort((a, b) => a - b).find((v) => v >= days);
  return (fit ?? RetentionDays.TEN_YEARS) as RetentionDays;
}

/** All of Vigil in one stack: tables, bus, functions, HTTP API, alarms and dashboard; one per stage (Vigil-<stage>). */
export class VigilStack extends Stack {
  readonly eventStore: EventStore;
  readonly eventBus: VigilEventBus;
  readonly producerAuth: ProducerAuth;
  readonly ingest: Ingest;
  readonly admin: Admin;
  readonly alerting: Alerting;
  readonly state: ModuleState;
  readonly replay: Replay;
  readonly announcements: Announcements;
  readonly subscriptions: Subscriptions;
  readonly httpApi: VigilHttpApi;
  readonly monitoring: Monitoring;
  readonly console: VigilConsole;

  constructor(scope: Construct, id: string, props: VigilStackProps = {}) {
    super(scope, id, props);
    const config = props.config ?? configFromContext(this.node);
    const c: Settings = { config, logRetention: retentionOf(config.logRetentionDays) };
    setStageLogLevels(this, config);

    this.eventStore = new EventStore(this, 'EventStore');
    this.eventBus = new VigilEventBus(this, 'EventBus', {
      busName: config.busName,
      logRetention: c.logRetention,
    });
    this.producerAuth = new ProducerAuth(this, 'ProducerAuth', {
      logRetention: c.logRetention,
      cacheSeconds: config.authorizerCacheSeconds,
      keyCacheSeconds: config.keyCacheSeconds,
    });
    this.ingest = this.ingestOf(c);
    this.alerting = this.alertingOf(c);
    this.state = this.stateOf(c);
    this.admin = this.adminOf(c);
    this.announcements = this.announcementsOf();
    this.replay = this.replayOf(c);
    this.subscriptions = this.subscriptionsOf(c);
    this.httpApi = this.httpApiOf(c);
    this.console = new VigilConsole(this, 'Console', { api: this.httpApi.api });
    // Last: it finds every function, table and queue made above and gives each its alarm.
    this.monitoring = new Monitoring(this, 'Monitoring', {
      api: this.httpApi.api,
      deadLetterQueues: [this.eventBus.deadLetterQueue, this.subscriptions.deliveryDeadLetterQueue],
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
    this.addOutputs();
    applyStageSettings(this, config);
    acknowledgeStackFindings(this);
  }

  private ingestOf({ config, logRetention }: Settings): Ingest {
    return new Ingest(this, 'Ingest', {
      config,
      history: this.eventStore.history,
      dedup: this.eventStore.dedup,
      bus: this.eventBus.bus,
      logRetention,
    });
  }

  private alertingOf({ config, logRetention }: Settings): Alerting {
    return new Alerting(this, 'Alerting', {
      bus: this.eventBus.bus,
      deadLetterQueue: this.eventBus.deadLetterQueue,
      logRetention,
      resolveTimeouts: config.resolveTimeouts,
      silenceCacheSeconds: config.silenceCacheSeconds,
    });
  }

  private stateOf({ config, logRetention }: Settings): ModuleState {
    return new ModuleState(this, 'State', {
      bus: this.eventBus.bus,
      deadLetterQueue: this.eventBus.deadLetterQueue,
      logRetention,
      reorderWindowMs: config.reorderWindowMs,
    });
  }

  private adminOf({ config, logRetention }: Settings): Admin {
    return new Admin(this, 'Admin', {
      config,
      history: this.eventStore.history,
      dedup: this.eventStore.dedup,
      alerts: this.alerting.table,
      modules: this.state.table,
      bus: this.eventBus.bus,
      logRetention,
    });
  }

  /** The outbox every announcer keeps failed announcements in, and admin redrives from. */
  private announcementsOf(): Announcements {
    const announcements = new Announcements(this, 'Announcements');
    announcements.attachAnnouncer(this.alerting.function.fn);
    if (this.alerting.sweeper) announcements.attachAnnouncer(this.alerting.sweeper.function.fn);
    announcements.attachAnnouncer(this.state.function.fn);
    announcements.attachRedriver(this.admin.function.fn);
    return announcements;
  }

  private replayOf({ config, logRetention }: Settings): Replay {
    return new Replay(this, 'Replay', {
      config,
      history: this.eventStore.history,
      bus: this.eventBus.bus,
      logRetention,
    });
  }

  private subscriptionsOf({ config, logRetention }: Settings): Subscriptions {
    return new Subscriptions(this, 'Subscriptions', {
      bus: this.eventBus.bus,
      targetDeadLetterQueue: this.eventBus.deadLetterQueue,
      alerts: this.alerting.table,
      notifyTimeScale: config.notifyTimeScale,
      logRetention,
      deliveryTimeoutSeconds: config.deliveryTimeoutSeconds,
      cacheSeconds: config.subscriptionCacheSeconds,
    });
  }

  private httpApiOf({ config, logRetention }: Settings): VigilHttpApi {
    return new VigilHttpApi(this, 'HttpApi', {
      ingest: this.ingest.function.fn,
      admin: this.admin.function.fn,
      replay: this.replay.function.fn,
      subscriptions: this.subscriptions.admin.fn,
      producerAuthorizer: this.producerAuth.authorizer,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      logRetention,
    });
  }

  private addOutputs(): void {
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.api.apiEndpoint });
    new CfnOutput(this, 'AlarmTopic', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'TargetDeadLetterQueueUrl', { value: this.eventBus.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'ProducerKeysTable', { value: this.producerAuth.keys.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.bus.eventBusName });
  }
}
