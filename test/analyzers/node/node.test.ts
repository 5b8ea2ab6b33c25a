import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNode, NODE_CHECK_IDS } from '../../../src/analyzers/node/index.js';
import { loadFrameworks } from '../../../src/catalog/index.js';
import { NODE_CHECK_INFO } from '../../../src/catalog/checks/node.js';
import type { Finding } from '../../../src/model/index.js';
import { readNodeSnapshot } from '../../../src/sources/node/index.js';
import { buildHost, GOOD_APISERVER, GOOD_KUBELET_CONFIG, KUBELET_PROCESS, kubeadmControlPlane, type HostFile } from './host-tree.js';

const frameworks = loadFrameworks();

async function scan(files: Record<string, string | HostFile>, processes: Record<number, string[]> = {}, nodeType: 'auto' | 'worker' | 'control-plane' = 'auto') {
  const root = await buildHost(files, processes);
  const snapshot = await readNodeSnapshot({ root });
  return analyzeNode(snapshot, { frameworks, nodeType });
}
const failing = (findings: Finding[]): string[] => findings.filter((f) => f.status === 'fail').map((f) => f.checkId).sort();
const byCheck = (findings: Finding[], id: string): Finding[] => findings.filter((f) => f.checkId === id);

test('a kubeadm control plane configured to the benchmark: no failures, every manual control listed, only kube-proxy not seen', async () => {
  const result = await scan(kubeadmControlPlane(), { 101: KUBELET_PROCESS });
  assert.equal(result.nodeType, 'control-plane');
  assert.deepEqual(failing(result.findings), []);
  const notEvaluated = result.findings.filter((f) => f.status === 'not-evaluated').map((f) => f.checkId).sort();
  const manual = [...NODE_CHECK_INFO].filter(([, i]) => i.manual).map(([id]) => id).sort();
  assert.deepEqual(notEvaluated, [...manual, 'node.file.proxy-kubeconfig-owner', 'node.file.proxy-kubeconfig-permissions', 'node.kube-proxy.metrics-bind-address'].sort());
  for (const f of result.findings) assert.ok(f.reason?.en && f.reason.zh, `${f.checkId}: not-evaluated without a reason`);
  // Every check of the catalogue either ran or was listed: none is silently skipped.
  const listed = new Set([...result.evaluated, ...result.findings.map((f) => f.checkId)]);
  assert.deepEqual(NODE_CHECK_IDS.filter((id) => !listed.has(id)), []);
  assert.equal(result.findings[0]?.asset.ref, 'node://cp-1');
});

test('insecure API server flags fail with the manifest line as location and the flag as evidence', async () => {
  const apiserver = GOOD_APISERVER.filter((a) => !/^--(anonymous-auth|profiling|audit-log-path|audit-policy-file)=/.test(a)).concat('--anonymous-auth=true');
  const result = await scan(kubeadmControlPlane({ apiserver }), { 101: KUBELET_PROCESS });
  assert.deepEqual(failing(result.findings), ['node.apiserver.anonymous-auth', 'node.apiserver.audit-log-path', 'node.apiserver.audit-policy', 'node.apiserver.profiling']);
  const anonymous = byCheck(result.findings, 'node.apiserver.anonymous-auth')[0];
  assert.equal(anonymous?.location.file, '/etc/kubernetes/manifests/kube-apiserver.yaml');
  assert.ok(anonymous?.location.line && anonymous.location.line > 10);
  assert.match(anonymous?.evidence ?? '', /--anonymous-auth=true/);
  assert.match(byCheck(result.findings, 'node.apiserver.profiling')[0]?.message.en ?? '', /not set \(default true\)/);
  assert.ok(byCheck(result.findings, 'node.apiserver.anonymous-auth')[0]?.controls.includes('cis-k8s-1.12:1.2.1'));
});

test('an API server configured by AuthorizationConfiguration and AuthenticationConfiguration files is judged by what the files say (anonymous only on health paths passes)', async () => {
  const structured = GOOD_APISERVER.filter((a) => !/^--(anonymous-auth|authorization-mode)=/.test(a)).concat('--authorization-config=/etc/kubernetes/authz.yaml', '--authentication-config=/etc/kubernetes/authn.yaml');
  const good = await scan(
    {
      ...kubeadmControlPlane({ apiserver: structured }),
      '/etc/kubernetes/authz.yaml': 'apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\nauthorizers:\n- type: Node\n  name: node\n- type: RBAC\n  name: rbac\n',
      '/etc/kubernetes/authn.yaml': 'apiVersion: apiserver.config.k8s.io/v1beta1\nkind: AuthenticationConfiguration\nanonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n  - path: /readyz\n',
    },
    { 101: KUBELET_PROCESS },
  );
  assert.deepEqual(failing(good.findings).filter((id) => /anonymous|authorization/.test(id)), []);
  const loose = await scan(
    {
      ...kubeadmControlPlane({ apiserver: structured }),
      '/etc/kubernetes/authz.yaml': 'apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\nauthorizers:\n- type: RBAC\n  name: rbac\n',
      '/etc/kubernetes/authn.yaml': 'apiVersion: apiserver.config.k8s.io/v1beta1\nkind: AuthenticationConfiguration\nanonymous:\n  enabled: true\n  conditions:\n  - path: /healthz\n  - path: /api\n',
    },
    { 101: KUBELET_PROCESS },
  );
  assert.deepEqual(failing(loose.findings).filter((id) => /anonymous|authorization/.test(id)), ['node.apiserver.anonymous-auth', 'node.apiserver.authorization-node']);
  assert.match(byCheck(loose.findings, 'node.apiserver.authorization-node')[0]?.evidence ?? '', /RBAC/);
});

test('wrong permissions and owners fail per file, with mode and owner names from the host passwd as evidence', async () => {
  const files = kubeadmControlPlane();
  files['/etc/passwd'] = { content: 'root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n', mode: 0o644 };
  files['/etc/group'] = { content: 'root:x:0:\nalice:x:1000:\n', mode: 0o644 };
  files['/etc/kubernetes/admin.conf'] = { content: 'apiVersion: v1\n', mode: 0o644, uid: 1000, gid: 1000 };
  files['/etc/kubernetes/pki/ca.key'] = { content: 'key\n', mode: 0o640 };
  files['/var/lib/kubelet/config.yaml'] = { content: GOOD_KUBELET_CONFIG, mode: 0o400 }; // stricter than 600 passes
  const result = await scan(files, { 101: KUBELET_PROCESS });
  const fails = failing(result.findings);
  assert.ok(fails.includes('node.file.admin-conf-permissions') && fails.includes('node.file.admin-conf-owner'));
  assert.ok(fails.includes('node.file.pki-key-permissions'));
  assert.ok(!fails.includes('node.file.kubelet-config-permissions'));
  const owner = byCheck(result.findings, 'node.file.admin-conf-owner')[0];
  assert.equal(owner?.subject, '/etc/kubernetes/admin.conf');
  assert.match(owner?.evidence ?? '', /mode 644, owner alice:alice \(uid 1000, gid 1000\)/);
  // No etcd user on this host: the data directory cannot be etcd:etcd.
  assert.ok(fails.includes('node.file.etcd-data-dir-owner'));
});

test('a worker: control-plane sections are not applicable, not failures; a kubelet configured by file only passes', async () => {
  const files = kubeadmControlPlane();
  for (const f of Object.keys(files)) if (f.startsWith('/etc/kubernetes/manifests/') || f.includes('admin.conf') || f.startsWith('/var/lib/etcd')) delete files[f];
  const result = await scan(files, { 7: ['/usr/bin/kubelet', '--config=/var/lib/kubelet/config.yaml', '--kubeconfig=/etc/kubernetes/kubelet.conf'] });
  assert.equal(result.nodeType, 'worker');
  assert.equal(result.notApplicable.length, 1);
  assert.ok(result.findings.every((f) => !/^node\.(apiserver|etcd|scheduler|controller-manager|auth)\./.test(f.checkId)));
  assert.deepEqual(failing(result.findings), []);
  assert.ok(result.evaluated.includes('node.kubelet.read-only-port') && result.evaluated.includes('node.kubelet.anonymous-auth'));
});

test('a kubelet configured by flags only passes when the flags are right, and fails on the legacy defaults when bare', async () => {
  const base = { '/etc/hostname': 'w-2\n', '/etc/kubernetes/kubelet.conf': 'x', '/etc/kubernetes/pki/ca.crt': { content: 'ca', mode: 0o644 } };
  const good = await scan(base, { 9: ['kubelet', '--anonymous-auth=false', '--authorization-mode', 'Webhook', '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--read-only-port=0', '--rotate-certificates', '--tls-cert-file=/var/lib/kubelet/pki/kubelet.crt', '--tls-private-key-file=/var/lib/kubelet/pki/kubelet.key', '--pod-max-pids=2048', '--seccomp-default=true', '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'] });
  assert.deepEqual(failing(good.findings), []);
  const kubeletConfigFile = byCheck(good.findings, 'node.file.kubelet-config-permissions')[0];
  assert.equal(kubeletConfigFile?.status, 'not-evaluated');
  assert.match(kubeletConfigFile?.reason?.en ?? '', /Not applicable: the kubelet runs without a configuration file/);

  const bare = await scan(base, { 9: ['/usr/local/bin/kubelet', '--kubeconfig=/etc/kubernetes/kubelet.conf'] });
  const fails = failing(bare.findings);
  for (const id of ['node.kubelet.anonymous-auth', 'node.kubelet.authorization-mode', 'node.kubelet.read-only-port', 'node.kubelet.client-ca-file']) assert.ok(fails.includes(id), id);
  assert.match(byCheck(bare.findings, 'node.kubelet.read-only-port')[0]?.evidence ?? '', /default 10255, kubelet runs without a configuration file/);
});

test('a kubelet flag overrides its configuration file, as the kubelet does', async () => {
  const result = await scan(kubeadmControlPlane(), { 101: [...KUBELET_PROCESS, '--read-only-port=10255', '--anonymous-auth=true'] });
  assert.deepEqual(failing(result.findings), ['node.kubelet.anonymous-auth', 'node.kubelet.read-only-port']);
  assert.match(byCheck(result.findings, 'node.kubelet.read-only-port')[0]?.evidence ?? '', /--read-only-port=10255 \(process 101\)/);
});

test('a kubelet that is not running is judged from its systemd unit, drop-ins and environment files', async () => {
  const files = kubeadmControlPlane({ kubeletConfig: GOOD_KUBELET_CONFIG.replace('readOnlyPort: 0', 'readOnlyPort: 10255') });
  files['/etc/default/kubelet'] = { content: 'KUBELET_EXTRA_ARGS="--hostname-override=node-a"\n', mode: 0o644 };
  files['/etc/systemd/system/kubelet.service.d/10-kubeadm.conf'] = { content: (files['/etc/systemd/system/kubelet.service.d/10-kubeadm.conf'] as string), mode: 0o644 };
  const result = await scan(files);
  const fails = failing(result.findings);
  assert.deepEqual(fails, ['node.file.kubelet-service-permissions', 'node.kubelet.hostname-override', 'node.kubelet.read-only-port']);
  assert.equal(byCheck(result.findings, 'node.kubelet.read-only-port')[0]?.location.file, '/var/lib/kubelet/config.yaml');
  assert.match(byCheck(result.findings, 'node.kubelet.hostname-override')[0]?.evidence ?? '', /systemd unit \/etc\/systemd\/system\/kubelet.service.d\/10-kubeadm.conf/);
});

test('external etcd: etcd checks are not evaluated with the reason, not failed', async () => {
  const files = kubeadmControlPlane();
  delete files['/etc/kubernetes/manifests/etcd.yaml'];
  const result = await scan(files, { 101: KUBELET_PROCESS });
  for (const id of ['node.etcd.client-cert-auth', 'node.etcd.unique-ca', 'node.file.etcd-data-dir-owner']) {
    const f = byCheck(result.findings, id)[0];
    assert.equal(f?.status, 'not-evaluated', id);
    assert.match(f?.reason?.en ?? '', /etcd does not run on this node/);
  }
  assert.equal(byCheck(result.findings, 'node.file.etcd-manifest-permissions')[0]?.status, 'not-evaluated');
});

test('etcd trusting the cluster CA, weak ciphers and a Secrets-in-clear encryption config fail', async () => {
  const files = kubeadmControlPlane({ apiserver: GOOD_APISERVER.map((a) => (a.startsWith('--tls-cipher-suites=') ? `${a},TLS_RSA_WITH_AES_128_CBC_SHA` : a)) });
  files['/etc/kubernetes/manifests/etcd.yaml'] = (files['/etc/kubernetes/manifests/etcd.yaml'] as string).replace('--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--trusted-ca-file=/etc/kubernetes/pki/ca.crt');
  files['/etc/kubernetes/enc/encryption.yaml'] = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources: [secrets]\n  providers:\n  - identity: {}\n';
  const result = await scan(files, { 101: KUBELET_PROCESS });
  assert.deepEqual(failing(result.findings), ['node.apiserver.encryption-providers', 'node.apiserver.tls-cipher-suites', 'node.etcd.unique-ca']);
  assert.match(byCheck(result.findings, 'node.apiserver.tls-cipher-suites')[0]?.message.en ?? '', /TLS_RSA_WITH_AES_128_CBC_SHA/);
});

test("this machine's own root: no kubelet runs here, so kubelet checks are not evaluated with the reason, and nothing crashes", async () => {
  const snapshot = await readNodeSnapshot({ root: '/' });
  const result = analyzeNode(snapshot, { frameworks });
  assert.equal(result.nodeType, 'worker');
  const anonymous = byCheck(result.findings, 'node.kubelet.anonymous-auth')[0];
  assert.equal(anonymous?.status, 'not-evaluated');
  assert.match(anonymous?.reason?.en ?? '', /No kubelet runs on this node/);
  assert.deepEqual(failing(result.findings), []);
});
