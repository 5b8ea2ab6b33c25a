import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostPid } from '../../../../src/analyzers/workload/checks/pss/host-pid.js';
import { violations } from '../../../helpers/kube.js';
import { ctr, deploymentManifest, run } from './fixtures.js';

test('pod.host-pid fails hostPID: true, at the pod-level field', async () => {
  const found = await run(hostPid, { hostPID: true, containers: [ctr('app')] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'hostPID']);
  assert.equal(found[0]?.subject, 'spec.hostPID');
  assert.equal(found[0]?.evidence, 'hostPID: true');
  assert.equal(found[0]?.container, undefined);
});

test('pod.host-pid passes hostPID false or unset', async () => {
  assert.deepEqual(await run(hostPid, { hostPID: false, containers: [ctr('app')] }), []);
  assert.deepEqual(await run(hostPid, { containers: [ctr('app')] }), []);
});

test('pod.host-pid ignores the other host namespaces', async () => {
  const others = ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => f !== 'hostPID');
  assert.deepEqual(await run(hostPid, { ...Object.fromEntries(others.map((f) => [f, true])), containers: [ctr('app')] }), []);
});

test('pod.host-pid reads the pod template of a Deployment', async () => {
  const found = await violations(hostPid, deploymentManifest({ hostPID: true, containers: [ctr('app')] }));
  assert.deepEqual(found[0]?.path, ['spec', 'template', 'spec', 'hostPID']);
});
