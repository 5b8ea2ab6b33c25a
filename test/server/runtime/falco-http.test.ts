import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FileEvent, NetworkEvent, ProcessEvent, RuntimeEvent } from '../../../src/model/event.js';
import { startFalcoHttp, type FalcoHttpReceiver } from '../../../src/server/runtime/falco-http.js';
import { Collector } from '../../sources/events/collect.js';
import { inboundAccept, metadataConnect, nonSudoSetuid, pluginAlert, readShadow, terminalShell, writeBelowEtc } from '../../sources/events/falco-alerts.js';
import { call } from './https-call.js';
import { makeTestPki, type TestPki } from './pki.js';

/**
 * Falco's http_output wire format served to the real receiver over HTTPS on 127.0.0.1: one JSON
 * alert per POST, the client authenticated by certificate as Falco does with `mtls: true`, or by
 * a bearer token as a relay (Falcosidekick's webhook output) can.
 */

const TOKEN = 'falcosidekick-7e2a9c4f1b8d3e6a';
let dir: string;
let pki: TestPki;
let receiver: FalcoHttpReceiver;
let seen: Collector<RuntimeEvent>;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-falco-http-'));
  pki = await makeTestPki(dir);
  receiver = await startFalcoHttp({ tls: pki.server, auth: { clientCa: pki.caCert, bearerTokens: [TOKEN] }, cluster: 'prod-eu', log: () => undefined });
  seen = new Collector(receiver.source.events());
});

after(async () => {
  await receiver?.close();
  await seen?.done;
  await rm(dir, { recursive: true, force: true });
});

test('Falco with its mTLS client certificate posts one alert per request; each becomes an attributed event', async () => {
  for (const alert of [terminalShell(), writeBelowEtc(), metadataConnect()]) {
    assert.equal((await call(receiver.url, { body: alert, ca: pki.caCert, ...pki.falco })).status, 200);
  }
  const events = await seen.waitFor(3, 'three alerts');
  const [shell, write, connect] = events as [ProcessEvent, FileEvent, NetworkEvent];
  assert.equal(shell.action, 'exec');
  assert.equal(shell.process.tty, true);
  assert.equal(shell.upstream?.rule, 'Terminal shell in container');
  assert.deepEqual(shell.context.workload, { kind: 'Deployment', name: 'api' });
  assert.equal(shell.context.cluster, 'prod-eu');
  assert.equal(shell.id, 'falco-http#1');
  assert.equal(write.action, 'open-write');
  assert.equal(connect.remoteAddress, '169.254.169.254');
  assert.equal(connect.id, '3f0c2a8e-5b7d-4e19-a6c4-9d8e7f6a5b4c');
});

test('a relay with a bearer token may post several alerts at once (array or JSON lines); bad ones are counted, the rest kept', async () => {
  assert.equal((await call(receiver.url, { body: [readShadow(), inboundAccept()], ca: pki.caCert, token: TOKEN })).status, 200);
  const lines = [JSON.stringify(nonSudoSetuid()), JSON.stringify(pluginAlert()), '{"rule":'].join('\n');
  assert.equal((await call(receiver.url, { body: lines, ca: pki.caCert, token: TOKEN })).status, 200);
  const events = await seen.waitFor(6, 'the relayed alerts');
  assert.deepEqual(events.slice(3).map((e) => e.kind), ['file', 'network', 'process']);
  assert.deepEqual(receiver.source.stats(), { received: 6, dropped: 0, malformed: 2 });
});

test('an alert that maps to no event is answered 400 with the reason and counted', async () => {
  const reply = await call(receiver.url, { body: pluginAlert(), ca: pki.caCert, ...pki.falco });
  assert.equal(reply.status, 400);
  assert.match(reply.body, /^falco alert "Attach\/Exec Pod" \(source k8s_audit\): no process fields/);
  assert.equal(receiver.source.stats().malformed, 3);
});

test('unauthenticated and untrusted callers are refused; the default body limit is 1 MiB', async () => {
  assert.equal((await call(receiver.url, { body: terminalShell(), ca: pki.caCert })).status, 401);
  assert.equal((await call(receiver.url, { body: terminalShell(), ca: pki.caCert, ...pki.rogue })).status, 403);
  const huge = { ...terminalShell(), output: 'x'.repeat(1100 * 1024) };
  assert.equal((await call(receiver.url, { body: huge, ca: pki.caCert, ...pki.falco })).status, 413);
  assert.deepEqual(receiver.rejected(), { unauthorized: 1, forbidden: 1 });
  assert.equal(receiver.source.stats().received, 6);
});
