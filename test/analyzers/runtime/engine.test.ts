import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuntimeEngine } from '../../../src/analyzers/runtime/engine.js';
import { loadRuleSet } from '../../../src/analyzers/runtime/rules.js';
import { fingerprint } from '../../../src/model/index.js';
import { maskArgs } from '../../../src/sources/events/mask-args.js';
import { API_CONTAINER, HOST, at, audit, connect, exec, file, proc } from './events.js';

const rules = loadRuleSet().rules;

test('an alert on a workload event is a finding about the workload, with the runtime detail filled', () => {
  const engine = new RuntimeEngine({ rules });
  const [finding] = engine.process(connect('169.254.169.254', 80, proc('/usr/bin/curl', ['curl', '-s', 'http://169.254.169.254/latest/meta-data/iam/'])));
  assert.ok(finding);
  assert.equal(finding.checkId, 'runtime.metadata-access');
  assert.equal(finding.status, 'fail');
  assert.equal(finding.asset.ref, 'k8s://prod-eu/payments/Deployment/api');
  assert.equal(finding.subject, 'connection:169.254.169.254:80');
  assert.equal(finding.container, 'app');
  assert.equal(finding.fingerprint, fingerprint('runtime.metadata-access', 'k8s://prod-eu/payments/Deployment/api', 'connection:169.254.169.254:80'));
  assert.equal(finding.evidence, 'connect tcp 169.254.169.254:80 by /usr/bin/curl');
  assert.ok(finding.controls.includes('mlps-2.0-l3:8.1.3.1 c'));
  assert.deepEqual(finding.runtime?.connection, { protocol: 'tcp', direction: 'outbound', address: '169.254.169.254', port: 80 });
  assert.deepEqual(finding.runtime?.mitre, ['T1552.005']);
  assert.equal(finding.runtime?.pod, API_CONTAINER.pod);
  assert.equal(finding.runtime?.count, 1);
});

test('a host event is about the node; an audit event about its target object, or the namespace for a list', () => {
  const engine = new RuntimeEngine({ rules });
  const [onNode] = engine.process(file('open-write', '/etc/kubernetes/manifests/kube-apiserver.yaml', proc('/usr/bin/vim'), HOST));
  assert.deepEqual([onNode?.asset.type, onNode?.asset.ref, onNode?.subject], ['node', 'node://prod-eu/cp-1', 'file:/etc/kubernetes/manifests/kube-apiserver.yaml']);
  const [onPod] = engine.process(audit({ verb: 'create', requestURI: '/api/v1/namespaces/prod/pods/api-1/exec', objectRef: { resource: 'pods', subresource: 'exec', namespace: 'prod', name: 'api-1' } }));
  assert.deepEqual([onPod?.asset.ref, onPod?.subject, onPod?.runtime?.audit?.resource], ['k8s://prod-eu/prod/Pod/api-1', 'user:alice@bank.example', 'pods/exec']);
  const [onNamespace] = engine.process(audit({ verb: 'list', requestURI: '/api/v1/namespaces/payments/secrets', objectRef: { resource: 'secrets', namespace: 'payments' } }));
  assert.equal(onNamespace?.asset.ref, 'k8s://prod-eu//Namespace/payments');
});

test('repeats of one fingerprint within the window are folded and counted, then raised again with the count', () => {
  const engine = new RuntimeEngine({ rules, foldWindowMs: 60_000 });
  const shell = (t: number) => exec(proc('/bin/bash', ['bash'], { tty: true }), API_CONTAINER, at(t));
  assert.equal(engine.process(shell(0)).length, 1);
  for (let i = 1; i <= 5; i++) assert.deepEqual(engine.process(shell(i * 1000)), []);
  // Another subject is another alert.
  assert.equal(engine.process(exec(proc('/bin/sh', ['sh'], { tty: true }), API_CONTAINER, at(6000))).length, 1);
  const c = engine.counters();
  assert.equal(c.alertsRaised['runtime.shell-in-container'], 2);
  assert.equal(c.alertsFolded['runtime.shell-in-container'], 5);
  const flushed = engine.flushFolded(Date.parse(at(61_000)));
  assert.deepEqual(flushed.map((f) => [f.subject, f.runtime?.count]), [['process:/bin/bash', 6]]);
  const [again] = engine.process(shell(120_000));
  assert.equal(again?.runtime?.count, 1);
});

test('a repeat after the window is raised again, saying how many events it stands for', () => {
  const engine = new RuntimeEngine({ rules, foldWindowMs: 10_000 });
  const shell = (t: number) => exec(proc('/bin/bash', ['bash'], { tty: true }), API_CONTAINER, at(t));
  engine.process(shell(0));
  engine.process(shell(1000));
  engine.process(shell(2000));
  const [again] = engine.process(shell(20_000));
  assert.equal(again?.runtime?.count, 3);
});

test('audit events are evaluated once per request: RequestReceived is skipped and counted', () => {
  const engine = new RuntimeEngine({ rules });
  const req = { verb: 'create', requestURI: '/api/v1/namespaces/prod/pods/api-1/exec', objectRef: { resource: 'pods', subresource: 'exec', namespace: 'prod', name: 'api-1' } };
  assert.deepEqual(engine.process(audit({ ...req, stage: 'RequestReceived' })), []);
  assert.equal(engine.process(audit({ ...req, stage: 'ResponseStarted' })).length, 1);
  const c = engine.counters();
  assert.equal(c.eventsSkipped, 1);
  assert.equal(c.eventsEvaluated['k8s-audit'], 1);
});

test('counters count events per kind and CEL runs only for events that pass a prefilter', () => {
  const engine = new RuntimeEngine({ rules });
  for (let i = 0; i < 100; i++) engine.process(exec(proc('/usr/local/bin/api', ['api', '--port', '8080'])));
  for (let i = 0; i < 50; i++) engine.process(connect('10.0.0.7', 5432));
  for (let i = 0; i < 30; i++) engine.process(file('open-read', '/app/config.yaml'));
  const c = engine.counters();
  assert.deepEqual(c.eventsEvaluated, { process: 100, file: 30, network: 50, 'k8s-audit': 0 });
  assert.equal(c.conditionsEvaluated, 0);
  assert.deepEqual(c.alertsRaised, {});
});

test('evidence and detail carry the command line as the source masked it', () => {
  // Sources mask argv before an event leaves them (the masking itself: test/sources/events/mask-args.test.ts).
  const engine = new RuntimeEngine({ rules });
  const [f] = engine.process(exec(proc('/usr/bin/apt-get', maskArgs(['apt-get', 'install', 'x', '--password=topsecretvalue']))));
  assert.ok(f?.evidence?.includes('apt-get install x --password=to'));
  assert.ok(!JSON.stringify(f).includes('topsecretvalue'));
});
