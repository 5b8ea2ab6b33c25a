import type { Check } from '../../model/index.js';

/** Network: NetworkPolicy reachability, exposure, egress and pod-to-pod encryption. The controls each check evidences are in ../frameworks. */

const NETPOL_DOCS = 'https://kubernetes.io/docs/concepts/services-networking/network-policies/';
const PEER_AUTHN_DOCS = 'https://istio.io/latest/docs/reference/config/security/peer_authentication/';

export const networkChecks: Check[] = [
  {
    id: 'network.namespace-default-deny-ingress',
    severity: 'medium',
    target: 'inventory',
    title: { en: 'Namespace without default-deny ingress', zh: '命名空间未默认拒绝入站流量' },
    description: {
      en: 'A pod that no NetworkPolicy selects for Ingress accepts connections from every pod of every namespace and from any address that can route to it: one compromised workload anywhere in the cluster can reach it. Default deny means a policy with `podSelector: {}` and `Ingress` in its policy types, so every pod of the namespace, including pods deployed later, receives only what some rule allows. The check fails when a namespace has no NetworkPolicy, when its policies select only some workloads (the message names those left open), or when an all-pods policy also has a rule `- {}` that admits everything. Namespaces are those the input declares or holds workloads in.',
      zh: '没有被任何 Ingress 类型 NetworkPolicy 选中的 Pod，会接受所有命名空间中任意 Pod 以及任何可路由到它的地址发起的连接：集群中任一工作负载被攻破，都可以访问它。默认拒绝是指存在一条 `podSelector: {}` 且策略类型包含 `Ingress` 的策略，使命名空间中的每个 Pod（包括日后部署的 Pod）只接收规则明确放行的流量。命名空间没有 NetworkPolicy、策略只选中部分工作负载（消息中列出未被隔离的工作负载），或选中全部 Pod 的策略同时含有放行一切的规则 `- {}` 时，本检查不通过。检查范围为输入中声明或包含工作负载的命名空间。',
    },
    remediation: {
      en: 'Add a default-deny policy to the namespace (`kind: NetworkPolicy`, `spec: {podSelector: {}, policyTypes: [Ingress]}`), then one policy per workload that admits exactly its clients and ports. `rampart netpol generate --from flows.json` writes both from a list of intended flows, and `rampart netpol can SRC DST:PORT` verifies the result before it is applied.',
      zh: '为命名空间添加默认拒绝策略（`kind: NetworkPolicy`，`spec: {podSelector: {}, policyTypes: [Ingress]}`），再为每个工作负载添加只放行其客户端和端口的策略。`rampart netpol generate --from flows.json` 可根据预期流量清单同时生成这两类策略，应用前可用 `rampart netpol can 源 目的:端口` 验证结果。',
    },
    references: [NETPOL_DOCS, 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic'],
  },
  {
    id: 'network.namespace-default-deny-egress',
    severity: 'medium',
    target: 'inventory',
    title: { en: 'Namespace without default-deny egress', zh: '命名空间未默认拒绝出站流量' },
    description: {
      en: 'A pod that no NetworkPolicy selects for Egress may connect to every pod of the cluster, to the internet and to the cloud metadata endpoint (169.254.169.254), where node credentials can be read: the usual paths for lateral movement, data exfiltration and command-and-control. Unlike Ingress, Egress is isolated only when a policy says so: `policyTypes` must list `Egress`, or the policy must have egress rules (`egress: []` alone isolates nothing). The check fails when no policy with `podSelector: {}` isolates the namespace\'s egress, or when such a policy has a rule `- {}` that admits everything.',
      zh: '没有被任何 Egress 类型 NetworkPolicy 选中的 Pod，可以连接集群中的所有 Pod、互联网以及可读取节点凭据的云元数据地址（169.254.169.254）：这正是横向移动、数据外泄和命令控制的常见路径。与入站不同，只有策略明确声明时出站才会被隔离：`policyTypes` 必须包含 `Egress`，或策略必须含有出站规则（仅写 `egress: []` 不会隔离任何流量）。当没有 `podSelector: {}` 的策略隔离该命名空间的出站流量，或此类策略含有放行一切的规则 `- {}` 时，本检查不通过。',
    },
    remediation: {
      en: 'Add `spec: {podSelector: {}, policyTypes: [Egress]}` to the namespace, then allow what its workloads need: DNS (UDP and TCP 53 to the kube-dns pods in kube-system), the services they call, and each outside destination as an `ipBlock` with the narrowest CIDR. `rampart netpol egress` lists what each namespace may reach today, for review with the firewall team.',
      zh: '为命名空间添加 `spec: {podSelector: {}, policyTypes: [Egress]}`，再放行工作负载确实需要的流量：DNS（到 kube-system 中 kube-dns Pod 的 UDP 和 TCP 53 端口）、其调用的服务，以及以最小 CIDR 的 `ipBlock` 表示的每个外部目的地。`rampart netpol egress` 可列出各命名空间当前可访问的目的地，便于与防火墙团队核对。',
    },
    references: [NETPOL_DOCS, 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic'],
  },
  {
    id: 'network.reachable-from-all-namespaces',
    severity: 'medium',
    target: 'inventory',
    title: { en: 'Workload reachable from every namespace', zh: '工作负载可被所有命名空间访问' },
    description: {
      en: 'The workload is isolated for ingress, but one of its rules admits pods of every namespace: a rule without `from`, a `namespaceSelector: {}`, or a namespace selector that only excludes (`NotIn`, `DoesNotExist`), without a pod selector narrowing it. Namespaces created later, by any team, are admitted too, so the namespace boundary protects nothing for this workload. The check evaluates the rule against a namespace the input does not hold; rules that name the namespaces or pods they admit pass. Workloads that no policy isolates at all are reported per namespace by network.namespace-default-deny-ingress.',
      zh: '该工作负载的入站已被隔离，但其某条规则放行了所有命名空间中的 Pod：规则没有 `from`、使用了 `namespaceSelector: {}`，或命名空间选择器只做排除（`NotIn`、`DoesNotExist`）且没有用 Pod 选择器加以限定。任何团队日后新建的命名空间也会被放行，命名空间边界对该工作负载形同虚设。本检查以一个输入中不存在的命名空间来评估规则；明确指定所放行命名空间或 Pod 的规则可以通过。完全未被策略隔离的工作负载，由 network.namespace-default-deny-ingress 按命名空间报告。',
    },
    remediation: {
      en: 'Replace the broad peer with the namespaces and pods that are real clients, for example `namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}` together with a `podSelector` in the same peer, and list the ports. `rampart netpol map` shows who can reach the workload now.',
      zh: '将宽泛的对端替换为真实客户端所在的命名空间和 Pod，例如在同一个对端中同时写 `namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}` 和 `podSelector`，并列出端口。`rampart netpol map` 可显示当前能访问该工作负载的对象。',
    },
    references: [NETPOL_DOCS],
  },
  {
    id: 'network.sensitive-port-exposed',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Database, cache or admin port reachable across namespaces or from outside', zh: '数据库、缓存或管理端口可被跨命名空间或外部访问' },
    description: {
      en: 'A container port of a database (PostgreSQL, MySQL, Oracle, SQL Server, MongoDB, DM, KingbaseES, OceanBase…), cache or coordination store (Redis, etcd, ZooKeeper…), message broker (Kafka, RabbitMQ, RocketMQ…) or administration interface (SSH, RDP, JMX, the Docker API, the kubelet…) is reachable from pods of other namespaces or from outside the cluster. Ports are recognised by their well-known number or by their name (`postgres` on any number). Reachability is computed with NetworkPolicy on both ends: the workload accepts any namespace, or a workload of another namespace in the input may connect (its egress and the destination\'s ingress both allow it), or a Service, Ingress, route, hostPort or hostNetwork path from outside gets through. Data stores should be reachable only from the applications that own them.',
      zh: '数据库（PostgreSQL、MySQL、Oracle、SQL Server、MongoDB、达梦、人大金仓、OceanBase 等）、缓存或协调存储（Redis、etcd、ZooKeeper 等）、消息中间件（Kafka、RabbitMQ、RocketMQ 等）或管理接口（SSH、RDP、JMX、Docker API、kubelet 等）的容器端口，可被其他命名空间的 Pod 或集群外部访问。端口按其知名端口号或端口名称识别（任意端口号上名为 `postgres` 的端口同样计入）。可达性按连接两端的 NetworkPolicy 计算：该工作负载接受任意命名空间的访问；或输入中其他命名空间的工作负载可以连接（其出站与目的端入站均放行）；或经由 Service、Ingress、路由、hostPort、hostNetwork 的外部访问路径可以穿过策略。数据存储只应允许所属应用访问。',
    },
    remediation: {
      en: 'Isolate the workload\'s ingress and admit only the applications that own the data, by namespace and pod label, on that port; remove NodePort, LoadBalancer, hostPort and hostNetwork exposure of data stores. Check the result with `rampart netpol can web/frontend ledger/ledger-db:5432`.',
      zh: '隔离该工作负载的入站流量，只按命名空间和 Pod 标签放行拥有这些数据的应用访问该端口；取消数据存储的 NodePort、LoadBalancer、hostPort 和 hostNetwork 暴露。可用 `rampart netpol can web/frontend ledger/ledger-db:5432` 检验修改结果。',
    },
    references: [NETPOL_DOCS],
  },
  {
    id: 'network.egress-to-internet',
    severity: 'medium',
    target: 'inventory',
    title: { en: 'Egress rule allows the internet', zh: '出站规则允许访问互联网' },
    description: {
      en: 'An egress rule of a policy that isolates the workload admits public internet addresses: it has no `to` at all, or an `ipBlock` such as `0.0.0.0/0` that, minus its `except` list, overlaps the public address space (everything but private, shared, loopback, link-local, documentation, multicast and reserved ranges). A workload that may reach any internet address can send data anywhere and fetch tools from anywhere; regulators expect outbound connections to be identified and limited to what the business needs. The message names the rules and ports. Workloads whose egress no policy isolates are reported per namespace by network.namespace-default-deny-egress.',
      zh: '隔离该工作负载的策略中，某条出站规则放行了互联网公网地址：规则没有 `to`，或 `ipBlock`（如 `0.0.0.0/0`）在去除 `except` 列表后与公网地址空间重叠（公网指私有、共享、环回、链路本地、文档示例、组播和保留地址以外的地址）。可访问任意互联网地址的工作负载，可以把数据发往任何地方，也可以从任何地方下载工具；监管要求识别出站连接并将其限制在业务必需的范围内。消息中列出相关规则和端口。出站完全未被策略隔离的工作负载，由 network.namespace-default-deny-egress 按命名空间报告。',
    },
    remediation: {
      en: 'Replace the broad destination with the addresses the workload really calls (a partner\'s CIDR, the egress proxy or gateway) and the ports; route general internet access through an egress proxy that logs and filters it. `rampart netpol egress --format csv` gives the firewall team the current list.',
      zh: '将宽泛的目的地替换为工作负载实际调用的地址（合作方的 CIDR、出口代理或出口网关）和端口；一般性的互联网访问应经由可记录和过滤的出口代理。`rampart netpol egress --format csv` 可为防火墙团队导出当前清单。',
    },
    references: [NETPOL_DOCS],
  },
  {
    id: 'network.egress-to-metadata',
    severity: 'high',
    target: 'inventory',
    title: { en: 'Egress rule allows the cloud metadata endpoint', zh: '出站规则允许访问云元数据地址' },
    description: {
      en: 'An egress rule of a policy that isolates the workload admits HTTP (TCP 80) to a cloud instance metadata endpoint: 169.254.169.254 (AWS, Azure, Google Cloud, Huawei Cloud, OpenStack), fd00:ec2::254 (AWS over IPv6), 100.100.100.200 (Alibaba Cloud) or 169.254.0.23 (Tencent Cloud), typically through `ipBlock: {cidr: 0.0.0.0/0}` without an `except`. The metadata service hands out the node\'s cloud credentials and bootstrap secrets to whoever asks from the node, so a compromised pod or a server-side request forgery in it becomes a cloud account compromise. Workloads whose egress no policy isolates are reported per namespace by network.namespace-default-deny-egress.',
      zh: '隔离该工作负载的策略中，某条出站规则放行了对云实例元数据地址的 HTTP（TCP 80）访问：169.254.169.254（AWS、Azure、Google Cloud、华为云、OpenStack）、fd00:ec2::254（AWS IPv6）、100.100.100.200（阿里云）或 169.254.0.23（腾讯云），常见原因是写了 `ipBlock: {cidr: 0.0.0.0/0}` 却没有 `except`。元数据服务会向节点上的任何请求方提供节点的云平台凭据和初始化密钥，因此被攻破的 Pod 或其中的服务端请求伪造（SSRF）漏洞会演变为云账号被攻破。出站完全未被策略隔离的工作负载，由 network.namespace-default-deny-egress 按命名空间报告。',
    },
    remediation: {
      en: 'Add the metadata addresses to the rule\'s `except` list (`except: [169.254.169.254/32, 100.100.100.200/32]`), or narrow the CIDR to the destinations the workload needs. Also require IMDSv2 (token hop limit 1) or the cloud\'s equivalent on the nodes.',
      zh: '将元数据地址加入该规则的 `except` 列表（`except: [169.254.169.254/32, 100.100.100.200/32]`），或把 CIDR 缩小到工作负载实际需要的目的地。同时在节点上强制使用 IMDSv2（令牌跳数限制为 1）或云平台的同类机制。',
    },
    references: [NETPOL_DOCS, 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html'],
  },
  {
    id: 'network.direct-exposure',
    severity: 'medium',
    target: 'inventory',
    title: { en: 'Workload exposed on node or load-balancer addresses', zh: '工作负载直接暴露在节点或负载均衡地址上' },
    description: {
      en: 'A Service of type NodePort or LoadBalancer, a Service with `externalIPs`, a container `hostPort` or a `hostNetwork` pod opens the workload on node or load-balancer addresses, beside the Ingress or Gateway that should be the controlled entry point (where TLS, authentication, WAF and access logs live). NodePorts open on every node, LoadBalancers usually on the internet; hostNetwork pods are not governed by NetworkPolicy at all. The message says whether NetworkPolicy admits outside addresses to the pods behind it, and notes internal load balancers and source ranges. hostNetwork and hostPort are also Pod Security rules (pod.host-network, pod.host-ports); here they are reported as network entry points.',
      zh: 'NodePort 或 LoadBalancer 类型的 Service、设置了 `externalIPs` 的 Service、容器的 `hostPort` 或 `hostNetwork` Pod，会把工作负载开放在节点或负载均衡地址上，绕过本应作为受控入口的 Ingress 或 Gateway（TLS、身份认证、WAF 和访问日志都在那里）。NodePort 在每个节点上开放，LoadBalancer 通常直接面向互联网；hostNetwork Pod 完全不受 NetworkPolicy 管控。消息中说明 NetworkPolicy 是否允许外部地址访问其后端 Pod，并注明内网负载均衡和来源地址限制。hostNetwork 和 hostPort 同时也是 Pod 安全规则（pod.host-network、pod.host-ports），这里是从网络入口的角度报告。',
    },
    remediation: {
      en: 'Publish HTTP(S) services through the Ingress or Gateway and make their Services ClusterIP; for other protocols use an internal load balancer with `loadBalancerSourceRanges` set, and admit only the expected source CIDRs in the workload\'s ingress policy. Remove hostPort and hostNetwork unless the workload is a node agent, and record the exception.',
      zh: '通过 Ingress 或 Gateway 发布 HTTP(S) 服务，并将其 Service 改为 ClusterIP；其他协议使用设置了 `loadBalancerSourceRanges` 的内网负载均衡，并在工作负载的入站策略中只放行预期的来源 CIDR。除节点代理外，取消 hostPort 和 hostNetwork，并登记例外。',
    },
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'],
  },
  {
    id: 'network.policy-selects-nothing',
    severity: 'low',
    target: 'inventory',
    title: { en: 'NetworkPolicy selects no workload', zh: 'NetworkPolicy 未选中任何工作负载' },
    description: {
      en: 'The policy\'s `podSelector` matches none of the workloads of its namespace in the input, usually because of a label typo or a renamed application. It isolates nothing and allows nothing, while whoever reads it believes the workload is protected; superfluous rules are also what auditors ask to remove. `podSelector: {}` and policies in namespaces whose workloads the input does not hold are not reported.',
      zh: '策略的 `podSelector` 未匹配输入中其所在命名空间的任何工作负载，通常是标签拼写错误或应用改名所致。它既不隔离也不放行任何流量，却让阅读者误以为工作负载已受保护；多余的规则也正是审计要求清理的对象。`podSelector: {}` 以及输入中未包含其工作负载的命名空间中的策略不予报告。',
    },
    remediation: {
      en: 'Correct the selector to the labels of the workload\'s pod template (`kubectl get deploy NAME -o jsonpath={.spec.template.metadata.labels}`), or delete the policy if the workload is gone.',
      zh: '将选择器修正为工作负载 Pod 模板的标签（`kubectl get deploy NAME -o jsonpath={.spec.template.metadata.labels}`）；若工作负载已下线，则删除该策略。',
    },
    references: [NETPOL_DOCS],
  },
  {
    id: 'network.mtls-not-enforced',
    severity: 'medium',
    target: 'inventory',
    title: { en: 'Pod-to-pod traffic not mutually authenticated and encrypted', zh: 'Pod 间流量未强制双向认证和加密' },
    description: {
      en: 'Traffic to the workload is not required to use mutual TLS: it is not in a service mesh; or it is, but accepts plaintext (Istio PERMISSIVE, which is Istio\'s default; Linkerd\'s default inbound policy all-unauthenticated), has mutual TLS disabled, or lets some ports bypass the proxy. Istio\'s mode is resolved as Istio resolves it: a workload PeerAuthentication over the namespace\'s over the mesh-wide one in istio-system, UNSET inheriting, port-level settings overriding per port. Sidecar injection is read from namespace and pod labels and annotations (istio-injection, istio.io/rev, sidecar.istio.io/inject, istio.io/dataplane-mode, linkerd.io/inject). Without mutual TLS, anyone on the pod network can read and alter the traffic and any pod can impersonate a client. TLS done by the application itself, or encryption by the CNI, cannot be seen in manifests.',
      zh: '访问该工作负载的流量未被强制使用双向 TLS：它不在服务网格中；或虽在网格中，但仍接受明文（Istio 的 PERMISSIVE，即 Istio 默认模式；Linkerd 默认入站策略 all-unauthenticated）、禁用了双向 TLS，或部分端口绕过代理。Istio 模式按 Istio 自身的规则确定：工作负载级 PeerAuthentication 优先于命名空间级，命名空间级优先于 istio-system 中的网格级，UNSET 表示继承，端口级设置按端口覆盖。Sidecar 注入情况依据命名空间和 Pod 的标签与注解判断（istio-injection、istio.io/rev、sidecar.istio.io/inject、istio.io/dataplane-mode、linkerd.io/inject）。没有双向 TLS，Pod 网络上的任何人都能读取和篡改流量，任何 Pod 都能冒充客户端。应用自身实现的 TLS 或 CNI 层加密无法从清单中识别。',
    },
    remediation: {
      en: 'Enrol the namespace in the mesh (`istio-injection: enabled` or `linkerd.io/inject: enabled`), then require mutual TLS: a PeerAuthentication with `mtls: {mode: STRICT}` in the namespace (or mesh-wide in istio-system), or `config.linkerd.io/default-inbound-policy: all-authenticated`. Move PERMISSIVE namespaces to STRICT once their clients are meshed. Where the application does its own TLS or the CNI encrypts pod traffic, waive the finding with that reason.',
      zh: '将命名空间纳入服务网格（`istio-injection: enabled` 或 `linkerd.io/inject: enabled`），再强制双向 TLS：在命名空间中（或在 istio-system 中全网格范围）创建 `mtls: {mode: STRICT}` 的 PeerAuthentication，或设置 `config.linkerd.io/default-inbound-policy: all-authenticated`。客户端全部入网后，将 PERMISSIVE 命名空间切换为 STRICT。若应用自身实现了 TLS 或由 CNI 加密 Pod 流量，请以此为理由申请豁免。',
    },
    references: [PEER_AUTHN_DOCS, 'https://istio.io/latest/docs/concepts/security/#mutual-tls-authentication', 'https://linkerd.io/2/features/automatic-mtls/'],
  },
];
