import { test } from 'node:test';
import assert from 'node:assert/strict';
import { procMountRestricted } from '../../../../src/analyzers/workload/checks/pss/proc-mount-restricted.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

const userNamespaced = { hostUsers: false, ...everyKind({ procMount: 'Unmasked' }) };

test('pod.proc-mount-restricted fails Unmasked with hostUsers: false from policy 1.35', async () => {
  const found = await run(procMountRestricted, userNamespaced, 35);
  assert.deepEqual(subjects(found), ['container:app', 'container:setup', 'container:debug']);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'securityContext', 'procMount']);
  assert.equal(found[0]?.evidence, 'procMount: Unmasked');
  assert.match(found[0]?.message.en ?? '', /hostUsers: false/);
});

test('pod.proc-mount-restricted does not exist before policy 1.35 (baseline still forbids it there)', async () => {
  assert.deepEqual(await run(procMountRestricted, userNamespaced, 34), []);
});

test('pod.proc-mount-restricted leaves pods on the host user namespace to pod.proc-mount', async () => {
  assert.deepEqual(await run(procMountRestricted, everyKind({ procMount: 'Unmasked' })), []);
  assert.deepEqual(await run(procMountRestricted, { hostUsers: true, containers: [ctr('app', { procMount: 'Unmasked' })] }), []);
});

test('pod.proc-mount-restricted passes Default and unset with hostUsers: false', async () => {
  assert.deepEqual(await run(procMountRestricted, { hostUsers: false, ...everyKind({ procMount: 'Default' }) }), []);
  assert.deepEqual(await run(procMountRestricted, { hostUsers: false, ...everyKind(undefined) }), []);
});
