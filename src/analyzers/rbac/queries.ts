import { isClusterScoped } from './api-resources.js';
import { CLUSTER, type Grant, type RbacGraph, type Scope } from './graph.js';
import { namesGranted, nonResourceURLMatches, verbMatches, type PolicyRule, type ResourceRequest } from './rules.js';
import type { Subject } from './subjects.js';

/**
 * Questions over an RbacGraph: who may make a request, and where a set of grants lets someone
 * act. Answers are about subjects as bindings name them; a grant to a group is answered as the
 * group, not expanded into members Rampart cannot see.
 */

export interface WhoCanQuery {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** Only this object; absent: any object (grants limited to some names are answered with those names). */
  name?: string;
  /** Only grants that reach this namespace; absent: every namespace. Ignored for cluster-scoped resources. */
  namespace?: string;
}

export interface NonResourceQuery {
  verb: string;
  path: string;
}

export interface WhoCanAnswer {
  subject: Subject;
  /** Index of the subject in the binding's `subjects`. */
  subjectIndex: number;
  grant: Grant;
  /** Every object, or only these names. */
  names: 'all' | readonly string[];
}

export function whoCan(graph: RbacGraph, q: WhoCanQuery): WhoCanAnswer[] {
  const combined = q.subresource ? `${q.resource}/${q.subresource}` : q.resource;
  // Rule resource strings that can match: `*`, the exact resource, and `*/<subresource>`.
  const keys = q.subresource ? ['*', combined, `*/${q.subresource}`] : ['*', combined];
  const clusterScoped = isClusterScoped(q.resource);
  const request: Omit<ResourceRequest, 'name'> = q.subresource
    ? { verb: q.verb, apiGroup: q.apiGroup, resource: q.resource, subresource: q.subresource }
    : { verb: q.verb, apiGroup: q.apiGroup, resource: q.resource };
  const out: WhoCanAnswer[] = [];
  for (let k = 0; k < keys.length; k++) {
    const byScope = graph.grantsByResource.get(keys[k] as string);
    if (!byScope) continue;
    const lists = clusterScoped ? [byScope.get(CLUSTER)] : q.namespace !== undefined ? [byScope.get(CLUSTER), byScope.get(q.namespace)] : byScope.values();
    for (const list of lists) {
      if (!list) continue;
      for (const grant of list) {
        // A rule naming several of the keys sits in several lists: answer it from the first only.
        if (k > 0 && appearsEarlier(grant.rule, keys, k)) continue;
        const names = namesGranted(grant.rule, request);
        if (names === undefined) continue;
        let granted: 'all' | readonly string[] = names;
        if (q.name !== undefined) {
          if (names !== 'all' && !names.includes(q.name)) continue;
          granted = names === 'all' ? 'all' : [q.name];
        }
        for (const bound of grant.binding.subjects) out.push({ subject: bound.subject, subjectIndex: bound.index, grant, names: granted });
      }
    }
  }
  return out;
}

function appearsEarlier(rule: PolicyRule, keys: readonly string[], k: number): boolean {
  for (let i = 0; i < k; i++) if (rule.resources.includes(keys[i] as string)) return true;
  return false;
}

export function whoCanNonResource(graph: RbacGraph, q: NonResourceQuery): WhoCanAnswer[] {
  const out: WhoCanAnswer[] = [];
  for (const grant of graph.nonResourceGrants) {
    if (!verbMatches(grant.rule, q.verb) || !nonResourceURLMatches(grant.rule, q.path)) continue;
    for (const bound of grant.binding.subjects) out.push({ subject: bound.subject, subjectIndex: bound.index, grant, names: 'all' });
  }
  return out;
}

/** One verb on one resource, as capabilities and escalation edges ask about it. */
export interface Action {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
}

/** A rule held at a scope: a Grant, or a role's rule wherever someone could bind it. */
export interface Held {
  rule: PolicyRule;
  scope: Scope;
}

export interface Access<H extends Held = Grant> {
  grant: H;
  /** The scope the access applies in: a namespace, or CLUSTER. */
  scope: Scope;
  names: 'all' | readonly string[];
  action: Action;
}

/**
 * Whether a namespaced grant can allow the action although its resource is cluster-scoped: the
 * API server authorises `bind` of a ClusterRole in the namespace of the RoleBinding being
 * written, so a RoleBinding that grants bind on clusterroles lets one bind them there.
 */
function authorisedInNamespace(action: Action): boolean {
  return action.verb === 'bind' && action.resource === 'clusterroles';
}

/**
 * Where the rules allow any of the actions, with which names. A grant made in a namespace never
 * reaches a cluster-scoped resource (but see authorisedInNamespace).
 */
export function accessTo<H extends Held>(grants: Iterable<H>, actions: readonly Action[]): Access<H>[] {
  const out: Access<H>[] = [];
  for (const grant of grants) {
    for (const action of actions) {
      if (grant.scope !== CLUSTER && isClusterScoped(action.resource) && !authorisedInNamespace(action)) continue;
      const names = namesGranted(grant.rule, action);
      if (names !== undefined) out.push({ grant, scope: grant.scope, names, action });
    }
  }
  return out;
}

/** Namespaces the accesses reach with every name: CLUSTER reaches them all. */
export function namespacesReached(accesses: readonly Access<Held>[], allNamespaces: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const a of accesses) {
    if (a.names !== 'all') continue;
    if (a.scope === CLUSTER) {
      for (const ns of allNamespaces) out.add(ns);
    } else out.add(a.scope);
  }
  return out;
}

/** `cluster-wide` or the namespace, for tables. */
export function formatScope(scope: Scope): string {
  return scope === CLUSTER ? 'cluster-wide' : scope === '' ? '(no namespace)' : scope;
}

export function ruleSummary(rule: PolicyRule): { verbs: string; resources: string; names: string } {
  if (rule.nonResourceURLs.length) return { verbs: rule.verbs.join(','), resources: rule.nonResourceURLs.join(','), names: '' };
  const groups = rule.apiGroups.filter((g) => g !== '');
  const resources = rule.resources.map((r) => (groups.length === 0 ? r : rule.apiGroups.length === 1 ? `${r}.${groups[0]}` : `${r} (${rule.apiGroups.map((g) => g || 'core').join(',')})`));
  return { verbs: rule.verbs.join(','), resources: resources.join(','), names: rule.resourceNames.join(',') };
}
