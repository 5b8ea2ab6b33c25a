import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { installBundle } from '../../../src/store/vulndb/install.js';
import { bundleUrl, updateFromMirror } from '../../../src/store/vulndb/mirror.js';
import { SqliteVulnLookup } from '../../../src/store/vulndb/reader.js';
import { makeBundle, makeKeys, type TestKeys } from './bundle-helpers.js';
import { tempDir } from './fixtures.js';
import { makeTestCa } from './tls-helpers.js';

let keys: TestKeys;
let caCert = '';
let bundle: Buffer;
let server: https.Server;
let plain: http.Server;
let base = '';
let plainBase = '';

before(async () => {
  const dir = await tempDir('rampart-mirror-');
  keys = await makeKeys(dir, 'db');
  bundle = await readFile(await makeBundle(2, keys.privateKey));
  const ca = await makeTestCa(dir);
  caCert = ca.caCert;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (req.url === '/rampart/rampart-db.tar.zst') {
      res.writeHead(200, { 'content-type': 'application/zstd', 'content-length': bundle.length });
      res.end(bundle);
    } else if (req.url === '/moved/rampart-db.tar.zst') {
      res.writeHead(302, { location: '/rampart/rampart-db.tar.zst' });
      res.end();
    } else if (req.url === '/downgrade/rampart-db.tar.zst') {
      res.writeHead(302, { location: `${plainBase}/rampart/rampart-db.tar.zst` });
      res.end();
    } else if (req.url === '/short/rampart-db.tar.zst') {
      res.writeHead(200, { 'content-length': bundle.length });
      res.end(bundle.subarray(0, 100));
      req.socket.destroy();
    } else if (req.url?.startsWith('/silent/')) {
      // Never answers: the client's timeout must end the wait.
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  };
  server = https.createServer({ key: ca.key, cert: ca.cert }, handler);
  plain = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  plainBase = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
  plain.closeAllConnections();
  plain.close();
});

async function gen1Dir(): Promise<string> {
  const dbDir = await tempDir('rampart-db-');
  await installBundle(await makeBundle(1, keys.privateKey), { dbDir, trusted: [keys.publicKey] });
  return dbDir;
}

function generationOf(dbDir: string): string | undefined {
  const lookup = new SqliteVulnLookup(path.join(dbDir, 'vuln.db'));
  try {
    return lookup.affected('npm', 'left-pad')[0]?.ranges[0]?.fixed;
  } finally {
    lookup.close();
  }
}

test('bundleUrl appends the bundle name whether or not the mirror ends in /, and refuses other schemes', () => {
  assert.equal(bundleUrl('https://mirror.bank.local/rampart/').href, 'https://mirror.bank.local/rampart/rampart-db.tar.zst');
  assert.equal(bundleUrl('https://mirror.bank.local/rampart').href, 'https://mirror.bank.local/rampart/rampart-db.tar.zst');
  assert.throws(() => bundleUrl('ftp://mirror/'), /expected an http:\/\/ or https:\/\/ URL/);
  assert.throws(() => bundleUrl('not a url'), /not a URL/);
});

test('update over HTTPS from a local mirror with a test CA (openssl) installs the bundle', async () => {
  const dbDir = await gen1Dir();
  const result = await updateFromMirror({ mirror: `${base}/rampart/`, caCert, dbDir, trusted: [keys.publicKey], timeoutSeconds: 5 });
  assert.equal(result.manifest.counts.vulnerabilities > 0, true);
  assert.equal(generationOf(dbDir), '2.0.0');
  assert.deepEqual(await readdir(dbDir), ['vuln.db']);
});

test('update follows a same-scheme redirect', async () => {
  const dbDir = await gen1Dir();
  await updateFromMirror({ mirror: `${base}/moved`, caCert, dbDir, trusted: [keys.publicKey], timeoutSeconds: 5 });
  assert.equal(generationOf(dbDir), '2.0.0');
});

test('update failures leave the previous database and no downloads behind', async (t) => {
  const dbDir = await gen1Dir();
  const cases: [string, Parameters<typeof updateFromMirror>[0], RegExp][] = [
    ['untrusted server certificate', { mirror: `${base}/rampart/`, dbDir, trusted: [keys.publicKey], timeoutSeconds: 5 }, /self-signed certificate|unable to verify|SELF_SIGNED|UNABLE_TO_GET_ISSUER/i],
    ['HTTP 404', { mirror: `${base}/nowhere/`, caCert, dbDir, trusted: [keys.publicKey], timeoutSeconds: 5 }, /nowhere\/rampart-db\.tar\.zst: HTTP 404/],
    ['https to http redirect', { mirror: `${base}/downgrade/`, caCert, dbDir, trusted: [keys.publicKey], timeoutSeconds: 5 }, /redirect to http: refused/],
    ['a server that never answers', { mirror: `${base}/silent/`, caCert, dbDir, trusted: [keys.publicKey], timeoutSeconds: 0.5 }, /no answer within 0\.5 s/],
    ['a download cut short', { mirror: `${base}/short/`, caCert, dbDir, trusted: [keys.publicKey], timeoutSeconds: 5 }, /short\/rampart-db\.tar\.zst: /],
    ['a bundle signed by another key', { mirror: `${base}/rampart/`, caCert, dbDir, trusted: [(await makeKeys(await tempDir(), 'x')).publicKey], timeoutSeconds: 5 }, /signature does not verify/],
  ];
  for (const [name, options, error] of cases) {
    await t.test(name, async () => {
      await assert.rejects(updateFromMirror(options), error);
      assert.equal(generationOf(dbDir), '1.0.0');
      assert.deepEqual(await readdir(dbDir), ['vuln.db']);
    });
  }
});

test('plain HTTP mirrors work too: the signature, not the transport, vouches for the data', async () => {
  const dbDir = await gen1Dir();
  await updateFromMirror({ mirror: `${plainBase}/rampart/`, dbDir, trusted: [keys.publicKey], timeoutSeconds: 5 });
  assert.equal(generationOf(dbDir), '2.0.0');
});
