import { test } from 'node:test';
import assert from 'node:assert/strict';
import { procMount } from '../../../../src/analyzers/workload/checks/pss/proc-mount.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

test('pod.proc-mount fails procMount: Unmasked, at the field', async () => {
  const found = await run(procMount, { containers: [ctr('app', { procMount: 'Unmasked' })] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'securityContext', 'procMount']);
  assert.equal(found[0]?.evidence, 'procMount: Unmasked');
});

test('pod.proc-mount checks init and ephemeral containers', async () => {
  assert.deepEqual(subjects(await run(procMount, everyKind({ procMount: 'Unmasked' }))), ['container:app', 'container:setup', 'container:debug']);
});

test('pod.proc-mount passes Default and unset', async () => {
  assert.deepEqual(await run(procMount, everyKind({ procMount: 'Default' })), []);
  assert.deepEqual(await run(procMount, everyKind(undefined)), []);
});

test('pod.proc-mount allows any value with hostUsers: false from policy 1.35, not before', async () => {
  const spec = { hostUsers: false, ...everyKind({ procMount: 'Unmasked' }) };
  assert.deepEqual(await run(procMount, spec, 35), []);
  assert.deepEqual(await run(procMount, spec, 'latest'), []);
  assert.equal((await run(procMount, spec, 34)).length, 3);
});

test('pod.proc-mount still fails with hostUsers true or unset at latest', async () => {
  assert.equal((await run(procMount, { hostUsers: true, containers: [ctr('app', { procMount: 'Unmasked' })] })).length, 1);
  assert.equal((await run(procMount, { containers: [ctr('app', { procMount: 'Unmasked' })] })).length, 1);
});
