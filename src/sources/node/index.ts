import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { ComponentInput, ConfigFile, ControlPlaneComponent, FileStat, FlagSet, KubeletInput, KubeProxyInput, NodeSnapshot } from '../../model/node.js';
import { CONTROL_PLANE_COMPONENTS } from '../../model/node.js';
import { parseFlags } from './flags.js';
import { readStaticPodManifest, MANIFEST_DIR } from './manifests.js';
import { findComponentProcesses } from './processes.js';
import { HostRoot } from './root-fs.js';
import { readKubeletUnit } from './systemd.js';

export { HostRoot } from './root-fs.js';
export { parseFlags, splitCommandLine } from './flags.js';

export interface ReadNodeOptions {
  /** The host's root directory: `/` on the node itself, `/host` in a pod that mounts it there. */
  root: string;
  /** The proc filesystem to find processes in; default `<root>/proc`. In a pod with hostPID, `/proc`. */
  proc?: string;
  /** Overrides the node name read from `<root>/etc/hostname`. */
  nodeName?: string;
}

/** The kubeconfig files kubeadm writes for the control plane, which CIS 1.1.13–1.1.18 name. */
export const CONTROL_PLANE_KUBECONFIGS = ['/etc/kubernetes/admin.conf', '/etc/kubernetes/super-admin.conf', '/etc/kubernetes/scheduler.conf', '/etc/kubernetes/controller-manager.conf'];
export const PKI_DIR = '/etc/kubernetes/pki';
export const CNI_DIR = '/etc/cni/net.d';
export const DEFAULT_ETCD_DATA_DIR = '/var/lib/etcd';
export const DEFAULT_KUBELET_KUBECONFIG = '/etc/kubernetes/kubelet.conf';

/** Reads everything the node checks judge from a host root. Missing parts are recorded as missing, never guessed. */
export async function readNodeSnapshot(options: ReadNodeOptions): Promise<NodeSnapshot> {
  const root = new HostRoot(options.root);
  const rootStat = await stat(options.root).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw new Error(`--root ${options.root}: not a directory`);
  await root.loadAccounts();
  const procDir = options.proc ?? path.join(options.root, 'proc');
  const errors: string[] = [];
  const processes = await findComponentProcesses(procDir).catch((err: Error) => {
    errors.push(`${procDir}: cannot list processes: ${err.message}`);
    return new Map();
  });

  const components = {} as Record<ControlPlaneComponent, ComponentInput>;
  for (const name of CONTROL_PLANE_COMPONENTS) {
    const input: ComponentInput = { name };
    const manifest = await readStaticPodManifest(root, name);
    if (manifest) input.manifest = manifest;
    const process = processes.get(name);
    if (process) input.process = process;
    const flags = chooseFlags(manifest?.flags, process && parseFlags(process.argv.slice(1), `process ${process.pid}`));
    if (flags) input.flags = flags;
    components[name] = input;
  }

  const kubelet = await readKubelet(root, processes.get('kubelet'));
  const kubeProxy = await readKubeProxy(root, procDir, processes.get('kube-proxy'));

  const configFiles: Record<string, ConfigFile> = {};
  const apiserver = components['kube-apiserver'].flags?.values ?? {};
  const etcd = components.etcd.flags?.values ?? {};
  for (const file of [apiserver['audit-policy-file'], apiserver['encryption-provider-config'], apiserver['client-ca-file'], etcd['trusted-ca-file'], apiserver['authorization-config'], apiserver['authentication-config']]) {
    if (file && !configFiles[file]) configFiles[file] = await readConfigFile(root, file);
  }
  const apiserverFlags = components['kube-apiserver'].flags;
  if (apiserverFlags) applyStructuredConfig(apiserverFlags, configFiles, errors);

  const statPaths = new Set<string>([...CONTROL_PLANE_KUBECONFIGS, PKI_DIR, CNI_DIR, DEFAULT_KUBELET_KUBECONFIG]);
  for (const name of CONTROL_PLANE_COMPONENTS) statPaths.add(components[name].manifest?.path ?? `${MANIFEST_DIR}/${name}.yaml`);
  for (const name of ['kube-scheduler', 'kube-controller-manager'] as const) {
    const kubeconfig = components[name].flags?.values.kubeconfig;
    if (kubeconfig) statPaths.add(kubeconfig);
  }
  statPaths.add(etcd['data-dir'] ?? DEFAULT_ETCD_DATA_DIR);
  for (const file of kubelet.unit?.files ?? []) statPaths.add(file);
  const kubeletFlags = kubelet.flags?.values ?? {};
  for (const file of [kubeletFlags.kubeconfig, kubeletFlags.config, kubeletFlags['client-ca-file'], clientCaOfConfig(kubelet.config?.content)]) if (file) statPaths.add(file);
  for (const d of kubelet.configDropIns) statPaths.add(d.path);

  const listings: NodeSnapshot['listings'] = {};
  for (const dir of [PKI_DIR, CNI_DIR]) {
    try {
      const entries = (await root.stat(dir)).exists ? await root.listRecursive(dir) : [];
      listings[dir] = { entries };
      for (const e of entries) statPaths.add(e);
    } catch (err) {
      listings[dir] = { entries: [], error: `${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
    }
  }
  const stats: Record<string, FileStat> = {};
  for (const p of [...statPaths].sort()) stats[p] = await root.stat(p);

  return { hostname: await hostname(root, options), root: options.root, components, kubelet, kubeProxy, configFiles, stats, listings, errors };
}

/** The process's command line is what runs; the manifest's is kept (for its file and lines) when the two agree. */
function chooseFlags(manifest: FlagSet | undefined, process: FlagSet | undefined): FlagSet | undefined {
  if (!process) return manifest;
  if (manifest && sameValues(manifest.values, process.values)) return { ...manifest, origin: `${manifest.origin} (${process.origin})` };
  return process;
}

function sameValues(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

async function readKubelet(root: HostRoot, process: KubeletInput['process']): Promise<KubeletInput> {
  const input: KubeletInput = { configDropIns: [] };
  const unit = await readKubeletUnit(root);
  if (unit) input.unit = unit;
  if (process) input.process = process;
  const flags = process ? parseFlags(process.argv.slice(1), `process ${process.pid}`) : unit?.flags;
  if (flags) input.flags = flags;
  const configPath = flags?.values.config;
  if (configPath) input.config = await readConfigFile(root, configPath);
  const dropInDir = flags?.values['config-dir'];
  if (dropInDir) {
    for (const name of (await root.list(dropInDir)).filter((n) => n.endsWith('.conf'))) input.configDropIns.push(await readConfigFile(root, `${dropInDir}/${name}`));
  }
  return input;
}

async function readKubeProxy(root: HostRoot, procDir: string, process: KubeProxyInput['process']): Promise<KubeProxyInput> {
  if (!process) return {};
  const flags = parseFlags(process.argv.slice(1), `process ${process.pid}`);
  const input: KubeProxyInput = { process, flags };
  // kube-proxy usually runs in a DaemonSet pod: its files are in the container, reachable through /proc/<pid>/root.
  const containerRoot = new HostRoot(path.join(procDir, String(process.pid), 'root'));
  const kubeconfig = flags.values.kubeconfig;
  if (kubeconfig) {
    const onHost = await root.stat(kubeconfig);
    input.kubeconfig = onHost.exists ? onHost : await containerRoot.stat(kubeconfig).then((s) => (s.exists || s.error ? { ...s, path: `${kubeconfig} (in the kube-proxy container)` } : onHost));
  }
  const config = flags.values.config;
  if (config) {
    const onHost = await readConfigFile(root, config);
    input.config = onHost.error ? await readConfigFile(containerRoot, config).then((c) => (c.error ? onHost : c)) : onHost;
  }
  return input;
}

export async function readConfigFile(root: HostRoot, file: string): Promise<ConfigFile> {
  let bytes: Buffer;
  try {
    bytes = await root.readBytes(file);
  } catch (err) {
    return { path: file, error: `${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (/\.(crt|pem|key)$/.test(file)) return { path: file, sha256 };
  const doc = parseDocument(bytes.toString('utf8'));
  if (doc.errors.length > 0) return { path: file, sha256, error: `${file}: not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}` };
  return { path: file, sha256, content: doc.toJS() as unknown };
}

/**
 * Since Kubernetes 1.30 the API server may take its authorisers from `--authorization-config`
 * (AuthorizationConfiguration) and anonymous access from `--authentication-config`
 * (AuthenticationConfiguration) instead of `--authorization-mode` and `--anonymous-auth`, which
 * it then refuses alongside them. The flag checks judge the effective setting, so the files' values
 * are folded into the flags they replace, with the file named as the origin.
 */
const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

export function applyStructuredConfig(flags: FlagSet, configFiles: Record<string, ConfigFile>, errors: string[]): void {
  const authz = flags.values['authorization-config'];
  if (authz && flags.values['authorization-mode'] === undefined) {
    const file = configFiles[authz];
    const authorizers = (file?.content as { authorizers?: { type?: unknown }[] } | undefined)?.authorizers;
    if (file?.error) errors.push(file.error);
    else if (!Array.isArray(authorizers) || authorizers.some((a) => typeof a?.type !== 'string')) errors.push(`${authz}: authorizers: expected a list of {type: …} (AuthorizationConfiguration)`);
    else {
      flags.values['authorization-mode'] = authorizers.map((a) => a.type as string).join(',');
      flags.origin = `${flags.origin}; authorizers from ${authz}`;
    }
  }
  const authn = flags.values['authentication-config'];
  if (authn && flags.values['anonymous-auth'] === undefined) {
    const file = configFiles[authn];
    if (file?.error) errors.push(file.error);
    else {
      const anonymous = (file?.content as { anonymous?: { enabled?: unknown } } | undefined)?.anonymous;
      // Absent from the file, anonymous access keeps its default (enabled). Enabled only for the
      // health endpoints (`conditions`) is what the benchmark's remediation itself recommends.
      const conditions = (anonymous as { conditions?: { path?: unknown }[] } | undefined)?.conditions;
      const healthOnly = Array.isArray(conditions) && conditions.length > 0 && conditions.every((c) => typeof c?.path === 'string' && HEALTH_PATHS.has(c.path));
      if (anonymous && typeof anonymous.enabled === 'boolean') {
        flags.values['anonymous-auth'] = String(anonymous.enabled && !healthOnly);
        flags.origin = `${flags.origin}; anonymous${healthOnly ? ' (health paths only)' : ''} from ${authn}`;
      }
    }
  }
}

function clientCaOfConfig(content: unknown): string | undefined {
  const ca = (content as { authentication?: { x509?: { clientCAFile?: unknown } } } | undefined)?.authentication?.x509?.clientCAFile;
  return typeof ca === 'string' && ca ? ca : undefined;
}

async function hostname(root: HostRoot, options: ReadNodeOptions): Promise<string> {
  if (options.nodeName) return options.nodeName;
  try {
    const name = (await root.readText('/etc/hostname')).trim();
    if (name) return name;
  } catch {
    // Not every host has /etc/hostname; fall through.
  }
  if (path.resolve(options.root) === '/') return os.hostname();
  return 'unknown';
}
