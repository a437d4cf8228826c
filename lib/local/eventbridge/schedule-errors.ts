import { VigilError } from '#lib/core/errors.ts';

/** PutRule would refuse it (`ValidationException: Parameter ScheduleExpression is not valid.`). */
export class InvalidScheduleExpressionError extends VigilError {
  readonly code = 'INVALID_SCHEDULE_EXPRESSION';
}

/** Not in EventBridge's documentation: listed as not run locally rather than run on a guess. */
export class UnsupportedScheduleExpressionError extends VigilError {
  readonly code = 'UNSUPPORTED_SCHEDULE_EXPRESSION';
}

/** `fireSchedule` named no rule with a schedule. */
export class ScheduleNotFoundError extends VigilError {
  readonly code = 'SCHEDULE_NOT_FOUND';
}

/** `fireSchedule` named a disabled rule: a disabled rule never fires, on its timer or by hand. */
export class ScheduleDisabledError extends VigilError {
  readonly code = 'SCHEDULE_DISABLED';
}
