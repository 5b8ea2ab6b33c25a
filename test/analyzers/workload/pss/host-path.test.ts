import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostPath } from '../../../../src/analyzers/workload/checks/pss/host-path.js';
import { ctr, run } from './fixtures.js';

test('pod.host-path fails a hostPath volume, naming the volume and the host path', async () => {
  const found = await run(hostPath, {
    containers: [ctr('app')],
    volumes: [
      { name: 'cache', emptyDir: {} },
      { name: 'sock', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } },
    ],
  });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'volumes', 1, 'hostPath']);
  assert.equal(found[0]?.subject, 'volume:sock');
  assert.equal(found[0]?.container, undefined);
  assert.equal(found[0]?.evidence, 'hostPath.path: /var/run/docker.sock');
  assert.match(found[0]?.message.en ?? '', /"sock".*\/var\/run\/docker\.sock/);
});

test('pod.host-path reports each hostPath volume', async () => {
  const found = await run(hostPath, {
    containers: [ctr('app')],
    volumes: [
      { name: 'a', hostPath: { path: '/etc' } },
      { name: 'b', hostPath: { path: '/var/lib/kubelet' } },
    ],
  });
  assert.deepEqual(found.map((v) => v.subject), ['volume:a', 'volume:b']);
});

test('pod.host-path passes other volume types, hostPath: null and no volumes', async () => {
  const spec = {
    containers: [ctr('app')],
    volumes: [
      { name: 'a', configMap: { name: 'c' } },
      { name: 'b', nfs: { server: 'n', path: '/x' } },
      { name: 'c', hostPath: null, emptyDir: {} },
    ],
  };
  assert.deepEqual(await run(hostPath, spec), []);
  assert.deepEqual(await run(hostPath, { containers: [ctr('app')] }), []);
});
