import type { InputError, KubeObject, KubeResource } from '../../model/index.js';
import { isRecord } from '../../model/index.js';
import type { ClusterTarget } from './cluster-config.js';
import { discoverKinds, type ResolvedKind, type UnavailableKind } from './cluster-discovery.js';
import { KubeApiClient, KubeApiError, type ApiClientOptions } from './cluster-http.js';
import { CONTROLLED_BY, groupVersionPath } from './cluster-kinds.js';

/**
 * Reads a live cluster through its API: discovery, then every kind the analyzers need, listed in
 * pages (`limit`/`continue`) a few kinds at a time, each object handed to `onResource` as its page
 * arrives. What could not be read is returned as unavailable kinds with the reason, never
 * silently left out. Objects a controller owns (the Pods of a ReplicaSet, the ReplicaSets of a
 * Deployment) are flagged `controlled`: their owner's template is the workload to analyse.
 */

export type { UnavailableKind } from './cluster-discovery.js';
export { KubeApiClient, KubeApiError } from './cluster-http.js';

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  platform?: string;
}

export interface CollectOptions extends ApiClientOptions {
  /** Only this namespace (cluster-scoped RBAC kinds are still read: they grant rights in it). */
  namespace?: string;
  /** Kinds listed at once. */
  concurrency?: number;
  /** Objects per page. */
  pageSize?: number;
  /** Limit to these kinds (e.g. only what the selected scanners read); all when absent. */
  kinds?: ReadonlySet<string>;
  onResource(resource: KubeResource, info: { controlled: boolean }): void;
  /** Called as each kind completes, for progress. */
  onKindDone?(kind: string, count: number): void;
}

export interface CollectionResult {
  server: string;
  context: string;
  version?: ServerVersion;
  versionError?: string;
  unavailable: UnavailableKind[];
  notInstalled: string[];
  /** Objects read per kind. */
  counts: Map<string, number>;
  /** Malformed items (no name): reported, the rest carries on. */
  errors: InputError[];
  requests: number;
}

/** `-n` names a namespace the cluster does not have: an input error, never a clean pass. */
export class NamespaceNotFoundError extends Error {}

export async function collectCluster(target: ClusterTarget, options: CollectOptions): Promise<CollectionResult> {
  // One keep-alive connection per concurrently listed kind, reused by every page and retry.
  const client = new KubeApiClient(target.kubeConfig, target.server, { maxSockets: options.concurrency ?? 4, ...options });
  try {
    return await collectWith(client, target, options);
  } finally {
    client.close();
  }
}

async function collectWith(client: KubeApiClient, target: ClusterTarget, options: CollectOptions): Promise<CollectionResult> {
  const result: CollectionResult = {
    server: target.server,
    context: target.context,
    unavailable: [],
    notInstalled: [],
    counts: new Map(),
    errors: [],
    requests: 0,
  };
  const complete = new Set<string>();
  const toResource = (item: KubeObject, kind: string, apiVersion: string): KubeResource | undefined => {
    const metadata = item.metadata;
    if (!isRecord(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
      result.errors.push({ source: target.server, message: `${kind} list: an item has no metadata.name; skipped` });
      return undefined;
    }
    // Bulky bookkeeping no check reads: dropping it halves the memory a large cluster takes.
    delete metadata.managedFields;
    if (isRecord(metadata.annotations)) delete metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
    item.apiVersion = apiVersion;
    item.kind = kind;
    const resource: KubeResource = { apiVersion, kind, name: metadata.name, object: item, source: target.server, cluster: target.context, lineOf: () => undefined };
    if (typeof metadata.namespace === 'string' && metadata.namespace) resource.namespace = metadata.namespace;
    return resource;
  };

  const [version, discovery] = await Promise.all([
    client.getJson('/version').then(
      (v) => (isServerVersion(v) ? { version: v } : { error: 'GET /version: not a version document' }),
      (err: unknown) => ({ error: `GET /version: ${err instanceof KubeApiError ? err.reason : (err as Error).message}` }),
    ),
    discoverKinds(client),
  ]);
  if ('version' in version && version.version) result.version = version.version;
  else if ('error' in version) result.versionError = version.error;
  result.notInstalled = discovery.notInstalled;
  const wanted = (kind: string): boolean => !options.kinds || options.kinds.has(kind);
  for (const u of discovery.unavailable) if (wanted(u.kind)) result.unavailable.push(u);

  let kinds = discovery.kinds.filter((k) => wanted(k.spec.kind));
  if (options.namespace) {
    const ns = options.namespace;
    kinds = kinds.filter((k) => k.spec.namespaced || k.spec.clusterScopedInNamespaceScan);
    try {
      const object = await client.getJson(`/api/v1/namespaces/${encodeURIComponent(ns)}`);
      const resource = isRecord(object) ? toResource(object, 'Namespace', 'v1') : undefined;
      if (resource && wanted('Namespace')) {
        options.onResource(resource, { controlled: false });
        result.counts.set('Namespace', 1);
      }
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) {
        throw new NamespaceNotFoundError(`namespace "${ns}" not found in cluster ${target.context} (${target.server})`);
      }
      // Cannot tell whether it exists; the lists below still say whether anything is in it.
      result.unavailable.push({ kind: 'Namespace', resource: 'namespaces', verb: 'get', reason: `get namespaces/${ns}: ${describe(err)}` });
    }
  }

  const listKind = async (resolved: ResolvedKind): Promise<void> => {
    const { spec } = resolved;
    const scope = spec.namespaced && options.namespace ? `/namespaces/${encodeURIComponent(options.namespace)}` : '';
    const base = `${groupVersionPath(spec.group, resolved.version)}${scope}/${spec.resource}`;
    const owners = CONTROLLED_BY[spec.kind] ?? [];
    let count = 0;
    let token: string | undefined;
    try {
      do {
        const query = `?limit=${options.pageSize ?? 500}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
        const list = await client.getJson(base + query);
        if (!isRecord(list) || !Array.isArray(list.items)) throw new KubeApiError(base + query, 200, 'response is not a list (no items)');
        // List items carry no apiVersion/kind on the wire: the list's own kind names them.
        const kind = typeof list.kind === 'string' && list.kind.endsWith('List') ? list.kind.slice(0, -4) : spec.kind;
        const apiVersion = typeof list.apiVersion === 'string' ? list.apiVersion : resolved.apiVersion;
        for (const item of list.items) {
          if (!isRecord(item)) continue;
          const resource = toResource(item, kind, apiVersion);
          if (!resource) continue;
          count++;
          options.onResource(resource, { controlled: isControlled(item, owners, complete) });
        }
        const metadata = list.metadata;
        token = isRecord(metadata) && typeof metadata.continue === 'string' && metadata.continue ? metadata.continue : undefined;
      } while (token);
      complete.add(spec.kind);
    } catch (err) {
      const where = spec.namespaced ? (options.namespace ? `in namespace ${options.namespace}` : 'in all namespaces') : 'cluster-wide';
      const partial = count > 0 ? ` (stopped after ${count} objects)` : '';
      result.unavailable.push({
        kind: spec.kind,
        resource: spec.group ? `${spec.resource}.${spec.group}` : spec.resource,
        verb: 'list',
        reason: `list ${spec.group ? `${spec.resource}.${spec.group}` : spec.resource} ${where}: ${describe(err)}${partial}`,
      });
    }
    result.counts.set(spec.kind, (result.counts.get(spec.kind) ?? 0) + count);
    options.onKindDone?.(spec.kind, count);
  };

  for (const phase of [0, 1, 2] as const) {
    await runBounded(kinds.filter((k) => k.spec.phase === phase), options.concurrency ?? 4, listKind);
  }
  result.requests = client.requests;
  return result;
}

/** Owned by a controller whose kind was read in full: the owner's template stands for it. */
function isControlled(item: KubeObject, ownerKinds: readonly string[], complete: ReadonlySet<string>): boolean {
  if (ownerKinds.length === 0 || !isRecord(item.metadata) || !Array.isArray(item.metadata.ownerReferences)) return false;
  return item.metadata.ownerReferences.some((ref) => isRecord(ref) && ref.controller === true && typeof ref.kind === 'string' && ownerKinds.includes(ref.kind) && complete.has(ref.kind));
}

function isServerVersion(value: unknown): value is ServerVersion {
  return isRecord(value) && typeof value.major === 'string' && typeof value.minor === 'string' && typeof value.gitVersion === 'string';
}

function describe(err: unknown): string {
  return err instanceof KubeApiError ? err.reason : (err as Error).message;
}

async function runBounded<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
