import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EventContext } from '../../../model/event.js';
import { workloadFromPod } from '../attribution.js';

/**
 * Which container a host process belongs to, from its cgroup path, and what the container
 * runtime's own files say about that container (name, image, pod, namespace). Read under a node
 * root (`--root /host`) so the agent can run in a pod with the host's filesystem mounted.
 */

export type ContainerRuntime = 'docker' | 'containerd' | 'cri-o' | 'podman';

export interface ContainerRef {
  /** 64 hex characters. */
  id: string;
  /** The runtime the cgroup path names; undefined when it is a bare id (cgroupfs driver under kubepods). */
  runtime?: ContainerRuntime;
  /** The pod's uid when the path is under kubepods. */
  podUid?: string;
}

export interface ContainerMetadata {
  id: string;
  runtime?: ContainerRuntime;
  name?: string;
  image?: string;
  imageDigest?: string;
  pod?: string;
  namespace?: string;
  workload?: { kind: string; name: string };
}

const ID = '([0-9a-f]{64})';
// A segment that is a container's own cgroup, by runtime; `crio-conmon-<id>` (the monitor) does not match.
const SEGMENT_PATTERNS: { pattern: RegExp; runtime?: ContainerRuntime }[] = [
  { pattern: new RegExp(`^docker-${ID}\\.scope$`), runtime: 'docker' },
  { pattern: new RegExp(`^cri-containerd-${ID}\\.scope$`), runtime: 'containerd' },
  { pattern: new RegExp(`^crio-${ID}(?:\\.scope)?$`), runtime: 'cri-o' },
  { pattern: new RegExp(`^libpod-${ID}(?:\\.scope)?$`), runtime: 'podman' },
  { pattern: new RegExp(`^${ID}$`) },
];
const POD_UID = /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})/;

/**
 * The container in a `/proc/PID/cgroup` text, or undefined for a host process. The innermost
 * (last) container segment wins, so a pod inside a kind node resolves to the pod's container.
 */
export function containerFromCgroup(text: string): ContainerRef | undefined {
  for (const line of text.split('\n')) {
    // `hierarchy-id:controllers:path`; the path may itself hold colons (never before the second).
    const second = line.indexOf(':', line.indexOf(':') + 1);
    if (second < 0) continue;
    const cgroupPath = line.slice(second + 1);
    const segments = cgroupPath.split('/');
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i] as string;
      for (const { pattern, runtime } of SEGMENT_PATTERNS) {
        const m = pattern.exec(segment);
        if (!m) continue;
        const ref: ContainerRef = { id: m[1] as string };
        const parent = segments[i - 1];
        const hinted = runtime ?? (parent === 'docker' ? 'docker' : parent === 'libpod_parent' ? 'podman' : undefined);
        if (hinted) ref.runtime = hinted;
        const uid = POD_UID.exec(cgroupPath);
        if (uid) ref.podUid = (uid[1] as string).replace(/_/g, '-');
        return ref;
      }
    }
  }
  return undefined;
}

export interface ContainerResolverOptions {
  /** The node's root as this process sees it (`/host` in a pod); `/proc` is read below it too. */
  root?: string;
  /** Entries kept per cache (pid → container, container → metadata). */
  cacheSize?: number;
  /** How long "no metadata found" is remembered, since a runtime may write its files a moment late. */
  negativeTtlMs?: number;
}

/** Resolves pids to containers with bounded caches; never throws for a process or file that is gone. */
export class ContainerResolver {
  private readonly root: string;
  private readonly cacheSize: number;
  private readonly negativeTtlMs: number;
  private readonly byPid = new Map<number, ContainerRef | null>();
  private readonly byId = new Map<string, { metadata: ContainerMetadata; found: boolean; at: number }>();

  constructor(options: ContainerResolverOptions = {}) {
    this.root = options.root ?? '/';
    this.cacheSize = options.cacheSize ?? 8192;
    this.negativeTtlMs = options.negativeTtlMs ?? 30_000;
  }

  /**
   * The container of `pid`, or null for a host process, or undefined when the process and its
   * fallbacks are all gone and nothing was cached. `fresh` re-reads the cgroup (a new exec).
   */
  async containerOfPid(pid: number, options: { fallbackPids?: number[]; fresh?: boolean } = {}): Promise<ContainerRef | null | undefined> {
    if (!options.fresh && this.byPid.has(pid)) return this.byPid.get(pid);
    const read = await this.readCgroup(pid);
    if (read !== undefined) {
      remember(this.byPid, pid, read, this.cacheSize);
      return read;
    }
    // The process already exited: its parent is almost always in the same container. A host
    // parent (containerd-shim, runc) says nothing about a container's first process, so only a
    // container answer is taken from it.
    let sawHost = false;
    for (const other of options.fallbackPids ?? []) {
      if (other <= 0) continue;
      const known = this.byPid.has(other) ? this.byPid.get(other) : await this.readCgroup(other);
      if (known) {
        remember(this.byPid, pid, known, this.cacheSize);
        return known;
      }
      if (known === null) sawHost = true;
    }
    if (this.byPid.has(pid)) return this.byPid.get(pid);
    return sawHost ? null : undefined;
  }

  /** Records what is known about a pid from elsewhere (e.g. its parent's container at exec). */
  rememberPid(pid: number, ref: ContainerRef | null): void {
    remember(this.byPid, pid, ref, this.cacheSize);
  }

  /** The runtime's metadata for a container, cached per id. */
  async metadata(ref: ContainerRef): Promise<ContainerMetadata> {
    const cached = this.byId.get(ref.id);
    if (cached && (cached.found || Date.now() - cached.at < this.negativeTtlMs)) return cached.metadata;
    const found = await this.readMetadata(ref);
    const metadata = found ?? { id: ref.id, ...(ref.runtime ? { runtime: ref.runtime } : {}) };
    remember(this.byId, ref.id, { metadata, found: found !== undefined, at: Date.now() }, this.cacheSize);
    return metadata;
  }

  /** Event context fields for a pid: container id and, when the runtime says, name, image, pod, namespace, workload. */
  async contextForPid(pid: number, options: { fallbackPids?: number[]; fresh?: boolean } = {}): Promise<Partial<EventContext>> {
    const ref = await this.containerOfPid(pid, options);
    if (!ref) return {};
    return contextOf(await this.metadata(ref));
  }

  private async readCgroup(pid: number): Promise<ContainerRef | null | undefined> {
    let text: string;
    try {
      text = await readFile(path.join(this.root, 'proc', String(pid), 'cgroup'), 'utf8');
    } catch {
      return undefined;
    }
    return containerFromCgroup(text) ?? null;
  }

  private async readMetadata(ref: ContainerRef): Promise<ContainerMetadata | undefined> {
    const order: ContainerRuntime[] = ref.runtime ? [ref.runtime] : ['containerd', 'cri-o', 'docker', 'podman'];
    for (const runtime of order) {
      const metadata = await this.readRuntime(runtime, ref.id);
      if (metadata) return metadata;
    }
    return undefined;
  }

  private async readRuntime(runtime: ContainerRuntime, id: string): Promise<ContainerMetadata | undefined> {
    if (runtime === 'docker') {
      const config = await readJson(path.join(this.root, 'var/lib/docker/containers', id, 'config.v2.json'));
      return config ? fromDockerConfig(id, config) : undefined;
    }
    if (runtime === 'containerd') {
      // Kubernetes containers live in the k8s.io namespace, Docker's in moby.
      for (const namespace of ['k8s.io', 'moby', 'default']) {
        const spec = await readJson(path.join(this.root, 'run/containerd/io.containerd.runtime.v2.task', namespace, id, 'config.json'));
        if (spec) return fromOciAnnotations(id, 'containerd', spec);
      }
      return undefined;
    }
    for (const store of ['run/containers/storage', 'var/lib/containers/storage']) {
      const spec = await readJson(path.join(this.root, store, 'overlay-containers', id, 'userdata', 'config.json'));
      if (spec) return fromOciAnnotations(id, runtime, spec);
    }
    return undefined;
  }
}

/** A Docker `config.v2.json`: the container's name, image and labels (Kubernetes' own under dockershim/cri-dockerd). */
export function fromDockerConfig(id: string, config: Record<string, unknown>): ContainerMetadata {
  const inner = asRecord(config.Config);
  const labels = stringRecord(inner?.Labels);
  const metadata: ContainerMetadata = { id, runtime: 'docker' };
  const name = typeof config.Name === 'string' ? config.Name.replace(/^\//, '') : undefined;
  setIf(metadata, 'name', labels['io.kubernetes.container.name'] ?? name);
  setIf(metadata, 'image', typeof inner?.Image === 'string' ? inner.Image : undefined);
  // The image id (config digest): enough to notice that a container now runs a different image.
  setIf(metadata, 'imageDigest', typeof config.Image === 'string' && config.Image.startsWith('sha256:') ? config.Image : undefined);
  setPod(metadata, labels['io.kubernetes.pod.name'], labels['io.kubernetes.pod.namespace']);
  return metadata;
}

/** An OCI runtime spec written by containerd's CRI plugin, CRI-O or Podman: Kubernetes names are annotations. */
export function fromOciAnnotations(id: string, runtime: ContainerRuntime, spec: Record<string, unknown>): ContainerMetadata {
  const a = stringRecord(spec.annotations);
  const metadata: ContainerMetadata = { id, runtime };
  setIf(metadata, 'name', a['io.kubernetes.cri.container-name'] ?? a['io.kubernetes.container.name']);
  setIf(metadata, 'image', a['io.kubernetes.cri.image-name'] ?? a['io.kubernetes.cri-o.ImageName']);
  const imageRef = a['io.kubernetes.cri-o.ImageRef'];
  setIf(metadata, 'imageDigest', imageRef && /^(sha256:)?[0-9a-f]{64}$/.test(imageRef) ? (imageRef.startsWith('sha256:') ? imageRef : `sha256:${imageRef}`) : undefined);
  setPod(metadata, a['io.kubernetes.cri.sandbox-name'] ?? a['io.kubernetes.pod.name'], a['io.kubernetes.cri.sandbox-namespace'] ?? a['io.kubernetes.pod.namespace']);
  return metadata;
}

export function contextOf(metadata: ContainerMetadata): Partial<EventContext> {
  const context: Partial<EventContext> = { containerId: metadata.id };
  if (metadata.name) context.containerName = metadata.name;
  if (metadata.image) context.image = metadata.image;
  if (metadata.imageDigest) context.imageDigest = metadata.imageDigest;
  if (metadata.pod) context.pod = metadata.pod;
  if (metadata.namespace) context.namespace = metadata.namespace;
  if (metadata.workload) context.workload = metadata.workload;
  return context;
}

function setPod(metadata: ContainerMetadata, pod: string | undefined, namespace: string | undefined): void {
  if (!pod) return;
  metadata.pod = pod;
  if (namespace) metadata.namespace = namespace;
  metadata.workload = workloadFromPod({ name: pod });
}

function setIf<K extends keyof ContainerMetadata>(target: ContainerMetadata, key: K, value: ContainerMetadata[K] | undefined): void {
  if (value !== undefined && value !== '') target[key] = value;
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return asRecord(JSON.parse(text));
  } catch {
    return undefined; // a half-written file: the negative cache retries it later
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value) ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value as K);
}
