/**
 * What `rampart node` reads from a host root: the Kubernetes components' command lines (from the
 * running processes, the static pod manifests and the kubelet's systemd unit), the kubelet's
 * configuration file, and the mode and owner of the files the CIS Kubernetes Benchmark names.
 * The node source fills it; the node analyzer judges it. Paths are host paths (`/etc/kubernetes/…`),
 * never prefixed with the root they were read under.
 */

export type ControlPlaneComponent = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd';
export const CONTROL_PLANE_COMPONENTS: readonly ControlPlaneComponent[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'];

/** A command line split into flags: `--name=value`, `--name value`, `-name=value`; a bare boolean flag has value `true`. */
export interface FlagSet {
  /** Last occurrence wins, as with pflag. */
  values: Record<string, string>;
  /** Where the command line came from, for evidence: `process 1234`, `/etc/kubernetes/manifests/etcd.yaml`. */
  origin: string;
  /** Host file the flags were read from, when a file (manifest, unit); absent for a process. */
  file?: string;
  /** 1-based line of each flag in `file`, when known. */
  lines?: Record<string, number>;
}

export interface NodeProcess {
  pid: number;
  argv: string[];
}

export interface StaticPodManifest {
  path: string;
  /** Set when the manifest exists but could not be read or parsed; `flags` is then absent. */
  error?: string;
  flags?: FlagSet;
}

export interface ComponentInput {
  name: ControlPlaneComponent;
  manifest?: StaticPodManifest;
  process?: NodeProcess;
  /** The flags the checks judge: the running process's when one is seen, else the manifest's. */
  flags?: FlagSet;
}

/** A YAML file the checks read the content of (kubelet config, audit policy, encryption config). */
export interface ConfigFile {
  path: string;
  /** Parsed YAML/JSON; absent when `error` is set. */
  content?: unknown;
  error?: string;
  /** SHA-256 of the bytes, for comparing files (etcd's CA against the API server's). */
  sha256?: string;
}

export interface KubeletInput {
  process?: NodeProcess;
  /** The systemd unit and drop-ins that start the kubelet, with the command line they yield. */
  unit?: { files: string[]; flags?: FlagSet; error?: string };
  /** The kubelet's flags: from the process when running, else from its systemd unit. */
  flags?: FlagSet;
  /** The file named by `--config`. */
  config?: ConfigFile;
  /** Drop-ins of `--config-dir`, in the order the kubelet applies them. */
  configDropIns: ConfigFile[];
}

export interface KubeProxyInput {
  process?: NodeProcess;
  flags?: FlagSet;
  /** The `--config` file: on the host, else inside the kube-proxy container (through /proc/<pid>/root). */
  config?: ConfigFile;
  /** The `--kubeconfig` file, found the same way. */
  kubeconfig?: FileStat;
}

export interface FileStat {
  path: string;
  exists: boolean;
  /** Permission bits (`0o600`), without the file type. */
  mode?: number;
  uid?: number;
  gid?: number;
  /** Names from the root's /etc/passwd and /etc/group, when listed there. */
  user?: string;
  group?: string;
  directory?: boolean;
  /** Why the file could not be examined (permission denied…); `exists` is then false. */
  error?: string;
}

export interface NodeSnapshot {
  hostname: string;
  /** The host root that was read, as given. */
  root: string;
  components: Record<ControlPlaneComponent, ComponentInput>;
  kubelet: KubeletInput;
  kubeProxy: KubeProxyInput;
  /** Files named by `--audit-policy-file`, `--encryption-provider-config`, the CA files: by host path. */
  configFiles: Record<string, ConfigFile>;
  /** Every file the checks need the mode and owner of, by host path. */
  stats: Record<string, FileStat>;
  /** Directory listings the checks need (PKI, CNI), by host path: the host paths of the entries, recursively. */
  listings: Record<string, { entries: string[]; error?: string }>;
  /** Problems reading the root that are not any one check's input. */
  errors: string[];
}
