import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostNetwork } from '../../../../src/analyzers/workload/checks/pss/host-network.js';
import { violations } from '../../../helpers/kube.js';
import { ctr, deploymentManifest, run } from './fixtures.js';

test('pod.host-network fails hostNetwork: true, at the pod-level field', async () => {
  const found = await run(hostNetwork, { hostNetwork: true, containers: [ctr('app')] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'hostNetwork']);
  assert.equal(found[0]?.subject, 'spec.hostNetwork');
  assert.equal(found[0]?.evidence, 'hostNetwork: true');
  assert.equal(found[0]?.container, undefined);
});

test('pod.host-network passes hostNetwork false or unset', async () => {
  assert.deepEqual(await run(hostNetwork, { hostNetwork: false, containers: [ctr('app')] }), []);
  assert.deepEqual(await run(hostNetwork, { containers: [ctr('app')] }), []);
});

test('pod.host-network ignores the other host namespaces', async () => {
  const others = ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => f !== 'hostNetwork');
  assert.deepEqual(await run(hostNetwork, { ...Object.fromEntries(others.map((f) => [f, true])), containers: [ctr('app')] }), []);
});

test('pod.host-network reads the pod template of a Deployment', async () => {
  const found = await violations(hostNetwork, deploymentManifest({ hostNetwork: true, containers: [ctr('app')] }));
  assert.deepEqual(found[0]?.path, ['spec', 'template', 'spec', 'hostNetwork']);
});
