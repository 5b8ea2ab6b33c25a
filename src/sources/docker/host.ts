import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ImageInfo } from '../../model/index.js';
import { HostRoot } from '../node/root-fs.js';
import { DockerEngineClient, isRecord } from './engine.js';
import { parseDockerdFlags } from './flags.js';
import { imageFromEngine } from './images.js';
import type { AuditRules, ContainerInput, DaemonJson, DockerdProcess, DockerHostSnapshot } from '../../model/index.js';

const run = promisify(execFile);

export interface ReadDockerHostOptions {
  /** The host's root directory: `/` on the host, `/host` in a container that mounts it there. */
  root: string;
  /** Proc filesystem to find dockerd in; default `<root>/proc`. */
  proc?: string;
  /** Default: $DOCKER_HOST when it is a unix socket, else `unix://<root>/var/run/docker.sock`. */
  dockerHost?: string;
  /** `auditctl` to list the loaded audit rules; default `auditctl` when the root is `/`, else none (rules files only). */
  auditctl?: string | false;
  hostname?: string;
  env?: NodeJS.ProcessEnv;
}

/** Where CIS Docker 1.6 looks for each file, first existing wins (distributions differ). */
export const HOST_PATH_CANDIDATES: Record<string, readonly string[]> = {
  dockerd: ['/usr/bin/dockerd', '/usr/sbin/dockerd', '/usr/local/bin/dockerd'],
  'docker.service': ['/usr/lib/systemd/system/docker.service', '/lib/systemd/system/docker.service', '/etc/systemd/system/docker.service'],
  'docker.socket': ['/usr/lib/systemd/system/docker.socket', '/lib/systemd/system/docker.socket', '/etc/systemd/system/docker.socket'],
  containerd: ['/usr/bin/containerd', '/usr/sbin/containerd', '/usr/local/bin/containerd'],
  'containerd-shim': ['/usr/bin/containerd-shim', '/usr/local/bin/containerd-shim'],
  'containerd-shim-runc-v1': ['/usr/bin/containerd-shim-runc-v1', '/usr/local/bin/containerd-shim-runc-v1'],
  'containerd-shim-runc-v2': ['/usr/bin/containerd-shim-runc-v2', '/usr/local/bin/containerd-shim-runc-v2'],
  runc: ['/usr/bin/runc', '/usr/sbin/runc', '/usr/local/bin/runc', '/usr/local/sbin/runc'],
  'containerd.sock': ['/run/containerd/containerd.sock'],
  '/run/containerd': ['/run/containerd'],
  '/var/lib/docker': ['/var/lib/docker'],
  '/etc/docker': ['/etc/docker'],
  '/etc/default/docker': ['/etc/default/docker'],
  '/etc/sysconfig/docker': ['/etc/sysconfig/docker'],
  '/etc/containerd/config.toml': ['/etc/containerd/config.toml'],
};

/** Reads everything the Docker host checks judge. What cannot be read is recorded, never guessed. */
export async function readDockerHost(options: ReadDockerHostOptions): Promise<DockerHostSnapshot> {
  const rootStat = await stat(options.root).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw new Error(`--root ${options.root}: not a directory`);
  const root = new HostRoot(options.root);
  await root.loadAccounts();
  const env = options.env ?? process.env;
  const atSlash = path.resolve(options.root) === '/';
  const dockerHost = options.dockerHost ?? (env.DOCKER_HOST?.startsWith('unix://') ? env.DOCKER_HOST : `unix://${path.join(options.root, 'var/run/docker.sock')}`);
  const procDir = options.proc ?? path.join(options.root, 'proc');
  const errors: string[] = [];

  const client = new DockerEngineClient(dockerHost);
  let engineError: string | undefined;
  let info: Record<string, unknown> | undefined;
  const version = await client.connect().catch((err: Error) => {
    engineError = err.message;
    return undefined;
  });
  if (version) {
    info = await client.get('/info').then((i) => (isRecord(i) ? i : undefined), (err: Error) => {
      engineError = err.message;
      return undefined;
    });
  }

  const dockerd = await findDockerd(procDir, info, dockerHost).catch((err: Error) => {
    errors.push(`${procDir}: cannot list processes: ${err.message}`);
    return undefined;
  });
  const flags = dockerd ? parseDockerdFlags(dockerd.argv.slice(1), `process ${dockerd.pid}`) : undefined;
  const daemonJson = await readDaemonJson(root, flags?.values['config-file']?.at(-1) ?? '/etc/docker/daemon.json');

  const paths: Record<string, string> = {};
  for (const [name, candidates] of Object.entries(HOST_PATH_CANDIDATES)) {
    let found = candidates[0] as string;
    for (const c of candidates) {
      if ((await root.stat(c)).exists) {
        found = c;
        break;
      }
    }
    paths[name] = found;
  }
  if (dockerd?.argv[0]?.startsWith('/') && (await root.stat(dockerd.argv[0])).exists) paths.dockerd = dockerd.argv[0];
  const dataRoot = typeof info?.DockerRootDir === 'string' ? info.DockerRootDir : flags?.values['data-root']?.at(-1) ?? jsonString(daemonJson, 'data-root') ?? '/var/lib/docker';
  paths['/var/lib/docker'] = dataRoot;
  paths['daemon.json'] = daemonJson.path;
  const unixHosts = [...(flags?.values.host ?? []), ...jsonStrings(daemonJson, 'hosts')].filter((h) => h.startsWith('unix://')).map((h) => h.slice('unix://'.length));
  paths['docker.sock'] = unixHosts[0] ?? '/var/run/docker.sock';
  const tls = (name: string, dflt: string): string => flags?.values[name]?.at(-1) ?? jsonString(daemonJson, name) ?? dflt;
  paths.tlscacert = tls('tlscacert', '/root/.docker/ca.pem');
  paths.tlscert = tls('tlscert', '/root/.docker/cert.pem');
  paths.tlskey = tls('tlskey', '/root/.docker/key.pem');

  let registryCerts: string[] = [];
  if ((await root.stat('/etc/docker/certs.d')).exists) {
    registryCerts = (await root.listRecursive('/etc/docker/certs.d').catch(() => [])).filter((p) => /\.(crt|cert|pem|key)$/.test(p));
  }
  const stats: DockerHostSnapshot['stats'] = {};
  for (const p of new Set([...Object.values(paths), ...registryCerts])) stats[p] = await root.stat(p);

  const snapshot: DockerHostSnapshot = {
    hostname: options.hostname ?? (await hostname(root, atSlash, info)),
    root: options.root,
    dockerHost,
    daemonJson,
    auditRules: await readAuditRules(root, options.auditctl ?? (atSlash ? 'auditctl' : false)),
    mounts: await readMounts(root, procDir),
    paths,
    stats,
    registryCerts,
    containers: [],
    images: [],
    errors,
  };
  const members = await dockerGroupMembers(root);
  if (members) snapshot.dockerGroup = members;
  if (version) snapshot.version = version;
  if (info) snapshot.info = info;
  if (dockerd) snapshot.dockerd = dockerd;
  if (flags) snapshot.flags = flags;
  if (engineError) {
    snapshot.engineError = engineError;
    return snapshot;
  }
  try {
    snapshot.containers = await readContainers(client);
  } catch (err) {
    snapshot.containersError = (err as Error).message;
  }
  try {
    snapshot.images = await readImages(client);
  } catch (err) {
    snapshot.imagesError = (err as Error).message;
  }
  return snapshot;
}

/**
 * The dockerd serving this socket: by its data root against what `/info` reports, then by its
 * `--host` naming the socket; a single dockerd is taken as it is.
 */
async function findDockerd(procDir: string, info: Record<string, unknown> | undefined, dockerHost: string): Promise<DockerdProcess | undefined> {
  let entries: string[];
  try {
    entries = await readdir(procDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const found: DockerdProcess[] = [];
  for (const pid of entries.filter((e) => /^\d+$/.test(e)).map(Number).sort((a, b) => a - b)) {
    const raw = await readFile(path.join(procDir, String(pid), 'cmdline')).catch(() => undefined);
    if (!raw || raw.length === 0) continue;
    const argv = raw.toString('utf8').replace(/\0$/, '').split('\0');
    if (path.basename(argv[0] ?? '') === 'dockerd') found.push({ pid, argv });
  }
  if (found.length <= 1) return found[0];
  const socket = dockerHost.replace(/^unix:\/\//, '');
  const dataRoot = typeof info?.DockerRootDir === 'string' ? info.DockerRootDir : undefined;
  const flagsOf = (p: DockerdProcess) => parseDockerdFlags(p.argv.slice(1), '').values;
  return (
    (dataRoot && found.find((p) => (flagsOf(p)['data-root']?.at(-1) ?? '/var/lib/docker') === dataRoot)) ||
    found.find((p) => (flagsOf(p).host ?? []).some((h) => h === `unix://${socket}` || h === socket)) ||
    found[0]
  );
}

async function readDaemonJson(root: HostRoot, file: string): Promise<DaemonJson> {
  let text: string;
  try {
    text = await root.readText(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path: file, exists: false };
    return { path: file, exists: false, error: `${file}: cannot read: ${code ?? (err as Error).message}` };
  }
  try {
    const content = JSON.parse(text) as unknown;
    if (!isRecord(content)) return { path: file, exists: true, error: `${file}: not a JSON object` };
    return { path: file, exists: true, content };
  } catch (err) {
    return { path: file, exists: true, error: `${file}: not valid JSON: ${(err as Error).message.split('\n')[0]}` };
  }
}

function jsonString(json: DaemonJson, key: string): string | undefined {
  const v = json.content?.[key];
  return typeof v === 'string' ? v : undefined;
}

function jsonStrings(json: DaemonJson, key: string): string[] {
  const v = json.content?.[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The loaded rules (`auditctl -l`) when this is the live host, and the persistent rules files under the root. */
async function readAuditRules(root: HostRoot, auditctl: string | false): Promise<AuditRules> {
  const rules: string[] = [];
  const sources: string[] = [];
  const problems: string[] = [];
  if (auditctl) {
    try {
      const { stdout } = await run(auditctl, ['-l'], { timeout: 10_000 });
      sources.push(`${auditctl} -l`);
      rules.push(...ruleLines(stdout));
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      problems.push(`${auditctl} -l: ${e.code === 'ENOENT' ? 'not installed' : (e.stderr || e.message).trim().split('\n')[0]}`);
    }
  }
  const files = (await root.list('/etc/audit/rules.d').catch(() => [])).filter((n) => n.endsWith('.rules')).map((n) => `/etc/audit/rules.d/${n}`);
  for (const file of [...files, '/etc/audit/audit.rules']) {
    try {
      rules.push(...ruleLines(await root.readText(file)));
      sources.push(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') problems.push(`${file}: ${code ?? (err as Error).message}`);
    }
  }
  const out: AuditRules = { rules: [...new Set(rules)], sources };
  if (sources.length === 0) out.error = problems.length > 0 ? problems.join('; ') : 'no loaded audit rules could be listed (auditctl not run) and no /etc/audit/rules.d/*.rules or /etc/audit/audit.rules under the root';
  return out;
}

function ruleLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && l !== 'No rules');
}

/** Mount points from mountinfo (`<proc>/1/mountinfo`, the host's init, else our own) and /etc/fstab. */
async function readMounts(root: HostRoot, procDir: string): Promise<DockerHostSnapshot['mounts']> {
  const points = new Set<string>();
  const sources: string[] = [];
  for (const file of [path.join(procDir, '1', 'mountinfo'), path.join(procDir, 'self', 'mountinfo')]) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    for (const line of text.split('\n')) {
      const mountPoint = line.split(' ')[4];
      if (mountPoint) points.add(unescapeMount(mountPoint));
    }
    sources.push(file);
    break;
  }
  const fstab = await root.readText('/etc/fstab').catch(() => undefined);
  if (fstab !== undefined) {
    for (const line of fstab.split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields.length >= 2 && !fields[0]?.startsWith('#') && fields[1]?.startsWith('/')) points.add(unescapeMount(fields[1]));
    }
    sources.push('/etc/fstab');
  }
  const out: DockerHostSnapshot['mounts'] = { points: [...points].sort(), source: sources.join(', ') };
  if (sources.length === 0) out.error = `neither ${procDir}/1/mountinfo nor /etc/fstab under the root could be read`;
  return out;
}

function unescapeMount(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

async function dockerGroupMembers(root: HostRoot): Promise<string[] | undefined> {
  const text = await root.readText('/etc/group').catch(() => undefined);
  const line = text?.split('\n').find((l) => l.startsWith('docker:'));
  if (!line) return undefined;
  return (line.split(':')[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

async function readContainers(client: DockerEngineClient): Promise<ContainerInput[]> {
  const list = await client.get('/containers/json');
  if (!Array.isArray(list)) throw new Error(`${client.host}: GET /containers/json: not a list`);
  const out: ContainerInput[] = [];
  for (const summary of list.filter(isRecord)) {
    const id = String(summary.Id);
    let inspect: unknown;
    try {
      inspect = await client.get(`/containers/${id}/json`);
    } catch (err) {
      // Gone between the list and the inspect: not running any more, nothing to judge.
      if ((err as { status?: number }).status === 404) continue;
      throw err;
    }
    if (!isRecord(inspect)) continue;
    const name = typeof inspect.Name === 'string' ? inspect.Name.replace(/^\//, '') : id.slice(0, 12);
    const container: ContainerInput = { id, name, inspect };
    try {
      const top = await client.get(`/containers/${id}/top`);
      if (isRecord(top) && Array.isArray(top.Titles) && Array.isArray(top.Processes)) {
        const cmd = top.Titles.indexOf('CMD') >= 0 ? top.Titles.indexOf('CMD') : top.Titles.indexOf('COMMAND');
        container.processes = top.Processes.filter(Array.isArray).map((p) => String(p[cmd >= 0 ? cmd : p.length - 1] ?? ''));
      }
    } catch (err) {
      container.topError = (err as Error).message;
    }
    out.push(container);
  }
  return out;
}

async function readImages(client: DockerEngineClient): Promise<ImageInfo[]> {
  const list = await client.get('/images/json');
  if (!Array.isArray(list)) throw new Error(`${client.host}: GET /images/json: not a list`);
  const out: ImageInfo[] = [];
  for (const summary of list.filter(isRecord)) {
    const id = String(summary.Id);
    const [inspect, history] = await Promise.all([client.get(`/images/${id}/json`), client.get(`/images/${id}/history`).catch(() => [])]);
    if (isRecord(inspect)) out.push(imageFromEngine(inspect, history));
  }
  return out;
}

/** The root's /etc/hostname, else the name the daemon reports, else this machine's when the root is `/`. */
async function hostname(root: HostRoot, atSlash: boolean, info: Record<string, unknown> | undefined): Promise<string> {
  const name = (await root.readText('/etc/hostname').catch(() => '')).trim();
  if (name) return name;
  if (typeof info?.Name === 'string' && info.Name) return info.Name;
  return atSlash ? os.hostname() : 'unknown';
}
