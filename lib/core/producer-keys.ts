import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Who a producer key belongs to and which `source` names it may publish as. */
export interface ProducerIdentity {
  readonly producer: string;
  /** Exact source names, or a prefix ending in `*` (e.g. `billing.*`). */
  readonly sources: readonly string[];
}

export const KEY_PREFIX = 'vgl_';
const KEY_ID_LENGTH = 16;

export const producerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 . _ -');
export const sourcePatternSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:/-]{1,128}\*?$|^\*$/, 'must be a source name, optionally ending in * for a prefix');

export function sourceAllowed(identity: ProducerIdentity, source: string): boolean {
  return identity.sources.some((allowed) =>
    allowed.endsWith('*') ? source.startsWith(allowed.slice(0, -1)) : allowed === source,
  );
}

/** A new key: 32 random bytes, base64url, with a recognisable prefix (secret scanners look for it). */
export function generateProducerKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashProducerKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The public handle of a key: the first 16 hex digits of its hash (the table's partition key). */
export function keyIdOf(hash: string): string {
  return hash.slice(0, KEY_ID_LENGTH);
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `Bearer <key>` → key; anything else → undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** The authorizer hands the identity to ingest through its context, which holds only scalars. */
export function identityToContext(identity: ProducerIdentity): { producer: string; sources: string } {
  return { producer: identity.producer, sources: JSON.stringify(identity.sources) };
}

const contextSchema = z.object({ producer: z.string().min(1), sources: z.string() });

export function identityFromContext(context: unknown): ProducerIdentity | undefined {
  const parsed = contextSchema.safeParse(context);
  if (!parsed.success) return undefined;
  try {
    const sources = z.array(z.string()).parse(JSON.parse(parsed.data.sources));
    return { producer: parsed.data.producer, sources };
  } catch {
    return undefined;
  }
}
