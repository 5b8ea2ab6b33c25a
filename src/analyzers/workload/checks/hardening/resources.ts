import { isRecord, type ObjectPath } from '../../../../model/index.js';
import type { Violation } from '../../check.js';
import type { PodView } from '../../pod-spec.js';
import { templateContainersOf } from './template-containers.js';

export const COMPUTE_RESOURCES = ['cpu', 'memory'] as const;
export type ComputeResource = (typeof COMPUTE_RESOURCES)[number];
export type ResourceSection = 'limits' | 'requests';

/** The resources a `limits` or `requests` mapping sets (null and empty strings do not count). */
export function resourcesSet(section: unknown): Set<ComputeResource> {
  const out = new Set<ComputeResource>();
  if (!isRecord(section)) return out;
  for (const r of COMPUTE_RESOURCES) if (section[r] != null && section[r] !== '') out.add(r);
  return out;
}

/**
 * One violation per template container that leaves a compute resource of `section` unset.
 * `coveredBy` adds what else satisfies a resource for that container (e.g. a limit standing in
 * for a request). Pod-level `spec.resources` (Kubernetes 1.32+) covers every container: the pod's
 * cgroup then bounds or reserves for all of them together.
 */
export function missingResourceViolations(
  pod: PodView,
  section: ResourceSection,
  coveredBy: (resources: { limits?: unknown; requests?: unknown }) => Set<ComputeResource>,
): Violation[] {
  const podResources: unknown = pod.spec.resources;
  const podLevel = isRecord(podResources) ? [...resourcesSet(podResources[section]), ...coveredBy(podResources)] : [];
  const out: Violation[] = [];
  for (const c of templateContainersOf(pod)) {
    const resources = c.spec.resources ?? {};
    const set = new Set([...resourcesSet(resources[section]), ...coveredBy(resources), ...podLevel]);
    const missing = COMPUTE_RESOURCES.filter((r) => !set.has(r));
    if (missing.length === 0) continue;
    const fields = missing.map((r) => `${section}.${r}`).join(', ');
    const only = missing.length === 1 ? missing[0] : undefined;
    const path: ObjectPath = [...c.path, 'resources', section, ...(only ? [only] : [])];
    out.push({
      path,
      subject: c.subject,
      container: c.name,
      message: { en: `container "${c.name}" sets no ${fields}`, zh: `容器“${c.name}”未设置 ${fields}` },
      evidence: `missing: ${fields}`,
    });
  }
  return out;
}
