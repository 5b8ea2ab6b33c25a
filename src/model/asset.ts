/**
 * What was examined. `ref` is the stable reference that fingerprints, waivers and history use:
 * it names the thing, never where it was read from (file or line), so the same workload read from
 * a file today and from a cluster tomorrow is the same asset.
 */
export type AssetType = 'k8s-object' | 'image' | 'node' | 'rbac-subject' | 'host' | 'file';

export interface Asset {
  type: AssetType;
  ref: string;
  /** Short display name, e.g. `payments/Deployment/api`. */
  name: string;
  cluster?: string;
  namespace?: string;
  kind?: string;
  apiVersion?: string;
}

/** `k8s://<cluster>/<namespace>/<Kind>/<name>`; an empty segment means "not set". */
export function kubeObjectRef(o: { cluster?: string; namespace?: string; kind: string; name: string }): string {
  return `k8s://${o.cluster ?? ''}/${o.namespace ?? ''}/${o.kind}/${o.name}`;
}

export function kubeObjectAsset(o: {
  cluster?: string;
  namespace?: string;
  kind: string;
  name: string;
  apiVersion?: string;
}): Asset {
  const asset: Asset = {
    type: 'k8s-object',
    ref: kubeObjectRef(o),
    name: [o.namespace, o.kind, o.name].filter(Boolean).join('/'),
    kind: o.kind,
  };
  if (o.cluster) asset.cluster = o.cluster;
  if (o.namespace) asset.namespace = o.namespace;
  if (o.apiVersion) asset.apiVersion = o.apiVersion;
  return asset;
}
