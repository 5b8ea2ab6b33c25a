import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seccompUnconfined } from '../../../../src/analyzers/workload/checks/pss/seccomp-unconfined.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const APP_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/app';

test('pod.seccomp-unconfined fails a pod-level Unconfined profile, at the pod-level type', async () => {
  const found = await run(seccompUnconfined, { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [ctr('app')] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'securityContext', 'seccompProfile', 'type']);
  assert.equal(found[0]?.subject, 'spec.securityContext.seccompProfile.type');
  assert.equal(found[0]?.evidence, 'seccompProfile.type: Unconfined');
});

test('pod.seccomp-unconfined fails container-level Unconfined in every kind of container', async () => {
  const found = await run(seccompUnconfined, everyKind({ seccompProfile: { type: 'Unconfined' } }));
  assert.deepEqual(subjects(found), ['container:app', 'container:setup', 'container:debug']);
  assert.deepEqual(found[2]?.path, ['spec', 'ephemeralContainers', 0, 'securityContext', 'seccompProfile', 'type']);
});

test('pod.seccomp-unconfined fails a container that overrides a good pod profile with Unconfined', async () => {
  const found = await run(seccompUnconfined, {
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    containers: [ctr('app', { seccompProfile: { type: 'Unconfined' } }), ctr('b')],
  });
  assert.deepEqual(subjects(found), ['container:app']);
});

test('pod.seccomp-unconfined fails a seccompProfile with no type, as upstream', async () => {
  const found = await run(seccompUnconfined, { containers: [ctr('app', { seccompProfile: {} })] });
  assert.equal(found[0]?.evidence, 'seccompProfile.type: unset');
});

test('pod.seccomp-unconfined passes RuntimeDefault, Localhost and no profile at all', async () => {
  assert.deepEqual(
    await run(seccompUnconfined, {
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [ctr('app', { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } })],
    }),
    [],
  );
  assert.deepEqual(await run(seccompUnconfined, everyKind(undefined)), []);
});

test('pod.seccomp-unconfined reads the annotations, not the fields, below policy 1.19', async () => {
  const fields = everyKind({ seccompProfile: { type: 'Unconfined' } });
  assert.deepEqual(await run(seccompUnconfined, fields, 18), []);
  const found = await run(seccompUnconfined, { containers: [ctr('app'), ctr('b')] }, 18, { [POD_ANNOTATION]: 'unconfined', [APP_ANNOTATION]: 'unconfined' });
  assert.deepEqual(subjects(found), [`annotation:${POD_ANNOTATION}`, `annotation:${APP_ANNOTATION}`]);
  assert.deepEqual(found[1]?.path, ['metadata', 'annotations', APP_ANNOTATION]);
  assert.equal(found[1]?.container, 'app');
  assert.equal(found[0]?.container, undefined);
  assert.equal(found[0]?.evidence, `${POD_ANNOTATION}: unconfined`);
});

test('pod.seccomp-unconfined allows runtime/default, docker/default and localhost/* annotations below 1.19', async () => {
  const annotations = {
    [POD_ANNOTATION]: 'runtime/default',
    [APP_ANNOTATION]: 'docker/default',
    'container.seccomp.security.alpha.kubernetes.io/b': 'localhost/profile.json',
  };
  assert.deepEqual(await run(seccompUnconfined, { containers: [ctr('app'), ctr('b')] }, 18, annotations), []);
});

test('pod.seccomp-unconfined below 1.19 checks only annotations that name a container of the pod', async () => {
  const annotations = { 'container.seccomp.security.alpha.kubernetes.io/ghost': 'unconfined' };
  assert.deepEqual(await run(seccompUnconfined, { containers: [ctr('app')] }, 18, annotations), []);
  const setup = await run(seccompUnconfined, { containers: [ctr('app')], initContainers: [ctr('setup')] }, 18, {
    'container.seccomp.security.alpha.kubernetes.io/setup': 'unconfined',
  });
  assert.equal(setup[0]?.container, 'setup');
});

test('pod.seccomp-unconfined ignores the annotations from policy 1.19', async () => {
  assert.deepEqual(await run(seccompUnconfined, { containers: [ctr('app')] }, 19, { [POD_ANNOTATION]: 'unconfined' }), []);
});

test('pod.seccomp-unconfined fails a pod-level Unconfined even when every container sets RuntimeDefault', async () => {
  const found = await run(seccompUnconfined, {
    securityContext: { seccompProfile: { type: 'Unconfined' } },
    ...everyKind({ seccompProfile: { type: 'RuntimeDefault' } }),
  });
  assert.deepEqual(subjects(found), ['spec.securityContext.seccompProfile.type']);
});
