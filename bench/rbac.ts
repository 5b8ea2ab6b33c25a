/**
 * Benchmark: access analysis over a large estate built in memory — 5,000 subjects (ServiceAccounts,
 * users, groups), 2,000 roles, 10,000 bindings, 50 namespaces, 1,000 workloads and 100 legacy token
 * Secrets, with the mix of grants a bank's clusters hold (mostly read-only, some deployers, a few
 * secret readers, token minters, binders and admins). Prints the time to build effective
 * permissions, to answer 1,000 who-can queries and to find every escalation path, and the peak
 * RSS, each next to its target. Never fails a test run. Run: `npm run build && node dist/bench/rbac.js`.
 */
import { InventoryBuilder } from '../src/analyzers/inventory-builder.js';
import type { Inventory } from '../src/analyzers/inventory.js';
import { escalationFindings } from '../src/analyzers/rbac/checks/escalation-path.js';
import { escalationGraphOf } from '../src/analyzers/rbac/escalation.js';
import { rbacGraphsOf, type RbacGraph } from '../src/analyzers/rbac/graph.js';
import { whoCan, type WhoCanQuery } from '../src/analyzers/rbac/queries.js';
import type { KubeObject, KubeResource } from '../src/model/index.js';

const NAMESPACES = 50;
const SERVICE_ACCOUNTS = 4_000;
const USERS = 800;
const GROUPS = 200;
const ROLES = 1_500;
const CLUSTER_ROLES = 500;
const ROLE_BINDINGS = 8_000;
const CLUSTER_ROLE_BINDINGS = 2_000;
const WORKLOADS = 1_000;
const TOKEN_SECRETS = 100;
const QUERIES = 1_000;

/** A deterministic pseudo-random sequence, so every run measures the same estate. */
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

function resource(apiVersion: string, kind: string, name: string, namespace: string | undefined, object: KubeObject): KubeResource {
  const metadata: KubeObject = { name, ...(namespace ? { namespace } : {}), ...((object.metadata as KubeObject | undefined) ?? {}) };
  const r: KubeResource = { apiVersion, kind, name, object: { apiVersion, kind, ...object, metadata }, source: 'bench', lineOf: () => undefined };
  if (namespace) r.namespace = namespace;
  return r;
}

const RBAC = 'rbac.authorization.k8s.io/v1';
const ns = (i: number): string => `team-${i % NAMESPACES}`;
const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): KubeObject => ({ verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) });

/** Rules by kind of role, weighted as a bank's estate: mostly reading, some deploying, few powerful. */
function rulesFor(i: number): KubeObject[] {
  const k = i % 100;
  if (k < 55) return [rule(['get', 'list', 'watch'], [''], ['pods', 'services', 'configmaps', 'endpoints']), rule(['get', 'list'], ['apps'], ['deployments', 'replicasets'])];
  if (k < 70) return [rule(['get'], [''], ['secrets'], [`app-${i}-db`]), rule(['get', 'watch'], [''], ['configmaps'], [`app-${i}-config`])];
  if (k < 82) return [rule(['get', 'list', 'watch', 'create', 'update', 'patch'], ['apps'], ['deployments', 'statefulsets']), rule(['create', 'delete'], ['batch'], ['jobs'])];
  if (k < 88) return [rule(['get', 'list', 'watch'], [''], ['secrets'])];
  if (k < 92) return [rule(['create', 'get'], [''], ['pods/exec', 'pods/log'])];
  if (k < 95) return [rule(['create'], [''], ['serviceaccounts/token'], [`sa-${i}`])];
  if (k < 97) return [rule(['impersonate'], [''], ['serviceaccounts'])];
  if (k < 99) return [rule(['bind'], ['rbac.authorization.k8s.io'], ['clusterroles'], ['view']), rule(['create'], ['rbac.authorization.k8s.io'], ['rolebindings'])];
  return [rule(['*'], ['', 'apps', 'batch'], ['*'])];
}

/** Subject number j of the 5,000: ServiceAccounts first (80 per namespace), then users, then groups. */
function subjectFor(j: number): KubeObject {
  const n = j % (SERVICE_ACCOUNTS + USERS + GROUPS);
  if (n < SERVICE_ACCOUNTS) return { kind: 'ServiceAccount', name: `sa-${Math.floor(n / NAMESPACES)}`, namespace: ns(n) };
  if (n < SERVICE_ACCOUNTS + USERS) return { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `user-${n - SERVICE_ACCOUNTS}@bank.example` };
  return { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `group-${n - SERVICE_ACCOUNTS - USERS}` };
}

function estate(): Inventory {
  const b = new InventoryBuilder();
  for (let i = 0; i < NAMESPACES; i++) {
    const labels = i % 3 === 0 ? {} : { 'pod-security.kubernetes.io/enforce': 'restricted' };
    b.add(resource('v1', 'Namespace', ns(i), undefined, { metadata: { labels } }));
  }
  for (let i = 0; i < SERVICE_ACCOUNTS; i++) b.add(resource('v1', 'ServiceAccount', `sa-${Math.floor(i / NAMESPACES)}`, ns(i), {}));
  for (let i = 0; i < TOKEN_SECRETS; i++) {
    b.add(resource('v1', 'Secret', `legacy-token-${i}`, ns(i), { type: 'kubernetes.io/service-account-token', metadata: { annotations: { 'kubernetes.io/service-account.name': `sa-${i % 80}` } } }));
  }
  for (let i = 0; i < WORKLOADS; i++) {
    b.add(
      resource('apps/v1', 'Deployment', `app-${i}`, ns(i), {
        spec: { template: { spec: { serviceAccountName: `sa-${i % 80}`, containers: [{ name: 'app', image: `registry.bank.example/app-${i}:1.0` }] } } },
      }),
    );
  }
  for (let i = 0; i < ROLES; i++) b.add(resource(RBAC, 'Role', `role-${i}`, ns(i), { rules: rulesFor(i) }));
  for (let i = 0; i < CLUSTER_ROLES; i++) {
    // Every tenth ClusterRole aggregates the ones labelled for it, as platform roles do.
    const aggregating = i % 10 === 0;
    const object: KubeObject = aggregating
      ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'bank.example/aggregate-to': `c-${i}` } }] } }
      : { metadata: { labels: { 'bank.example/aggregate-to': `c-${i - (i % 10)}` } }, rules: rulesFor(i * 7) };
    b.add(resource(RBAC, 'ClusterRole', `clusterrole-${i}`, undefined, object));
  }
  for (let i = 0; i < ROLE_BINDINGS; i++) {
    const roleRef = i % 4 === 0 ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `clusterrole-${i % CLUSTER_ROLES}` } : { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `role-${(i % (ROLES / NAMESPACES)) * NAMESPACES + (i % NAMESPACES)}` };
    // Every subject is bound at least once; half the bindings name a second subject.
    const subjects = i % 2 === 0 ? [subjectFor(i), subjectFor(i * 7919 + 13)] : [subjectFor(i)];
    b.add(resource(RBAC, 'RoleBinding', `rb-${i}`, ns(i), { roleRef, subjects }));
  }
  for (let i = 0; i < CLUSTER_ROLE_BINDINGS; i++) {
    // Mostly read-only ClusterRoles; one binding in a hundred is to cluster-admin.
    const name = i % 100 === 0 ? 'cluster-admin' : `clusterrole-${(i * 13) % CLUSTER_ROLES}`;
    b.add(resource(RBAC, 'ClusterRoleBinding', `crb-${i}`, undefined, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [subjectFor(i * 104_729 + 3)] }));
  }
  if (b.inputErrors.length) throw new Error(`bench estate is malformed: ${b.inputErrors[0]?.message}`);
  return b.build();
}

function ms(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e6;
}

function line(label: string, value: string, target?: { text: string; met: boolean }): string {
  const verdict = target ? `   target ${target.text.padEnd(8)} ${target.met ? 'MET' : 'MISSED'}` : '';
  return `  ${label.padEnd(36)} ${value.padStart(9)}${verdict}`;
}

function main(): void {
  const inventory = estate();
  const ctx = { inputError: (_r: KubeResource, _p: unknown, m: string): never => { throw new Error(`bench estate is malformed: ${m}`); } };

  let started = process.hrtime.bigint();
  const graph = rbacGraphsOf(inventory, ctx)[0] as RbacGraph;
  const buildMs = ms(started);

  const verbs = ['get', 'list', 'create', 'patch', 'delete', 'impersonate', 'bind'];
  const resources: Omit<WhoCanQuery, 'verb'>[] = [
    { apiGroup: '', resource: 'secrets' },
    { apiGroup: '', resource: 'pods' },
    { apiGroup: '', resource: 'pods', subresource: 'exec' },
    { apiGroup: '', resource: 'serviceaccounts', subresource: 'token' },
    { apiGroup: 'apps', resource: 'deployments' },
    { apiGroup: '', resource: 'configmaps' },
    { apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
    { apiGroup: '', resource: 'nodes', subresource: 'proxy' },
  ];
  const queries: WhoCanQuery[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const q: WhoCanQuery = { verb: pick(verbs), ...pick(resources) };
    if (i % 2 === 0) q.namespace = ns(i);
    queries.push(q);
  }
  const sizes: number[] = [];
  const each: number[] = [];
  started = process.hrtime.bigint();
  for (const q of queries) {
    const t = process.hrtime.bigint();
    sizes.push(whoCan(graph, q).length);
    each.push(ms(t));
  }
  const queriesMs = ms(started);
  each.sort((a, b) => a - b);
  sizes.sort((a, b) => a - b);
  const at = (list: number[], q: number): number => list[Math.min(list.length - 1, Math.floor(list.length * q))] ?? 0;

  started = process.hrtime.bigint();
  const e = escalationGraphOf(graph);
  const findings = escalationFindings(graph);
  const toAdmin = e.paths('cluster-admin');
  const toNode = e.paths('node');
  const toSecrets = e.paths('secrets');
  const pathsMs = ms(started);

  const rssMb = process.resourceUsage().maxRSS / 1024;
  const grants = graph.bindings.reduce((n, b) => n + b.grants.length, 0);
  console.log(
    `bench/rbac: ${graph.subjects.size} subjects, ${graph.roles.filter((r) => r.resource).length} roles, ${graph.bindings.length} bindings (${grants} grants), ${NAMESPACES} namespaces, ${WORKLOADS} workloads`,
  );
  console.log(line('build effective permissions', `${(buildMs / 1000).toFixed(2)} s`, { text: '< 2 s', met: buildMs < 2000 }));
  console.log(line(`who-can, mean of ${QUERIES} queries`, `${(queriesMs / QUERIES).toFixed(3)} ms`, { text: '< 1 ms', met: queriesMs / QUERIES < 1 }));
  console.log(
    `    median ${at(each, 0.5).toFixed(3)} ms, 99th percentile ${at(each, 0.99).toFixed(3)} ms; subjects listed per query: median ${at(sizes, 0.5)}, most ${at(sizes, 1)} (the slowest queries are the ones that list thousands of subjects)`,
  );
  console.log(line('all escalation paths', `${(pathsMs / 1000).toFixed(2)} s`, { text: '< 10 s', met: pathsMs < 10_000 }));
  console.log(`    ${findings.length} reported by rbac.escalation-path; paths to cluster-admin ${toAdmin.length}, to a node ${toNode.length}, to a namespace's Secrets ${toSecrets.length}; graph of ${e.nodes.size} nodes`);
  console.log(line('peak RSS', `${rssMb.toFixed(0)} MB`));
}

main();
