import { invalidParameter, SqsError } from './errors.ts';

/** A request body field, checked the way SQS answers a bad one. */
export type Input = Readonly<Record<string, unknown>>;

export function requireString(input: Input, name: string): string {
  const value = input[name];
  if (value === undefined || value === null) {
    throw new SqsError('MissingParameter', `The request must contain the parameter ${name}.`);
  }
  if (typeof value !== 'string') throw invalidParameter(name, value, 'must be a string');
  return value;
}

export function optionalString(input: Input, name: string): string | undefined {
  return input[name] === undefined || input[name] === null ? undefined : requireString(input, name);
}

/** An optional integer within [min, max]. */
export function optionalInt(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(name, value, `must be an integer from ${min} to ${max}.`);
  }
  return value;
}

export function optionalStrings(input: Input, name: string): string[] {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalidParameter(name, value, 'must be a list of strings');
  }
  return value as string[];
}

const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** The entries of a batch request: 1–10, each with a distinct `Id` of ≤ 80 `[A-Za-z0-9_-]`. */
export function batchEntries(input: Input): Input[] {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new SqsError(
      'EmptyBatchRequest',
      'There should be at least one SendMessageBatchRequestEntry in the request.',
    );
  }
  if (entries.length > 10) {
    throw new SqsError(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
    );
  }
  const ids = new Set<string>();
  for (const entry of entries as Input[]) {
    const id = entry?.Id;
    if (typeof id !== 'string' || !ENTRY_ID.test(id)) {
      throw new SqsError(
        'InvalidBatchEntryId',
        'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      );
    }
    if (ids.has(id)) throw new SqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
    ids.add(id);
  }
  return entries as Input[];
}

/** Runs `act` per entry: one entry's failure is its own (`Failed`), the others still succeed. */
export function eachEntry<T>(
  entries: readonly Input[],
  act: (entry: Input) => T,
): {
  Successful: (T & { Id: string })[];
  Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[];
} {
  const Successful: (T & { Id: string })[] = [];
  const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
  for (const entry of entries) {
    const Id = entry.Id as string;
    try {
      Successful.push({ Id, ...act(entry) });
    } catch (error) {
      if (!(error instanceof SqsError)) throw error;
      Failed.push({ Id, SenderFault: true, Code: error.code, Message: error.message });
    }
  }
  return { Successful, Failed };
}
