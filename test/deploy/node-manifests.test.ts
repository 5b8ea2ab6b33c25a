import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { rampart } from '../helpers/cli.js';

interface PodTemplate {
  hostPID?: boolean;
  hostNetwork?: boolean;
  containers: { securityContext: { runAsUser: number; readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean; privileged?: boolean; capabilities: { drop: string[]; add?: string[] } }; volumeMounts: { readOnly?: boolean; mountPath: string }[] }[];
  volumes: { hostPath?: { path: string } }[];
  tolerations: { key: string }[];
}

function podTemplate(file: string, kind: string): PodTemplate {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as { kind: string; spec: { template: { spec: PodTemplate } } });
  const workload = docs.find((d) => d.kind === kind);
  assert.ok(workload, `${file}: no ${kind}`);
  return workload.spec.template.spec;
}

test('the node DaemonSet and Job use hostPID and read-only host mounts only, as uid 0 without any capability', () => {
  for (const [file, kind] of [['deploy/node-daemonset.yaml', 'DaemonSet'], ['deploy/node-job.yaml', 'Job']] as const) {
    const spec = podTemplate(file, kind);
    assert.equal(spec.hostPID, true);
    assert.equal(spec.hostNetwork, undefined);
    const sc = spec.containers[0]?.securityContext;
    assert.deepEqual(sc?.capabilities, { drop: ['ALL'] });
    assert.equal(sc?.runAsUser, 0);
    assert.equal(sc?.readOnlyRootFilesystem, true);
    assert.equal(sc?.allowPrivilegeEscalation, false);
    assert.equal(sc?.privileged, undefined);
    for (const m of spec.containers[0]?.volumeMounts ?? []) assert.equal(m.readOnly, true, `${file}: ${m.mountPath} is writable`);
    const hostPaths = spec.volumes.map((v) => v.hostPath?.path);
    assert.ok(!hostPaths.includes('/') && !hostPaths.includes('/var/lib/kubelet') && !hostPaths.includes('/proc'), `${file}: mounts too much: ${hostPaths.join(', ')}`);
    assert.ok(spec.tolerations.some((t) => t.key === 'node-role.kubernetes.io/control-plane'));
  }
});

test('rampart manifests on the node manifests reports exactly the findings they knowingly carry', async () => {
  const { code, stdout } = await rampart(['manifests', 'deploy/node-daemonset.yaml', 'deploy/node-job.yaml', '--format', 'json']);
  assert.equal(code, 0);
  const report = JSON.parse(stdout) as { findings: { checkId: string; asset: { name: string } }[] };
  const byAsset: Record<string, string[]> = {};
  for (const f of report.findings) (byAsset[f.asset.name] ??= []).push(f.checkId);
  // hostPID and hostPath: what reading the host needs; root: what reading root-owned 0600 files
  // needs; no digest: the release pins none yet; mTLS: the pod talks to nothing (deny-all policy).
  const carried = ['network.mtls-not-enforced', 'pod.host-path', 'pod.host-pid', 'pod.image-no-digest', 'pod.run-as-non-root', 'pod.run-as-user-root'];
  assert.deepEqual([...new Set(byAsset['rampart/DaemonSet/rampart-node'])].sort(), carried);
  assert.deepEqual([...new Set(byAsset['rampart/Job/rampart-node-control-plane'])].sort(), carried);
  // The namespace must allow privileged pods (hostPID), which the PSA check reports.
  assert.deepEqual(byAsset['Namespace/rampart'], ['namespace.psa-not-enforced']);
  assert.deepEqual(Object.keys(byAsset).sort(), ['Namespace/rampart', 'rampart/DaemonSet/rampart-node', 'rampart/Job/rampart-node-control-plane']);
});
