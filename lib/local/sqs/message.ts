import { createHash, randomBytes } from 'node:crypto';
import { SqsError } from './errors.ts';

/** A message attribute as the JSON protocol carries it; `BinaryValue` is base64. */
export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

export type MessageAttributes = Readonly<Record<string, MessageAttributeValue>>;

/** One message as a queue holds it. Times are epoch milliseconds. */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly attributes: MessageAttributes;
  readonly md5OfAttributes: string | undefined;
  readonly senderId: string;
  readonly groupId: string | undefined;
  readonly dedupId: string | undefined;
  sequenceNumber: string | undefined;
  sentAt: number;
  /** Before this time the message is delayed (never received) or in flight (received). */
  visibleAt: number;
  receiveCount: number;
  firstReceiveAt: number | undefined;
  /** The handle of the latest receive; older handles no longer act on the message. */
  receiptHandle: string | undefined;
  deadLetterSourceArn: string | undefined;
}

export function md5Hex(data: string | Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

export function sha256Hex(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A new receipt handle: 64 base64url characters, the shape `isReceiptHandle` accepts. */
export function newReceiptHandle(): string {
  return randomBytes(48).toString('base64url');
}

export function isReceiptHandle(handle: string): boolean {
  return /^[A-Za-z0-9_-]{64}$/.test(handle);
}

function lengthPrefixed(bytes: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * MD5 of the message attributes as SQS computes it (SQS developer guide, "Calculating the MD5 message
 * digest for message attributes"): names sorted; for each, the length-prefixed UTF-8 name and data type,
 * a transport byte (1 string, 2 binary) and the length-prefixed value.
 */
export function md5OfAttributes(attributes: MessageAttributes): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const value = attributes[name] as MessageAttributeValue;
    parts.push(
      lengthPrefixed(Buffer.from(name, 'utf8')),
      lengthPrefixed(Buffer.from(value.DataType, 'utf8')),
    );
    if (value.StringValue !== undefined) {
      parts.push(Buffer.from([1]), lengthPrefixed(Buffer.from(value.StringValue, 'utf8')));
    } else {
      parts.push(Buffer.from([2]), lengthPrefixed(Buffer.from(value.BinaryValue ?? '', 'base64')));
    }
  }
  return md5Hex(Buffer.concat(parts));
}

/** Characters SQS accepts in a body or string attribute: #x9 #xA #xD #x20–#xD7FF #xE000–#xFFFD #x10000–#x10FFFF. */
const VALID_TEXT = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export function checkBody(body: unknown): string {
  if (typeof body !== 'string' || body.length === 0 || !VALID_TEXT.test(body)) {
    throw new SqsError(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    );
  }
  return body;
}

/** Bytes a message counts against MaximumMessageSize: the body plus every attribute's name, type and value. */
export function messageSize(body: string, attributes: MessageAttributes): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType, 'utf8');
    size +=
      value.StringValue !== undefined
        ? Buffer.byteLength(value.StringValue, 'utf8')
        : Buffer.from(value.BinaryValue ?? '', 'base64').length;
  }
  return size;
}
