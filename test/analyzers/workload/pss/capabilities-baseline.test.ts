import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilitiesBaseline } from '../../../../src/analyzers/workload/checks/pss/capabilities-baseline.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

const DEFAULT_SET = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];

test('pod.capabilities-baseline fails adds outside the default set, listing only those', async () => {
  const found = await run(capabilitiesBaseline, { containers: [ctr('app', { capabilities: { add: ['SYS_ADMIN', 'CHOWN', 'NET_RAW'] } })] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add']);
  assert.equal(found[0]?.subject, 'container:app');
  assert.equal(found[0]?.evidence, 'capabilities.add: [SYS_ADMIN, NET_RAW]');
  assert.match(found[0]?.message.en ?? '', /SYS_ADMIN, NET_RAW/);
});

test('pod.capabilities-baseline passes every capability of the default set', async () => {
  assert.deepEqual(await run(capabilitiesBaseline, everyKind({ capabilities: { add: DEFAULT_SET } })), []);
});

test('pod.capabilities-baseline forbids NET_RAW although runtimes grant it by default', async () => {
  const found = await run(capabilitiesBaseline, { containers: [ctr('app', { capabilities: { add: ['NET_RAW'] } })] });
  assert.equal(found[0]?.evidence, 'capabilities.add: [NET_RAW]');
});

test('pod.capabilities-baseline compares names exactly (lower case is not in the set)', async () => {
  const found = await run(capabilitiesBaseline, { containers: [ctr('app', { capabilities: { add: ['chown'] } })] });
  assert.equal(found.length, 1);
});

test('pod.capabilities-baseline checks init and ephemeral containers', async () => {
  const found = await run(capabilitiesBaseline, everyKind({ capabilities: { add: ['SYS_PTRACE'] } }));
  assert.deepEqual(subjects(found), ['container:app', 'container:setup', 'container:debug']);
  assert.deepEqual(found[2]?.path, ['spec', 'ephemeralContainers', 0, 'securityContext', 'capabilities', 'add']);
});

test('pod.capabilities-baseline passes no add, an empty add and drop-only capabilities', async () => {
  assert.deepEqual(await run(capabilitiesBaseline, everyKind(undefined)), []);
  assert.deepEqual(await run(capabilitiesBaseline, everyKind({ capabilities: { add: [] } })), []);
  assert.deepEqual(await run(capabilitiesBaseline, everyKind({ capabilities: { drop: ['SYS_ADMIN'] } })), []);
});
