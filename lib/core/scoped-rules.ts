/** A setting that applies to one source, one type, both, or (naming neither) everything. */
export interface ScopedRule {
  readonly source?: string | undefined;
  readonly type?: string | undefined;
}

/**
 * The most specific rule that applies to a source+type: one naming both, then source only, then
 * type only, then one naming neither; among equals, the first listed.
 */
export function mostSpecificRule<R extends ScopedRule>(
  rules: readonly R[],
  source: string,
  type: string,
): R | undefined {
  const score = (rule: R): number => {
    if (rule.source !== undefined && rule.source !== source) return -1;
    if (rule.type !== undefined && rule.type !== type) return -1;
    return (rule.source !== undefined ? 2 : 0) + (rule.type !== undefined ? 1 : 0);
  };
  let best: R | undefined;
  let bestScore = -1;
  for (const rule of rules) {
    const s = score(rule);
    if (s > bestScore) {
      best = rule;
      bestScore = s;
    }
  }
  return best;
}
