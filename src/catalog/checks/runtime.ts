import path from 'node:path';
import type { Check } from '../../model/index.js';
import { packageRoot } from '../package-root.js';

/**
 * Runtime detection rules: what a node sensor, the Kubernetes audit log or Falco saw happen.
 * The detection data (event kinds, prefilter, CEL condition, parameters) is in
 * ../runtime-rules/default.yaml; the engine is src/analyzers/runtime. Baseline checks
 * (`runtime.baseline.*`) are raised when a workload does something its learned baseline lacks.
 */

/** The default rule data file, next to this catalogue in the source tree (read from src/ in builds too). */
export function defaultRuntimeRulesFile(): string {
  return path.join(packageRoot(), 'src', 'catalog', 'runtime-rules', 'default.yaml');
}

const ATTACK = 'https://attack.mitre.org/techniques/';
const AUDIT_DOC = 'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/';

export const runtimeChecks: Check[] = [
  {
    id: 'runtime.shell-in-container',
    severity: 'high',
    target: 'event',
    mitre: ['T1059.004', 'T1609'],
    title: { en: 'Shell started in a container', zh: '容器中启动了 Shell' },
    description: {
      en: 'A shell (sh, bash, dash, zsh…) started inside a container either interactively — with a terminal attached or with `-i`, as `kubectl exec -it` and `docker exec -it` do — or from a process that is neither a shell, an init process nor the container runtime. Production containers run one application; a person typing in one, or an application spawning a shell, is how most intrusions continue after the first foothold (a web shell, a deserialisation exploit, a stolen kubeconfig). Shells started by the entrypoint, by scripts or by the runtime are not reported.',
      zh: '容器内启动了 Shell（sh、bash、dash、zsh 等），而且要么是交互式的——连接了终端或带有 `-i` 参数，`kubectl exec -it` 和 `docker exec -it` 就是这样——要么其父进程既不是 Shell、init 进程，也不是容器运行时。生产容器里只应运行一个应用；有人在其中敲命令，或者应用进程自己拉起 Shell，正是大多数入侵在取得立足点（Web Shell、反序列化漏洞、被盗的 kubeconfig）之后的下一步。由入口脚本、普通脚本或容器运行时启动的 Shell 不会告警。',
    },
    remediation: {
      en: 'Find out who opened the shell: the audit log records `pods/exec` with the user, and the alert names the process and its parent. If it was not an approved maintenance session, treat the pod as compromised: isolate it (quarantine NetworkPolicy), keep it for forensics, and redeploy from a known-good image. Reduce the chance: remove shells from production images (distroless, scratch), restrict `pods/exec` in RBAC, and use ephemeral debug containers for troubleshooting. Add legitimate launchers to the rule\'s `allowedParents` parameter.',
      zh: '先查清是谁打开了 Shell：审计日志中的 `pods/exec` 记录了操作用户，告警中也给出了进程及其父进程。如果这不是经过批准的运维会话，应按失陷处理：用隔离 NetworkPolicy 把 Pod 隔离起来，保留现场用于取证，再用可信镜像重新部署。预防措施：生产镜像中去掉 Shell（使用 distroless 或 scratch 镜像），在 RBAC 中收紧 `pods/exec` 权限，排障时改用临时调试容器。正常的启动进程可以加入规则参数 `allowedParents`。',
    },
    references: [`${ATTACK}T1059/004/`, `${ATTACK}T1609/`],
  },
  {
    id: 'runtime.package-manager',
    severity: 'medium',
    target: 'event',
    mitre: ['T1105'],
    title: { en: 'Package manager run in a container', zh: '容器中运行了包管理器' },
    description: {
      en: 'A package manager ran inside a running container: a system one (apt, apt-get, dpkg, yum, dnf, rpm, apk, zypper) for anything but a read-only query, or a language installer (pip, npm, yarn, gem, cargo, go) installing something. Containers are immutable: software belongs in the image, where it is scanned and signed. Installing at runtime is how attackers bring in their tools (scanners, miners, netcat), and it also means the running code no longer matches what was reviewed.',
      zh: '运行中的容器里执行了包管理器：系统包管理器（apt、apt-get、dpkg、yum、dnf、rpm、apk、zypper）做了只读查询以外的操作，或者语言包管理器（pip、npm、yarn、gem、cargo、go）安装了软件。容器应当是不可变的：软件应该打进镜像，在镜像中接受扫描和签名。运行时安装软件是攻击者带入工具（扫描器、挖矿程序、netcat）的常见手法，也意味着实际运行的代码与评审过的内容不再一致。',
    },
    remediation: {
      en: 'Check what was installed and by whom (the alert carries the command line). Move legitimate installs into the Dockerfile and rebuild. Make the root filesystem read-only (`readOnlyRootFilesystem: true`) and run as a non-root user, which stops most installs; remove package managers from production images.',
      zh: '核实安装了什么、由谁安装（告警中带有完整命令行）。正常需要的安装应写进 Dockerfile 并重新构建镜像。将根文件系统设为只读（`readOnlyRootFilesystem: true`）并以非 root 用户运行，可以阻止绝大多数安装；生产镜像中应去掉包管理器。',
    },
    references: [`${ATTACK}T1105/`],
  },
  {
    id: 'runtime.write-binary-dir',
    severity: 'high',
    target: 'event',
    mitre: ['T1554', 'T1036.005'],
    title: { en: 'Write below a binary directory in a container', zh: '容器中写入了可执行文件目录' },
    description: {
      en: 'A process in a container created, modified, renamed, deleted or changed the mode of a file under /bin, /sbin, /usr/bin, /usr/sbin, /usr/local/bin, /lib or another binary or library directory. Images ship their programs; a running container changing them is either installing software at runtime or replacing a trusted program with a trojan (a common way to persist and to hide). The alert names the writing process; repeats by the same process are folded.',
      zh: '容器中的进程在 /bin、/sbin、/usr/bin、/usr/sbin、/usr/local/bin、/lib 等可执行文件或库目录下创建、修改、重命名、删除了文件或更改了文件权限。程序应随镜像发布；运行中的容器改动它们，要么是在运行时安装软件，要么是用木马替换可信程序（常见的驻留和隐藏手法）。告警给出执行写入的进程，同一进程的重复写入会合并为一条。',
    },
    remediation: {
      en: 'Compare the file with the image (`docker diff`, or the layer digests) and find the writer from the process in the alert. If it was not a known update mechanism, isolate the pod and redeploy from the image. Prevent it with `readOnlyRootFilesystem: true`, a non-root user, and writable `emptyDir` volumes only where the application needs them.',
      zh: '将该文件与镜像内容对比（`docker diff` 或镜像层摘要），并根据告警中的进程找出写入者。如果不是已知的更新机制，应隔离 Pod 并用原镜像重新部署。预防：设置 `readOnlyRootFilesystem: true`，以非 root 用户运行，只在应用确实需要写入的位置挂载可写的 `emptyDir` 卷。',
    },
    references: [`${ATTACK}T1554/`, `${ATTACK}T1036/005/`],
  },
  {
    id: 'runtime.write-etc',
    severity: 'medium',
    target: 'event',
    mitre: ['T1098', 'T1053.003'],
    title: { en: 'Write below /etc in a container', zh: '容器中写入了 /etc 目录' },
    description: {
      en: 'A process in a container changed a file under /etc: accounts (passwd, shadow, sudoers), scheduled jobs (cron), the dynamic loader (ld.so.preload), PAM or service configuration. These files decide who can log in, what runs and what every program loads; changing them at runtime is a classic way to persist or escalate. Files the container runtime manages (hosts, hostname, resolv.conf) and the paths in the `ignorePaths` parameter are not reported.',
      zh: '容器中的进程修改了 /etc 下的文件：账户（passwd、shadow、sudoers）、计划任务（cron）、动态链接器（ld.so.preload）、PAM 或服务配置。这些文件决定了谁能登录、运行什么、每个程序加载什么；在运行时修改它们是驻留或提权的经典手法。由容器运行时管理的文件（hosts、hostname、resolv.conf）以及参数 `ignorePaths` 中列出的路径不会告警。',
    },
    remediation: {
      en: 'Inspect the change and the process in the alert. Configuration belongs in the image or in mounted ConfigMaps, which are read-only; if the application really renders configuration at start, add that path to `ignorePaths`. Otherwise isolate the pod and redeploy. Use `readOnlyRootFilesystem: true` and a non-root user.',
      zh: '检查修改内容和告警中的进程。配置应放在镜像中或以只读方式挂载的 ConfigMap 中；如果应用确实在启动时生成配置文件，请把该路径加入 `ignorePaths`。否则应隔离 Pod 并重新部署。同时设置 `readOnlyRootFilesystem: true` 并以非 root 用户运行。',
    },
    references: [`${ATTACK}T1098/`, `${ATTACK}T1053/003/`],
  },
  {
    id: 'runtime.credential-read',
    severity: 'high',
    target: 'event',
    mitre: ['T1552.001', 'T1528'],
    title: { en: 'Service-account token or cloud credentials read by an unexpected process', zh: '非预期进程读取了服务账户令牌或云凭据' },
    description: {
      en: 'A process read a Kubernetes service-account token (`/var/run/secrets/kubernetes.io/serviceaccount/token`, projected tokens) or a cloud CLI credential file (`~/.aws/credentials`, gcloud\'s credential stores, Azure CLI token caches), and it is not one of the processes allowed to (`allowedReaders`). A token lets its holder act as the pod\'s identity against the API server or the cloud; reading it from a shell, `cat` or a script is how an attacker in a pod moves on to the cluster or the cloud account.',
      zh: '某个进程读取了 Kubernetes 服务账户令牌（`/var/run/secrets/kubernetes.io/serviceaccount/token` 及投射令牌），或云命令行工具的凭据文件（`~/.aws/credentials`、gcloud 凭据库、Azure CLI 令牌缓存），而它不在允许读取的进程列表（`allowedReaders`）中。持有令牌就能以该 Pod 的身份访问 API Server 或云平台；攻击者进入 Pod 后，通常正是用 Shell、`cat` 或脚本读取令牌，进而横向移动到集群或云账号。',
    },
    remediation: {
      en: 'If the reader is the application\'s own Kubernetes or cloud client, add its executable name to `allowedReaders` (or rely on the workload baseline). Otherwise revoke the exposure: delete the pod so its projected token is invalidated, rotate cloud keys, and review the audit log for the identity\'s recent requests. Set `automountServiceAccountToken: false` on pods that do not call the API, and prefer workload identity (IRSA, GKE Workload Identity, Azure Workload Identity) to key files.',
      zh: '如果读取者是应用自身的 Kubernetes 或云客户端，请把其可执行文件名加入 `allowedReaders`（或交由工作负载基线判断）。否则应消除暴露：删除该 Pod 使其投射令牌失效，轮换云密钥，并在审计日志中核查该身份最近的请求。不需要访问 API 的 Pod 设置 `automountServiceAccountToken: false`；优先使用工作负载身份（IRSA、GKE Workload Identity、Azure Workload Identity），而不是密钥文件。',
    },
    references: [`${ATTACK}T1552/001/`, `${ATTACK}T1528/`],
  },
  {
    id: 'runtime.metadata-access',
    severity: 'high',
    target: 'event',
    mitre: ['T1552.005'],
    title: { en: 'Container connected to the cloud metadata service', zh: '容器连接了云元数据服务' },
    description: {
      en: 'A process in a container opened a connection to the cloud instance metadata address (169.254.169.254 for AWS, Google Cloud, Azure and Huawei Cloud; fd00:ec2::254; 100.100.100.200 for Alibaba Cloud; 169.254.0.23 for Tencent Cloud). The metadata service hands out the node\'s cloud credentials to whoever asks from the node\'s network; a pod reaching it can usually act as the node in the cloud account (the path of several well-known cloud breaches). Namespaces in `allowedNamespaces` (cloud add-ons in kube-system) are not reported.',
      zh: '容器中的进程连接了云主机元数据地址（AWS、Google Cloud、Azure、华为云为 169.254.169.254；IPv6 为 fd00:ec2::254；阿里云为 100.100.100.200；腾讯云为 169.254.0.23）。元数据服务会把节点的云凭据交给任何从节点网络发起请求的一方；能访问它的 Pod 通常就能以节点身份操作云账号，多起知名云上数据泄露都是这样发生的。`allowedNamespaces` 中的命名空间（如 kube-system 中的云插件）不会告警。',
    },
    remediation: {
      en: 'Block pod access to the metadata address with an egress NetworkPolicy (deny 169.254.169.254/32) or the cloud\'s own setting (IMDSv2 with a hop limit of 1 on AWS, metadata concealment on GKE), and give pods their own identity through workload identity. Investigate the process in the alert if the workload has no reason to call the metadata service.',
      zh: '通过出站 NetworkPolicy（拒绝 169.254.169.254/32）或云平台自身的配置（AWS 上启用 IMDSv2 并将跳数限制设为 1，GKE 上启用元数据隐藏）阻止 Pod 访问元数据地址，并通过工作负载身份为 Pod 提供独立身份。如果该工作负载没有理由访问元数据服务，应调查告警中的进程。',
    },
    references: [`${ATTACK}T1552/005/`],
  },
  {
    id: 'runtime.mining-pool',
    severity: 'critical',
    target: 'event',
    mitre: ['T1496'],
    title: { en: 'Outbound connection to a cryptocurrency mining port', zh: '向加密货币矿池端口发起出站连接' },
    description: {
      en: 'A process connected over TCP to an address outside the estate on a port used by public mining pools for the Stratum protocol (3333, 4444, 5555, 7777, 14444, 45700…). Cryptominers are the most common payload dropped on exposed clusters: they burn paid compute and signal that someone else runs code on the node or in the pod. Private and cluster-internal destinations are ignored by default, since some of these ports are also ordinary service ports.',
      zh: '某个进程通过 TCP 连接了集群外部地址的矿池常用 Stratum 端口（3333、4444、5555、7777、14444、45700 等）。挖矿程序是暴露在外的集群最常被植入的载荷：它消耗付费的计算资源，也说明已有他人在节点或 Pod 中运行代码。默认忽略私有地址和集群内部地址，因为其中一些端口也是普通业务端口。',
    },
    remediation: {
      en: 'Treat the workload as compromised: isolate it, capture the process and its binary for analysis, find how it got in (an exposed dashboard, a vulnerable image, a leaked credential) and redeploy from a clean image. Restrict egress to the destinations the workload needs with NetworkPolicy; set CPU limits so a miner cannot take the node.',
      zh: '按失陷处理该工作负载：隔离它，保留进程及其二进制文件用于分析，查明入侵途径（暴露的管理面板、存在漏洞的镜像、泄露的凭据），再用干净的镜像重新部署。用 NetworkPolicy 将出站流量限制在工作负载需要的目的地；设置 CPU limit，避免挖矿程序占满节点。',
    },
    references: [`${ATTACK}T1496/`],
  },
  {
    id: 'runtime.reverse-shell',
    severity: 'critical',
    target: 'event',
    mitre: ['T1059.004', 'T1095'],
    title: { en: 'Reverse shell command line', zh: '反弹 Shell 命令行' },
    description: {
      en: 'A process started with a command line that connects a shell to a remote host: bash redirection to `/dev/tcp/…`, netcat with `-e`/`-c`, socat with `exec:` and a TCP address, a named pipe (`mkfifo`) piped through nc, or a Python, Perl, Ruby or PHP one-liner that opens a socket and hands it to a shell. Legitimate software does not do this; it is the usual way an attacker gets an interactive session out of a compromised process, through firewalls that only filter inbound traffic.',
      zh: '某个进程的命令行会把 Shell 连接到远程主机：bash 重定向到 `/dev/tcp/…`、带 `-e`/`-c` 的 netcat、带 `exec:` 和 TCP 地址的 socat、通过命名管道（`mkfifo`）接到 nc，或者打开套接字并交给 Shell 的 Python、Perl、Ruby、PHP 单行脚本。正常软件不会这样做；这是攻击者从被攻陷的进程中获取交互式会话、绕过只过滤入站流量的防火墙的惯用手法。',
    },
    remediation: {
      en: 'Respond immediately: isolate the pod or host, note the remote address from the command line and block it, keep the process tree for forensics, and find the entry point (the parent process is usually the exploited application). Redeploy from a clean image and rotate any credential the workload held. Egress NetworkPolicy limits where such a shell can connect.',
      zh: '立即响应：隔离 Pod 或主机，记下命令行中的远程地址并加以封禁，保留进程树用于取证，并查明入侵入口（父进程通常就是被利用的应用）。用干净的镜像重新部署，并轮换该工作负载持有的所有凭据。出站 NetworkPolicy 可以限制这类 Shell 能连接的目的地。',
    },
    references: [`${ATTACK}T1059/004/`, `${ATTACK}T1095/`],
  },
  {
    id: 'runtime.privilege-escalation',
    severity: 'high',
    target: 'event',
    mitre: ['T1548.001'],
    title: { en: 'Process gained root privileges', zh: '进程获得了 root 权限' },
    description: {
      en: 'A process whose real user is not root changed its effective user to root (setuid, setresuid or a setuid-root program). In a container this should never happen: it means a setuid binary in the image was used, or a kernel or runtime flaw was exploited, and root in a container is the step before escaping it. On hosts the usual elevation tools (sudo, su, passwd…) are allowed.',
      zh: '一个真实用户不是 root 的进程把有效用户切换成了 root（通过 setuid、setresuid 或 setuid-root 程序）。在容器中这种情况不应出现：这意味着镜像中的 setuid 程序被利用，或者内核、容器运行时存在漏洞被利用，而容器内的 root 正是逃逸前的一步。在主机上，常用的提权工具（sudo、su、passwd 等）不会告警。',
    },
    remediation: {
      en: 'Identify the program from the alert. Remove setuid bits from images (`chmod a-s` in the Dockerfile), run with `allowPrivilegeEscalation: false` (sets no_new_privs, so setuid programs no longer gain privileges), drop all capabilities and run as non-root. If the escalation was not expected, treat the workload as compromised.',
      zh: '根据告警确认是哪个程序。去掉镜像中的 setuid 位（在 Dockerfile 中执行 `chmod a-s`），设置 `allowPrivilegeEscalation: false`（启用 no_new_privs，setuid 程序将无法提权），移除全部 capability 并以非 root 用户运行。如果该提权行为不在预期之内，应按失陷处理该工作负载。',
    },
    references: [`${ATTACK}T1548/001/`],
  },
  {
    id: 'runtime.k8s-exec-production',
    severity: 'high',
    target: 'event',
    mitre: ['T1609'],
    title: { en: 'kubectl exec, attach or port-forward into a production namespace', zh: '对生产命名空间执行了 kubectl exec、attach 或 port-forward' },
    description: {
      en: 'The API server accepted a `pods/exec`, `pods/attach` or `pods/portforward` request into a namespace named as production (by default `prod*`, `*-prod`, `*-production` and `kube-system`; see `productionNamespaces`). These sessions give a person a shell or a tunnel inside a running workload, bypassing the deployment pipeline and its reviews; in production they should be rare, approved and traceable, and an unexpected one is often the first sign of a stolen credential.',
      zh: 'API Server 接受了对生产命名空间（默认为 `prod*`、`*-prod`、`*-production` 和 `kube-system`，见参数 `productionNamespaces`）的 `pods/exec`、`pods/attach` 或 `pods/portforward` 请求。这类会话让人能在运行中的工作负载里获得 Shell 或隧道，绕过了部署流水线及其评审；在生产环境中应当罕见、经过审批并可追溯，意外出现的会话往往是凭据被盗的第一个迹象。',
    },
    remediation: {
      en: 'Confirm the session with the user named in the alert and the change or incident it belongs to. Limit `pods/exec`, `pods/attach` and `pods/portforward` in RBAC to a break-glass group, log such sessions (8.1.3.5 d of MLPS 2.0 asks for separate audit of remote access), and prefer ephemeral debug containers. Add the identities of approved tooling to `allowedUsers`.',
      zh: '与告警中的用户核实此次会话，以及它对应的变更或事件单。在 RBAC 中把 `pods/exec`、`pods/attach`、`pods/portforward` 权限限定给应急（break-glass）用户组，并对这类会话单独记录（等保 2.0 8.1.3.5 d 要求对远程访问行为单独审计），排障时优先使用临时调试容器。经批准的工具身份可以加入 `allowedUsers`。',
    },
    references: [`${ATTACK}T1609/`, AUDIT_DOC],
  },
  {
    id: 'runtime.k8s-secrets-enumerated',
    severity: 'high',
    target: 'event',
    mitre: ['T1552.007', 'T1613'],
    title: { en: 'Secrets listed or watched by an unexpected identity', zh: '非预期身份列出或监听了 Secret' },
    description: {
      en: 'An identity that is not a control-plane component or in `allowedUsers`/`allowedGroups` listed or watched Secrets, cluster-wide or in a namespace, and the API server allowed it. Listing returns every Secret\'s content, not only names: database passwords, TLS keys and other service-account tokens. Controllers that need this are few and known; a person or an application doing it is usually harvesting credentials.',
      zh: '一个既不是控制平面组件、也不在 `allowedUsers`/`allowedGroups` 中的身份，在整个集群或某个命名空间内列出（list）或监听（watch）了 Secret，并且 API Server 允许了该请求。列出操作返回的是每个 Secret 的完整内容而不仅是名称：数据库口令、TLS 私钥以及其他服务账户令牌。确实需要这样做的控制器很少且都是已知的；由人或普通应用执行，通常意味着在搜刮凭据。',
    },
    remediation: {
      en: 'Check why the identity holds `list`/`watch` on secrets (`rampart` RBAC analysis, `kubectl auth can-i --list --as …`) and remove it unless it is an operator that needs it; then add that operator to `allowedUsers`. If the request was unexpected, rotate the Secrets in scope and review the identity\'s other requests. Grant `get` on named Secrets (`resourceNames`) instead of `list`.',
      zh: '查明该身份为何拥有 Secret 的 `list`/`watch` 权限（可用 Rampart 的 RBAC 分析或 `kubectl auth can-i --list --as …`），除非它是确实需要该权限的 Operator，否则应予收回；确需的 Operator 加入 `allowedUsers`。如果该请求不在预期之内，应轮换涉及范围内的 Secret，并核查该身份的其他请求。授权时使用针对具体 Secret（`resourceNames`）的 `get`，而不是 `list`。',
    },
    references: [`${ATTACK}T1552/007/`, AUDIT_DOC],
  },
  {
    id: 'runtime.k8s-anonymous-request',
    severity: 'high',
    target: 'event',
    mitre: ['T1078.001', 'T1613'],
    title: { en: 'Anonymous request accepted by the API server', zh: 'API Server 接受了匿名请求' },
    description: {
      en: 'The API server answered a request from `system:anonymous` (group `system:unauthenticated`) on a path other than the health and discovery endpoints (`/healthz`, `/livez`, `/readyz`, `/version`, the OIDC discovery documents). Anonymous access that reaches real resources means a RoleBinding grants something to unauthenticated users, often by mistake, and anyone who can reach the API server can use it. Denied anonymous requests are probes and are not reported unless `includeDenied` is set.',
      zh: 'API Server 响应了来自 `system:anonymous`（用户组 `system:unauthenticated`）的请求，且请求路径不是健康检查和发现端点（`/healthz`、`/livez`、`/readyz`、`/version` 及 OIDC 发现文档）。能访问到实际资源的匿名请求，说明有 RoleBinding 给未认证用户授予了权限（往往是误操作），任何能连到 API Server 的人都能利用。被拒绝的匿名请求属于探测行为，除非设置了 `includeDenied`，否则不告警。',
    },
    remediation: {
      en: 'Find and remove the bindings that name `system:anonymous` or `system:unauthenticated` (Rampart\'s `rbac.anonymous-access` check lists them). Where possible run the API server with `--anonymous-auth=false`, or restrict anonymous access to the health endpoints with the structured authentication configuration. Restrict network access to the API server endpoint.',
      zh: '找出并删除授权给 `system:anonymous` 或 `system:unauthenticated` 的绑定（Rampart 的 `rbac.anonymous-access` 检查会列出它们）。条件允许时以 `--anonymous-auth=false` 运行 API Server，或通过结构化认证配置将匿名访问限定在健康检查端点。同时限制对 API Server 端点的网络访问。',
    },
    references: [`${ATTACK}T1078/001/`, 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests'],
  },
  {
    id: 'runtime.k8s-privileged-pod',
    severity: 'high',
    target: 'event',
    mitre: ['T1610', 'T1611'],
    title: { en: 'Privileged or host-sharing pod created', zh: '创建了特权 Pod 或共享主机资源的 Pod' },
    description: {
      en: 'The API server accepted a Pod or workload (Deployment, DaemonSet, StatefulSet, Job, CronJob…) whose pod template runs a privileged container or shares the host\'s process, network or IPC namespace, or mounts a host path. Any of these gives the pod the host: a privileged container can load kernel modules and mount the node\'s disks, hostPID lets it see and signal every process. Attackers with create rights use such a pod to take the node. Namespaces in `allowedNamespaces` (system add-ons) and pods created by controllers from an already reported template are not reported. Needs an audit policy at level `Request` or above for these resources.',
      zh: 'API Server 接受了一个 Pod 或工作负载（Deployment、DaemonSet、StatefulSet、Job、CronJob 等），其 Pod 模板运行特权容器、共享主机的进程、网络或 IPC 命名空间，或挂载了主机路径。任何一项都等于把主机交给了这个 Pod：特权容器可以加载内核模块、挂载节点磁盘，hostPID 可以看到并向所有进程发信号。拥有创建权限的攻击者正是用这样的 Pod 接管节点。`allowedNamespaces` 中的命名空间（系统组件）以及控制器根据已告警模板创建的 Pod 不会告警。需要审计策略对这些资源的记录级别不低于 `Request`。',
    },
    remediation: {
      en: 'Confirm the workload with the user named in the alert. Enforce the Pod Security Standards (`baseline` or `restricted`) on application namespaces with Pod Security Admission, so such pods are rejected, and keep privileged system components in dedicated namespaces listed in `allowedNamespaces`.',
      zh: '与告警中的用户核实该工作负载。在业务命名空间上通过 Pod Security Admission 强制执行 Pod 安全标准（`baseline` 或 `restricted`），使这类 Pod 被拒绝；需要特权的系统组件放在专用命名空间中，并列入 `allowedNamespaces`。',
    },
    references: [`${ATTACK}T1610/`, `${ATTACK}T1611/`, 'https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  {
    id: 'runtime.k8s-cluster-admin-binding',
    severity: 'critical',
    target: 'event',
    mitre: ['T1098'],
    title: { en: 'Binding to cluster-admin created or changed', zh: '创建或修改了绑定 cluster-admin 的授权' },
    description: {
      en: 'A ClusterRoleBinding, or a RoleBinding referring to the ClusterRole, that grants `cluster-admin` (or another role in `roles`) was created or changed, and the API server accepted it. cluster-admin is every permission on every resource; a new holder can read all Secrets, run privileged pods and grant itself anything else. Attackers create such bindings to persist; administrators do it by mistake to "make something work".',
      zh: '有人创建或修改了授予 `cluster-admin`（或 `roles` 参数中其他角色）的 ClusterRoleBinding，或引用该 ClusterRole 的 RoleBinding，且 API Server 接受了该请求。cluster-admin 拥有所有资源上的所有权限；新的持有者可以读取全部 Secret、运行特权 Pod，并给自己授予任何其他权限。攻击者借此实现驻留，管理员也常常为了"先跑起来"而误用。',
    },
    remediation: {
      en: 'Check the binding\'s subjects and the user who made it. Remove it unless it is approved break-glass access; grant narrower roles instead. Limit who may create or update (Cluster)RoleBindings, and remember that the `bind` and `escalate` verbs allow granting roles one does not hold.',
      zh: '核查该绑定的授权对象以及执行操作的用户。除非是经批准的应急访问，否则应删除该绑定，改为授予范围更小的角色。限制能够创建或修改 (Cluster)RoleBinding 的人员，并注意 `bind` 和 `escalate` 权限允许授予自己并不拥有的角色。',
    },
    references: [`${ATTACK}T1098/`, 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles'],
  },
  {
    id: 'runtime.k8s-webhook-weakened',
    severity: 'high',
    target: 'event',
    mitre: ['T1562.001'],
    title: { en: 'Admission webhook or policy deleted or set to fail open', zh: '准入 Webhook 或策略被删除或改为失效放行' },
    description: {
      en: 'A ValidatingWebhookConfiguration, MutatingWebhookConfiguration or ValidatingAdmissionPolicy (or its binding) was deleted, or a webhook configuration was changed to `failurePolicy: Ignore`. Admission control is where policy engines, image verification and Rampart\'s own admission checks run; removing a webhook or letting it fail open silently switches those defences off, which is why attackers do it before deploying what the policy would reject.',
      zh: '有人删除了 ValidatingWebhookConfiguration、MutatingWebhookConfiguration 或 ValidatingAdmissionPolicy（或其绑定），或者把 Webhook 配置改成了 `failurePolicy: Ignore`。策略引擎、镜像验证以及 Rampart 自身的准入检查都运行在准入控制环节；删除 Webhook 或让它在失败时放行，等于悄无声息地关闭了这些防线，攻击者往往先这样做，再部署原本会被策略拒绝的内容。',
    },
    remediation: {
      en: 'Confirm the change with the user in the alert and restore the configuration from source control if it was not planned. Restrict write access to admission configuration to the platform team, manage it through GitOps so drift is reverted, and use `failurePolicy: Fail` for security webhooks.',
      zh: '与告警中的用户核实此次变更，若非计划内变更，应从版本库恢复配置。将准入配置的写权限限定给平台团队，通过 GitOps 管理以便自动纠正偏移，安全类 Webhook 使用 `failurePolicy: Fail`。',
    },
    references: [`${ATTACK}T1562/001/`, 'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/'],
  },
  {
    id: 'runtime.k8s-events-deleted',
    severity: 'medium',
    target: 'event',
    mitre: ['T1070'],
    title: { en: 'Kubernetes events deleted', zh: 'Kubernetes 事件被删除' },
    description: {
      en: 'An identity other than the namespace and garbage-collection controllers deleted Kubernetes Events. Events expire on their own after an hour; nobody needs to delete them, except to hide what they recorded (failed pulls of a malicious image, pods being killed, scheduling of an unexpected pod).',
      zh: '命名空间控制器和垃圾回收控制器以外的身份删除了 Kubernetes 事件（Event）。事件默认一小时后会自动过期，本来无需删除；删除它们通常是为了掩盖其中的记录（拉取恶意镜像失败、Pod 被终止、意外的 Pod 被调度等）。',
    },
    remediation: {
      en: 'Find out why the user in the alert deleted events, and review their other requests around that time in the audit log. Remove `delete` on `events` from roles that do not need it; ship events and audit logs off the cluster so deleting them in-cluster does not erase the record.',
      zh: '查明告警中的用户为何删除事件，并在审计日志中核查其在同一时段的其他请求。从不需要的角色中收回 `events` 的 `delete` 权限；把事件和审计日志转存到集群外部，使集群内的删除无法抹去记录。',
    },
    references: [`${ATTACK}T1070/`],
  },
  {
    id: 'runtime.apiserver-config-modified',
    severity: 'high',
    target: 'event',
    mitre: ['T1562.008'],
    title: { en: 'API server manifest or audit configuration changed on a node', zh: '节点上的 API Server 清单或审计配置被修改' },
    description: {
      en: 'A process on a control-plane node wrote, moved or deleted the kube-apiserver static pod manifest or an audit policy or audit webhook file under /etc/kubernetes. The kubelet restarts the API server with whatever the manifest says: one edit can switch off audit logging, enable anonymous access or add an insecure flag, and audit changes are the first step of covering tracks.',
      zh: '控制平面节点上的某个进程写入、移动或删除了 kube-apiserver 静态 Pod 清单，或 /etc/kubernetes 下的审计策略、审计 Webhook 配置文件。kubelet 会按清单内容重启 API Server：改动一处就可能关闭审计日志、开启匿名访问或加入不安全的参数，而改动审计配置正是消除痕迹的第一步。',
    },
    remediation: {
      en: 'Compare the file with the version in configuration management and find the process in the alert. Unplanned changes should be reverted and investigated as an intrusion on the node. Keep control-plane configuration under configuration management, restrict root access to control-plane nodes, and alert on audit-log gaps.',
      zh: '将文件与配置管理中的版本对比，并找出告警中的进程。非计划内的改动应予回退，并按节点入侵进行调查。控制平面配置应纳入配置管理，限制对控制平面节点的 root 访问，并对审计日志中断设置告警。',
    },
    references: [`${ATTACK}T1562/008/`, AUDIT_DOC],
  },
  {
    id: 'runtime.baseline.new-exec',
    severity: 'medium',
    target: 'event',
    mitre: ['T1059'],
    title: { en: 'Executable not in the workload\'s baseline', zh: '执行了工作负载基线之外的程序' },
    description: {
      en: 'A container ran a program that its workload never ran while the baseline was learning. Baselines are kept per workload and container, not per pod, and learned for a set time after the first event (or a new image digest); after that, anything new is reported with the baseline entry it missed and how many entries were learned. A new program in a stable workload is often the first visible step of an intrusion — or a change the baseline has not seen yet.',
      zh: '容器运行了一个其工作负载在基线学习期间从未运行过的程序。基线按工作负载和容器名维护（而不是按 Pod），在首个事件（或镜像摘要变化）之后学习一段设定的时间；此后任何新行为都会告警，并给出未命中的基线条目类型以及已学习的条目数。稳定的工作负载中出现新程序，往往是入侵最先可见的一步——也可能只是基线尚未见过的正常变更。',
    },
    remediation: {
      en: 'If the program is legitimate (a new release, a rarely used job), add it to the baseline (`rampart runtime baseline add`) or restart learning for the container. Otherwise investigate the process tree and treat the workload as suspect.',
      zh: '如果该程序是正常的（新版本发布、很少运行的任务），把它加入基线（`rampart runtime baseline add`），或让该容器重新开始学习。否则应调查进程树，并将该工作负载视为可疑。',
    },
    references: [`${ATTACK}T1059/`],
  },
  {
    id: 'runtime.baseline.new-chain',
    severity: 'low',
    target: 'event',
    mitre: ['T1059'],
    title: { en: 'Parent and child process pair not in the workload\'s baseline', zh: '出现了工作负载基线之外的父子进程组合' },
    description: {
      en: 'A known program was started by a parent that never started it while the baseline was learning, for example the web server starting `sh` when only the entrypoint script did before. Attackers run ordinary programs from unusual parents; the chain shows it where the executable alone would not.',
      zh: '一个已知程序被一个在基线学习期间从未启动过它的父进程启动，例如以前只有入口脚本会启动 `sh`，现在 Web 服务器进程也启动了它。攻击者常从不寻常的父进程运行普通程序；仅看可执行文件发现不了的情况，进程链能够揭示出来。',
    },
    remediation: {
      en: 'Check the parent process and the command line. Add the pair to the baseline if it is expected; otherwise investigate the parent as the likely entry point.',
      zh: '检查父进程和命令行。如属正常，把该组合加入基线；否则应把父进程视为可能的入侵入口进行调查。',
    },
    references: [`${ATTACK}T1059/`],
  },
  {
    id: 'runtime.baseline.new-outbound',
    severity: 'medium',
    target: 'event',
    mitre: ['T1071'],
    title: { en: 'Outbound connection not in the workload\'s baseline', zh: '出现了工作负载基线之外的出站连接' },
    description: {
      en: 'A container connected to an address and port its workload did not connect to while learning. Destinations are learned as `address:port`; when a workload reaches many addresses on one port during learning (a cloud API, a CDN), the port alone is learned (`*:443`). New destinations can be command-and-control, data exfiltration or lateral movement — or a dependency that moved.',
      zh: '容器连接了其工作负载在学习期间从未连接过的地址和端口。目的地以 `地址:端口` 的形式学习；如果学习期间同一端口对应的地址很多（云 API、CDN），则只学习端口（`*:443`）。新的目的地可能是命令控制通道、数据外传或横向移动，也可能只是依赖服务换了地址。',
    },
    remediation: {
      en: 'Identify the destination and the process. If it is a legitimate dependency, add it (or its port, `*:PORT`) to the baseline; otherwise block it with an egress NetworkPolicy and investigate.',
      zh: '确认目的地和发起连接的进程。如果是正常依赖，把它（或其端口 `*:端口`）加入基线；否则用出站 NetworkPolicy 阻断并展开调查。',
    },
    references: [`${ATTACK}T1071/`],
  },
  {
    id: 'runtime.baseline.new-write',
    severity: 'low',
    target: 'event',
    mitre: ['T1565.001'],
    title: { en: 'Write to a directory not in the workload\'s baseline', zh: '写入了工作负载基线之外的目录' },
    description: {
      en: 'A container modified a file in a directory its workload did not write to while learning. Directories are learned with volatile parts (process ids, hexadecimal and UUID names) collapsed to `*`, so rotating temporary files do not count as new. A new write location can be a dropped tool, tampered data or configuration.',
      zh: '容器修改了其工作负载在学习期间从未写入过的目录中的文件。目录在学习时会把易变部分（进程号、十六进制和 UUID 形式的名称）折叠为 `*`，因此不断轮换的临时文件不会被当作新目录。新的写入位置可能意味着被投放的工具、被篡改的数据或配置。',
    },
    remediation: {
      en: 'Check the file and the writing process. Add the directory to the baseline if the write is expected; make the root filesystem read-only and mount writable volumes only where needed.',
      zh: '检查该文件和执行写入的进程。如属正常，把该目录加入基线；将根文件系统设为只读，只在需要写入的位置挂载可写卷。',
    },
    references: [`${ATTACK}T1565/001/`],
  },
];
