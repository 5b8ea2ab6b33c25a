import { kubeObjectAsset, type Asset, type KubeResource, type ObjectPath } from '../../model/index.js';
import type { NetNamespace, NetPod } from './model.js';

/**
 * What network findings are about and where they point. A namespace-level finding is about the
 * Namespace (the same asset whether or not its object was read, so its fingerprint does not
 * change when the object is added); it points at the Namespace object, or, when the input does
 * not hold one, at a workload of the namespace.
 */

export interface NamespaceInScope {
  ns: NetNamespace;
  resource: KubeResource;
  path: ObjectPath;
  asset: Asset;
}

/** Namespaces the input declares (a Namespace object) or uses (it holds workloads), in name order. */
export function namespacesInScope(namespaces: readonly NetNamespace[]): NamespaceInScope[] {
  const out: NamespaceInScope[] = [];
  for (const ns of namespaces) {
    const first = ns.pods[0];
    const resource = ns.resource ?? first?.view.resource;
    if (!resource) continue;
    const ref: Parameters<typeof kubeObjectAsset>[0] = { kind: 'Namespace', name: ns.name, apiVersion: 'v1' };
    if (resource.cluster) ref.cluster = resource.cluster;
    out.push({ ns, resource, path: ns.resource ? ['metadata', 'name'] : ['metadata', 'namespace'], asset: kubeObjectAsset(ref) });
  }
  return out;
}

/**
 * The workload as the asset of a finding whose evidence sits in another object (a policy): the
 * same asset the engine gives findings located on the workload itself.
 */
export function workloadAsset(pod: NetPod): Asset {
  const r = pod.view.resource;
  const ref: Parameters<typeof kubeObjectAsset>[0] = { kind: r.kind, name: r.name, apiVersion: r.apiVersion };
  if (r.namespace) ref.namespace = r.namespace;
  if (r.cluster) ref.cluster = r.cluster;
  return kubeObjectAsset(ref);
}

/** `a, b, c and 4 more` / `a、b、c 等 7 个`. */
export function listSome(items: readonly string[], max = 5): { en: string; zh: string } {
  if (items.length <= max) return { en: items.join(', '), zh: items.join('、') };
  const shown = items.slice(0, max);
  return { en: `${shown.join(', ')} and ${items.length - max} more`, zh: `${shown.join('、')} 等 ${items.length} 个` };
}
