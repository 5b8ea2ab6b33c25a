import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePss } from '../../../src/analyzers/workload/pss.js';
import { PSS_CHECKS } from '../../../src/analyzers/workload/checks/pss/index.js';
import { CHECKS } from '../../../src/catalog/index.js';
import { ctr, podManifest, podView, RESTRICTED_SC, type Obj } from './pss/fixtures.js';

async function evaluate(spec: Obj, level: 'privileged' | 'baseline' | 'restricted', version: number | 'latest' = 'latest') {
  return evaluatePss(await podView(podManifest(spec)), level, version).map((r) => ({ checkId: r.checkId, subject: r.violation.subject }));
}

const restrictedPod = (extra: Obj = {}, sc: Obj = RESTRICTED_SC): Obj => ({
  containers: [ctr('app', sc)],
  initContainers: [ctr('setup', sc)],
  ...extra,
});

test('every PSS check has a catalogue entry with a PSS level, and every such entry a check', () => {
  const catalogued = CHECKS.filter((c) => c.pss).map((c) => c.id).sort();
  assert.deepEqual(PSS_CHECKS.map((c) => c.id).sort(), catalogued);
  assert.equal(catalogued.length, 21);
});

test('a restricted-compliant pod passes restricted and baseline', async () => {
  const spec = restrictedPod({ volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'tmp', emptyDir: {} }] });
  assert.deepEqual(await evaluate(spec, 'restricted'), []);
  assert.deepEqual(await evaluate(spec, 'baseline'), []);
});

test('a pod with only baseline-allowed settings passes baseline and fails restricted', async () => {
  const spec: Obj = {
    containers: [ctr('app', { capabilities: { add: ['CHOWN'] } })],
    volumes: [{ name: 'share', nfs: { server: 'nas', path: '/x' } }],
  };
  assert.deepEqual(await evaluate(spec, 'baseline'), []);
  const ids = new Set((await evaluate(spec, 'restricted')).map((r) => r.checkId));
  assert.deepEqual(
    [...ids].sort(),
    ['pod.capabilities-restricted', 'pod.privilege-escalation', 'pod.run-as-non-root', 'pod.seccomp-required', 'pod.volume-types'],
  );
});

test('privileged evaluates nothing', async () => {
  assert.deepEqual(await evaluate({ hostNetwork: true, containers: [ctr('app', { privileged: true })] }, 'privileged'), []);
});

test('a hostPath volume is one violation at restricted, not two', async () => {
  const found = await evaluate(restrictedPod({ volumes: [{ name: 'sock', hostPath: { path: '/run/containerd/containerd.sock' } }] }), 'restricted');
  assert.deepEqual(found, [{ checkId: 'pod.host-path', subject: 'volume:sock' }]);
});

test('restricted checks that supersede baseline ones do not repeat them', async () => {
  const sysAdmin = await evaluate(restrictedPod({}, { ...RESTRICTED_SC, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }), 'restricted');
  assert.deepEqual(sysAdmin.map((r) => r.checkId), ['pod.capabilities-baseline', 'pod.capabilities-baseline']);
  const unconfined = await evaluate(restrictedPod({ securityContext: { seccompProfile: { type: 'Unconfined' } } }, { ...RESTRICTED_SC, seccompProfile: undefined }), 'restricted');
  assert.deepEqual(unconfined, [{ checkId: 'pod.seccomp-unconfined', subject: 'spec.securityContext.seccompProfile.type' }]);
});

test('an unmasked /proc in a user namespace passes baseline at 1.35 and fails restricted once', async () => {
  const spec = restrictedPod({ hostUsers: false, containers: [ctr('app', { ...RESTRICTED_SC, procMount: 'Unmasked' })] });
  assert.deepEqual(await evaluate(spec, 'baseline', 35), []);
  assert.deepEqual(await evaluate(spec, 'restricted', 35), [{ checkId: 'pod.proc-mount-restricted', subject: 'container:app' }]);
  assert.deepEqual(await evaluate(spec, 'restricted', 34), [{ checkId: 'pod.proc-mount', subject: 'container:app' }]);
});

test('a pod in a user namespace may run as root under restricted from 1.35', async () => {
  const sc = { ...RESTRICTED_SC, runAsNonRoot: undefined, runAsUser: 0 };
  const spec = restrictedPod({ hostUsers: false }, sc);
  assert.deepEqual(await evaluate(spec, 'restricted', 35), []);
  const before = new Set((await evaluate(spec, 'restricted', 34)).map((r) => r.checkId));
  assert.deepEqual([...before].sort(), ['pod.run-as-non-root', 'pod.run-as-user-root']);
});
