import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BaselineManager } from '../../../src/analyzers/runtime/baseline.js';
import { writeDirValue } from '../../../src/analyzers/runtime/baseline-values.js';
import { RuntimeEngine } from '../../../src/analyzers/runtime/engine.js';
import type { EventContext } from '../../../src/model/index.js';
import { API_CONTAINER, at, connect, exec, file, proc } from './events.js';

const HOUR = 3600_000;
const WORKLOAD = 'prod-eu/payments/Deployment/api';
const SIDECAR: EventContext = { ...API_CONTAINER, containerName: 'proxy', containerId: 'b'.repeat(64), imageDigest: 'sha256:' + '9'.repeat(64) };
const api = (args: string[] = ['api']) => proc('/usr/local/bin/api', args, { parent: { exe: '/usr/bin/tini', name: 'tini' } });

test('learning, then enforcing: a new executable raises runtime.baseline.new-exec with what was learned', () => {
  const baselines = new BaselineManager({ learnForMs: HOUR });
  const engine = new RuntimeEngine({ rules: [], baselines });
  // Learning: the entrypoint, a health-check script and its curl.
  assert.deepEqual(engine.process(exec(api(), API_CONTAINER, at(0))), []);
  assert.deepEqual(engine.process(exec(proc('/bin/sh', ['sh', '/health.sh'], { parent: { exe: '/usr/local/bin/api' } }), API_CONTAINER, at(1000))), []);
  assert.deepEqual(engine.process(exec(proc('/usr/bin/curl', ['curl', 'localhost:8080'], { parent: { exe: '/bin/sh' } }), API_CONTAINER, at(2000))), []);
  assert.equal(baselines.get(WORKLOAD, 'app')?.mode, 'learning');

  // After the window: known behaviour is quiet, new behaviour is reported.
  assert.deepEqual(engine.process(exec(proc('/usr/bin/curl', ['curl', 'localhost:8080'], { parent: { exe: '/bin/sh' } }), API_CONTAINER, at(2 * HOUR))), []);
  assert.equal(baselines.get(WORKLOAD, 'app')?.mode, 'enforcing');
  const [alert, ...rest] = engine.process(exec(proc('/usr/bin/wget', ['wget', 'http://203.0.113.5/x'], { parent: { exe: '/bin/sh' } }), API_CONTAINER, at(2 * HOUR + 1)));
  assert.equal(rest.length, 0, 'a new executable is one alert, not also a new chain');
  assert.equal(alert?.checkId, 'runtime.baseline.new-exec');
  assert.equal(alert?.subject, 'exec:/usr/bin/wget');
  assert.deepEqual(alert?.runtime?.baseline, { kind: 'exec', value: '/usr/bin/wget', learnedEntries: 3 });
  assert.equal(alert?.asset.ref, 'k8s://prod-eu/payments/Deployment/api');

  // A known program from a new parent is a new chain.
  const [chain] = engine.process(exec(proc('/usr/bin/curl', ['curl', 'x'], { parent: { exe: '/usr/local/bin/api' } }), API_CONTAINER, at(2 * HOUR + 2)));
  assert.equal(chain?.checkId, 'runtime.baseline.new-chain');
  assert.equal(chain?.subject, 'chain:/usr/local/bin/api -> /usr/bin/curl');
  assert.equal(engine.counters().baselineDeviations.exec, 1);
});

test('learning can end after a number of events instead of time', () => {
  const baselines = new BaselineManager({ learnForMs: 1000 * HOUR, learnEvents: 2 });
  baselines.observe(exec(api(), API_CONTAINER, at(0)));
  baselines.observe(file('open-write', '/tmp/cache/x', api(), API_CONTAINER, at(1)));
  const deviations = baselines.observe(file('open-write', '/var/lib/app/db', api(), API_CONTAINER, at(2)));
  assert.deepEqual(deviations.map((d) => [d.kind, d.value]), [['write', '/var/lib/app']]);
});

test('a new image digest restarts learning for that container only', () => {
  const baselines = new BaselineManager({ learnForMs: HOUR });
  baselines.observe(exec(api(), API_CONTAINER, at(0)));
  baselines.observe(exec(proc('/usr/bin/envoy', ['envoy'], { parent: { exe: '/usr/bin/runc' } }), SIDECAR, at(0)));
  // Both enforce after the window.
  baselines.observe(exec(api(), API_CONTAINER, at(2 * HOUR)));
  baselines.observe(exec(proc('/usr/bin/envoy', ['envoy'], { parent: { exe: '/usr/bin/runc' } }), SIDECAR, at(2 * HOUR)));
  assert.equal(baselines.get(WORKLOAD, 'app')?.mode, 'enforcing');
  assert.equal(baselines.get(WORKLOAD, 'proxy')?.mode, 'enforcing');

  const upgraded: EventContext = { ...API_CONTAINER, imageDigest: 'sha256:' + '2'.repeat(64) };
  assert.deepEqual(baselines.observe(exec(proc('/usr/local/bin/api-v2', ['api-v2'], { parent: { exe: '/usr/bin/tini' } }), upgraded, at(3 * HOUR))), [], 'the new image is learned, not alerted on');
  const app = baselines.get(WORKLOAD, 'app');
  assert.equal(app?.mode, 'learning');
  assert.equal(app?.imageDigest, upgraded.imageDigest);
  assert.deepEqual(app?.entries.exec, ['/usr/local/bin/api-v2'], 'what the old image did is forgotten');
  const proxy = baselines.get(WORKLOAD, 'proxy');
  assert.equal(proxy?.mode, 'enforcing');
  assert.deepEqual(proxy?.entries.exec, ['/usr/bin/envoy']);
  assert.equal(baselines.observe(exec(proc('/bin/sh', ['sh'], { parent: { exe: '/usr/bin/envoy' } }), SIDECAR, at(3 * HOUR)))[0]?.kind, 'exec');
});

test('outbound destinations: address:port, collapsed to *:port when a workload reaches many addresses on one port', () => {
  const baselines = new BaselineManager({ learnForMs: HOUR, wideOutboundThreshold: 3 });
  baselines.observe(connect('10.0.4.12', 5432, api(), API_CONTAINER, at(0)));
  for (let i = 1; i <= 5; i++) baselines.observe(connect(`52.94.0.${i}`, 443, api(), API_CONTAINER, at(i)));
  baselines.observe(connect('fd00::12', 8443, api(), API_CONTAINER, at(9)));
  assert.deepEqual(baselines.get(WORKLOAD, 'app')?.entries.outbound, ['*:443', '10.0.4.12:5432', '[fd00::12]:8443']);
  const later = (addr: string, port: number) => baselines.observe(connect(addr, port, api(), API_CONTAINER, at(2 * HOUR))).map((d) => d.value);
  assert.deepEqual(later('52.94.0.200', 443), []);
  assert.deepEqual(later('10.0.4.12', 5432), []);
  assert.deepEqual(later('10.0.4.13', 5432), ['10.0.4.13:5432']);
  assert.deepEqual(later('fd00::12', 8443), []);
});

test('written directories collapse volatile segments so rotating names are not new', () => {
  assert.equal(writeDirValue('/proc/12345/fd/3'), '/proc/*/fd');
  assert.equal(writeDirValue('/tmp/3f2a9c1e-7b4d-4a51-9f3e-2c8d1b6a7e90/out.json'), '/tmp/*');
  assert.equal(writeDirValue('/var/cache/nginx/client_temp/0000000001/x'), '/var/cache/nginx/client_temp/*');
  assert.equal(writeDirValue('/tmp/tmp.Xa81kd92Lq/file'), '/tmp/*');
  assert.equal(writeDirValue('/var/lib/app/data/file'), '/var/lib/app/data');
  assert.equal(writeDirValue('/file'), '/');
  const baselines = new BaselineManager({ learnForMs: HOUR });
  baselines.observe(file('create', '/tmp/d41d8cd98f00b204/part', api(), API_CONTAINER, at(0)));
  assert.deepEqual(baselines.observe(file('create', '/tmp/e99a18c428cb38d5/part', api(), API_CONTAINER, at(2 * HOUR))), []);
  assert.deepEqual(baselines.observe(file('open-read', '/etc/shadow', api(), API_CONTAINER, at(2 * HOUR))), [], 'reads are not writes');
});

test('events without a workload, and audit events, are not baselined', () => {
  const baselines = new BaselineManager({ learnForMs: HOUR });
  baselines.observe(exec(api(), { node: 'n1', containerId: 'c'.repeat(64) }, at(0)));
  assert.deepEqual(baselines.list(), []);
});

test('hand edits: add and remove entries, switch modes (back to learning restarts the window)', () => {
  let now = Date.parse(at(10 * HOUR));
  const baselines = new BaselineManager({ learnForMs: HOUR, now: () => now });
  baselines.observe(exec(api(), API_CONTAINER, at(0)));
  baselines.observe(exec(api(), API_CONTAINER, at(2 * HOUR)));
  baselines.takeDirty();
  assert.equal(baselines.addEntries(WORKLOAD, 'app', 'exec', ['/usr/bin/wget', '/usr/local/bin/api']), 1);
  assert.deepEqual(baselines.observe(exec(proc('/usr/bin/wget', ['wget'], { parent: { exe: '/usr/local/bin/api' } }), API_CONTAINER, at(3 * HOUR))).map((d) => d.kind), ['chain']);
  assert.equal(baselines.removeEntries(WORKLOAD, 'app', 'exec', ['/usr/bin/wget']), 1);
  assert.deepEqual(baselines.takeDirty().map((b) => b.container), ['app']);
  assert.equal(baselines.setMode(WORKLOAD, 'app', 'learning'), true);
  now = Date.parse(at(11 * HOUR));
  assert.equal(baselines.get(WORKLOAD, 'app')?.learningStartedAt, at(10 * HOUR));
  assert.deepEqual(baselines.observe(exec(proc('/usr/bin/nc', ['nc']), API_CONTAINER, at(10 * HOUR + 1))), [], 'learning again');
  assert.equal(baselines.setMode(WORKLOAD, 'nope', 'enforcing'), false);
  assert.deepEqual(baselines.stats(), { learning: 1, enforcing: 0, entries: 4 });
});

test('lookup cost does not grow with the baseline: 50,000 entries cost what 500 do', () => {
  // The same 500 entries are probed at both sizes, so the comparison is of the lookup, not of
  // how much of the baseline fits in the CPU cache. CPU time, best of several rounds.
  const probe = (entries: number): number => {
    const baselines = new BaselineManager({ learnForMs: HOUR, maxEntriesPerKind: entries });
    const exe = (i: number): string => `/opt/bin/tool-${i}`;
    baselines.addEntries(WORKLOAD, 'app', 'exec', Array.from({ length: entries }, (_, i) => exe(i)));
    baselines.addEntries(WORKLOAD, 'app', 'chain', Array.from({ length: entries }, (_, i) => `/usr/bin/tini -> ${exe(i)}`));
    const stride = entries / 500;
    const events = Array.from({ length: 5000 }, (_, i) => exec(proc(exe(((i * 7919) % 500) * stride), ['t'], { parent: { exe: '/usr/bin/tini' } }), API_CONTAINER, at(HOUR)));
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 15; round++) {
      const t = process.cpuUsage();
      for (const e of events) if (baselines.observe(e).length) throw new Error('unexpected deviation');
      const used = process.cpuUsage(t);
      best = Math.min(best, ((used.user + used.system) * 1000) / events.length);
    }
    return best;
  };
  const small = probe(500);
  const large = probe(50_000);
  // A linear scan would be ~100x slower; allow generous noise for a loaded machine.
  assert.ok(large < small * 4 + 300, `500 entries: ${small.toFixed(0)} ns/event, 50,000: ${large.toFixed(0)} ns/event`);
});
