import type { Check } from '../../model/index.js';

/** Checks over Namespace objects and the workloads they hold, and over every object's namespace. */

const PSA_DOCS = 'https://kubernetes.io/docs/concepts/security/pod-security-admission/';
const PSA_LABELS_TASK = 'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/';

export const namespaceChecks: Check[] = [
  {
    id: 'object.default-namespace',
    severity: 'low',
    target: 'object',
    title: { en: 'Object in the default namespace', zh: '对象位于 default 命名空间' },
    description: {
      en: 'Objects in `default` share it with everything else deployed without a namespace in mind: RBAC, NetworkPolicies, quotas and Pod Security labels cannot be scoped to one application, and any `kubectl` command run without `-n` lands there. CIS recommends not using the default namespace. Objects Kubernetes itself keeps there (the `kubernetes` Service, Endpoints and EndpointSlice, the `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap) are not reported. A manifest that sets no namespace is reported only when the scan is told to assume `default`.',
      zh: '位于 `default` 的对象与所有未考虑命名空间就部署的内容混在一起：RBAC、NetworkPolicy、配额和 Pod 安全标签都无法按应用划分范围，任何未带 `-n` 的 `kubectl` 命令也都会落到这里。CIS 基线建议不要使用 default 命名空间。Kubernetes 自身保存在其中的对象（`kubernetes` Service、Endpoints 与 EndpointSlice、`default` ServiceAccount 以及 `kube-root-ca.crt` ConfigMap）不会被报告。未设置命名空间的清单，仅当扫描被指定默认使用 `default` 时才会被报告。',
    },
    remediation: {
      en: 'Create a namespace per application or team with its own RBAC, NetworkPolicies, ResourceQuota and Pod Security labels, and set `metadata.namespace` in the manifests (or deploy with `-n`). Leave `default` empty; enforcing `restricted` on it keeps privileged pods from landing there by accident.',
      zh: '按应用或团队创建命名空间，并为其配置独立的 RBAC、NetworkPolicy、ResourceQuota 和 Pod 安全标签；在清单中设置 `metadata.namespace`（或部署时使用 `-n`）。保持 `default` 为空；在其上强制执行 `restricted`，可避免特权 Pod 被误部署到这里。',
    },
    references: ['https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'],
  },
  {
    id: 'namespace.psa-not-enforced',
    severity: 'medium',
    target: 'inventory',
    title: { en: 'Pod Security Admission not enforced', zh: '未强制执行 Pod 安全准入' },
    description: {
      en: 'Pod Security Admission rejects pods that break the Pod Security Standards only in namespaces labelled `pod-security.kubernetes.io/enforce: baseline` or `restricted`. Without the label the cluster default applies, which is `privileged` (admit everything) unless the API server\'s AdmissionConfiguration sets another; with `privileged`, anything is admitted. The `audit` and `warn` labels record and warn but reject nothing. A value that is not a level is refused when the namespace is created and enforced as `restricted` on one that already exists. Policy engines such as Kyverno or Gatekeeper and cluster-wide PSA defaults are not visible to this check: waive the namespaces they cover, and those that genuinely need privileged pods (node agents, CNI), with the reason.',
      zh: 'Pod 安全准入（PSA）只在带有 `pod-security.kubernetes.io/enforce: baseline` 或 `restricted` 标签的命名空间中拒绝违反 Pod 安全标准的 Pod。没有该标签时采用集群默认级别，除非 API Server 的 AdmissionConfiguration 另有配置，否则为 `privileged`（全部准入）；标签为 `privileged` 时同样全部准入。`audit` 和 `warn` 标签只记录和告警，不拒绝任何 Pod。取值不是有效级别时，创建命名空间会被拒绝；对已存在的命名空间则按 `restricted` 执行。本检查看不到 Kyverno、Gatekeeper 等策略引擎以及集群级 PSA 默认配置：对由它们管控的命名空间，以及确需运行特权 Pod 的命名空间（节点代理、CNI 等），请附理由申请豁免。',
    },
    remediation: {
      en: 'Label every application namespace `pod-security.kubernetes.io/enforce: restricted` (or `baseline` where restricted is not yet reachable) together with a pinned `pod-security.kubernetes.io/enforce-version`. Roll out safely: first set `warn` and `audit` to the target level and review the warnings, or fix what namespace.psa-rejects-workload reports. Keep `privileged` to dedicated system namespaces.',
      zh: '为每个应用命名空间添加标签 `pod-security.kubernetes.io/enforce: restricted`（暂时无法达到 restricted 的可先用 `baseline`），并同时用 `pod-security.kubernetes.io/enforce-version` 固定版本。稳妥上线的做法是：先把 `warn` 和 `audit` 设为目标级别并查看告警，或先修复 namespace.psa-rejects-workload 报告的问题。`privileged` 只保留给专用的系统命名空间。',
    },
    references: [PSA_DOCS, PSA_LABELS_TASK],
  },
  {
    id: 'namespace.psa-version-unpinned',
    severity: 'low',
    target: 'inventory',
    title: { en: 'Pod Security Admission version not pinned', zh: 'Pod 安全准入版本未固定' },
    description: {
      en: 'Without `pod-security.kubernetes.io/enforce-version`, or with `latest`, a namespace enforces the Pod Security Standards as defined by whatever Kubernetes version the cluster runs. Rules are added and tightened between versions, so a cluster upgrade can start rejecting pods that were admitted the day before, typically at the next rollout. Pinning the version makes each policy change a deliberate step. A value other than `latest` or `v1.<minor>` is refused when the namespace is created and treated as `latest` on one that already exists.',
      zh: '未设置 `pod-security.kubernetes.io/enforce-version` 或设为 `latest` 时，命名空间按集群当前 Kubernetes 版本所定义的 Pod 安全标准执行。不同版本之间规则会增加或收紧，集群升级后，前一天还能准入的 Pod 可能被拒绝，通常在下一次发布时暴露。固定版本可让每次策略变化都成为有意识的变更。取值既不是 `latest` 也不是 `v1.<次版本号>` 时，创建命名空间会被拒绝；对已存在的命名空间则按 `latest` 处理。',
    },
    remediation: {
      en: 'Set `pod-security.kubernetes.io/enforce-version` to the cluster\'s current minor version (for example `v1.33`). Before each cluster upgrade, set `warn-version` and `audit-version` to the new version, review the warnings and fix what they report, then move `enforce-version` forward.',
      zh: '将 `pod-security.kubernetes.io/enforce-version` 设为集群当前的次版本（例如 `v1.33`）。每次集群升级前，先把 `warn-version` 和 `audit-version` 设为新版本，查看并处理告警，再将 `enforce-version` 调整到新版本。',
    },
    references: [PSA_DOCS, PSA_LABELS_TASK],
  },
  {
    id: 'namespace.psa-rejects-workload',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Workload rejected by its namespace\'s Pod Security level', zh: '工作负载不符合所在命名空间的 Pod 安全级别' },
    description: {
      en: 'The workload\'s pod template breaks the Pod Security Standards level its namespace enforces (`pod-security.kubernetes.io/enforce`, at its `enforce-version`). Pods are checked when they are created: a bare Pod fails to apply, while a Deployment, StatefulSet, DaemonSet or Job is accepted but its controller cannot create pods, so the rollout stalls with FailedCreate events and replicas lost to a node drain are not replaced. Only namespaces whose Namespace object was scanned are evaluated; `latest` is evaluated at the scan\'s policy version. Exemptions configured on the API server (usernames, runtime classes and namespaces in the PodSecurity AdmissionConfiguration) cannot be seen in manifests and are not applied.',
      zh: '工作负载的 Pod 模板不符合其所在命名空间强制执行的 Pod 安全标准级别（`pod-security.kubernetes.io/enforce`，按其 `enforce-version`）。Pod 在创建时接受检查：单独的 Pod 会直接提交失败；Deployment、StatefulSet、DaemonSet 或 Job 本身可以提交，但控制器无法创建 Pod，发布会卡住并产生 FailedCreate 事件，节点排空后丢失的副本也无法补回。只评估已扫描到其 Namespace 对象的命名空间；`latest` 按本次扫描的策略版本评估。API Server 上配置的豁免（PodSecurity AdmissionConfiguration 中的用户名、RuntimeClass 和命名空间）无法从清单中看到，不予考虑。',
    },
    remediation: {
      en: 'Change the pod template until it meets the level: the message lists the Pod Security Standards checks it fails and the containers at fault, and each is also reported as its own finding with the field to change. If the workload genuinely needs more privilege, move it to a dedicated namespace whose level allows it, rather than lowering the level of a shared namespace, and record the exception.',
      zh: '修改 Pod 模板直至满足该级别：消息中列出了未通过的 Pod 安全标准检查及相关容器，每一项也会作为单独的发现报告，并指出需要修改的字段。若工作负载确实需要更高权限，应将其迁移到允许该级别的专用命名空间，而不是降低共享命名空间的级别，并登记该例外。',
    },
    references: [PSA_DOCS, 'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-admission-controller/'],
  },
];
