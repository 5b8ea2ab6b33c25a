import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before, test } from 'node:test';
import { makeServingCertificate, type ServingCertificate } from '../../../src/server/admission/certs.js';
import { startAdmissionServer, type AdmissionServer } from '../../../src/server/admission/server.js';
import { deploymentCreate, ephemeralDebug } from './reviews.js';

/** A real HTTPS webhook on 127.0.0.1 with certificates made by openssl, driven with AdmissionReview payloads in the API server's wire format. */

interface Reply {
  status: number;
  body: string;
  json: () => Record<string, unknown>;
  peerFingerprint: string;
}

function call(url: string, options: { method?: string; path: string; body?: unknown; ca: string; headers?: Record<string, string>; cert?: string; key?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path, url);
    const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const req = httpsRequest(
      target,
      {
        method: options.method ?? (payload ? 'POST' : 'GET'),
        ca: options.ca,
        agent: false, // a new TLS connection each time: certificate reload applies to new connections
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers },
        ...(options.cert ? { cert: options.cert, key: options.key } : {}),
      },
      (res) => {
        const peer = (res.socket as TLSSocket).getPeerCertificate();
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) as Record<string, unknown>, peerFingerprint: peer.fingerprint256 }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function eventually(what: string, condition: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 40));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

const POLICY = `
language: en
defaults: {mode: warn, pss: {level: baseline}}
namespaces:
  - match: {names: [payments]}
    mode: enforce
    failClosed: true
`;
const METRICS_TOKEN = 'a3f1c9e07b5d42e8a6c1f0b9d8e7c6b5';

let dir: string;
let first: ServingCertificate;
let server: AdmissionServer;
const events: Record<string, unknown>[] = [];
const file = (name: string): string => path.join(dir, name);

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-admission-'));
  first = await makeServingCertificate({ commonName: 'rampart-admission.test', ipAddresses: ['127.0.0.1'] });
  await writeFile(file('tls.crt'), first.cert);
  await writeFile(file('tls.key'), first.key);
  await writeFile(file('admission.yaml'), POLICY);
  await writeFile(file('metrics-token'), `${METRICS_TOKEN}\n`);
  server = await startAdmissionServer({
    policyFile: file('admission.yaml'),
    tlsCert: file('tls.crt'),
    tlsKey: file('tls.key'),
    port: 0,
    auditLog: file('audit.jsonl'),
    metricsTokenFile: file('metrics-token'),
    watchIntervalMs: 50,
    log: (e) => events.push(e),
  });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

test('POST /validate answers an AdmissionReview: a privileged Deployment in an enforce namespace is denied', async () => {
  const reply = await call(server.url, { path: '/validate', body: deploymentCreate(), ca: first.caCert });
  assert.equal(reply.status, 200);
  const review = reply.json() as { apiVersion: string; kind: string; response: { uid: string; allowed: boolean; status: { code: number; message: string } } };
  assert.equal(review.apiVersion, 'admission.k8s.io/v1');
  assert.equal(review.kind, 'AdmissionReview');
  assert.equal(review.response.uid, '705ab4f5-6393-11e8-b7cc-42010a800002');
  assert.equal(review.response.allowed, false);
  assert.equal(review.response.status.code, 403);
  assert.match(review.response.status.message, /pod\.privileged/);
});

test('warn namespace: allowed with warnings; kubectl debug with a privileged ephemeral container warns too', async () => {
  const reply = await call(server.url, { path: '/validate', body: ephemeralDebug({ namespace: 'dev' }), ca: first.caCert });
  const review = reply.json() as { response: { allowed: boolean; warnings: string[] } };
  assert.equal(review.response.allowed, true);
  assert.deepEqual(review.response.warnings, ['rampart: pod.privileged: container "debugger-x7k2q" runs privileged']);
});

test('every decision is an audit log line: who, what, when, why, verdict, mode, latency — and no credential ids', async () => {
  await call(server.url, { path: '/validate', body: deploymentCreate({ uid: 'audit-0001' }), ca: first.caCert });
  let entry: Record<string, unknown> | undefined;
  await eventually('audit line for audit-0001', async () => {
    const lines = (await readFile(file('audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    entry = lines.find((l) => l.uid === 'audit-0001');
    return entry !== undefined;
  });
  assert.ok(entry);
  assert.deepEqual(entry.user, { username: 'li.wei@bank.example', groups: ['payments-developers', 'system:authenticated'] });
  assert.equal(entry.kind, 'Deployment');
  assert.equal(entry.namespace, 'payments');
  assert.equal(entry.name, 'api');
  assert.equal(entry.operation, 'CREATE');
  assert.equal(entry.verdict, 'denied');
  assert.equal(entry.mode, 'enforce');
  assert.equal(entry.rule, 'namespaces[0]');
  assert.ok(!Number.isNaN(Date.parse(entry.time as string)));
  assert.equal(typeof entry.latencyMs, 'number');
  assert.deepEqual(entry.violations, [{ check: 'pod.privileged', field: 'spec.template.spec.containers[1].securityContext.privileged', container: 'proxy', message: 'container "proxy" runs privileged' }]);
  const raw = await readFile(file('audit.jsonl'), 'utf8');
  assert.doesNotMatch(raw, /credential-id|JTI=/);
});

test('health and readiness answer without credentials and reveal nothing', async () => {
  for (const p of ['/healthz', '/readyz']) {
    const reply = await call(server.url, { path: p, ca: first.caCert });
    assert.equal(reply.status, 200);
    assert.equal(reply.body, 'ok');
  }
});

test('/metrics needs the bearer token; with it, latency histogram and decisions by check, namespace and mode', async () => {
  assert.equal((await call(server.url, { path: '/metrics', ca: first.caCert })).status, 401);
  assert.equal((await call(server.url, { path: '/metrics', ca: first.caCert, headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status, 401);
  const reply = await call(server.url, { path: '/metrics', ca: first.caCert, headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(reply.status, 200);
  assert.match(reply.body, /rampart_admission_review_duration_seconds_bucket\{le="0\.005",mode="enforce",verdict="denied"\} [1-9]/);
  assert.match(reply.body, /rampart_admission_check_decisions_total\{check="pod\.privileged",namespace="payments",mode="enforce",outcome="violated"\} [1-9]/);
  assert.match(reply.body, /rampart_admission_decisions_total\{namespace="dev",mode="warn",verdict="allowed"\} 1/);
});

test('a body that is not an AdmissionReview gets HTTP 400 and is counted', async () => {
  const reply = await call(server.url, { path: '/validate', body: { apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: {} }, ca: first.caCert });
  assert.equal(reply.status, 400);
  assert.match(reply.body, /apiVersion: expected admission\.k8s\.io\/v1/);
  const metrics = await call(server.url, { path: '/metrics', ca: first.caCert, headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.match(metrics.body, /rampart_admission_bad_reviews_total 1/);
});

test('a policy that breaks on reload: fail-closed namespace denied, others allowed with a warning; fixing it restores decisions', async () => {
  await writeFile(file('admission.yaml'), POLICY.replace('mode: warn', 'mode: block'));
  await eventually('policy reload failure', () => events.some((e) => e.event === 'policy-reload-failed'));
  const reload = events.find((e) => e.event === 'policy-reload-failed');
  assert.match(String(reload?.message), /admission\.yaml:3: admission policy: defaults\.mode: expected one of enforce, warn, audit/);
  const closed = (await call(server.url, { path: '/validate', body: deploymentCreate({ privileged: false }), ca: first.caCert })).json() as { response: { allowed: boolean } };
  assert.equal(closed.response.allowed, false);
  const open = (await call(server.url, { path: '/validate', body: deploymentCreate({ namespace: 'dev' }), ca: first.caCert })).json() as { response: { allowed: boolean; warnings: string[] } };
  assert.equal(open.response.allowed, true);
  assert.match(open.response.warnings[0] ?? '', /could not evaluate/);
  assert.ok(events.some((e) => e.event === 'evaluation-failed' && e.namespace === 'payments' && e.verdict === 'denied'));
  const metrics = await call(server.url, { path: '/metrics', ca: first.caCert, headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.match(metrics.body, /rampart_admission_evaluation_failures_total\{namespace="payments",mode="enforce",verdict="denied"\} 1/);
  // At least once: one write can reach the watcher as two changes (truncate, then content), each a failed reload.
  assert.match(metrics.body, /rampart_admission_reloads_total\{what="policy",result="error"\} [1-9]/);

  await writeFile(file('admission.yaml'), POLICY.replace('mode: warn', 'mode: audit'));
  await eventually('policy reloaded', () => events.some((e) => e.event === 'policy-reloaded'));
  const fixed = (await call(server.url, { path: '/validate', body: deploymentCreate({ privileged: false }), ca: first.caCert })).json() as { response: { allowed: boolean } };
  assert.equal(fixed.response.allowed, true);
});

test('certificate reload: replacing the files makes new connections see the new certificate, no restart', async () => {
  const before = await call(server.url, { path: '/healthz', ca: first.caCert });
  assert.equal(before.peerFingerprint, new X509Certificate(first.cert).fingerprint256);
  const second = await makeServingCertificate({ commonName: 'rampart-admission.test', ipAddresses: ['127.0.0.1'] });
  await writeFile(file('tls.key'), second.key);
  await writeFile(file('tls.crt'), second.cert);
  await eventually('new certificate served', async () => {
    try {
      return (await call(server.url, { path: '/healthz', ca: second.caCert })).peerFingerprint === new X509Certificate(second.cert).fingerprint256;
    } catch {
      return false;
    }
  });
  await assert.rejects(call(server.url, { path: '/healthz', ca: first.caCert }), /self[- ]signed|unable to verify|certificate/i);
});

test('with a client CA, /validate requires the API server to present a client certificate', async () => {
  const ca = await makeServingCertificate({ commonName: 'kube-apiserver-admission-client', usage: 'client' });
  const mtlsDir = await mkdtemp(path.join(os.tmpdir(), 'rampart-admission-mtls-'));
  await writeFile(path.join(mtlsDir, 'client-ca.crt'), ca.caCert);
  await writeFile(path.join(mtlsDir, 'admission.yaml'), POLICY);
  await writeFile(path.join(mtlsDir, 'tls.crt'), first.cert);
  await writeFile(path.join(mtlsDir, 'tls.key'), first.key);
  const mtls = await startAdmissionServer({
    policyFile: path.join(mtlsDir, 'admission.yaml'),
    tlsCert: path.join(mtlsDir, 'tls.crt'),
    tlsKey: path.join(mtlsDir, 'tls.key'),
    clientCa: path.join(mtlsDir, 'client-ca.crt'),
    port: 0,
    log: () => undefined,
  });
  try {
    const anonymous = await call(mtls.url, { path: '/validate', body: deploymentCreate(), ca: first.caCert });
    assert.equal(anonymous.status, 401);
    const probe = await call(mtls.url, { path: '/readyz', ca: first.caCert });
    assert.equal(probe.status, 200, 'the kubelet probes without a client certificate');
    const apiServer = await call(mtls.url, { path: '/validate', body: deploymentCreate(), ca: first.caCert, cert: ca.cert, key: ca.key });
    assert.equal(apiServer.status, 200);
    assert.equal((apiServer.json() as { response: { allowed: boolean } }).response.allowed, false);
  } finally {
    await mtls.close();
    await rm(mtlsDir, { recursive: true, force: true });
  }
});
