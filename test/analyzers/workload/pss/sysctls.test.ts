import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sysctls } from '../../../../src/analyzers/workload/checks/pss/sysctls.js';
import type { PssVersion } from '../../../../src/analyzers/workload/check.js';
import { ctr, run } from './fixtures.js';

async function withSysctls(names: string[], version: PssVersion = 'latest') {
  return run(sysctls, { securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) }, containers: [ctr('app')] }, version);
}

test('pod.sysctls fails an unsafe sysctl, one finding per sysctl at its name', async () => {
  const found = await withSysctls(['kernel.shm_rmid_forced', 'kernel.msgmax', 'net.core.somaxconn']);
  assert.deepEqual(found.map((v) => v.subject), ['sysctl:kernel.msgmax', 'sysctl:net.core.somaxconn']);
  assert.deepEqual(found[0]?.path, ['spec', 'securityContext', 'sysctls', 1, 'name']);
  assert.equal(found[0]?.evidence, 'sysctls: kernel.msgmax=1');
  assert.equal(found[0]?.container, undefined);
});

test('pod.sysctls allows the five original safe sysctls at every policy version', async () => {
  const base = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
  assert.deepEqual(await withSysctls(base, 0), []);
  assert.deepEqual(await withSysctls(base), []);
});

test('pod.sysctls grows the safe set with the policy version', async () => {
  const steps: [string[], number][] = [
    [['net.ipv4.ip_local_reserved_ports'], 27],
    [['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'], 29],
    [['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'], 32],
    [['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'], 37],
  ];
  for (const [names, since] of steps) {
    assert.equal((await withSysctls(names, since - 1)).length, names.length, `${names.join()} before ${since}`);
    assert.deepEqual(await withSysctls(names, since), [], `${names.join()} at ${since}`);
    assert.deepEqual(await withSysctls(names, 'latest'), []);
  }
});

test('pod.sysctls compares names exactly and fails a nameless entry', async () => {
  assert.equal((await withSysctls(['net.ipv4.tcp_syncookies.extra'])).length, 1);
  const nameless = await run(sysctls, { securityContext: { sysctls: [{ value: '1' }] }, containers: [ctr('app')] });
  assert.equal(nameless[0]?.subject, 'sysctl:unset');
});

test('pod.sysctls passes a pod without sysctls', async () => {
  assert.deepEqual(await run(sysctls, { containers: [ctr('app')] }), []);
  assert.deepEqual(await run(sysctls, { securityContext: { sysctls: [] }, containers: [ctr('app')] }), []);
});
