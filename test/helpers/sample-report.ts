import {
  fingerprint,
  kubeObjectAsset,
  REPORT_SCHEMA_VERSION,
  summarise,
  type Asset,
  type Finding,
  type Localized,
  type Location,
  type Report,
  type ReportCheck,
  type ReportControl,
  type WaiverRef,
} from '../../src/model/index.js';

/**
 * A realistic report for reporter tests, built through the model: four assets (one read from a
 * live cluster, one a namespace), all three statuses, an active and an expired waiver, input
 * errors, controls from three frameworks, and hostile text (markup, `&`, control characters)
 * where a manifest could put it.
 */

/** Evidence that would run in a careless HTML report; the script sets this global. */
export const XSS_FLAG = '__rampartPwned';
export const SCRIPT_EVIDENCE = `DB_PASSWORD=su******rd <script>window.${XSS_FLAG}=1</script> & "q" 'a'`;
/** Evidence with characters XML 1.0 cannot carry (BEL, ESC, U+FFFF) next to ones it must escape. */
export const CONTROL_EVIDENCE = 'tag=\u0007latest\u001b[31m ]]> <&>\uFFFF end';

const CHECKS: ReportCheck[] = [
  {
    id: 'pod.privileged',
    severity: 'critical',
    title: { en: 'Privileged container', zh: '特权容器' },
    description: {
      en: 'A privileged container runs with every capability and sees all host devices.',
      zh: '特权容器拥有全部 Linux 能力并可访问宿主机全部设备。',
    },
    remediation: {
      en: 'Remove `securityContext.privileged: true` (or set it to false).',
      zh: '删除 `securityContext.privileged: true`(或设为 false)。',
    },
    pss: { level: 'baseline', control: 'privileged' },
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    controls: ['cis-k8s-1.12:5.2.2', 'mlps-2.0-l3:8.1.4.2 f', 'pci-dss-4.0:2.2.5', 'pss:privileged'],
  },
  {
    id: 'pod.host-path',
    severity: 'high',
    title: { en: 'hostPath volume', zh: 'hostPath 卷' },
    description: { en: 'A hostPath volume exposes the node filesystem to the Pod.', zh: 'hostPath 卷会将节点文件系统暴露给 Pod。' },
    remediation: { en: 'Use a PersistentVolumeClaim, ConfigMap or emptyDir instead.', zh: '改用 PersistentVolumeClaim、ConfigMap 或 emptyDir。' },
    controls: ['mlps-2.0-l3:8.1.4.2 f'],
  },
  {
    id: 'pod.secrets-in-env',
    severity: 'high',
    title: { en: 'Secret in environment variable', zh: '环境变量中包含密钥' },
    description: { en: 'A literal credential is set in the Pod spec.', zh: 'Pod 规约中以明文设置了凭据。' },
    remediation: { en: 'Reference a Secret with `valueFrom.secretKeyRef`.', zh: '通过 `valueFrom.secretKeyRef` 引用 Secret。' },
    controls: ['pci-dss-4.0:8.3.2'],
  },
  {
    id: 'pod.run-as-non-root',
    severity: 'medium',
    title: { en: 'Container may run as root', zh: '容器可能以 root 身份运行' },
    description: { en: 'Nothing stops the container from running as UID 0.', zh: '没有任何设置阻止容器以 UID 0 运行。' },
    remediation: { en: 'Set `runAsNonRoot: true` and a non-zero `runAsUser`.', zh: '设置 `runAsNonRoot: true` 以及非 0 的 `runAsUser`。' },
    controls: ['cis-k8s-1.12:5.2.7', 'mlps-2.0-l3:8.1.4.2 f'],
  },
  {
    id: 'image.latest-tag',
    severity: 'low',
    title: { en: 'Image uses the latest tag', zh: '镜像使用 latest 标签' },
    description: { en: 'A mutable tag makes deployments unrepeatable.', zh: '可变标签导致部署不可复现。' },
    remediation: { en: 'Pin the image by digest.', zh: '使用摘要(digest)固定镜像。' },
    controls: [],
  },
  {
    id: 'namespace.psa-not-enforced',
    severity: 'info',
    title: { en: 'Namespace does not enforce Pod Security', zh: '命名空间未强制执行 Pod 安全标准' },
    description: { en: 'No pod-security.kubernetes.io/enforce label.', zh: '缺少 pod-security.kubernetes.io/enforce 标签。' },
    remediation: { en: 'Label the namespace `pod-security.kubernetes.io/enforce=restricted`.', zh: '为命名空间添加标签 `pod-security.kubernetes.io/enforce=restricted`。' },
    controls: ['pci-dss-4.0:2.2.1'],
  },
];

const CONTROLS: ReportControl[] = [
  { framework: 'cis-k8s-1.12', id: '5.2.2', title: { en: 'Minimize the admission of privileged containers', zh: '尽量减少特权容器的准入' } },
  { framework: 'cis-k8s-1.12', id: '5.2.7', title: { en: 'Minimize the admission of root containers', zh: '尽量减少以 root 身份运行的容器的准入' } },
  {
    framework: 'mlps-2.0-l3',
    id: '8.1.4.2 f',
    title: {
      en: 'The granularity of access control shall reach the user or process level for subjects.',
      zh: '访问控制的粒度应达到主体为用户级或进程级,客体为文件、数据库表级。',
    },
  },
  { framework: 'pci-dss-4.0', id: '2.2.1', title: { en: 'Configuration standards are developed and maintained', zh: '制定并维护配置标准' } },
  { framework: 'pci-dss-4.0', id: '2.2.5', title: { en: 'Insecure services are justified and secured', zh: '不安全的服务须有正当理由并加以保护' } },
  { framework: 'pci-dss-4.0', id: '8.3.2', title: { en: 'Authentication factors are protected with strong cryptography', zh: '身份验证因素受强加密保护' } },
  { framework: 'pss', id: 'privileged', title: { en: 'Privileged Containers', zh: '特权容器' } },
];

const api = kubeObjectAsset({ namespace: 'payments', kind: 'Deployment', name: 'api', apiVersion: 'apps/v1' });
const ledger = kubeObjectAsset({ namespace: 'payments', kind: 'StatefulSet', name: 'ledger-db', apiVersion: 'apps/v1' });
const scoring = kubeObjectAsset({ cluster: 'prod-sh', namespace: 'risk', kind: 'CronJob', name: 'nightly-scoring', apiVersion: 'batch/v1' });
const riskNs = kubeObjectAsset({ kind: 'Namespace', name: 'risk', apiVersion: 'v1' });

export const ACTIVE_WAIVER: WaiverRef = {
  id: 'W-2024-017',
  reason: 'Ledger DB needs the node-local NVMe cache until migration to CSI (Q3) / 迁移至 CSI 前需使用节点本地缓存',
  approver: '王伟 (CISO office)',
  expires: '2099-12-31',
  ticket: 'SEC-1234',
};

export const EXPIRED_WAIVER: WaiverRef = {
  id: 'W-2023-042',
  reason: 'Vendor image runs as root; vendor fix promised',
  approver: 'Alice Chen',
  expires: '2024-06-30',
};

function finding(
  checkId: string,
  asset: Asset,
  subject: string,
  message: Localized,
  location: Location,
  extra: Partial<Finding> = {},
): Finding {
  const check = CHECKS.find((c) => c.id === checkId);
  if (!check) throw new Error(`sample report: unknown check ${checkId}`);
  return {
    fingerprint: fingerprint(checkId, asset.ref, subject),
    checkId,
    severity: check.severity,
    status: 'fail',
    message,
    asset,
    subject,
    location,
    controls: check.controls,
    ...extra,
  };
}

export const FINDINGS: Finding[] = [
  finding(
    'pod.privileged',
    api,
    'container:agent',
    { en: 'Container "agent" runs privileged', zh: '容器 "agent" 以特权模式运行' },
    { file: 'deploy/payments/api.yaml', line: 42, path: 'spec.template.spec.containers[1].securityContext.privileged' },
    { container: 'agent', evidence: 'true' },
  ),
  finding(
    'pod.secrets-in-env',
    api,
    'container:app/env:DB_PASSWORD',
    { en: 'Container "app" sets DB_PASSWORD to a literal value', zh: '容器 "app" 的 DB_PASSWORD 为明文值' },
    { file: 'deploy/payments/api.yaml', line: 31, path: 'spec.template.spec.containers[0].env[2].value' },
    { container: 'app', evidence: SCRIPT_EVIDENCE },
  ),
  finding(
    'pod.run-as-non-root',
    api,
    'container:app',
    { en: 'Container "app" may run as root', zh: '容器 "app" 可能以 root 身份运行' },
    { file: 'deploy/payments/api.yaml', line: 24, path: 'spec.template.spec.containers[0].securityContext' },
    { container: 'app', expiredWaiver: EXPIRED_WAIVER },
  ),
  finding(
    'pod.host-path',
    ledger,
    'volume:nvme-cache',
    { en: 'Volume "nvme-cache" mounts host path /mnt/nvme', zh: '卷 "nvme-cache" 挂载了宿主机路径 /mnt/nvme' },
    { file: 'deploy/payments/ledger-db.yaml', line: 57, path: 'spec.template.spec.volumes[0].hostPath' },
    { status: 'waived', waiver: ACTIVE_WAIVER, evidence: '/mnt/nvme' },
  ),
  finding(
    'image.latest-tag',
    ledger,
    'container:db',
    { en: 'Container "db" uses image postgres:latest', zh: '容器 "db" 使用镜像 postgres:latest' },
    { file: 'deploy/payments/ledger-db.yaml', line: 22, path: 'spec.template.spec.containers[0].image' },
    { container: 'db', evidence: CONTROL_EVIDENCE },
  ),
  finding(
    'image.latest-tag',
    scoring,
    'container:scorer',
    { en: 'Image tag of container "scorer" could not be read', zh: '无法读取容器 "scorer" 的镜像标签' },
    { path: 'spec.jobTemplate.spec.template.spec.containers[0].image' },
    {
      container: 'scorer',
      status: 'not-evaluated',
      reason: {
        en: 'The image reference is an unrendered Helm expression ({{ .Values.image }})',
        zh: '镜像引用是未渲染的 Helm 表达式({{ .Values.image }})',
      },
    },
  ),
  finding(
    'namespace.psa-not-enforced',
    riskNs,
    'metadata.labels',
    { en: 'Namespace "risk" has no Pod Security enforce level', zh: '命名空间 "risk" 未设置 Pod 安全强制级别' },
    { file: 'deploy/namespaces.yaml', line: 9, path: 'metadata.labels' },
  ),
];

/** The sample report; `overrides` replace top-level fields (the summary is recomputed from findings). */
export function sampleReport(overrides: Partial<Report> = {}): Report {
  const findings = overrides.findings ?? FINDINGS;
  const base: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'rampart', version: '0.1.0' },
    command: 'rampart manifests deploy/ --waivers waivers.yaml --report sarif=out.sarif',
    scanTime: '2025-03-14T08:30:00.000Z',
    inputs: [
      { source: 'deploy/payments/api.yaml', resources: 2 },
      { source: 'deploy/payments/ledger-db.yaml', resources: 1 },
      { source: 'deploy/namespaces.yaml', resources: 2 },
      { source: 'deploy/README.yaml', resources: 0, skipped: 'no Kubernetes object' },
      { source: 'https://prod-sh.k8s.example.internal:6443', resources: 1 },
    ],
    inputErrors: [
      { source: 'deploy/broken.yaml', line: 14, message: 'bad indentation of a mapping entry' },
      { source: 'deploy/ingress <draft>.yaml', message: 'not a Kubernetes object: missing "kind" & "apiVersion"' },
    ],
    waivers: [
      { id: ACTIVE_WAIVER.id, check: 'pod.host-path', state: 'active', expires: ACTIVE_WAIVER.expires, matched: 1 },
      { id: EXPIRED_WAIVER.id, check: 'pod.run-as-non-root', state: 'expired', expires: EXPIRED_WAIVER.expires, matched: 1 },
      { id: 'W-2024-031', check: 'image.*', state: 'active', expires: '2099-01-31', matched: 0 },
    ],
    checks: Object.fromEntries(CHECKS.map((c) => [c.id, c])),
    controls: Object.fromEntries(CONTROLS.map((c) => [`${c.framework}:${c.id}`, c])),
    frameworks: {
      'cis-k8s-1.12': { id: 'cis-k8s-1.12', name: { en: 'CIS Kubernetes Benchmark', zh: 'CIS Kubernetes 基准' }, version: 'v1.12.0', textProvenance: 'verbatim' },
      'mlps-2.0-l3': {
        id: 'mlps-2.0-l3',
        name: { en: 'MLPS 2.0 Baseline Requirements (GB/T 22239-2019), Level 3', zh: '网络安全等级保护基本要求(GB/T 22239-2019)第三级' },
        version: 'GB/T 22239-2019',
        textProvenance: 'mixed',
        notes: { en: 'Clause numbers 8.1.2.x and 8.2.x are reconstructed; verify before use.', zh: '8.1.2.x 与 8.2.x 条款编号为推定，使用前请核实。' },
      },
      'pci-dss-4.0': { id: 'pci-dss-4.0', name: { en: 'Payment Card Industry Data Security Standard', zh: '支付卡行业数据安全标准(PCI DSS)' }, version: 'v4.0', textProvenance: 'paraphrase' },
      pss: { id: 'pss', name: { en: 'Kubernetes Pod Security Standards', zh: 'Kubernetes Pod 安全标准' }, version: 'latest', textProvenance: 'verbatim' },
    },
    namespaces: [
      { name: 'payments', enforce: 'baseline', enforceVersion: 'v1.30', audit: 'restricted', warn: 'restricted', rejected: 1, workloads: 2 },
      { name: 'risk', rejected: 0, workloads: 1 },
    ],
    findings,
    summary: summarise(findings, 6),
  };
  const report = { ...base, ...overrides };
  return { ...report, summary: summarise(report.findings, report.summary.resources) };
}

/** A clean scan: nothing found, nothing broken. */
export function cleanReport(): Report {
  return sampleReport({ findings: [], inputErrors: [], waivers: [], checks: {}, controls: {}, frameworks: {} });
}
