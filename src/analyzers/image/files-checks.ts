import type { Finding, ImageFileView, LayerEntry } from '../../model/index.js';
import type { ImageFindingContext } from './finding.js';
import { imageFinding } from './finding.js';

/**
 * Checks of the image's final file tree, from modes and owners alone (no content): setuid/setgid
 * files, world-writable system paths, an SSH daemon, package-manager caches left behind.
 */

export function checkImageFiles(ctx: ImageFindingContext, view: ImageFileView): Finding[] {
  const files = [...view.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return [...setuidFiles(ctx, files), ...worldWritable(ctx, files), ...sshDaemon(ctx, files), ...packageCaches(ctx, files)];
}

/**
 * setuid/setgid programs that Debian, Ubuntu, Alpine and the RHEL family install with their base
 * packages (login, mount, passwd, ping, PAM and D-Bus helpers). They still widen what a process in
 * the container can do, but they are expected; anything else is the unusual kind (a setuid shell
 * is a classic backdoor).
 */
const DISTRIBUTION_SETUID = new Set([
  'su', 'sudo', 'sudoedit', 'mount', 'umount', 'passwd', 'chsh', 'chfn', 'newgrp', 'gpasswd', 'chage', 'expiry',
  'unix_chkpwd', 'unix2_chkpwd', 'pam_timestamp_check', 'ping', 'ping6', 'arping', 'traceroute6.iputils', 'pkexec',
  'polkit-agent-helper-1', 'fusermount', 'fusermount3', 'newuidmap', 'newgidmap', 'wall', 'write', 'bsd-write', 'crontab',
  'at', 'ssh-agent', 'ssh-keysign', 'dbus-daemon-launch-helper', 'utempter', 'sg', 'mount.nfs', 'mount.cifs', 'userhelper',
  'usernetctl', 'Xorg.wrap', 'chrome-sandbox', 'dotlockfile', 'mail-lock', 'mail-unlock', 'mail-touchlock', 'lockfile',
  'bbsuid', 'staprun', 'ksu', 'dmcrypt-get-device', 'plocate', 'mlocate', 'locate',
]);
const SYSTEM_BIN = /^\/(?:usr\/)?(?:s?bin|lib(?:32|64|exec)?)\//;

/** CIS 4.8. Distribution programs are listed in one finding; each other setuid/setgid file gets its own. */
export function setuidFiles(ctx: ImageFindingContext, files: readonly LayerEntry[]): Finding[] {
  const special = files.filter((f) => (f.type === 'file' || f.type === 'hardlink') && (f.mode & 0o6000) !== 0);
  const isKnown = (f: LayerEntry) => SYSTEM_BIN.test(f.path) && DISTRIBUTION_SETUID.has(f.path.slice(f.path.lastIndexOf('/') + 1));
  const known = special.filter(isKnown);
  const out: Finding[] = [];
  if (known.length > 0) {
    out.push(
      imageFinding(ctx, 'image.setuid-files', {
        subject: 'setuid:distribution',
        message: {
          en: `${known.length} setuid/setgid program${known.length === 1 ? '' : 's'} installed by the base distribution (su, mount, passwd and the like)`,
          zh: `基础发行版安装了 ${known.length} 个 setuid/setgid 程序（su、mount、passwd 等）`,
        },
        evidence: known.map(describeMode).join(', '),
        severity: 'low',
      }),
    );
  }
  for (const f of special.filter((s) => !isKnown(s))) {
    const bits = [(f.mode & 0o4000) !== 0 ? 'setuid' : '', (f.mode & 0o2000) !== 0 ? 'setgid' : ''].filter(Boolean).join('+');
    out.push(
      imageFinding(ctx, 'image.setuid-files', {
        subject: `setuid:${f.path}`,
        message: {
          en: `${f.path} is ${bits}${f.uid === 0 && (f.mode & 0o4000) !== 0 ? ' root' : ''}, and is not a program the base distribution ships that way`,
          zh: `${f.path} 设置了 ${bits}${f.uid === 0 && (f.mode & 0o4000) !== 0 ? '（属主为 root）' : ''}，且不是基础发行版以此方式提供的程序`,
        },
        location: { file: f.path },
        evidence: describeMode(f),
        severity: 'medium',
      }),
    );
  }
  return out;
}

const SYSTEM_PATHS = /^\/(?:etc|usr|bin|sbin|lib|lib32|lib64|libx32|boot)(?:\/|$)/;
const EVIDENCE_LIMIT = 20;

/** Files and directories in system paths that any user may write; symlinks (always 0777) and sticky directories are not. */
export function worldWritable(ctx: ImageFindingContext, files: readonly LayerEntry[]): Finding[] {
  const writable = files.filter(
    (f) => SYSTEM_PATHS.test(f.path) && f.type !== 'symlink' && (f.mode & 0o002) !== 0 && !(f.type === 'dir' && (f.mode & 0o1000) !== 0),
  );
  if (writable.length === 0) return [];
  const shown = writable.slice(0, EVIDENCE_LIMIT).map(describeMode);
  if (writable.length > EVIDENCE_LIMIT) shown.push(`and ${writable.length - EVIDENCE_LIMIT} more`);
  return [
    imageFinding(ctx, 'image.world-writable', {
      subject: 'world-writable',
      message: {
        en: `${writable.length} world-writable path${writable.length === 1 ? '' : 's'} under system directories (/etc, /usr, /bin, /sbin, /lib)`,
        zh: `系统目录（/etc、/usr、/bin、/sbin、/lib）下有 ${writable.length} 个任何用户都可写的路径`,
      },
      evidence: shown.join(', '),
    }),
  ];
}

const SSH_DAEMONS = /^\/(?:usr\/)?(?:local\/)?s?bin\/(?:sshd|dropbear)$/;

/** An SSH server in the image, or port 22 declared: containers are entered with `kubectl exec`, not SSH. */
export function sshDaemon(ctx: ImageFindingContext, files: readonly LayerEntry[]): Finding[] {
  const out: Finding[] = [];
  const daemons = files.filter((f) => (f.type === 'file' || f.type === 'hardlink' || f.type === 'symlink') && SSH_DAEMONS.test(f.path));
  if (daemons.length > 0) {
    out.push(
      imageFinding(ctx, 'image.sshd', {
        subject: 'sshd:binary',
        message: { en: `The image contains an SSH server (${daemons.map((d) => d.path).join(', ')})`, zh: `镜像中包含 SSH 服务端程序（${daemons.map((d) => d.path).join('、')}）` },
        location: { file: daemons[0]?.path as string },
        evidence: daemons.map((d) => d.path).join(', '),
      }),
    );
  }
  for (const port of ctx.image.config.exposedPorts) {
    if (!/^22(?:\/tcp)?$/i.test(port.trim())) continue;
    out.push(
      imageFinding(ctx, 'image.sshd', {
        subject: `port:${port}`,
        message: { en: `The image exposes the SSH port (EXPOSE ${port})`, zh: `镜像声明开放了 SSH 端口（EXPOSE ${port}）` },
        location: { path: 'config.ExposedPorts' },
        evidence: `EXPOSE ${port}`,
      }),
    );
  }
  return out;
}

interface CacheKind {
  id: string;
  name: string;
  pattern: RegExp;
}

const HOME = String.raw`(?:root|home\/[^/]+)`;

/** Caches package managers leave unless the same RUN cleans them: size, and stale indexes that describe packages no longer installed. */
const CACHES: readonly CacheKind[] = [
  { id: 'apt-archives', name: 'downloaded .deb packages (/var/cache/apt/archives)', pattern: /^\/var\/cache\/apt\/archives\/[^/]+\.deb$/ },
  { id: 'apt-lists', name: 'APT package lists (/var/lib/apt/lists)', pattern: /^\/var\/lib\/apt\/lists\/(?!lock$)[^/]+$/ },
  { id: 'apt-pkgcache', name: 'APT package cache (/var/cache/apt/*.bin)', pattern: /^\/var\/cache\/apt\/[^/]+\.bin$/ },
  { id: 'yum-dnf', name: 'YUM/DNF cache (/var/cache/yum, /var/cache/dnf)', pattern: /^\/var\/cache\/(?:yum|dnf|libdnf5)\/.+/ },
  { id: 'apk', name: 'APK cache (/var/cache/apk)', pattern: /^\/var\/cache\/apk\/.+/ },
  { id: 'pip', name: 'pip cache (~/.cache/pip)', pattern: new RegExp(String.raw`^\/${HOME}\/\.cache\/pip\/.+`) },
  { id: 'npm', name: 'npm cache (~/.npm/_cacache)', pattern: new RegExp(String.raw`^\/${HOME}\/\.npm\/_cacache\/.+`) },
  { id: 'yarn', name: 'Yarn cache', pattern: new RegExp(String.raw`^\/(?:usr\/local\/share|${HOME})\/\.cache\/yarn\/.+`) },
  { id: 'go-build', name: 'Go build cache (~/.cache/go-build)', pattern: new RegExp(String.raw`^\/${HOME}\/\.cache\/go-build\/.+`) },
];

export function packageCaches(ctx: ImageFindingContext, files: readonly LayerEntry[]): Finding[] {
  const out: Finding[] = [];
  for (const kind of CACHES) {
    const hits = files.filter((f) => f.type === 'file' && kind.pattern.test(f.path));
    if (hits.length === 0) continue;
    const bytes = hits.reduce((sum, f) => sum + f.size, 0);
    out.push(
      imageFinding(ctx, 'image.package-cache', {
        subject: `cache:${kind.id}`,
        message: {
          en: `The image keeps the ${kind.name}: ${hits.length} file${hits.length === 1 ? '' : 's'}, ${formatBytes(bytes)}`,
          zh: `镜像中残留了软件包管理器缓存（${kind.name}）：${hits.length} 个文件，共 ${formatBytes(bytes)}`,
        },
        location: { file: hits[0]?.path as string },
        evidence: hits.slice(0, 5).map((f) => f.path).join(', ') + (hits.length > 5 ? `, and ${hits.length - 5} more` : ''),
      }),
    );
  }
  return out;
}

function describeMode(f: LayerEntry): string {
  return `${f.path} (${(f.mode & 0o7777).toString(8).padStart(4, '0')} ${f.uid}:${f.gid})`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
