import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privilegeEscalation } from '../../../../src/analyzers/workload/checks/pss/privilege-escalation.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

test('pod.privilege-escalation fails an unset field, at the path where it belongs', async () => {
  const found = await run(privilegeEscalation, { containers: [ctr('app')] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation']);
  assert.equal(found[0]?.evidence, 'allowPrivilegeEscalation: unset');
  assert.equal(found[0]?.container, 'app');
});

test('pod.privilege-escalation fails allowPrivilegeEscalation: true', async () => {
  const found = await run(privilegeEscalation, { containers: [ctr('app', { allowPrivilegeEscalation: true })] });
  assert.equal(found[0]?.evidence, 'allowPrivilegeEscalation: true');
});

test('pod.privilege-escalation checks init and ephemeral containers', async () => {
  const found = await run(privilegeEscalation, { containers: [ctr('app', { allowPrivilegeEscalation: false })], initContainers: [ctr('setup')], ephemeralContainers: [ctr('debug')] });
  assert.deepEqual(subjects(found), ['container:setup', 'container:debug']);
});

test('pod.privilege-escalation passes false everywhere', async () => {
  assert.deepEqual(await run(privilegeEscalation, everyKind({ allowPrivilegeEscalation: false })), []);
});

test('pod.privilege-escalation is a 1.8 rule', async () => {
  assert.deepEqual(await run(privilegeEscalation, everyKind(undefined), 7), []);
  assert.equal((await run(privilegeEscalation, everyKind(undefined), 8)).length, 3);
});

test('pod.privilege-escalation exempts Windows pods from policy 1.25, not before', async () => {
  const spec = { os: { name: 'windows' }, ...everyKind(undefined) };
  assert.deepEqual(await run(privilegeEscalation, spec, 25), []);
  assert.deepEqual(await run(privilegeEscalation, spec, 'latest'), []);
  assert.equal((await run(privilegeEscalation, spec, 24)).length, 3);
  assert.equal((await run(privilegeEscalation, { os: { name: 'linux' }, ...everyKind(undefined) })).length, 3);
});
