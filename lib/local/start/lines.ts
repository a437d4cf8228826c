import type { DeliveryLog } from '../eventbridge/delivery.ts';
import type { ScheduleFired, ScheduleState } from '../eventbridge/scheduler.ts';
import type { AsyncInvocationLog } from '../lambda/async-invocations.ts';

/** The runtime's own console lines: deliveries, schedules, async invocations. */

/** `Vigil-IngestFunction7FD6BA1A` → `IngestFunction`: the construct path without CDK's hash. */
export function shortName(functionName: string, stackName: string): string {
  return functionName.replace(`${stackName}-`, '').replace(/[0-9A-F]{8}$/, '');
}

export function describeDelivery(line: DeliveryLog): string {
  const where = `${line.ruleName}/${line.targetId}`;
  switch (line.outcome) {
    case 'delivered':
      return `[bus] ${line.eventId} → ${where}${line.attempt > 0 ? ` after ${line.attempt} retries` : ''}`;
    case 'retrying':
      return `[bus] ${line.eventId} → ${where} failed (attempt ${line.attempt + 1}): ${line.error}; retrying`;
    case 'dead-lettered':
      return `[bus] ${line.eventId} → ${where} dead-lettered after ${line.attempt} retries: ${line.error}`;
    case 'dropped':
      return `[bus] ${line.eventId} → ${where} dropped (no dead-letter queue): ${line.error}`;
  }
}

export function describeFire({ rule, event, trigger }: ScheduleFired): string {
  return `[schedule] ${rule.name} fired${trigger === 'manual' ? ' by hand' : ''}: ${event.id} at ${event.time}`;
}

export function describeAsync(line: AsyncInvocationLog, stackName: string): string {
  const where = `${shortName(line.functionRef.split(':')[6] ?? line.functionRef, stackName)} ${line.requestId.slice(0, 8)}`;
  return line.outcome === 'retrying'
    ? `[lambda] async ${where} failed (attempt ${line.attempt + 1}): ${line.error}; retrying`
    : `[lambda] async ${where} dropped after ${line.attempt} retries: ${line.error}`;
}

export function describeSchedule(schedule: ScheduleState): string {
  return `[schedule] ${schedule.ruleName}: ${schedule.scheduleExpression}${schedule.enabled ? '' : ' (DISABLED)'}${schedule.nextFireAt ? `, next at ${schedule.nextFireAt}` : ''}`;
}
