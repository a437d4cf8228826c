import * as z from 'zod/mini';
import { VigilError } from '#lib/core/errors.ts';

/**
 * Reading CloudFormation properties through schemas: each loader lists the properties it reads
 * (with the ranges CloudFormation allows) and those it accepts with no local effect; any other
 * property, or a value out of shape, makes a `TemplatePropertyError` that names the resource and the
 * property path, and the resource is listed as not run locally with that reason.
 */

/** A resource property the local runtime cannot read: unknown, or not of the shape CloudFormation allows. */
export class TemplatePropertyError extends VigilError {
  readonly code = 'TEMPLATE_PROPERTY';

  constructor(
    readonly logicalId: string,
    readonly type: string,
    /** One line per problem, each starting with the property path (`Targets.0.RetryPolicy: …`). */
    readonly problems: readonly string[],
  ) {
    super(`${logicalId} (${type}): ${problems.join('; ')}`, { field: problems[0]?.split(':', 1)[0] });
  }

  /** What the unsupported list says (it already names the resource). */
  get reason(): string {
    return this.problems.join('; ');
  }
}

/** A whole number in CloudFormation's range; templates may give numbers as strings. */
export const intIn = (min: number, max: number) =>
  z.pipe(z.coerce.number(), z.int().check(z.minimum(min), z.maximum(max)));

/** `true`/`false`, or the strings CloudFormation also takes for them. */
export const flag = z.union([
  z.boolean(),
  z.pipe(
    z.enum(['true', 'false']),
    z.transform((text) => text === 'true'),
  ),
]);

export const text = z.string().check(z.minLength(1));

/** A JSON object, given as one or as JSON text (CloudFormation takes both for patterns and policies). */
export const jsonObject = z.pipe(
  z.union([
    z.pipe(
      z.string(),
      z.transform((json, context): unknown => {
        try {
          return JSON.parse(json);
        } catch {
          context.issues.push({ code: 'custom', message: 'not valid JSON', input: json });
          return z.NEVER;
        }
      }),
    ),
    z.record(z.string(), z.unknown()),
  ]),
  z.record(z.string(), z.unknown()),
);

/** Properties accepted and ignored: they have no local effect. */
export function ignored<const K extends string>(
  names: readonly K[],
): Record<K, z.ZodMiniOptional<z.ZodMiniUnknown>> {
  return Object.fromEntries(names.map((name) => [name, z.optional(z.unknown())])) as Record<
    K,
    z.ZodMiniOptional<z.ZodMiniUnknown>
  >;
}

function rule(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}${issue.origin === 'number' ? '' : ` ${issue.origin === 'array' ? 'items' : 'characters'}`}`;
    case 'too_small':
      return `at least ${String(issue.minimum)}${issue.origin === 'number' ? '' : ` ${issue.origin === 'array' ? 'items' : 'characters'}`}`;
    case 'invalid_value':
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    case 'invalid_union': {
      // The branch that got furthest says more than "no branch matched".
      const telling = issue.errors.flat().find((inner) => inner.code !== 'invalid_type');
      return telling ? rule(telling) : 'not of a form this property takes';
    }
    default:
      return issue.message;
  }
}

/** `BatchSize: at most 10000`, `FilterCriteria: property not supported locally`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], pathPrefix = ''): string[] {
  return issues.flatMap((issue) => {
    const at = [pathPrefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => `${at ? `${at}.` : ''}${key}: property not supported locally`);
    return [`${at || '(properties)'}: ${rule(issue)}`];
  });
}

/**
 * `value` read through `schema`, or a `TemplatePropertyError` naming the resource and each bad
 * property (`pathPrefix` places a nested value, e.g. `Targets.0`).
 */
export function parseProperties<T>(
  schema: z.ZodMiniType<T>,
  value: unknown,
  resource: { readonly logicalId: string; readonly type: string },
  pathPrefix = '',
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new TemplatePropertyError(
    resource.logicalId,
    resource.type,
    describeIssues(parsed.error.issues, pathPrefix),
  );
}
