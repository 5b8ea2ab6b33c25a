import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAsNonRoot } from '../../../../src/analyzers/workload/checks/pss/run-as-non-root.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

test('pod.run-as-non-root passes a pod-level true inherited by every kind of container', async () => {
  assert.deepEqual(await run(runAsNonRoot, { securityContext: { runAsNonRoot: true }, ...everyKind(undefined) }), []);
});

test('pod.run-as-non-root passes true on every container when the pod level is unset', async () => {
  assert.deepEqual(await run(runAsNonRoot, everyKind({ runAsNonRoot: true })), []);
});

test('pod.run-as-non-root fails each container that leaves it unset without a pod-level true', async () => {
  const found = await run(runAsNonRoot, {
    containers: [ctr('app', { runAsNonRoot: true })],
    initContainers: [ctr('setup')],
    ephemeralContainers: [ctr('debug', { runAsUser: 1000 })],
  });
  assert.deepEqual(subjects(found), ['container:setup', 'container:debug']);
  assert.deepEqual(found[0]?.path, ['spec', 'initContainers', 0, 'securityContext', 'runAsNonRoot']);
  assert.equal(found[0]?.evidence, 'runAsNonRoot: unset');
});

test('pod.run-as-non-root fails a container that sets false under a pod-level true', async () => {
  const found = await run(runAsNonRoot, { securityContext: { runAsNonRoot: true }, containers: [ctr('app', { runAsNonRoot: false }), ctr('b')] });
  assert.deepEqual(subjects(found), ['container:app']);
  assert.equal(found[0]?.evidence, 'runAsNonRoot: false');
});

test('pod.run-as-non-root fails a pod-level false even when containers set true', async () => {
  const found = await run(runAsNonRoot, { securityContext: { runAsNonRoot: false }, containers: [ctr('app', { runAsNonRoot: true })] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'securityContext', 'runAsNonRoot']);
  assert.equal(found[0]?.subject, 'spec.securityContext.runAsNonRoot');
  assert.equal(found[0]?.container, undefined);
});

test('pod.run-as-non-root reports explicit false settings, not the containers that inherit them', async () => {
  const found = await run(runAsNonRoot, {
    securityContext: { runAsNonRoot: false },
    containers: [ctr('app'), ctr('b', { runAsNonRoot: false })],
  });
  assert.deepEqual(subjects(found), ['spec.securityContext.runAsNonRoot', 'container:b']);
});

test('pod.run-as-non-root allows anything with hostUsers: false from policy 1.35, not before', async () => {
  const spec = { hostUsers: false, securityContext: { runAsNonRoot: false }, ...everyKind(undefined) };
  assert.deepEqual(await run(runAsNonRoot, spec, 35), []);
  assert.deepEqual(await run(runAsNonRoot, spec, 'latest'), []);
  assert.equal((await run(runAsNonRoot, spec, 34)).length, 1);
  assert.equal((await run(runAsNonRoot, { hostUsers: true, ...everyKind(undefined) })).length, 3);
});
