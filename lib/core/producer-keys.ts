import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';

/** Who a producer key belongs to, which `source` names it may publish as, and which modules it may drive. */
export interface ProducerIdentity {
  readonly producer: string;
  /** Exact source names, or a prefix ending in `*` (e.g. `billing.*`). */
  readonly sources: readonly string[];
  /**
   * Modules it may send `state.*` events for: exact names or prefixes ending in `*`. Absent only on
   * keys stored before module scopes existed, which keep what they could do then (every module and
   * the commands); see docs/ingest-api.md.
   */
  readonly modules?: readonly string[];
  /** Whether it may also send the cross-layer commands (EMERGENCY_STOP, INTERRUPT) to those modules. */
  readonly commands?: boolean;
}

/** The most the authorizer and API Gateway may cache a key together: a revoked key stops within it. */
export const REVOCATION_BOUND_SECONDS = 30;

export const KEY_PREFIX = 'vgl_';
const KEY_ID_LENGTH = 16;

export const producerNameSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 . _ -'));
export const sourcePatternSchema = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9._:/-]{1,128}\*?$|^\*$/,
      'must be a source name, optionally ending in * for a prefix',
    ),
  );

/** A module name or a prefix ending in `*`, as `--modules` takes them (same alphabet as sources). */
export const modulePatternSchema = sourcePatternSchema;

/** Whether `name` is one of `patterns` (exact) or starts with a pattern's prefix (`fleet.*`, `*`). */
export function matchesScope(patterns: readonly string[], name: string): boolean {
  return patterns.some((allowed) =>
    allowed.endsWith('*') ? name.startsWith(allowed.slice(0, -1)) : allowed === name,
  );
}

export function sourceAllowed(identity: ProducerIdentity, source: string): boolean {
  return matchesScope(identity.sources, source);
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

/** A type, not an interface: API Gateway's context type wants an index signature. */
export type IdentityContext = {
  producer: string;
  sources: string;
  modules?: string;
  commands?: string;
};

/** The authorizer hands the identity to ingest through its context, which holds only scalars. */
export function identityToContext(identity: ProducerIdentity): IdentityContext {
  return {
    producer: identity.producer,
    sources: JSON.stringify(identity.sources),
    ...(identity.modules ? { modules: JSON.stringify(identity.modules) } : {}),
    ...(identity.commands === undefined ? {} : { commands: String(identity.commands) }),
  };
}

const contextSchema = z.object({
  producer: z.string().check(z.minLength(1)),
  sources: z.string(),
  modules: z.optional(z.string()),
  commands: z.optional(z.enum(['true', 'false'])),
});
const stringList = z.array(z.string());

export function identityFromContext(context: unknown): ProducerIdentity | undefined {
  const parsed = contextSchema.safeParse(context);
  if (!parsed.success) return undefined;
  const { producer, modules, commands } = parsed.data;
  try {
    const sources = stringList.parse(JSON.parse(parsed.data.sources));
    return {
      producer,
      sources,
      ...(modules === undefined ? {} : { modules: stringList.parse(JSON.parse(modules)) }),
      ...(commands === undefined ? {} : { commands: commands === 'true' }),
    };
  } catch {
    return undefined;
  }
}
