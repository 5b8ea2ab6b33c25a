import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostPorts } from '../../../../src/analyzers/workload/checks/pss/host-ports.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

test('pod.host-ports fails a container binding host ports, one finding listing them all', async () => {
  const ports = [{ containerPort: 80 }, { containerPort: 8080, hostPort: 8080 }, { containerPort: 9090, hostPort: 9090 }];
  const found = await run(hostPorts, { containers: [ctr('app', undefined, { ports })] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'ports', 1, 'hostPort']);
  assert.equal(found[0]?.evidence, 'hostPort: 8080, 9090');
  assert.equal(found[0]?.container, 'app');
});

test('pod.host-ports checks init and ephemeral containers', async () => {
  const found = await run(hostPorts, everyKind(undefined, { ports: [{ containerPort: 53, hostPort: 53 }] }));
  assert.deepEqual(subjects(found), ['container:app', 'container:setup', 'container:debug']);
});

test('pod.host-ports passes hostPort 0 and ports without a hostPort', async () => {
  assert.deepEqual(await run(hostPorts, everyKind(undefined, { ports: [{ containerPort: 80, hostPort: 0 }, { containerPort: 81 }] })), []);
  assert.deepEqual(await run(hostPorts, everyKind(undefined)), []);
});
