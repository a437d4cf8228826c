import { VigilError } from '#lib/core/errors.ts';

/**
 * SQS errors as the JSON protocol answers them: `code` is the `__type` shape name the SDK turns into the
 * error's `name` (`QueueDoesNotExist`), `queryCode` the `x-amzn-query-error` code older clients read
 * (`AWS.SimpleQueueService.NonExistentQueue`). Codes the AWS model does not name (out-of-range
 * parameters, a missing FIFO group id) use the query-era codes `InvalidParameterValue` and
 * `MissingParameter` (docs/local-runtime.md).
 */
export const SQS_ERRORS = {
  QueueDoesNotExist: { queryCode: 'AWS.SimpleQueueService.NonExistentQueue', status: 400 },
  MessageNotInflight: { queryCode: 'AWS.SimpleQueueService.MessageNotInflight', status: 400 },
  ReceiptHandleIsInvalid: { queryCode: 'ReceiptHandleIsInvalid', status: 400 },
  InvalidMessageContents: { queryCode: 'InvalidMessageContents', status: 400 },
  InvalidAttributeName: { queryCode: 'InvalidAttributeName', status: 400 },
  InvalidParameterValue: { queryCode: 'InvalidParameterValue', status: 400 },
  MissingParameter: { queryCode: 'MissingParameter', status: 400 },
  TooManyEntriesInBatchRequest: {
    queryCode: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    status: 400,
  },
  EmptyBatchRequest: { queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest', status: 400 },
  BatchEntryIdsNotDistinct: { queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', status: 400 },
  InvalidBatchEntryId: { queryCode: 'AWS.SimpleQueueService.InvalidBatchEntryId', status: 400 },
  BatchRequestTooLong: { queryCode: 'AWS.SimpleQueueService.BatchRequestTooLong', status: 400 },
  PurgeQueueInProgress: { queryCode: 'AWS.SimpleQueueService.PurgeQueueInProgress', status: 403 },
  UnsupportedOperation: { queryCode: 'AWS.SimpleQueueService.UnsupportedOperation', status: 400 },
  UnknownOperationException: { queryCode: 'UnknownOperationException', status: 400 },
  SerializationException: { queryCode: 'SerializationException', status: 400 },
} as const;

export type SqsErrorCode = keyof typeof SQS_ERRORS;

export class SqsError extends VigilError {
  readonly code: SqsErrorCode;
  override readonly status: number;

  constructor(code: SqsErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = SQS_ERRORS[code].status;
  }

  get queryCode(): string {
    return SQS_ERRORS[this.code].queryCode;
  }
}

export function queueDoesNotExist(): SqsError {
  return new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
}

export function invalidParameter(name: string, value: unknown, reason: string): SqsError {
  const shown = JSON.stringify(value)?.slice(0, 100) ?? String(value);
  return new SqsError(
    'InvalidParameterValue',
    `Value ${shown} for parameter ${name} is invalid. Reason: ${reason}`,
  );
}
