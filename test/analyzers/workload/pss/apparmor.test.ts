import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appArmor } from '../../../../src/analyzers/workload/checks/pss/apparmor.js';
import { violations } from '../../../helpers/kube.js';
import { ctr, deploymentManifest, everyKind, run, subjects } from './fixtures.js';

const ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/app';

test('pod.apparmor fails a pod-level Unconfined profile, at the pod-level field', async () => {
  const found = await run(appArmor, { securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [ctr('app')] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'securityContext', 'appArmorProfile', 'type']);
  assert.equal(found[0]?.subject, 'spec.securityContext.appArmorProfile.type');
  assert.equal(found[0]?.evidence, 'appArmorProfile.type: Unconfined');
});

test('pod.apparmor fails container-level Unconfined in every kind of container', async () => {
  const found = await run(appArmor, everyKind({ appArmorProfile: { type: 'Unconfined' } }));
  assert.deepEqual(subjects(found), ['container:app', 'container:setup', 'container:debug']);
  assert.deepEqual(found[1]?.path, ['spec', 'initContainers', 0, 'securityContext', 'appArmorProfile', 'type']);
});

test('pod.apparmor fails an appArmorProfile without a type, as upstream', async () => {
  const found = await run(appArmor, { containers: [ctr('app', { appArmorProfile: {} })] });
  assert.equal(found[0]?.evidence, 'appArmorProfile.type: unset');
});

test('pod.apparmor passes RuntimeDefault and Localhost at both levels, and no profile', async () => {
  assert.deepEqual(
    await run(appArmor, {
      securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
      containers: [ctr('app', { appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-app' } }), ctr('b')],
    }),
    [],
  );
  assert.deepEqual(await run(appArmor, everyKind(undefined)), []);
});

test('pod.apparmor judges a container on its own field even when the pod level is fine', async () => {
  const found = await run(appArmor, {
    securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
    containers: [ctr('app', { appArmorProfile: { type: 'Unconfined' } })],
  });
  assert.deepEqual(subjects(found), ['container:app']);
});

test('pod.apparmor fails an annotation with a forbidden value, naming the container', async () => {
  const found = await run(appArmor, { containers: [ctr('app')] }, 'latest', { [ANNOTATION]: 'unconfined' });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['metadata', 'annotations', ANNOTATION]);
  assert.equal(found[0]?.subject, `annotation:${ANNOTATION}`);
  assert.equal(found[0]?.container, 'app');
  assert.equal(found[0]?.evidence, `${ANNOTATION}: unconfined`);
});

test('pod.apparmor checks every annotation with the prefix, even one naming no container', async () => {
  const found = await run(appArmor, { containers: [ctr('app')] }, 'latest', { 'container.apparmor.security.beta.kubernetes.io/ghost': 'unconfined' });
  assert.equal(found.length, 1);
  assert.equal(found[0]?.container, undefined);
});

test('pod.apparmor passes runtime/default, localhost/* and empty annotations, and ignores other keys', async () => {
  const annotations = {
    [ANNOTATION]: 'runtime/default',
    'container.apparmor.security.beta.kubernetes.io/b': 'localhost/k8s-b',
    'container.apparmor.security.beta.kubernetes.io/c': '',
    'example.com/apparmor': 'unconfined',
  };
  assert.deepEqual(await run(appArmor, { containers: [ctr('app'), ctr('b'), ctr('c')] }, 'latest', annotations), []);
});

test('pod.apparmor reads the pod template annotations of a Deployment', async () => {
  const found = await violations(appArmor, deploymentManifest({ containers: [ctr('app')] }, { [ANNOTATION]: 'unconfined' }));
  assert.deepEqual(found[0]?.path, ['spec', 'template', 'metadata', 'annotations', ANNOTATION]);
});

test('pod.apparmor fails a pod-level Unconfined even when every container sets RuntimeDefault', async () => {
  const found = await run(appArmor, {
    securityContext: { appArmorProfile: { type: 'Unconfined' } },
    containers: [ctr('app', { appArmorProfile: { type: 'RuntimeDefault' } })],
  });
  assert.deepEqual(subjects(found), ['spec.securityContext.appArmorProfile.type']);
});
