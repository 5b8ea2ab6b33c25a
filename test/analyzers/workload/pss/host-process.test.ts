import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostProcess } from '../../../../src/analyzers/workload/checks/pss/host-process.js';
import { violations } from '../../../helpers/kube.js';
import { ctr, deploymentManifest, everyKind, run, subjects } from './fixtures.js';

test('pod.host-process fails a pod-level hostProcess: true, at the pod-level field', async () => {
  const found = await run(hostProcess, { securityContext: { windowsOptions: { hostProcess: true } }, containers: [ctr('app')] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'securityContext', 'windowsOptions', 'hostProcess']);
  assert.equal(found[0]?.subject, 'spec.securityContext.windowsOptions.hostProcess');
  assert.equal(found[0]?.container, undefined);
  assert.equal(found[0]?.evidence, 'windowsOptions.hostProcess: true');
});

test('pod.host-process fails containers, init containers and ephemeral containers', async () => {
  const found = await run(hostProcess, everyKind({ windowsOptions: { hostProcess: true } }));
  assert.deepEqual(subjects(found), ['container:app', 'container:setup', 'container:debug']);
  assert.deepEqual(found[1]?.path, ['spec', 'initContainers', 0, 'securityContext', 'windowsOptions', 'hostProcess']);
  assert.equal(found[2]?.container, 'debug');
  assert.match(found[0]?.message.zh ?? '', /app/);
});

test('pod.host-process reports the pod and a container that repeats it separately', async () => {
  const found = await run(hostProcess, {
    securityContext: { windowsOptions: { hostProcess: true } },
    containers: [ctr('app', { windowsOptions: { hostProcess: true } }), ctr('side')],
  });
  assert.deepEqual(subjects(found), ['spec.securityContext.windowsOptions.hostProcess', 'container:app']);
});

test('pod.host-process passes false and unset at both levels', async () => {
  assert.deepEqual(await run(hostProcess, { securityContext: { windowsOptions: { hostProcess: false } }, ...everyKind({ windowsOptions: { hostProcess: false } }) }), []);
  assert.deepEqual(await run(hostProcess, everyKind(undefined)), []);
  assert.deepEqual(await run(hostProcess, everyKind({ windowsOptions: {} })), []);
});

test('pod.host-process paths are absolute inside a Deployment', async () => {
  const found = await violations(hostProcess, deploymentManifest({ containers: [ctr('app', { windowsOptions: { hostProcess: true } })] }));
  assert.deepEqual(found[0]?.path, ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'windowsOptions', 'hostProcess']);
});
