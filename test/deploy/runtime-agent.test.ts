import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { rampart } from '../helpers/cli.js';

const FILE = 'deploy/runtime-agent-daemonset.yaml';

interface AgentSpec {
  hostPID?: boolean;
  hostNetwork?: boolean;
  containers: { args: string[]; env: { name: string; value: string }[]; securityContext: { capabilities: { drop: string[]; add?: string[] }; readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean; privileged?: boolean }; volumeMounts: { readOnly?: boolean; mountPath: string }[] }[];
}

test('the runtime agent DaemonSet gets only the audit capabilities, read-only host mounts except its own state, and the heap limits', () => {
  const docs = parseAllDocuments(readFileSync(FILE, 'utf8')).map((d) => d.toJS() as { kind: string; spec: { template: { spec: AgentSpec } } });
  const spec = docs.find((d) => d.kind === 'DaemonSet')!.spec.template.spec;
  const container = spec.containers[0]!;
  assert.equal(spec.hostPID, true);
  assert.equal(spec.hostNetwork, undefined);
  assert.deepEqual(container.securityContext.capabilities, { drop: ['ALL'], add: ['AUDIT_CONTROL', 'AUDIT_READ'] });
  assert.equal(container.securityContext.privileged, undefined);
  assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  assert.equal(container.securityContext.allowPrivilegeEscalation, false);
  const writable = container.volumeMounts.filter((m) => !m.readOnly).map((m) => m.mountPath);
  assert.deepEqual(writable, ['/var/lib/rampart']);
  assert.match(container.env.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '', /--max-old-space-size=64/);
  assert.deepEqual(container.args.slice(0, 2), ['runtime', 'agent']);
});

test('rampart manifests on the runtime agent DaemonSet reports exactly what a node sensor knowingly needs', async () => {
  const { code, stdout } = await rampart(['manifests', FILE, '--format', 'json']);
  assert.equal(code, 0);
  const report = JSON.parse(stdout) as { findings: { checkId: string; asset: { name: string } }[] };
  const checks = [...new Set(report.findings.filter((f) => f.asset.name === 'rampart/DaemonSet/rampart-runtime-agent').map((f) => f.checkId))].sort();
  // Audit capabilities, hostPID and hostPath: what the sensor needs; root: auditctl; egress: the SIEM's address is the site's.
  assert.deepEqual(checks, ['network.egress-to-internet', 'network.mtls-not-enforced', 'pod.capabilities-baseline', 'pod.host-path', 'pod.host-pid', 'pod.image-no-digest', 'pod.run-as-non-root', 'pod.run-as-user-root']);
});
