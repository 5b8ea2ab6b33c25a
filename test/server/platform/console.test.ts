import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { consoleDir, consolePlugin, createConsolePlugin, CONSOLE_SECURITY_HEADERS } from '../../../src/server/platform/console.js';

/** The console's static file plugin on a small built tree: routes, fallback, caching, compression and security headers. */

let dir: string;
let app: FastifyInstance;
const BUNDLE = `console.log(${JSON.stringify('x'.repeat(4000))});`;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-console-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Rampart</title><script type="module" src="/console/assets/main-ABC.js"></script>');
  await writeFile(path.join(dir, 'assets', 'main-ABC.js'), BUNDLE);
  const plugin = createConsolePlugin({ dir });
  assert.ok(plugin);
  app = Fastify();
  await app.register(plugin);
  await app.ready();
});

after(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

test('without a built console (no index.html) there is no plugin, so the server runs API-only', async () => {
  const empty = await mkdtemp(path.join(os.tmpdir(), 'rampart-console-empty-'));
  try {
    assert.equal(createConsolePlugin({ dir: empty }), undefined);
    assert.equal(createConsolePlugin({ dir: path.join(empty, 'missing') }), undefined);
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
});

test('/ and /console redirect to /console/, which serves index.html uncached with the strict CSP', async () => {
  const root = await app.inject({ url: '/' });
  assert.equal(root.statusCode, 302);
  assert.equal(root.headers.location, '/console/');
  assert.equal((await app.inject({ url: '/console' })).headers.location, '/console/');
  const page = await app.inject({ url: '/console/' });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] as string, /^text\/html/);
  assert.equal(page.headers['cache-control'], 'no-cache');
  const csp = page.headers['content-security-policy'] as string;
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal(page.headers['x-frame-options'], 'DENY');
  for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) assert.equal(page.headers[name], value, name);
});

test('client routes (/console/findings/…) get index.html; a missing asset is a 404, never the page', async () => {
  const route = await app.inject({ url: '/console/findings/abc123?severity=high' });
  assert.equal(route.statusCode, 200);
  assert.match(route.body, /<title>Rampart<\/title>/);
  const missing = await app.inject({ url: '/console/assets/main-OLD.js' });
  assert.equal(missing.statusCode, 404);
  assert.match(missing.json().error, /console file \/console\/assets\/main-OLD\.js not found/);
  assert.equal((await app.inject({ url: '/console/favicon.ico' })).statusCode, 404);
});

test('hashed assets are cached as immutable and sent gzip-compressed to clients that accept it', async () => {
  const plain = await app.inject({ url: '/console/assets/main-ABC.js' });
  assert.equal(plain.statusCode, 200);
  assert.match(plain.headers['content-type'] as string, /^text\/javascript/);
  assert.match(plain.headers['cache-control'] as string, /immutable/);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body, BUNDLE);
  const zipped = await app.inject({ url: '/console/assets/main-ABC.js', headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.ok(zipped.rawPayload.length < BUNDLE.length / 10);
  assert.equal(gunzipSync(zipped.rawPayload).toString(), BUNDLE);
});

test('path tricks do not leave the console folder', async () => {
  for (const url of ['/console/../package.json', '/console/%2e%2e/%2e%2e/etc/passwd', '/console/assets/..%2f..%2findex.html']) {
    const answer = await app.inject({ url });
    assert.ok(!/"name":|root:x:0/.test(answer.body), url);
  }
});

test('consolePlugin (what the server registers) serves web/dist when built, else answers / with a plain note', async () => {
  const server = Fastify();
  await server.register(consolePlugin);
  try {
    const root = await server.inject({ url: '/' });
    if (existsSync(path.join(consoleDir(), 'index.html'))) {
      assert.equal(root.statusCode, 302);
      assert.equal((await server.inject({ url: '/console/' })).statusCode, 200);
    } else {
      assert.equal(root.statusCode, 200);
      assert.match(root.body, /web console is not built; run npm run build/);
    }
  } finally {
    await server.close();
  }
});
