import type { KubeObject, KubeResource, ObjectPath } from '../../model/index.js';
import { isRecord } from '../../model/index.js';

/**
 * The pod template inside every pod-bearing kind, with its path, validated just enough that
 * checks can trust the shapes they iterate (lists are lists, securityContexts are mappings).
 */

export const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

/** Where the pod spec and pod metadata sit in each pod-bearing kind. */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, { spec: ObjectPath; metadata: ObjectPath }>> = {
  Pod: { spec: ['spec'], metadata: ['metadata'] },
  Deployment: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  StatefulSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  DaemonSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  ReplicaSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  ReplicationController: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  Job: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  CronJob: {
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
  PodTemplate: { spec: ['template', 'spec'], metadata: ['template', 'metadata'] },
};

export function isPodBearing(kind: string): boolean {
  return Object.hasOwn(POD_TEMPLATE_PATHS, kind);
}

/* Shapes of the fields the checks read. Values come from untrusted input; validatePodSpec checks
   the containers and lists, and checks compare leaf values strictly (`=== true`). */

export interface SeccompProfile {
  type?: string;
  localhostProfile?: string;
}
export interface SELinuxOptions {
  type?: string;
  user?: string;
  role?: string;
  level?: string;
}
export interface AppArmorProfile {
  type?: string;
  localhostProfile?: string;
}
export interface WindowsOptions {
  hostProcess?: boolean;
}
export interface Capabilities {
  add?: string[];
  drop?: string[];
}
export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  procMount?: string;
  capabilities?: Capabilities;
  seccompProfile?: SeccompProfile;
  seLinuxOptions?: SELinuxOptions;
  appArmorProfile?: AppArmorProfile;
  windowsOptions?: WindowsOptions;
}
export interface PodSecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  fsGroup?: number;
  supplementalGroups?: number[];
  sysctls?: { name?: string; value?: string }[];
  seccompProfile?: SeccompProfile;
  seLinuxOptions?: SELinuxOptions;
  appArmorProfile?: AppArmorProfile;
  windowsOptions?: WindowsOptions;
}
export interface HandlerHost {
  httpGet?: { host?: string; port?: unknown };
  tcpSocket?: { host?: string; port?: unknown };
  exec?: unknown;
}
export interface EnvVar {
  name?: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name?: string; key?: string }; configMapKeyRef?: unknown };
}
export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  securityContext?: SecurityContext;
  ports?: { containerPort?: number; hostPort?: number; hostIP?: string; name?: string; protocol?: string }[];
  env?: EnvVar[];
  envFrom?: { secretRef?: { name?: string }; configMapRef?: unknown; prefix?: string }[];
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
  livenessProbe?: HandlerHost;
  readinessProbe?: HandlerHost;
  startupProbe?: HandlerHost;
  lifecycle?: { postStart?: HandlerHost; preStop?: HandlerHost };
  volumeMounts?: { name?: string; mountPath?: string; readOnly?: boolean }[];
}
export interface Volume {
  name: string;
  [source: string]: unknown;
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  securityContext?: PodSecurityContext;
  volumes?: Volume[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostUsers?: boolean;
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  os?: { name?: string };
  [field: string]: unknown;
}

/** A pod template as the checks see it. Paths are absolute within the object. */
export interface PodView {
  resource: KubeResource;
  spec: PodSpec;
  specPath: ObjectPath;
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  metadataPath: ObjectPath;
}

export interface ContainerView {
  name: string;
  list: ContainerList;
  index: number;
  spec: Container;
  /** Absolute path of the container, e.g. ['spec','template','spec','containers',1]. */
  path: ObjectPath;
  /** `container:<name>`, the fingerprint subject of container-level findings. */
  subject: string;
}

export class PodSpecError extends Error {
  constructor(
    message: string,
    readonly path: ObjectPath,
  ) {
    super(message);
  }
}

/** The pod template of a pod-bearing resource; throws PodSpecError when its shape is wrong. */
export function podViewOf(resource: KubeResource): PodView | undefined {
  const paths = POD_TEMPLATE_PATHS[resource.kind];
  if (!paths) return undefined;
  const spec = getIn(resource.object, paths.spec);
  if (!isRecord(spec)) throw new PodSpecError('expected a pod spec (a mapping)', paths.spec);
  validatePodSpec(spec, paths.spec);
  const metadata = getIn(resource.object, paths.metadata);
  if (metadata !== undefined && !isRecord(metadata)) throw new PodSpecError('expected a mapping', paths.metadata);
  for (const field of ['labels', 'annotations'] as const) {
    const value = metadata?.[field];
    if (value !== undefined && value !== null && !isRecord(value)) throw new PodSpecError('expected a mapping', [...paths.metadata, field]);
  }
  return {
    resource,
    spec: spec as unknown as PodSpec,
    specPath: paths.spec,
    metadata: (metadata ?? {}) as PodView['metadata'],
    metadataPath: paths.metadata,
  };
}

const containerViews = new WeakMap<PodView, readonly ContainerView[]>();

/**
 * Every container of the pod (containers, initContainers, ephemeralContainers), in that order.
 * Built once per pod: thirty checks visit the same containers.
 */
export function containersOf(pod: PodView): readonly ContainerView[] {
  const known = containerViews.get(pod);
  if (known) return known;
  const out: ContainerView[] = [];
  for (const list of CONTAINER_LISTS) {
    const containers = pod.spec[list];
    if (!containers) continue;
    containers.forEach((spec, index) => {
      out.push({ name: spec.name, list, index, spec, path: [...pod.specPath, list, index], subject: `container:${spec.name}` });
    });
  }
  containerViews.set(pod, out);
  return out;
}

export function getIn(object: unknown, path: ObjectPath): unknown {
  let node: unknown = object;
  for (const seg of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

const MAPPINGS_IN_SECURITY_CONTEXT = ['capabilities', 'seccompProfile', 'seLinuxOptions', 'appArmorProfile', 'windowsOptions'];

function validatePodSpec(spec: KubeObject, at: ObjectPath): void {
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    throw new PodSpecError('expected a non-empty list of containers', [...at, 'containers']);
  }
  for (const list of CONTAINER_LISTS) {
    const value = spec[list];
    if (value === undefined || value === null) {
      delete spec[list];
      continue;
    }
    if (!Array.isArray(value)) throw new PodSpecError('expected a list', [...at, list]);
    value.forEach((c: unknown, i) => {
      const cpath = [...at, list, i];
      if (!isRecord(c)) throw new PodSpecError('expected a container (a mapping)', cpath);
      if (typeof c.name !== 'string' || c.name === '') throw new PodSpecError('missing or not a string', [...cpath, 'name']);
      expectMapping(c, 'securityContext', cpath);
      if (isRecord(c.securityContext)) {
        for (const f of MAPPINGS_IN_SECURITY_CONTEXT) expectMapping(c.securityContext, f, [...cpath, 'securityContext']);
        const caps = c.securityContext.capabilities;
        if (isRecord(caps)) for (const f of ['add', 'drop']) expectList(caps, f, [...cpath, 'securityContext', 'capabilities'], true);
      }
      for (const f of ['ports', 'env', 'envFrom', 'volumeMounts']) expectList(c, f, cpath, false);
      for (const f of ['resources', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']) expectMapping(c, f, cpath);
    });
  }
  expectMapping(spec, 'securityContext', at);
  if (isRecord(spec.securityContext)) {
    for (const f of MAPPINGS_IN_SECURITY_CONTEXT) expectMapping(spec.securityContext, f, [...at, 'securityContext']);
    expectList(spec.securityContext, 'sysctls', [...at, 'securityContext'], false);
  }
  expectList(spec, 'volumes', at, false);
  if (Array.isArray(spec.volumes)) {
    spec.volumes.forEach((v: unknown, i) => {
      if (!isRecord(v) || typeof v.name !== 'string') throw new PodSpecError('expected a volume with a name', [...at, 'volumes', i]);
    });
  }
}

function expectMapping(parent: KubeObject, field: string, at: ObjectPath): void {
  const value = parent[field];
  if (value === null) delete parent[field];
  else if (value !== undefined && !isRecord(value)) throw new PodSpecError('expected a mapping', [...at, field]);
}

function expectList(parent: KubeObject, field: string, at: ObjectPath, strings: boolean): void {
  const value = parent[field];
  if (value === null) {
    delete parent[field];
    return;
  }
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new PodSpecError('expected a list', [...at, field]);
  value.forEach((item: unknown, i) => {
    if (strings ? typeof item !== 'string' : !isRecord(item)) {
      throw new PodSpecError(`expected ${strings ? 'a string' : 'a mapping'}`, [...at, field, i]);
    }
  });
}
