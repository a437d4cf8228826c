import { VigilError } from '#lib/core/errors.ts';

/** The template uses an intrinsic or a reference the local runtime cannot resolve. */
export class UnresolvableError extends VigilError {
  readonly code = 'UNRESOLVABLE_INTRINSIC';
}

export interface ResolveContext {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  /** `Ref` of a resource: its local physical id (table name, bus name, function name…). */
  ref(logicalId: string): string | undefined;
  /** `Fn::GetAtt`: the local value of an attribute. */
  getAtt(logicalId: string, attribute: string): string | undefined;
}

const NO_VALUE = Symbol('AWS::NoValue');

function pseudo(name: string, ctx: ResolveContext): string | typeof NO_VALUE | undefined {
  switch (name) {
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::AccountId':
      return ctx.accountId;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::StackId':
      return `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/local`;
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      return undefined;
  }
}

function asString(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UnresolvableError(`${where}: expected a string, got ${JSON.stringify(value)}`);
}

function resolveRef(name: string, ctx: ResolveContext): string | typeof NO_VALUE {
  const value = pseudo(name, ctx) ?? ctx.ref(name);
  if (value === undefined) throw new UnresolvableError(`Ref ${name}: no such resource or pseudo parameter`);
  return value;
}

function resolveGetAtt(args: unknown, ctx: ResolveContext): string {
  // The dotted form splits at the first dot only: attribute names may hold dots (`Db.Endpoint.Address`).
  const text = String(args);
  const dot = text.includes('.') ? text.indexOf('.') : text.length;
  const [logicalId, attribute] = Array.isArray(args) ? args : [text.slice(0, dot), text.slice(dot + 1)];
  const value = ctx.getAtt(String(logicalId), String(attribute));
  if (value === undefined)
    throw new UnresolvableError(`Fn::GetAtt ${logicalId}.${attribute}: not available locally`);
  return value;
}

function resolveSub(args: unknown, ctx: ResolveContext): string {
  const [template, variables] = Array.isArray(args) ? args : [args, {}];
  const vars = resolveIntrinsics(variables ?? {}, ctx) as Record<string, unknown>;
  return asString(template, 'Fn::Sub').replace(/\$\{(!?)([^}]+)\}/g, (_match, bang: string, name: string) => {
    // `${!Literal}` is CloudFormation's escape: it resolves to the text `${Literal}`.
    if (bang) return `\${${name}}`;
    if (name in vars) return asString(vars[name], `Fn::Sub \${${name}}`);
    if (name.includes('.')) return resolveGetAtt(name, ctx);
    const value = resolveRef(name, ctx);
    if (value === NO_VALUE) throw new UnresolvableError(`Fn::Sub \${${name}}: AWS::NoValue in a string`);
    return value;
  });
}

/**
 * Resolves the intrinsics CDK emits (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`,
 * `Fn::Split`) to local values; `AWS::NoValue` removes the property, as in CloudFormation.
 */
export function resolveIntrinsics(value: unknown, ctx: ResolveContext): unknown {
  const resolved = resolveValue(value, ctx);
  return resolved === NO_VALUE ? undefined : resolved;
}

function resolveValue(value: unknown, ctx: ResolveContext): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => resolveValue(item, ctx)).filter((item) => item !== NO_VALUE);
  }
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, args] = entries[0] as [string, unknown];
    switch (key) {
      case 'Ref':
        return resolveRef(asString(args, 'Ref'), ctx);
      case 'Fn::GetAtt':
        return resolveGetAtt(args, ctx);
      case 'Fn::Join': {
        const [separator, parts] = args as [string, unknown[]];
        const items = resolveValue(parts, ctx) as unknown[];
        return items.map((part) => asString(part, 'Fn::Join')).join(separator);
      }
      case 'Fn::Sub':
        return resolveSub(args, ctx);
      case 'Fn::Select': {
        const [index, list] = args as [unknown, unknown];
        const items = resolveValue(list, ctx) as unknown[];
        const i = Number(resolveValue(index, ctx));
        if (!Array.isArray(items) || !(i in items))
          throw new UnresolvableError(`Fn::Select ${i}: out of range`);
        return items[i];
      }
      case 'Fn::Split': {
        const [separator, source] = args as [string, unknown];
        return asString(resolveValue(source, ctx), 'Fn::Split').split(separator);
      }
      default:
        if (key.startsWith('Fn::')) throw new UnresolvableError(`${key}: not supported by the local runtime`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const resolved = resolveValue(item, ctx);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}
