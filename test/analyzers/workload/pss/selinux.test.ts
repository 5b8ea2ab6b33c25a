import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seLinux } from '../../../../src/analyzers/workload/checks/pss/selinux.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

test('pod.selinux fails a custom type at pod level, at the type field', async () => {
  const found = await run(seLinux, { securityContext: { seLinuxOptions: { type: 'spc_t' } }, containers: [ctr('app')] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'securityContext', 'seLinuxOptions', 'type']);
  assert.equal(found[0]?.subject, 'spec.securityContext.seLinuxOptions');
  assert.equal(found[0]?.evidence, 'seLinuxOptions.type: spc_t');
});

test('pod.selinux fails a custom user or role, listing every offending option', async () => {
  const found = await run(seLinux, { containers: [ctr('app', { seLinuxOptions: { type: 'container_t', user: 'system_u', role: 'system_r' } })] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'securityContext', 'seLinuxOptions', 'user']);
  assert.equal(found[0]?.evidence, 'seLinuxOptions.user: system_u; seLinuxOptions.role: system_r');
  const roleOnly = await run(seLinux, { containers: [ctr('app', { seLinuxOptions: { role: 'r' } })] });
  assert.deepEqual(roleOnly[0]?.path, ['spec', 'containers', 0, 'securityContext', 'seLinuxOptions', 'role']);
});

test('pod.selinux checks init and ephemeral containers', async () => {
  assert.deepEqual(subjects(await run(seLinux, everyKind({ seLinuxOptions: { type: 'unconfined_t' } }))), ['container:app', 'container:setup', 'container:debug']);
});

test('pod.selinux allows the container types, an empty type and any level', async () => {
  for (const type of ['container_t', 'container_init_t', 'container_kvm_t', '']) {
    assert.deepEqual(await run(seLinux, everyKind({ seLinuxOptions: { type, level: 's0:c123,c456' } })), [], type);
  }
  assert.deepEqual(await run(seLinux, { securityContext: { seLinuxOptions: { level: 's0:c1,c2', user: '', role: '' } }, containers: [ctr('app')] }), []);
});

test('pod.selinux allows container_engine_t from policy 1.31, not at 1.30', async () => {
  const spec = { containers: [ctr('app', { seLinuxOptions: { type: 'container_engine_t' } })] };
  assert.equal((await run(seLinux, spec, 30)).length, 1);
  assert.deepEqual(await run(seLinux, spec, 31), []);
  assert.deepEqual(await run(seLinux, spec, 'latest'), []);
});

test('pod.selinux judges pod and container options separately', async () => {
  const found = await run(seLinux, {
    securityContext: { seLinuxOptions: { user: 'u' } },
    containers: [ctr('app', { seLinuxOptions: { type: 'spc_t' } }), ctr('ok', { seLinuxOptions: { type: 'container_t' } })],
  });
  assert.deepEqual(subjects(found), ['spec.securityContext.seLinuxOptions', 'container:app']);
});

test('pod.selinux fails a pod-level custom type even when every container sets an allowed one', async () => {
  const found = await run(seLinux, { securityContext: { seLinuxOptions: { type: 'spc_t' } }, ...everyKind({ seLinuxOptions: { type: 'container_t' } }) });
  assert.deepEqual(subjects(found), ['spec.securityContext.seLinuxOptions']);
});
