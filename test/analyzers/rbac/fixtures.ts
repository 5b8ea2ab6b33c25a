import { rbacGraphsOf, type RbacGraph } from '../../../src/analyzers/rbac/graph.js';
import type { Inventory } from '../../../src/analyzers/inventory.js';
import { inventoryContext, inventoryOf } from '../../helpers/inventory.js';

/**
 * RBAC objects for tests, written as JSON documents (YAML's flow style) so each test states its
 * whole input in a few lines. Read through the real manifest reader and InventoryBuilder.
 */

type Obj = Record<string, unknown>;
export interface Rule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
export interface SubjectSpec {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

const RBAC = 'rbac.authorization.k8s.io/v1';

/** A resource rule in the core group unless `apiGroups` says otherwise. */
export function rule(verbs: string[], resources: string[], extra: Partial<Rule> = {}): Rule {
  return { verbs, apiGroups: [''], resources, ...extra };
}

export function role(namespace: string, name: string, rules: Rule[]): Obj {
  return { apiVersion: RBAC, kind: 'Role', metadata: { name, namespace }, rules };
}

export function clusterRole(name: string, rules: Rule[], extra: { labels?: Record<string, string>; aggregateFrom?: Record<string, string>[] } = {}): Obj {
  const metadata: Obj = { name };
  if (extra.labels) metadata.labels = extra.labels;
  const o: Obj = { apiVersion: RBAC, kind: 'ClusterRole', metadata, rules };
  if (extra.aggregateFrom) o.aggregationRule = { clusterRoleSelectors: extra.aggregateFrom.map((matchLabels) => ({ matchLabels })) };
  return o;
}

export const sa = (namespace: string, name: string): SubjectSpec => ({ kind: 'ServiceAccount', name, namespace });
export const user = (name: string): SubjectSpec => ({ kind: 'User', name });
export const group = (name: string): SubjectSpec => ({ kind: 'Group', name });

function subjectsOf(subjects: SubjectSpec[]): Obj[] {
  return subjects.map((s) => (s.kind === 'ServiceAccount' ? { ...s } : { apiGroup: 'rbac.authorization.k8s.io', ...s }));
}

export function roleBinding(namespace: string, name: string, roleRef: { kind: 'Role' | 'ClusterRole'; name: string }, subjects: SubjectSpec[]): Obj {
  return { apiVersion: RBAC, kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects: subjectsOf(subjects) };
}

export function clusterRoleBinding(name: string, roleName: string, subjects: SubjectSpec[]): Obj {
  return { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName }, subjects: subjectsOf(subjects) };
}

export function serviceAccount(namespace: string, name: string, automount?: boolean): Obj {
  const o: Obj = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
  if (automount !== undefined) o.automountServiceAccountToken = automount;
  return o;
}

/** A Namespace; `enforce` sets its Pod Security Admission level. */
export function ns(name: string, enforce?: string): Obj {
  const metadata: Obj = { name };
  if (enforce) metadata.labels = { 'pod-security.kubernetes.io/enforce': enforce };
  return { apiVersion: 'v1', kind: 'Namespace', metadata };
}

/** A legacy ServiceAccount token Secret (no data: the token controller would fill it). */
export function tokenSecret(namespace: string, name: string, serviceAccountName: string): Obj {
  return { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: { name, namespace, annotations: { 'kubernetes.io/service-account.name': serviceAccountName } } };
}

/** A Pod running as the ServiceAccount; `spec` adds or overrides pod spec fields. */
export function pod(namespace: string, name: string, serviceAccountName?: string, spec: Obj = {}): Obj {
  const podSpec: Obj = { containers: [{ name: 'app', image: 'registry.example/app:1.0' }], ...spec };
  if (serviceAccountName) podSpec.serviceAccountName = serviceAccountName;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: podSpec };
}

export function yaml(...objects: Obj[]): string {
  // A leading separator: a text that starts with `{` is read as one JSON document.
  return objects.map((o) => `---\n${JSON.stringify(o)}`).join('\n');
}

export async function inventory(...objects: Obj[]): Promise<Inventory> {
  return inventoryOf(yaml(...objects));
}

/** The one RBAC graph of the objects; fails the test on RBAC input errors. */
export async function graphOf(...objects: Obj[]): Promise<RbacGraph> {
  const ctx = inventoryContext();
  const graphs = rbacGraphsOf(await inventory(...objects), ctx);
  if (ctx.inputErrors.length) throw new Error(`input errors: ${ctx.inputErrors.map((e) => e.message).join('; ')}`);
  if (graphs.length !== 1) throw new Error(`expected one graph, got ${graphs.length}`);
  return graphs[0] as RbacGraph;
}
