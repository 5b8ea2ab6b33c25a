import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { BaselineManager } from '../../../src/analyzers/runtime/baseline.js';
import { RuntimeEngine } from '../../../src/analyzers/runtime/engine.js';
import { exportBaselines, formatBaselineTable, parseBaselines } from '../../../src/store/runtime/baseline-document.js';
import { BaselineStore, workloadMatches, type StoredBaseline } from '../../../src/store/runtime/baselines.js';
import { API_CONTAINER, at, connect, exec, file, proc } from '../../analyzers/runtime/events.js';

const HOUR = 3600_000;
const WORKLOAD = 'prod-eu/payments/Deployment/api';
const dir = mkdtempSync(path.join(tmpdir(), 'rampart-baselines-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const api = () => proc('/usr/local/bin/api', ['api'], { parent: { exe: '/usr/bin/tini' } });

function learnedManager(): BaselineManager {
  const m = new BaselineManager({ learnForMs: HOUR });
  m.observe(exec(api(), API_CONTAINER, at(0)));
  m.observe(connect('10.0.4.12', 5432, api(), API_CONTAINER, at(1)));
  m.observe(file('create', '/tmp/uploads/123/x', api(), API_CONTAINER, at(2)));
  return m;
}

test('learning state survives a restart: saved mid-learning, reloaded, learning goes on and then enforces', () => {
  const file1 = path.join(dir, 'restart.db');
  const before = learnedManager();
  let store = BaselineStore.open(file1);
  store.saveAll(before.takeDirty());
  store.close();

  store = BaselineStore.open(file1);
  const after = new BaselineManager({ learnForMs: HOUR });
  after.load(store.loadAll());
  const reloaded = after.get(WORKLOAD, 'app');
  assert.equal(reloaded?.mode, 'learning');
  assert.equal(reloaded?.learnedEvents, 3);
  assert.equal(reloaded?.learningStartedAt, at(0));
  assert.equal(reloaded?.imageDigest, API_CONTAINER.imageDigest);
  // Still inside the window measured from the first event before the restart: learns.
  assert.deepEqual(after.observe(exec(proc('/usr/bin/curl', ['curl'], { parent: { exe: '/usr/local/bin/api' } }), API_CONTAINER, at(HOUR - 1))), []);
  // After it: enforces what both halves learned.
  const engine = new RuntimeEngine({ rules: [], baselines: after });
  assert.deepEqual(engine.process(exec(proc('/usr/bin/curl', ['curl'], { parent: { exe: '/usr/local/bin/api' } }), API_CONTAINER, at(2 * HOUR))), []);
  assert.deepEqual(engine.process(connect('10.0.4.12', 5432, api(), API_CONTAINER, at(2 * HOUR))), []);
  assert.deepEqual(engine.process(connect('198.51.100.7', 443, api(), API_CONTAINER, at(2 * HOUR))).map((f) => f.checkId), ['runtime.baseline.new-outbound']);
  store.saveAll(after.takeDirty());
  assert.equal(store.load(WORKLOAD, 'app')?.mode, 'enforcing');
  assert.deepEqual(store.load(WORKLOAD, 'app')?.entries.exec, ['/usr/bin/curl', '/usr/local/bin/api']);
  store.close();
});

test('edits in the store: add and remove entries, set the mode of one container or the whole workload, delete', () => {
  const store = BaselineStore.open(path.join(dir, 'edit.db'));
  store.saveAll(learnedManager().takeDirty());
  assert.equal(store.addEntries(WORKLOAD, 'app', 'outbound', ['*:443', '10.0.4.12:5432']), 1);
  assert.equal(store.removeEntries(WORKLOAD, 'app', 'write', ['/tmp/uploads/*']), 1);
  assert.deepEqual(store.load(WORKLOAD, 'app')?.entries, { exec: ['/usr/local/bin/api'], chain: ['/usr/bin/tini -> /usr/local/bin/api'], outbound: ['*:443', '10.0.4.12:5432'], write: [] });
  assert.equal(store.setMode(WORKLOAD, 'app', 'enforcing'), 1);
  assert.equal(store.load(WORKLOAD, 'app')?.mode, 'enforcing');
  const now = new Date(at(5 * HOUR));
  assert.equal(store.setMode(WORKLOAD, undefined, 'learning', now), 1);
  assert.deepEqual([store.load(WORKLOAD, 'app')?.mode, store.load(WORKLOAD, 'app')?.learningStartedAt, store.load(WORKLOAD, 'app')?.learnedEvents], ['learning', now.toISOString(), 0]);
  // Adding to a container with no baseline creates an enforcing one.
  assert.equal(store.addEntries(WORKLOAD, 'proxy', 'exec', ['/usr/bin/envoy']), 1);
  assert.equal(store.load(WORKLOAD, 'proxy')?.mode, 'enforcing');
  assert.deepEqual(store.find('payments/api').map((b) => b.container), ['app', 'proxy']);
  assert.deepEqual(store.find('payments/deployment/api').length, 2);
  assert.equal(store.find('other/api').length, 0);
  assert.equal(store.delete(WORKLOAD, 'proxy'), 1);
  assert.equal(store.load(WORKLOAD, 'proxy'), undefined);
  store.close();
});

test('export and import round-trip through YAML and JSON', () => {
  const store = BaselineStore.open(path.join(dir, 'export.db'));
  store.saveAll(learnedManager().takeDirty());
  store.addEntries(WORKLOAD, 'proxy', 'outbound', ['*:443', '[fd00::1]:9901']);
  const original = store.loadAll();
  for (const format of ['yaml', 'json'] as const) {
    const text = exportBaselines(original, format);
    const parsed = parseBaselines(text, `baselines.${format}`);
    assert.deepEqual(parsed, original);
    const target = BaselineStore.open(path.join(dir, `import-${format}.db`));
    target.saveAll(parsed);
    assert.deepEqual(target.loadAll(), original);
    target.close();
  }
  assert.match(exportBaselines(original, 'yaml'), /^kind: RuntimeBaselines$/m);
  store.close();
});

test('a malformed baseline document is refused with one line naming the file and the entry', () => {
  const good = exportBaselines(learnedManager().list() as StoredBaseline[], 'yaml');
  assert.throws(() => parseBaselines('kind: Other\n', 'b.yaml'), /^Error: b\.yaml: not a baseline document/);
  assert.throws(() => parseBaselines(good.replace('mode: learning', 'mode: sometimes'), 'b.yaml'), /b\.yaml: baselines\[0\]\.mode: expected learning or enforcing/);
  assert.throws(() => parseBaselines(good.replace(WORKLOAD, 'payments/api'), 'b.yaml'), /b\.yaml: baselines\[0\]\.workload: expected cluster\/namespace\/Kind\/name/);
  assert.throws(() => parseBaselines(good.replace('exec:\n      - /usr/local/bin/api', 'exec: /usr/local/bin/api'), 'b.yaml'), /baselines\[0\]\.exec: expected a list of text/);
});

test('show prints a readable table of the entries by kind', () => {
  const [b] = learnedManager().list();
  assert.ok(b);
  const table = formatBaselineTable(b);
  assert.match(table, /^Workload: {3}prod-eu\/payments\/Deployment\/api$/m);
  assert.match(table, /^Mode: {7}learning \(since 2026-11-20T08:00:00.000Z, 3 events\)$/m);
  assert.match(table, /^exec {6}\/usr\/local\/bin\/api$/m);
  assert.match(table, /^outbound {2}10\.0\.4\.12:5432$/m);
  assert.match(table, /^write {5}\/tmp\/uploads\/\*$/m);
  assert.match(table, /^exec 1, chain 1, outbound 1, write 1$/m);
});

test('workload queries match the key, namespace/name, namespace/Kind/name or the name', () => {
  assert.ok(workloadMatches(WORKLOAD, WORKLOAD));
  assert.ok(workloadMatches(WORKLOAD, 'api'));
  assert.ok(workloadMatches(WORKLOAD, 'payments/api'));
  assert.ok(workloadMatches(WORKLOAD, 'payments/Deployment/api'));
  assert.ok(!workloadMatches(WORKLOAD, 'payments/StatefulSet/api'));
  assert.ok(!workloadMatches(WORKLOAD, 'api2'));
});
