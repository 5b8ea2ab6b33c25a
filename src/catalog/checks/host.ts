import type { Check, CheckTarget, Localized, Severity } from '../../model/index.js';

/**
 * Docker host checks: CIS Docker Benchmark v1.6.0 sections 1 (host configuration), 2 (daemon
 * configuration), 3 (daemon configuration files) and 5 (container runtime), judged by
 * src/analyzers/docker on what `rampart host` reads from the host and the Engine API. Section 4 is
 * the image checks (./image.ts), run on the daemon's images. Checks marked manual need a person:
 * they are listed as not evaluated, saying what to look at, never passed silently.
 */

export const HOST_TARGET: CheckTarget = 'node';

const CIS_DOCKER = 'https://www.cisecurity.org/benchmark/docker';
const DOCKERD_REF = 'https://docs.docker.com/reference/cli/dockerd/';
const RUN_REF = 'https://docs.docker.com/reference/cli/docker/container/run/';
const SECURITY_REF = 'https://docs.docker.com/engine/security/';

export type HostSection = '1' | '2' | '3' | '5';

/** Per check id: the CIS Docker v1.6.0 item it implements and whether it needs a person. */
export interface HostCheckInfo {
  cis: string;
  section: HostSection;
  manual: boolean;
}
export const HOST_CHECK_INFO = new Map<string, HostCheckInfo>();
/** For manual checks: what a person must look at. */
export const HOST_MANUAL_REVIEW = new Map<string, Localized>();

interface Spec {
  id: string;
  cis: string;
  severity: Severity;
  title: Localized;
  why: Localized;
  fix: Localized;
  /** Set for manual checks: what to look at. */
  manual?: Localized;
  references?: string[];
}

function check(s: Spec): Check {
  const section = s.cis.split('.')[0] as HostSection;
  HOST_CHECK_INFO.set(s.id, { cis: s.cis, section, manual: s.manual !== undefined });
  if (s.manual) HOST_MANUAL_REVIEW.set(s.id, s.manual);
  return {
    id: s.id,
    severity: s.severity,
    target: HOST_TARGET,
    title: s.title,
    description: {
      en: `${s.why.en}${s.manual ? ' This needs a person: the check is listed as not evaluated with what to look at.' : ''} CIS Docker Benchmark v1.6.0 ${s.cis}.`,
      zh: `${s.why.zh}${s.manual ? '此项需要人工判断：检查结果列为“未评估”，并说明需要查看的内容。' : ''}对应 CIS Docker 基准 v1.6.0 第 ${s.cis} 条。`,
    },
    remediation: s.fix,
    references: [...(s.references ?? []), CIS_DOCKER],
  };
}

const L = (en: string, zh: string): Localized => ({ en, zh });

/** Remediation for a daemon setting: daemon.json key or dockerd flag, then a restart. */
function daemonFix(json: string, flag: string, extra?: Localized): Localized {
  return {
    en: `Set \`${json}\` in /etc/docker/daemon.json (or pass \`${flag}\` to dockerd, not both: dockerd refuses a setting given twice), then \`systemctl restart docker\`.${extra ? ` ${extra.en}` : ''}`,
    zh: `在 /etc/docker/daemon.json 中设置 \`${json}\`（或为 dockerd 传入 \`${flag}\`，二者只能取其一：同一设置出现两次 dockerd 会拒绝启动），然后执行 \`systemctl restart docker\`。${extra ? extra.zh : ''}`,
  };
}

// ---- Section 1: host configuration --------------------------------------------------------

const hostChecks: Check[] = [
  check({
    id: 'docker.host.partition', cis: '1.1.1', severity: 'low',
    title: L('Docker data root is not on a separate partition', 'Docker 数据目录不在独立分区上'),
    why: L('Docker keeps images, container layers and volumes under its data root (/var/lib/docker by default). On the root filesystem, a container that fills its disk, or a pull of large images, fills the host\'s root filesystem and stops logging and other services. Judged from the host\'s mount table and /etc/fstab.', 'Docker 将镜像、容器层和卷保存在其数据目录下（默认 /var/lib/docker）。若其位于根文件系统，容器写满磁盘或拉取大镜像会占满宿主机根文件系统，导致日志及其他服务停止。依据宿主机挂载表和 /etc/fstab 判断。'),
    fix: L('Give the data root its own filesystem (an LVM volume or disk) mounted at /var/lib/docker (or at the `data-root` in daemon.json) and listed in /etc/fstab; stop Docker, move the data, mount, and start Docker again.', '为数据目录单独分配文件系统（LVM 卷或磁盘），挂载到 /var/lib/docker（或 daemon.json 中的 `data-root`），并写入 /etc/fstab；停止 Docker，迁移数据，挂载后重新启动 Docker。'),
  }),
  check({
    id: 'docker.host.trusted-users', cis: '1.1.2', severity: 'medium',
    title: L('Members of the docker group control the daemon', 'docker 组成员可控制 Docker 守护进程'),
    why: L('Whoever can reach the Docker socket is root on the host: `docker run -v /:/host --privileged` needs nothing more. Membership of the `docker` group grants exactly that. The members are listed from /etc/group for review.', '能访问 Docker 套接字的人就等同于宿主机 root：`docker run -v /:/host --privileged` 即可。`docker` 组成员正是拥有这一权限的人。检查从 /etc/group 中列出组成员供审核。'),
    manual: L('Review each member of the docker group (evidence lists them) and remove those who must not be root on this host: `gpasswd -d <user> docker`. Check for sudo rules that run docker too.', '逐一审核 docker 组的成员（证据中列出），移除不应拥有本机 root 权限的用户：`gpasswd -d <用户> docker`。同时检查允许运行 docker 的 sudo 规则。'),
    fix: L('Keep the docker group to the administrators who are trusted with root; give others rootless Docker or a CI service account instead.', '仅将可信任、本应拥有 root 权限的管理员加入 docker 组；其他人使用 rootless Docker 或 CI 服务账号。'),
    references: [SECURITY_REF],
  }),
  check({
    id: 'docker.host.hardened', cis: '1.2.1', severity: 'info',
    title: L('Container host hardening', '容器宿主机加固'),
    why: L('Containers share the host kernel: an unpatched or loosely configured host undoes every container control.', '容器共享宿主机内核：宿主机未打补丁或配置宽松，会使所有容器层面的控制失效。'),
    manual: L('Confirm the host follows a hardening baseline (CIS benchmark for its distribution, minimal packages, patched kernel, SSH and sudo restricted), and that it runs containers only.', '确认宿主机遵循加固基线（对应发行版的 CIS 基准、最小化安装、已打补丁的内核、受限的 SSH 和 sudo），且只用于运行容器。'),
    fix: L('Apply the CIS benchmark for the host\'s distribution, or use a container-optimised OS; patch on a schedule.', '应用宿主机发行版对应的 CIS 基准，或使用面向容器的操作系统；定期打补丁。'),
  }),
  check({
    id: 'docker.host.version', cis: '1.2.2', severity: 'info',
    title: L('Docker version is up to date', 'Docker 版本为最新'),
    why: L('Docker and containerd releases fix container escapes (runc CVE-2019-5736, CVE-2024-21626). The running version is shown for comparison with the current supported release.', 'Docker 和 containerd 的新版本修复容器逃逸漏洞（如 runc CVE-2019-5736、CVE-2024-21626）。检查给出正在运行的版本，以便与当前受支持版本比较。'),
    manual: L('Compare the daemon version in the evidence with the current supported Docker Engine release and your distribution\'s security updates.', '将证据中的守护进程版本与当前受支持的 Docker Engine 版本以及发行版的安全更新进行比较。'),
    fix: L('Upgrade Docker Engine, containerd and runc from your distribution or Docker\'s repository, and restart the daemon.', '从发行版或 Docker 官方仓库升级 Docker Engine、containerd 和 runc，并重启守护进程。'),
  }),
];

/** 1.1.3–1.1.18: each Docker file or directory the audit rules should watch. `key` is the logical path name the source resolves. */
export const AUDITED_PATHS: readonly { id: string; cis: string; key: string; what: string }[] = [
  { id: 'docker.audit.dockerd', cis: '1.1.3', key: 'dockerd', what: 'the Docker daemon binary (dockerd)' },
  { id: 'docker.audit.run-containerd', cis: '1.1.4', key: '/run/containerd', what: '/run/containerd' },
  { id: 'docker.audit.var-lib-docker', cis: '1.1.5', key: '/var/lib/docker', what: 'the Docker data root (/var/lib/docker)' },
  { id: 'docker.audit.etc-docker', cis: '1.1.6', key: '/etc/docker', what: '/etc/docker' },
  { id: 'docker.audit.docker-service', cis: '1.1.7', key: 'docker.service', what: 'docker.service' },
  { id: 'docker.audit.containerd-sock', cis: '1.1.8', key: 'containerd.sock', what: 'containerd.sock' },
  { id: 'docker.audit.docker-socket', cis: '1.1.9', key: 'docker.socket', what: 'docker.socket' },
  { id: 'docker.audit.etc-default-docker', cis: '1.1.10', key: '/etc/default/docker', what: '/etc/default/docker' },
  { id: 'docker.audit.daemon-json', cis: '1.1.11', key: 'daemon.json', what: '/etc/docker/daemon.json' },
  { id: 'docker.audit.containerd-config', cis: '1.1.12', key: '/etc/containerd/config.toml', what: '/etc/containerd/config.toml' },
  { id: 'docker.audit.etc-sysconfig-docker', cis: '1.1.13', key: '/etc/sysconfig/docker', what: '/etc/sysconfig/docker' },
  { id: 'docker.audit.containerd', cis: '1.1.14', key: 'containerd', what: 'the containerd binary' },
  { id: 'docker.audit.containerd-shim', cis: '1.1.15', key: 'containerd-shim', what: 'containerd-shim' },
  { id: 'docker.audit.containerd-shim-runc-v1', cis: '1.1.16', key: 'containerd-shim-runc-v1', what: 'containerd-shim-runc-v1' },
  { id: 'docker.audit.containerd-shim-runc-v2', cis: '1.1.17', key: 'containerd-shim-runc-v2', what: 'containerd-shim-runc-v2' },
  { id: 'docker.audit.runc', cis: '1.1.18', key: 'runc', what: 'runc' },
];

const auditChecks: Check[] = AUDITED_PATHS.map((a) =>
  check({
    id: a.id, cis: a.cis, severity: 'low',
    title: L(`Auditing is configured for ${a.what}`, `已为 ${a.what} 配置审计`),
    why: L(`Changes to ${a.what} change what every container runs with, and the daemon runs as root. Without a Linux audit watch on it, who changed or used it cannot be established afterwards. Judged from the loaded rules (\`auditctl -l\`) when scanning the live host, and from /etc/audit/rules.d/*.rules and /etc/audit/audit.rules. A path the host does not have is reported as not applicable.`, `对 ${a.what} 的修改会影响所有容器的运行方式，而守护进程以 root 身份运行。若未对其设置 Linux 审计监视，事后无法查明由谁修改或使用了它。扫描本机时依据已加载的规则（\`auditctl -l\`），并读取 /etc/audit/rules.d/*.rules 与 /etc/audit/audit.rules。宿主机上不存在的路径报告为不适用。`),
    fix: L(`Add a watch for the path shown in the finding to /etc/audit/rules.d/docker.rules, e.g. \`-w <path> -p rwxa -k docker\`, then load it with \`augenrules --load\` (or restart auditd) and verify with \`auditctl -l\`.`, `在 /etc/audit/rules.d/docker.rules 中为发现中给出的路径添加监视，例如 \`-w <路径> -p rwxa -k docker\`，然后执行 \`augenrules --load\`（或重启 auditd）加载，并用 \`auditctl -l\` 确认。`),
    references: ['https://man7.org/linux/man-pages/man8/auditctl.8.html'],
  }),
);

// ---- Section 2: daemon configuration ------------------------------------------------------

const daemonChecks: Check[] = [
  check({
    id: 'docker.daemon.rootless', cis: '2.1', severity: 'info',
    title: L('Docker daemon runs as root', 'Docker 守护进程以 root 身份运行'),
    why: L('A rootless daemon (`dockerd-rootless`) limits a daemon or container escape to an unprivileged user. It does not support every feature (some network and storage drivers, AppArmor), so CIS leaves the choice to the operator.', 'rootless 模式的守护进程（`dockerd-rootless`）可将守护进程或容器逃逸的影响限制在非特权用户范围内。它并不支持所有功能（部分网络、存储驱动和 AppArmor），因此 CIS 将其留给运维人员决定。'),
    manual: L('Decide whether the workloads on this host can run under rootless Docker (see the rootless limitations) and record the decision.', '判断本机上的工作负载能否在 rootless Docker 下运行（参考其限制说明），并记录决定。'),
    fix: L('Install and run Docker in rootless mode (`dockerd-rootless-setuptool.sh install`) for the users who need it.', '为需要的用户以 rootless 模式安装并运行 Docker（`dockerd-rootless-setuptool.sh install`）。'),
    references: ['https://docs.docker.com/engine/security/rootless/'],
  }),
  check({
    id: 'docker.daemon.icc', cis: '2.2', severity: 'medium',
    title: L('Containers on the default bridge can talk to each other', '默认网桥上的容器可以相互通信'),
    why: L('With inter-container communication on (the default), every container on the default bridge reaches every port of every other one: one compromised container can attack all its neighbours. A daemon without a default bridge (`--bridge=none`) has nothing to restrict.', '开启容器间通信（默认开启）时，默认网桥上的每个容器都能访问其他所有容器的所有端口：一个容器被攻破即可攻击所有相邻容器。若守护进程没有默认网桥（`--bridge=none`），则无需限制。'),
    fix: daemonFix('"icc": false', '--icc=false', L('Containers that must talk to each other go on a user-defined network together.', '需要相互通信的容器应一同放入用户自定义网络。')),
    references: [DOCKERD_REF, 'https://docs.docker.com/engine/network/drivers/bridge/'],
  }),
  check({
    id: 'docker.daemon.log-level', cis: '2.3', severity: 'low',
    title: L('Daemon log level is not info', '守护进程日志级别不是 info'),
    why: L('At `warn`, `error` or `fatal` the daemon drops the events an investigation needs; at `debug` it logs far more than is useful and may log sensitive request details.', '日志级别为 `warn`、`error` 或 `fatal` 时，守护进程会丢弃调查所需的事件；为 `debug` 时日志量过大，且可能记录敏感的请求细节。'),
    fix: daemonFix('"log-level": "info"', '--log-level=info'),
    references: [DOCKERD_REF],
  }),
  check({
    id: 'docker.daemon.iptables', cis: '2.4', severity: 'medium',
    title: L('Docker may not manage iptables', 'Docker 无权管理 iptables'),
    why: L('With `iptables` off, Docker does not write the NAT and isolation rules its networking relies on, and administrators tend to open the firewall by hand instead, often too widely.', '关闭 `iptables` 后，Docker 不会写入其网络所依赖的 NAT 和隔离规则，管理员往往转而手工放开防火墙，且常常放得过宽。'),
    fix: daemonFix('"iptables": true', '--iptables=true (the default)'),
    references: [DOCKERD_REF, 'https://docs.docker.com/engine/network/packet-filtering-firewalls/'],
  }),
  check({
    id: 'docker.daemon.insecure-registries', cis: '2.5', severity: 'high',
    title: L('Insecure registries are allowed', '允许使用不安全的镜像仓库'),
    why: L('An insecure registry is reached over plain HTTP or unverified TLS: anyone on the path can swap the images this host pulls. The loopback range Docker always adds (127.0.0.0/8) is not reported.', '不安全的镜像仓库通过明文 HTTP 或未经验证的 TLS 访问：链路上的任何人都能替换本机拉取的镜像。Docker 默认加入的回环地址段（127.0.0.0/8）不予报告。'),
    fix: daemonFix('no "insecure-registries"', 'no --insecure-registry', L('Give each registry a certificate from a CA the host trusts, or put its CA under /etc/docker/certs.d/<registry>/ca.crt.', '为每个镜像仓库配置由宿主机信任的 CA 签发的证书，或将其 CA 放到 /etc/docker/certs.d/<仓库>/ca.crt。')),
    references: ['https://docs.docker.com/reference/cli/dockerd/#insecure-registries'],
  }),
  check({
    id: 'docker.daemon.aufs', cis: '2.6', severity: 'medium',
    title: L('aufs storage driver is used', '使用了 aufs 存储驱动'),
    why: L('aufs is unmaintained, removed from current Docker releases, and has caused kernel crashes; it should not run production containers.', 'aufs 已无人维护，已从当前 Docker 版本中移除，并曾导致内核崩溃，不应用于生产容器。'),
    fix: daemonFix('"storage-driver": "overlay2"', '--storage-driver=overlay2', L('Images must be pulled again after switching drivers.', '切换驱动后需要重新拉取镜像。')),
    references: ['https://docs.docker.com/engine/storage/drivers/select-storage-driver/'],
  }),
  check({
    id: 'docker.daemon.tls', cis: '2.7', severity: 'critical',
    title: L('Daemon listens on TCP without TLS client authentication', '守护进程在 TCP 上监听但未启用 TLS 客户端认证'),
    why: L('A Docker API on a TCP port without `tlsverify` gives root on the host to anyone who can reach the port. Only unix sockets, or TCP with `--tlsverify` and its CA, server certificate and key, pass.', '在 TCP 端口上开放 Docker API 而未启用 `tlsverify`，任何能连到该端口的人都能获得宿主机 root 权限。只有 unix 套接字，或启用了 `--tlsverify` 并配置 CA、服务器证书和私钥的 TCP，才算通过。'),
    fix: daemonFix('"tlsverify": true, "tlscacert", "tlscert", "tlskey"', '--tlsverify --tlscacert=… --tlscert=… --tlskey=…', L('Or remove the tcp:// host and reach the daemon over SSH (`DOCKER_HOST=ssh://…`).', '或者去掉 tcp:// 监听地址，改为通过 SSH 访问守护进程（`DOCKER_HOST=ssh://…`）。')),
    references: ['https://docs.docker.com/engine/security/protect-access/'],
  }),
  check({
    id: 'docker.daemon.default-ulimit', cis: '2.8', severity: 'info',
    title: L('Default ulimits for containers', '容器的默认 ulimit'),
    why: L('Default ulimits (open files, processes) bound what a runaway or hostile container can take from the host. Appropriate values depend on the workloads.', '默认 ulimit（打开文件数、进程数）限制失控或恶意容器能从宿主机占用的资源。合适的取值取决于工作负载。'),
    manual: L('Review the daemon\'s default ulimits in the evidence against what the containers on this host need; unset means the daemon\'s own limits apply.', '对照本机容器的需要，审核证据中守护进程的默认 ulimit；未设置表示沿用守护进程自身的限制。'),
    fix: daemonFix('"default-ulimits": {"nofile": {"Name": "nofile", "Soft": 20000, "Hard": 40000}}', '--default-ulimit nofile=20000:40000'),
    references: [DOCKERD_REF],
  }),
  check({
    id: 'docker.daemon.userns-remap', cis: '2.9', severity: 'medium',
    title: L('User namespace remapping is off', '未启用用户命名空间重映射'),
    why: L('Without `userns-remap`, root in a container is uid 0 on the host: a container escape lands as root. With it, container root maps to an unprivileged host range.', '未启用 `userns-remap` 时，容器内的 root 就是宿主机上的 uid 0：一旦逃逸即为 root。启用后，容器 root 映射到宿主机上的非特权 uid 范围。'),
    fix: daemonFix('"userns-remap": "default"', '--userns-remap=default', L('Check volume ownership afterwards; containers that need host namespaces can opt out with `--userns=host`.', '启用后检查卷的属主；需要宿主机命名空间的容器可用 `--userns=host` 单独排除。')),
    references: ['https://docs.docker.com/engine/security/userns-remap/'],
  }),
  check({
    id: 'docker.daemon.cgroup-parent', cis: '2.10', severity: 'info',
    title: L('Default cgroup parent changed', '默认 cgroup 父级被修改'),
    why: L('`cgroup-parent` moves every container under another cgroup, whose limits then apply to all of them. Left unset, containers use Docker\'s default cgroup; a change must be deliberate.', '`cgroup-parent` 会把所有容器移到另一个 cgroup 下，其限制将作用于所有容器。未设置时容器使用 Docker 默认的 cgroup；如有修改，必须是有意为之。'),
    manual: L('A cgroup parent is set (see the evidence): confirm that cgroup exists with the limits intended for all containers.', '已设置 cgroup 父级（见证据）：确认该 cgroup 存在，且其限制是为所有容器有意设定的。'),
    fix: L('Remove `cgroup-parent` from daemon.json and the dockerd flags unless a cgroup with deliberate limits is meant; restart Docker.', '除非确有设定了限制的专用 cgroup，否则从 daemon.json 和 dockerd 参数中移除 `cgroup-parent`，并重启 Docker。'),
    references: [DOCKERD_REF],
  }),
  check({
    id: 'docker.daemon.base-device-size', cis: '2.11', severity: 'low',
    title: L('Base device size changed', '基础设备大小被修改'),
    why: L('`--storage-opt dm.basesize` enlarges every container\'s filesystem (devicemapper), letting one container use more of the host disk than intended.', '`--storage-opt dm.basesize` 会增大每个容器的文件系统（devicemapper），使单个容器可以占用超出预期的宿主机磁盘。'),
    fix: L('Remove `dm.basesize` from `storage-opts` in daemon.json and from the dockerd flags unless needed; restart Docker.', '除非确有需要，从 daemon.json 的 `storage-opts` 和 dockerd 参数中移除 `dm.basesize`，并重启 Docker。'),
    references: [DOCKERD_REF],
  }),
  check({
    id: 'docker.daemon.authorization', cis: '2.12', severity: 'medium',
    title: L('No authorization plugin for Docker commands', '未为 Docker 命令配置授权插件'),
    why: L('Without an authorization plugin, anyone who reaches the socket may run every command, including privileged containers. A plugin (Open Policy Agent, Casbin) can refuse them per user.', '没有授权插件时，能访问套接字的任何人都可以执行所有命令，包括启动特权容器。授权插件（Open Policy Agent、Casbin）可以按用户拒绝这类操作。'),
    fix: daemonFix('"authorization-plugins": ["<plugin>"]', '--authorization-plugin=<plugin>'),
    references: ['https://docs.docker.com/engine/extend/plugins_authorization/'],
  }),
  check({
    id: 'docker.daemon.remote-logging', cis: '2.13', severity: 'low',
    title: L('Container logs are not sent to a central log service', '容器日志未发送到集中日志服务'),
    why: L('With the `json-file` or `local` driver, container logs stay on the host: they are lost with it and can be wiped by whoever controls it. A remote driver (syslog, journald forwarded, fluentd, gelf, splunk, awslogs…) keeps them elsewhere.', '使用 `json-file` 或 `local` 驱动时，容器日志只保存在宿主机上：宿主机丢失则日志随之丢失，控制宿主机的人也可以将其清除。远程日志驱动（syslog、转发的 journald、fluentd、gelf、splunk、awslogs 等）会将其保存到别处。'),
    fix: daemonFix('"log-driver": "syslog", "log-opts": {"syslog-address": "tcp+tls://logs.example:6514"}', '--log-driver=syslog --log-opt syslog-address=…'),
    references: ['https://docs.docker.com/engine/logging/configure/'],
  }),
  check({
    id: 'docker.daemon.no-new-privileges', cis: '2.14', severity: 'medium',
    title: L('Containers may gain new privileges by default', '默认允许容器获取新权限'),
    why: L('Without `no-new-privileges`, a process in a container can gain privileges through setuid binaries or file capabilities. The daemon-wide setting applies it to every container.', '未设置 `no-new-privileges` 时，容器内进程可通过 setuid 程序或文件 capability 获得更高权限。在守护进程层面设置后会作用于所有容器。'),
    fix: daemonFix('"no-new-privileges": true', '--no-new-privileges'),
    references: [DOCKERD_REF],
  }),
  check({
    id: 'docker.daemon.live-restore', cis: '2.15', severity: 'low',
    title: L('Live restore is off', '未启用 live restore'),
    why: L('Without live restore, restarting or upgrading the daemon stops every container, which discourages timely patching of Docker.', '未启用 live restore 时，重启或升级守护进程会停止所有容器，这会妨碍及时为 Docker 打补丁。'),
    fix: daemonFix('"live-restore": true', '--live-restore'),
    references: ['https://docs.docker.com/engine/daemon/live-restore/'],
  }),
  check({
    id: 'docker.daemon.userland-proxy', cis: '2.16', severity: 'low',
    title: L('Userland proxy is on', '启用了 userland proxy'),
    why: L('The userland proxy (`docker-proxy`) is one more root process per published port; hairpin NAT in iptables does the same job with less attack surface.', 'userland proxy（`docker-proxy`）会为每个发布的端口多运行一个 root 进程；iptables 的 hairpin NAT 可以完成同样的工作，攻击面更小。'),
    fix: daemonFix('"userland-proxy": false', '--userland-proxy=false'),
    references: [DOCKERD_REF],
  }),
  check({
    id: 'docker.daemon.seccomp-profile', cis: '2.17', severity: 'info',
    title: L('Daemon-wide seccomp profile', '守护进程级 seccomp 配置文件'),
    why: L('Docker applies its default seccomp profile to every container; a custom daemon-wide profile can restrict system calls further where the workloads allow.', 'Docker 会为每个容器应用默认的 seccomp 配置；在工作负载允许时，可用守护进程级自定义配置进一步限制系统调用。'),
    manual: L('Decide whether the default seccomp profile (see the evidence) is enough for this host, or a stricter custom profile should be set with `seccomp-profile`.', '判断默认 seccomp 配置（见证据）对本机是否足够，或是否应通过 `seccomp-profile` 设置更严格的自定义配置。'),
    fix: daemonFix('"seccomp-profile": "/etc/docker/seccomp.json"', '--seccomp-profile=/etc/docker/seccomp.json'),
    references: ['https://docs.docker.com/engine/security/seccomp/'],
  }),
  check({
    id: 'docker.daemon.experimental', cis: '2.18', severity: 'low',
    title: L('Experimental features are enabled', '启用了实验性功能'),
    why: L('Experimental features are unsupported and change without notice; they should not run on production hosts.', '实验性功能不受支持，且可能随时变更，不应在生产宿主机上启用。'),
    fix: daemonFix('"experimental": false', 'no --experimental'),
    references: [DOCKERD_REF],
  }),
  check({
    id: 'docker.host.swarm-mode', cis: '5.1', severity: 'low',
    title: L('Swarm mode is enabled', '启用了 Swarm 模式'),
    why: L('Swarm mode opens management ports (2377, 7946, 4789) and keeps cluster secrets on the host. If this host is not meant to be a Swarm node, it should be off.', 'Swarm 模式会开放管理端口（2377、7946、4789），并在宿主机上保存集群密钥。若本机不应作为 Swarm 节点，应将其关闭。'),
    fix: L('If Swarm is not needed: `docker swarm leave` (add `--force` on a manager).', '如不需要 Swarm：执行 `docker swarm leave`（管理节点需加 `--force`）。'),
    references: ['https://docs.docker.com/engine/swarm/'],
  }),
];

// ---- Section 3: daemon configuration files ------------------------------------------------

/** 3.1–3.24: the file (logical name the source resolves), the CIS items for owner and mode, and what is allowed. */
export const DAEMON_FILES: readonly { base: string; key: string; what: string; owner: [string, string]; mode?: [string, string] }[] = [
  { base: 'docker-service', key: 'docker.service', what: 'docker.service', owner: ['3.1', 'root:root'], mode: ['3.2', '644'] },
  { base: 'docker-socket', key: 'docker.socket', what: 'docker.socket', owner: ['3.3', 'root:root'], mode: ['3.4', '644'] },
  { base: 'etc-docker', key: '/etc/docker', what: 'the /etc/docker directory', owner: ['3.5', 'root:root'], mode: ['3.6', '755'] },
  { base: 'registry-certs', key: 'registry-certs', what: 'registry certificates under /etc/docker/certs.d', owner: ['3.7', 'root:root'], mode: ['3.8', '444'] },
  { base: 'tls-ca', key: 'tlscacert', what: 'the TLS CA certificate', owner: ['3.9', 'root:root'], mode: ['3.10', '444'] },
  { base: 'tls-cert', key: 'tlscert', what: 'the Docker server certificate', owner: ['3.11', 'root:root'], mode: ['3.12', '444'] },
  { base: 'tls-key', key: 'tlskey', what: 'the Docker server certificate key', owner: ['3.13', 'root:root'], mode: ['3.14', '400'] },
  { base: 'docker-sock', key: 'docker.sock', what: 'the Docker socket (/var/run/docker.sock)', owner: ['3.15', 'root:docker'], mode: ['3.16', '660'] },
  { base: 'daemon-json', key: 'daemon.json', what: 'daemon.json', owner: ['3.17', 'root:root'], mode: ['3.18', '644'] },
  { base: 'etc-default-docker', key: '/etc/default/docker', what: '/etc/default/docker', owner: ['3.19', 'root:root'], mode: ['3.22', '644'] },
  { base: 'etc-sysconfig-docker', key: '/etc/sysconfig/docker', what: '/etc/sysconfig/docker', owner: ['3.20', 'root:root'], mode: ['3.21', '644'] },
  { base: 'containerd-sock', key: 'containerd.sock', what: 'the containerd socket', owner: ['3.23', 'root:root'], mode: ['3.24', '660'] },
];

const fileChecks: Check[] = DAEMON_FILES.flatMap((f) => {
  const out: Check[] = [
    check({
      id: `docker.file.${f.base}-owner`, cis: f.owner[0], severity: 'medium',
      title: L(`${cap(f.what)} is owned by ${f.owner[1]}`, `${f.what} 的属主为 ${f.owner[1]}`),
      why: L(`Whoever owns ${f.what} can change how the Docker daemon runs or who may talk to it, which is root on the host. A file the host does not have is reported as not applicable.`, `${f.what} 的属主可以改变 Docker 守护进程的运行方式或访问权限，即等同于宿主机 root。宿主机上不存在的文件报告为不适用。`),
      fix: L(`\`chown ${f.owner[1]} <path>\` for each path in the findings.`, `对发现中的每个路径执行 \`chown ${f.owner[1]} <路径>\`。`),
    }),
  ];
  if (f.mode) {
    out.push(check({
      id: `docker.file.${f.base}-permissions`, cis: f.mode[0], severity: f.base === 'tls-key' || f.base === 'docker-sock' ? 'high' : 'medium',
      title: L(`${cap(f.what)} has mode ${f.mode[1]} or stricter`, `${f.what} 的权限为 ${f.mode[1]} 或更严格`),
      why: L(`Write access to ${f.what} for anyone but its owner lets them change the daemon or reach it${f.base === 'tls-key' ? '; read access to the key lets them impersonate the daemon' : ''}. A file the host does not have is reported as not applicable.`, `除属主外的其他人若对 ${f.what} 有写权限，就能修改守护进程配置或访问守护进程${f.base === 'tls-key' ? '；能读取私钥者可以冒充守护进程' : ''}。宿主机上不存在的文件报告为不适用。`),
      fix: L(`\`chmod ${f.mode[1]} <path>\` for each path in the findings.`, `对发现中的每个路径执行 \`chmod ${f.mode[1]} <路径>\`。`),
    }));
  }
  return out;
});

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- Section 5: container runtime ---------------------------------------------------------

const containerChecks: Check[] = [
  check({
    id: 'docker.container.apparmor', cis: '5.2', severity: 'medium',
    title: L('Container runs without an AppArmor profile', '容器未使用 AppArmor 配置'),
    why: L('On hosts with AppArmor, Docker confines each container with `docker-default` unless told `apparmor=unconfined`. A container without a profile is not confined by it. On hosts without AppArmor (no `name=apparmor` in the daemon\'s security options), the check is not applicable.', '在启用了 AppArmor 的宿主机上，除非指定 `apparmor=unconfined`，Docker 会以 `docker-default` 约束每个容器。没有配置的容器不受其约束。在未启用 AppArmor 的宿主机上（守护进程安全选项中没有 `name=apparmor`），此检查不适用。'),
    fix: L('Run the container without `--security-opt apparmor=unconfined` (the default profile applies), or with a custom profile: `--security-opt apparmor=<profile>`.', '运行容器时不要使用 `--security-opt apparmor=unconfined`（将应用默认配置），或指定自定义配置：`--security-opt apparmor=<配置名>`。'),
    references: ['https://docs.docker.com/engine/security/apparmor/'],
  }),
  check({
    id: 'docker.container.selinux', cis: '5.3', severity: 'medium',
    title: L('Container runs without SELinux separation', '容器未启用 SELinux 隔离'),
    why: L('On SELinux hosts with `selinux-enabled` in the daemon, each container gets its own MCS label; `label=disable` turns that off. Where SELinux is not enabled in the daemon, the check is not applicable.', '在守护进程启用了 `selinux-enabled` 的 SELinux 宿主机上，每个容器都有自己的 MCS 标签；`label=disable` 会关闭该隔离。守护进程未启用 SELinux 时，此检查不适用。'),
    fix: L('Remove `--security-opt label=disable` (or `label:disable`) from the container; set `"selinux-enabled": true` on SELinux hosts.', '去掉容器的 `--security-opt label=disable`（或 `label:disable`）；在 SELinux 宿主机上设置 `"selinux-enabled": true`。'),
    references: ['https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file'],
  }),
  check({
    id: 'docker.container.capabilities', cis: '5.4', severity: 'high',
    title: L('Container is given added Linux capabilities', '容器被额外授予 Linux capability'),
    why: L('Capabilities beyond Docker\'s default set (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, ALL…) hand the container parts of root on the host kernel; SYS_ADMIN alone allows many escapes.', '超出 Docker 默认集合的 capability（SYS_ADMIN、NET_ADMIN、SYS_PTRACE、SYS_MODULE、ALL 等）相当于把宿主机内核上的部分 root 权限交给容器；仅 SYS_ADMIN 一项就可实现多种逃逸。'),
    fix: L('Remove the `--cap-add` entries the application does not need; better, start from `--cap-drop=ALL` and add back only what it needs (e.g. NET_BIND_SERVICE).', '去掉应用不需要的 `--cap-add`；更好的做法是先 `--cap-drop=ALL`，再只加回所需的（如 NET_BIND_SERVICE）。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.privileged', cis: '5.5', severity: 'critical',
    title: L('Privileged container', '特权容器'),
    why: L('`--privileged` gives the container every capability, every host device and no seccomp or AppArmor confinement: it is root on the host in all but name.', '`--privileged` 会授予容器所有 capability、所有宿主机设备，并取消 seccomp 和 AppArmor 约束：除了名义之外，它就是宿主机 root。'),
    fix: L('Run the container without `--privileged`; grant the specific capability or device it needs (`--cap-add`, `--device`) instead.', '不要以 `--privileged` 运行容器；改为授予其确实需要的特定 capability 或设备（`--cap-add`、`--device`）。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.sensitive-mounts', cis: '5.6', severity: 'high',
    title: L('Sensitive host directory mounted into the container', '容器挂载了宿主机敏感目录'),
    why: L('Mounting /, /boot, /dev, /etc, /lib, /proc, /sys or /usr of the host (read-write above all) lets the container change the host\'s system files, credentials or kernel settings.', '挂载宿主机的 /、/boot、/dev、/etc、/lib、/proc、/sys 或 /usr（尤其是读写挂载），容器就能修改宿主机的系统文件、凭据或内核设置。'),
    fix: L('Mount only the application\'s own data directories, read-only where possible (`-v /srv/app/config:/config:ro`), or use named volumes.', '只挂载应用自身的数据目录，能只读则只读（`-v /srv/app/config:/config:ro`），或使用命名卷。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.sshd', cis: '5.7', severity: 'medium',
    title: L('SSH server running in the container', '容器内运行着 SSH 服务'),
    why: L('An sshd in a container is another service to patch and another set of credentials, and its sessions bypass `docker exec` and its audit trail. Seen in the container\'s process list (`docker top`).', '容器中的 sshd 意味着又多了一个需要打补丁的服务和一套凭据，其会话也绕开了 `docker exec` 及其审计记录。依据容器的进程列表（`docker top`）判断。'),
    fix: L('Remove the SSH server from the image and use `docker exec` for administration.', '从镜像中移除 SSH 服务，改用 `docker exec` 进行管理。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.privileged-ports', cis: '5.8', severity: 'medium',
    title: L('Container published on a privileged host port', '容器发布在宿主机特权端口上'),
    why: L('Host ports below 1024 are where users expect system services (SSH 22, HTTP 80…). A container bound there may impersonate or displace one.', '宿主机 1024 以下端口是用户预期系统服务所在的位置（SSH 22、HTTP 80 等）。容器绑定在这些端口上，可能冒充或顶替系统服务。'),
    fix: L('Publish on a host port of 1024 or above (`-p 8080:80`) and put a load balancer or reverse proxy in front where a well-known port is needed.', '发布到 1024 及以上的宿主机端口（`-p 8080:80`），需要知名端口时在前面放置负载均衡器或反向代理。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.open-ports', cis: '5.9', severity: 'info',
    title: L('Only needed ports are open on the container', '容器只开放必要的端口'),
    why: L('Every published port is reachable from outside the host; ports published by accident (`-P`) widen the attack surface.', '每个发布的端口都能从宿主机外部访问；误发布的端口（`-P`）会扩大攻击面。'),
    manual: L('Review the published ports listed in the evidence against what the application must serve, and remove the rest.', '对照应用必须提供的服务，审核证据中列出的已发布端口，去掉其余端口。'),
    fix: L('Publish only the ports the service needs, explicitly (`-p 127.0.0.1:8080:8080`), never with `-P`.', '只显式发布服务需要的端口（`-p 127.0.0.1:8080:8080`），不要使用 `-P`。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.host-network', cis: '5.10', severity: 'high',
    title: L('Container shares the host network namespace', '容器共享宿主机网络命名空间'),
    why: L('With `--network host` the container sees and binds every host interface, reaches services listening on localhost, and can sniff host traffic with the right capability.', '使用 `--network host` 时，容器能看到并绑定宿主机所有网络接口，能访问监听在 localhost 上的服务，具备相应 capability 时还能嗅探宿主机流量。'),
    fix: L('Run the container on a bridge or user-defined network and publish the ports it serves.', '将容器运行在网桥或用户自定义网络上，并发布其提供服务的端口。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.memory-limit', cis: '5.11', severity: 'medium',
    title: L('Container has no memory limit', '容器未设置内存限制'),
    why: L('Without `--memory`, one container can take all the host\'s memory and get other containers or host services killed by the OOM killer.', '未设置 `--memory` 时，单个容器可以耗尽宿主机内存，导致其他容器或宿主机服务被 OOM killer 杀掉。'),
    fix: L('Start the container with a memory limit sized to the application, e.g. `--memory 512m`.', '按应用需要为容器设置内存限制，例如 `--memory 512m`。'),
    references: ['https://docs.docker.com/engine/containers/resource_constraints/'],
  }),
  check({
    id: 'docker.container.cpu-shares', cis: '5.12', severity: 'low',
    title: L('Container has no CPU priority or limit', '容器未设置 CPU 优先级或限制'),
    why: L('Without CPU shares, a quota or a CPU set, all containers compete equally and a busy one starves the others.', '未设置 CPU 份额、配额或 CPU 集合时，所有容器平等竞争，一个繁忙的容器就能挤占其他容器。'),
    fix: L('Set `--cpu-shares`, `--cpus` or `--cpuset-cpus` according to the container\'s priority.', '按容器的优先级设置 `--cpu-shares`、`--cpus` 或 `--cpuset-cpus`。'),
    references: ['https://docs.docker.com/engine/containers/resource_constraints/'],
  }),
  check({
    id: 'docker.container.read-only-rootfs', cis: '5.13', severity: 'low',
    title: L('Container root filesystem is writable', '容器根文件系统可写'),
    why: L('A writable root filesystem lets an intruder drop tools and change the application\'s files; a read-only one limits writes to declared volumes and tmpfs.', '可写的根文件系统让入侵者可以放置工具、修改应用文件；只读根文件系统则把写入限制在声明的卷和 tmpfs 中。'),
    fix: L('Run with `--read-only` and give the paths the application writes a volume or `--tmpfs /tmp`.', '以 `--read-only` 运行，并为应用需要写入的路径提供卷或 `--tmpfs /tmp`。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.host-interface', cis: '5.14', severity: 'medium',
    title: L('Published port bound to every host interface', '发布的端口绑定在宿主机所有网络接口上'),
    why: L('`-p 8080:80` listens on 0.0.0.0: the port is reachable on every interface, including public ones. Binding to one address keeps it where it belongs.', '`-p 8080:80` 监听在 0.0.0.0 上：该端口在所有接口（包括公网接口）上都可访问。绑定到特定地址可将其限制在应有的范围内。'),
    fix: L('Publish with the address: `-p 10.0.0.5:8080:80` or `-p 127.0.0.1:8080:80`.', '发布端口时指定地址：`-p 10.0.0.5:8080:80` 或 `-p 127.0.0.1:8080:80`。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.restart-policy', cis: '5.15', severity: 'low',
    title: L('Restart policy is not on-failure with at most 5 retries', '重启策略不是 on-failure 且最多重试 5 次'),
    why: L('`always` or `unless-stopped`, or `on-failure` without a bound, restart a crashing container forever, which can hide an attack and exhaust the host. CIS asks for `on-failure:5`.', '`always`、`unless-stopped` 或不设上限的 `on-failure` 会无限次重启崩溃的容器，既可能掩盖攻击，也可能耗尽宿主机资源。CIS 要求使用 `on-failure:5`。'),
    fix: L('Run with `--restart on-failure:5` (`docker update --restart on-failure:5 <container>`).', '以 `--restart on-failure:5` 运行（`docker update --restart on-failure:5 <容器>`）。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.host-pid', cis: '5.16', severity: 'high',
    title: L('Container shares the host process namespace', '容器共享宿主机进程命名空间'),
    why: L('With `--pid=host` the container sees every host process and, as root, can signal them or read their memory and environment.', '使用 `--pid=host` 时，容器能看到宿主机的所有进程；以 root 身份运行时还能向其发送信号，或读取其内存和环境变量。'),
    fix: L('Run the container without `--pid=host`; debug host processes from the host itself.', '运行容器时不要使用 `--pid=host`；需要排查宿主机进程时在宿主机上进行。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.host-ipc', cis: '5.17', severity: 'high',
    title: L('Container shares the host IPC namespace', '容器共享宿主机 IPC 命名空间'),
    why: L('With `--ipc=host` the container reaches the host\'s shared memory and semaphores, and can read or corrupt other processes\' data.', '使用 `--ipc=host` 时，容器可以访问宿主机的共享内存和信号量，读取或破坏其他进程的数据。'),
    fix: L('Run the container without `--ipc=host`; share IPC between two containers with `--ipc=container:<name>` if needed.', '运行容器时不要使用 `--ipc=host`；如需在两个容器间共享 IPC，使用 `--ipc=container:<名称>`。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.devices', cis: '5.18', severity: 'medium',
    title: L('Host devices exposed to the container', '宿主机设备暴露给容器'),
    why: L('A host device passed with `--device` (a disk, /dev/mem, a GPU) can be read or written from the container, bypassing the host\'s file permissions.', '通过 `--device` 传入的宿主机设备（磁盘、/dev/mem、GPU）可以在容器内读写，从而绕过宿主机的文件权限。'),
    manual: L('Review each device in the evidence: keep only what the application needs, with the least permissions (`--device /dev/x:/dev/x:r`).', '逐一审核证据中的设备：只保留应用需要的，并赋予最小权限（`--device /dev/x:/dev/x:r`）。'),
    fix: L('Remove `--device` entries the application does not need; restrict the rest to `r` or `rw` without `m`.', '去掉应用不需要的 `--device`；其余设备限制为 `r` 或不带 `m` 的 `rw`。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.ulimits', cis: '5.19', severity: 'info',
    title: L('Container overrides the default ulimits', '容器覆盖了默认 ulimit'),
    why: L('The daemon\'s default ulimits are meant to fit most containers; a container that sets its own should have a reason.', '守护进程的默认 ulimit 应适用于大多数容器；单独设置 ulimit 的容器应当有其理由。'),
    manual: L('The container sets ulimits different from the daemon defaults (see the evidence): confirm they are needed.', '该容器设置了不同于守护进程默认值的 ulimit（见证据）：请确认确有必要。'),
    fix: L('Remove `--ulimit` from containers that do not need it, so the daemon defaults apply.', '对不需要的容器去掉 `--ulimit`，使其沿用守护进程默认值。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.mount-propagation', cis: '5.20', severity: 'medium',
    title: L('Mount propagation set to shared', '挂载传播模式设为 shared'),
    why: L('A bind mount with `shared` (or `rshared`) propagation lets mounts made in the container appear on the host and the other way round.', '传播模式为 `shared`（或 `rshared`）的绑定挂载，会让容器内创建的挂载出现在宿主机上，反之亦然。'),
    fix: L('Use the default `rprivate` propagation: drop `:shared`/`:rshared` from the volume options.', '使用默认的 `rprivate` 传播模式：去掉卷选项中的 `:shared`/`:rshared`。'),
    references: ['https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation'],
  }),
  check({
    id: 'docker.container.host-uts', cis: '5.21', severity: 'medium',
    title: L('Container shares the host UTS namespace', '容器共享宿主机 UTS 命名空间'),
    why: L('With `--uts=host` the container can change the host\'s hostname and domain name.', '使用 `--uts=host` 时，容器可以修改宿主机的主机名和域名。'),
    fix: L('Run the container without `--uts=host`; set its own name with `--hostname`.', '运行容器时不要使用 `--uts=host`；用 `--hostname` 为其设置独立的主机名。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.seccomp-unconfined', cis: '5.22', severity: 'high',
    title: L('Container runs with seccomp disabled', '容器禁用了 seccomp'),
    why: L('`seccomp=unconfined` removes the system-call filter that blocks about 44 dangerous calls (keyctl, mount, ptrace in older kernels, unshare…), a large part of the kernel attack surface.', '`seccomp=unconfined` 会去掉系统调用过滤，而默认过滤会阻止约 44 个危险调用（keyctl、mount、旧内核上的 ptrace、unshare 等），这是内核攻击面的很大一部分。'),
    fix: L('Remove `--security-opt seccomp=unconfined`; if a call is missing, use a custom profile that adds only that call.', '去掉 `--security-opt seccomp=unconfined`；如缺少某个系统调用，使用只增加该调用的自定义配置。'),
    references: ['https://docs.docker.com/engine/security/seccomp/'],
  }),
  check({
    id: 'docker.exec.privileged', cis: '5.23', severity: 'info',
    title: L('docker exec with --privileged', '使用 --privileged 执行 docker exec'),
    why: L('`docker exec --privileged` gives the new process every capability, even in an unprivileged container. Past exec sessions are not visible through the API.', '`docker exec --privileged` 会赋予新进程所有 capability，即使容器本身不是特权容器。历史 exec 会话无法通过 API 查看。'),
    manual: L('Search the audit log or the daemon\'s event history (`docker events --filter event=exec_create`) and shell histories for `docker exec --privileged`.', '在审计日志、守护进程事件历史（`docker events --filter event=exec_create`）和 shell 历史中查找 `docker exec --privileged`。'),
    fix: L('Do not use `--privileged` with `docker exec`; refuse it with an authorization plugin.', '不要在 `docker exec` 中使用 `--privileged`；用授权插件拒绝这类请求。'),
  }),
  check({
    id: 'docker.exec.user-root', cis: '5.24', severity: 'info',
    title: L('docker exec with --user=root', '使用 --user=root 执行 docker exec'),
    why: L('`docker exec --user root` runs as root in a container meant to run unprivileged. Past exec sessions are not visible through the API.', '`docker exec --user root` 会在本应以非特权用户运行的容器中以 root 身份执行。历史 exec 会话无法通过 API 查看。'),
    manual: L('Search the audit log, `docker events --filter event=exec_create` and shell histories for `docker exec --user root` or `-u 0`.', '在审计日志、`docker events --filter event=exec_create` 和 shell 历史中查找 `docker exec --user root` 或 `-u 0`。'),
    fix: L('Do not exec as root into containers; refuse it with an authorization plugin.', '不要以 root 身份 exec 进入容器；用授权插件拒绝这类请求。'),
  }),
  check({
    id: 'docker.container.cgroup-parent', cis: '5.25', severity: 'medium',
    title: L('Container runs under a custom cgroup parent', '容器运行在自定义 cgroup 父级下'),
    why: L('`--cgroup-parent` places the container outside Docker\'s cgroup, where the limits intended for containers may not apply.', '`--cgroup-parent` 会把容器放到 Docker 的 cgroup 之外，针对容器设定的限制可能不再生效。'),
    fix: L('Run the container without `--cgroup-parent` unless a deliberately limited cgroup is meant.', '除非确有设定了限制的专用 cgroup，否则运行容器时不要使用 `--cgroup-parent`。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.no-new-privileges', cis: '5.26', severity: 'medium',
    title: L('Container may gain new privileges', '容器可以获取新权限'),
    why: L('Without `no-new-privileges` (on the container or daemon-wide), a process can gain privileges through setuid binaries or file capabilities.', '未在容器或守护进程层面设置 `no-new-privileges` 时，进程可以通过 setuid 程序或文件 capability 获得更高权限。'),
    fix: L('Run with `--security-opt no-new-privileges`, or set `"no-new-privileges": true` in daemon.json.', '以 `--security-opt no-new-privileges` 运行，或在 daemon.json 中设置 `"no-new-privileges": true`。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.healthcheck', cis: '5.27', severity: 'low',
    title: L('Container has no health check', '容器没有健康检查'),
    why: L('Without a health check (from the image or `--health-cmd`), Docker only knows the process exists, not that it works, and will not replace a hung container.', '没有健康检查（来自镜像或 `--health-cmd`）时，Docker 只知道进程存在，而不知道其是否正常工作，也不会替换卡死的容器。'),
    fix: L('Add a `HEALTHCHECK` to the image or run with `--health-cmd` and `--health-interval`.', '为镜像添加 `HEALTHCHECK`，或以 `--health-cmd` 和 `--health-interval` 运行。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.latest-image', cis: '5.28', severity: 'info',
    title: L('Docker commands use the latest version of their image', 'Docker 命令使用镜像的最新版本'),
    why: L('A locally cached image can be older than the tag in the registry: containers then run unpatched code.', '本地缓存的镜像可能比镜像仓库中同一标签的版本更旧，容器便会运行未打补丁的代码。'),
    manual: L('Confirm deployments pull before running (`docker run --pull always`, or `docker compose pull`) and pin images by digest.', '确认部署在运行前会拉取镜像（`docker run --pull always` 或 `docker compose pull`），并以摘要固定镜像。'),
    fix: L('Pull images before each deployment and reference them by digest.', '每次部署前拉取镜像，并以摘要引用镜像。'),
  }),
  check({
    id: 'docker.container.pids-limit', cis: '5.29', severity: 'medium',
    title: L('Container has no PIDs limit', '容器未设置 PID 数量限制'),
    why: L('Without `--pids-limit`, a fork bomb in one container exhausts the host\'s process table.', '未设置 `--pids-limit` 时，一个容器中的 fork 炸弹就能耗尽宿主机的进程表。'),
    fix: L('Run with `--pids-limit 200` (or what the application needs).', '以 `--pids-limit 200`（或应用所需的数值）运行。'),
    references: [RUN_REF],
  }),
  check({
    id: 'docker.container.default-bridge', cis: '5.30', severity: 'low',
    title: L('Container runs on the default bridge', '容器运行在默认网桥上'),
    why: L('On the default `docker0` bridge, containers are not isolated from each other by network and get no name resolution; user-defined networks isolate groups of containers.', '在默认的 `docker0` 网桥上，容器之间没有网络隔离，也没有名称解析；用户自定义网络可以按组隔离容器。'),
    fix: L('Create a network per application (`docker network create app`) and run its containers with `--network app`.', '为每个应用创建网络（`docker network create app`），并以 `--network app` 运行其容器。'),
    references: ['https://docs.docker.com/engine/network/drivers/bridge/'],
  }),
  check({
    id: 'docker.container.host-userns', cis: '5.31', severity: 'medium',
    title: L('Container shares the host user namespace', '容器共享宿主机用户命名空间'),
    why: L('`--userns=host` opts the container out of the daemon\'s user namespace remapping: its root is root on the host again.', '`--userns=host` 使容器不再使用守护进程的用户命名空间重映射：容器内的 root 再次等同于宿主机 root。'),
    fix: L('Run the container without `--userns=host`.', '运行容器时不要使用 `--userns=host`。'),
    references: ['https://docs.docker.com/engine/security/userns-remap/'],
  }),
  check({
    id: 'docker.container.docker-socket', cis: '5.32', severity: 'critical',
    title: L('Docker socket mounted into the container', '容器挂载了 Docker 套接字'),
    why: L('A container with /var/run/docker.sock can start a privileged container mounting the host\'s root: full control of the host.', '挂载了 /var/run/docker.sock 的容器可以启动挂载宿主机根目录的特权容器，从而完全控制宿主机。'),
    fix: L('Remove the socket mount. Tools that need the API should use a restricted proxy (an authorization plugin or a socket proxy allowing read-only calls).', '去掉套接字挂载。需要调用 API 的工具应通过受限代理访问（授权插件或只允许只读调用的套接字代理）。'),
    references: [SECURITY_REF],
  }),
];

export const hostDockerChecks: Check[] = [...hostChecks, ...auditChecks, ...daemonChecks, ...fileChecks, ...containerChecks];
