/** The route lives in the hash (`#/alerts?id=…`): no server rewrites, the same on CloudFront and locally. */
export interface Route {
  readonly page: string;
  readonly params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  return { page: path || 'overview', params: new URLSearchParams(query) };
}

export function href(page: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
  return `#/${page}${query ? `?${query}` : ''}`;
}
