/** Just enough IAM policy evaluation for a Lambda authorizer's `policyDocument` on `execute-api:Invoke`. */

export type PolicyVerdict = 'allow' | 'deny' | 'invalid';

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function globMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(value);
}

function statementApplies(statement: Record<string, unknown>, resourceArn: string): boolean {
  const actions = asList(statement.Action).filter((a): a is string => typeof a === 'string');
  const resources = asList(statement.Resource).filter((r): r is string => typeof r === 'string');
  const actionMatches = actions.some((action) => globMatches(action, 'execute-api:Invoke'));
  return actionMatches && resources.some((resource) => globMatches(resource, resourceArn));
}

/** Explicit deny wins, then an allow; nothing applicable is an (implicit) deny. */
export function evaluatePolicy(policyDocument: unknown, resourceArn: string): PolicyVerdict {
  if (typeof policyDocument !== 'object' || policyDocument === null) return 'invalid';
  const statements = asList((policyDocument as Record<string, unknown>).Statement);
  if (statements.length === 0) return 'invalid';
  let allowed = false;
  for (const statement of statements) {
    if (typeof statement !== 'object' || statement === null) return 'invalid';
    const s = statement as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return 'invalid';
    if (!statementApplies(s, resourceArn)) continue;
    if (s.Effect === 'Deny') return 'deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'deny';
}
