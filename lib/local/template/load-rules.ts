import * as z from 'zod/mini';
import { compilePattern, InvalidEventPatternError } from '#lib/core/pattern.ts';
import {
  InvalidScheduleExpressionError,
  UnsupportedScheduleExpressionError,
} from '../eventbridge/schedule-errors.ts';
import { parseScheduleExpression } from '../eventbridge/schedule-expression.ts';
import type { LocalRule, LocalTarget } from '../topology.ts';
import type { LoadContext, ResourceEntry } from './load-context.ts';
import { ignored, jsonObject, text } from './properties.ts';
import { loadTarget, type TargetResources, targetResources } from './rule-targets.ts';

const ruleSchema = z.strictObject({
  Name: z.optional(text),
  Description: z.optional(z.string()),
  EventBusName: z.optional(text),
  // CloudFormation takes the pattern as a JSON object; the API (and some templates) as a JSON string.
  EventPattern: z.optional(jsonObject),
  ScheduleExpression: z.optional(z.string()),
  State: z.optional(z.enum(['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'])),
  // Each target is read on its own: one a rule cannot deliver to locally leaves the others running.
  Targets: z.optional(z.array(z.unknown())),
  ...ignored(['RoleArn', 'Tags']),
});

/** Why a rule's schedule cannot run locally (as PutRule would refuse it, or undocumented), if it cannot. */
function checkSchedule(expression: string, busName: string): string | undefined {
  // Only the default bus has scheduled rules.
  if (busName !== 'default' && !busName.endsWith('event-bus/default'))
    return 'ValidationException: ScheduleExpression is supported only on the default event bus.';
  try {
    parseScheduleExpression(expression);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidScheduleExpressionError)
      return `ValidationException: Parameter ScheduleExpression is not valid: ${error.message}`;
    if (error instanceof UnsupportedScheduleExpressionError)
      return `schedule not run locally: ${error.message}`;
    throw error;
  }
}

/** Why EventBridge would refuse the pattern, if it would. */
function checkPattern(pattern: Record<string, unknown>): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidEventPatternError)) throw error;
    return `InvalidEventPatternException: ${error.message}`;
  }
}

/** The rule's targets that run locally; each other one is listed with its reason. */
function loadTargets(
  context: LoadContext,
  rule: ResourceEntry,
  raw: readonly unknown[],
  resources: TargetResources,
) {
  const targets: LocalTarget[] = [];
  raw.forEach((target, index) => {
    const loaded = context.attempt(
      rule,
      () => loadTarget(target, index, rule, resources),
      'AWS::Events::Rule target',
    );
    if (loaded) targets.push(loaded);
  });
  return targets;
}

function loadRule(
  context: LoadContext,
  entry: ResourceEntry,
  resources: TargetResources,
): LocalRule | string {
  const props = context.properties(entry, ruleSchema, ['RoleArn']);
  const busName = props.EventBusName ?? 'default';
  const { EventPattern: eventPattern, ScheduleExpression: scheduleExpression } = props;
  if (!eventPattern && scheduleExpression === undefined)
    return 'ValidationException: a rule needs an EventPattern or a ScheduleExpression';
  const problem =
    (eventPattern && checkPattern(eventPattern)) ||
    (scheduleExpression && checkSchedule(scheduleExpression, busName));
  if (problem) return problem;
  return {
    logicalId: entry.logicalId,
    name: context.ids.nameOf(entry.logicalId),
    arn: context.arnOf(entry.logicalId),
    busName,
    ...(props.Description ? { description: props.Description } : {}),
    ...(eventPattern ? { eventPattern } : {}),
    ...(scheduleExpression ? { scheduleExpression } : {}),
    enabled: props.State !== 'DISABLED',
    targets: loadTargets(context, entry, props.Targets ?? [], resources),
  };
}

/** The template's rules whose pattern and schedule EventBridge accepts, each with its local targets. */
export function loadRules(context: LoadContext): LocalRule[] {
  const resources = targetResources(context);
  return context.loadEach('AWS::Events::Rule', (entry) => loadRule(context, entry, resources));
}
