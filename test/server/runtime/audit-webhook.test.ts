import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { KubeAuditEvent } from '../../../src/model/event.js';
import { startAuditWebhook, type AuditWebhook } from '../../../src/server/runtime/audit-webhook.js';
import { anonymousRequest, clusterAdminBinding, eventList, kubectlExec, privilegedPodCreate, secretCreate, serviceAccountListsSecrets, SITUATIONS } from '../../sources/events/audit-events.js';
import { Collector, settle } from '../../sources/events/collect.js';
import { call } from './https-call.js';
import { makeTestPki, type TestPki } from './pki.js';

/**
 * The real audit webhook over HTTPS on 127.0.0.1 with a test CA made by openssl, posted
 * `audit.k8s.io/v1` EventLists in the wire format the API server's webhook backend sends, by
 * node's https client presenting the client certificate or token a kubeconfig would carry.
 */

const TOKEN = 'k8s-audit-3f9c1e7a5b2d4c6e8f0a';
let dir: string;
let pki: TestPki;
let webhook: AuditWebhook;
let seen: Collector<KubeAuditEvent>;
const logs: Record<string, unknown>[] = [];

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-audit-webhook-'));
  pki = await makeTestPki(dir);
  webhook = await startAuditWebhook({
    tls: pki.server,
    auth: { clientCa: pki.caCert, bearerTokens: [TOKEN], allowedClientNames: ['kube-apiserver'] },
    cluster: 'prod-eu',
    bodyLimit: 256 * 1024,
    log: (record) => logs.push(record),
  });
  seen = new Collector(webhook.source.events() as AsyncIterable<KubeAuditEvent>);
});

after(async () => {
  await webhook?.close();
  await seen?.done;
  await rm(dir, { recursive: true, force: true });
});

test('the API server (client certificate of the CA) posts a batch: every event arrives, attributed and in order', async () => {
  const reply = await call(webhook.url, { path: '/audit', body: eventList(SITUATIONS.map((make) => make())), ca: pki.caCert, ...pki.apiServer });
  assert.equal(reply.status, 200);
  const events = await seen.waitFor(5, 'the five events of the batch');
  assert.deepEqual(events.map((e) => [e.verb, e.objectRef?.resource, e.objectRef?.subresource, e.user.username]), [
    ['create', 'pods', 'exec', 'alice@example.com'],
    ['list', 'secrets', undefined, 'system:serviceaccount:payments:api'],
    ['list', 'secrets', undefined, 'system:anonymous'],
    ['create', 'clusterrolebindings', undefined, 'bob@example.com'],
    ['create', 'pods', undefined, 'mallory@example.com'],
  ]);
  assert.ok(events.every((e) => e.kind === 'k8s-audit' && e.source === 'k8s-audit' && e.context.cluster === 'prod-eu'));
  assert.deepEqual(events[0]?.context.workload, { kind: 'Deployment', name: 'api' });
  assert.equal((events[3]?.requestObject as { roleRef: { name: string } }).roleRef.name, 'cluster-admin');
  assert.deepEqual(webhook.source.stats(), { received: 5, dropped: 0, malformed: 0 });
});

test('a bearer token alone is accepted; a single Event (blocking mode) and a gzip body too', async () => {
  assert.equal((await call(webhook.url, { body: kubectlExec(), ca: pki.caCert, token: TOKEN })).status, 200);
  assert.equal((await call(webhook.url, { body: eventList([anonymousRequest()]), ca: pki.caCert, token: TOKEN, gzip: true })).status, 200);
  const events = await seen.waitFor(7, 'the token caller events');
  assert.deepEqual(events.slice(5).map((e) => e.user.username), ['alice@example.com', 'system:anonymous']);
});

test('callers without valid credentials are refused: 401 without credentials or with a wrong token, 403 for untrusted or unlisted certificates', async () => {
  const before = webhook.source.stats().received;
  const body = eventList([clusterAdminBinding()]);
  const none = await call(webhook.url, { body, ca: pki.caCert });
  assert.equal(none.status, 401);
  assert.equal(none.headers['www-authenticate'], 'Bearer');
  assert.equal((await call(webhook.url, { body, ca: pki.caCert, token: 'not-the-token-0000000000' })).status, 401);
  assert.equal((await call(webhook.url, { body, ca: pki.caCert, ...pki.rogue })).status, 403, 'a certificate of another CA');
  assert.equal((await call(webhook.url, { body, ca: pki.caCert, ...pki.intruder })).status, 403, 'a certificate of the CA whose name is not allowed');
  assert.equal((await call(webhook.url, { body, ca: pki.caCert, ...pki.rogue, token: TOKEN })).status, 403, 'a good token does not excuse a bad certificate');
  assert.equal((await call(webhook.url, { body, ca: pki.caCert, ...pki.apiServer, token: 'wrong-token-but-good-cert-0' })).status, 401, 'nor a good certificate a bad token');
  assert.deepEqual(webhook.rejected(), { unauthorized: 3, forbidden: 3 });
  await settle(50);
  assert.equal(webhook.source.stats().received, before, 'no refused event reached the stream');
  assert.ok(logs.some((r) => r.event === 'caller-rejected'), 'refusals are logged');
  assert.ok(!JSON.stringify(logs).includes('not-the-token'), 'presented tokens are never logged');
});

test('/healthz answers without credentials and says nothing but ok', async () => {
  const reply = await call(webhook.url, { path: '/healthz', ca: pki.caCert });
  assert.equal(reply.status, 200);
  assert.equal(reply.body, 'ok');
});

test('bad bodies: not JSON or not an audit Event → 400 and counted; a bad item in a batch is counted and the rest kept', async () => {
  const counted = webhook.source.stats().malformed;
  const notJson = await call(webhook.url, { body: '{"kind":"EventList",', ca: pki.caCert, ...pki.apiServer });
  assert.equal(notJson.status, 400);
  assert.match(notJson.body, /^not JSON/);
  const wrongVersion = await call(webhook.url, { body: { ...eventList([kubectlExec()]), apiVersion: 'audit.k8s.io/v1beta1' }, ca: pki.caCert, ...pki.apiServer });
  assert.equal(wrongVersion.status, 400);
  assert.equal(wrongVersion.body, 'apiVersion: expected audit.k8s.io/v1, got "audit.k8s.io/v1beta1"');
  const broken = privilegedPodCreate();
  delete broken.requestURI;
  const mixed = await call(webhook.url, { body: eventList([serviceAccountListsSecrets(), broken, secretCreate()]), ca: pki.caCert, ...pki.apiServer });
  assert.equal(mixed.status, 200);
  const events = await seen.waitFor(9, 'the good items of the mixed batch');
  assert.deepEqual(events.slice(7).map((e) => e.verb), ['list', 'create']);
  assert.ok(!JSON.stringify(events[8]).includes('c3VwZXItc2VjcmV0LXBhc3N3b3JkLTQy'), 'the secret in the request body is masked');
  assert.equal(webhook.source.stats().malformed, counted + 3);
  assert.ok(logs.some((r) => r.event === 'bad-events' || r.event === 'bad-body'));
});

test('a body above the limit is refused with 413 and counted', async () => {
  const counted = webhook.source.stats().malformed;
  const big = eventList(Array.from({ length: 40 }, () => ({ ...clusterAdminBinding(), requestObject: { padding: 'x'.repeat(8 * 1024) } })));
  const reply = await call(webhook.url, { body: big, ca: pki.caCert, ...pki.apiServer });
  assert.equal(reply.status, 413);
  assert.equal(webhook.source.stats().malformed, counted + 1);
});

test('a full queue drops and counts, logs the drops, and still answers 200 at once', async () => {
  const records: Record<string, unknown>[] = [];
  const small = await startAuditWebhook({ tls: pki.server, auth: { clientCa: pki.caCert }, queueCapacity: 3, log: (r) => records.push(r) });
  try {
    const started = performance.now();
    const reply = await call(small.url, { body: eventList(SITUATIONS.map((make) => make())), ca: pki.caCert, ...pki.apiServer });
    assert.equal(reply.status, 200);
    assert.ok(performance.now() - started < 2000, 'the producer is not held up by a consumer that does not read');
    assert.deepEqual(small.source.stats(), { received: 5, dropped: 2, malformed: 0 });
    assert.deepEqual(records.filter((r) => r.event === 'events-dropped').map((r) => [r.dropped, r.total, r.reason]), [[1, 1, 'queue full']]);
    const drained = new Collector(small.source.events());
    await drained.waitFor(3, 'the queued events');
    await small.close();
    await drained.done;
    assert.equal(drained.items.length, 3);
    // The drops after the first are summed and logged on close (or every 10 s while running).
    assert.deepEqual(records.filter((r) => r.event === 'events-dropped').map((r) => [r.dropped, r.total]), [[1, 1], [1, 2]]);
  } finally {
    await small.close();
  }
});

test('the webhook will not start without caller authentication, with a short token, or with a key that does not match', async () => {
  await assert.rejects(startAuditWebhook({ tls: pki.server, auth: {} }), { message: 'k8s-audit-webhook: no caller authentication configured: give a client CA, a bearer token, or both' });
  await assert.rejects(startAuditWebhook({ tls: pki.server, auth: { bearerTokens: ['short'] } }), { message: 'k8s-audit-webhook: bearer token 1 is shorter than 16 characters' });
  await assert.rejects(startAuditWebhook({ tls: { cert: pki.server.cert, key: pki.falco.key }, auth: { bearerTokens: [TOKEN] } }), /^Error: k8s-audit-webhook: unusable TLS certificate, key or client CA/);
});
