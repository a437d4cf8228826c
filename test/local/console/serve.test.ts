import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleHandler, findConsoleAsset } from '#lib/local/console/serve.ts';

let assemblyDir: string;
let server: http.Server;
let base: string;
const admin = { accessKeyId: 'AKIALOCAL', secretAccessKey: 'secret', region: 'us-east-1' };

beforeAll(async () => {
  assemblyDir = mkdtempSync(path.join(tmpdir(), 'vigil-console-serve-'));
  mkdirSync(path.join(assemblyDir, 'asset.aaa'));
  writeFileSync(path.join(assemblyDir, 'asset.aaa', 'config.json'), '{"apiUrl":"<<marker>>"}');
  mkdirSync(path.join(assemblyDir, 'asset.bbb', 'assets'), { recursive: true });
  writeFileSync(path.join(assemblyDir, 'asset.bbb', 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(path.join(assemblyDir, 'asset.bbb', 'assets', 'app.js'), 'export {};');
  writeFileSync(path.join(assemblyDir, 'secret.txt'), 'not to be served');
  const dir = findConsoleAsset(
    {
      Resources: {
        Deploy: {
          Type: 'Custom::CDKBucketDeployment',
          Properties: { SourceObjectKeys: ['aaa.zip', 'bbb.zip'] },
        },
      },
    },
    assemblyDir,
  ) as string;
  const handle = consoleHandler(dir, () => admin);
  server = http.createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(418).end('the API');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(assemblyDir, { recursive: true, force: true });
});

describe('Function: consoleHandler', () => {
  it('serves the deployment asset that holds index.html, with content types', async () => {
    // Act
    const index = await fetch(`${base}/console/`);
    const script = await fetch(`${base}/console/assets/app.js`);
    // Assess
    expect(await index.text()).toContain('<title>x</title>');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it("answers config.json itself: the page's origin as the API and the local admin keys", async () => {
    // Act
    const config = await (await fetch(`${base}/console/config.json`)).json();
    // Assess
    expect(config).toEqual({
      apiUrl: base,
      region: 'us-east-1',
      auth: { kind: 'local', accessKeyId: 'AKIALOCAL', secretAccessKey: 'secret' },
    });
  });

  it('redirects /console to /console/ and leaves every other path to the API', async () => {
    // Act
    const bare = await fetch(`${base}/console`, { redirect: 'manual' });
    const api = await fetch(`${base}/events`);
    const lookalike = await fetch(`${base}/consoles`);
    // Assess
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/');
    expect(api.status).toBe(418);
    expect(lookalike.status).toBe(418);
  });

  it('never serves a file outside the asset, nor answers a write', async () => {
    // Act
    const escaped = await fetch(`${base}/console/..%2f..%2fsecret.txt`);
    const missing = await fetch(`${base}/console/nope.js`);
    const post = await fetch(`${base}/console/index.html`, { method: 'POST' });
    const malformed = await fetch(`${base}/console/%E0%A4%A`);
    const junk = await fetch(`${base}/%`);
    // Assess
    expect(escaped.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(post.status).toBe(405);
    expect(malformed.status).toBe(400);
    expect(junk.status).toBe(418);
  });
});

describe('Function: findConsoleAsset', () => {
  it('is undefined when the template deploys no console', () => {
    expect(findConsoleAsset({ Resources: {} }, assemblyDir)).toBeUndefined();
  });
});
