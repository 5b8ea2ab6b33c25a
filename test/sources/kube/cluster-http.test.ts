import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiClient } from '../../../src/sources/kube/cluster-http.js';
import { makeTlsCert, type TlsFiles } from '../../helpers/registry.js';

/**
 * One scan, one keep-alive agent: requests reuse TLS connections (bounded by maxSockets) whatever
 * the kubeconfig's user is — a bearer token, a client certificate, or an exec credential plugin.
 * The API server is a local HTTPS server answering `/version` in the real wire format; it counts
 * TLS handshakes and records who each request came as.
 */

let dir: string;
let serverTls: TlsFiles;
let clientTls: TlsFiles;
let server: https.Server;
let url: string;
let handshakes = 0;
const seen: { auth: string | undefined; clientCert: string | undefined }[] = [];

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-kube-http-'));
  serverTls = await makeTlsCert(await newDir(path.join(dir, 'server')));
  clientTls = await makeTlsCert(await newDir(path.join(dir, 'client')));
  server = https.createServer({ cert: serverTls.cert, key: serverTls.key, ca: clientTls.cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    seen.push({ auth: req.headers.authorization, clientCert: (req.socket as TLSSocket).authorized && peer.subject ? peer.fingerprint256 : undefined });
    // A little latency so concurrent requests overlap and must each hold a connection.
    setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ major: '1', minor: '35', gitVersion: 'v1.35.0' })), 15);
  });
  server.on('secureConnection', () => handshakes++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

async function newDir(p: string): Promise<string> {
  await mkdir(p, { recursive: true });
  return p;
}

function kubeConfig(user: Record<string, unknown>, ca = serverTls.cert): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: url, 'certificate-authority-data': Buffer.from(ca).toString('base64') } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'ctx',
  }));
  return kc;
}

async function measure(kc: KubeConfig, sequential: number, concurrent: number, maxSockets: number): Promise<{ handshakes: number; seen: typeof seen }> {
  handshakes = 0;
  seen.length = 0;
  const client = new KubeApiClient(kc, url, { maxSockets });
  try {
    for (let i = 0; i < sequential; i++) await client.getJson('/version');
    await Promise.all(Array.from({ length: concurrent }, () => client.getJson('/version')));
  } finally {
    client.close();
  }
  return { handshakes, seen: [...seen] };
}

test('a bearer-token scan reuses its TLS connections: 10 sequential and 12 concurrent requests, at most maxSockets handshakes (local HTTPS server)', async () => {
  const result = await measure(kubeConfig({ token: 'scan-token' }), 10, 12, 3);
  assert.equal(result.seen.length, 22);
  assert.ok(result.seen.every((r) => r.auth === 'Bearer scan-token'), 'every request carried the token');
  assert.ok(result.handshakes >= 1 && result.handshakes <= 3, `${result.handshakes} TLS handshakes for 22 requests with maxSockets 3`);
});

test('a client-certificate user presents its certificate on the shared connections (local HTTPS server requiring it)', async () => {
  const kc = kubeConfig({ 'client-certificate-data': Buffer.from(clientTls.cert).toString('base64'), 'client-key-data': Buffer.from(clientTls.key).toString('base64') });
  const result = await measure(kc, 5, 4, 2);
  const fingerprint = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', clientTls.certPath], { encoding: 'utf8' }).split('=')[1]?.trim();
  assert.equal(result.seen.length, 9);
  assert.ok(result.seen.every((r) => r.clientCert === fingerprint), 'every request was made over a connection authenticated by the client certificate');
  assert.ok(result.handshakes <= 2, `${result.handshakes} TLS handshakes for 9 requests with maxSockets 2`);
});

test('an exec credential plugin token is sent on every request and connections are still shared (local HTTPS server)', async () => {
  const plugin = path.join(dir, 'credential-plugin.mjs');
  await writeFile(plugin, `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'from-exec' } }));\n`);
  const kc = kubeConfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' } });
  const result = await measure(kc, 4, 3, 2);
  assert.equal(result.seen.length, 7);
  assert.ok(result.seen.every((r) => r.auth === 'Bearer from-exec'), 'the exec plugin token authorised every request');
  assert.ok(result.handshakes <= 2, `${result.handshakes} TLS handshakes for 7 requests`);
});

test('a server certificate the kubeconfig CA does not trust is refused on the shared agent too (local HTTPS server)', async () => {
  const other = await makeTlsCert(await newDir(path.join(dir, 'other')));
  const client = new KubeApiClient(kubeConfig({ token: 't' }, other.cert), url, { retries: 0 });
  try {
    await assert.rejects(client.getJson('/version'), /GET \/version: cannot connect to 127\.0\.0\.1:\d+: .*(self.signed|certificate)/i);
  } finally {
    client.close();
  }
});
