import { compilePattern, InvalidEventPatternError } from '#lib/core/pattern.ts';
import type { LocalRule } from '../topology.ts';

/** A PutRule the local endpoint refuses, with the error type EventBridge would answer (or the nearest). */
export class PutRuleError extends Error {
  readonly code = 'PUT_RULE_REFUSED';
  constructor(
    readonly type: 'ValidationException' | 'ResourceNotFoundException',
    message: string,
  ) {
    super(message);
    this.name = 'PutRuleError';
  }
}

const STATES: Readonly<Record<string, boolean>> = {
  ENABLED: true,
  DISABLED: false,
  ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: true,
};

/** The bus a PutRule names: its name, or the name at the end of its ARN; `default` when absent. */
export function busNameOf(input: Record<string, unknown>): string {
  const bus = typeof input.EventBusName === 'string' ? input.EventBusName : 'default';
  return bus.startsWith('arn:') ? bus.slice(bus.indexOf('event-bus/') + 'event-bus/'.length) : bus;
}

function patternOf(text: unknown): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string')
    throw new PutRuleError('ValidationException', 'EventPattern must be a string');
  let pattern: unknown;
  try {
    pattern = JSON.parse(text);
  } catch {
    throw new InvalidEventPatternError('Event pattern is not valid JSON');
  }
  compilePattern(pattern);
  return pattern as Record<string, unknown>;
}

/**
 * PutRule on a rule of the template: the rule as it is after the call (a new pattern, description
 * and state; PutRule replaces them all, as in EventBridge; targets are PutTargets' and stay). This
 * runtime only runs the template's rules, so it refuses to create one, to move one to another bus,
 * or to change a schedule; an invalid pattern fails with InvalidEventPatternException.
 */
export function putRule(existing: LocalRule | undefined, input: Record<string, unknown>): LocalRule {
  const name = input.Name;
  if (typeof name !== 'string' || name.length === 0)
    throw new PutRuleError('ValidationException', 'Name is required');
  if (!existing)
    throw new PutRuleError(
      'ResourceNotFoundException',
      `Rule ${name} does not exist on event bus ${busNameOf(input)}: the local runtime only runs the template's rules (PutRule here updates one, it does not create or move rules)`,
    );
  const eventPattern = patternOf(input.EventPattern);
  const schedule = input.ScheduleExpression;
  if (schedule !== existing.scheduleExpression)
    throw new PutRuleError(
      'ValidationException',
      `ScheduleExpression of ${name} is the template's (${existing.scheduleExpression ?? 'none'}); the local runtime does not change schedules`,
    );
  if (!eventPattern && !schedule)
    throw new PutRuleError(
      'ValidationException',
      'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    );
  const state = input.State ?? 'ENABLED';
  const enabled = typeof state === 'string' ? STATES[state] : undefined;
  if (enabled === undefined)
    throw new PutRuleError('ValidationException', `State must be ENABLED or DISABLED, got ${String(state)}`);
  if (schedule && enabled !== existing.enabled)
    throw new PutRuleError(
      'ValidationException',
      `the local runtime does not enable or disable schedule ${name}`,
    );
  const description = typeof input.Description === 'string' ? input.Description : undefined;
  const { eventPattern: _pattern, description: _description, ...kept } = existing;
  return {
    ...kept,
    ...(eventPattern ? { eventPattern } : {}),
    ...(description ? { description } : {}),
    enabled,
  };
}
