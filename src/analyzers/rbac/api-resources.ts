/**
 * What Rampart knows of the Kubernetes API without a cluster to ask: the API group of the built-in
 * resources, which of them are cluster-scoped (a RoleBinding can never grant those), and the short
 * names kubectl accepts. Resources it does not know (custom resources) are taken as namespaced.
 */

const GROUP_OF: Readonly<Record<string, string>> = {
  pods: '',
  secrets: '',
  configmaps: '',
  services: '',
  serviceaccounts: '',
  nodes: '',
  persistentvolumes: '',
  persistentvolumeclaims: '',
  namespaces: '',
  endpoints: '',
  events: '',
  replicationcontrollers: '',
  limitranges: '',
  resourcequotas: '',
  podtemplates: '',
  componentstatuses: '',
  bindings: '',
  deployments: 'apps',
  statefulsets: 'apps',
  daemonsets: 'apps',
  replicasets: 'apps',
  controllerrevisions: 'apps',
  jobs: 'batch',
  cronjobs: 'batch',
  roles: 'rbac.authorization.k8s.io',
  rolebindings: 'rbac.authorization.k8s.io',
  clusterroles: 'rbac.authorization.k8s.io',
  clusterrolebindings: 'rbac.authorization.k8s.io',
  certificatesigningrequests: 'certificates.k8s.io',
  signers: 'certificates.k8s.io',
  mutatingwebhookconfigurations: 'admissionregistration.k8s.io',
  validatingwebhookconfigurations: 'admissionregistration.k8s.io',
  validatingadmissionpolicies: 'admissionregistration.k8s.io',
  validatingadmissionpolicybindings: 'admissionregistration.k8s.io',
  networkpolicies: 'networking.k8s.io',
  ingresses: 'networking.k8s.io',
  ingressclasses: 'networking.k8s.io',
  poddisruptionbudgets: 'policy',
  storageclasses: 'storage.k8s.io',
  csidrivers: 'storage.k8s.io',
  csinodes: 'storage.k8s.io',
  volumeattachments: 'storage.k8s.io',
  customresourcedefinitions: 'apiextensions.k8s.io',
  tokenreviews: 'authentication.k8s.io',
  selfsubjectreviews: 'authentication.k8s.io',
  subjectaccessreviews: 'authorization.k8s.io',
  selfsubjectaccessreviews: 'authorization.k8s.io',
  selfsubjectrulesreviews: 'authorization.k8s.io',
  localsubjectaccessreviews: 'authorization.k8s.io',
  horizontalpodautoscalers: 'autoscaling',
  leases: 'coordination.k8s.io',
  endpointslices: 'discovery.k8s.io',
  priorityclasses: 'scheduling.k8s.io',
  runtimeclasses: 'node.k8s.io',
  apiservices: 'apiregistration.k8s.io',
  // Impersonation targets: not stored objects, but authorised as resources of the core group.
  users: '',
  groups: '',
  uids: '',
  userextras: 'authentication.k8s.io',
};

/** Resources that live outside any namespace: only a ClusterRoleBinding grants access to them. */
const CLUSTER_SCOPED = new Set([
  'nodes',
  'persistentvolumes',
  'namespaces',
  'componentstatuses',
  'clusterroles',
  'clusterrolebindings',
  'certificatesigningrequests',
  'signers',
  'mutatingwebhookconfigurations',
  'validatingwebhookconfigurations',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'ingressclasses',
  'storageclasses',
  'csidrivers',
  'csinodes',
  'volumeattachments',
  'customresourcedefinitions',
  'tokenreviews',
  'selfsubjectreviews',
  'subjectaccessreviews',
  'selfsubjectaccessreviews',
  'selfsubjectrulesreviews',
  'priorityclasses',
  'runtimeclasses',
  'apiservices',
  'users',
  'groups',
  'uids',
  'userextras',
]);

/** kubectl's short and singular names for the resources above. */
const ALIASES: Readonly<Record<string, string>> = {
  po: 'pods',
  pod: 'pods',
  secret: 'secrets',
  cm: 'configmaps',
  configmap: 'configmaps',
  svc: 'services',
  service: 'services',
  sa: 'serviceaccounts',
  serviceaccount: 'serviceaccounts',
  no: 'nodes',
  node: 'nodes',
  pv: 'persistentvolumes',
  persistentvolume: 'persistentvolumes',
  pvc: 'persistentvolumeclaims',
  persistentvolumeclaim: 'persistentvolumeclaims',
  ns: 'namespaces',
  namespace: 'namespaces',
  ep: 'endpoints',
  rc: 'replicationcontrollers',
  deploy: 'deployments',
  deployment: 'deployments',
  sts: 'statefulsets',
  statefulset: 'statefulsets',
  ds: 'daemonsets',
  daemonset: 'daemonsets',
  rs: 'replicasets',
  replicaset: 'replicasets',
  job: 'jobs',
  cj: 'cronjobs',
  cronjob: 'cronjobs',
  role: 'roles',
  rolebinding: 'rolebindings',
  clusterrole: 'clusterroles',
  clusterrolebinding: 'clusterrolebindings',
  csr: 'certificatesigningrequests',
  certificatesigningrequest: 'certificatesigningrequests',
  netpol: 'networkpolicies',
  networkpolicy: 'networkpolicies',
  ing: 'ingresses',
  ingress: 'ingresses',
  pdb: 'poddisruptionbudgets',
  sc: 'storageclasses',
  crd: 'customresourcedefinitions',
  crds: 'customresourcedefinitions',
  hpa: 'horizontalpodautoscalers',
};

export function isClusterScoped(resource: string): boolean {
  return CLUSTER_SCOPED.has(resource);
}

export interface ResourceArgument {
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** False when the group was assumed (a bare name Rampart does not know): the caller says so. */
  groupKnown: boolean;
}

/**
 * Reads `secrets`, `pods/exec`, `deploy`, `deployments.apps`, `deployments.apps/scale` or
 * `widgets.example.com` as kubectl does: an optional `.group` after the resource name, an
 * optional `/subresource`. Returns undefined for text that cannot be a resource.
 */
export function parseResourceArgument(text: string): ResourceArgument | undefined {
  const m = /^([a-z0-9*][a-z0-9.*-]*)(?:\/([a-z0-9*-]+))?$/.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  const [, head = '', subresource] = m;
  const dot = head.indexOf('.');
  const rawName = dot < 0 ? head : head.slice(0, dot);
  const explicitGroup = dot < 0 ? undefined : head.slice(dot + 1);
  const resource = ALIASES[rawName] ?? rawName;
  const known = GROUP_OF[resource];
  const out: ResourceArgument = {
    resource,
    apiGroup: explicitGroup ?? known ?? '',
    groupKnown: explicitGroup !== undefined || known !== undefined,
  };
  if (subresource) out.subresource = subresource;
  return out;
}
