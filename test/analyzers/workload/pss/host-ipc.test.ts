import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostIpc } from '../../../../src/analyzers/workload/checks/pss/host-ipc.js';
import { violations } from '../../../helpers/kube.js';
import { ctr, deploymentManifest, run } from './fixtures.js';

test('pod.host-ipc fails hostIPC: true, at the pod-level field', async () => {
  const found = await run(hostIpc, { hostIPC: true, containers: [ctr('app')] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'hostIPC']);
  assert.equal(found[0]?.subject, 'spec.hostIPC');
  assert.equal(found[0]?.evidence, 'hostIPC: true');
  assert.equal(found[0]?.container, undefined);
});

test('pod.host-ipc passes hostIPC false or unset', async () => {
  assert.deepEqual(await run(hostIpc, { hostIPC: false, containers: [ctr('app')] }), []);
  assert.deepEqual(await run(hostIpc, { containers: [ctr('app')] }), []);
});

test('pod.host-ipc ignores the other host namespaces', async () => {
  const others = ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => f !== 'hostIPC');
  assert.deepEqual(await run(hostIpc, { ...Object.fromEntries(others.map((f) => [f, true])), containers: [ctr('app')] }), []);
});

test('pod.host-ipc reads the pod template of a Deployment', async () => {
  const found = await violations(hostIpc, deploymentManifest({ hostIPC: true, containers: [ctr('app')] }));
  assert.deepEqual(found[0]?.path, ['spec', 'template', 'spec', 'hostIPC']);
});
