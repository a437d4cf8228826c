/**
 * List prices in us-east-1, as read on 2026-11-27 from the AWS pricing pages named in
 * docs/scaling.md. Each is dollars per unit named.
 */
export const PRICES = {
  /** HTTP API, first 300 million requests a month. */
  httpApiRequest: 1.0 / 1e6,
  /** Lambda requests (every architecture). */
  lambdaRequest: 0.2 / 1e6,
  /** Lambda duration on arm64, first 7.5 billion GB-s a month. */
  lambdaArmGbSecond: 0.0000133334,
  /** DynamoDB on-demand write request unit (standard table class). */
  dynamodbWriteUnit: 0.625 / 1e6,
  /** DynamoDB on-demand read request unit. */
  dynamodbReadUnit: 0.125 / 1e6,
  /** EventBridge custom event put on a bus, per 64 KB chunk. */
  eventBridgeEvent: 1.0 / 1e6,
  /** CloudWatch Logs ingestion (standard log class), per GB. */
  logsIngestedGb: 0.5,
  /** CloudWatch Logs ingestion, Infrequent Access log class (the audit log group), per GB. */
  logsIngestedGbInfrequent: 0.25,
} as const;

/** What one accepted event costs in each billed unit, as measured by the bench. */
export interface UsagePerEvent {
  readonly httpRequests: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly writeUnits: number;
  readonly readUnits: number;
  readonly busEvents: number;
  /** The functions' log lines (standard class: Powertools Metrics needs it). */
  readonly logBytes: number;
  /** The audit rule's copy of each event (Infrequent Access class). */
  readonly auditLogBytes: number;
}

export interface CostPerMillion {
  readonly total: number;
  readonly parts: Readonly<Record<keyof UsagePerEvent, number>>;
}

/** Dollars per million accepted events: each unit per event × its price × 10^6. */
export function costPerMillion(usage: UsagePerEvent): CostPerMillion {
  const parts = {
    httpRequests: usage.httpRequests * PRICES.httpApiRequest,
    lambdaInvocations: usage.lambdaInvocations * PRICES.lambdaRequest,
    lambdaGbSeconds: usage.lambdaGbSeconds * PRICES.lambdaArmGbSecond,
    writeUnits: usage.writeUnits * PRICES.dynamodbWriteUnit,
    readUnits: usage.readUnits * PRICES.dynamodbReadUnit,
    busEvents: usage.busEvents * PRICES.eventBridgeEvent,
    logBytes: (usage.logBytes / 2 ** 30) * PRICES.logsIngestedGb,
    auditLogBytes: (usage.auditLogBytes / 2 ** 30) * PRICES.logsIngestedGbInfrequent,
  };
  const perMillion = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v * 1e6])) as Record<
    keyof UsagePerEvent,
    number
  >;
  return { total: Object.values(perMillion).reduce((a, b) => a + b, 0), parts: perMillion };
}

/** `$2.31 (DynamoDB 1.26, bus 1.00, …)`: the total and its largest parts. */
export function describeCost(cost: CostPerMillion): string {
  const names: Record<keyof UsagePerEvent, string> = {
    httpRequests: 'API',
    lambdaInvocations: 'Lambda requests',
    lambdaGbSeconds: 'Lambda GB-s',
    writeUnits: 'DynamoDB writes',
    readUnits: 'DynamoDB reads',
    busEvents: 'EventBridge',
    logBytes: 'CloudWatch Logs',
    auditLogBytes: 'audit log',
  };
  const parts = (Object.entries(cost.parts) as [keyof UsagePerEvent, number][])
    .filter(([, dollars]) => dollars >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([key, dollars]) => `${names[key]} ${dollars.toFixed(2)}`);
  return `$${cost.total.toFixed(2)} (${parts.join(', ')})`;
}
