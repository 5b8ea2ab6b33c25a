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
  /** The object's or subject's own name (`api`, `alice@bank.example`): what waiver `name` selectors match. */
  objectName?: string;
  cluster?: string;
  namespace?: string;
  kind?: string;
  apiVersion?: string;
}

/** `k8s://<cluster>/<namespace>/<Kind>/<name>`; an empty segment means "not set". */
export function kubeObjectRef(o: { cluster?: string; namespace?: string; kind: string; name: string }): string {
  return `k8s://${o.cluster ?? ''}/${o.namespace ?? ''}/${o.kind}/${o.name}`;
}

/** The kinds of subject an RBAC binding can name. */
export type RbacSubjectKind = 'User' | 'Group' | 'ServiceAccount';

/**
 * `rbac://<cluster>/<Kind>/<namespace>/<name>`: a User, Group or ServiceAccount as RBAC bindings
 * name it (the namespace segment is empty for users and groups). Findings about what a subject
 * may do refer to it, wherever the granting binding sits.
 */
export function rbacSubjectRef(s: { kind: RbacSubjectKind; name: string; namespace?: string; cluster?: string }): string {
  return `rbac://${s.cluster ?? ''}/${s.kind}/${s.namespace ?? ''}/${s.name}`;
}

export function rbacSubjectAsset(s: { kind: RbacSubjectKind; name: string; namespace?: string; cluster?: string }): Asset {
  return namedAsset('rbac-subject', rbacSubjectRef(s), s);
}

export function kubeObjectAsset(o: { cluster?: string; namespace?: string; kind: string; name: string; apiVersion?: string }): Asset {
  const asset = namedAsset('k8s-object', kubeObjectRef(o), o);
  if (o.apiVersion) asset.apiVersion = o.apiVersion;
  return asset;
}

/** An asset named by cluster, namespace, kind and name: display name `namespace/Kind/name`, optional parts only when set. */
function namedAsset(type: AssetType, ref: string, o: { cluster?: string; namespace?: string; kind: string; name: string }): Asset {
  const asset: Asset = { type, ref, name: [o.namespace, o.kind, o.name].filter(Boolean).join('/'), objectName: o.name, kind: o.kind };
  if (o.cluster) asset.cluster = o.cluster;
  if (o.namespace) asset.namespace = o.namespace;
  return asset;
}
