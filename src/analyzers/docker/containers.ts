import type { Localized } from '../../model/index.js';
import type { ContainerInput, DockerHostSnapshot } from '../../model/index.js';
import type { NodeFindings } from '../node/context.js';
import { manual } from './manual.js';
import { DaemonSettings } from './settings.js';

/**
 * CIS Docker 1.6 section 5 on every running container, from `GET /containers/{id}/json` (and
 * `/top` for sshd). Findings name the container as their subject (`container:<name>`) and the
 * inspect field at fault as their location path.
 */

const L = (en: string, zh: string): Localized => ({ en, zh });
const SENSITIVE_DIRS = ['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr'];
/** The checks run once per container. */
export const CONTAINER_CHECK_IDS = [
  'docker.container.apparmor', 'docker.container.selinux', 'docker.container.capabilities', 'docker.container.privileged', 'docker.container.sensitive-mounts',
  'docker.container.sshd', 'docker.container.privileged-ports', 'docker.container.open-ports', 'docker.container.host-network', 'docker.container.memory-limit',
  'docker.container.cpu-shares', 'docker.container.read-only-rootfs', 'docker.container.host-interface', 'docker.container.restart-policy', 'docker.container.host-pid',
  'docker.container.host-ipc', 'docker.container.devices', 'docker.container.ulimits', 'docker.container.mount-propagation', 'docker.container.host-uts',
  'docker.container.seccomp-unconfined', 'docker.container.cgroup-parent', 'docker.container.no-new-privileges', 'docker.container.healthcheck', 'docker.container.pids-limit',
  'docker.container.default-bridge', 'docker.container.host-userns', 'docker.container.docker-socket',
] as const;

interface Mount {
  Type?: string;
  Source?: string;
  Destination?: string;
  RW?: boolean;
  Propagation?: string;
}
interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}
interface HostConfig {
  Privileged?: boolean;
  CapAdd?: string[] | null;
  NetworkMode?: string;
  Memory?: number;
  CpuShares?: number;
  NanoCpus?: number;
  CpuQuota?: number;
  CpusetCpus?: string;
  ReadonlyRootfs?: boolean;
  PortBindings?: Record<string, PortBinding[] | null> | null;
  RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
  PidMode?: string;
  IpcMode?: string;
  UTSMode?: string;
  UsernsMode?: string;
  Devices?: { PathOnHost?: string; PathInContainer?: string; CgroupPermissions?: string }[] | null;
  Ulimits?: { Name?: string; Soft?: number; Hard?: number }[] | null;
  SecurityOpt?: string[] | null;
  CgroupParent?: string;
  PidsLimit?: number | null;
}

export function containerSection(s: DockerHostSnapshot, out: NodeFindings): void {
  const once = ['docker.exec.privileged', 'docker.exec.user-root', 'docker.container.latest-image'];
  for (const id of once) manual(out, id, 'host');
  const unseen = s.engineError ?? s.containersError;
  if (unseen) {
    for (const id of CONTAINER_CHECK_IDS) out.notEvaluated(id, 'containers', L(`The running containers could not be read: ${unseen}`, `无法读取运行中的容器：${unseen}`));
    return;
  }
  const securityOptions = Array.isArray(s.info?.SecurityOptions) ? (s.info.SecurityOptions as unknown[]).map(String) : [];
  const apparmor = securityOptions.some((o) => o === 'name=apparmor');
  const selinux = securityOptions.some((o) => o === 'name=selinux');
  if (!apparmor) out.notEvaluated('docker.container.apparmor', 'host', L(`Not applicable: AppArmor is not enabled in the daemon (SecurityOptions: ${securityOptions.join(', ') || 'none'})`, `不适用：守护进程未启用 AppArmor（SecurityOptions：${securityOptions.join('、') || '无'}）`));
  if (!selinux) out.notEvaluated('docker.container.selinux', 'host', L(`Not applicable: SELinux is not enabled in the daemon (SecurityOptions: ${securityOptions.join(', ') || 'none'})`, `不适用：守护进程未启用 SELinux（SecurityOptions：${securityOptions.join('、') || '无'}）`));
  const settings = new DaemonSettings(s.flags, s.daemonJson);
  const daemonNoNewPrivileges = settings.bool('no-new-privileges', 'no-new-privileges', false)?.value === true;
  const defaultUlimits = settings.defaultUlimits();
  const socketPaths = new Set([s.dockerHost.replace(/^unix:\/\//, ''), s.paths['docker.sock'] ?? '/var/run/docker.sock', '/var/run/docker.sock', '/run/docker.sock']);

  for (const c of s.containers) {
    const subject = `container:${c.name}`;
    const hc = (c.inspect.HostConfig ?? {}) as HostConfig;
    const mounts = (Array.isArray(c.inspect.Mounts) ? c.inspect.Mounts : []) as Mount[];
    const securityOpt = hc.SecurityOpt ?? [];
    const fail = (id: string, message: Localized, evidence: string, path: string): void => out.fail(id, subject, { en: `${c.name}: ${message.en}`, zh: `${c.name}：${message.zh}` }, evidence, { path });
    const judge = (id: string, problem: [Localized, string, string] | undefined): void => {
      if (problem) fail(id, ...problem);
      else out.pass(id);
    };

    if (apparmor) {
      const profile = String(c.inspect.AppArmorProfile ?? '');
      judge('docker.container.apparmor', profile === '' || profile === 'unconfined' ? [L('runs without an AppArmor profile', '未使用 AppArmor 配置运行'), `AppArmorProfile: ${profile || '(none)'}`, 'AppArmorProfile'] : undefined);
    }
    if (selinux) {
      const disabled = securityOpt.find((o) => /^label[=:]disable$/.test(o));
      judge('docker.container.selinux', disabled ? [L('runs with SELinux labelling disabled', '禁用了 SELinux 标签'), `SecurityOpt: ${disabled}`, 'HostConfig.SecurityOpt'] : undefined);
    }
    const caps = hc.CapAdd ?? [];
    judge('docker.container.capabilities', caps.length > 0 ? [L(`is given added capabilities: ${caps.join(', ')}`, `被额外授予 capability：${caps.join('、')}`), `CapAdd: ${caps.join(', ')}`, 'HostConfig.CapAdd'] : undefined);
    judge('docker.container.privileged', hc.Privileged ? [L('runs privileged', '以特权模式运行'), 'Privileged: true', 'HostConfig.Privileged'] : undefined);

    const sensitive = mounts.filter((m) => m.Type === 'bind' && m.Source && (SENSITIVE_DIRS.includes(m.Source.replace(/(.)\/+$/, '$1')) || (m.RW !== false && SENSITIVE_DIRS.some((d) => d !== '/' && m.Source?.startsWith(`${d}/`)))));
    judge('docker.container.sensitive-mounts', sensitive.length > 0 ? [L(`mounts host system directories: ${sensitive.map((m) => m.Source).join(', ')}`, `挂载了宿主机系统目录：${sensitive.map((m) => m.Source).join('、')}`), sensitive.map((m) => `${m.Source}:${m.Destination}:${m.RW === false ? 'ro' : 'rw'}`).join(', '), 'Mounts'] : undefined);

    if (c.processes === undefined) out.notEvaluated('docker.container.sshd', subject, L(`The container's processes could not be listed: ${c.topError ?? 'no answer'}`, `无法列出容器的进程：${c.topError ?? '无应答'}`));
    else {
      const sshd = c.processes.filter((p) => /(?:^|[\s/])sshd(?:\s|:|$)/.test(p));
      judge('docker.container.sshd', sshd.length > 0 ? [L('runs an SSH server', '运行着 SSH 服务'), `processes: ${sshd.join('; ')}`, 'top'] : undefined);
    }

    const bindings = Object.entries(hc.PortBindings ?? {}).flatMap(([port, list]) => (list ?? []).map((b) => ({ port, ip: b.HostIp ?? '', hostPort: Number(b.HostPort || 0) })));
    const low = bindings.filter((b) => b.hostPort > 0 && b.hostPort < 1024);
    judge('docker.container.privileged-ports', low.length > 0 ? [L(`is published on privileged host ports: ${low.map((b) => b.hostPort).join(', ')}`, `发布在宿主机特权端口上：${low.map((b) => b.hostPort).join('、')}`), low.map((b) => `${b.ip || '0.0.0.0'}:${b.hostPort}->${b.port}`).join(', '), 'HostConfig.PortBindings'] : undefined);
    if (bindings.length > 0) manual(out, 'docker.container.open-ports', subject, `published: ${bindings.map((b) => `${b.ip || '0.0.0.0'}:${b.hostPort || '(random)'}->${b.port}`).join(', ')}`);
    else out.pass('docker.container.open-ports');
    const everywhere = bindings.filter((b) => b.ip === '' || b.ip === '0.0.0.0' || b.ip === '::');
    judge('docker.container.host-interface', everywhere.length > 0 ? [L(`publishes ports on every host interface: ${everywhere.map((b) => b.port).join(', ')}`, `在宿主机所有网络接口上发布端口：${everywhere.map((b) => b.port).join('、')}`), everywhere.map((b) => `${b.ip || '0.0.0.0'}:${b.hostPort || '(random)'}->${b.port}`).join(', '), 'HostConfig.PortBindings'] : undefined);

    const network = hc.NetworkMode ?? '';
    judge('docker.container.host-network', network === 'host' ? [L('shares the host network namespace', '共享宿主机网络命名空间'), 'NetworkMode: host', 'HostConfig.NetworkMode'] : undefined);
    judge('docker.container.default-bridge', network === 'default' || network === 'bridge' ? [L('runs on the default bridge network', '运行在默认网桥网络上'), `NetworkMode: ${network}`, 'HostConfig.NetworkMode'] : undefined);
    judge('docker.container.memory-limit', !hc.Memory ? [L('has no memory limit', '未设置内存限制'), 'Memory: 0', 'HostConfig.Memory'] : undefined);
    const cpuSet = (hc.CpuShares && hc.CpuShares !== 1024) || hc.NanoCpus || hc.CpuQuota || hc.CpusetCpus;
    judge('docker.container.cpu-shares', !cpuSet ? [L('has no CPU shares, quota or CPU set', '未设置 CPU 份额、配额或 CPU 集合'), `CpuShares: ${hc.CpuShares ?? 0}, NanoCpus: ${hc.NanoCpus ?? 0}, CpuQuota: ${hc.CpuQuota ?? 0}`, 'HostConfig.CpuShares'] : undefined);
    judge('docker.container.read-only-rootfs', !hc.ReadonlyRootfs ? [L('has a writable root filesystem', '根文件系统可写'), 'ReadonlyRootfs: false', 'HostConfig.ReadonlyRootfs'] : undefined);

    const restart = hc.RestartPolicy ?? {};
    const name = restart.Name ?? '';
    const retries = restart.MaximumRetryCount ?? 0;
    const badRestart = name === 'always' || name === 'unless-stopped' || (name === 'on-failure' && (retries === 0 || retries > 5));
    judge('docker.container.restart-policy', badRestart ? [L(`restart policy ${name}${name === 'on-failure' ? `:${retries}` : ''} restarts it without a bound of 5`, `重启策略 ${name}${name === 'on-failure' ? `:${retries}` : ''} 的重启次数没有以 5 为上限`), `RestartPolicy: ${name}, MaximumRetryCount: ${retries}`, 'HostConfig.RestartPolicy'] : undefined);

    judge('docker.container.host-pid', hc.PidMode === 'host' ? [L('shares the host process namespace', '共享宿主机进程命名空间'), 'PidMode: host', 'HostConfig.PidMode'] : undefined);
    judge('docker.container.host-ipc', hc.IpcMode === 'host' ? [L('shares the host IPC namespace', '共享宿主机 IPC 命名空间'), 'IpcMode: host', 'HostConfig.IpcMode'] : undefined);
    judge('docker.container.host-uts', hc.UTSMode === 'host' ? [L('shares the host UTS namespace', '共享宿主机 UTS 命名空间'), 'UTSMode: host', 'HostConfig.UTSMode'] : undefined);
    judge('docker.container.host-userns', hc.UsernsMode === 'host' ? [L('shares the host user namespace', '共享宿主机用户命名空间'), 'UsernsMode: host', 'HostConfig.UsernsMode'] : undefined);

    const devices = hc.Devices ?? [];
    if (devices.length > 0) manual(out, 'docker.container.devices', subject, devices.map((d) => `${d.PathOnHost}:${d.PathInContainer}:${d.CgroupPermissions}`).join(', '));
    else out.pass('docker.container.devices');

    const own = (hc.Ulimits ?? []).filter((u) => u.Name && defaultUlimits?.get(u.Name) !== `${u.Soft}:${u.Hard}`);
    if (own.length > 0) manual(out, 'docker.container.ulimits', subject, `${own.map((u) => `${u.Name}=${u.Soft}:${u.Hard}`).join(', ')} (daemon defaults: ${defaultUlimits ? [...defaultUlimits].map(([k, v]) => `${k}=${v}`).join(', ') || 'none' : 'unknown'})`);
    else out.pass('docker.container.ulimits');

    const shared = mounts.filter((m) => m.Propagation === 'shared' || m.Propagation === 'rshared');
    judge('docker.container.mount-propagation', shared.length > 0 ? [L(`has mounts with shared propagation: ${shared.map((m) => m.Destination).join(', ')}`, `存在传播模式为 shared 的挂载：${shared.map((m) => m.Destination).join('、')}`), shared.map((m) => `${m.Source}:${m.Destination} (${m.Propagation})`).join(', '), 'Mounts'] : undefined);

    const unconfined = securityOpt.find((o) => /^seccomp[=:]unconfined$/.test(o));
    judge('docker.container.seccomp-unconfined', unconfined ? [L('runs with seccomp disabled', '禁用了 seccomp'), `SecurityOpt: ${unconfined}`, 'HostConfig.SecurityOpt'] : undefined);
    judge('docker.container.cgroup-parent', hc.CgroupParent ? [L(`runs under the cgroup parent ${hc.CgroupParent}`, `运行在 cgroup 父级 ${hc.CgroupParent} 下`), `CgroupParent: ${hc.CgroupParent}`, 'HostConfig.CgroupParent'] : undefined);
    const nnp = securityOpt.some((o) => /^no-new-privileges(?:[=:]true)?$/.test(o)) || (daemonNoNewPrivileges && !securityOpt.some((o) => /^no-new-privileges[=:]false$/.test(o)));
    judge('docker.container.no-new-privileges', !nnp ? [L('may gain new privileges (no no-new-privileges)', '可以获取新权限（未设置 no-new-privileges）'), `SecurityOpt: ${securityOpt.join(', ') || '(none)'}`, 'HostConfig.SecurityOpt'] : undefined);
    judge('docker.container.healthcheck', !hasHealthcheck(c) ? [L('has no health check', '没有健康检查'), 'Config.Healthcheck not set and State.Health absent', 'Config.Healthcheck'] : undefined);
    judge('docker.container.pids-limit', !hc.PidsLimit || hc.PidsLimit < 0 ? [L('has no PIDs limit', '未设置 PID 数量限制'), `PidsLimit: ${hc.PidsLimit ?? 'null'}`, 'HostConfig.PidsLimit'] : undefined);
    const socket = mounts.filter((m) => m.Source && (socketPaths.has(m.Source) || m.Source.endsWith('/docker.sock')));
    judge('docker.container.docker-socket', socket.length > 0 ? [L(`mounts the Docker socket ${socket[0]?.Source}`, `挂载了 Docker 套接字 ${socket[0]?.Source}`), socket.map((m) => `${m.Source}:${m.Destination}`).join(', '), 'Mounts'] : undefined);
  }
}

function hasHealthcheck(c: ContainerInput): boolean {
  const state = c.inspect.State as { Health?: unknown } | undefined;
  if (state?.Health) return true;
  const test = ((c.inspect.Config as { Healthcheck?: { Test?: string[] } } | undefined)?.Healthcheck?.Test) ?? [];
  return test.length > 0 && test[0] !== 'NONE';
}
