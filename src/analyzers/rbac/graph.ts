import type { KubeResource, ObjectPath } from '../../model/index.js';
import { isRecord } from '../../model/index.js';
import type { Inventory, InventoryContext } from '../inventory.js';
import { matchesSelector, parseSelector, SelectorError, type LabelSelector } from '../label-selector.js';
import { labelsOf } from '../namespace/psa.js';
import type { PodView } from '../workload/pod-spec.js';
import { BUILTIN_CLUSTER_ROLES } from './builtin-roles.js';
import type { PolicyRule } from './rules.js';
import { serviceAccount, serviceAccountOfUserName, subjectKey, grantHolders, type Subject } from './subjects.js';

/**
 * The effective RBAC of one cluster's worth of objects: every Role and ClusterRole (with
 * aggregation resolved and the built-in ClusterRoles added), every binding resolved to its role
 * and its subjects, and the objects escalation needs (ServiceAccounts, the pods that run as them,
 * legacy token Secrets, Namespaces). Built once per inventory and shared by every RBAC check, the
 * `rampart rbac` answers and the access summary.
 */

/** The scope of a grant made by a ClusterRoleBinding: every namespace and the cluster-scoped resources. */
export const CLUSTER = '*';
/** A namespace name, or CLUSTER. */
export type Scope = string;

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';
const TOKEN_SA_ANNOTATION = 'kubernetes.io/service-account.name';

export interface RoleRule {
  rule: PolicyRule;
  /** The role that writes the rule (for an aggregated ClusterRole, the role aggregated into it). */
  role: Role;
  /** Index in that role's `rules`, for locating it; undefined for built-in roles. */
  index?: number;
}

export interface Role {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
  /** Absent for the built-in ClusterRoles Rampart supplies. */
  resource?: KubeResource;
  labels: Readonly<Record<string, string>>;
  /** Well-formed rules as written; malformed ones were reported as input errors. */
  rules: RoleRule[];
  selectors?: LabelSelector[];
  /** The rules the role grants: its own, plus for an aggregated ClusterRole those of every role it selects. */
  effective: RoleRule[];
}

export interface BoundSubject {
  subject: Subject;
  /** Index in the binding's `subjects`. */
  index: number;
  binding: Binding;
}

export type RoleStatus = 'resolved' | 'missing' | 'unknown-system';

export interface Binding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  resource: KubeResource;
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string };
  role?: Role;
  /** `missing`: no such role in the input, nor built in. `unknown-system`: a `system:` role Kubernetes has but Rampart does not model. */
  roleStatus: RoleStatus;
  subjects: BoundSubject[];
  scope: Scope;
  grants: Grant[];
}

/** One rule a binding grants, at the binding's scope. */
export interface Grant {
  binding: Binding;
  rule: PolicyRule;
  source: RoleRule;
  scope: Scope;
}

export interface WorkloadRun {
  pod: PodView;
  serviceAccount: string;
  /** Whether the ServiceAccount token is mounted (the pod's setting, else the ServiceAccount's, else true). */
  tokenMounted: boolean;
  /** Privileged, host PID or a hostPath volume: whoever runs code in it can act as the node. */
  nodeAccess: boolean;
}

export interface RbacProblem {
  resource: KubeResource;
  path: ObjectPath;
  message: string;
}

export class RbacGraph {
  readonly roles: Role[] = [];
  readonly bindings: Binding[] = [];
  /** Bindings by the key of each subject they name. */
  readonly bindingsBySubject = new Map<string, BoundSubject[]>();
  /** Each distinct subject bindings name, by key, in the order first seen. */
  readonly subjects = new Map<string, Subject>();
  /**
   * Grants by each resource string their rule names (`pods`, `pods/exec`, `*`, `*\/scale`), then by
   * scope, so a who-can question reads only the grants that can answer it.
   */
  readonly grantsByResource = new Map<string, Map<Scope, Grant[]>>();
  readonly nonResourceGrants: Grant[] = [];
  readonly serviceAccountObjects = new Map<string, Map<string, KubeResource>>();
  readonly namespaceObjects = new Map<string, KubeResource>();
  /** Every namespace the input mentions. */
  readonly namespaces = new Set<string>();
  readonly workloadsByNamespace = new Map<string, WorkloadRun[]>();
  /** `namespace/name` of a ServiceAccount → the workloads that run as it. */
  readonly workloadsByServiceAccount = new Map<string, WorkloadRun[]>();
  /** Legacy long-lived token Secrets, by namespace: the Secret and the ServiceAccount whose token it holds. */
  readonly tokenSecrets = new Map<string, { secret: string; serviceAccount: string }[]>();
  readonly problems: RbacProblem[] = [];
  private readonly roleIndex = new Map<string, Role>();
  private readonly bindingsOfRole = new Map<Role, Binding[]>();

  constructor(readonly cluster: string | undefined) {}

  role(kind: 'Role' | 'ClusterRole', name: string, namespace?: string): Role | undefined {
    return this.roleIndex.get(roleKey(kind, name, namespace));
  }

  /** Bindings that bind the role (directly; not through aggregation). */
  bindingsOf(role: Role): readonly Binding[] {
    return this.bindingsOfRole.get(role) ?? [];
  }

  /** Grants bound to exactly this subject (no implicit groups). */
  boundGrants(subject: Subject): { grant: Grant; bound: BoundSubject }[] {
    const out: { grant: Grant; bound: BoundSubject }[] = [];
    for (const bound of this.bindingsBySubject.get(subjectKey(subject)) ?? []) {
      for (const grant of bound.binding.grants) out.push({ grant, bound });
    }
    return out;
  }

  /** Everything the identity may do: its own grants and those of the groups the API server puts it in. */
  effectiveGrants(identity: Subject): { grant: Grant; holder: Subject }[] {
    const out: { grant: Grant; holder: Subject }[] = [];
    for (const holder of grantHolders(identity)) {
      for (const { grant } of this.boundGrants(holder)) out.push({ grant, holder });
    }
    return out;
  }

  /** ServiceAccounts known in a namespace: its objects, those bindings, pods and token Secrets name, and `default`. */
  serviceAccountsIn(namespace: string): string[] {
    return [...(this.knownServiceAccounts.get(namespace) ?? ['default'])].sort();
  }

  /** Whether the inventory holds at least one ServiceAccount object of the namespace. */
  serviceAccountsVisible(namespace: string): boolean {
    return (this.serviceAccountObjects.get(namespace)?.size ?? 0) > 0;
  }

  private readonly knownServiceAccounts = new Map<string, Set<string>>();

  addRole(role: Role): void {
    this.roles.push(role);
    this.roleIndex.set(roleKey(role.kind, role.name, role.namespace), role);
  }
  addBindingOfRole(role: Role, binding: Binding): void {
    const list = this.bindingsOfRole.get(role);
    if (list) list.push(binding);
    else this.bindingsOfRole.set(role, [binding]);
  }
  noteServiceAccount(namespace: string, name: string): void {
    this.namespaces.add(namespace);
    let known = this.knownServiceAccounts.get(namespace);
    if (!known) this.knownServiceAccounts.set(namespace, (known = new Set(['default'])));
    known.add(name);
  }
}

function roleKey(kind: string, name: string, namespace?: string): string {
  return kind === 'Role' ? `Role|${namespace ?? ''}|${name}` : `ClusterRole||${name}`;
}

const built = new WeakMap<Inventory, RbacGraph[]>();
const reported = new WeakMap<Inventory, WeakSet<object>>();

/**
 * The RBAC graphs of the inventory, one per cluster (one for manifests, which name none), built
 * on first use and shared afterwards. Malformed RBAC input goes to `ctx.inputError`, once per
 * context however many checks ask.
 */
export function rbacGraphsOf(inventory: Inventory, ctx?: Pick<InventoryContext, 'inputError'>): RbacGraph[] {
  let graphs = built.get(inventory);
  if (!graphs) {
    graphs = buildGraphs(inventory);
    built.set(inventory, graphs);
  }
  if (ctx) {
    let seen = reported.get(inventory);
    if (!seen) reported.set(inventory, (seen = new WeakSet()));
    if (!seen.has(ctx)) {
      seen.add(ctx);
      for (const g of graphs) for (const p of g.problems) ctx.inputError(p.resource, p.path, p.message);
    }
  }
  return graphs;
}

function buildGraphs(inventory: Inventory): RbacGraph[] {
  const byCluster = new Map<string, { resources: KubeResource[]; workloads: PodView[] }>();
  const part = (cluster: string | undefined): { resources: KubeResource[]; workloads: PodView[] } => {
    const key = cluster ?? '';
    let p = byCluster.get(key);
    if (!p) byCluster.set(key, (p = { resources: [], workloads: [] }));
    return p;
  };
  for (const r of inventory.resources) part(r.cluster).resources.push(r);
  for (const w of inventory.workloads) part(w.resource.cluster).workloads.push(w);
  if (byCluster.size === 0) part(undefined);
  return [...byCluster.entries()].map(([cluster, p]) => buildGraph(cluster === '' ? undefined : cluster, p.resources, p.workloads));
}

function isRbacKind(r: KubeResource, kind: string): boolean {
  return r.kind === kind && r.apiVersion.startsWith(`${RBAC_GROUP}/`);
}

function buildGraph(cluster: string | undefined, resources: readonly KubeResource[], workloads: readonly PodView[]): RbacGraph {
  const g = new RbacGraph(cluster);
  const problem = (resource: KubeResource, path: ObjectPath, message: string): void => {
    g.problems.push({ resource, path, message });
  };
  const bindingResources: KubeResource[] = [];
  for (const r of resources) {
    if (r.namespace !== undefined && r.kind !== 'ClusterRole' && r.kind !== 'ClusterRoleBinding') g.namespaces.add(r.namespace);
    if (r.kind === 'Namespace' && r.apiVersion === 'v1') {
      g.namespaceObjects.set(r.name, r);
      g.namespaces.add(r.name);
    } else if (r.kind === 'ServiceAccount' && r.apiVersion === 'v1') {
      const ns = r.namespace ?? '';
      let m = g.serviceAccountObjects.get(ns);
      if (!m) g.serviceAccountObjects.set(ns, (m = new Map()));
      m.set(r.name, r);
      g.noteServiceAccount(ns, r.name);
    } else if (r.kind === 'Secret' && r.apiVersion === 'v1') {
      noteTokenSecret(g, r);
    } else if (isRbacKind(r, 'Role') || isRbacKind(r, 'ClusterRole')) {
      const role = parseRole(r, problem);
      if (role) g.addRole(role);
    } else if (isRbacKind(r, 'RoleBinding') || isRbacKind(r, 'ClusterRoleBinding')) {
      bindingResources.push(r);
    }
  }
  for (const b of BUILTIN_CLUSTER_ROLES) {
    if (g.role('ClusterRole', b.name)) continue;
    const role: Role = { kind: 'ClusterRole', name: b.name, labels: b.labels ?? {}, rules: [], effective: [] };
    role.rules = b.rules.map((rule) => ({ rule, role }));
    if (b.aggregateFrom) role.selectors = [{ matchLabels: { [b.aggregateFrom]: 'true' } }];
    g.addRole(role);
  }
  resolveAggregation(g.roles);
  for (const r of bindingResources) {
    const binding = parseBinding(g, r, problem);
    if (binding) addBinding(g, binding);
  }
  noteWorkloads(g, workloads);
  return g;
}

function noteTokenSecret(g: RbacGraph, r: KubeResource): void {
  if (r.object.type !== TOKEN_SECRET_TYPE) return;
  const metadata = r.object.metadata;
  const annotations = isRecord(metadata) ? metadata.annotations : undefined;
  const sa = isRecord(annotations) ? annotations[TOKEN_SA_ANNOTATION] : undefined;
  if (typeof sa !== 'string' || sa === '') return;
  const ns = r.namespace ?? '';
  const list = g.tokenSecrets.get(ns) ?? [];
  list.push({ secret: r.name, serviceAccount: sa });
  g.tokenSecrets.set(ns, list);
  g.noteServiceAccount(ns, sa);
}

type Problem = (resource: KubeResource, path: ObjectPath, message: string) => void;

/** A list of strings, or an error naming the element at fault; absent and null read as empty. */
function stringList(value: unknown, path: ObjectPath, problem: (path: ObjectPath, message: string) => void): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problem(path, `expected a list of strings, got ${describeValue(value)}`);
    return undefined;
  }
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') {
      problem([...path, i], `expected a string, got ${describeValue(value[i])} (quote it; "" is the core API group)`);
      return undefined;
    }
  }
  return value as string[];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * A rule as the API server validates it: verbs required; either resources (with at least one API
 * group) or non-resource URLs, never both; non-resource URLs only in a ClusterRole. A rule the
 * API server would refuse is an input error and grants nothing here.
 */
function parseRule(value: unknown, path: ObjectPath, namespaced: boolean, problem: (path: ObjectPath, message: string) => void): PolicyRule | undefined {
  if (!isRecord(value)) {
    problem(path, `expected a rule (a mapping), got ${describeValue(value)}`);
    return undefined;
  }
  const verbs = stringList(value.verbs, [...path, 'verbs'], problem);
  const apiGroups = stringList(value.apiGroups, [...path, 'apiGroups'], problem);
  const resourcesList = stringList(value.resources, [...path, 'resources'], problem);
  const resourceNames = stringList(value.resourceNames, [...path, 'resourceNames'], problem);
  const nonResourceURLs = stringList(value.nonResourceURLs, [...path, 'nonResourceURLs'], problem);
  if (!verbs || !apiGroups || !resourcesList || !resourceNames || !nonResourceURLs) return undefined;
  if (verbs.length === 0) {
    problem([...path, 'verbs'], 'a rule needs at least one verb');
    return undefined;
  }
  if (nonResourceURLs.length > 0) {
    if (namespaced) {
      problem([...path, 'nonResourceURLs'], 'a Role cannot grant non-resource URLs; only a ClusterRole can');
      return undefined;
    }
    if (apiGroups.length || resourcesList.length || resourceNames.length) {
      problem([...path, 'nonResourceURLs'], 'a rule cannot cover both resources and non-resource URLs');
      return undefined;
    }
  } else {
    if (resourcesList.length === 0) {
      problem([...path, 'resources'], 'a rule needs at least one resource, or nonResourceURLs');
      return undefined;
    }
    if (apiGroups.length === 0) {
      problem([...path, 'apiGroups'], 'a resource rule needs at least one API group ("" is the core group)');
      return undefined;
    }
  }
  return { verbs, apiGroups, resources: resourcesList, resourceNames, nonResourceURLs };
}

function parseRole(r: KubeResource, problem: Problem): Role | undefined {
  const kind = r.kind as 'Role' | 'ClusterRole';
  const role: Role = { kind, name: r.name, resource: r, labels: labelsOf(r), rules: [], effective: [] };
  if (kind === 'Role') role.namespace = r.namespace ?? '';
  const at = (path: ObjectPath, message: string): void => problem(r, path, message);
  const rules = r.object.rules;
  if (rules !== undefined && rules !== null) {
    if (!Array.isArray(rules)) at(['rules'], `expected a list of rules, got ${describeValue(rules)}`);
    else
      rules.forEach((value: unknown, index) => {
        const rule = parseRule(value, ['rules', index], kind === 'Role', at);
        if (rule) role.rules.push({ rule, role, index });
      });
  }
  const aggregation = r.object.aggregationRule;
  if (kind === 'ClusterRole' && aggregation !== undefined && aggregation !== null) {
    if (!isRecord(aggregation)) at(['aggregationRule'], `expected a mapping, got ${describeValue(aggregation)}`);
    else {
      const selectors = aggregation.clusterRoleSelectors;
      role.selectors = [];
      if (selectors !== undefined && selectors !== null && !Array.isArray(selectors)) {
        at(['aggregationRule', 'clusterRoleSelectors'], `expected a list of label selectors, got ${describeValue(selectors)}`);
      } else {
        (selectors ?? []).forEach((s: unknown, i: number) => {
          try {
            role.selectors?.push(parseSelector(s));
          } catch (err) {
            if (!(err instanceof SelectorError)) throw err;
            at(['aggregationRule', 'clusterRoleSelectors', i, ...err.field], err.message);
          }
        });
      }
    }
  }
  return role;
}

/**
 * Aggregated ClusterRoles get the rules of every ClusterRole one of their selectors matches
 * (never themselves), transitively: `admin` selects `edit`, which selects `view`. The controller
 * overwrites an aggregated role's own rules with that union; the rules an input role lists itself
 * are kept as well, because in an export from a live cluster they are the controller's result
 * and may include roles the input does not hold.
 */
function resolveAggregation(roles: readonly Role[]): void {
  const clusterRoles = roles.filter((r) => r.kind === 'ClusterRole');
  const selected = new Map<Role, Role[]>();
  for (const role of clusterRoles) {
    if (!role.selectors?.length) continue;
    const selectors = role.selectors;
    selected.set(
      role,
      clusterRoles.filter((other) => other !== role && selectors.some((s) => matchesSelector(s, other.labels))),
    );
  }
  for (const role of roles) {
    const direct = selected.get(role);
    if (!direct) {
      role.effective = role.rules;
      continue;
    }
    const seen = new Set<Role>([role]);
    const stack = [...direct];
    const rules: RoleRule[] = [...role.rules];
    while (stack.length) {
      const next = stack.pop() as Role;
      if (seen.has(next)) continue;
      seen.add(next);
      rules.push(...next.rules);
      stack.push(...(selected.get(next) ?? []));
    }
    role.effective = rules;
  }
}

function parseBinding(g: RbacGraph, r: KubeResource, problem: Problem): Binding | undefined {
  const kind = r.kind as 'RoleBinding' | 'ClusterRoleBinding';
  const at = (path: ObjectPath, message: string): void => problem(r, path, message);
  const ref = r.object.roleRef;
  if (!isRecord(ref)) {
    at(['roleRef'], `expected roleRef {apiGroup, kind, name}, got ${describeValue(ref)}`);
    return undefined;
  }
  if (ref.apiGroup !== RBAC_GROUP) {
    at(['roleRef', 'apiGroup'], `must be ${RBAC_GROUP}, got ${describeValue(ref.apiGroup)}`);
    return undefined;
  }
  const allowed = kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (typeof ref.kind !== 'string' || !allowed.includes(ref.kind)) {
    at(['roleRef', 'kind'], `must be ${allowed.join(' or ')}, got ${describeValue(ref.kind)}`);
    return undefined;
  }
  if (typeof ref.name !== 'string' || ref.name === '') {
    at(['roleRef', 'name'], `expected the role's name, got ${describeValue(ref.name)}`);
    return undefined;
  }
  const namespace = kind === 'RoleBinding' ? (r.namespace ?? '') : undefined;
  const roleRef = { kind: ref.kind as 'Role' | 'ClusterRole', name: ref.name };
  const role = g.role(roleRef.kind, roleRef.name, namespace);
  const binding: Binding = {
    kind,
    name: r.name,
    resource: r,
    roleRef,
    roleStatus: role ? 'resolved' : roleRef.kind === 'ClusterRole' && roleRef.name.startsWith('system:') ? 'unknown-system' : 'missing',
    subjects: [],
    scope: namespace ?? CLUSTER,
    grants: [],
  };
  if (role) binding.role = role;
  if (namespace !== undefined) binding.namespace = namespace;
  const subjects = r.object.subjects;
  if (subjects !== undefined && subjects !== null && !Array.isArray(subjects)) {
    at(['subjects'], `expected a list of subjects, got ${describeValue(subjects)}`);
    return binding;
  }
  (subjects ?? []).forEach((s: unknown, index: number) => {
    const subject = parseSubject(s, ['subjects', index], namespace, at);
    if (!subject) return;
    if (g.cluster !== undefined) subject.cluster = g.cluster;
    binding.subjects.push({ subject, index, binding });
  });
  return binding;
}

function parseSubject(value: unknown, path: ObjectPath, bindingNamespace: string | undefined, at: (path: ObjectPath, message: string) => void): Subject | undefined {
  if (!isRecord(value)) {
    at(path, `expected a subject {kind, name}, got ${describeValue(value)}`);
    return undefined;
  }
  const kind = value.kind;
  if (kind !== 'User' && kind !== 'Group' && kind !== 'ServiceAccount') {
    at([...path, 'kind'], `must be User, Group or ServiceAccount, got ${describeValue(kind)}`);
    return undefined;
  }
  if (typeof value.name !== 'string' || value.name === '') {
    at([...path, 'name'], `expected a name, got ${describeValue(value.name)}`);
    return undefined;
  }
  if (kind !== 'ServiceAccount') return { kind, name: value.name };
  const ns = value.namespace;
  if (ns !== undefined && ns !== null && typeof ns !== 'string') {
    at([...path, 'namespace'], `expected a namespace name, got ${describeValue(ns)}`);
    return undefined;
  }
  // In a RoleBinding a ServiceAccount without namespace is the binding's own namespace's.
  const namespace = typeof ns === 'string' && ns !== '' ? ns : bindingNamespace;
  if (namespace === undefined) {
    at([...path, 'namespace'], 'a ServiceAccount subject of a ClusterRoleBinding needs its namespace');
    return undefined;
  }
  return serviceAccount(namespace, value.name);
}

function addBinding(g: RbacGraph, binding: Binding): void {
  g.bindings.push(binding);
  if (binding.role) {
    g.addBindingOfRole(binding.role, binding);
    for (const source of binding.role.effective) {
      const grant: Grant = { binding, rule: source.rule, source, scope: binding.scope };
      binding.grants.push(grant);
      if (source.rule.nonResourceURLs.length > 0) {
        // Non-resource URLs are not namespaced: only a ClusterRoleBinding grants them.
        if (binding.scope === CLUSTER) g.nonResourceGrants.push(grant);
        continue;
      }
      for (const resource of new Set(source.rule.resources)) {
        let byScope = g.grantsByResource.get(resource);
        if (!byScope) g.grantsByResource.set(resource, (byScope = new Map()));
        push(byScope, binding.scope, grant);
      }
    }
  }
  for (const bound of binding.subjects) {
    const key = subjectKey(bound.subject);
    if (!g.subjects.has(key)) g.subjects.set(key, bound.subject);
    const list = g.bindingsBySubject.get(key);
    if (list) list.push(bound);
    else g.bindingsBySubject.set(key, [bound]);
    const s = bound.subject;
    if (s.kind === 'ServiceAccount' && s.namespace !== undefined) g.noteServiceAccount(s.namespace, s.name);
    const asUser = s.kind === 'User' ? serviceAccountOfUserName(s.name) : undefined;
    if (asUser) g.noteServiceAccount(asUser.namespace, asUser.name);
  }
}

function noteWorkloads(g: RbacGraph, workloads: readonly PodView[]): void {
  for (const pod of workloads) {
    const ns = pod.resource.namespace ?? '';
    const spec = pod.spec;
    const named = [spec.serviceAccountName, spec.serviceAccount].find((v): v is string => typeof v === 'string' && v !== '');
    const sa = named ?? 'default';
    const saObject = g.serviceAccountObjects.get(ns)?.get(sa);
    const podSetting = spec.automountServiceAccountToken;
    const saSetting = saObject?.object.automountServiceAccountToken;
    const tokenMounted = typeof podSetting === 'boolean' ? podSetting : saSetting !== false;
    const nodeAccess =
      spec.hostPID === true ||
      (spec.volumes ?? []).some((v) => v.hostPath !== undefined && v.hostPath !== null) ||
      [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].some((c) => c.securityContext?.privileged === true);
    const run: WorkloadRun = { pod, serviceAccount: sa, tokenMounted, nodeAccess };
    g.noteServiceAccount(ns, sa);
    push(g.workloadsByNamespace, ns, run);
    push(g.workloadsByServiceAccount, `${ns}/${sa}`, run);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
