import { chmod, chown, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A file of a test host: content, mode and owner (uid:gid). */
export interface HostFile {
  content: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

/** Builds a host root in a temp folder: files with modes and owners, and fake /proc/<pid>/cmdline entries. */
export async function buildHost(files: Record<string, string | HostFile>, processes: Record<number, string[]> = {}): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'rampart-node-'));
  for (const [name, spec] of Object.entries(files)) {
    const file = typeof spec === 'string' ? { content: spec } : spec;
    const full = path.join(root, name);
    if (name.endsWith('/')) {
      await mkdir(full, { recursive: true });
    } else {
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, file.content);
    }
    await chmod(full, file.mode ?? 0o600);
    await chown(full, file.uid ?? 0, file.gid ?? 0);
  }
  for (const [pid, argv] of Object.entries(processes)) {
    await mkdir(path.join(root, 'proc', pid), { recursive: true });
    await writeFile(path.join(root, 'proc', pid, 'cmdline'), argv.join('\0') + '\0');
  }
  return root;
}

const pod = (name: string, image: string, command: string[]): string =>
  `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
  - name: ${name}
    image: registry.k8s.io/${image}
    command:
${command.map((c) => `    - ${c}`).join('\n')}
`;

export const GOOD_APISERVER = [
  'kube-apiserver', '--advertise-address=10.0.0.10', '--anonymous-auth=false', '--authorization-mode=Node,RBAC', '--client-ca-file=/etc/kubernetes/pki/ca.crt',
  '--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs', '--admission-control-config-file=/etc/kubernetes/admission.yaml',
  '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt', '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt', '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
  '--etcd-servers=https://127.0.0.1:2379', '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt', '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
  '--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt', '--profiling=false', '--audit-log-path=/var/log/kubernetes/audit/audit.log', '--audit-log-maxage=30',
  '--audit-log-maxbackup=10', '--audit-log-maxsize=100', '--audit-policy-file=/etc/kubernetes/audit-policy.yaml', '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
  '--service-account-issuer=https://kubernetes.default.svc.cluster.local', '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key', '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
  '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key', '--encryption-provider-config=/etc/kubernetes/enc/encryption.yaml', '--service-account-extend-token-expiration=false',
  '--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
];
const GOOD_CONTROLLER_MANAGER = [
  'kube-controller-manager', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--profiling=false', '--root-ca-file=/etc/kubernetes/pki/ca.crt',
  '--service-account-private-key-file=/etc/kubernetes/pki/sa.key', '--use-service-account-credentials=true', '--terminated-pod-gc-threshold=100',
];
const GOOD_SCHEDULER = ['kube-scheduler', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--profiling=false'];
const GOOD_ETCD = [
  'etcd', '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--key-file=/etc/kubernetes/pki/etcd/server.key', '--client-cert-auth=true', '--data-dir=/var/lib/etcd',
  '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key', '--peer-client-cert-auth=true', '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
  '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--listen-client-urls=https://127.0.0.1:2379',
];

export const GOOD_KUBELET_CONFIG = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
readOnlyPort: 0
rotateCertificates: true
serverTLSBootstrap: true
podPidsLimit: 4096
seccompDefault: true
streamingConnectionIdleTimeout: 4h0m0s
tlsCipherSuites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
`;

export const KUBEADM_DROP_IN = `# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`;

export const KUBELET_PROCESS = ['/usr/bin/kubelet', '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf', '--kubeconfig=/etc/kubernetes/kubelet.conf', '--config=/var/lib/kubelet/config.yaml', '--container-runtime-endpoint=unix:///run/containerd/containerd.sock'];

/** A kubeadm control-plane node configured to the benchmark: files, manifests, and the kubelet configured by file. */
export function kubeadmControlPlane(overrides: { apiserver?: string[]; kubeletConfig?: string } = {}): Record<string, string | HostFile> {
  return {
    '/etc/hostname': { content: 'cp-1\n', mode: 0o644 },
    '/etc/passwd': { content: 'root:x:0:0:root:/root:/bin/bash\netcd:x:996:996::/var/lib/etcd:/usr/sbin/nologin\n', mode: 0o644 },
    '/etc/group': { content: 'root:x:0:\netcd:x:996:\n', mode: 0o644 },
    '/etc/kubernetes/manifests/kube-apiserver.yaml': pod('kube-apiserver', 'kube-apiserver:v1.33.2', overrides.apiserver ?? GOOD_APISERVER),
    '/etc/kubernetes/manifests/kube-controller-manager.yaml': pod('kube-controller-manager', 'kube-controller-manager:v1.33.2', GOOD_CONTROLLER_MANAGER),
    '/etc/kubernetes/manifests/kube-scheduler.yaml': pod('kube-scheduler', 'kube-scheduler:v1.33.2', GOOD_SCHEDULER),
    '/etc/kubernetes/manifests/etcd.yaml': pod('etcd', 'etcd:3.5.21-0', GOOD_ETCD),
    '/etc/kubernetes/admin.conf': 'apiVersion: v1\nkind: Config\n',
    '/etc/kubernetes/super-admin.conf': 'apiVersion: v1\nkind: Config\n',
    '/etc/kubernetes/scheduler.conf': 'apiVersion: v1\nkind: Config\n',
    '/etc/kubernetes/controller-manager.conf': 'apiVersion: v1\nkind: Config\n',
    '/etc/kubernetes/kubelet.conf': 'apiVersion: v1\nkind: Config\n',
    '/etc/kubernetes/pki/': { content: '', mode: 0o755 },
    '/etc/kubernetes/pki/ca.crt': { content: 'cluster CA\n', mode: 0o644 },
    '/etc/kubernetes/pki/ca.key': 'cluster CA key\n',
    '/etc/kubernetes/pki/apiserver.crt': { content: 'apiserver\n', mode: 0o644 },
    '/etc/kubernetes/pki/apiserver.key': 'apiserver key\n',
    '/etc/kubernetes/pki/etcd/': { content: '', mode: 0o755 },
    '/etc/kubernetes/pki/etcd/ca.crt': { content: 'etcd CA\n', mode: 0o644 },
    '/etc/kubernetes/pki/etcd/ca.key': 'etcd CA key\n',
    '/etc/kubernetes/enc/encryption.yaml': 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources: [secrets]\n  providers:\n  - aesgcm:\n      keys: [{name: k1, secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==}]\n  - identity: {}\n',
    '/etc/kubernetes/audit-policy.yaml': 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n',
    '/var/lib/etcd/': { content: '', mode: 0o700, uid: 996, gid: 996 },
    '/etc/cni/net.d/10-calico.conflist': '{"name":"k8s-pod-network","cniVersion":"0.3.1","plugins":[]}\n',
    '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf': KUBEADM_DROP_IN,
    '/usr/lib/systemd/system/kubelet.service': '[Unit]\nDescription=kubelet\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n',
    '/var/lib/kubelet/config.yaml': overrides.kubeletConfig ?? GOOD_KUBELET_CONFIG,
    '/var/lib/kubelet/kubeadm-flags.env': 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10"\n',
  };
}
