import { invalidParameter, SqsError } from './errors.ts';
import type { MessageAttributes, MessageAttributeValue } from './message.ts';

const MAX_ATTRIBUTES = 10;
const NAME = /^(?!aws\.|amazon\.)(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/i;
const DATA_TYPE = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]{1,200})?$/;

function checkValue(name: string, raw: unknown): MessageAttributeValue {
  if (typeof raw !== 'object' || raw === null) {
    throw invalidParameter(`MessageAttribute.${name}`, raw, 'must be an object with a DataType');
  }
  const value = raw as Record<string, unknown>;
  const dataType = value.DataType;
  if (typeof dataType !== 'string' || !DATA_TYPE.test(dataType)) {
    throw invalidParameter(`MessageAttribute.${name}.DataType`, dataType, 'must be String, Number or Binary');
  }
  const binary = dataType.startsWith('Binary');
  const field = binary ? 'BinaryValue' : 'StringValue';
  const content = value[field];
  if (typeof content !== 'string' || (!binary && content.length === 0)) {
    throw new SqsError('MissingParameter', `Message attribute ${name} must have a non-empty ${field}.`);
  }
  if (dataType.startsWith('Number') && !Number.isFinite(Number(content))) {
    throw invalidParameter(`MessageAttribute.${name}`, content, 'a Number attribute must hold a number');
  }
  return binary ? { DataType: dataType, BinaryValue: content } : { DataType: dataType, StringValue: content };
}

/** Validates `MessageAttributes` of a send: at most 10, names and data types as SQS allows them. */
export function checkAttributes(raw: unknown): MessageAttributes {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidParameter('MessageAttributes', raw, 'must be a map of attribute names to values');
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > MAX_ATTRIBUTES) {
    throw invalidParameter('MessageAttributes', entries.length, `at most ${MAX_ATTRIBUTES} attributes`);
  }
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of entries) {
    if (!NAME.test(name)) throw invalidParameter('MessageAttribute.Name', name, 'not a valid attribute name');
    out[name] = checkValue(name, value);
  }
  return out;
}

/** The attributes a receive asked for (`All`, `.*`, names, or `prefix.*`). */
export function selectAttributes(
  attributes: MessageAttributes,
  wanted: readonly string[],
): MessageAttributes {
  if (wanted.length === 0) return {};
  const all = wanted.includes('All') || wanted.includes('.*');
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const picked =
      all || wanted.some((w) => (w.endsWith('.*') ? name.startsWith(w.slice(0, -1)) : w === name));
    if (picked) out[name] = value;
  }
  return out;
}
