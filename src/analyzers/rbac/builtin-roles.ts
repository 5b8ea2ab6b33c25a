import type { PolicyRule } from './rules.js';

/**
 * ClusterRoles every cluster has without anyone applying them, so that a binding to `edit` or
 * `cluster-admin` in a manifest is understood without the role in the input. Rules follow
 * Kubernetes' bootstrap policy as of v1.33 (plugin/pkg/auth/authorizer/rbac/bootstrappolicy),
 * reduced to what matters for access analysis; `admin`, `edit` and `view` are aggregated as the
 * cluster aggregates them, so a ClusterRole labelled `rbac.authorization.k8s.io/aggregate-to-edit`
 * in the input flows into `edit` and `admin`. A ClusterRole of the same name in the input (a live
 * export) replaces the built-in one. Other `system:` roles are taken to exist, with rules unknown.
 */

export interface BuiltinClusterRole {
  name: string;
  labels?: Record<string, string>;
  aggregateFrom?: string;
  rules: PolicyRule[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ_WRITE = [...READ, ...WRITE];
const AGGREGATE = (to: string): string => `rbac.authorization.k8s.io/aggregate-to-${to}`;

function rule(verbs: string[], apiGroups: string[], resources: string[]): PolicyRule {
  return { verbs, apiGroups, resources, resourceNames: [], nonResourceURLs: [] };
}

function urls(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs };
}

export const BUILTIN_CLUSTER_ROLES: readonly BuiltinClusterRole[] = [
  {
    name: 'cluster-admin',
    rules: [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])],
  },
  { name: 'admin', aggregateFrom: AGGREGATE('admin'), rules: [] },
  { name: 'edit', labels: { [AGGREGATE('admin')]: 'true' }, aggregateFrom: AGGREGATE('edit'), rules: [] },
  { name: 'view', labels: { [AGGREGATE('edit')]: 'true' }, aggregateFrom: AGGREGATE('view'), rules: [] },
  {
    name: 'system:aggregate-to-admin',
    labels: { [AGGREGATE('admin')]: 'true' },
    rules: [rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']), rule(READ_WRITE, ['rbac.authorization.k8s.io'], ['rolebindings', 'roles'])],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: { [AGGREGATE('edit')]: 'true' },
    rules: [
      rule(READ, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
      rule(['impersonate'], [''], ['serviceaccounts']),
      rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
      rule(['create'], [''], ['pods/eviction']),
      rule(WRITE, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']),
      rule(['create'], [''], ['serviceaccounts/token']),
      rule(WRITE, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
      rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
      rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
      rule(WRITE, ['policy'], ['poddisruptionbudgets']),
      rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
      rule(WRITE, ['coordination.k8s.io'], ['leases']),
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: { [AGGREGATE('view')]: 'true' },
    rules: [
      rule(READ, [''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status']),
      rule(READ, [''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status']),
      rule(READ, [''], ['namespaces']),
      rule(READ, ['discovery.k8s.io'], ['endpointslices']),
      rule(READ, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']),
      rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
      rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
      rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
      rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
    ],
  },
  {
    name: 'system:discovery',
    rules: [urls(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'])],
  },
  {
    name: 'system:basic-user',
    rules: [
      rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
      rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    ],
  },
  { name: 'system:public-info-viewer', rules: [urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])] },
  {
    name: 'system:service-account-issuer-discovery',
    rules: [urls(['get'], ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'])],
  },
  {
    name: 'system:auth-delegator',
    rules: [rule(['create'], ['authentication.k8s.io'], ['tokenreviews']), rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews'])],
  },
];

/** Non-resource paths any client may need to talk to the API server at all. */
const DISCOVERY_PATHS = new Set(BUILTIN_CLUSTER_ROLES.filter((r) => ['system:discovery', 'system:public-info-viewer', 'system:service-account-issuer-discovery'].includes(r.name)).flatMap((r) => r.rules.flatMap((x) => x.nonResourceURLs)));
const SELF_REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

/**
 * Whether a rule grants no more than what Kubernetes gives every client: reading the discovery,
 * health, version and OIDC-discovery paths, and asking what one may do oneself.
 */
export function isDiscoveryOnly(rule: PolicyRule): boolean {
  if (rule.nonResourceURLs.length > 0) return rule.verbs.every((v) => v === 'get' || v === 'head') && rule.nonResourceURLs.every((u) => DISCOVERY_PATHS.has(u));
  return (
    rule.verbs.every((v) => v === 'create') &&
    rule.apiGroups.every((g) => g === 'authorization.k8s.io' || g === 'authentication.k8s.io') &&
    rule.resources.every((r) => SELF_REVIEWS.has(r))
  );
}
