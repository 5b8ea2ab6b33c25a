import type { Localized } from '../../model/index.js';
import type { InventoryViolation } from '../inventory.js';
import { CLUSTER, type Binding, type BoundSubject, type Grant, type RbacGraph, type Scope } from './graph.js';
import { accessTo, type Access, type Action, type Held } from './queries.js';
import { isFullWildcard } from './rules.js';
import { describeSubjectLocalized, isKubernetesComponentGrant, subjectAsset, subjectKey, type Subject } from './subjects.js';

/**
 * A capability is a set of actions a check looks for in what subjects are granted. Each check
 * reports one finding per subject and scope (a namespace, or cluster-wide): located at the first
 * binding that grants it, about the subject, with every contributing grant as evidence. Bindings
 * that grant every verb on every resource (cluster-admin and its equivalents) are left to
 * rbac.cluster-admin, so one binding is not reported ten times over; Kubernetes' own grants to
 * its own components are not reported (see isKubernetesComponentGrant).
 */

export interface Capability {
  actions: readonly Action[];
  /** A grant limited to named objects is the least-privilege form of this access: not reported. */
  ignoreNameLimited?: boolean;
}

interface SubjectAccess {
  subject: Subject;
  scope: Scope;
  accesses: Access[];
  /** Where the first granting binding names the subject. */
  first: BoundSubject;
}

/** A binding that grants every verb on every resource: its other rules add nothing, rbac.cluster-admin reports it. */
export function grantsEverything(binding: Binding): boolean {
  return binding.grants.some((g) => isFullWildcard(g.rule));
}

function subjectAccesses(graph: RbacGraph, capability: Capability): SubjectAccess[] {
  const out = new Map<string, SubjectAccess>();
  for (const binding of graph.bindings) {
    if (grantsEverything(binding)) continue;
    for (const grant of binding.grants) {
      let accesses = accessTo([grant], capability.actions);
      if (capability.ignoreNameLimited) accesses = accesses.filter((a) => a.names === 'all');
      if (accesses.length === 0) continue;
      for (const bound of binding.subjects) {
        if (isKubernetesComponentGrant(bound.subject, binding)) continue;
        const key = `${subjectKey(bound.subject)}|${grant.scope}`;
        const entry = out.get(key);
        if (entry) entry.accesses.push(...accesses);
        else out.set(key, { subject: bound.subject, scope: grant.scope, accesses: [...accesses], first: bound });
      }
    }
  }
  return [...out.values()];
}

/** The stable part of a fingerprint for a scope: `cluster` or `namespace:<ns>`. */
export function scopeKey(scope: Scope): string {
  return scope === CLUSTER ? 'cluster' : `namespace:${scope}`;
}

export function scopeText(scope: Scope): Localized {
  return scope === CLUSTER ? { en: 'in every namespace', zh: '在所有命名空间中' } : { en: `in namespace ${scope}`, zh: `在命名空间 ${scope} 中` };
}

/**
 * `create,update,patch deployments.apps, jobs.batch; get secrets [db]`: the distinct actions
 * granted, resources that share the same verbs written together, in order of appearance.
 */
function describeActions(accesses: readonly Access<Held>[]): string {
  const verbsOf = new Map<string, string[]>();
  for (const a of accesses) {
    const base = a.action.subresource ? `${a.action.resource}/${a.action.subresource}` : a.action.resource;
    const resource = `${a.action.apiGroup ? `${base}.${a.action.apiGroup}` : base}${a.names === 'all' ? '' : ` [${a.names.join(',')}]`}`;
    const verbs = verbsOf.get(resource) ?? [];
    if (!verbs.includes(a.action.verb)) verbs.push(a.action.verb);
    verbsOf.set(resource, verbs);
  }
  const byVerbs = new Map<string, string[]>();
  for (const [resource, verbs] of verbsOf) {
    const key = verbs.join(',');
    const list = byVerbs.get(key) ?? [];
    list.push(resource);
    byVerbs.set(key, list);
  }
  return [...byVerbs].map(([verbs, resources]) => `${verbs} ${resources.join(', ')}`).join('; ');
}

/** `RoleBinding batch/ci-deployer → ClusterRole ci-deployer`. */
export function describeBinding(b: Binding): string {
  const where = b.namespace !== undefined ? `${b.namespace}/${b.name}` : b.name;
  return `${b.kind} ${where} → ${b.roleRef.kind} ${b.roleRef.name}`;
}

/** The binding and role of a grant, and the aggregated role its rule came from. */
export function describeGrant(grant: Grant): string {
  const from = grant.source.role.name !== grant.binding.roleRef.name ? ` (rule from ClusterRole ${grant.source.role.name})` : '';
  return `${describeBinding(grant.binding)}${from}`;
}

/** Evidence: each granting binding once with what it grants, at most five. */
function grantEvidence(accesses: readonly Access[]): string {
  const byGrant = new Map<string, Access[]>();
  for (const a of accesses) {
    const key = describeGrant(a.grant);
    const list = byGrant.get(key);
    if (list) list.push(a);
    else byGrant.set(key, [a]);
  }
  const lines = [...byGrant].map(([grant, list]) => `${grant}: ${describeActions(list)}`);
  return lines.length > 5 ? `${lines.slice(0, 5).join('; ')}; and ${lines.length - 5} more` : lines.join('; ');
}

/** The violation for one subject and scope; `what` is the stable name of the capability. */
function accessViolation(access: SubjectAccess, what: string, message: Localized): InventoryViolation {
  return {
    resource: access.first.binding.resource,
    path: ['subjects', access.first.index],
    subject: `${what}@${scopeKey(access.scope)}`,
    asset: subjectAsset(access.subject),
    message,
    evidence: grantEvidence(access.accesses),
  };
}

/** Runs a capability over every graph and turns each subject's access into a message. */
export function capabilityCheck(
  graphs: readonly RbacGraph[],
  capability: Capability,
  what: string,
  message: (who: Localized, where: Localized, actions: string, access: SubjectAccess) => Localized,
): InventoryViolation[] {
  const out: InventoryViolation[] = [];
  for (const graph of graphs) {
    for (const access of subjectAccesses(graph, capability)) {
      const who = describeSubjectLocalized(access.subject);
      out.push(accessViolation(access, what, message(who, scopeText(access.scope), describeActions(access.accesses), access)));
    }
  }
  return out;
}

const CORE = '';

/** Actions on a resource for each verb. */
export function actions(verbs: readonly string[], apiGroup: string, resources: readonly string[]): Action[] {
  const out: Action[] = [];
  for (const resource of resources) {
    const [name = '', sub] = resource.split('/');
    for (const verb of verbs) out.push(sub ? { verb, apiGroup, resource: name, subresource: sub } : { verb, apiGroup, resource: name });
  }
  return out;
}

/** Capabilities the checks, the escalation graph and the access summary share. */
export const CAPABILITIES = {
  secretsRead: { actions: actions(['get', 'list', 'watch'], CORE, ['secrets']), ignoreNameLimited: true },
  podCreate: { actions: actions(['create'], CORE, ['pods']) },
  workloadWrite: {
    actions: [
      ...actions(['create'], CORE, ['pods']),
      ...actions(['create', 'update', 'patch'], CORE, ['replicationcontrollers']),
      ...actions(['create', 'update', 'patch'], 'apps', ['deployments', 'replicasets', 'statefulsets', 'daemonsets']),
      ...actions(['create', 'update', 'patch'], 'batch', ['jobs', 'cronjobs']),
    ],
  },
  escalateBindImpersonate: {
    actions: [
      ...actions(['escalate', 'bind'], 'rbac.authorization.k8s.io', ['roles', 'clusterroles']),
      ...actions(['impersonate'], CORE, ['users', 'groups', 'serviceaccounts', 'uids']),
      ...actions(['impersonate'], 'authentication.k8s.io', ['userextras']),
    ],
  },
  tokenCreate: { actions: actions(['create'], CORE, ['serviceaccounts/token']) },
  podExec: {
    actions: [
      ...actions(['create', 'get'], CORE, ['pods/exec', 'pods/attach', 'pods/portforward']),
      ...actions(['update', 'patch'], CORE, ['pods/ephemeralcontainers', 'pods']),
    ],
  },
  nodesProxy: { actions: actions(['get', 'create'], CORE, ['nodes/proxy']) },
  csrApprove: { actions: actions(['update', 'patch'], 'certificates.k8s.io', ['certificatesigningrequests/approval']) },
  webhookConfig: {
    actions: actions(['create', 'update', 'patch', 'delete', 'deletecollection'], 'admissionregistration.k8s.io', ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations']),
  },
  pvCreate: { actions: actions(['create'], CORE, ['persistentvolumes']) },
} satisfies Record<string, Capability>;
