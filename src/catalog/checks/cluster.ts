import type { Check } from '../../model/index.js';

/** Checks of a live cluster as a whole: admission webhooks, the API server's version, anonymous access. */

const WEBHOOK_DOCS = 'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/';
const WEBHOOK_GOOD_PRACTICES = 'https://kubernetes.io/docs/concepts/cluster-administration/admission-webhooks-good-practices/';

export const clusterChecks: Check[] = [
  {
    id: 'cluster.webhook-fail-open',
    severity: 'high',
    target: 'object',
    title: { en: 'Security admission webhook fails open', zh: '安全类准入 Webhook 失败时放行' },
    description: {
      en: 'A webhook configured with `failurePolicy: Ignore` admits every request it could not review: while its service is down, overloaded, unreachable over the network or slower than its timeout, the policy it enforces (a policy engine such as Gatekeeper or Kyverno, image signature verification, runtime security) is simply not applied. Anyone able to disrupt the webhook, or who deploys during an outage, bypasses the control. Webhooks are recognised as security controls by their configuration, webhook or service name.',
      zh: '配置为 `failurePolicy: Ignore` 的 Webhook 会放行所有它未能审查的请求：当其服务宕机、过载、网络不可达或响应超过超时时间时，它所执行的策略（Gatekeeper、Kyverno 等策略引擎、镜像签名校验、运行时安全）就不会生效。任何能够干扰该 Webhook 的人，或在故障期间进行部署的人，都可以绕过这一控制。是否为安全控制，依据其配置名称、Webhook 名称或服务名称判断。',
    },
    remediation: {
      en: 'Set `failurePolicy: Fail` on webhooks that enforce security policy, run the webhook service with several replicas, a PodDisruptionBudget and a priority class, and exclude the namespaces the webhook itself and the cluster\'s system components run in with a `namespaceSelector` so that a failing webhook cannot block its own recovery. If a fail-open webhook is a deliberate trade-off, monitor its availability and waive the finding with the reason.',
      zh: '对执行安全策略的 Webhook 设置 `failurePolicy: Fail`；以多副本、PodDisruptionBudget 和优先级类运行 Webhook 服务；并通过 `namespaceSelector` 排除 Webhook 自身及集群系统组件所在的命名空间，避免 Webhook 故障时阻碍自身恢复。若失败放行是有意的权衡，应监控其可用性，并附理由申请豁免。',
    },
    references: [WEBHOOK_DOCS, WEBHOOK_GOOD_PRACTICES],
  },
  {
    id: 'cluster.webhook-blocks-system',
    severity: 'medium',
    target: 'object',
    title: { en: 'Fail-closed webhook can block kube-system', zh: '失败即拒绝的 Webhook 可能阻断 kube-system' },
    description: {
      en: 'A webhook with `failurePolicy: Fail` that intercepts pod creation and whose `namespaceSelector` matches `kube-system` (an absent selector matches every namespace) rejects the creation of system pods whenever its own service is unavailable. After a node failure or a restart of the cluster, DNS, the network plugin and the webhook\'s own pods may then never come back: the cluster cannot heal itself without an administrator deleting the webhook configuration. Webhooks narrowed by an `objectSelector` are not reported; `matchConditions` are not evaluated.',
      zh: '`failurePolicy: Fail`、拦截 Pod 创建且 `namespaceSelector` 匹配 `kube-system`（未设置选择器即匹配所有命名空间）的 Webhook，在其自身服务不可用时会拒绝创建系统 Pod。节点故障或集群重启后，DNS、网络插件以及该 Webhook 自身的 Pod 可能都无法恢复：除非管理员删除该 Webhook 配置，否则集群无法自愈。带有 `objectSelector` 限定的 Webhook 不予报告；不评估 `matchConditions`。',
    },
    remediation: {
      en: 'Add a `namespaceSelector` that excludes kube-system and the webhook\'s own namespace, for example `matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, <webhook-namespace>]}]`, and keep the webhook highly available (several replicas, PodDisruptionBudget, priority class).',
      zh: '添加排除 kube-system 及 Webhook 自身命名空间的 `namespaceSelector`，例如 `matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, <webhook 所在命名空间>]}]`，并保持 Webhook 高可用（多副本、PodDisruptionBudget、优先级类）。',
    },
    references: [WEBHOOK_GOOD_PRACTICES],
  },
  {
    id: 'cluster.webhook-timeout',
    severity: 'low',
    target: 'object',
    title: { en: 'Admission webhook timeout above 10 seconds', zh: '准入 Webhook 超时时间超过 10 秒' },
    description: {
      en: 'The API server waits up to `timeoutSeconds` (1 to 30, default 10) for each webhook call on every matching request. A long timeout turns a slow or hanging webhook into slow or failing `kubectl apply`, controller reconciliation and pod creation across the cluster; client requests themselves time out after about 30 seconds, so several slow webhooks in sequence can fail requests that would otherwise succeed.',
      zh: 'API Server 对每个匹配的请求调用 Webhook 时，最长等待 `timeoutSeconds`（1 至 30 秒，默认 10 秒）。超时设置过长，会使缓慢或挂起的 Webhook 拖慢甚至导致整个集群的 `kubectl apply`、控制器调谐和 Pod 创建失败；客户端请求本身约 30 秒后超时，多个缓慢的 Webhook 串联时，本可成功的请求也会失败。',
    },
    remediation: {
      en: 'Set `timeoutSeconds` to 10 or less (a few seconds is typical), make the webhook answer quickly (cache policy data, avoid calls to external services on the request path), and scale it for the cluster\'s request rate.',
      zh: '将 `timeoutSeconds` 设为 10 或更小（通常几秒即可），让 Webhook 快速响应（缓存策略数据，避免在请求路径上调用外部服务），并按集群请求量对其扩容。',
    },
    references: [WEBHOOK_DOCS],
  },
  {
    id: 'cluster.version-unsupported',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Kubernetes version out of upstream support', zh: 'Kubernetes 版本已停止上游支持' },
    description: {
      en: 'The API server reports (`GET /version`) a Kubernetes minor release past its end-of-life date as published on kubernetes.io/releases: the project no longer ships patches for it, security fixes included, so known vulnerabilities in the API server, kubelet and controllers stay open. Managed platforms (EKS, GKE, AKS, OpenShift) may offer extended support for a fee on their own schedule; if the cluster is covered, waive the finding with the vendor\'s end date.',
      zh: 'API Server 报告的 Kubernetes 次版本（`GET /version`）已超过 kubernetes.io/releases 公布的停止支持日期：上游不再为其发布补丁（包括安全修复），API Server、kubelet 和控制器中的已知漏洞将一直存在。托管平台（EKS、GKE、AKS、OpenShift）可能按自身时间表提供付费的延长支持；若集群在其覆盖范围内，请附厂商的截止日期申请豁免。',
    },
    remediation: {
      en: 'Plan the upgrade to a supported minor release, one minor at a time (control plane first, then nodes), reading each release\'s deprecation and removal notes; `kubectl convert` and the API server\'s deprecated-API metrics help find manifests that need changes.',
      zh: '规划升级到受支持的次版本，每次升级一个次版本（先控制平面，后节点），并阅读每个版本的弃用与移除说明；可借助 `kubectl convert` 和 API Server 的已弃用 API 指标找出需要修改的清单。',
    },
    references: ['https://kubernetes.io/releases/', 'https://kubernetes.io/releases/version-skew-policy/'],
  },
  {
    id: 'cluster.anonymous-api',
    severity: 'critical',
    target: 'inventory',
    title: { en: 'API server answers anonymous requests', zh: 'API Server 响应匿名请求' },
    description: {
      en: 'Asked with no credentials at all (`rampart cluster --probe`), the API server returned 200 for discovery or for a list of resources: anonymous authentication is enabled and RBAC grants `system:anonymous` or `system:unauthenticated` more than the public health and version endpoints. Anyone who can reach the API server can then map the cluster, and with broader grants read or change it. A 403 (anonymous authentication on, nothing granted) or 401 (off) is not reported.',
      zh: '在完全不带凭据的情况下（`rampart cluster --probe`），API Server 对发现接口或资源列表请求返回了 200：说明匿名认证已启用，且 RBAC 授予 `system:anonymous` 或 `system:unauthenticated` 的权限超出了公开的健康检查与版本接口。任何能访问 API Server 的人都可以借此摸清集群结构，若授权更宽，还能读取或修改集群。返回 403（匿名认证开启但未授权）或 401（已关闭）时不予报告。',
    },
    remediation: {
      en: 'Start the API server with `--anonymous-auth=false`, or on Kubernetes 1.32+ restrict anonymous requests to the health endpoints with the AuthenticationConfiguration `anonymous.conditions`; remove every RoleBinding and ClusterRoleBinding that names `system:anonymous` or `system:unauthenticated` (see rbac.anonymous-access).',
      zh: '以 `--anonymous-auth=false` 启动 API Server，或在 Kubernetes 1.32 及以上版本通过 AuthenticationConfiguration 的 `anonymous.conditions` 将匿名请求限制在健康检查接口；删除所有指向 `system:anonymous` 或 `system:unauthenticated` 的 RoleBinding 和 ClusterRoleBinding（参见 rbac.anonymous-access）。',
    },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests'],
  },
];
