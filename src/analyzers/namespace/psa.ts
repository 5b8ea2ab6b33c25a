import { isRecord, type KubeResource, type ObjectPath, type PssLevel } from '../../model/index.js';
import type { Inventory } from '../inventory.js';
import { parsePssVersion, type PssVersion, type Violation } from '../workload/check.js';
import type { PodView } from '../workload/pod-spec.js';
import { evaluatePss } from '../workload/pss.js';

/**
 * Pod Security Admission as a Namespace declares it through its `pod-security.kubernetes.io/*`
 * labels, resolved the way the admission plugin resolves them.
 */

export const PSA_LABEL = {
  enforce: 'pod-security.kubernetes.io/enforce',
  enforceVersion: 'pod-security.kubernetes.io/enforce-version',
  audit: 'pod-security.kubernetes.io/audit',
  warn: 'pod-security.kubernetes.io/warn',
} as const;

export type PsaLevel = PssLevel | 'privileged';
const LEVELS: readonly string[] = ['privileged', 'baseline', 'restricted'];
// The admission plugin's own pattern: `v1.` and a minor without leading zeros; `1.33` is invalid.
const VERSION = /^v1\.(?:0|[1-9]\d*)$/;

export function isPsaLevel(value: string): value is PsaLevel {
  return LEVELS.includes(value);
}

export function isPsaVersion(value: string): boolean {
  return value === 'latest' || VERSION.test(value);
}

/** The namespace's string labels; anything else in `metadata.labels` is ignored. */
export function labelsOf(resource: KubeResource): Record<string, string> {
  const metadata = resource.object.metadata;
  const labels = isRecord(metadata) ? metadata.labels : undefined;
  if (!isRecord(labels)) return {};
  return Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function labelPath(key: string): ObjectPath {
  return ['metadata', 'labels', key];
}

export interface EnforcePolicy {
  level: PsaLevel;
  version: PssVersion;
  /** The label values as written, when present. */
  levelLabel?: string;
  versionLabel?: string;
}

/**
 * The level and version the admission plugin enforces for a namespace. As upstream: no enforce
 * label means the cluster default, which is `privileged` unless the API server's
 * AdmissionConfiguration says otherwise (a manifest cannot show that); an invalid level is
 * enforced as `restricted` and an invalid version as `latest` (fail closed). `latest`, or no
 * version, means the newest rules the cluster knows: here the scan's policy version, which is
 * `latest` unless the operator pinned it to the cluster's version.
 */
export function enforcePolicyOf(namespace: KubeResource, scanVersion: PssVersion): EnforcePolicy {
  const labels = labelsOf(namespace);
  const levelLabel = labels[PSA_LABEL.enforce];
  const versionLabel = labels[PSA_LABEL.enforceVersion];
  const level: PsaLevel = levelLabel === undefined ? 'privileged' : isPsaLevel(levelLabel) ? levelLabel : 'restricted';
  let version: PssVersion = scanVersion;
  if (versionLabel !== undefined && versionLabel !== 'latest' && isPsaVersion(versionLabel)) {
    version = parsePssVersion(versionLabel) ?? scanVersion;
  }
  const policy: EnforcePolicy = { level, version };
  if (levelLabel !== undefined) policy.levelLabel = levelLabel;
  if (versionLabel !== undefined) policy.versionLabel = versionLabel;
  return policy;
}

/** `v1.33` or `latest`, as the labels write versions. */
export function formatPssVersion(version: PssVersion): string {
  return version === 'latest' ? 'latest' : `v1.${version}`;
}

/** Workloads of the inventory that live in the namespace (same cluster, same name). */
export function workloadsIn(inventory: Inventory, namespace: KubeResource): PodView[] {
  let byNamespace = grouped.get(inventory);
  if (!byNamespace) {
    byNamespace = new Map();
    for (const w of inventory.workloads) {
      const key = `${w.resource.cluster ?? ''}/${w.resource.namespace ?? ''}`;
      const list = byNamespace.get(key);
      if (list) list.push(w);
      else byNamespace.set(key, [w]);
    }
    grouped.set(inventory, byNamespace);
  }
  return byNamespace.get(`${namespace.cluster ?? ''}/${namespace.name}`) ?? [];
}

/** Workloads by `cluster/namespace`, built once per inventory: posture and checks both ask. */
const grouped = new WeakMap<Inventory, Map<string, PodView[]>>();

/** What the policy would reject in the workload's pod template; empty when admitted. */
export function rejectionsOf(pod: PodView, policy: EnforcePolicy): { checkId: string; violation: Violation }[] {
  return evaluatePss(pod, policy.level, policy.version);
}
