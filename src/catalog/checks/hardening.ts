import type { Check } from '../../model/index.js';

/**
 * Workload hardening beyond the Pod Security Standards: CIS Kubernetes 5.x workload items and the
 * NSA/CISA Kubernetes Hardening Guidance. The controls each check evidences are in ../frameworks.
 */

const NSA_CISA_GUIDANCE = 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF';

export const hardeningChecks: Check[] = [
  {
    id: 'pod.secrets-in-env',
    severity: 'medium',
    target: 'workload',
    title: { en: 'Secret exposed through environment variables', zh: '通过环境变量暴露 Secret' },
    description: {
      en: 'The container reads Secret values into environment variables (`env[].valueFrom.secretKeyRef` or `envFrom[].secretRef`). The environment is easy to leak: applications and frameworks print it in crash reports and debug pages, child processes inherit it, and on the node `crictl inspect` shows it in clear text. It is also fixed when the container starts, so a rotated credential needs a restart. A Secret mounted as a file can be given tight permissions and is refreshed in place. Ephemeral debug containers are checked too.',
      zh: '容器通过环境变量读取 Secret 的值（`env[].valueFrom.secretKeyRef` 或 `envFrom[].secretRef`）。环境变量很容易泄露：应用和框架会在崩溃报告、调试页面中打印环境变量，子进程会继承它，在节点上用 `crictl inspect` 即可看到明文。环境变量在容器启动时即已固定，凭据轮换后必须重启容器才能生效。以文件方式挂载的 Secret 可以设置严格的文件权限，并会在原位自动更新。临时（ephemeral）调试容器同样在检查范围内。',
    },
    remediation: {
      en: 'Mount the Secret as a volume (`volumes[].secret`, with `defaultMode: 0400` and only the keys needed under `items`) and have the application read the file. Where an application can only take credentials from the environment, confine them to that container and waive the finding with the reason. For credentials that must rotate, consider an external secret store (Vault, the Secrets Store CSI driver).',
      zh: '将 Secret 以卷的方式挂载（`volumes[].secret`，设置 `defaultMode: 0400`，并通过 `items` 只挂载所需的键），由应用读取文件。若应用只能从环境变量获取凭据，应将其限定在该容器内，并附理由对该发现申请豁免。对需要定期轮换的凭据，可考虑使用外部密钥管理（如 Vault、Secrets Store CSI 驱动）。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
      'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod',
    ],
  },
  {
    id: 'pod.sa-token-automount',
    severity: 'low',
    target: 'inventory',
    title: { en: 'Service account token mounted automatically', zh: '自动挂载服务账号令牌' },
    description: {
      en: 'Unless the pod spec sets `automountServiceAccountToken: false`, Kubernetes mounts a token for the pod\'s service account into every container under `/var/run/secrets/kubernetes.io/serviceaccount`. Most applications never call the Kubernetes API, but anyone who gains code execution in the container can use the token with all the RBAC permissions of the account. The pod\'s own setting wins; when it sets none, the setting of the ServiceAccount it runs as applies, as the kubelet applies it. A ServiceAccount that is not among the scanned objects cannot be read, and the finding says so.',
      zh: '除非 Pod 规约中设置了 `automountServiceAccountToken: false`,Kubernetes 会把该 Pod 所用服务账号的令牌挂载到每个容器的 `/var/run/secrets/kubernetes.io/serviceaccount` 目录。大多数应用从不调用 Kubernetes API，但任何在容器内获得代码执行能力的人都可以凭此令牌行使该账号的全部 RBAC 权限。Pod 自身的设置优先；Pod 未设置时，按 kubelet 的规则采用其所用 ServiceAccount 的设置。若该 ServiceAccount 不在本次扫描的对象中，则无法读取其设置，发现中会注明这一点。',
    },
    remediation: {
      en: 'Set `automountServiceAccountToken: false` in the pod spec (`spec.template.spec` for controllers) of every workload that does not call the Kubernetes API. Workloads that do need the token should run under their own least-privilege service account; waive the finding for them. Also setting it to false on the namespace\'s ServiceAccounts covers pods created by other means.',
      zh: '对所有不调用 Kubernetes API 的工作负载，在 Pod 规约（控制器为 `spec.template.spec`）中设置 `automountServiceAccountToken: false`。确需令牌的工作负载应使用各自专用、最小权限的服务账号，并对该发现申请豁免。同时在命名空间的 ServiceAccount 上也设为 false，可覆盖通过其他途径创建的 Pod。',
    },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
      'https://kubernetes.io/docs/concepts/security/service-accounts/',
    ],
  },
  {
    id: 'pod.default-service-account',
    severity: 'low',
    target: 'workload',
    title: { en: 'Workload runs as the default service account', zh: '工作负载使用默认服务账号' },
    description: {
      en: 'With `serviceAccountName` unset or set to `default`, the pod runs as its namespace\'s `default` service account, shared by every pod that names none. Permissions granted to it for one application are then held by all the others, and API audit logs cannot tell them apart. CIS recommends that default service accounts are not actively used.',
      zh: '`serviceAccountName` 未设置或设为 `default` 时，Pod 以所在命名空间的 `default` 服务账号运行，所有未指定服务账号的 Pod 共用此账号。为某个应用授予它的权限会被其他所有应用同时持有，API 审计日志也无法区分是哪个应用发起的操作。CIS 基线建议不要实际使用默认服务账号。',
    },
    remediation: {
      en: 'Create a ServiceAccount per application, bind only the RBAC it needs, and set `serviceAccountName` in the pod template. Set `automountServiceAccountToken: false` on each namespace\'s `default` ServiceAccount so that anything still falling back to it gets no token.',
      zh: '为每个应用创建独立的 ServiceAccount，只绑定其所需的 RBAC 权限，并在 Pod 模板中设置 `serviceAccountName`。在各命名空间的 `default` ServiceAccount 上设置 `automountServiceAccountToken: false`，使仍回落到默认账号的 Pod 拿不到令牌。',
    },
    references: ['https://kubernetes.io/docs/concepts/security/service-accounts/'],
  },
  {
    id: 'pod.security-context-missing',
    severity: 'low',
    target: 'workload',
    title: { en: 'No securityContext on container or pod', zh: '容器与 Pod 均未设置 securityContext' },
    description: {
      en: 'The container has no `securityContext`, and the pod-level `securityContext` sets nothing the container would inherit (`runAsNonRoot`, `runAsUser`, `runAsGroup`, `seccompProfile`, `seLinuxOptions`, `appArmorProfile`, `windowsOptions`). The container then runs as the image\'s user, often root, with the runtime\'s defaults for everything else: nobody decided how it should run. Whether chosen values are safe is judged by the Pod Security Standards checks; this one flags containers where no choice was made at all. Pod-only fields such as `fsGroup` do not count, and ephemeral debug containers are not checked.',
      zh: '容器未设置 `securityContext`,Pod 级 `securityContext` 中也没有容器可继承的字段（`runAsNonRoot`、`runAsUser`、`runAsGroup`、`seccompProfile`、`seLinuxOptions`、`appArmorProfile`、`windowsOptions`）。此时容器以镜像中定义的用户（通常是 root）运行，其余一律采用运行时默认值，即没有人对其运行方式作过决定。所设取值是否安全由 Pod 安全标准相关检查判断，本检查只标出完全未作设置的容器。`fsGroup` 等仅作用于 Pod 的字段不计在内，临时（ephemeral）调试容器不在检查范围内。',
    },
    remediation: {
      en: 'Give the pod a `securityContext` with at least `runAsNonRoot: true` and `seccompProfile.type: RuntimeDefault`, and give every container `allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true` and `capabilities.drop: ["ALL"]`; those last fields exist only at container level and must be set on each container.',
      zh: '为 Pod 设置 `securityContext`，至少包含 `runAsNonRoot: true` 和 `seccompProfile.type: RuntimeDefault`；并为每个容器设置 `allowPrivilegeEscalation: false`、`readOnlyRootFilesystem: true` 和 `capabilities.drop: ["ALL"]`。后面这几项只存在于容器级别，必须在每个容器上分别设置。',
    },
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  },
  {
    id: 'pod.readonly-root-fs',
    severity: 'low',
    target: 'workload',
    title: { en: 'Writable root filesystem', zh: '根文件系统可写' },
    description: {
      en: 'Unless `securityContext.readOnlyRootFilesystem` is `true`, processes in the container can change its filesystem: an intruder can drop tools, replace binaries or configuration, and stay until the container is replaced. The NSA/CISA hardening guidance recommends immutable container filesystems. Init containers are checked too; ephemeral debug containers are not.',
      zh: '除非 `securityContext.readOnlyRootFilesystem` 为 `true`，容器内进程可以修改容器的文件系统：入侵者可以植入工具、替换程序或配置文件，并一直驻留到容器被替换为止。NSA/CISA 加固指南建议使用不可变的容器文件系统。Init 容器同样在检查范围内，临时（ephemeral）调试容器不检查。',
    },
    remediation: {
      en: 'Set `securityContext.readOnlyRootFilesystem: true` on every container. Mount an `emptyDir` volume (with a `sizeLimit`) at each path the application must write, such as `/tmp` or a cache directory. Test the image read-only first: some runtimes write to their install directory at start-up.',
      zh: '为每个容器设置 `securityContext.readOnlyRootFilesystem: true`。对应用必须写入的路径（如 `/tmp`、缓存目录）挂载 `emptyDir` 卷，并设置 `sizeLimit`。上线前先以只读方式测试镜像：部分运行时会在启动时写入其安装目录。',
    },
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/', NSA_CISA_GUIDANCE],
  },
  {
    id: 'pod.resource-limits',
    severity: 'low',
    target: 'workload',
    title: { en: 'Missing CPU or memory limit', zh: '缺少 CPU 或内存限制' },
    description: {
      en: 'Without `resources.limits.memory` a container can use memory until the node runs short and the kernel kills other pods; without `resources.limits.cpu` it can starve its neighbours of CPU. Either way a bug or an attack in one application becomes an outage for others on the same node, which the NSA/CISA guidance addresses with resource policies. Limits set for the whole pod in `spec.resources.limits` count for every container. A namespace LimitRange may fill in defaults at admission: a cluster scan sees them, a manifest scan does not. Ephemeral containers cannot have resources and are not checked. Teams that leave CPU limits off on purpose to avoid throttling should keep the memory limit and waive the CPU finding.',
      zh: '未设置 `resources.limits.memory` 的容器可以一直占用内存，直到节点内存不足、内核开始杀掉其他 Pod；未设置 `resources.limits.cpu` 的容器可以挤占同节点其他容器的 CPU。无论哪种情况，一个应用的缺陷或遭受的攻击都会演变为同节点其他应用的故障，NSA/CISA 指南为此要求制定资源策略。在 `spec.resources.limits` 中为整个 Pod 设置的限制对每个容器都有效。命名空间的 LimitRange 可能在准入时补上默认值：集群扫描能看到这些值，清单扫描则看不到。临时（ephemeral）容器不允许设置资源，不在检查范围内。若团队为避免 CPU 限流而有意不设 CPU 限制，应保留内存限制，并对 CPU 部分的发现申请豁免。',
    },
    remediation: {
      en: 'Set `resources.limits.cpu` and `resources.limits.memory` on every container and init container, sized from observed usage plus headroom. As a backstop, give each application namespace a LimitRange with default limits and a ResourceQuota.',
      zh: '根据实际用量并预留余量，为每个容器和 Init 容器设置 `resources.limits.cpu` 与 `resources.limits.memory`。作为兜底，为每个应用命名空间配置带默认限制的 LimitRange 以及 ResourceQuota。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
      'https://kubernetes.io/docs/concepts/policy/limit-range/',
      NSA_CISA_GUIDANCE,
    ],
  },
  {
    id: 'pod.resource-requests',
    severity: 'low',
    target: 'workload',
    title: { en: 'Missing CPU or memory request', zh: '缺少 CPU 或内存请求' },
    description: {
      en: 'Without `resources.requests` the scheduler reserves nothing for the container: the pod can land on a node that cannot really hold it, and it is among the first evicted when the node runs short of memory. For services that must stay available, node pressure then turns into outages. A limit without a request passes, because Kubernetes then sets the request to the limit; requests set for the whole pod in `spec.resources` count for every container. Ephemeral containers cannot have resources and are not checked.',
      zh: '未设置 `resources.requests` 时，调度器不会为容器预留任何资源：Pod 可能被调度到实际容纳不下它的节点上，并且在节点内存紧张时最先被驱逐。对于必须保持可用的服务，节点资源压力会因此演变为服务中断。只设置了限制而未设置请求的资源视为通过，因为 Kubernetes 会将请求设为与限制相同；在 `spec.resources` 中为整个 Pod 设置的请求对每个容器都有效。临时（ephemeral）容器不允许设置资源，不在检查范围内。',
    },
    remediation: {
      en: 'Set `resources.requests.cpu` and `resources.requests.memory` on every container and init container from observed usage. For critical services, set requests equal to limits so the pod gets the Guaranteed QoS class and is evicted last.',
      zh: '根据实际用量为每个容器和 Init 容器设置 `resources.requests.cpu` 与 `resources.requests.memory`。对关键服务，将请求设为与限制相等，使 Pod 获得 Guaranteed QoS 等级，在资源紧张时最后被驱逐。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
      'https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/',
    ],
  },
  {
    id: 'pod.image-latest-tag',
    severity: 'medium',
    target: 'workload',
    title: { en: 'Image uses the latest tag or no tag', zh: '镜像使用 latest 标签或未指定标签' },
    description: {
      en: 'An image referenced as `:latest`, or with no tag at all (which means `:latest`), runs whatever was pushed last. Replicas started at different times can run different code, a rollback does not bring the previous version back, and what runs in production is not what was tested and approved through change management. A registry port (`registry.local:5000/app`) is not a tag. A reference that also carries a digest (`app:latest@sha256:…`) passes, since the runtime then pulls by digest. Ephemeral debug containers are not checked.',
      zh: '以 `:latest` 引用、或完全未指定标签（等同于 `:latest`）的镜像，运行的是最近一次推送的内容。不同时间启动的副本可能运行不同的代码，回滚无法恢复到之前的版本，生产环境运行的也不再是经过测试和变更审批的版本。镜像仓库端口（如 `registry.local:5000/app`）不是标签。同时带有摘要的引用（`app:latest@sha256:…`）视为通过，因为此时运行时按摘要拉取。临时（ephemeral）调试容器不在检查范围内。',
    },
    remediation: {
      en: 'Reference a specific release tag produced by your build pipeline (`app:2.4.1`), or better, pin the digest as well (`app:2.4.1@sha256:…`). Configure the registry to make release tags immutable.',
      zh: '引用构建流水线产出的具体版本标签（如 `app:2.4.1`），更好的做法是同时固定摘要（`app:2.4.1@sha256:…`）。并在镜像仓库中将发布版本标签配置为不可覆盖。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      'https://kubernetes.io/docs/concepts/configuration/overview/',
    ],
  },
  {
    id: 'pod.image-no-digest',
    severity: 'low',
    target: 'workload',
    title: { en: 'Image not pinned by digest', zh: '镜像未通过摘要固定' },
    description: {
      en: 'A tag is a movable pointer: anyone who can push to the repository can make `app:2.4.1` point to other content, and the next pod start or node pull runs it. Only a digest (`@sha256:…`) names exact content, which is what image signatures, vulnerability scan results and change approvals actually refer to. Ephemeral debug containers are not checked.',
      zh: '标签是可以移动的指针：任何有仓库推送权限的人都能让 `app:2.4.1` 指向其他内容，下一次启动 Pod 或节点重新拉取时就会运行它。只有摘要（`@sha256:…`）才指向确定的内容，而镜像签名、漏洞扫描结果和变更审批所针对的正是这一确定内容。临时（ephemeral）调试容器不在检查范围内。',
    },
    remediation: {
      en: 'Reference images by digest and keep the tag for readability: `registry.example.com/app:2.4.1@sha256:<digest>`. Have the deployment pipeline resolve and write the digest (for example `kustomize edit set image`, Helm values or a GitOps image updater) rather than editing it by hand.',
      zh: '按摘要引用镜像，同时保留标签以便阅读：`registry.example.com/app:2.4.1@sha256:<digest>`。由部署流水线解析并写入摘要（例如 `kustomize edit set image`、Helm values 或 GitOps 镜像更新工具），不要手工编辑。',
    },
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  },
  {
    id: 'pod.image-pull-policy',
    severity: 'low',
    target: 'workload',
    title: { en: 'Mutable image with a cache-first pull policy', zh: '可变镜像使用本地缓存优先的拉取策略' },
    description: {
      en: 'With `imagePullPolicy: IfNotPresent` or `Never`, the kubelet starts whatever copy of the image the node already holds. For a `:latest` or untagged reference that copy can be anything ever pushed under that name: nodes run different versions depending on when they first pulled, a fix pushed to the registry never reaches nodes that cached the old image, and a stale or poisoned image placed in a node\'s cache is used without the registry being asked. Kubernetes defaults the policy to `Always` for such references, so this finding means the default was overridden. References with a version tag or a digest are left to the other image checks. Ephemeral debug containers are not checked.',
      zh: '`imagePullPolicy` 为 `IfNotPresent` 或 `Never` 时，kubelet 直接使用节点上已有的镜像副本。对于 `:latest` 或未指定标签的引用，该副本可能是该名称下曾推送过的任意版本：各节点按首次拉取的时间运行不同版本，推送到仓库的修复版本到不了已缓存旧镜像的节点，被放入节点缓存的过期或被篡改的镜像也会在不询问仓库的情况下被直接使用。Kubernetes 对这类引用默认使用 `Always`，出现此发现说明默认值被改写了。带版本标签或摘要的引用由其他镜像检查负责。临时（ephemeral）调试容器不在检查范围内。',
    },
    remediation: {
      en: 'Pin the image to a release tag or, better, a digest; a cache-first policy is then safe. If the reference must stay mutable, remove `imagePullPolicy` or set it to `Always` so every pod start checks the registry.',
      zh: '将镜像固定到版本标签，最好是摘要，此后使用缓存优先的策略即无风险。若引用必须保持可变，请删除 `imagePullPolicy` 或将其设为 `Always`，使每次启动 Pod 都向仓库核对。',
    },
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy'],
  },
];
