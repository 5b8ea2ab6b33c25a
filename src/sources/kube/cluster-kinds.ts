/**
 * The kinds a cluster scan lists: what the workload, namespace, RBAC, network and cluster
 * analyzers read. Secrets and ConfigMaps are never listed: no check needs their contents.
 *
 * `optional` kinds come from add-ons (Istio, Gateway API): when discovery says their API group is
 * not served, the add-on is not installed and there is nothing to read. A built-in group missing
 * from discovery is different: the kind exists in every cluster, so its absence means the scan
 * could not see it, and the checks that need it are reported as not evaluated.
 *
 * `phase` orders the lists so that a controller's kind is complete before the objects it owns
 * arrive: Pods (phase 2) owned by a ReplicaSet, DaemonSet, StatefulSet or Job are then analysed
 * through their owner's template, not once more each.
 */

export interface KindSpec {
  group: string;
  /** Versions this scan understands, preferred first. */
  versions: readonly string[];
  /** Plural resource name in the API path. */
  resource: string;
  kind: string;
  namespaced: boolean;
  optional?: boolean;
  /** Listed cluster-wide even when the scan is limited to one namespace (RBAC needs ClusterRoles). */
  clusterScopedInNamespaceScan?: boolean;
  phase: 0 | 1 | 2;
}

export const CLUSTER_KINDS: readonly KindSpec[] = [
  { group: '', versions: ['v1'], resource: 'namespaces', kind: 'Namespace', namespaced: false, phase: 0 },
  { group: '', versions: ['v1'], resource: 'services', kind: 'Service', namespaced: true, phase: 0 },
  { group: '', versions: ['v1'], resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, phase: 0 },
  { group: '', versions: ['v1'], resource: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true, phase: 0 },
  { group: 'apps', versions: ['v1'], resource: 'deployments', kind: 'Deployment', namespaced: true, phase: 0 },
  { group: 'apps', versions: ['v1'], resource: 'statefulsets', kind: 'StatefulSet', namespaced: true, phase: 0 },
  { group: 'apps', versions: ['v1'], resource: 'daemonsets', kind: 'DaemonSet', namespaced: true, phase: 0 },
  { group: 'batch', versions: ['v1'], resource: 'cronjobs', kind: 'CronJob', namespaced: true, phase: 0 },
  { group: 'networking.k8s.io', versions: ['v1'], resource: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, phase: 0 },
  { group: 'networking.k8s.io', versions: ['v1'], resource: 'ingresses', kind: 'Ingress', namespaced: true, phase: 0 },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], resource: 'roles', kind: 'Role', namespaced: true, phase: 0 },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], resource: 'rolebindings', kind: 'RoleBinding', namespaced: true, phase: 0 },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], resource: 'clusterroles', kind: 'ClusterRole', namespaced: false, clusterScopedInNamespaceScan: true, phase: 0 },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false, clusterScopedInNamespaceScan: true, phase: 0 },
  { group: 'admissionregistration.k8s.io', versions: ['v1'], resource: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration', namespaced: false, phase: 0 },
  { group: 'admissionregistration.k8s.io', versions: ['v1'], resource: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', namespaced: false, phase: 0 },
  { group: 'security.istio.io', versions: ['v1', 'v1beta1'], resource: 'peerauthentications', kind: 'PeerAuthentication', namespaced: true, optional: true, phase: 0 },
  { group: 'gateway.networking.k8s.io', versions: ['v1', 'v1beta1'], resource: 'gateways', kind: 'Gateway', namespaced: true, optional: true, phase: 0 },
  { group: 'gateway.networking.k8s.io', versions: ['v1', 'v1beta1'], resource: 'httproutes', kind: 'HTTPRoute', namespaced: true, optional: true, phase: 0 },
  { group: 'gateway.networking.k8s.io', versions: ['v1', 'v1alpha2'], resource: 'grpcroutes', kind: 'GRPCRoute', namespaced: true, optional: true, phase: 0 },
  { group: 'apps', versions: ['v1'], resource: 'replicasets', kind: 'ReplicaSet', namespaced: true, phase: 1 },
  { group: 'batch', versions: ['v1'], resource: 'jobs', kind: 'Job', namespaced: true, phase: 1 },
  { group: '', versions: ['v1'], resource: 'pods', kind: 'Pod', namespaced: true, phase: 2 },
];

/** Which owner kinds make an object a controller's copy rather than a workload of its own. */
export const CONTROLLED_BY: Readonly<Record<string, readonly string[]>> = {
  Pod: ['ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicationController'],
  ReplicaSet: ['Deployment'],
  Job: ['CronJob'],
};

export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}
