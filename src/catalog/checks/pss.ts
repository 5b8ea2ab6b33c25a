import type { Check } from '../../model/index.js';

/**
 * Pod Security Standards (baseline and restricted, as the upstream pod-security-admission
 * implements them) over every pod template. Texts are written for the operator who has to fix
 * the manifest; the controls each check evidences are in ../frameworks.
 */

const PSS_BASELINE = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline';
const PSS_RESTRICTED = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted';
const USER_NAMESPACES_PSA = 'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/#integration-with-pod-security-admission-checks';

export const pssChecks: Check[] = [
  {
    id: 'pod.host-process',
    severity: 'critical',
    target: 'workload',
    pss: { level: 'baseline', control: 'windowsHostProcess' },
    title: { en: 'Windows HostProcess container', zh: 'Windows HostProcess 容器' },
    description: {
      en: 'A Windows HostProcess container runs directly on the node, in the host network and with access to the host file system; it is the Windows equivalent of a privileged container.',
      zh: 'Windows HostProcess 容器直接运行在节点上，使用宿主机网络并可访问宿主机文件系统，相当于 Windows 上的特权容器。',
    },
    remediation: {
      en: 'Remove `windowsOptions.hostProcess: true` from `spec.securityContext` and from every container’s `securityContext` (or set it to false). Run node-management agents that truly need it in a dedicated, tightly controlled namespace.',
      zh: '从 `spec.securityContext` 和各容器的 `securityContext` 中删除 `windowsOptions.hostProcess: true`（或设为 false）。确需此能力的节点管理组件，应放到专用且严格管控的命名空间中运行。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.host-network',
    severity: 'high',
    target: 'workload',
    pss: { level: 'baseline', control: 'hostNamespaces' },
    title: { en: 'Pod uses the host network', zh: 'Pod 使用宿主机网络' },
    description: {
      en: 'With `hostNetwork: true` the pod shares the node’s network stack: it can bind node ports, reach services listening on localhost, sniff node traffic and bypass NetworkPolicy.',
      zh: '设置 `hostNetwork: true` 后 Pod 与节点共用网络栈：可以监听节点端口、访问只监听 localhost 的服务、嗅探节点流量，并绕过 NetworkPolicy。',
    },
    remediation: {
      en: 'Remove `spec.hostNetwork: true` (or set it to false) and expose the workload through a Service, Ingress or Gateway instead.',
      zh: '删除 `spec.hostNetwork: true`（或设为 false），改用 Service、Ingress 或 Gateway 对外暴露服务。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.host-pid',
    severity: 'high',
    target: 'workload',
    pss: { level: 'baseline', control: 'hostNamespaces' },
    title: { en: 'Pod uses the host PID namespace', zh: 'Pod 使用宿主机 PID 命名空间' },
    description: {
      en: 'With `hostPID: true` the pod sees every process on the node, including their command lines and environment, and can signal or trace them given the privileges.',
      zh: '设置 `hostPID: true` 后 Pod 能看到节点上的所有进程及其命令行和环境变量，权限足够时还能向其发送信号或进行跟踪调试。',
    },
    remediation: {
      en: 'Remove `spec.hostPID: true` (or set it to false). To share processes between containers of one pod, use `shareProcessNamespace: true` instead.',
      zh: '删除 `spec.hostPID: true`（或设为 false）。如只需在同一 Pod 的容器之间共享进程，改用 `shareProcessNamespace: true`。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.host-ipc',
    severity: 'high',
    target: 'workload',
    pss: { level: 'baseline', control: 'hostNamespaces' },
    title: { en: 'Pod uses the host IPC namespace', zh: 'Pod 使用宿主机 IPC 命名空间' },
    description: {
      en: 'With `hostIPC: true` the pod shares System V IPC and POSIX message queues with every process on the node, so it can read or tamper with their shared memory.',
      zh: '设置 `hostIPC: true` 后 Pod 与节点上所有进程共享 System V IPC 和 POSIX 消息队列，可以读取或篡改它们的共享内存。',
    },
    remediation: {
      en: 'Remove `spec.hostIPC: true` (or set it to false). Containers of the same pod already share an IPC namespace.',
      zh: '删除 `spec.hostIPC: true`（或设为 false）。同一 Pod 内的容器本来就共享 IPC 命名空间。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.privileged',
    severity: 'critical',
    target: 'workload',
    pss: { level: 'baseline', control: 'privileged' },
    title: { en: 'Privileged container', zh: '特权容器' },
    description: {
      en: 'A privileged container runs with every capability and sees all host devices; a process that escapes it owns the node and everything scheduled there.',
      zh: '特权容器拥有全部 Linux 能力并可访问宿主机的所有设备；容器内进程一旦逃逸，即可控制所在节点及其上运行的全部工作负载。',
    },
    remediation: {
      en: 'Remove `securityContext.privileged: true` (or set it to false). Grant only the specific capability the workload needs, and move node-level agents to a dedicated, tightly governed namespace.',
      zh: '删除 `securityContext.privileged: true`（或设为 false）。只授予工作负载确实需要的单项能力；确需节点级权限的代理应部署到专用且受严格管控的命名空间。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.capabilities-baseline',
    severity: 'high',
    target: 'workload',
    pss: { level: 'baseline', control: 'capabilities_baseline' },
    title: { en: 'Capabilities added beyond the default set', zh: '添加了默认集合之外的 Linux 能力' },
    description: {
      en: 'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or NET_RAW give a container powers close to root on the node and are common container-escape ingredients; baseline allows adding only the runtime’s default set, without NET_RAW.',
      zh: 'SYS_ADMIN、NET_ADMIN、SYS_PTRACE、NET_RAW 等能力让容器获得接近节点 root 的权力，是容器逃逸的常见手段；baseline 只允许添加容器运行时默认集合内的能力（不含 NET_RAW）。',
    },
    remediation: {
      en: 'Remove the extra entries from `securityContext.capabilities.add`; keep only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID or SYS_CHROOT, and only those the process really needs.',
      zh: '从 `securityContext.capabilities.add` 中删除多余的能力，只保留 AUDIT_WRITE、CHOWN、DAC_OVERRIDE、FOWNER、FSETID、KILL、MKNOD、NET_BIND_SERVICE、SETFCAP、SETGID、SETPCAP、SETUID、SYS_CHROOT 中进程确实需要的几项。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.host-path',
    severity: 'high',
    target: 'workload',
    pss: { level: 'baseline', control: 'hostPathVolumes' },
    title: { en: 'hostPath volume', zh: 'hostPath 卷' },
    description: {
      en: 'A hostPath volume mounts a directory or file of the node into the pod; paths such as the container runtime socket, /etc or /var/lib/kubelet hand over the node.',
      zh: 'hostPath 卷把节点上的目录或文件挂载进 Pod；一旦挂载容器运行时套接字、/etc 或 /var/lib/kubelet 等路径，就等于交出了节点的控制权。',
    },
    remediation: {
      en: 'Replace the `hostPath` volume with `emptyDir`, a `configMap`/`secret`, or a `persistentVolumeClaim`. Node agents that must read host files belong in a dedicated namespace with its own, explicitly reviewed policy.',
      zh: '将 `hostPath` 卷改为 `emptyDir`、`configMap`/`secret` 或 `persistentVolumeClaim`。确需读取宿主机文件的节点代理，应放到专用命名空间并单独评审其策略。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.host-ports',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'baseline', control: 'hostPorts' },
    title: { en: 'Container binds a host port', zh: '容器占用主机端口' },
    description: {
      en: 'A `hostPort` opens a port on the node’s own address, bypassing Services and often NetworkPolicy, and limits where the pod can be scheduled.',
      zh: '`hostPort` 会直接在节点地址上开放端口，绕过 Service，往往也绕过 NetworkPolicy，同时限制了 Pod 可调度的节点。',
    },
    remediation: {
      en: 'Remove `hostPort` from `ports[*]` (or set it to 0) and expose the port through a Service (ClusterIP, NodePort or LoadBalancer) instead.',
      zh: '从 `ports[*]` 中删除 `hostPort`（或设为 0），改用 Service（ClusterIP、NodePort 或 LoadBalancer）暴露端口。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.host-probes',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'baseline', control: 'hostProbesAndHostLifecycle' },
    title: { en: 'Probe or lifecycle hook targets another host', zh: '探针或生命周期钩子指向其他主机' },
    description: {
      en: 'A `host` in an `httpGet` or `tcpSocket` probe or lifecycle hook makes the kubelet connect to that address from the node, which can be abused to reach node-local or internal endpoints. Checked from policy version 1.34.',
      zh: '在探针或生命周期钩子的 `httpGet`、`tcpSocket` 中设置 `host`，会让 kubelet 从节点上连接该地址，可被利用来访问节点本地或内网端点。从策略版本 1.34 起检查。',
    },
    remediation: {
      en: 'Delete the `host` field from `livenessProbe`, `readinessProbe`, `startupProbe` and `lifecycle.postStart`/`preStop` handlers so that they target the pod’s own IP; to check another service, do it inside the container (for example an `exec` probe).',
      zh: '删除 `livenessProbe`、`readinessProbe`、`startupProbe` 以及 `lifecycle.postStart`/`preStop` 中的 `host` 字段，使其指向 Pod 自身 IP；如需检查其他服务，请在容器内完成（例如使用 `exec` 探针）。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.apparmor',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'baseline', control: 'appArmorProfile' },
    title: { en: 'AppArmor profile disabled or overridden', zh: 'AppArmor 配置被禁用或替换' },
    description: {
      en: 'Setting the AppArmor profile to Unconfined (or any type other than RuntimeDefault or Localhost), through the `appArmorProfile` field or the beta annotation, removes the mandatory access control the runtime applies by default.',
      zh: '通过 `appArmorProfile` 字段或 beta 注解把 AppArmor 配置设为 Unconfined（或 RuntimeDefault、Localhost 以外的类型），会去掉容器运行时默认施加的强制访问控制。',
    },
    remediation: {
      en: 'Set `securityContext.appArmorProfile.type` to `RuntimeDefault` (or `Localhost` with `localhostProfile`) at pod or container level, or remove it; remove `container.apparmor.security.beta.kubernetes.io/*` annotations whose value is not `runtime/default` or `localhost/<profile>`.',
      zh: '在 Pod 或容器级别把 `securityContext.appArmorProfile.type` 设为 `RuntimeDefault`（或 `Localhost` 并指定 `localhostProfile`），或直接删除该字段；删除取值不是 `runtime/default` 或 `localhost/<配置名>` 的 `container.apparmor.security.beta.kubernetes.io/*` 注解。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.selinux',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'baseline', control: 'seLinuxOptions' },
    title: { en: 'Custom SELinux type, user or role', zh: '自定义 SELinux 类型、用户或角色' },
    description: {
      en: 'A custom SELinux type (such as spc_t) or user/role can lift the confinement SELinux puts on containers; baseline allows only the container types (container_t, container_init_t, container_kvm_t, and container_engine_t from policy 1.31).',
      zh: '自定义 SELinux 类型（如 spc_t）或用户、角色可能解除 SELinux 对容器的约束；baseline 只允许容器专用类型（container_t、container_init_t、container_kvm_t，策略版本 1.31 起另含 container_engine_t）。',
    },
    remediation: {
      en: 'In `seLinuxOptions` at pod and container level, remove `user` and `role`, and either remove `type` or set it to an allowed container type. `level` may stay.',
      zh: '在 Pod 和容器级别的 `seLinuxOptions` 中删除 `user` 和 `role`；`type` 要么删除，要么设为允许的容器类型。`level` 可以保留。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.proc-mount',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'baseline', control: 'procMount' },
    title: { en: 'Unmasked /proc', zh: '/proc 未屏蔽' },
    description: {
      en: 'A `procMount` other than Default exposes /proc paths the runtime normally masks, revealing host information and kernel interfaces. From policy 1.35 baseline allows it for pods with `hostUsers: false`.',
      zh: '`procMount` 不为 Default 时，运行时通常屏蔽的 /proc 路径会暴露出来，泄露宿主机信息和内核接口。从策略版本 1.35 起，baseline 对设置了 `hostUsers: false` 的 Pod 放开此项。',
    },
    remediation: {
      en: 'Remove `securityContext.procMount` or set it to `Default`. If the workload really needs an unmasked /proc (for example nested containers), run it in a user namespace with `spec.hostUsers: false`.',
      zh: '删除 `securityContext.procMount` 或将其设为 `Default`。如确需未屏蔽的 /proc（例如嵌套容器），请设置 `spec.hostUsers: false`，让 Pod 运行在独立的用户命名空间中。',
    },
    references: [PSS_BASELINE, USER_NAMESPACES_PSA],
  },
  {
    id: 'pod.seccomp-unconfined',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'baseline', control: 'seccompProfile_baseline' },
    title: { en: 'Seccomp disabled', zh: 'seccomp 被禁用' },
    description: {
      en: 'A seccomp profile of type Unconfined (or anything other than RuntimeDefault or Localhost) lets the container make every system call, widening the kernel attack surface. For policy versions before 1.19 the seccomp annotations are checked instead.',
      zh: 'seccomp 配置类型为 Unconfined（或 RuntimeDefault、Localhost 以外的值）时，容器可以发起任意系统调用，扩大了内核攻击面。策略版本低于 1.19 时改为检查 seccomp 注解。',
    },
    remediation: {
      en: 'Set `securityContext.seccompProfile.type: RuntimeDefault` (or `Localhost` with `localhostProfile`) at pod level, and remove `Unconfined` from containers. With old annotations, use `runtime/default` or `localhost/<profile>`.',
      zh: '在 Pod 级别设置 `securityContext.seccompProfile.type: RuntimeDefault`（或 `Localhost` 并指定 `localhostProfile`），并去掉容器上的 `Unconfined`。若仍在使用旧注解，取值应为 `runtime/default` 或 `localhost/<配置名>`。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.sysctls',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'baseline', control: 'sysctls' },
    title: { en: 'Unsafe sysctl', zh: '不安全的 sysctl' },
    description: {
      en: 'Sysctls outside the safe, namespaced set can change kernel behaviour for the whole node or disable protections; the safe set grows with the policy version (1.27, 1.29, 1.32, 1.37).',
      zh: '安全集合之外的 sysctl 可能改变整个节点的内核行为或关闭防护机制；安全集合随策略版本扩充（1.27、1.29、1.32、1.37）。',
    },
    remediation: {
      en: 'Remove the entry from `spec.securityContext.sysctls`, or replace it with a safe one (for example `net.ipv4.ip_local_port_range`). Node-wide kernel tuning belongs in the node configuration, not in pods.',
      zh: '从 `spec.securityContext.sysctls` 中删除该项，或改用安全集合内的 sysctl（例如 `net.ipv4.ip_local_port_range`）。需要全节点生效的内核调优应放在节点配置中，而不是 Pod 里。',
    },
    references: [PSS_BASELINE],
  },
  {
    id: 'pod.volume-types',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'restricted', control: 'restrictedVolumes' },
    title: { en: 'Volume type not allowed by restricted', zh: 'restricted 不允许的卷类型' },
    description: {
      en: 'Restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes; in-line network or cloud volumes (nfs, iscsi, rbd, gitRepo…) bypass the storage admin’s control. hostPath is reported by pod.host-path.',
      zh: 'restricted 只允许 configMap、csi、downwardAPI、emptyDir、ephemeral、image、persistentVolumeClaim、projected、secret 类型的卷；直接内联的网络或云盘卷（nfs、iscsi、rbd、gitRepo 等）绕过了存储管理员的管控。hostPath 由 pod.host-path 报告。',
    },
    remediation: {
      en: 'Replace the in-line volume source with a `persistentVolumeClaim` bound to a PersistentVolume or StorageClass the cluster admin provides; replace `gitRepo` with an init container that clones into an `emptyDir`.',
      zh: '把内联卷改为 `persistentVolumeClaim`，由集群管理员提供的 PersistentVolume 或 StorageClass 供给；`gitRepo` 可改为用 init 容器把代码克隆到 `emptyDir`。',
    },
    references: [PSS_RESTRICTED],
  },
  {
    id: 'pod.privilege-escalation',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'restricted', control: 'allowPrivilegeEscalation' },
    title: { en: 'Privilege escalation not disabled', zh: '未禁止权限提升' },
    description: {
      en: 'Unless `allowPrivilegeEscalation` is false, a process can gain more privileges than its parent, for example through setuid binaries. Pods with `spec.os.name: windows` are exempt from policy 1.25.',
      zh: '除非显式设置 `allowPrivilegeEscalation: false`，进程可以获得比父进程更高的权限，例如借助 setuid 程序。从策略版本 1.25 起，`spec.os.name: windows` 的 Pod 不受此项约束。',
    },
    remediation: {
      en: 'Set `securityContext.allowPrivilegeEscalation: false` on every container, init container and ephemeral container; there is no pod-level field for it.',
      zh: '为每个容器、init 容器和临时容器设置 `securityContext.allowPrivilegeEscalation: false`；该字段没有 Pod 级别的设置。',
    },
    references: [PSS_RESTRICTED],
  },
  {
    id: 'pod.run-as-non-root',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'restricted', control: 'runAsNonRoot' },
    title: { en: 'runAsNonRoot not enforced', zh: '未强制以非 root 用户运行' },
    description: {
      en: 'Without `runAsNonRoot: true` the kubelet will start a container whose image runs as root. From policy 1.35 pods with `hostUsers: false` are exempt, since root in a user namespace is not root on the node.',
      zh: '未设置 `runAsNonRoot: true` 时，即使镜像以 root 运行，kubelet 也会照常启动容器。从策略版本 1.35 起，`hostUsers: false` 的 Pod 不受此项约束，因为用户命名空间里的 root 并不是节点上的 root。',
    },
    remediation: {
      en: 'Set `spec.securityContext.runAsNonRoot: true` (or set it on every container), make sure no container sets it to false, and build images with a non-root `USER` or set `runAsUser` to a non-zero UID.',
      zh: '设置 `spec.securityContext.runAsNonRoot: true`（或在每个容器上设置），确保没有容器将其设为 false；镜像应使用非 root 的 `USER`，或通过 `runAsUser` 指定非 0 的 UID。',
    },
    references: [PSS_RESTRICTED, USER_NAMESPACES_PSA],
  },
  {
    id: 'pod.run-as-user-root',
    severity: 'high',
    target: 'workload',
    pss: { level: 'restricted', control: 'runAsUser' },
    title: { en: 'Container runs as UID 0', zh: '容器以 UID 0 运行' },
    description: {
      en: 'An explicit `runAsUser: 0` runs the container as root, so a breakout lands as root on the node. Checked from policy 1.23; from 1.35 pods with `hostUsers: false` are exempt.',
      zh: '显式设置 `runAsUser: 0` 会让容器以 root 身份运行，一旦逃逸即是节点上的 root。从策略版本 1.23 起检查；从 1.35 起，`hostUsers: false` 的 Pod 不受此项约束。',
    },
    remediation: {
      en: 'Set `runAsUser` to a non-zero UID (for example 10001) at pod and container level, or remove it and rely on a non-root `USER` in the image together with `runAsNonRoot: true`.',
      zh: '在 Pod 和容器级别把 `runAsUser` 设为非 0 的 UID（例如 10001），或删除该字段，依靠镜像中的非 root `USER` 并配合 `runAsNonRoot: true`。',
    },
    references: [PSS_RESTRICTED, USER_NAMESPACES_PSA],
  },
  {
    id: 'pod.seccomp-required',
    severity: 'low',
    target: 'workload',
    pss: { level: 'restricted', control: 'seccompProfile_restricted' },
    title: { en: 'No seccomp profile set', zh: '未设置 seccomp 配置' },
    description: {
      en: 'Restricted requires a RuntimeDefault or Localhost seccomp profile on every container, set at pod level or per container; without one the container runs unconfined unless the kubelet’s seccomp default is turned on. Checked from policy 1.19; Windows pods are exempt from 1.25.',
      zh: 'restricted 要求每个容器都使用 RuntimeDefault 或 Localhost 类型的 seccomp 配置，可在 Pod 级别统一设置，也可逐个容器设置；未设置时，除非 kubelet 开启了默认 seccomp，容器将不受 seccomp 限制。从策略版本 1.19 起检查；从 1.25 起 Windows Pod 不受此项约束。',
    },
    remediation: {
      en: 'Add `seccompProfile: {type: RuntimeDefault}` to `spec.securityContext`, which covers every container, or to each container’s `securityContext`.',
      zh: '在 `spec.securityContext` 中添加 `seccompProfile: {type: RuntimeDefault}`，即可覆盖所有容器；也可以在每个容器的 `securityContext` 中分别添加。',
    },
    references: [PSS_RESTRICTED],
  },
  {
    id: 'pod.capabilities-restricted',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'restricted', control: 'capabilities_restricted' },
    title: { en: 'Capabilities not dropped', zh: '未丢弃 Linux 能力' },
    description: {
      en: 'Restricted requires every container to drop ALL capabilities and add back at most NET_BIND_SERVICE, so a compromised process holds no kernel privileges it does not need. Checked from policy 1.22; Windows pods are exempt from 1.25.',
      zh: 'restricted 要求每个容器丢弃全部 Linux 能力，最多只加回 NET_BIND_SERVICE，使被攻破的进程不持有任何多余的内核权限。从策略版本 1.22 起检查；从 1.25 起 Windows Pod 不受此项约束。',
    },
    remediation: {
      en: 'In every container’s `securityContext`, set `capabilities: {drop: ["ALL"]}`, and add only `NET_BIND_SERVICE` if the process binds a port below 1024.',
      zh: '在每个容器的 `securityContext` 中设置 `capabilities: {drop: ["ALL"]}`；只有进程需要监听 1024 以下端口时，才添加 `NET_BIND_SERVICE`。',
    },
    references: [PSS_RESTRICTED],
  },
  {
    id: 'pod.proc-mount-restricted',
    severity: 'medium',
    target: 'workload',
    pss: { level: 'restricted', control: 'procMount_restricted' },
    title: { en: 'Unmasked /proc in a user-namespaced pod', zh: '用户命名空间 Pod 中的 /proc 未屏蔽' },
    description: {
      en: 'From policy 1.35 baseline lets pods with `hostUsers: false` unmask /proc, but restricted still allows only the Default procMount. This check reports exactly those pods; other unmasked /proc is reported by pod.proc-mount.',
      zh: '从策略版本 1.35 起，baseline 允许 `hostUsers: false` 的 Pod 不屏蔽 /proc，但 restricted 仍只允许 Default。此检查只报告这类 Pod，其余未屏蔽 /proc 的情况由 pod.proc-mount 报告。',
    },
    remediation: {
      en: 'Remove `securityContext.procMount` or set it to `Default`; if the workload needs an unmasked /proc, run it in a namespace enforcing baseline instead of restricted.',
      zh: '删除 `securityContext.procMount` 或将其设为 `Default`；如工作负载确需未屏蔽的 /proc，应部署到执行 baseline 而非 restricted 的命名空间。',
    },
    references: [PSS_RESTRICTED, USER_NAMESPACES_PSA],
  },
];
