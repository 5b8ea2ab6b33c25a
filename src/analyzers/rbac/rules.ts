/**
 * How one RBAC PolicyRule matches a request, as the API server's RBAC authorizer decides it
 * (k8s.io/kubernetes pkg/apis/rbac/v1 evaluation helpers), so that what Rampart answers is what
 * the cluster would allow:
 * - verbs, apiGroups: the value itself or `*`;
 * - resources: `*`, the exact `resource` or `resource/subresource`, or `*\/subresource` (any
 *   resource's subresource of that name). `pods/*` is NOT a wildcard: it names a subresource
 *   literally called `*`, which does not exist, so it grants nothing on pods/exec;
 * - resourceNames: an empty list matches every name; otherwise the request must name one of them.
 *   A request that names no object (create, list without a name field selector, deletecollection)
 *   is never allowed by a rule limited to names;
 * - nonResourceURLs: `*`, the exact path, or a prefix ending in `*` (`/metrics*`, `/api/*`).
 * Rules only add; there is no deny.
 */

export interface PolicyRule {
  verbs: readonly string[];
  apiGroups: readonly string[];
  resources: readonly string[];
  resourceNames: readonly string[];
  nonResourceURLs: readonly string[];
}

export interface ResourceRequest {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** The object named by the request; undefined when it names none (create, list, deletecollection). */
  name?: string;
}

export interface NonResourceRequest {
  verb: string;
  path: string;
}

export const ALL = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.includes(ALL) || rule.verbs.includes(verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.includes(ALL) || rule.apiGroups.includes(group);
}

export function resourceMatches(rule: PolicyRule, resource: string, subresource?: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources) {
    if (r === ALL || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  if (rule.resourceNames.length === 0) return true;
  return name !== undefined && rule.resourceNames.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === ALL || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

/** Whether the rule allows the request, exactly as the RBAC authorizer evaluates it. */
export function ruleAllows(rule: PolicyRule, request: ResourceRequest): boolean {
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, request.resource, request.subresource) &&
    resourceNameMatches(rule, request.name)
  );
}

export function ruleAllowsNonResource(rule: PolicyRule, request: NonResourceRequest): boolean {
  return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
}

/**
 * Which objects the rule lets the verb act on, for questions that name no object ("who can get
 * secrets"): every object (`'all'`), only the named ones, or none. A top-level create or a
 * deletecollection cannot be limited by name, so a rule limited to names grants neither.
 */
export function namesGranted(rule: PolicyRule, request: Omit<ResourceRequest, 'name'>): 'all' | readonly string[] | undefined {
  if (!verbMatches(rule, request.verb) || !apiGroupMatches(rule, request.apiGroup) || !resourceMatches(rule, request.resource, request.subresource)) {
    return undefined;
  }
  if (rule.resourceNames.length === 0) return 'all';
  const unnameable = (request.verb === 'create' && !request.subresource) || request.verb === 'deletecollection';
  return unnameable ? undefined : rule.resourceNames;
}

/** Every verb on every resource of every API group: what cluster-admin grants. */
export function isFullWildcard(rule: PolicyRule): boolean {
  return rule.verbs.includes(ALL) && rule.apiGroups.includes(ALL) && rule.resources.includes(ALL);
}

/** `*` among the verbs, API groups, resources or non-resource URLs. */
export function hasWildcard(rule: PolicyRule): boolean {
  return rule.verbs.includes(ALL) || rule.apiGroups.includes(ALL) || rule.resources.includes(ALL) || rule.nonResourceURLs.includes(ALL);
}

/** `get, list on secrets (core)`, `get on /metrics`: a rule in one line, for evidence and tables. */
export function formatRule(rule: PolicyRule): string {
  if (rule.nonResourceURLs.length > 0) return `${rule.verbs.join(',')} ${rule.nonResourceURLs.join(',')}`;
  const groups = rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(',');
  const names = rule.resourceNames.length ? ` [${rule.resourceNames.join(',')}]` : '';
  return `${rule.verbs.join(',')} ${rule.resources.join(',')}${names} (${groups})`;
}
