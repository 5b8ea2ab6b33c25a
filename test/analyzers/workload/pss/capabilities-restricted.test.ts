import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilitiesRestricted } from '../../../../src/analyzers/workload/checks/pss/capabilities-restricted.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

test('pod.capabilities-restricted fails a container with no capabilities, at the drop list', async () => {
  const found = await run(capabilitiesRestricted, { containers: [ctr('app')] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop']);
  assert.equal(found[0]?.evidence, 'capabilities.drop: unset');
});

test('pod.capabilities-restricted fails a drop list without ALL, showing what it drops', async () => {
  const found = await run(capabilitiesRestricted, { containers: [ctr('app', { capabilities: { drop: ['NET_RAW', 'all'] } })] });
  assert.equal(found[0]?.evidence, 'capabilities.drop: [NET_RAW, all]');
});

test('pod.capabilities-restricted checks init and ephemeral containers', async () => {
  const found = await run(capabilitiesRestricted, { containers: [ctr('app', { capabilities: { drop: ['ALL'] } })], initContainers: [ctr('setup')], ephemeralContainers: [ctr('debug')] });
  assert.deepEqual(subjects(found), ['container:setup', 'container:debug']);
});

test('pod.capabilities-restricted passes drop ALL, with or without NET_BIND_SERVICE added', async () => {
  assert.deepEqual(await run(capabilitiesRestricted, everyKind({ capabilities: { drop: ['ALL'] } })), []);
  assert.deepEqual(await run(capabilitiesRestricted, everyKind({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })), []);
});

test('pod.capabilities-restricted fails default-set adds other than NET_BIND_SERVICE, at the add list', async () => {
  const found = await run(capabilitiesRestricted, { containers: [ctr('app', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'CHOWN', 'SETUID'] } })] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add']);
  assert.equal(found[0]?.evidence, 'capabilities.add: [CHOWN, SETUID]');
});

test('pod.capabilities-restricted leaves adds outside the default set to pod.capabilities-baseline', async () => {
  assert.deepEqual(await run(capabilitiesRestricted, { containers: [ctr('app', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })] }), []);
});

test('pod.capabilities-restricted reports a missing drop ALL and extra adds in one finding', async () => {
  const found = await run(capabilitiesRestricted, { containers: [ctr('app', { capabilities: { add: ['KILL', 'SYS_ADMIN'] } })] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop']);
  assert.equal(found[0]?.evidence, 'capabilities.drop: unset; capabilities.add: [KILL]');
});

test('pod.capabilities-restricted is a 1.22 rule', async () => {
  assert.deepEqual(await run(capabilitiesRestricted, everyKind(undefined), 21), []);
  assert.equal((await run(capabilitiesRestricted, everyKind(undefined), 22)).length, 3);
});

test('pod.capabilities-restricted exempts Windows pods from policy 1.25, not before', async () => {
  const spec = { os: { name: 'windows' }, ...everyKind(undefined) };
  assert.deepEqual(await run(capabilitiesRestricted, spec, 25), []);
  assert.equal((await run(capabilitiesRestricted, spec, 24)).length, 3);
});

test('pod.capabilities-restricted names the field and the value in its message', async () => {
  const found = await run(capabilitiesRestricted, { containers: [ctr('app', { capabilities: { drop: ['NET_RAW'], add: ['CHOWN'] } })] });
  assert.match(found[0]?.message.en ?? '', /"app".*capabilities\.drop \(found \[NET_RAW\]\).*CHOWN in capabilities\.add/);
  assert.match(found[0]?.message.zh ?? '', /app.*capabilities\.drop.*CHOWN/);
});
