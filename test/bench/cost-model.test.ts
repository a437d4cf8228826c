import { describe, expect, it } from 'vitest';
import { costPerMillion, describeCost, PRICES } from '#bench/cost-model.ts';

const none = {
  httpRequests: 0,
  lambdaInvocations: 0,
  lambdaGbSeconds: 0,
  writeUnits: 0,
  readUnits: 0,
  busEvents: 0,
  logBytes: 0,
  auditLogBytes: 0,
};

describe('Function: costPerMillion', () => {
  it('prices each unit per event times a million', () => {
    // Act
    const cost = costPerMillion({ ...none, writeUnits: 2, busEvents: 1, httpRequests: 0.01 });

    // Assess
    expect(cost.parts.writeUnits).toBeCloseTo(1.25, 10);
    expect(cost.parts.busEvents).toBeCloseTo(1.0, 10);
    expect(cost.parts.httpRequests).toBeCloseTo(0.01, 10);
    expect(cost.total).toBeCloseTo(2.26, 10);
  });

  it('prices log bytes by the GB ingested and Lambda duration by the arm64 GB-second', () => {
    // Act
    const cost = costPerMillion({ ...none, logBytes: 2 ** 30 / 1e6, lambdaGbSeconds: 0.001 });

    // Assess
    expect(cost.parts.logBytes).toBeCloseTo(PRICES.logsIngestedGb, 10);
    expect(cost.parts.lambdaGbSeconds).toBeCloseTo(0.0133334, 8);
  });

  it('prices the audit log at the Infrequent Access class, half the standard one', () => {
    // Act
    const cost = costPerMillion({ ...none, logBytes: 2 ** 30 / 1e6, auditLogBytes: 2 ** 30 / 1e6 });

    // Assess
    expect(cost.parts.auditLogBytes).toBeCloseTo(0.25, 10);
    expect(cost.total).toBeCloseTo(0.75, 10);
  });

  it('describes the total and its parts from the largest, leaving out those under half a cent', () => {
    expect(describeCost(costPerMillion({ ...none, writeUnits: 2, busEvents: 1, readUnits: 0.01 }))).toBe(
      '$2.25 (DynamoDB writes 1.25, EventBridge 1.00)',
    );
  });
});
