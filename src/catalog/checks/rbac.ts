import type { Check } from '../../model/index.js';

/** RBAC: effective permissions, risky grants and privilege-escalation paths. The controls each check evidences are in ../frameworks. */

const RBAC_DOCS = 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/';
const RBAC_GOOD_PRACTICES = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';
const ESCALATION_RISKS = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks';

/** What every RBAC check shares: how system components are told apart, said once in each language. */
const EXCLUSION = {
  en: 'Grants Kubernetes makes to its own components (a `system:` binding to a `system:` user or group, or to a kube-system ServiceAccount) are not reported.',
  zh: 'Kubernetes 授予其自身组件的权限（以 `system:` 开头的绑定授予 `system:` 用户或组，或授予 kube-system 中的服务账号）不予报告。',
};

export const rbacChecks: Check[] = [
  {
    id: 'rbac.cluster-admin',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Subject bound to cluster-admin', zh: '主体被绑定到 cluster-admin' },
    description: {
      en: `The subject is granted every verb on every resource of every API group: the cluster-admin ClusterRole, or a role written the same way. Through a ClusterRoleBinding that is the whole cluster — every Secret, every workload, and the power to grant anyone anything; through a RoleBinding it is full control of one namespace, its Secrets and RBAC included. CIS asks that cluster-admin be used only where required: break-glass administrators, not pipelines, operators or applications. ${EXCLUSION.en}`,
      zh: `该主体被授予对所有 API 组中所有资源的全部操作权限：即 cluster-admin 集群角色，或写法等同的角色。通过 ClusterRoleBinding 授予时，权限覆盖整个集群——所有 Secret、所有工作负载，以及向任何人授予任意权限的能力；通过 RoleBinding 授予时，则完全控制一个命名空间，包括其中的 Secret 和 RBAC。CIS 要求仅在必要时使用 cluster-admin：应仅限于应急管理员，而非流水线、Operator 或应用。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Replace the binding with a role that lists only the resources and verbs the subject uses (start from `rampart rbac can SUBJECT` and the API audit log). Keep cluster-admin for a small break-glass group whose use is logged and reviewed, and waive that binding with its approval. For a namespace team, bind the built-in `admin` or `edit` ClusterRole with a RoleBinding instead.',
      zh: '将该绑定替换为只列出主体实际使用的资源和操作的角色（可从 `rampart rbac can SUBJECT` 和 API 审计日志入手）。cluster-admin 仅保留给少数应急管理员组，其使用须有日志记录并定期审查，并为该绑定登记经审批的豁免。对于命名空间级团队，应改用 RoleBinding 绑定内置的 `admin` 或 `edit` 集群角色。',
    },
    references: [`${RBAC_DOCS}#user-facing-roles`, RBAC_GOOD_PRACTICES],
  },
  {
    id: 'rbac.secrets-read',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Subject can read Secrets', zh: '主体可读取 Secret' },
    description: {
      en: `The subject is granted get, list or watch on Secrets, cluster-wide or in a namespace. list and watch return every Secret's value, so this reads database passwords, TLS keys, registry credentials and the legacy ServiceAccount tokens stored there — and with a token, acts as its ServiceAccount. A grant limited by resourceNames to the Secrets an application needs is the least-privilege form and is not reported. ${EXCLUSION.en}`,
      zh: `该主体被授予对 Secret 的 get、list 或 watch 权限（集群范围或某命名空间内）。list 和 watch 会返回所有 Secret 的内容，因此可读取数据库口令、TLS 私钥、镜像仓库凭据以及存放在其中的旧式服务账号令牌，并可凭令牌冒用该服务账号。通过 resourceNames 限定为应用所需 Secret 的授权属于最小权限写法，不予报告。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Grant `get` only, limited with `resourceNames` to the Secrets the workload uses, in its own namespace; or mount the Secret as a volume and drop the API access altogether. Monitoring and backup tools rarely need Secret contents: remove `secrets` from their ClusterRoles, or use an external secret store with its own access policy.',
      zh: '仅授予 `get`，并通过 `resourceNames` 限定为工作负载在自身命名空间中实际使用的 Secret；或以卷方式挂载 Secret，完全取消 API 访问权限。监控和备份工具很少需要读取 Secret 内容：应从其集群角色中移除 `secrets`，或改用具备独立访问策略的外部密钥存储。',
    },
    references: [`${RBAC_GOOD_PRACTICES}#listing-secrets`, 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/'],
  },
  {
    id: 'rbac.wildcard',
    severity: 'medium',
    target: 'inventory',
    title: { en: 'Subject granted wildcard rules', zh: '主体被授予通配符规则' },
    description: {
      en: `A role bound to the subject uses \`*\` among its verbs, API groups, resources or non-resource URLs. A wildcard grants not only what exists today but every verb, resource and API added later — custom resources of every operator installed afterwards included — so nobody can say what the subject may do without reading the whole API. Rules of every verb on every resource are reported as rbac.cluster-admin instead. ${EXCLUSION.en}`,
      zh: `绑定到该主体的角色在 verbs、apiGroups、resources 或 nonResourceURLs 中使用了 \`*\`。通配符不仅授予当前存在的内容，也授予日后新增的所有操作、资源和 API（包括之后安装的各类 Operator 的自定义资源），因此不通读整个 API 就无法说清该主体能做什么。对所有资源拥有全部操作权限的规则改由 rbac.cluster-admin 报告。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'List the verbs, API groups and resources explicitly. `rampart rbac can SUBJECT` shows what the rules grant today; the API server audit log shows what the subject uses. Note that `pods/*` is not a wildcard in RBAC: write each subresource (`pods/log`, `pods/exec`) by name.',
      zh: '显式列出所需的操作、API 组和资源。`rampart rbac can SUBJECT` 可显示规则当前授予的权限，API Server 审计日志可显示主体实际使用的权限。注意，RBAC 中 `pods/*` 并不是通配符：应逐个写出子资源名称（如 `pods/log`、`pods/exec`）。',
    },
    references: [`${RBAC_GOOD_PRACTICES}#least-privilege`, `${RBAC_DOCS}#referring-to-resources`],
  },
  {
    id: 'rbac.workload-create',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Subject can create pods or workloads', zh: '主体可创建 Pod 或工作负载' },
    description: {
      en: `The subject may create pods, or create, update or patch the controllers that create them (Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, ReplicationControllers). Whoever creates a pod chooses what it runs as and mounts: any ServiceAccount of the namespace (and so all of its rights), any Secret of the namespace, and — where the namespace's Pod Security level admits privileged pods — the node itself. This is the most common escalation path in practice; rbac.escalation-path follows it through. ${EXCLUSION.en}`,
      zh: `该主体可创建 Pod，或创建、更新、修补会创建 Pod 的控制器（Deployment、StatefulSet、DaemonSet、ReplicaSet、Job、CronJob、ReplicationController）。创建 Pod 的人可决定其运行身份和挂载内容：命名空间中的任一服务账号（及其全部权限）、命名空间中的任一 Secret；若命名空间的 Pod 安全级别允许特权 Pod，还可控制节点本身。这是实践中最常见的提权途径，rbac.escalation-path 会沿此路径继续分析。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Give pod and workload creation only to deployment pipelines and controllers that need it, in the namespaces they deploy to (RoleBindings, not a ClusterRoleBinding). Enforce Pod Security `restricted` (or at least `baseline`) in those namespaces so created pods cannot be privileged, and keep powerful ServiceAccounts out of namespaces where others create pods.',
      zh: '仅在确有需要时，将 Pod 和工作负载的创建权限授予部署流水线和控制器，且限定在其部署的命名空间内（使用 RoleBinding，而非 ClusterRoleBinding）。在这些命名空间中强制执行 Pod 安全 `restricted`（至少 `baseline`）级别，使所创建的 Pod 无法成为特权 Pod；并避免将高权限服务账号放在他人可创建 Pod 的命名空间中。',
    },
    references: [`${ESCALATION_RISKS}`, `${RBAC_DOCS}#privilege-escalation-prevention-and-bootstrapping`],
  },
  {
    id: 'rbac.escalate-bind-impersonate',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Subject holds escalate, bind or impersonate', zh: '主体拥有 escalate、bind 或 impersonate 权限' },
    description: {
      en: `RBAC normally refuses to let anyone grant a permission they do not hold. escalate (on roles or clusterroles) lets the subject write such permissions into a role; bind lets it create a binding to a role whose permissions it lacks, cluster-admin included; impersonate (on users, groups or serviceaccounts) lets it act as another identity — impersonating the group system:masters is cluster-admin. Grants limited to named objects are reported too, since one name is enough. ${EXCLUSION.en}`,
      zh: `RBAC 通常不允许任何人授予自己并不具备的权限。escalate（针对 roles 或 clusterroles）使该主体可将此类权限写入角色；bind 使其可创建绑定到其不具备权限的角色（包括 cluster-admin）的绑定；impersonate（针对 users、groups 或 serviceaccounts）使其可冒用其他身份——冒用 system:masters 组即等同于 cluster-admin。限定了具体对象名称的授权同样会被报告，因为一个名称就足够。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Remove these verbs from every role not used by an RBAC-managing controller or a tightly held administrator role. Where bind is needed, limit it with `resourceNames` to the roles that may be handed out; where impersonation is needed (an authenticating proxy), limit it to the users and groups it serves and never to system:masters.',
      zh: '除 RBAC 管理控制器或严格管控的管理员角色外，从所有角色中移除这些操作。确需 bind 时，使用 `resourceNames` 限定为允许分发的角色；确需 impersonate 时（如认证代理），仅限其服务的用户和组，且绝不包括 system:masters。',
    },
    references: [`${RBAC_DOCS}#privilege-escalation-prevention-and-bootstrapping`, `${RBAC_GOOD_PRACTICES}#escalate-verb`, 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation'],
  },
  {
    id: 'rbac.token-create',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Subject can create ServiceAccount tokens', zh: '主体可签发服务账号令牌' },
    description: {
      en: `The subject may create serviceaccounts/token: a TokenRequest returns a bearer token for the ServiceAccount, valid for as long as requested (up to the API server's maximum) and usable from anywhere the API server is reachable. The subject so gains every right of every ServiceAccount it can mint for, in the namespaces the grant covers. ${EXCLUSION.en}`,
      zh: `该主体可创建 serviceaccounts/token:TokenRequest 会返回服务账号的持有者令牌，在请求的有效期内（不超过 API Server 的上限）有效，且可在任何能访问 API Server 的地方使用。因此该主体将获得其可签发令牌的所有服务账号的全部权限，范围覆盖该授权所涉及的命名空间。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Remove `create` on `serviceaccounts/token` from roles that do not broker tokens. Where a component must mint tokens, limit the rule with `resourceNames` to the ServiceAccounts it serves, in their namespace only, and keep those ServiceAccounts least-privileged.',
      zh: '从不负责代理令牌的角色中移除对 `serviceaccounts/token` 的 `create` 权限。确需签发令牌的组件，应使用 `resourceNames` 将规则限定为其服务的服务账号，且仅限于这些账号所在的命名空间，同时保持这些服务账号的最小权限。',
    },
    references: ['https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/', ESCALATION_RISKS],
  },
  {
    id: 'rbac.pod-exec',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Subject can run commands in running pods', zh: '主体可在运行中的 Pod 内执行命令' },
    description: {
      en: `The subject may use pods/exec or pods/attach (create, or get on API servers that accept exec over a WebSocket GET), pods/portforward, add ephemeral containers, or update pods (a new image runs new code). Inside a pod it acts with the pod's ServiceAccount token, reads its files, environment and mounted Secrets, and in a privileged or hostPath pod reaches the node. Port-forwarding reaches ports that NetworkPolicies would otherwise guard. ${EXCLUSION.en}`,
      zh: `该主体可使用 pods/exec 或 pods/attach（create，或在接受通过 WebSocket GET 执行命令的 API Server 上使用 get）、pods/portforward，添加临时容器，或更新 Pod（替换镜像即可运行新代码）。进入 Pod 后，它可使用该 Pod 的服务账号令牌，读取其文件、环境变量和挂载的 Secret；在特权或使用 hostPath 的 Pod 中还可触及节点。端口转发则可访问原本受 NetworkPolicy 保护的端口。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Keep interactive access out of standing roles: grant it through a time-limited, approved break-glass role, or use ephemeral debug environments. Where operators need it, limit it to the namespaces they run and audit every exec in the API server audit log.',
      zh: '不要在常设角色中授予交互式访问权限：应通过有时限、经审批的应急角色授予，或使用临时调试环境。运维人员确需使用时，应限定在其负责的命名空间内，并在 API Server 审计日志中审计每一次 exec。',
    },
    references: [ESCALATION_RISKS, 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container'],
  },
  {
    id: 'rbac.nodes-proxy',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Subject can reach kubelets through nodes/proxy', zh: '主体可通过 nodes/proxy 访问 kubelet' },
    description: {
      en: `The subject may get or create nodes/proxy, which forwards requests to the kubelet API of every node. The kubelet runs commands in any pod on its node, and requests through it bypass the API server's audit of the pod operations and its admission control. Read-only kubelet endpoints (nodes/metrics, nodes/stats, nodes/log) are not reported. ${EXCLUSION.en}`,
      zh: `该主体可对 nodes/proxy 执行 get 或 create，从而将请求转发到所有节点的 kubelet API。kubelet 可在其节点上的任意 Pod 中执行命令，而经由它发出的请求会绕过 API Server 对 Pod 操作的审计及准入控制。只读的 kubelet 端点（nodes/metrics、nodes/stats、nodes/log）不予报告。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Replace `nodes/proxy` with the read-only subresource the tool needs — usually `nodes/metrics` or `nodes/stats` for monitoring — and remove it from every other ClusterRole.',
      zh: '将 `nodes/proxy` 替换为工具实际需要的只读子资源（监控通常只需 `nodes/metrics` 或 `nodes/stats`），并从其他所有集群角色中移除它。',
    },
    references: [`${RBAC_GOOD_PRACTICES}#nodes-proxy`, 'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/'],
  },
  {
    id: 'rbac.csr-approve',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Subject can approve certificate signing requests', zh: '主体可批准证书签名请求' },
    description: {
      en: `The subject may update certificatesigningrequests/approval. Together with creating CSRs and approve on a signer such as kubernetes.io/kube-apiserver-client, it can issue itself a client certificate naming any user and any group — system:masters included — which the API server accepts until it expires and which RBAC cannot revoke. ${EXCLUSION.en}`,
      zh: `该主体可更新 certificatesigningrequests/approval。若同时可创建 CSR 并对 kubernetes.io/kube-apiserver-client 等签名者拥有 approve 权限，它就能为自己签发声明任意用户和任意组（包括 system:masters）的客户端证书；API Server 在证书到期前都会接受它，且无法通过 RBAC 撤销。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Leave CSR approval to the controller manager and to a tightly held administrator role. Where an approver component is required, limit its `approve` on `signers` with `resourceNames` to the signer it serves (never kubernetes.io/kube-apiserver-client or a wildcard).',
      zh: '将 CSR 审批交给控制器管理器和严格管控的管理员角色。确需审批组件时，使用 `resourceNames` 将其对 `signers` 的 `approve` 权限限定为其服务的签名者（绝不能是 kubernetes.io/kube-apiserver-client 或通配符）。',
    },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization', ESCALATION_RISKS],
  },
  {
    id: 'rbac.webhook-config',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Subject can change admission webhook configurations', zh: '主体可修改准入 Webhook 配置' },
    description: {
      en: `The subject may create, change or delete MutatingWebhookConfigurations or ValidatingWebhookConfigurations. A webhook pointed at an endpoint it controls receives every object the API server admits — Secrets included — and a mutating one can rewrite any pod, for instance to add a privileged container; deleting a validating webhook silently removes a policy control. ${EXCLUSION.en}`,
      zh: `该主体可创建、修改或删除 MutatingWebhookConfiguration 或 ValidatingWebhookConfiguration。指向其控制的端点的 Webhook 会收到 API Server 准入的所有对象（包括 Secret），变更型 Webhook 还可改写任意 Pod（例如加入特权容器）；删除校验型 Webhook 则会悄然移除一项策略管控。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Grant write access to webhook configurations only to the controller that owns them (cert-manager, a policy engine), limited with `resourceNames` to its own configurations, and to the platform administrators. Everyone else needs at most read access.',
      zh: '仅将 Webhook 配置的写权限授予拥有这些配置的控制器（如 cert-manager、策略引擎，并用 `resourceNames` 限定为其自有配置）以及平台管理员。其他主体最多只需读权限。',
    },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/', RBAC_GOOD_PRACTICES],
  },
  {
    id: 'rbac.pv-create',
    severity: 'medium',
    target: 'inventory',
    title: { en: 'Subject can create PersistentVolumes', zh: '主体可创建 PersistentVolume' },
    description: {
      en: `The subject may create PersistentVolumes. A hostPath PersistentVolume, bound to a claim a pod mounts, gives that pod the node's filesystem; Pod Security admission judges only the pod's own volumes, so it admits such a pod even in a restricted namespace. CIS recommends keeping PersistentVolume creation to storage administrators and provisioners. ${EXCLUSION.en}`,
      zh: `该主体可创建 PersistentVolume。hostPath 类型的 PersistentVolume 绑定到 Pod 挂载的 PVC 后，会使该 Pod 获得节点文件系统；由于 Pod 安全准入只检查 Pod 自身的卷，即使在 restricted 命名空间中也会准入此类 Pod。CIS 建议仅由存储管理员和存储供应程序创建 PersistentVolume。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Let StorageClasses and their provisioners create volumes (dynamic provisioning), and remove `create` on `persistentvolumes` from users and application ServiceAccounts. Where static volumes are needed, restrict hostPath volumes with an admission policy.',
      zh: '由 StorageClass 及其存储供应程序创建卷（动态供应），并从用户和应用服务账号中移除对 `persistentvolumes` 的 `create` 权限。确需静态卷时，通过准入策略限制 hostPath 卷。',
    },
    references: [`${RBAC_GOOD_PRACTICES}#persistent-volume-creation`, 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  },
  {
    id: 'rbac.default-service-account',
    severity: 'medium',
    target: 'inventory',
    title: { en: 'Default ServiceAccount granted rights', zh: '默认服务账号被授予权限' },
    description: {
      en: `A binding grants the \`default\` ServiceAccount of a namespace more than API discovery. Every pod of that namespace that names no ServiceAccount runs as \`default\`, so each of them — including those added later by someone who never asked for API access — carries these rights. CIS asks that default ServiceAccounts not be actively used. Pods that run as \`default\` are reported by pod.default-service-account. ${EXCLUSION.en}`,
      zh: `某绑定授予了命名空间 \`default\` 服务账号超出 API 发现范围的权限。该命名空间中所有未指定服务账号的 Pod 都以 \`default\` 运行，因此它们（包括日后由并未申请 API 权限的人加入的 Pod）都将带有这些权限。CIS 要求不主动使用默认服务账号。以 \`default\` 运行的 Pod 由 pod.default-service-account 报告。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Create a dedicated ServiceAccount for the workload that needs the access, bind the role to it, set `serviceAccountName` in that workload, and remove `default` from the binding. Set `automountServiceAccountToken: false` on the `default` ServiceAccount of every namespace.',
      zh: '为需要该权限的工作负载创建专用服务账号，将角色绑定到它并在该工作负载中设置 `serviceAccountName`，然后从绑定中移除 `default`。在每个命名空间的 `default` 服务账号上设置 `automountServiceAccountToken: false`。',
    },
    references: ['https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts', RBAC_GOOD_PRACTICES],
  },
  {
    id: 'rbac.anonymous-access',
    severity: 'critical',
    target: 'inventory',
    title: { en: 'Anonymous requests granted access', zh: '匿名请求被授予访问权限' },
    description: {
      en: 'A binding grants the user system:anonymous or the group system:unauthenticated more than Kubernetes grants them itself (the discovery, health and version endpoints). While the API server accepts anonymous requests — its default — anyone who can reach it on the network has this access, with no credential and nothing in the audit log to tie the request to a person.',
      zh: '某绑定授予用户 system:anonymous 或组 system:unauthenticated 的权限超出了 Kubernetes 自身授予它们的范围（发现、健康检查和版本端点）。只要 API Server 接受匿名请求（默认如此），任何能通过网络访问它的人都拥有这些权限，无需任何凭据，审计日志中也无法将请求关联到具体的人。',
    },
    remediation: {
      en: 'Remove system:anonymous and system:unauthenticated from the binding; grant the access to the authenticated identities that need it. Where nothing should be anonymous, also start the API server with `--anonymous-auth=false` (or restrict anonymous requests to the health endpoints with an AuthenticationConfiguration).',
      zh: '从该绑定中移除 system:anonymous 和 system:unauthenticated，将权限授予确需访问的已认证身份。若不应存在任何匿名访问，还应以 `--anonymous-auth=false` 启动 API Server（或通过 AuthenticationConfiguration 将匿名请求限制在健康检查端点）。',
    },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests', `${RBAC_GOOD_PRACTICES}#hardening`],
  },
  {
    id: 'rbac.authenticated-access',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Every authenticated identity granted access', zh: '所有已认证身份均被授予访问权限' },
    description: {
      en: 'A binding grants the group system:authenticated (every user and every ServiceAccount with a valid credential) or system:serviceaccounts (every ServiceAccount of every namespace) more than API discovery and self subject reviews. Every pod that mounts a token then holds the access, so one compromised workload anywhere in the cluster has it; so does anyone an external identity provider lets in.',
      zh: '某绑定授予组 system:authenticated（所有持有效凭据的用户和服务账号）或 system:serviceaccounts（所有命名空间的所有服务账号）超出 API 发现和自身权限自查的权限。此时每个挂载了令牌的 Pod 都拥有该权限，集群中任何一个工作负载被攻破即可利用它；外部身份提供方放行的任何人也同样拥有。',
    },
    remediation: {
      en: 'Bind the role to the groups or ServiceAccounts that need it instead. Read-only views for developers belong to their own group (from the identity provider), not to every authenticated identity.',
      zh: '改为将角色绑定到确实需要它的组或服务账号。面向开发人员的只读视图应授予其自身所在的组（来自身份提供方），而不是所有已认证身份。',
    },
    references: [`${RBAC_GOOD_PRACTICES}#hardening`, `${RBAC_DOCS}#default-roles-and-role-bindings`],
  },
  {
    id: 'rbac.missing-subject',
    severity: 'low',
    target: 'inventory',
    title: { en: 'Binding names a ServiceAccount that is not there', zh: '绑定引用了不存在的服务账号' },
    description: {
      en: `A binding grants a ServiceAccount that is not among the ServiceAccounts read for its namespace, and no workload read runs as it. The grant is dormant: whoever can create a ServiceAccount of that name in the namespace later inherits it. Reported only when the input holds ServiceAccounts of that namespace at all — otherwise their absence proves nothing — and never for \`default\`; if the ServiceAccount is defined in manifests not scanned (another chart or repository), scan them together or waive the finding. ${EXCLUSION.en}`,
      zh: `某绑定授权给一个服务账号，但该账号不在为其命名空间读取到的服务账号之中，且没有读取到的工作负载以它运行。该授权处于休眠状态：日后任何能在该命名空间中创建同名服务账号的人都将继承它。仅当输入中包含该命名空间的服务账号时才会报告（否则其缺失不说明任何问题），且从不针对 \`default\`；若该服务账号定义在未扫描的清单中（其他 Chart 或仓库），请一并扫描或为该发现登记豁免。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Remove the subject from the binding (or the binding itself) when the ServiceAccount was retired; otherwise add the ServiceAccount to the same manifests as its binding, so both are reviewed and deployed together.',
      zh: '若该服务账号已停用，应从绑定中移除该主体（或删除整个绑定）；否则应将服务账号与其绑定放在同一组清单中，以便一同审查和部署。',
    },
    references: [`${RBAC_GOOD_PRACTICES}#periodic-review`],
  },
  {
    id: 'rbac.missing-role',
    severity: 'low',
    target: 'inventory',
    title: { en: 'Binding refers to a role that is not there', zh: '绑定引用了不存在的角色' },
    description: {
      en: `A binding's roleRef names a Role or ClusterRole that is neither in the input nor built into Kubernetes (cluster-admin, admin, edit, view and the system: roles). If the role does not exist the binding grants nothing — until someone creates a role of that name and so decides what the subjects may do. Either way its rights cannot be analysed: \`rampart rbac\` answers and escalation paths leave it out. ${EXCLUSION.en}`,
      zh: `某绑定的 roleRef 引用的 Role 或 ClusterRole 既不在输入中，也不是 Kubernetes 内置角色（cluster-admin、admin、edit、view 及 system： 角色）。若该角色不存在，绑定不授予任何权限——直到有人创建同名角色，从而决定这些主体的权限。无论哪种情况，其权限都无法分析：\`rampart rbac\` 的回答和提权路径都不包含它。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Scan the role together with its binding (they belong in the same manifests), fix a misspelt roleRef, or delete the binding if the role was retired.',
      zh: '将角色与其绑定一同扫描（二者应位于同一组清单中），修正拼写错误的 roleRef；若角色已停用，则删除该绑定。',
    },
    references: [`${RBAC_DOCS}#rolebinding-and-clusterrolebinding`],
  },
  {
    id: 'rbac.escalation-path',
    severity: 'critical',
    target: 'inventory',
    title: { en: 'Privilege escalation path', zh: '存在权限提升路径' },
    description: {
      en: `The subject is not cluster-admin, but a chain of steps its grants allow makes it one — or, short of that, lets it read a namespace's Secrets it cannot read itself — by becoming other identities on the way: minting or reading a ServiceAccount's token, running a pod as a ServiceAccount, executing into a pod, impersonating, binding or escalating a role, or taking over a node through a privileged or hostPath pod (root on a node reads the credentials of every pod there, and a pod pinned to a control-plane node reads its admin credentials, so a node counts as cluster-admin). The finding shows the shortest chain. Single moves (binding cluster-admin, reading Secrets, creating pods) are reported by the other RBAC checks. ${EXCLUSION.en}`,
      zh: `该主体并非 cluster-admin，但其权限所允许的一系列步骤可使其成为 cluster-admin；即便达不到，也可读取其本身无权读取的某命名空间的 Secret。途中它需要先变成其他身份：签发或读取服务账号令牌、以某服务账号运行 Pod、进入 Pod 执行命令、冒用身份、绑定或提升角色，或通过特权/hostPath Pod 接管节点（节点 root 可读取该节点上所有 Pod 的凭据，固定到控制平面节点的 Pod 可读取其管理员凭据，因此节点视同 cluster-admin）。该发现给出最短路径。单步操作（绑定 cluster-admin、读取 Secret、创建 Pod）由其他 RBAC 检查报告。${EXCLUSION.zh}`,
    },
    remediation: {
      en: 'Break the chain at its cheapest link, usually the first step: remove the grant that starts it, enforce Pod Security `restricted` in the namespace where pods can be created, move powerful ServiceAccounts out of namespaces where others create pods or mint tokens, and delete legacy ServiceAccount token Secrets. `rampart rbac paths --to cluster-admin` lists every chain; re-run it after the change.',
      zh: '在代价最小的环节（通常是第一步）切断路径：移除启动该路径的授权；在可创建 Pod 的命名空间中强制执行 Pod 安全 `restricted` 级别；将高权限服务账号移出他人可创建 Pod 或签发令牌的命名空间；删除旧式服务账号令牌 Secret。`rampart rbac paths --to cluster-admin` 可列出所有路径，修改后请重新运行确认。',
    },
    references: [ESCALATION_RISKS, `${RBAC_DOCS}#privilege-escalation-prevention-and-bootstrapping`],
  },
];
