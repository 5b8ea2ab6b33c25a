import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAsUserRoot } from '../../../../src/analyzers/workload/checks/pss/run-as-user-root.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

test('pod.run-as-user-root fails a pod-level runAsUser: 0, at the pod-level field', async () => {
  const found = await run(runAsUserRoot, { securityContext: { runAsUser: 0 }, containers: [ctr('app')] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'securityContext', 'runAsUser']);
  assert.equal(found[0]?.subject, 'spec.securityContext.runAsUser');
  assert.equal(found[0]?.evidence, 'runAsUser: 0');
});

test('pod.run-as-user-root fails runAsUser: 0 in every kind of container', async () => {
  const found = await run(runAsUserRoot, everyKind({ runAsUser: 0 }));
  assert.deepEqual(subjects(found), ['container:app', 'container:setup', 'container:debug']);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'securityContext', 'runAsUser']);
});

test('pod.run-as-user-root fails a container 0 that overrides a non-root pod UID', async () => {
  const found = await run(runAsUserRoot, { securityContext: { runAsUser: 1000 }, containers: [ctr('app', { runAsUser: 0 })] });
  assert.deepEqual(subjects(found), ['container:app']);
});

test('pod.run-as-user-root fails a pod-level 0 even when every container overrides it', async () => {
  const found = await run(runAsUserRoot, { securityContext: { runAsUser: 0 }, containers: [ctr('app', { runAsUser: 1000 })] });
  assert.deepEqual(subjects(found), ['spec.securityContext.runAsUser']);
});

test('pod.run-as-user-root passes non-zero and unset UIDs', async () => {
  assert.deepEqual(await run(runAsUserRoot, { securityContext: { runAsUser: 1000 }, ...everyKind({ runAsUser: 10001 }) }), []);
  assert.deepEqual(await run(runAsUserRoot, everyKind(undefined)), []);
});

test('pod.run-as-user-root is a 1.23 rule', async () => {
  assert.deepEqual(await run(runAsUserRoot, everyKind({ runAsUser: 0 }), 22), []);
  assert.equal((await run(runAsUserRoot, everyKind({ runAsUser: 0 }), 23)).length, 3);
});

test('pod.run-as-user-root allows 0 with hostUsers: false from policy 1.35, not before', async () => {
  const spec = { hostUsers: false, securityContext: { runAsUser: 0 }, containers: [ctr('app', { runAsUser: 0 })] };
  assert.deepEqual(await run(runAsUserRoot, spec, 35), []);
  assert.equal((await run(runAsUserRoot, spec, 34)).length, 2);
});
