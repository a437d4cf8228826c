import type { LocalRoute } from '../topology.ts';
import { decodeSegment } from './request.ts';

type Segment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

interface CompiledRoute {
  readonly route: LocalRoute;
  /** `ANY` or an upper-case method. */
  readonly method: string;
  readonly segments: readonly Segment[];
}

export type RouteResolution =
  | {
      readonly kind: 'route';
      readonly route: LocalRoute;
      readonly pathParameters: Readonly<Record<string, string>> | undefined;
    }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] };

const SEGMENT_RANK = { literal: 0, param: 1, greedy: 2 } as const;

function compile(route: LocalRoute): CompiledRoute {
  const match = /^([A-Z]+) (\/.*)$/.exec(route.routeKey);
  if (!match?.[1] || !match[2])
    throw new Error(`route ${route.logicalId}: unsupported route key "${route.routeKey}"`);
  const parts = match[2].split('/').slice(1);
  const segments = parts.map((part, index): Segment => {
    const variable = /^\{([^{}+]+)(\+?)\}$/.exec(part);
    if (!variable?.[1]) return { kind: 'literal', value: part };
    if (variable[2] !== '+') return { kind: 'param', name: variable[1] };
    if (index !== parts.length - 1)
      throw new Error(`route ${route.logicalId}: a greedy path variable must end the path`);
    return { kind: 'greedy', name: variable[1] };
  });
  return { route, method: match[1], segments };
}

/** Path parameters when `segments` (decoded request path segments) fit the template, else undefined. */
function matchPath(
  template: readonly Segment[],
  segments: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [index, part] of template.entries()) {
    const value = segments[index];
    if (part.kind === 'greedy') {
      const rest = segments.slice(index).join('/');
      if (rest === '') return undefined;
      params[part.name] = rest;
      return params;
    }
    if (value === undefined) return undefined;
    if (part.kind === 'literal' && part.value !== value) return undefined;
    if (part.kind === 'param') {
      if (value === '') return undefined;
      params[part.name] = value;
    }
  }
  return template.length === segments.length ? params : undefined;
}

/**
 * Most specific first: segment by segment a literal beats `{param}` beats `{proxy+}` (so a full match beats a
 * greedy one, and a longer literal prefix beats a shorter one), then a named method beats `ANY`.
 */
function compareSpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const segmentA = a.segments[i];
    const segmentB = b.segments[i];
    const rankA = segmentA ? SEGMENT_RANK[segmentA.kind] : -1;
    const rankB = segmentB ? SEGMENT_RANK[segmentB.kind] : -1;
    if (rankA !== rankB) return rankA - rankB;
  }
  return Number(a.method === 'ANY') - Number(b.method === 'ANY');
}

/** Chooses the route for a request the way HTTP APIs do (see http-api-develop-routes). */
export class RouteTable {
  private readonly routes: readonly CompiledRoute[];
  private readonly defaultRoute: LocalRoute | undefined;

  constructor(routes: readonly LocalRoute[]) {
    this.defaultRoute = routes.find((route) => route.routeKey === '$default');
    this.routes = routes.filter((route) => route.routeKey !== '$default').map(compile);
  }

  resolve(method: string, rawPath: string): RouteResolution {
    const segments = rawPath.split('/').slice(1).map(decodeSegment);
    const onPath = this.routes
      .map((compiled) => ({ compiled, params: matchPath(compiled.segments, segments) }))
      .filter((candidate) => candidate.params !== undefined);
    const forMethod = onPath
      .filter(({ compiled }) => compiled.method === method || compiled.method === 'ANY')
      .sort((a, b) => compareSpecificity(a.compiled, b.compiled));
    const best = forMethod[0];
    if (best) {
      const params = best.params ?? {};
      const pathParameters = Object.keys(params).length > 0 ? params : undefined;
      return { kind: 'route', route: best.compiled.route, pathParameters };
    }
    if (this.defaultRoute) return { kind: 'route', route: this.defaultRoute, pathParameters: undefined };
    if (onPath.length === 0) return { kind: 'not-found' };
    const allow = [...new Set(onPath.map(({ compiled }) => compiled.method))].sort();
    return { kind: 'method-not-allowed', allow };
  }
}
