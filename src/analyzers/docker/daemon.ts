import { AUDITED_PATHS, DAEMON_FILES } from '../../catalog/checks/host.js';
import type { Localized } from '../../model/index.js';
import type { FileStat } from '../../model/node.js';
import type { DockerHostSnapshot } from '../../model/index.js';
import type { NodeFindings } from '../node/context.js';
import { judgeFiles } from '../node/files.js';
import { manual } from './manual.js';
import { DaemonSettings } from './settings.js';

/** CIS Docker 1.6 sections 1–3 and 5.1: the host, the daemon's configuration and its files. */

const L = (en: string, zh: string): Localized => ({ en, zh });
const REMOTE_LOG_DRIVERS = new Set(['syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk', 'gcplogs', 'logentries', 'etwlogs']);

export function hostSection(s: DockerHostSnapshot, out: NodeFindings): void {
  const dataRoot = s.paths['/var/lib/docker'] ?? '/var/lib/docker';
  if (s.mounts.error) out.notEvaluated('docker.host.partition', dataRoot, L(`Cannot read the mounts: ${s.mounts.error}`, `无法读取挂载信息：${s.mounts.error}`));
  else if (s.mounts.points.includes(dataRoot)) out.pass('docker.host.partition');
  else out.fail('docker.host.partition', dataRoot, L(`The Docker data root ${dataRoot} is not a mount point of its own`, `Docker 数据目录 ${dataRoot} 不是独立的挂载点`), `${dataRoot} not among the mount points (${s.mounts.source})`);

  const members = s.dockerGroup;
  manual(out, 'docker.host.trusted-users', 'group:docker', members === undefined ? 'no docker group in /etc/group' : `docker group members: ${members.join(', ') || '(none)'}`);
  manual(out, 'docker.host.hardened', 'host');
  manual(out, 'docker.host.version', 'dockerd', s.version ? `Docker Engine ${s.version.Version} (API ${s.version.ApiVersion}), kernel ${s.version.KernelVersion ?? 'unknown'}` : undefined);

  for (const a of AUDITED_PATHS) {
    const p = s.paths[a.key] ?? a.key;
    const st = s.stats[p];
    if (!st?.exists) {
      out.notEvaluated(a.id, p, st?.error ? L(`Cannot examine ${st.error}`, `无法检查：${st.error}`) : L(`Not applicable: ${p} is not present on this host`, `不适用：本机不存在 ${p}`));
      continue;
    }
    if (s.auditRules.sources.length === 0) {
      out.notEvaluated(a.id, p, L(`Audit rules not readable: ${s.auditRules.error ?? 'no source'}`, `无法读取审计规则：${s.auditRules.error ?? '无来源'}`));
      continue;
    }
    if (s.auditRules.rules.some((r) => watches(r, p))) out.pass(a.id);
    else out.fail(a.id, p, L(`No audit rule watches ${p}`, `没有审计规则监视 ${p}`), `${s.auditRules.rules.length} rules read from ${s.auditRules.sources.join(', ')}; none names ${p}`);
  }
}

/** `-w /path …`, or a syscall rule with `-F path=/path` / `-F dir=/path`. */
export function watches(rule: string, path: string): boolean {
  const tokens = rule.split(/\s+/);
  const same = (p: string | undefined): boolean => p !== undefined && p.replace(/\/+$/, '') === path.replace(/\/+$/, '');
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === '-w' && same(tokens[i + 1])) return true;
    const field = /^(?:path|dir)=(.+)$/.exec(tokens[i] ?? '');
    if (field && same(field[1])) return true;
  }
  return false;
}

export function daemonSection(s: DockerHostSnapshot, out: NodeFindings): void {
  const settings = new DaemonSettings(s.flags, s.daemonJson);
  const info = s.info;
  const securityOptions = Array.isArray(info?.SecurityOptions) ? (info.SecurityOptions as unknown[]).map(String) : undefined;
  const noApi = L(`The Engine API could not be read: ${s.engineError ?? 'no answer'}`, `无法读取 Engine API：${s.engineError ?? '无应答'}`);
  const noCommandLine = L(
    `The dockerd command line was not seen (no dockerd process under the proc filesystem; in a container run with hostPID and --proc /proc) and daemon.json does not set it`,
    `未能看到 dockerd 的命令行（proc 文件系统下没有 dockerd 进程；在容器中运行时请使用 hostPID 并传入 --proc /proc），daemon.json 中也未设置该项`,
  );
  if (s.daemonJson.error) {
    // dockerd does not start with a daemon.json it cannot parse; judging around it would mislead.
    for (const id of ['docker.daemon.icc', 'docker.daemon.log-level', 'docker.daemon.iptables', 'docker.daemon.tls', 'docker.daemon.cgroup-parent', 'docker.daemon.base-device-size', 'docker.daemon.no-new-privileges', 'docker.daemon.userland-proxy']) {
      out.notEvaluated(id, s.daemonJson.path, L(s.daemonJson.error, s.daemonJson.error));
    }
  } else {
    flagChecks(settings, out, noCommandLine);
  }

  // Settings the API reports as the daemon runs them.
  if (!info) {
    for (const id of ['docker.daemon.insecure-registries', 'docker.daemon.aufs', 'docker.daemon.userns-remap', 'docker.daemon.authorization', 'docker.daemon.remote-logging', 'docker.daemon.live-restore', 'docker.daemon.experimental', 'docker.host.swarm-mode']) out.notEvaluated(id, 'dockerd', noApi);
  } else {
    const registry = info.RegistryConfig as { InsecureRegistryCIDRs?: string[]; IndexConfigs?: Record<string, { Name?: string; Secure?: boolean }> } | undefined;
    const insecure = [
      ...(registry?.InsecureRegistryCIDRs ?? []).filter((c) => c !== '127.0.0.0/8' && c !== '::1/128'),
      ...Object.values(registry?.IndexConfigs ?? {}).filter((i) => i.Secure === false).map((i) => String(i.Name)),
    ];
    if (insecure.length === 0) out.pass('docker.daemon.insecure-registries');
    else out.fail('docker.daemon.insecure-registries', 'dockerd:insecure-registries', L(`The daemon pulls from insecure registries: ${insecure.join(', ')}`, `守护进程从不安全的镜像仓库拉取镜像：${insecure.join('、')}`), `RegistryConfig (GET /info): ${insecure.join(', ')}${sourceNote(settings.explicit('insecure-registry', 'insecure-registries'))}`);

    const driver = String(info.Driver ?? '');
    if (driver === 'aufs') out.fail('docker.daemon.aufs', 'dockerd:storage-driver', L('The daemon uses the aufs storage driver', '守护进程使用 aufs 存储驱动'), `Driver: aufs (GET /info)`);
    else out.pass('docker.daemon.aufs');

    if (securityOptions?.some((o) => o.startsWith('name=userns'))) out.pass('docker.daemon.userns-remap');
    else out.fail('docker.daemon.userns-remap', 'dockerd:userns-remap', L('User namespace remapping is not enabled: root in a container is root on the host', '未启用用户命名空间重映射：容器内的 root 即宿主机 root'), `SecurityOptions (GET /info): ${securityOptions?.join(', ') || 'none'}`);

    const authz = (info.Plugins as { Authorization?: string[] | null } | undefined)?.Authorization ?? [];
    if (authz.length > 0) out.pass('docker.daemon.authorization');
    else out.fail('docker.daemon.authorization', 'dockerd:authorization-plugins', L('No authorization plugin: anyone who reaches the socket may run any command', '未配置授权插件：能访问套接字的任何人都可以执行任意命令'), 'Plugins.Authorization (GET /info): none');

    const logDriver = String(info.LoggingDriver ?? '');
    if (REMOTE_LOG_DRIVERS.has(logDriver)) out.pass('docker.daemon.remote-logging');
    else out.fail('docker.daemon.remote-logging', 'dockerd:log-driver', L(`Container logs stay on the host (log driver ${logDriver || 'unknown'})`, `容器日志只保存在宿主机上（日志驱动为 ${logDriver || '未知'}）`), `LoggingDriver: ${logDriver} (GET /info)`);

    if (info.LiveRestoreEnabled === true) out.pass('docker.daemon.live-restore');
    else out.fail('docker.daemon.live-restore', 'dockerd:live-restore', L('Live restore is off: restarting the daemon stops every container', '未启用 live restore：重启守护进程会停止所有容器'), 'LiveRestoreEnabled: false (GET /info)');

    const experimental = info.ExperimentalBuild === true;
    if (experimental) out.fail('docker.daemon.experimental', 'dockerd:experimental', L('Experimental features are enabled', '启用了实验性功能'), 'ExperimentalBuild: true (GET /info)');
    else out.pass('docker.daemon.experimental');

    const swarm = (info.Swarm as { LocalNodeState?: string } | undefined)?.LocalNodeState;
    if (swarm === 'active') out.fail('docker.host.swarm-mode', 'swarm', L('Swarm mode is active on this host', '本机已启用 Swarm 模式'), 'Swarm.LocalNodeState: active (GET /info)');
    else out.pass('docker.host.swarm-mode');
  }

  if (securityOptions?.includes('name=rootless')) out.pass('docker.daemon.rootless');
  else manual(out, 'docker.daemon.rootless', 'dockerd', securityOptions ? `SecurityOptions: ${securityOptions.join(', ') || 'none'}` : undefined);
  const ulimits = settings.defaultUlimits();
  manual(out, 'docker.daemon.default-ulimit', 'dockerd:default-ulimit', ulimits === undefined ? undefined : ulimits.size === 0 ? 'no default ulimits set' : [...ulimits].map(([k, v]) => `${k}=${v}`).join(', '));
  const seccomp = settings.explicit('seccomp-profile');
  manual(out, 'docker.daemon.seccomp-profile', 'dockerd:seccomp-profile', seccomp ? seccomp.source : securityOptions?.find((o) => o.startsWith('name=seccomp')));
}

function flagChecks(settings: DaemonSettings, out: NodeFindings, unknown: Localized): void {
  const failOrPass = (id: string, subject: string, problem: Localized | undefined, source: string): void => {
    if (problem) out.fail(id, subject, problem, source);
    else out.pass(id);
  };

  const bridge = settings.explicit('bridge');
  const icc = settings.bool('icc', 'icc', true);
  if (bridge?.values.at(-1) === 'none') out.pass('docker.daemon.icc');
  else if (!icc) out.notEvaluated('docker.daemon.icc', 'dockerd:icc', unknown);
  else failOrPass('docker.daemon.icc', 'dockerd:icc', icc.value ? L('Inter-container communication on the default bridge is on', '默认网桥上的容器间通信处于开启状态') : undefined, icc.source);

  const debug = settings.explicit('debug');
  const level = settings.get('log-level', 'log-level', 'info');
  if (debug && debug.values.at(-1) !== 'false') out.fail('docker.daemon.log-level', 'dockerd:log-level', L('The daemon runs in debug mode', '守护进程以调试模式运行'), debug.source);
  else if (!level) out.notEvaluated('docker.daemon.log-level', 'dockerd:log-level', unknown);
  else failOrPass('docker.daemon.log-level', 'dockerd:log-level', level.values.at(-1) !== 'info' ? L(`The log level is ${level.values.at(-1)}, not info`, `日志级别为 ${level.values.at(-1)}，而不是 info`) : undefined, level.source);

  const iptables = settings.bool('iptables', 'iptables', true);
  if (!iptables) out.notEvaluated('docker.daemon.iptables', 'dockerd:iptables', unknown);
  else failOrPass('docker.daemon.iptables', 'dockerd:iptables', iptables.value ? undefined : L('Docker may not change iptables (--iptables=false)', 'Docker 无权修改 iptables（--iptables=false）'), iptables.source);

  const hosts = [...(settings.explicit('host', 'hosts')?.values ?? [])];
  const tcp = hosts.filter((h) => h.startsWith('tcp://'));
  const tlsverify = settings.bool('tlsverify', 'tlsverify', false);
  if (!settings.commandLineSeen && !settings.explicit('host', 'hosts')) out.notEvaluated('docker.daemon.tls', 'dockerd:host', unknown);
  else if (tcp.length === 0) out.pass('docker.daemon.tls');
  else failOrPass('docker.daemon.tls', 'dockerd:tlsverify', tlsverify?.value ? undefined : L(`The daemon listens on ${tcp.join(', ')} without TLS client verification`, `守护进程在 ${tcp.join('、')} 上监听，但未启用 TLS 客户端验证`), `${settings.explicit('host', 'hosts')?.source}; ${tlsverify?.source ?? 'tlsverify unknown'}`);

  const cgroupParent = settings.explicit('cgroup-parent');
  if (cgroupParent) manual(out, 'docker.daemon.cgroup-parent', 'dockerd:cgroup-parent', cgroupParent.source);
  else if (!settings.commandLineSeen) out.notEvaluated('docker.daemon.cgroup-parent', 'dockerd:cgroup-parent', unknown);
  else out.pass('docker.daemon.cgroup-parent');

  const storageOpts = settings.explicit('storage-opt', 'storage-opts');
  const basesize = storageOpts?.values.find((v) => v.startsWith('dm.basesize'));
  if (basesize) out.fail('docker.daemon.base-device-size', 'dockerd:storage-opt', L(`The base device size is changed (${basesize})`, `修改了基础设备大小（${basesize}）`), storageOpts?.source);
  else if (!settings.commandLineSeen) out.notEvaluated('docker.daemon.base-device-size', 'dockerd:storage-opt', unknown);
  else out.pass('docker.daemon.base-device-size');

  const nnp = settings.bool('no-new-privileges', 'no-new-privileges', false);
  if (!nnp) out.notEvaluated('docker.daemon.no-new-privileges', 'dockerd:no-new-privileges', unknown);
  else failOrPass('docker.daemon.no-new-privileges', 'dockerd:no-new-privileges', nnp.value ? undefined : L('Containers may gain new privileges unless each sets no-new-privileges', '除非每个容器单独设置 no-new-privileges，否则容器可以获取新权限'), nnp.source);

  const proxy = settings.bool('userland-proxy', 'userland-proxy', true);
  if (!proxy) out.notEvaluated('docker.daemon.userland-proxy', 'dockerd:userland-proxy', unknown);
  else failOrPass('docker.daemon.userland-proxy', 'dockerd:userland-proxy', proxy.value ? L('The userland proxy is on', 'userland proxy 处于开启状态') : undefined, proxy.source);
}

function sourceNote(setting: { source: string } | undefined): string {
  return setting ? `; set by ${setting.source}` : '';
}

export function filesSection(s: DockerHostSnapshot, out: NodeFindings): void {
  const settings = new DaemonSettings(s.flags, s.daemonJson);
  const tlsOn = settings.bool('tlsverify', 'tlsverify', false)?.value === true || settings.bool('tls', 'tls', false)?.value === true;
  for (const f of DAEMON_FILES) {
    let stats: FileStat[];
    let missing: Localized;
    if (f.key === 'registry-certs') {
      stats = s.registryCerts.map((p) => s.stats[p] ?? { path: p, exists: false });
      missing = L('Not applicable: no registry certificates under /etc/docker/certs.d', '不适用：/etc/docker/certs.d 下没有镜像仓库证书');
    } else if (f.key.startsWith('tls') && !tlsOn) {
      stats = [];
      missing = L('Not applicable: the daemon does not use TLS (see docker.daemon.tls)', '不适用：守护进程未使用 TLS（见 docker.daemon.tls）');
    } else {
      const p = s.paths[f.key] ?? f.key;
      stats = [s.stats[p] ?? { path: p, exists: false }];
      missing = L(`Not applicable: ${p} is not present on this host`, `不适用：本机不存在 ${p}`);
    }
    judgeFiles(out, `docker.file.${f.base}-owner`, stats, f.owner[1], missing);
    if (f.mode) judgeFiles(out, `docker.file.${f.base}-permissions`, stats, f.mode[1], missing);
  }
}
