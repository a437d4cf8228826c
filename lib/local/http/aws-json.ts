import type { IncomingMessage } from 'node:http';

/** An AWS JSON protocol request (SQS, EventBridge): the operation it names and its input. */
export type AwsJsonRequest<Operation> =
  | { readonly operation: Operation; readonly input: Record<string, unknown> }
  /** The request names no operation of this endpoint: why, for an `UnknownOperationException`. */
  | { readonly unknown: string };

/**
 * Reads `POST` with `X-Amz-Target: <prefix>.<Operation>` and a JSON body (empty = `{}`). A body that
 * is not JSON throws the parser's `SyntaxError` (each endpoint answers it as a SerializationException).
 */
export function awsJsonRequest<Operation>(
  req: IncomingMessage,
  body: Buffer,
  prefix: string,
  operations: Readonly<Record<string, Operation>>,
): AwsJsonRequest<Operation> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const [targetPrefix, name] = target.split('.');
  const operation =
    targetPrefix === prefix && name && Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (req.method !== 'POST' || operation === undefined)
    return { unknown: `Operation ${target || '(none)'} is not supported locally` };
  const input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
  return { operation, input };
}
