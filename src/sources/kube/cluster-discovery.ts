import { isRecord } from '../../model/index.js';
import { KubeApiError, type KubeApiClient } from './cluster-http.js';
import { CLUSTER_KINDS, groupVersionPath, type KindSpec } from './cluster-kinds.js';

/**
 * API discovery: which of the kinds a scan needs this server serves, at which version, and which
 * it could not tell. A kind is only ever "not there" when discovery answered and did not list it
 * for an add-on group; every other gap is an unavailable input with its reason.
 */

export interface ResolvedKind {
  spec: KindSpec;
  version: string;
  /** `apps/v1` or `v1`. */
  apiVersion: string;
}

/** A kind the scan could not read: which resource, which verb, which error. */
export interface UnavailableKind {
  kind: string;
  resource: string;
  verb: string;
  reason: string;
}

export interface DiscoveryResult {
  kinds: ResolvedKind[];
  unavailable: UnavailableKind[];
  /** Add-on kinds whose API group is not installed (not an error). */
  notInstalled: string[];
}

export async function discoverKinds(client: KubeApiClient, specs: readonly KindSpec[] = CLUSTER_KINDS): Promise<DiscoveryResult> {
  const result: DiscoveryResult = { kinds: [], unavailable: [], notInstalled: [] };
  const unavailable = (spec: KindSpec, reason: string): void => {
    result.unavailable.push({ kind: spec.kind, resource: spec.group ? `${spec.resource}.${spec.group}` : spec.resource, verb: 'discover', reason });
  };

  // Versions served per group: the core group from /api, the named groups from /apis.
  const served = new Map<string, Set<string>>();
  const groupErrors = new Map<string, string>();
  const [core, named] = await Promise.allSettled([client.getJson('/api'), client.getJson('/apis')]);
  if (core.status === 'fulfilled' && isRecord(core.value) && Array.isArray(core.value.versions)) {
    served.set('', new Set(core.value.versions.filter((v): v is string => typeof v === 'string')));
  } else {
    groupErrors.set('', `GET /api: ${reasonOf(core)}`);
  }
  if (named.status === 'fulfilled' && isRecord(named.value) && Array.isArray(named.value.groups)) {
    for (const group of named.value.groups) {
      if (!isRecord(group) || typeof group.name !== 'string' || !Array.isArray(group.versions)) continue;
      served.set(group.name, new Set(group.versions.map((v) => (isRecord(v) ? v.version : undefined)).filter((v): v is string => typeof v === 'string')));
    }
  } else {
    const reason = `GET /apis: ${reasonOf(named)}`;
    for (const spec of specs) if (spec.group !== '') groupErrors.set(spec.group, reason);
  }

  // Pick a version per kind, then read each group-version's resource list once.
  const chosen = new Map<KindSpec, string>();
  for (const spec of specs) {
    const groupError = groupErrors.get(spec.group);
    if (groupError) {
      unavailable(spec, groupError);
      continue;
    }
    const versions = served.get(spec.group);
    const version = spec.versions.find((v) => versions?.has(v));
    if (version) {
      chosen.set(spec, version);
    } else if (spec.optional && !versions) {
      result.notInstalled.push(spec.kind);
    } else {
      const label = spec.group || 'core';
      unavailable(spec, versions
        ? `API group ${label} serves ${[...versions].join(', ') || 'no version'}, none of ${spec.versions.join(', ')}`
        : `API group ${label} is not served by the API server (discovery)`);
    }
  }
  const groupVersions = [...new Set([...chosen].map(([spec, v]) => groupVersionPath(spec.group, v)))];
  const lists = new Map<string, { resources?: Map<string, { namespaced: boolean; verbs: string[] }>; error?: string }>();
  await Promise.all(groupVersions.map(async (path) => {
    try {
      const body = await client.getJson(path);
      const resources = new Map<string, { namespaced: boolean; verbs: string[] }>();
      if (isRecord(body) && Array.isArray(body.resources)) {
        for (const r of body.resources) {
          if (!isRecord(r) || typeof r.name !== 'string') continue;
          resources.set(r.name, { namespaced: r.namespaced === true, verbs: Array.isArray(r.verbs) ? r.verbs.filter((v): v is string => typeof v === 'string') : [] });
        }
      }
      lists.set(path, { resources });
    } catch (err) {
      lists.set(path, { error: `GET ${path}: ${err instanceof KubeApiError ? err.reason : (err as Error).message}` });
    }
  }));
  for (const [spec, version] of chosen) {
    const path = groupVersionPath(spec.group, version);
    const list = lists.get(path);
    const entry = list?.resources?.get(spec.resource);
    if (list?.error) {
      unavailable(spec, list.error);
    } else if (!entry) {
      if (spec.optional) result.notInstalled.push(spec.kind);
      else unavailable(spec, `${path} does not list the resource ${spec.resource}`);
    } else if (!entry.verbs.includes('list')) {
      unavailable(spec, `${path}: ${spec.resource} does not support list`);
    } else {
      result.kinds.push({ spec, version, apiVersion: spec.group ? `${spec.group}/${version}` : version });
    }
  }
  return result;
}

function reasonOf(settled: PromiseSettledResult<unknown>): string {
  if (settled.status === 'fulfilled') return 'unexpected response (not a discovery document)';
  const err = settled.reason as unknown;
  return err instanceof KubeApiError ? err.reason : (err as Error).message;
}
