import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seccompRequired } from '../../../../src/analyzers/workload/checks/pss/seccomp-required.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

test('pod.seccomp-required fails each container without a profile when the pod sets none', async () => {
  const found = await run(seccompRequired, {
    containers: [ctr('app', { seccompProfile: { type: 'RuntimeDefault' } })],
    initContainers: [ctr('setup')],
    ephemeralContainers: [ctr('debug')],
  });
  assert.deepEqual(subjects(found), ['container:setup', 'container:debug']);
  assert.deepEqual(found[0]?.path, ['spec', 'initContainers', 0, 'securityContext', 'seccompProfile', 'type']);
  assert.equal(found[0]?.evidence, 'seccompProfile: unset');
});

test('pod.seccomp-required passes a pod-level profile inherited by every container', async () => {
  assert.deepEqual(await run(seccompRequired, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, ...everyKind(undefined) }), []);
  assert.deepEqual(await run(seccompRequired, { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p' } }, ...everyKind(undefined) }), []);
});

test('pod.seccomp-required passes a profile on every container without one at pod level', async () => {
  assert.deepEqual(await run(seccompRequired, everyKind({ seccompProfile: { type: 'Localhost', localhostProfile: 'p' } })), []);
});

test('pod.seccomp-required leaves Unconfined, at either level, to pod.seccomp-unconfined', async () => {
  assert.deepEqual(await run(seccompRequired, { securityContext: { seccompProfile: { type: 'Unconfined' } }, ...everyKind(undefined) }), []);
  assert.deepEqual(await run(seccompRequired, everyKind({ seccompProfile: { type: 'Unconfined' } })), []);
});

test('pod.seccomp-required is a 1.19 rule', async () => {
  assert.deepEqual(await run(seccompRequired, everyKind(undefined), 18), []);
  assert.equal((await run(seccompRequired, everyKind(undefined), 19)).length, 3);
});

test('pod.seccomp-required exempts Windows pods from policy 1.25, not before', async () => {
  const spec = { os: { name: 'windows' }, ...everyKind(undefined) };
  assert.deepEqual(await run(seccompRequired, spec, 25), []);
  assert.equal((await run(seccompRequired, spec, 24)).length, 3);
});
