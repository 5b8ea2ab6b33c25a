import type { Check, CheckTarget, Localized, Severity } from '../../model/index.js';

/**
 * Node checks: CIS Kubernetes Benchmark v1.12 sections 1–4 (control-plane files and flags, etcd,
 * control-plane configuration, worker node files and kubelet), judged by src/analyzers/node on
 * what `rampart node` reads from a host root. The texts are built from a few facts per check
 * (component, setting, file, why) so that every remediation names the exact file and command.
 * Checks marked `manual` need a human: the analyzer lists them as not evaluated, saying what to
 * look at, so that a report never reads them as passed.
 */

export const NODE_TARGET: CheckTarget = 'node';

const CIS_K8S = 'https://www.cisecurity.org/benchmark/kubernetes';
const KUBELET_CONFIG = 'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/';

type Component = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd' | 'kubelet' | 'kube-proxy';

const MANIFEST: Record<string, string> = {
  'kube-apiserver': '/etc/kubernetes/manifests/kube-apiserver.yaml',
  'kube-controller-manager': '/etc/kubernetes/manifests/kube-controller-manager.yaml',
  'kube-scheduler': '/etc/kubernetes/manifests/kube-scheduler.yaml',
  etcd: '/etc/kubernetes/manifests/etcd.yaml',
};

const REFERENCES: Record<Component, string> = {
  'kube-apiserver': 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/',
  'kube-controller-manager': 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/',
  'kube-scheduler': 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/',
  etcd: 'https://etcd.io/docs/v3.5/op-guide/security/',
  kubelet: KUBELET_CONFIG,
  'kube-proxy': 'https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/',
};

/** Per check id: the CIS v1.12 recommendation it implements and whether it needs a human. */
export interface NodeCheckInfo {
  cis: string;
  manual: boolean;
  component?: Component;
  /** For flag checks: what to set (`--profiling=false`). */
  setting?: string;
}
export const NODE_CHECK_INFO = new Map<string, NodeCheckInfo>();

interface FlagSpec {
  id: string;
  cis: string;
  severity: Severity;
  component: Component;
  /** What to set, as a flag: `--profiling=false`. */
  setting: string;
  /** For the kubelet and kube-proxy: the configuration-file field that does the same. */
  field?: string;
  title: Localized;
  why: Localized;
  /** Added to the generated remediation. */
  note?: Localized;
}

function flagCheck(s: FlagSpec): Check {
  NODE_CHECK_INFO.set(s.id, { cis: s.cis, manual: false, component: s.component, setting: s.field ?? s.setting });
  return {
    id: s.id,
    severity: s.severity,
    target: NODE_TARGET,
    title: s.title,
    description: {
      en: `${s.why.en} Checked on the ${s.component} command line${s.field ? ` merged with its configuration file (a flag overrides the file, as the ${s.component} does; unset in both means the ${s.component}'s default)` : ''}. CIS Kubernetes Benchmark v1.12 ${s.cis}.`,
      zh: `${s.why.zh}检查 ${s.component} 的命令行${s.field ? `，并与其配置文件合并（与 ${s.component} 自身一致：命令行参数优先于配置文件，两处均未设置时取其默认值）` : ''}。对应 CIS Kubernetes 基准 v1.12 第 ${s.cis} 条。`,
    },
    remediation: remediationOf(s),
    references: [REFERENCES[s.component], CIS_K8S],
  };
}

function remediationOf(s: FlagSpec): Localized {
  const note = s.note ? { en: ` ${s.note.en}`, zh: s.note.zh } : { en: '', zh: '' };
  if (s.component === 'kubelet') {
    return {
      en: `In the kubelet configuration file (the file named by --config; /var/lib/kubelet/config.yaml on kubeadm nodes) set \`${s.field}\`, and remove any contrary \`${s.setting.split('=')[0]}\` flag from the kubelet's command line (systemd drop-ins under /etc/systemd/system/kubelet.service.d/, KUBELET_EXTRA_ARGS in /etc/default/kubelet or /etc/sysconfig/kubelet, /var/lib/kubelet/kubeadm-flags.env), since a flag overrides the file. Then run \`systemctl daemon-reload && systemctl restart kubelet\` on the node.${note.en}`,
      zh: `在 kubelet 配置文件（--config 指定的文件；kubeadm 节点上为 /var/lib/kubelet/config.yaml）中设置 \`${s.field}\`，并从 kubelet 的命令行中删除与之相反的 \`${s.setting.split('=')[0]}\` 参数（/etc/systemd/system/kubelet.service.d/ 下的 systemd drop-in、/etc/default/kubelet 或 /etc/sysconfig/kubelet 中的 KUBELET_EXTRA_ARGS、/var/lib/kubelet/kubeadm-flags.env），因为命令行参数会覆盖配置文件。然后在该节点执行 \`systemctl daemon-reload && systemctl restart kubelet\`。${note.zh}`,
    };
  }
  if (s.component === 'kube-proxy') {
    return {
      en: `Set \`${s.field}\` in the kube-proxy configuration (the \`config.conf\` key of ConfigMap kube-system/kube-proxy on kubeadm clusters), or pass \`${s.setting}\`; then restart the kube-proxy pods (\`kubectl -n kube-system rollout restart daemonset kube-proxy\`).${note.en}`,
      zh: `在 kube-proxy 配置中设置 \`${s.field}\`（kubeadm 集群中为 kube-system/kube-proxy ConfigMap 的 \`config.conf\`），或传入 \`${s.setting}\`；然后重启 kube-proxy Pod（\`kubectl -n kube-system rollout restart daemonset kube-proxy\`）。${note.zh}`,
    };
  }
  const manifest = MANIFEST[s.component] as string;
  return {
    en: `On every control-plane node, edit ${manifest} and set \`${s.setting}\` in the ${s.component} container's command; the kubelet restarts the static pod when the file changes. On kubeadm clusters also put it in the ClusterConfiguration (\`extraArgs\`) so that \`kubeadm upgrade\` keeps it.${note.en}`,
    zh: `在每个控制平面节点上编辑 ${manifest}，在 ${s.component} 容器的 command 中设置 \`${s.setting}\`；文件变更后 kubelet 会重启该静态 Pod。kubeadm 集群还应写入 ClusterConfiguration（\`extraArgs\`），使 \`kubeadm upgrade\` 后仍然保留。${note.zh}`,
  };
}

interface FileSpec {
  id: string;
  cis: string;
  severity: Severity;
  /** What the file is, e.g. "the API server pod specification file". */
  what: Localized;
  /** The usual path, for the remediation command. */
  path: string;
  /** `600`: permissions no wider; `root:root`: owner. */
  want: string;
  why: Localized;
  manual?: boolean;
}

function fileCheck(s: FileSpec): Check {
  NODE_CHECK_INFO.set(s.id, { cis: s.cis, manual: false });
  const owner = s.want.includes(':');
  const recursive = s.path.endsWith('/');
  const command = owner ? `chown ${recursive ? '-R ' : ''}${s.want} ${s.path}` : `chmod ${s.want} ${s.path}`;
  return {
    id: s.id,
    severity: s.severity,
    target: NODE_TARGET,
    title: owner
      ? { en: `Owner of ${s.what.en} is not ${s.want}`, zh: `${s.what.zh}的属主不是 ${s.want}` }
      : { en: `Permissions of ${s.what.en} are wider than ${s.want}`, zh: `${s.what.zh}的权限宽于 ${s.want}` },
    description: {
      en: `${s.why.en} ${owner ? `The file must be owned by ${s.want}.` : `Its mode must be ${s.want} or more restrictive (no permission bit outside ${s.want}).`} Owners are shown by name from the host's /etc/passwd and /etc/group. CIS Kubernetes Benchmark v1.12 ${s.cis}.`,
      zh: `${s.why.zh}${owner ? `该文件的属主应为 ${s.want}。` : `其权限应为 ${s.want} 或更严格（不得有 ${s.want} 之外的权限位）。`}属主名称取自宿主机的 /etc/passwd 与 /etc/group。对应 CIS Kubernetes 基准 v1.12 第 ${s.cis} 条。`,
    },
    remediation: {
      en: `On the node, run \`${command}\` (adjust the path to the one in the finding). If a provisioning tool (kubeadm, Ansible, a cloud image) writes the file, fix the mode or owner there too, or the next run will undo the change.`,
      zh: `在该节点执行 \`${command}\`（路径以发现中给出的为准）。如果该文件由部署工具（kubeadm、Ansible、云厂商镜像）生成，也要在工具中修正权限或属主，否则下次运行会恢复原状。`,
    },
    references: [CIS_K8S],
  };
}

interface ManualSpec {
  id: string;
  cis: string;
  severity: Severity;
  title: Localized;
  why: Localized;
  /** What a human must look at: the analyzer's not-evaluated reason. */
  lookAt: Localized;
  remediation: Localized;
  references?: string[];
}

function manualCheck(s: ManualSpec): Check {
  NODE_CHECK_INFO.set(s.id, { cis: s.cis, manual: true });
  MANUAL_REVIEW.set(s.id, s.lookAt);
  return {
    id: s.id,
    severity: s.severity,
    target: NODE_TARGET,
    title: s.title,
    description: {
      en: `${s.why.en} This needs a person's judgement, so Rampart lists it as not evaluated with what to look at, rather than passing it. CIS Kubernetes Benchmark v1.12 ${s.cis}.`,
      zh: `${s.why.zh}此项需要人工判断，因此 Rampart 将其列为“未评估”并说明应检查的内容，而不是视为通过。对应 CIS Kubernetes 基准 v1.12 第 ${s.cis} 条。`,
    },
    remediation: s.remediation,
    references: s.references ?? [CIS_K8S],
  };
}

/** What a human must look at, per manual check id. */
export const MANUAL_REVIEW = new Map<string, Localized>();

const T = (en: string, zh: string): Localized => ({ en, zh });

const MANIFEST_WHY = T('Static pod specifications define how the control plane runs: whoever can write one can start a component with any flag, or any container as root on the control-plane node.', '静态 Pod 规约决定控制平面组件如何运行：能写入它的人可以用任意参数启动组件，或在控制平面节点上以 root 身份运行任意容器。');
const KUBECONFIG_WHY = T('This kubeconfig holds a client certificate and key that authenticate to the API server; anyone who can read it acts with its identity.', '该 kubeconfig 中保存了用于向 API server 认证的客户端证书和私钥，能读取它的人即可冒用其身份。');

/** A permissions check and an owner check on one file, as CIS pairs them. */
function filePair(base: string, cisMode: string, cisOwner: string, what: Localized, path: string, mode: string, why: Localized, severity: Severity, owner = 'root:root'): Check[] {
  return [
    fileCheck({ id: `node.file.${base}-permissions`, cis: cisMode, severity, what, path, want: mode, why }),
    fileCheck({ id: `node.file.${base}-owner`, cis: cisOwner, severity, what, path, want: owner, why }),
  ];
}

const fileChecks: Check[] = [
  ...filePair('apiserver-manifest', '1.1.1', '1.1.2', T('the API server pod specification file', 'API server 的 Pod 规约文件'), MANIFEST['kube-apiserver'] as string, '600', MANIFEST_WHY, 'high'),
  ...filePair('controller-manager-manifest', '1.1.3', '1.1.4', T('the controller manager pod specification file', 'controller manager 的 Pod 规约文件'), MANIFEST['kube-controller-manager'] as string, '600', MANIFEST_WHY, 'high'),
  ...filePair('scheduler-manifest', '1.1.5', '1.1.6', T('the scheduler pod specification file', 'scheduler 的 Pod 规约文件'), MANIFEST['kube-scheduler'] as string, '600', MANIFEST_WHY, 'high'),
  ...filePair('etcd-manifest', '1.1.7', '1.1.8', T('the etcd pod specification file', 'etcd 的 Pod 规约文件'), MANIFEST.etcd as string, '600', MANIFEST_WHY, 'high'),
  ...filePair('cni', '1.1.9', '1.1.10', T('the container network interface (CNI) configuration files', '容器网络接口（CNI）配置文件'), '/etc/cni/net.d/*', '600', T('The CNI configuration decides how every pod is wired to the network and which plugin binaries run as root for each pod; a writable file lets a local user redirect or sniff pod traffic.', 'CNI 配置决定每个 Pod 如何接入网络、为每个 Pod 以 root 身份运行哪些插件程序；文件可写意味着本地用户可以重定向或窃听 Pod 流量。'), 'medium'),
  ...filePair('etcd-data-dir', '1.1.11', '1.1.12', T('the etcd data directory', 'etcd 数据目录'), '/var/lib/etcd', '700', T('The etcd data directory holds the whole cluster state, including every Secret (unencrypted unless encryption at rest is configured); only etcd may read it. kubeadm runs etcd as root, so the etcd:etcd owner CIS asks for needs an etcd user on the host and etcd started as that user.', 'etcd 数据目录保存整个集群的状态，包括所有 Secret（未配置静态加密时为明文），只应由 etcd 读取。kubeadm 以 root 运行 etcd，要满足 CIS 要求的 etcd:etcd 属主，需要在宿主机上创建 etcd 用户并以该用户运行 etcd。'), 'high', 'etcd:etcd'),
  ...filePair('admin-conf', '1.1.13', '1.1.14', T('the administrative kubeconfig (admin.conf, super-admin.conf)', '管理员 kubeconfig（admin.conf、super-admin.conf）'), '/etc/kubernetes/admin.conf', '600', T('admin.conf carries a cluster-admin client certificate (super-admin.conf one in group system:masters, which no RBAC rule can restrict); reading it is full control of the cluster.', 'admin.conf 中是具有 cluster-admin 权限的客户端证书（super-admin.conf 中的证书属于 system:masters 组，不受任何 RBAC 规则约束）；能读取它就能完全控制集群。'), 'critical'),
  ...filePair('scheduler-conf', '1.1.15', '1.1.16', T('the scheduler kubeconfig (scheduler.conf)', 'scheduler 的 kubeconfig（scheduler.conf）'), '/etc/kubernetes/scheduler.conf', '600', KUBECONFIG_WHY, 'high'),
  ...filePair('controller-manager-conf', '1.1.17', '1.1.18', T('the controller manager kubeconfig (controller-manager.conf)', 'controller manager 的 kubeconfig（controller-manager.conf）'), '/etc/kubernetes/controller-manager.conf', '600', KUBECONFIG_WHY, 'high'),
  fileCheck({ id: 'node.file.pki-owner', cis: '1.1.19', severity: 'high', what: T('the Kubernetes PKI directory and its files', 'Kubernetes PKI 目录及其文件'), path: '/etc/kubernetes/pki/', want: 'root:root', why: T('The PKI directory holds the cluster CA keys, the service-account signing key and the components\' keys; whoever owns a file there can replace or read it.', 'PKI 目录保存集群 CA 私钥、服务账户签名私钥以及各组件的私钥；文件的属主可以替换或读取这些文件。') }),
  fileCheck({ id: 'node.file.pki-cert-permissions', cis: '1.1.20', severity: 'medium', what: T('the Kubernetes PKI certificate files (*.crt)', 'Kubernetes PKI 证书文件（*.crt）'), path: '/etc/kubernetes/pki/*.crt', want: '644', why: T('Certificates are public, but a writable certificate lets a local user swap the CA the components trust.', '证书本身是公开的，但若证书文件可写，本地用户就能替换各组件所信任的 CA。') }),
  fileCheck({ id: 'node.file.pki-key-permissions', cis: '1.1.21', severity: 'high', what: T('the Kubernetes PKI key files (*.key)', 'Kubernetes PKI 私钥文件（*.key）'), path: '/etc/kubernetes/pki/*.key', want: '600', why: T('A readable CA or service-account key lets its reader mint any certificate or token the cluster will accept.', '能读取 CA 或服务账户私钥的人，可以签发集群认可的任意证书或令牌。') }),
  ...filePair('kubelet-service', '4.1.1', '4.1.2', T('the kubelet service file', 'kubelet 服务文件'), '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf', '600', T('The kubelet\'s systemd unit and drop-ins set its command line; whoever can write them chooses how the kubelet authenticates and authorises requests on the node.', 'kubelet 的 systemd 单元及 drop-in 文件决定其命令行参数；能写入它们的人可以决定 kubelet 如何认证与授权节点上的请求。'), 'high'),
  ...filePair('proxy-kubeconfig', '4.1.3', '4.1.4', T('the kube-proxy kubeconfig', 'kube-proxy 的 kubeconfig'), '/var/lib/kube-proxy/kubeconfig.conf', '600', KUBECONFIG_WHY, 'medium'),
  ...filePair('kubelet-kubeconfig', '4.1.5', '4.1.6', T('the kubelet kubeconfig (kubelet.conf)', 'kubelet 的 kubeconfig（kubelet.conf）'), '/etc/kubernetes/kubelet.conf', '600', T('The kubelet kubeconfig authenticates the node to the API server as system:node:<name>; with it one can read the Secrets of every pod scheduled on the node and change its status.', 'kubelet 的 kubeconfig 以 system:node:<节点名> 身份向 API server 认证；持有它即可读取调度到该节点的所有 Pod 的 Secret 并修改节点状态。'), 'high'),
  ...filePair('kubelet-ca', '4.1.7', '4.1.8', T('the kubelet client certificate authorities file', 'kubelet 的客户端证书颁发机构（CA）文件'), '/etc/kubernetes/pki/ca.crt', '644', T('The kubelet trusts any client certificate signed by the CAs in this file; whoever can write it can add a CA of their own and call the kubelet API.', 'kubelet 信任由该文件中的 CA 签发的任何客户端证书；能写入它的人可以加入自己的 CA，从而调用 kubelet API。'), 'high'),
  ...filePair('kubelet-config', '4.1.9', '4.1.10', T('the kubelet configuration file (config.yaml)', 'kubelet 配置文件（config.yaml）'), '/var/lib/kubelet/config.yaml', '600', T('The kubelet configuration file sets authentication, authorisation, ports and TLS of the kubelet.', 'kubelet 配置文件决定 kubelet 的认证、授权、端口与 TLS 设置。'), 'high'),
];

const api = (id: string, cis: string, severity: Severity, setting: string, title: Localized, why: Localized, note?: Localized): Check =>
  flagCheck({ id: `node.apiserver.${id}`, cis, severity, component: 'kube-apiserver', setting, title, why, ...(note ? { note } : {}) });

const apiserverChecks: Check[] = [
  api('anonymous-auth', '1.2.1', 'high', '--anonymous-auth=false', T('API server accepts anonymous requests', 'API server 接受匿名请求'), T('With anonymous authentication on (the default), a request without credentials is served as system:anonymous; any RBAC rule granted to system:unauthenticated, by mistake or by a chart, is then open to the whole network.', '开启匿名认证（默认开启）时，不带凭据的请求会以 system:anonymous 身份处理；任何授予 system:unauthenticated 的 RBAC 规则（无论误配还是由 Chart 引入）都会对整个网络开放。'), T('If health checks of a load balancer need /healthz, /livez or /readyz, allow those paths only, through an AuthenticationConfiguration `anonymous.conditions` (Kubernetes 1.32+).', '如果负载均衡器的健康检查需要 /healthz、/livez 或 /readyz，应通过 AuthenticationConfiguration 的 `anonymous.conditions`（Kubernetes 1.32+）只放行这些路径。')),
  api('token-auth-file', '1.2.2', 'high', 'no --token-auth-file', T('API server accepts static bearer tokens from a file', 'API server 接受文件中的静态令牌'), T('Tokens in a --token-auth-file never expire, are stored in clear text on the control-plane node and can only be changed by restarting the API server.', '--token-auth-file 中的令牌永不过期，以明文保存在控制平面节点上，且只能通过重启 API server 来更换。'), T('Remove --token-auth-file and move its users to OIDC or client certificates, and workloads to ServiceAccount tokens.', '删除 --token-auth-file，把其中的用户迁移到 OIDC 或客户端证书，把工作负载迁移到 ServiceAccount 令牌。')),
  api('deny-service-external-ips', '1.2.3', 'medium', '--enable-admission-plugins=…,DenyServiceExternalIPs', T('Services may set externalIPs', 'Service 可以设置 externalIPs'), T('Anyone who can create a Service can set spec.externalIPs to any address and intercept cluster traffic to it (CVE-2020-8554). The DenyServiceExternalIPs admission plugin rejects new externalIPs.', '任何能创建 Service 的人都可以把 spec.externalIPs 设为任意地址，从而截获集群内发往该地址的流量（CVE-2020-8554）。DenyServiceExternalIPs 准入插件会拒绝新设置的 externalIPs。')),
  api('kubelet-client-cert', '1.2.4', 'high', '--kubelet-client-certificate and --kubelet-client-key', T('API server has no client certificate for the kubelets', 'API server 未配置访问 kubelet 的客户端证书'), T('Without a client certificate the API server cannot authenticate to the kubelets, which then must accept unauthenticated requests for logs, exec and port-forward to work.', '没有客户端证书，API server 无法向 kubelet 认证，kubelet 就只能接受未经认证的请求才能使 logs、exec、port-forward 正常工作。')),
  api('kubelet-certificate-authority', '1.2.5', 'high', '--kubelet-certificate-authority', T('API server does not verify kubelet serving certificates', 'API server 不校验 kubelet 的服务证书'), T('Without --kubelet-certificate-authority the API server connects to kubelets without verifying their certificate, so anyone on the path can impersonate a node and receive exec sessions and logs.', '未设置 --kubelet-certificate-authority 时，API server 连接 kubelet 不校验其证书，网络路径上的任何人都能冒充节点，获得 exec 会话和日志。'), T('The kubelets need serving certificates signed by that CA: set serverTLSBootstrap: true in their configuration and approve their CSRs.', 'kubelet 需要由该 CA 签发的服务证书：在其配置中设置 serverTLSBootstrap: true 并批准相应的 CSR。')),
  api('authorization-always-allow', '1.2.6', 'critical', '--authorization-mode=Node,RBAC', T('API server authorises every request (AlwaysAllow)', 'API server 对所有请求一律授权（AlwaysAllow）'), T('With AlwaysAllow every authenticated user (and anonymous, if enabled) may do anything. It is also the default when --authorization-mode is not set.', '使用 AlwaysAllow 时，任何已认证用户（以及开启时的匿名用户）都可以执行任何操作。未设置 --authorization-mode 时默认即为 AlwaysAllow。')),
  api('authorization-node', '1.2.7', 'high', '--authorization-mode=Node,RBAC', T('API server does not use the Node authoriser', 'API server 未启用 Node 授权模式'), T('The Node authoriser limits each kubelet to the objects of the pods bound to its node; without it a compromised node can read every Secret in the cluster.', 'Node 授权模式把每个 kubelet 限制在绑定到本节点的 Pod 所涉及的对象上；没有它，一个被攻破的节点即可读取集群中的所有 Secret。')),
  api('authorization-rbac', '1.2.8', 'high', '--authorization-mode=Node,RBAC', T('API server does not use RBAC', 'API server 未启用 RBAC'), T('Without RBAC, Roles and bindings have no effect and access control falls to whatever other authoriser is configured.', '未启用 RBAC 时，Role 与绑定都不起作用，访问控制只能依赖其他已配置的授权模块。')),
  api('event-rate-limit', '1.2.9', 'low', '--enable-admission-plugins=…,EventRateLimit with --admission-control-config-file', T('API server does not limit the rate of events', 'API server 未限制事件速率'), T('A flood of Event objects from one namespace or user can overload the API server and etcd; the EventRateLimit admission plugin caps it.', '来自某个命名空间或用户的大量 Event 对象可能压垮 API server 和 etcd；EventRateLimit 准入插件可限制其速率。'), T('The plugin needs an EventRateLimit configuration (limits per Server, Namespace, User or SourceAndObject) named in the --admission-control-config-file AdmissionConfiguration.', '该插件需要一份 EventRateLimit 配置（按 Server、Namespace、User 或 SourceAndObject 设置限额），并在 --admission-control-config-file 指定的 AdmissionConfiguration 中引用。')),
  api('always-admit', '1.2.10', 'high', '--enable-admission-plugins without AlwaysAdmit', T('API server admits every request (AlwaysAdmit)', 'API server 准入所有请求（AlwaysAdmit）'), T('The AlwaysAdmit plugin is deprecated and lets every request through admission regardless of the other plugins.', 'AlwaysAdmit 插件已弃用，它让所有请求都通过准入阶段，使其他插件失去作用。')),
  api('always-pull-images', '1.2.11', 'medium', '--enable-admission-plugins=…,AlwaysPullImages', T('Pods may use images already on the node without credentials', 'Pod 可以不经凭据使用节点上已有的镜像'), T('Without AlwaysPullImages a pod can run a private image another tenant pulled to the node, without having the pull secret for it.', '未启用 AlwaysPullImages 时，Pod 可以直接运行其他租户已拉取到节点上的私有镜像，而无需持有对应的拉取凭据。'), T('On Kubernetes 1.33+ the KubeletEnsureSecretPulledImages feature gives the same protection without forcing every pull; record that in a waiver if you use it instead.', '在 Kubernetes 1.33+ 上，KubeletEnsureSecretPulledImages 特性可在不强制每次拉取的情况下提供同样的保护；若改用该特性，请通过豁免记录。')),
  api('service-account-admission', '1.2.12', 'medium', '--disable-admission-plugins without ServiceAccount', T('ServiceAccount admission plugin is disabled', 'ServiceAccount 准入插件被禁用'), T('The ServiceAccount plugin assigns pods their service account and enforces that the account exists; disabling it breaks token handling.', 'ServiceAccount 插件为 Pod 指定服务账户并确保账户存在；禁用它会破坏令牌管理。')),
  api('namespace-lifecycle', '1.2.13', 'medium', '--disable-admission-plugins without NamespaceLifecycle', T('NamespaceLifecycle admission plugin is disabled', 'NamespaceLifecycle 准入插件被禁用'), T('NamespaceLifecycle refuses objects in namespaces that do not exist or are being deleted, and protects the system namespaces from deletion.', 'NamespaceLifecycle 拒绝在不存在或正在删除的命名空间中创建对象，并防止系统命名空间被删除。')),
  api('node-restriction', '1.2.14', 'high', '--enable-admission-plugins=…,NodeRestriction', T('NodeRestriction admission plugin is not enabled', '未启用 NodeRestriction 准入插件'), T('NodeRestriction stops a kubelet from modifying other nodes and pods not bound to it, or setting labels that steer workloads; without it one compromised node can tamper with the others.', 'NodeRestriction 阻止 kubelet 修改其他节点、未绑定到本节点的 Pod，或设置用于调度的标签；没有它，一个被攻破的节点就能篡改其他节点。')),
  api('profiling', '1.2.15', 'medium', '--profiling=false', T('API server exposes profiling endpoints', 'API server 暴露性能分析端点'), T('The /debug/pprof endpoints reveal internals and can be used to slow the server down; they are on by default.', '/debug/pprof 端点会暴露内部细节，并可被用来拖慢服务；默认开启。')),
  api('audit-log-path', '1.2.16', 'high', '--audit-log-path=/var/log/kubernetes/audit/audit.log', T('API server writes no audit log', 'API server 未写审计日志'), T('Without an audit log there is no record of who read Secrets, exec\'d into pods or changed RBAC. Audit sent only to a webhook backend is evidence too; record it in a waiver if that is your design.', '没有审计日志，就无法追溯谁读取了 Secret、进入了 Pod 执行命令或修改了 RBAC。仅发送到 webhook 后端的审计同样可作为证据，若属于此设计请通过豁免记录。'), T('Mount the log directory into the static pod (hostPath) and give an --audit-policy-file too.', '同时将日志目录以 hostPath 挂载进静态 Pod，并设置 --audit-policy-file。')),
  api('audit-log-maxage', '1.2.17', 'medium', '--audit-log-maxage=30', T('Audit logs are kept less than 30 days', '审计日志保留不足 30 天'), T('Rotated audit logs older than --audit-log-maxage days are deleted on the node; CIS asks for at least 30. Regulations usually need longer retention off the node (six months under the PRC Cybersecurity Law, twelve under PCI DSS).', '超过 --audit-log-maxage 天的轮转审计日志会在节点上被删除；CIS 要求至少 30 天。法规通常要求在节点之外更长时间留存（《网络安全法》要求六个月，PCI DSS 要求十二个月）。')),
  api('audit-log-maxbackup', '1.2.18', 'medium', '--audit-log-maxbackup=10', T('Fewer than 10 rotated audit logs are kept', '保留的轮转审计日志少于 10 个'), T('The API server keeps only --audit-log-maxbackup rotated files; CIS asks for at least 10.', 'API server 只保留 --audit-log-maxbackup 个轮转文件；CIS 要求至少 10 个。')),
  api('audit-log-maxsize', '1.2.19', 'medium', '--audit-log-maxsize=100', T('Audit log files rotate below 100 MB', '审计日志文件在 100 MB 以下即轮转'), T('Together with maxbackup, --audit-log-maxsize bounds how much audit history stays on the node; CIS asks for at least 100 MB.', '--audit-log-maxsize 与 maxbackup 一起决定节点上保留多少审计历史；CIS 要求至少 100 MB。')),
  api('service-account-lookup', '1.2.21', 'medium', '--service-account-lookup=true', T('Deleted service accounts\' tokens stay valid', '已删除服务账户的令牌仍然有效'), T('With --service-account-lookup=false the API server accepts a token whose service account was deleted, until the token expires.', '设置 --service-account-lookup=false 时，即使服务账户已被删除，其令牌在过期前仍会被 API server 接受。')),
  api('service-account-key-file', '1.2.22', 'medium', '--service-account-key-file=/etc/kubernetes/pki/sa.pub', T('No public key for verifying service-account tokens', '未配置验证服务账户令牌的公钥'), T('--service-account-key-file names the keys that verify service-account tokens, so that signing keys can be rotated while old tokens stay verifiable.', '--service-account-key-file 指定验证服务账户令牌的公钥，使签名私钥可以轮换而旧令牌仍可验证。')),
  api('etcd-client-cert', '1.2.23', 'high', '--etcd-certfile and --etcd-keyfile', T('API server connects to etcd without a client certificate', 'API server 连接 etcd 时未使用客户端证书'), T('etcd should accept only clients with a certificate; the API server needs one to connect.', 'etcd 应只接受持有证书的客户端，API server 需要证书才能连接。')),
  api('tls', '1.2.24', 'high', '--tls-cert-file and --tls-private-key-file', T('API server serves TLS with a self-generated certificate', 'API server 使用自动生成的证书提供 TLS'), T('Without --tls-cert-file the API server generates a self-signed certificate that clients cannot verify, inviting them to skip verification.', '未设置 --tls-cert-file 时，API server 会生成客户端无法校验的自签名证书，促使客户端跳过校验。')),
  api('client-ca-file', '1.2.25', 'high', '--client-ca-file=/etc/kubernetes/pki/ca.crt', T('API server does not authenticate client certificates', 'API server 不认证客户端证书'), T('--client-ca-file enables client-certificate authentication, which the kubelets and control-plane components use.', '--client-ca-file 用于启用客户端证书认证，kubelet 和控制平面组件都依赖它。')),
  api('etcd-cafile', '1.2.26', 'high', '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt', T('API server does not verify etcd\'s certificate', 'API server 不校验 etcd 的证书'), T('Without --etcd-cafile the API server cannot verify that it talks to the real etcd.', '未设置 --etcd-cafile 时，API server 无法确认所连接的是真正的 etcd。')),
  api('encryption-provider-config', '1.2.27', 'high', '--encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml', T('Secrets are stored in etcd unencrypted', 'Secret 在 etcd 中未加密存储'), T('Without an EncryptionConfiguration every Secret is stored in etcd as plain base64, readable from etcd backups and data files.', '未配置 EncryptionConfiguration 时，所有 Secret 都以 base64 明文存入 etcd，可从 etcd 备份和数据文件中直接读取。'), T('Write an EncryptionConfiguration whose first provider for secrets is kms (v2), aesgcm or aescbc, mount it into the static pod, then rewrite existing Secrets: `kubectl get secrets -A -o json | kubectl replace -f -`.', '编写 EncryptionConfiguration，使 secrets 的第一个 provider 为 kms（v2）、aesgcm 或 aescbc，将其挂载进静态 Pod，然后重写已有 Secret：`kubectl get secrets -A -o json | kubectl replace -f -`。')),
  api('encryption-providers', '1.2.28', 'high', '--encryption-provider-config naming a file whose first provider for secrets is not identity', T('Encryption at rest does not encrypt Secrets', '静态加密配置未加密 Secret'), T('The first provider listed for the secrets resource encrypts new writes; if it is identity, or secrets are not listed, Secrets are stored in clear.', 'secrets 资源列出的第一个 provider 用于加密新写入的数据；若它是 identity，或未列出 secrets，Secret 将以明文存储。')),
  api('tls-cipher-suites', '1.2.29', 'medium', '--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', T('API server allows weak TLS cipher suites', 'API server 允许弱 TLS 加密套件'), T('Unless --tls-cipher-suites lists strong suites only, TLS 1.2 clients may negotiate CBC-mode, 3DES or RC4 suites or suites without forward secrecy.', '除非 --tls-cipher-suites 只列出强加密套件，TLS 1.2 客户端可能协商出 CBC 模式、3DES、RC4 或不具备前向保密的套件。')),
  api('extend-token-expiration', '1.2.30', 'medium', '--service-account-extend-token-expiration=false', T('Service-account tokens are issued with extended lifetimes', '服务账户令牌以延长的有效期签发'), T('By default the API server issues projected tokens valid for a year (while warning clients to refresh hourly) to ease migration; a stolen token then stays valid that long.', '默认情况下，为便于迁移，API server 签发的投射令牌有效期长达一年（同时提示客户端每小时刷新），令牌一旦被盗便长期有效。')),
  api('audit-policy', '3.2.1', 'high', '--audit-policy-file=/etc/kubernetes/audit-policy.yaml', T('No audit policy', '未配置审计策略'), T('The API server records audit events only for the rules of an audit policy; without --audit-policy-file nothing is logged even with a log path, and a policy that cannot be read stops the server.', 'API server 只按审计策略中的规则记录审计事件；未设置 --audit-policy-file 时即使指定了日志路径也不会记录任何内容，而无法读取的策略会使服务无法启动。'), T('Start from a policy that logs Secrets, ConfigMaps and TokenReviews at Metadata level, pods/exec, attach and port-forward and RBAC changes at RequestResponse, and everything else at Metadata.', '可以从这样的策略开始：Secret、ConfigMap 与 TokenReview 记录到 Metadata 级别，pods/exec、attach、port-forward 与 RBAC 变更记录到 RequestResponse 级别，其余记录到 Metadata 级别。')),
];

const cm = (id: string, cis: string, severity: Severity, setting: string, title: Localized, why: Localized): Check =>
  flagCheck({ id: `node.controller-manager.${id}`, cis, severity, component: 'kube-controller-manager', setting, title, why });
const sched = (id: string, cis: string, severity: Severity, setting: string, title: Localized, why: Localized): Check =>
  flagCheck({ id: `node.scheduler.${id}`, cis, severity, component: 'kube-scheduler', setting, title, why });
const PROFILING_WHY = T('The /debug/pprof endpoints reveal internals and can be used to slow the component down; they are on by default.', '/debug/pprof 端点会暴露内部细节，并可被用来拖慢组件；默认开启。');
const BIND_WHY = T('The component\'s HTTPS endpoint (metrics, health, and with profiling on, pprof) should be reachable from the node only.', '该组件的 HTTPS 端点（指标、健康检查，以及开启时的 pprof）应只能从本节点访问。');

const controllerManagerChecks: Check[] = [
  cm('terminated-pod-gc-threshold', '1.3.1', 'low', '--terminated-pod-gc-threshold=10', T('No threshold for garbage-collecting terminated pods', '未设置已终止 Pod 的回收阈值'), T('Terminated pods are kept until 12,500 exist by default, which can exhaust etcd and slow the control plane; set a threshold that suits the cluster.', '默认要到已终止 Pod 达到 12,500 个才会回收，可能耗尽 etcd 资源、拖慢控制平面；应按集群规模设置阈值。')),
  cm('profiling', '1.3.2', 'medium', '--profiling=false', T('Controller manager exposes profiling endpoints', 'controller manager 暴露性能分析端点'), PROFILING_WHY),
  cm('service-account-credentials', '1.3.3', 'high', '--use-service-account-credentials=true', T('Controllers share the controller manager\'s credentials', '各控制器共用 controller manager 的凭据'), T('With --use-service-account-credentials each controller runs with its own service account and a role that fits it; without it all of them share one powerful identity.', '设置 --use-service-account-credentials 后，每个控制器使用各自的服务账户及与之相符的角色；否则所有控制器共用一个高权限身份。')),
  cm('service-account-private-key-file', '1.3.4', 'high', '--service-account-private-key-file=/etc/kubernetes/pki/sa.key', T('No key for signing service-account tokens', '未配置服务账户令牌签名私钥'), T('The controller manager signs service-account tokens with this key; it must be set and kept with the API server\'s --service-account-key-file.', 'controller manager 使用该私钥签发服务账户令牌；必须设置，并与 API server 的 --service-account-key-file 配套。')),
  cm('root-ca-file', '1.3.5', 'medium', '--root-ca-file=/etc/kubernetes/pki/ca.crt', T('Pods do not get the cluster CA to verify the API server', 'Pod 未获得用于校验 API server 的集群 CA'), T('--root-ca-file is published to every namespace (kube-root-ca.crt) so that pods can verify the API server instead of skipping verification.', '--root-ca-file 会发布到每个命名空间（kube-root-ca.crt），使 Pod 能校验 API server 而不是跳过校验。')),
  cm('rotate-kubelet-server-certificate', '1.3.6', 'medium', '--feature-gates without RotateKubeletServerCertificate=false', T('Kubelet serving certificates are not rotated', 'kubelet 服务证书不轮换'), T('The RotateKubeletServerCertificate feature (on by default) lets kubelets renew their serving certificates before expiry; turning it off leaves long-lived or expired certificates.', 'RotateKubeletServerCertificate 特性（默认开启）使 kubelet 在到期前更新服务证书；关闭后会留下长期有效或已过期的证书。')),
  cm('bind-address', '1.3.7', 'medium', '--bind-address=127.0.0.1', T('Controller manager listens on all interfaces', 'controller manager 监听所有网络接口'), BIND_WHY),
];

const schedulerChecks: Check[] = [
  sched('profiling', '1.4.1', 'medium', '--profiling=false', T('Scheduler exposes profiling endpoints', 'scheduler 暴露性能分析端点'), PROFILING_WHY),
  sched('bind-address', '1.4.2', 'medium', '--bind-address=127.0.0.1', T('Scheduler listens on all interfaces', 'scheduler 监听所有网络接口'), BIND_WHY),
];

const etcdCheck = (id: string, cis: string, severity: Severity, setting: string, title: Localized, why: Localized): Check =>
  flagCheck({ id: `node.etcd.${id}`, cis, severity, component: 'etcd', setting, title, why });

const etcdChecks: Check[] = [
  etcdCheck('tls', '2.1', 'critical', '--cert-file and --key-file', T('etcd serves clients without TLS', 'etcd 对客户端不使用 TLS'), T('Without a serving certificate etcd speaks plain HTTP to its clients: the whole cluster state, Secrets included, crosses the network in clear.', '未配置服务证书时，etcd 以明文 HTTP 与客户端通信：包括 Secret 在内的整个集群状态以明文在网络中传输。')),
  etcdCheck('client-cert-auth', '2.2', 'critical', '--client-cert-auth=true', T('etcd does not require client certificates', 'etcd 不要求客户端证书'), T('Without client-certificate authentication anyone who reaches port 2379 can read and write every key, which is full control of the cluster.', '未启用客户端证书认证时，任何能访问 2379 端口的人都可以读写所有键，即完全控制集群。')),
  etcdCheck('auto-tls', '2.3', 'high', '--auto-tls=false', T('etcd uses self-signed client certificates', 'etcd 使用自签名的客户端证书'), T('--auto-tls makes etcd generate a self-signed certificate that clients cannot verify.', '--auto-tls 会让 etcd 生成客户端无法校验的自签名证书。')),
  etcdCheck('peer-tls', '2.4', 'high', '--peer-cert-file and --peer-key-file', T('etcd members talk to each other without TLS', 'etcd 成员之间不使用 TLS'), T('Replication between etcd members carries the whole cluster state; without peer certificates it travels in clear.', 'etcd 成员之间的复制传输整个集群状态；没有对等证书时以明文传输。')),
  etcdCheck('peer-client-cert-auth', '2.5', 'high', '--peer-client-cert-auth=true', T('etcd does not authenticate its peers', 'etcd 不认证对等成员'), T('Without peer client-certificate authentication any host that reaches port 2380 can join or impersonate a member.', '未启用对等客户端证书认证时，任何能访问 2380 端口的主机都可以加入集群或冒充成员。')),
  etcdCheck('peer-auto-tls', '2.6', 'high', '--peer-auto-tls=false', T('etcd peers use self-signed certificates', 'etcd 对等通信使用自签名证书'), T('--peer-auto-tls makes members use self-signed certificates that cannot be verified.', '--peer-auto-tls 会让成员使用无法校验的自签名证书。')),
  etcdCheck('unique-ca', '2.7', 'high', '--trusted-ca-file naming a CA used for etcd only', T('etcd trusts the cluster CA', 'etcd 信任集群 CA'), T('If etcd trusts the same CA as the API server, every client certificate of the cluster (every kubelet, every user) is also accepted by etcd.', '如果 etcd 与 API server 信任同一个 CA，集群中的每个客户端证书（每个 kubelet、每个用户）都会被 etcd 接受。')),
];

const kubelet = (id: string, cis: string, severity: Severity, setting: string, field: string, title: Localized, why: Localized, note?: Localized): Check =>
  flagCheck({ id: `node.kubelet.${id}`, cis, severity, component: 'kubelet', setting, field, title, why, ...(note ? { note } : {}) });
const CIPHERS_NOTE = T('Use TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 and the CHACHA20_POLY1305 suites only.', '只使用 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256、TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256、TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384、TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 以及 CHACHA20_POLY1305 系列套件。');

const kubeletChecks: Check[] = [
  kubelet('anonymous-auth', '4.2.1', 'high', '--anonymous-auth=false', 'authentication: {anonymous: {enabled: false}}', T('Kubelet accepts anonymous requests', 'kubelet 接受匿名请求'), T('With anonymous authentication, requests to the kubelet API on port 10250 without credentials are served as system:anonymous; with AlwaysAllow authorisation that is exec into any pod on the node. It is on by default when the kubelet runs without a configuration file.', '开启匿名认证时，发往 kubelet API（10250 端口）的无凭据请求会以 system:anonymous 身份处理；若授权模式为 AlwaysAllow，就等于可以进入该节点上任何 Pod 执行命令。kubelet 不使用配置文件运行时默认开启。')),
  kubelet('authorization-mode', '4.2.2', 'critical', '--authorization-mode=Webhook', 'authorization: {mode: Webhook}', T('Kubelet authorises every request (AlwaysAllow)', 'kubelet 对所有请求一律授权（AlwaysAllow）'), T('With AlwaysAllow anyone who can authenticate to the kubelet may run commands in its pods, read their logs and list them. AlwaysAllow is the default when the kubelet runs without a configuration file.', '使用 AlwaysAllow 时，任何能通过 kubelet 认证的人都可以在其 Pod 中执行命令、读取日志和列出 Pod。kubelet 不使用配置文件运行时默认即为 AlwaysAllow。')),
  kubelet('client-ca-file', '4.2.3', 'high', '--client-ca-file=/etc/kubernetes/pki/ca.crt', 'authentication: {x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}}', T('Kubelet does not authenticate client certificates', 'kubelet 不认证客户端证书'), T('Without a client CA the kubelet cannot authenticate the API server\'s client certificate, leaving anonymous or token authentication only.', '没有客户端 CA，kubelet 无法认证 API server 的客户端证书，只剩下匿名或令牌认证。')),
  kubelet('read-only-port', '4.2.4', 'high', '--read-only-port=0', 'readOnlyPort: 0', T('Kubelet serves the unauthenticated read-only port', 'kubelet 开放无需认证的只读端口'), T('The read-only port (10255) serves pod specs, environment variables included, and metrics to anyone without authentication. It is open by default when the kubelet runs without a configuration file.', '只读端口（10255）无需认证即向任何人提供 Pod 规约（包括环境变量）和指标。kubelet 不使用配置文件运行时默认开启。')),
  kubelet('streaming-idle-timeout', '4.2.5', 'medium', '--streaming-connection-idle-timeout=4h0m0s', 'streamingConnectionIdleTimeout: 4h0m0s', T('Idle exec and port-forward sessions never time out', '空闲的 exec 与 port-forward 会话永不超时'), T('A timeout of 0 keeps idle exec, attach and port-forward streams open forever, holding resources and leaving forgotten sessions usable.', '超时设为 0 会使空闲的 exec、attach、port-forward 连接永久保持，占用资源，并使遗忘的会话一直可用。')),
  kubelet('make-iptables-util-chains', '4.2.6', 'low', '--make-iptables-util-chains=true', 'makeIPTablesUtilChains: true', T('Kubelet does not manage its iptables chains', 'kubelet 不管理其 iptables 链'), T('When the kubelet manages its iptables utility chains they stay consistent with pod networking; turning it off leaves rules to drift.', 'kubelet 管理其 iptables 辅助链时，这些规则与 Pod 网络保持一致；关闭后规则可能失配。')),
  kubelet('hostname-override', '4.2.7', 'low', 'no --hostname-override', 'no --hostname-override flag', T('Kubelet overrides the node\'s hostname', 'kubelet 覆盖了节点主机名'), T('A node name different from the hostname can break TLS between the API server and the kubelet, tempting operators to disable verification. Some clouds set it on purpose; waive it there.', '与主机名不同的节点名会破坏 API server 与 kubelet 之间的 TLS 校验，诱使运维人员关闭校验。部分云平台有意设置此项，可在那里豁免。')),
  kubelet('tls-cert', '4.2.9', 'medium', '--tls-cert-file and --tls-private-key-file', 'tlsCertFile and tlsPrivateKeyFile, or serverTLSBootstrap: true', T('Kubelet serves with a self-signed certificate', 'kubelet 使用自签名证书提供服务'), T('Without a serving certificate (or serverTLSBootstrap, which has one issued by the cluster CA) the kubelet uses a self-signed certificate, and the API server cannot verify it is talking to the real node.', '未配置服务证书（或 serverTLSBootstrap，由集群 CA 签发证书）时，kubelet 使用自签名证书，API server 无法确认所连接的是真正的节点。')),
  kubelet('rotate-certificates', '4.2.10', 'medium', '--rotate-certificates=true', 'rotateCertificates: true', T('Kubelet client certificate is not rotated', 'kubelet 客户端证书不轮换'), T('Without rotation the kubelet\'s client certificate expires and the node drops out of the cluster, or a long-lived certificate is issued to avoid that. The kubelet default is false; kubeadm sets it true.', '不轮换时，kubelet 的客户端证书到期后节点会脱离集群，或者为避免这种情况而签发长期证书。kubelet 默认值为 false，kubeadm 会将其设为 true。')),
  kubelet('rotate-server-certificates', '4.2.11', 'medium', '--feature-gates without RotateKubeletServerCertificate=false', 'featureGates: {RotateKubeletServerCertificate: true}', T('Kubelet serving certificate rotation is turned off', 'kubelet 服务证书轮换被关闭'), T('The RotateKubeletServerCertificate feature (on by default) lets the kubelet renew its serving certificate; turning it off leaves it to expire.', 'RotateKubeletServerCertificate 特性（默认开启）使 kubelet 能更新其服务证书；关闭后证书会过期。')),
  kubelet('tls-cipher-suites', '4.2.12', 'medium', '--tls-cipher-suites=…', 'tlsCipherSuites: [strong suites]', T('Kubelet allows weak TLS cipher suites', 'kubelet 允许弱 TLS 加密套件'), T('Unless tlsCipherSuites lists strong suites only, TLS 1.2 clients may negotiate CBC-mode, 3DES or RC4 suites.', '除非 tlsCipherSuites 只列出强加密套件，TLS 1.2 客户端可能协商出 CBC 模式、3DES 或 RC4 套件。'), CIPHERS_NOTE),
  kubelet('pod-pids-limit', '4.2.13', 'medium', '--pod-max-pids=4096', 'podPidsLimit: 4096', T('No limit on processes per pod', '未限制每个 Pod 的进程数'), T('Without a limit one pod can fork until the node runs out of process ids, stopping every other pod and the kubelet itself. The default is unlimited (-1).', '不加限制时，一个 Pod 可以不断创建进程直到节点的进程号耗尽，导致其他 Pod 乃至 kubelet 本身无法工作。默认值为不限制（-1）。')),
  kubelet('seccomp-default', '4.2.14', 'medium', '--seccomp-default=true', 'seccompDefault: true', T('Pods run without a seccomp profile by default', 'Pod 默认不使用 seccomp 配置'), T('With seccompDefault the container runtime\'s default seccomp profile applies to every pod that does not ask for another, blocking system calls that containers rarely need and exploits often do.', '开启 seccompDefault 后，未指定其他配置的 Pod 都会使用容器运行时的默认 seccomp 配置，拦截容器很少需要、但漏洞利用常用的系统调用。')),
  flagCheck({ id: 'node.kube-proxy.metrics-bind-address', cis: '4.3.1', severity: 'medium', component: 'kube-proxy', setting: '--metrics-bind-address=127.0.0.1:10249', field: 'metricsBindAddress: 127.0.0.1:10249', title: T('kube-proxy metrics are served beyond localhost', 'kube-proxy 指标端口对本机以外开放'), why: T('kube-proxy\'s metrics endpoint needs no authentication; bound beyond 127.0.0.1 it tells anyone on the network about the node\'s services and rules.', 'kube-proxy 的指标端点无需认证；若绑定到 127.0.0.1 以外的地址，网络上的任何人都能获知该节点的服务与规则。') }),
];

const manualChecks: Check[] = [
  manualCheck({ id: 'node.apiserver.request-timeout', cis: '1.2.20', severity: 'low', title: T('API server request timeout needs review', 'API server 请求超时需人工审核'), why: T('--request-timeout (default 60s) bounds how long a request may hold the API server; a long value eases resource exhaustion, a short one breaks large lists.', '--request-timeout（默认 60 秒）限制单个请求可以占用 API server 的时长；过长容易被耗尽资源，过短会使大型列表请求失败。'), lookAt: T('Review the API server\'s --request-timeout (shown in the evidence; 60s when unset) against the size of the cluster\'s largest lists and watches.', '对照集群中最大的 list 与 watch 请求，审核 API server 的 --request-timeout（见证据；未设置时为 60 秒）。'), remediation: T('Keep the default 60s unless large clusters see list requests time out; then raise it in the kube-apiserver static pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml) and record why.', '除非大规模集群中出现列表请求超时，否则保持默认的 60 秒；如需调整，在 kube-apiserver 静态 Pod 清单（/etc/kubernetes/manifests/kube-apiserver.yaml）中修改并记录原因。') }),
  manualCheck({ id: 'node.auth.client-cert-users', cis: '3.1.1', severity: 'medium', title: T('Client certificates may be used for users', '可能使用客户端证书认证用户'), why: T('Client certificates cannot be revoked in Kubernetes: a leaked user certificate is valid until it expires.', 'Kubernetes 无法吊销客户端证书：泄露的用户证书在到期前一直有效。'), lookAt: T('Check how people authenticate: kubeconfigs handed to users must not carry client certificates (other than break-glass admin.conf, kept offline); review approved CertificateSigningRequests for human subjects and the RBAC bindings of User subjects.', '检查人员如何认证：发给用户的 kubeconfig 不应包含客户端证书（离线保存的应急 admin.conf 除外）；审查已批准的、主体为自然人的 CertificateSigningRequest，以及 User 类主体的 RBAC 绑定。'), remediation: T('Authenticate people through an identity provider (OIDC, or an authenticating proxy or webhook) and give them short-lived tokens; keep client certificates for components.', '通过身份提供方（OIDC，或认证代理、webhook）认证人员并发放短期令牌；客户端证书只用于组件。') }),
  manualCheck({ id: 'node.auth.service-account-token-users', cis: '3.1.2', severity: 'medium', title: T('Service-account tokens may be used by people', '服务账户令牌可能被人员使用'), why: T('A service-account token used by a person hides who acted in the audit log and usually outlives the person\'s need.', '人员使用服务账户令牌会在审计日志中隐藏真实操作者，而且通常在不再需要后仍然有效。'), lookAt: T('Look for kubeconfigs with service-account tokens handed to people, long-lived Secrets of type kubernetes.io/service-account-token, and audit events where a service account is used from outside the cluster.', '查找发给人员的含服务账户令牌的 kubeconfig、类型为 kubernetes.io/service-account-token 的长期 Secret，以及服务账户从集群外部被使用的审计事件。'), remediation: T('Give people identities from the identity provider; delete long-lived token Secrets and use `kubectl create token` (bound, short-lived) where a workload outside the cluster needs one.', '为人员提供来自身份提供方的身份；删除长期令牌 Secret，集群外工作负载确需令牌时使用 `kubectl create token`（绑定且短期有效）。') }),
  manualCheck({ id: 'node.auth.bootstrap-token-users', cis: '3.1.3', severity: 'medium', title: T('Bootstrap tokens may be used by people', '引导令牌可能被人员使用'), why: T('Bootstrap tokens exist to join nodes; used by a person they grant node-joining rights and evade user accounting.', '引导令牌用于节点加入集群；被人员使用会赋予其加入节点的权限并绕过用户审计。'), lookAt: T('List Secrets of type bootstrap.kubernetes.io/token in kube-system: each should be recent, have an expiration, and belong to a node join in progress.', '列出 kube-system 中类型为 bootstrap.kubernetes.io/token 的 Secret：每个都应是近期创建、设有过期时间，且对应正在进行的节点加入。'), remediation: T('Delete bootstrap tokens not needed for a node join (`kubeadm token delete`), and create them with a short --ttl.', '删除节点加入不再需要的引导令牌（`kubeadm token delete`），创建时使用较短的 --ttl。') }),
  manualCheck({ id: 'node.apiserver.audit-policy-coverage', cis: '3.2.2', severity: 'medium', title: T('Audit policy coverage needs review', '审计策略覆盖范围需人工审核'), why: T('An audit policy can exist yet miss what matters, or log Secret values at Request level into files many can read.', '审计策略可能存在却遗漏关键内容，或在 Request 级别把 Secret 的值记录到许多人可读的文件中。'), lookAt: T('Read the file named by --audit-policy-file: Secrets, ConfigMaps and TokenReviews at Metadata level only; pods/exec, pods/attach, pods/portforward, RBAC objects and authentication changes logged; no early `level: None` rule swallowing them.', '阅读 --audit-policy-file 指定的文件：Secret、ConfigMap 与 TokenReview 仅记录到 Metadata 级别；记录 pods/exec、pods/attach、pods/portforward、RBAC 对象及认证相关变更；不存在位置靠前、吞掉这些事件的 `level: None` 规则。'), remediation: T('Adjust the audit policy file and restart the API server (touch the static pod manifest); test with a `kubectl exec` and a Secret read that both appear in the log.', '修改审计策略文件并重启 API server（更新静态 Pod 清单的时间戳即可）；用一次 `kubectl exec` 和一次 Secret 读取验证两者都出现在日志中。') }),
  manualCheck({ id: 'node.kubelet.event-qps', cis: '4.2.8', severity: 'low', title: T('Kubelet event rate needs review', 'kubelet 事件速率需人工审核'), why: T('eventRecordQPS limits how many events the kubelet sends; too low and security-relevant events are dropped, 0 means unlimited.', 'eventRecordQPS 限制 kubelet 发送事件的速率；过低会丢弃与安全相关的事件，0 表示不限制。'), lookAt: T('Review the kubelet\'s eventRecordQPS (--event-qps; shown in the evidence, 50 by default) and eventBurst against the events the node produces.', '对照节点产生的事件量，审核 kubelet 的 eventRecordQPS（--event-qps；见证据，默认 50）与 eventBurst。'), remediation: T('Set eventRecordQPS (and eventBurst) in the kubelet configuration file to a level that captures the node\'s events, then restart the kubelet.', '在 kubelet 配置文件中把 eventRecordQPS（及 eventBurst）设为能完整记录节点事件的值，然后重启 kubelet。'), references: [KUBELET_CONFIG, CIS_K8S] }),
];

export const nodeChecks: Check[] = [...fileChecks, ...apiserverChecks, ...controllerManagerChecks, ...schedulerChecks, ...etcdChecks, ...kubeletChecks, ...manualChecks];
