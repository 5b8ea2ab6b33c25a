import { MANUAL_REVIEW, NODE_CHECK_INFO } from '../../catalog/checks/node.js';
import type { FrameworkIndex } from '../../catalog/index.js';
import type { Finding, Localized } from '../../model/index.js';
import type { ComponentInput, ConfigFile, ControlPlaneComponent, FileStat, NodeSnapshot } from '../../model/node.js';
import { CONTROL_PLANE_COMPONENTS } from '../../model/node.js';
import { NodeFindings, nodeAsset } from './context.js';
import { judgeFiles } from './files.js';
import { APISERVER_RULES, bindsLocal, CONTROLLER_MANAGER_RULES, ETCD_RULES, SCHEDULER_RULES, type FlagRule } from './flag-rules.js';
import { KUBELET_RULES, KubeletConfigView } from './kubelet.js';

export { nodeAsset } from './context.js';
export { KubeletConfigView, durationSeconds } from './kubelet.js';

export type NodeType = 'control-plane' | 'worker';

export interface NodeAnalysisOptions {
  frameworks: FrameworkIndex;
  nodeType?: NodeType | 'auto';
  /** Check ids to run; all node checks when absent. */
  enabled?: ReadonlySet<string>;
  cluster?: string;
}

export interface NodeAnalysisResult {
  findings: Finding[];
  nodeType: NodeType;
  /** Why the node was taken for that type. */
  nodeTypeReason: string;
  /** Sections that do not apply to this node (a worker has no control plane); their checks were not run. */
  notApplicable: { section: string; reason: string }[];
  /** Automated checks that saw their input and ran. */
  evaluated: string[];
}

/** Every node check id: the catalogue has one `node` entry for each. */
export const NODE_CHECK_IDS: readonly string[] = [...NODE_CHECK_INFO.keys()];

const SECTION_OF_COMPONENT: Record<ControlPlaneComponent, Record<string, FlagRule>> = {
  'kube-apiserver': APISERVER_RULES,
  'kube-controller-manager': CONTROLLER_MANAGER_RULES,
  'kube-scheduler': SCHEDULER_RULES,
  etcd: ETCD_RULES,
};

/**
 * CIS Kubernetes Benchmark v1.12 sections 1–4 on one node. A worker (no control-plane manifest
 * and no control-plane process, or `--node-type worker`) gets sections 4 only: sections 1–3 are
 * reported as not applicable, not as failures. On a control-plane node, a component whose input
 * cannot be seen (no manifest and no process: external etcd, say) has its checks reported as not
 * evaluated with that reason. Manual checks are always listed as not evaluated, saying what a
 * person must look at.
 */
export function analyzeNode(snapshot: NodeSnapshot, options: NodeAnalysisOptions): NodeAnalysisResult {
  const out = new NodeFindings(nodeAsset(snapshot.hostname, options.cluster), options.frameworks, options.enabled);
  const { nodeType, reason } = decideNodeType(snapshot, options.nodeType ?? 'auto');
  const notApplicable: NodeAnalysisResult['notApplicable'] = [];
  if (nodeType === 'control-plane') controlPlane(snapshot, out);
  else notApplicable.push({ section: 'CIS 1–3 (control plane, etcd, control-plane configuration)', reason });
  worker(snapshot, out);
  return { findings: out.findings, nodeType, nodeTypeReason: reason, notApplicable, evaluated: [...out.evaluated].sort() };
}

export function decideNodeType(snapshot: NodeSnapshot, wanted: NodeType | 'auto'): { nodeType: NodeType; reason: string } {
  if (wanted !== 'auto') return { nodeType: wanted, reason: `--node-type ${wanted}` };
  const seen = CONTROL_PLANE_COMPONENTS.filter((c) => snapshot.components[c].manifest || snapshot.components[c].process);
  if (seen.length > 0) {
    const what = seen.map((c) => `${c} (${snapshot.components[c].manifest ? snapshot.components[c].manifest?.path : `process ${snapshot.components[c].process?.pid}`})`);
    return { nodeType: 'control-plane', reason: `control-plane components found: ${what.join(', ')}` };
  }
  return { nodeType: 'worker', reason: 'worker node: no control-plane static pod manifest under /etc/kubernetes/manifests and no control-plane process running' };
}

function absentReason(component: ComponentInput): Localized {
  if (component.manifest?.error) return { en: `${component.name}: ${component.manifest.error}, and no ${component.name} process is running`, zh: `${component.name}：${component.manifest.error}，且没有运行中的 ${component.name} 进程` };
  return component.name === 'etcd'
    ? { en: 'etcd does not run on this node (no /etc/kubernetes/manifests/etcd.yaml, no etcd process): with an external etcd, run `rampart node` on the etcd hosts', zh: 'etcd 不在本节点运行（没有 /etc/kubernetes/manifests/etcd.yaml，也没有 etcd 进程）：如使用外部 etcd，请在 etcd 主机上运行 `rampart node`' }
    : { en: `${component.name} does not run on this node: no static pod manifest under /etc/kubernetes/manifests and no ${component.name} process`, zh: `${component.name} 不在本节点运行：/etc/kubernetes/manifests 下没有其静态 Pod 清单，也没有 ${component.name} 进程` };
}

function controlPlane(snapshot: NodeSnapshot, out: NodeFindings): void {
  for (const name of CONTROL_PLANE_COMPONENTS) {
    const component = snapshot.components[name];
    const rules = SECTION_OF_COMPONENT[name];
    const flags = component.flags;
    for (const [checkId, rule] of Object.entries(rules)) {
      if (!flags) {
        out.notEvaluated(checkId, `${name}`, absentReason(component));
        continue;
      }
      const problem = rule(flags.values);
      if (!problem) {
        out.pass(checkId);
        continue;
      }
      const value = flags.values[problem.flag];
      out.fail(checkId, `${name}:--${problem.flag}`, { en: `${name}: ${problem.problem.en}`, zh: `${name}：${problem.problem.zh}` }, value !== undefined ? `--${problem.flag}=${value} (${flags.origin})` : `--${problem.flag} not set (${flags.origin})`, location(flags.file, flags.lines?.[problem.flag]));
    }
  }
  apiserverFiles(snapshot, out);
  etcdUniqueCa(snapshot, out);
  manual(out, 'node.apiserver.request-timeout', 'kube-apiserver', snapshot.components['kube-apiserver'].flags ? `--request-timeout=${snapshot.components['kube-apiserver'].flags.values['request-timeout'] ?? '60s (default)'}` : undefined);
  for (const id of ['node.auth.client-cert-users', 'node.auth.service-account-token-users', 'node.auth.bootstrap-token-users']) manual(out, id, 'cluster');
  const policyFile = snapshot.components['kube-apiserver'].flags?.values['audit-policy-file'];
  manual(out, 'node.apiserver.audit-policy-coverage', 'kube-apiserver', policyFile ? `--audit-policy-file=${policyFile}` : '--audit-policy-file not set');
  controlPlaneFiles(snapshot, out);
}

/** 1.2.28 and 3.2.1: checks that read the files the API server's flags name. */
function apiserverFiles(snapshot: NodeSnapshot, out: NodeFindings): void {
  const apiserver = snapshot.components['kube-apiserver'];
  const flags = apiserver.flags;
  for (const [checkId, flag] of [['node.apiserver.encryption-providers', 'encryption-provider-config'], ['node.apiserver.audit-policy', 'audit-policy-file']] as const) {
    if (!flags) {
      out.notEvaluated(checkId, 'kube-apiserver', absentReason(apiserver));
      continue;
    }
    const file = flags.values[flag];
    const loc = location(flags.file, flags.lines?.[flag]);
    if (!file) {
      out.fail(checkId, `kube-apiserver:--${flag}`, { en: `kube-apiserver: --${flag} not set`, zh: `kube-apiserver：未设置 --${flag}` }, `--${flag} not set (${flags.origin})`, loc);
      continue;
    }
    const config = snapshot.configFiles[file];
    if (!config || config.error || config.content === undefined) {
      out.notEvaluated(checkId, file, { en: `${config?.error ?? `${file}: not read`}: the file must be readable under the root (mount it read-only)`, zh: `${config?.error ?? `${file}：未读取`}：该文件须在根目录下可读（以只读方式挂载）` });
      continue;
    }
    const problem = checkId === 'node.apiserver.encryption-providers' ? encryptionProblem(config) : auditPolicyProblem(config);
    if (problem) out.fail(checkId, file, problem, `--${flag}=${file}`, { file });
    else out.pass(checkId);
  }
}

const STRONG_PROVIDERS = new Set(['kms', 'aesgcm', 'aescbc', 'secretbox']);

function encryptionProblem(config: ConfigFile): Localized | undefined {
  const doc = config.content as { kind?: string; resources?: { resources?: string[]; providers?: Record<string, unknown>[] }[] };
  if (doc?.kind !== 'EncryptionConfiguration') return { en: `${config.path}: not an EncryptionConfiguration (kind ${String(doc?.kind)})`, zh: `${config.path}：不是 EncryptionConfiguration（kind 为 ${String(doc?.kind)}）` };
  const entry = (doc.resources ?? []).find((r) => (r.resources ?? []).some((x) => x === 'secrets' || x === '*.' || x === '*.*'));
  if (!entry) return { en: `${config.path}: secrets are not listed, so they are stored unencrypted`, zh: `${config.path}：未列出 secrets，Secret 将以明文存储` };
  const first = Object.keys(entry.providers?.[0] ?? {})[0];
  if (!first || !STRONG_PROVIDERS.has(first)) return { en: `${config.path}: the first provider for secrets is ${first ?? 'missing'}, so new Secrets are stored unencrypted`, zh: `${config.path}：secrets 的第一个 provider 为 ${first ?? '空'}，新写入的 Secret 将以明文存储` };
  return undefined;
}

function auditPolicyProblem(config: ConfigFile): Localized | undefined {
  const doc = config.content as { kind?: string; rules?: unknown[] };
  if (doc?.kind !== 'Policy') return { en: `${config.path}: not an audit Policy (kind ${String(doc?.kind)})`, zh: `${config.path}：不是审计策略 Policy（kind 为 ${String(doc?.kind)}）` };
  if (!Array.isArray(doc.rules) || doc.rules.length === 0) return { en: `${config.path}: the policy has no rules, so nothing is logged`, zh: `${config.path}：策略中没有规则，不会记录任何事件` };
  return undefined;
}

/** 2.7: etcd's client CA must not be the CA the API server trusts for clients (by path or by content). */
function etcdUniqueCa(snapshot: NodeSnapshot, out: NodeFindings): void {
  const id = 'node.etcd.unique-ca';
  const etcd = snapshot.components.etcd;
  const apiserver = snapshot.components['kube-apiserver'];
  if (!etcd.flags) return out.notEvaluated(id, 'etcd', absentReason(etcd));
  if (!apiserver.flags) return out.notEvaluated(id, 'etcd', absentReason(apiserver));
  const etcdCa = etcd.flags.values['trusted-ca-file'];
  const clusterCa = apiserver.flags.values['client-ca-file'];
  const loc = location(etcd.flags.file, etcd.flags.lines?.['trusted-ca-file']);
  if (!etcdCa) return out.fail(id, 'etcd:--trusted-ca-file', { en: 'etcd: --trusted-ca-file not set', zh: 'etcd：未设置 --trusted-ca-file' }, `--trusted-ca-file not set (${etcd.flags.origin})`, loc);
  if (!clusterCa) return out.pass(id);
  const a = snapshot.configFiles[etcdCa]?.sha256;
  const b = snapshot.configFiles[clusterCa]?.sha256;
  if (etcdCa === clusterCa || (a && a === b)) {
    return out.fail(id, 'etcd:--trusted-ca-file', { en: `etcd trusts the API server's client CA (${clusterCa}): every cluster client certificate is accepted by etcd`, zh: `etcd 信任 API server 的客户端 CA（${clusterCa}）：集群中的每个客户端证书都会被 etcd 接受` }, `etcd --trusted-ca-file=${etcdCa}; kube-apiserver --client-ca-file=${clusterCa}${etcdCa !== clusterCa ? ' (same content)' : ''}`, loc);
  }
  if (!a || !b) return out.notEvaluated(id, 'etcd:--trusted-ca-file', { en: `Different paths (${etcdCa}, ${clusterCa}) but a file could not be read to compare contents`, zh: `路径不同（${etcdCa}、${clusterCa}），但有文件无法读取，不能比较内容` });
  out.pass(id);
}

function controlPlaneFiles(snapshot: NodeSnapshot, out: NodeFindings): void {
  const stat = (p: string): FileStat => snapshot.stats[p] ?? { path: p, exists: false };
  const missing = (what: string): Localized => ({ en: `${what} not found on this node`, zh: `本节点上未找到${what}` });
  const manifests: [string, ControlPlaneComponent][] = [['apiserver-manifest', 'kube-apiserver'], ['controller-manager-manifest', 'kube-controller-manager'], ['scheduler-manifest', 'kube-scheduler'], ['etcd-manifest', 'etcd']];
  for (const [base, component] of manifests) {
    const file = snapshot.components[component].manifest?.path ?? `/etc/kubernetes/manifests/${component}.yaml`;
    judgeFiles(out, `node.file.${base}-permissions`, [stat(file)], '600', missing(file));
    judgeFiles(out, `node.file.${base}-owner`, [stat(file)], 'root:root', missing(file));
  }
  const cni = (snapshot.listings['/etc/cni/net.d']?.entries ?? []).map(stat).filter((s) => !s.directory);
  judgeFiles(out, 'node.file.cni-permissions', cni, '600', missing('CNI configuration under /etc/cni/net.d'));
  judgeFiles(out, 'node.file.cni-owner', cni, 'root:root', missing('CNI configuration under /etc/cni/net.d'));
  const etcd = snapshot.components.etcd;
  if (!etcd.flags) {
    out.notEvaluated('node.file.etcd-data-dir-permissions', 'etcd', absentReason(etcd));
    out.notEvaluated('node.file.etcd-data-dir-owner', 'etcd', absentReason(etcd));
  } else {
    const dir = stat(etcd.flags.values['data-dir'] ?? '/var/lib/etcd');
    const why = { en: `etcd data directory ${dir.path} not visible under the root (mount it read-only)`, zh: `根目录下看不到 etcd 数据目录 ${dir.path}（请以只读方式挂载）` };
    judgeFiles(out, 'node.file.etcd-data-dir-permissions', [dir], '700', why);
    judgeFiles(out, 'node.file.etcd-data-dir-owner', [dir], 'etcd:etcd', why);
  }
  const admin = ['/etc/kubernetes/admin.conf', '/etc/kubernetes/super-admin.conf'].map(stat);
  judgeFiles(out, 'node.file.admin-conf-permissions', admin, '600', missing('/etc/kubernetes/admin.conf'));
  judgeFiles(out, 'node.file.admin-conf-owner', admin, 'root:root', missing('/etc/kubernetes/admin.conf'));
  for (const [base, component, dflt] of [['scheduler-conf', 'kube-scheduler', '/etc/kubernetes/scheduler.conf'], ['controller-manager-conf', 'kube-controller-manager', '/etc/kubernetes/controller-manager.conf']] as const) {
    const file = stat(snapshot.components[component].flags?.values.kubeconfig ?? dflt);
    judgeFiles(out, `node.file.${base}-permissions`, [file], '600', missing(file.path));
    judgeFiles(out, `node.file.${base}-owner`, [file], 'root:root', missing(file.path));
  }
  const pkiListing = snapshot.listings['/etc/kubernetes/pki'];
  const pki = (pkiListing?.entries ?? []).map(stat);
  const pkiMissing = { en: pkiListing?.error ? `Cannot list ${pkiListing.error}` : '/etc/kubernetes/pki not found on this node', zh: pkiListing?.error ? `无法列出 ${pkiListing.error}` : '本节点上未找到 /etc/kubernetes/pki' };
  judgeFiles(out, 'node.file.pki-owner', [stat('/etc/kubernetes/pki'), ...pki], 'root:root', pkiMissing);
  judgeFiles(out, 'node.file.pki-cert-permissions', pki.filter((s) => s.path.endsWith('.crt')), '644', pkiMissing);
  judgeFiles(out, 'node.file.pki-key-permissions', pki.filter((s) => s.path.endsWith('.key')), '600', pkiMissing);
}

function worker(snapshot: NodeSnapshot, out: NodeFindings): void {
  const stat = (p: string): FileStat => snapshot.stats[p] ?? { path: p, exists: false };
  const kubelet = snapshot.kubelet;
  const flags = kubelet.flags;
  const notSeen: Localized = kubelet.unit?.error
    ? { en: `No kubelet process, and its systemd unit could not be read: ${kubelet.unit.error}`, zh: `没有 kubelet 进程，且无法读取其 systemd 单元：${kubelet.unit.error}` }
    : { en: 'No kubelet runs on this node (no kubelet process under /proc) and no kubelet systemd unit was found under the root', zh: '本节点没有运行 kubelet（/proc 下没有 kubelet 进程），根目录下也没有 kubelet 的 systemd 单元' };
  const unitFiles = (kubelet.unit?.files ?? []).map(stat);
  judgeFiles(out, 'node.file.kubelet-service-permissions', unitFiles, '600', { en: 'No kubelet systemd unit found under the root (kubelet.service, kubelet.service.d/*.conf)', zh: '根目录下未找到 kubelet 的 systemd 单元（kubelet.service、kubelet.service.d/*.conf）' });
  judgeFiles(out, 'node.file.kubelet-service-owner', unitFiles, 'root:root', { en: 'No kubelet systemd unit found under the root (kubelet.service, kubelet.service.d/*.conf)', zh: '根目录下未找到 kubelet 的 systemd 单元（kubelet.service、kubelet.service.d/*.conf）' });

  const proxy = snapshot.kubeProxy;
  const proxyReason: Localized = !proxy.process
    ? { en: 'kube-proxy does not run on this node (no kube-proxy process; a CNI such as Cilium may replace it)', zh: 'kube-proxy 不在本节点运行（没有 kube-proxy 进程；可能已由 Cilium 等 CNI 取代）' }
    : { en: `kube-proxy (process ${proxy.process.pid}) has no --kubeconfig file visible on the host or in its container: check the kubeconfig in ConfigMap kube-system/kube-proxy`, zh: `kube-proxy（进程 ${proxy.process.pid}）的 --kubeconfig 文件在宿主机及其容器中均不可见：请检查 kube-system/kube-proxy ConfigMap 中的 kubeconfig` };
  judgeFiles(out, 'node.file.proxy-kubeconfig-permissions', proxy.kubeconfig ? [proxy.kubeconfig] : [], '600', proxyReason);
  judgeFiles(out, 'node.file.proxy-kubeconfig-owner', proxy.kubeconfig ? [proxy.kubeconfig] : [], 'root:root', proxyReason);
  kubeProxyMetrics(snapshot, out);

  if (!flags) {
    for (const id of [...Object.keys(KUBELET_RULES), 'node.kubelet.hostname-override', 'node.file.kubelet-kubeconfig-permissions', 'node.file.kubelet-kubeconfig-owner', 'node.file.kubelet-ca-permissions', 'node.file.kubelet-ca-owner', 'node.file.kubelet-config-permissions', 'node.file.kubelet-config-owner']) out.notEvaluated(id, 'kubelet', notSeen);
    manual(out, 'node.kubelet.event-qps', 'kubelet');
    return;
  }
  const kubeconfig = stat(flags.values.kubeconfig ?? '/etc/kubernetes/kubelet.conf');
  judgeFiles(out, 'node.file.kubelet-kubeconfig-permissions', [kubeconfig], '600', { en: `kubelet kubeconfig ${kubeconfig.path} not found`, zh: `未找到 kubelet kubeconfig ${kubeconfig.path}` });
  judgeFiles(out, 'node.file.kubelet-kubeconfig-owner', [kubeconfig], 'root:root', { en: `kubelet kubeconfig ${kubeconfig.path} not found`, zh: `未找到 kubelet kubeconfig ${kubeconfig.path}` });

  if (kubelet.config?.error) {
    // Without the file the kubelet would not start as configured; judging its defaults would mislead.
    for (const id of Object.keys(KUBELET_RULES)) out.notEvaluated(id, 'kubelet', { en: `Kubelet configuration file unreadable: ${kubelet.config.error}`, zh: `无法读取 kubelet 配置文件：${kubelet.config.error}` });
  } else {
    const view = new KubeletConfigView(kubelet);
    for (const [id, rule] of Object.entries(KUBELET_RULES)) {
      const problem = rule(view);
      if (!problem) out.pass(id);
      else out.fail(id, `kubelet:${id.slice('node.kubelet.'.length)}`, { en: `kubelet: ${problem.problem.en}`, zh: `kubelet：${problem.problem.zh}` }, problem.setting.source, problem.setting.location);
    }
    const ca = view.get('clientCaFile');
    const caStats = ca.value ? [stat(String(ca.value))] : [];
    const caMissing = { en: ca.value ? `kubelet client CA file ${String(ca.value)} not found` : 'The kubelet has no client CA file (see node.kubelet.client-ca-file)', zh: ca.value ? `未找到 kubelet 客户端 CA 文件 ${String(ca.value)}` : 'kubelet 未配置客户端 CA 文件（见 node.kubelet.client-ca-file）' };
    judgeFiles(out, 'node.file.kubelet-ca-permissions', caStats, '644', caMissing);
    judgeFiles(out, 'node.file.kubelet-ca-owner', caStats, 'root:root', caMissing);
    manual(out, 'node.kubelet.event-qps', 'kubelet', view.get('eventQps').source);
  }
  const hostnameOverride = flags.values['hostname-override'];
  if (hostnameOverride === undefined) out.pass('node.kubelet.hostname-override');
  else out.fail('node.kubelet.hostname-override', 'kubelet:--hostname-override', { en: `kubelet: --hostname-override=${hostnameOverride} is set`, zh: `kubelet：设置了 --hostname-override=${hostnameOverride}` }, `--hostname-override=${hostnameOverride} (${flags.origin})`, location(flags.file, flags.lines?.['hostname-override']));

  const configPath = flags.values.config;
  const configStats = configPath ? [stat(configPath), ...kubelet.configDropIns.map((d) => stat(d.path))] : [];
  const noConfig = { en: configPath ? `kubelet configuration file ${configPath} not found` : 'Not applicable: the kubelet runs without a configuration file (no --config)', zh: configPath ? `未找到 kubelet 配置文件 ${configPath}` : '不适用：kubelet 未使用配置文件（无 --config）' };
  judgeFiles(out, 'node.file.kubelet-config-permissions', configStats, '600', noConfig);
  judgeFiles(out, 'node.file.kubelet-config-owner', configStats, 'root:root', noConfig);
}

function kubeProxyMetrics(snapshot: NodeSnapshot, out: NodeFindings): void {
  const id = 'node.kube-proxy.metrics-bind-address';
  const proxy = snapshot.kubeProxy;
  if (!proxy.flags || !proxy.process) return out.notEvaluated(id, 'kube-proxy', { en: 'kube-proxy does not run on this node (no kube-proxy process; a CNI such as Cilium may replace it)', zh: 'kube-proxy 不在本节点运行（没有 kube-proxy 进程；可能已由 Cilium 等 CNI 取代）' });
  let address = proxy.flags.values['metrics-bind-address'];
  let source = `--metrics-bind-address=${address} (${proxy.flags.origin})`;
  if (address === undefined && proxy.flags.values.config) {
    if (!proxy.config || proxy.config.error) return out.notEvaluated(id, 'kube-proxy', { en: `kube-proxy configuration ${proxy.flags.values.config} not readable (${proxy.config?.error ?? 'not read'}): check metricsBindAddress in ConfigMap kube-system/kube-proxy`, zh: `无法读取 kube-proxy 配置 ${proxy.flags.values.config}（${proxy.config?.error ?? '未读取'}）：请检查 kube-system/kube-proxy ConfigMap 中的 metricsBindAddress` });
    const fromFile = (proxy.config.content as { metricsBindAddress?: unknown } | undefined)?.metricsBindAddress;
    if (typeof fromFile === 'string' && fromFile) {
      address = fromFile;
      source = `metricsBindAddress: ${fromFile} in ${proxy.config.path}`;
    }
  }
  const problem = bindsLocal('metrics-bind-address', '127.0.0.1:10249')(address === undefined ? {} : { 'metrics-bind-address': address });
  if (!problem) return out.pass(id);
  out.fail(id, 'kube-proxy:metrics-bind-address', { en: `kube-proxy: ${problem.problem.en}`, zh: `kube-proxy：${problem.problem.zh}` }, source, location(proxy.flags.file, undefined));
}

function manual(out: NodeFindings, id: string, subject: string, evidence?: string): void {
  const lookAt = MANUAL_REVIEW.get(id) as Localized;
  out.notEvaluated(id, subject, { en: `Manual review (CIS ${NODE_CHECK_INFO.get(id)?.cis}): ${lookAt.en}`, zh: `需人工审核（CIS ${NODE_CHECK_INFO.get(id)?.cis}）：${lookAt.zh}` }, evidence);
}

function location(file: string | undefined, line: number | undefined): { file?: string; line?: number } {
  return { ...(file ? { file } : {}), ...(line ? { line } : {}) };
}
