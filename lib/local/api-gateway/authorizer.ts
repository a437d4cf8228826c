import type { Invoker, LocalAuthorizer } from '../topology.ts';
import type { AuthorizerContext, RequestView } from './event.ts';
import { evaluatePolicy } from './policy.ts';

export type AuthorizationOutcome =
  | { readonly kind: 'allow'; readonly authorizer: AuthorizerContext }
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'error' };

/** What the function said, kept in the cache; a policy is re-evaluated for every route ARN. */
type Verdict =
  | { readonly kind: 'simple'; readonly isAuthorized: boolean; readonly context: AuthorizerContext }
  | { readonly kind: 'policy'; readonly policyDocument: unknown; readonly context: AuthorizerContext };

export interface AuthorizerCall {
  readonly view: RequestView;
  readonly routeKey: string;
  readonly routeArn: string;
  /** Builds the authorizer event once the identity values are known. */
  readonly event: (identitySource: readonly string[]) => unknown;
}

const MAX_CACHE_ENTRIES = 10_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const own = (record: Readonly<Record<string, string>> | undefined, key: string) =>
  record && Object.hasOwn(record, key) ? record[key] : undefined;

/** The value of one identity source (`$request.header.X`, `$request.querystring.X`, `$context.X`). */
function identityValue(source: string, call: AuthorizerCall): string | undefined {
  const { view } = call;
  const [, kind, name = ''] =
    /^\$(request\.header|request\.querystring|context|stageVariables)\.(.+)$/.exec(source) ?? [];
  if (kind === 'request.header') {
    const header = name.toLowerCase();
    return header === 'cookie' ? view.cookies.join('; ') : own(view.headers, header);
  }
  if (kind === 'request.querystring') return own(view.queryStringParameters, name);
  if (kind === 'context') {
    const context = view.requestContext;
    const known: Record<string, string> = {
      routeKey: call.routeKey,
      requestId: context.requestId,
      apiId: context.apiId,
      accountId: context.accountId,
      stage: context.stage,
      domainName: context.domainName,
      domainPrefix: context.domainPrefix,
      httpMethod: context.http.method,
      path: context.http.path,
      protocol: context.http.protocol,
      'identity.sourceIp': context.http.sourceIp,
      'identity.userAgent': context.http.userAgent,
    };
    return own(known, name);
  }
  // `$stageVariables.*`: the local `$default` stage has no stage variables.
  return undefined;
}

function parseVerdict(payload: unknown, simple: boolean): Verdict | undefined {
  if (!isRecord(payload)) return undefined;
  const context = payload.context ?? {};
  if (!isRecord(context)) return undefined;
  if (simple) {
    return typeof payload.isAuthorized === 'boolean'
      ? { kind: 'simple', isAuthorized: payload.isAuthorized, context }
      : undefined;
  }
  return payload.policyDocument === undefined
    ? undefined
    : { kind: 'policy', policyDocument: payload.policyDocument, context };
}

function apply(verdict: Verdict, routeArn: string): AuthorizationOutcome {
  const allowed = { kind: 'allow', authorizer: { lambda: verdict.context } } as const;
  if (verdict.kind === 'simple') return verdict.isAuthorized ? allowed : { kind: 'forbidden' };
  const outcome = evaluatePolicy(verdict.policyDocument, routeArn);
  return outcome === 'allow' ? allowed : outcome === 'deny' ? { kind: 'forbidden' } : { kind: 'error' };
}

/**
 * Lambda REQUEST authorizers (payload 2.0): identity sources, invocation, simple or IAM-policy responses,
 * and the result cache keyed by the identity-source values.
 */
export class LambdaAuthorizers {
  private readonly cache = new Map<string, { readonly verdict: Verdict; readonly expiresAt: number }>();

  constructor(
    private readonly invoker: Invoker,
    private readonly now: () => number,
  ) {}

  async authorize(authorizer: LocalAuthorizer, call: AuthorizerCall): Promise<AuthorizationOutcome> {
    const values = authorizer.identitySources.map((source) => identityValue(source, call));
    const identity = values.filter((value): value is string => value !== undefined && value !== '');
    // Any identity source missing or empty: 401 without invoking the function.
    if (identity.length !== values.length) return { kind: 'unauthorized' };

    // Caching needs at least one identity source; the key is the identity values (NUL-separated).
    const cacheable = authorizer.resultTtlSeconds > 0 && identity.length > 0;
    const key = `${authorizer.logicalId}\u0000${identity.join('\u0000')}`;
    const cached = cacheable ? this.cache.get(key) : undefined;
    if (cached && cached.expiresAt > this.now()) return apply(cached.verdict, call.routeArn);

    let verdict: Verdict | undefined;
    try {
      const result = await this.invoker.invoke(authorizer.functionId, call.event(identity));
      verdict = result.ok ? parseVerdict(result.payload, authorizer.enableSimpleResponses) : undefined;
    } catch {
      verdict = undefined;
    }
    if (!verdict) return { kind: 'error' };
    if (cacheable) this.remember(key, verdict, authorizer.resultTtlSeconds);
    return apply(verdict, call.routeArn);
  }

  private remember(key: string, verdict: Verdict, ttlSeconds: number): void {
    const now = this.now();
    if (this.cache.size >= MAX_CACHE_ENTRIES) {
      for (const [k, entry] of this.cache) if (entry.expiresAt <= now) this.cache.delete(k);
    }
    this.cache.set(key, { verdict, expiresAt: now + ttlSeconds * 1000 });
  }
}
