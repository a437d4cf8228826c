import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { TemplateResource } from '../template/physical-ids.ts';

/** Where the console lives on the local API's port. */
export const CONSOLE_PATH = '/console';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * The folder of the console's build in the cloud assembly: the asset of a `BucketDeployment` that
 * holds an index.html, i.e. the very files CDK would upload to the bucket. Undefined without one.
 */
export function findConsoleAsset(
  template: { Resources: Record<string, TemplateResource> },
  assemblyDir: string,
): string | undefined {
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'Custom::CDKBucketDeployment') continue;
    const keys = resource.Properties?.SourceObjectKeys;
    for (const key of Array.isArray(keys) ? keys : []) {
      const dir = path.join(assemblyDir, `asset.${String(key).replace(/\.zip$/, '')}`);
      if (existsSync(path.join(dir, 'index.html'))) return dir;
    }
  }
  return undefined;
}

/** What the local console is told: the API is where the page came from, signed with the local admin keys. */
export interface LocalConsoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/**
 * A request listener for `/console/…`: the build's files and a `config.json` made here (no Cognito
 * locally). Returns false for any other path, which the API then answers.
 */
export function consoleHandler(dir: string, credentials: () => LocalConsoleCredentials) {
  const root = path.resolve(dir);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const raw = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (raw !== CONSOLE_PATH && !raw.startsWith(`${CONSOLE_PATH}/`)) return false;
    let pathname: string;
    try {
      pathname = decodeURIComponent(raw);
    } catch {
      send(res, 400, 'text/plain', 'malformed path');
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain', 'the console is read-only');
      return true;
    }
    if (pathname === CONSOLE_PATH) {
      res.writeHead(301, { location: `${CONSOLE_PATH}/` }).end();
      return true;
    }
    const relative = pathname.slice(CONSOLE_PATH.length + 1) || 'index.html';
    if (relative === 'config.json') {
      const { accessKeyId, secretAccessKey, region } = credentials();
      const apiUrl = `http://${req.headers.host ?? '127.0.0.1'}`;
      send(
        res,
        200,
        TYPES['.json'] as string,
        JSON.stringify({ apiUrl, region, auth: { kind: 'local', accessKeyId, secretAccessKey } }),
      );
      return true;
    }
    const file = path.resolve(root, relative);
    if (!file.startsWith(`${root}${path.sep}`) || !existsSync(file) || !statSync(file).isFile()) {
      send(res, 404, 'text/plain', 'not found');
      return true;
    }
    send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', readFileSync(file));
    return true;
  };
}
