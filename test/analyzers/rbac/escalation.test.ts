import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escalationGraphOf, formatChain, type EscalationPath } from '../../../src/analyzers/rbac/escalation.js';
import type { RbacGraph } from '../../../src/analyzers/rbac/graph.js';
import { escalationFindings } from '../../../src/analyzers/rbac/checks/escalation-path.js';
import { clusterRole, clusterRoleBinding, graphOf, group, ns, pod, role, roleBinding, rule, sa, serviceAccount, tokenSecret, user } from './fixtures.js';

/**
 * Each escalation edge on its own, then composed into multi-hop chains. `chainOf` renders the
 * shortest chain from a subject to a target as node labels, so a test reads as the path it expects.
 */

function chainOf(g: RbacGraph, subject: Parameters<RbacGraph['effectiveGrants']>[0], target = 'cluster-admin'): string | undefined {
  const e = escalationGraphOf(g);
  e.paths('cluster-admin');
  const steps = e.chain(e.identityNode(subject).id, target);
  if (!steps) return undefined;
  return formatChain(e, { subject, target: 'cluster-admin', steps, multiHop: false });
}

/** A ServiceAccount `ops/admin` bound to cluster-admin: the identity many chains end in. */
const ADMIN_SA = [serviceAccount('ops', 'admin'), clusterRoleBinding('ops-admin', 'cluster-admin', [sa('ops', 'admin')])];
const ADMIN = 'ServiceAccount ops/admin → cluster-admin';

function findingsOf(g: RbacGraph): string[] {
  return escalationFindings(g).map((p: EscalationPath) => `${p.subject.kind} ${p.subject.namespace ? `${p.subject.namespace}/` : ''}${p.subject.name} → ${p.target}${p.namespace ? `:${p.namespace}` : ''} (${p.steps.length})`);
}

test('impersonating a user reaches that user\'s rights', async () => {
  const g = await graphOf(
    clusterRole('imp', [rule(['impersonate'], ['users'], { resourceNames: ['root-ish'] })]),
    clusterRoleBinding('imp', 'imp', [user('helpdesk')]),
    clusterRoleBinding('root-ish', 'cluster-admin', [user('root-ish')]),
  );
  assert.equal(chainOf(g, { kind: 'User', name: 'helpdesk' }), 'User helpdesk → User root-ish → cluster-admin');
  assert.deepEqual(findingsOf(g), ['User helpdesk → cluster-admin (2)']);
});

test('impersonating any user reaches every user bindings name', async () => {
  const g = await graphOf(clusterRole('imp', [rule(['impersonate'], ['users'])]), clusterRoleBinding('imp', 'imp', [user('helpdesk')]), clusterRoleBinding('root', 'cluster-admin', [user('root')]));
  assert.equal(chainOf(g, { kind: 'User', name: 'helpdesk' }), 'User helpdesk → any user → User root → cluster-admin');
});

test('impersonating the group system:masters is cluster-admin in one move (reported by the verb check, not as a path)', async () => {
  const g = await graphOf(clusterRole('imp', [rule(['impersonate'], ['groups'], { resourceNames: ['system:masters'] })]), clusterRoleBinding('imp', 'imp', [user('proxy')]));
  assert.equal(chainOf(g, { kind: 'User', name: 'proxy' }), 'User proxy → cluster-admin');
  assert.deepEqual(findingsOf(g), []);
  assert.equal(escalationGraphOf(g).paths('cluster-admin').length, 1, 'rampart rbac paths still lists it');
});

test('impersonating groups is namespace-independent: a RoleBinding granting it grants nothing', async () => {
  const g = await graphOf(clusterRole('imp', [rule(['impersonate'], ['groups', 'users'])]), roleBinding('t', 'imp', { kind: 'ClusterRole', name: 'imp' }, [user('tenant')]));
  assert.equal(chainOf(g, { kind: 'User', name: 'tenant' }), undefined);
});

test('impersonating ServiceAccounts of a namespace reaches each of them', async () => {
  const g = await graphOf(...ADMIN_SA, role('ops', 'imp', [rule(['impersonate'], ['serviceaccounts'])]), roleBinding('ops', 'imp', { kind: 'Role', name: 'imp' }, [user('dev')]));
  assert.equal(chainOf(g, { kind: 'User', name: 'dev' }), `User dev → any ServiceAccount of namespace ops → ${ADMIN}`);
  assert.deepEqual(findingsOf(g), ['User dev → cluster-admin (3)']);
});

test('bind with the right to create ClusterRoleBindings reaches cluster-admin; bind alone does not', async () => {
  const binder = await graphOf(
    clusterRole('binder', [rule(['bind'], ['clusterroles'], { apiGroups: ['rbac.authorization.k8s.io'] }), rule(['create'], ['clusterrolebindings'], { apiGroups: ['rbac.authorization.k8s.io'] })]),
    clusterRoleBinding('binder', 'binder', [user('ops')]),
  );
  assert.equal(chainOf(binder, { kind: 'User', name: 'ops' }), 'User ops → cluster-admin');
  const bindOnly = await graphOf(clusterRole('binder', [rule(['bind'], ['clusterroles'], { apiGroups: ['rbac.authorization.k8s.io'] })]), clusterRoleBinding('binder', 'binder', [user('ops')]));
  assert.equal(chainOf(bindOnly, { kind: 'User', name: 'ops' }), undefined);
});

test('bind in one namespace yields full control of that namespace, never cluster-admin by itself', async () => {
  const g = await graphOf(
    ns('team', 'restricted'),
    serviceAccount('team', 'app'),
    role('team', 'binder', [rule(['bind'], ['clusterroles'], { apiGroups: ['rbac.authorization.k8s.io'] }), rule(['create'], ['rolebindings'], { apiGroups: ['rbac.authorization.k8s.io'] })]),
    roleBinding('team', 'binder', { kind: 'Role', name: 'binder' }, [user('lead')]),
  );
  const e = escalationGraphOf(g);
  assert.equal(e.chain(e.identityNode({ kind: 'User', name: 'lead' }).id, 'cluster-admin'), undefined);
  assert.equal(chainOf(g, { kind: 'User', name: 'lead' }, 'secrets:team'), 'User lead → full control of namespace team → Secrets of namespace team');
  // The team's ServiceAccounts become reachable, and with them whatever they hold.
  const withAdminInTeam = await graphOf(
    ns('team', 'restricted'),
    serviceAccount('team', 'app'),
    clusterRoleBinding('app-admin', 'cluster-admin', [sa('team', 'app')]),
    role('team', 'binder', [rule(['bind'], ['clusterroles'], { apiGroups: ['rbac.authorization.k8s.io'] }), rule(['create'], ['rolebindings'], { apiGroups: ['rbac.authorization.k8s.io'] })]),
    roleBinding('team', 'binder', { kind: 'Role', name: 'binder' }, [user('lead')]),
  );
  assert.equal(chainOf(withAdminInTeam, { kind: 'User', name: 'lead' }), 'User lead → full control of namespace team → any ServiceAccount of namespace team → ServiceAccount team/app → cluster-admin');
});

test('bind limited to named roles reaches those roles\' rights at the binding scope', async () => {
  const g = await graphOf(
    clusterRole('reader', [rule(['list'], ['secrets'])]),
    clusterRole('binder', [rule(['bind'], ['clusterroles'], { apiGroups: ['rbac.authorization.k8s.io'], resourceNames: ['reader'] }), rule(['create'], ['rolebindings'], { apiGroups: ['rbac.authorization.k8s.io'] })]),
    roleBinding('vault', 'binder', { kind: 'ClusterRole', name: 'binder' }, [user('ops')]),
  );
  assert.equal(chainOf(g, { kind: 'User', name: 'ops' }, 'secrets:vault'), 'User ops → ClusterRole reader in namespace vault → Secrets of namespace vault');
  assert.deepEqual(findingsOf(g), ['User ops → secrets:vault (2)']);
});

test('escalate with update on the role one is bound to reaches anything at that binding\'s scope', async () => {
  const cluster = await graphOf(
    clusterRole('self-editor', [rule(['escalate', 'update'], ['clusterroles'], { apiGroups: ['rbac.authorization.k8s.io'], resourceNames: ['self-editor'] })]),
    clusterRoleBinding('self-editor', 'self-editor', [sa('tools', 'rbac-sync')]),
  );
  assert.equal(chainOf(cluster, { kind: 'ServiceAccount', namespace: 'tools', name: 'rbac-sync' }), 'ServiceAccount tools/rbac-sync → cluster-admin');
  const withoutUpdate = await graphOf(
    clusterRole('self-editor', [rule(['escalate'], ['clusterroles'], { apiGroups: ['rbac.authorization.k8s.io'] })]),
    clusterRoleBinding('self-editor', 'self-editor', [sa('tools', 'rbac-sync')]),
  );
  assert.equal(chainOf(withoutUpdate, { kind: 'ServiceAccount', namespace: 'tools', name: 'rbac-sync' }), undefined);
});

test('creating tokens for ServiceAccounts reaches them: named, or every ServiceAccount of the namespace', async () => {
  const named = await graphOf(...ADMIN_SA, role('ops', 'mint', [rule(['create'], ['serviceaccounts/token'], { resourceNames: ['admin'] })]), roleBinding('ops', 'mint', { kind: 'Role', name: 'mint' }, [sa('ci', 'builder')]));
  assert.equal(chainOf(named, { kind: 'ServiceAccount', namespace: 'ci', name: 'builder' }), `ServiceAccount ci/builder → ${ADMIN}`);
  const any = await graphOf(...ADMIN_SA, role('ops', 'mint', [rule(['create'], ['serviceaccounts/token'])]), roleBinding('ops', 'mint', { kind: 'Role', name: 'mint' }, [sa('ci', 'builder')]));
  assert.equal(chainOf(any, { kind: 'ServiceAccount', namespace: 'ci', name: 'builder' }), `ServiceAccount ci/builder → any ServiceAccount of namespace ops → ${ADMIN}`);
  const otherName = await graphOf(...ADMIN_SA, role('ops', 'mint', [rule(['create'], ['serviceaccounts/token'], { resourceNames: ['reporter'] })]), roleBinding('ops', 'mint', { kind: 'Role', name: 'mint' }, [sa('ci', 'builder')]));
  assert.equal(chainOf(otherName, { kind: 'ServiceAccount', namespace: 'ci', name: 'builder' }), undefined);
});

test('creating pods where Pod Security admits privileged pods reaches the node, and the node cluster-admin', async () => {
  const objects = (level?: string) => [ns('build', level), role('build', 'pods', [rule(['create'], ['pods'])]), roleBinding('build', 'pods', { kind: 'Role', name: 'pods' }, [sa('ci', 'runner')])];
  const privileged = await graphOf(...objects());
  assert.equal(chainOf(privileged, { kind: 'ServiceAccount', namespace: 'ci', name: 'runner' }), 'ServiceAccount ci/runner → new pods in namespace build → node (root on the host) → cluster-admin');
  assert.deepEqual(findingsOf(privileged), ['ServiceAccount ci/runner → cluster-admin (3)']);
  for (const level of ['baseline', 'restricted']) {
    const guarded = await graphOf(...objects(level));
    assert.equal(chainOf(guarded, { kind: 'ServiceAccount', namespace: 'ci', name: 'runner' }), undefined, level);
    assert.deepEqual(findingsOf(guarded), [], level);
  }
});

test('a namespace that was not read is assumed to admit privileged pods, and the step says so', async () => {
  const g = await graphOf(role('unseen', 'pods', [rule(['create'], ['pods'])]), roleBinding('unseen', 'pods', { kind: 'Role', name: 'pods' }, [user('u')]));
  const e = escalationGraphOf(g);
  const steps = e.chain(e.identityNode({ kind: 'User', name: 'u' }).id, 'node');
  assert.match(steps?.[1]?.action.en ?? '', /namespace unseen was not read, so its Pod Security level is unknown/);
});

test('creating pods reaches every ServiceAccount of the namespace, even where Pod Security forbids privileged pods', async () => {
  const g = await graphOf(ns('ops', 'restricted'), ...ADMIN_SA, role('ops', 'pods', [rule(['create'], ['pods'])]), roleBinding('ops', 'pods', { kind: 'Role', name: 'pods' }, [user('dev')]));
  assert.equal(chainOf(g, { kind: 'User', name: 'dev' }), `User dev → new pods in namespace ops → any ServiceAccount of namespace ops → ${ADMIN}`);
});

test('creating or patching the controllers that create pods is creating pods', async () => {
  for (const [group_, resource, verb] of [
    ['apps', 'deployments', 'patch'],
    ['apps', 'daemonsets', 'create'],
    ['batch', 'cronjobs', 'update'],
    ['', 'replicationcontrollers', 'create'],
  ] as const) {
    const g = await graphOf(ns('ops', 'restricted'), ...ADMIN_SA, role('ops', 'w', [rule([verb], [resource], { apiGroups: [group_] })]), roleBinding('ops', 'w', { kind: 'Role', name: 'w' }, [user('dev')]));
    assert.equal(chainOf(g, { kind: 'User', name: 'dev' }), `User dev → new pods in namespace ops → any ServiceAccount of namespace ops → ${ADMIN}`, resource);
  }
});

test('a hostPath PersistentVolume claimed by a pod reaches the node even in a restricted namespace', async () => {
  const objects = [
    ns('apps', 'restricted'),
    clusterRole('pv', [rule(['create'], ['persistentvolumes'])]),
    clusterRoleBinding('pv', 'pv', [user('storage')]),
    role('apps', 'claims-and-pods', [rule(['create'], ['persistentvolumeclaims', 'pods'])]),
  ];
  const g = await graphOf(...objects, roleBinding('apps', 'cp', { kind: 'Role', name: 'claims-and-pods' }, [user('storage')]));
  assert.equal(chainOf(g, { kind: 'User', name: 'storage' }, 'node'), 'User storage → node (root on the host)');
  const noClaims = await graphOf(...objects.slice(0, 3), role('apps', 'p', [rule(['create'], ['pods'])]), roleBinding('apps', 'p', { kind: 'Role', name: 'p' }, [user('storage')]));
  assert.equal(chainOf(noClaims, { kind: 'User', name: 'storage' }, 'node'), undefined);
});

test('exec into running pods reaches the ServiceAccounts whose tokens they mount, and the node from a privileged pod', async () => {
  const g = await graphOf(
    ns('ops', 'privileged'),
    ...ADMIN_SA,
    pod('ops', 'admin-tool', 'admin'),
    role('ops', 'exec', [rule(['create'], ['pods/exec'])]),
    roleBinding('ops', 'exec', { kind: 'Role', name: 'exec' }, [user('oncall')]),
  );
  assert.equal(chainOf(g, { kind: 'User', name: 'oncall' }), `User oncall → running pods of namespace ops → ${ADMIN}`);
  const noToken = await graphOf(
    ns('ops', 'privileged'),
    ...ADMIN_SA,
    pod('ops', 'admin-tool', 'admin', { automountServiceAccountToken: false }),
    role('ops', 'exec', [rule(['create'], ['pods/exec'])]),
    roleBinding('ops', 'exec', { kind: 'Role', name: 'exec' }, [user('oncall')]),
  );
  assert.equal(chainOf(noToken, { kind: 'User', name: 'oncall' }), undefined);
  const saSaysNo = await graphOf(
    serviceAccount('ops', 'admin', false),
    clusterRoleBinding('ops-admin', 'cluster-admin', [sa('ops', 'admin')]),
    pod('ops', 'admin-tool', 'admin'),
    role('ops', 'exec', [rule(['create'], ['pods/exec'])]),
    roleBinding('ops', 'exec', { kind: 'Role', name: 'exec' }, [user('oncall')]),
  );
  assert.equal(chainOf(saSaysNo, { kind: 'User', name: 'oncall' }), undefined, 'the ServiceAccount opts out of automounting');
  const privileged = await graphOf(
    pod('ops', 'agent', 'default', { automountServiceAccountToken: false, containers: [{ name: 'agent', image: 'a', securityContext: { privileged: true } }] }),
    role('ops', 'exec', [rule(['get'], ['pods/exec'])]),
    roleBinding('ops', 'exec', { kind: 'Role', name: 'exec' }, [user('oncall')]),
  );
  assert.equal(chainOf(privileged, { kind: 'User', name: 'oncall' }), 'User oncall → running pods of namespace ops → node (root on the host) → cluster-admin');
});

test('exec limited to named pods reaches only those pods', async () => {
  const g = await graphOf(
    ...ADMIN_SA,
    pod('ops', 'admin-tool', 'admin'),
    pod('ops', 'web', 'default'),
    role('ops', 'exec', [rule(['create'], ['pods/exec'], { resourceNames: ['web'] })]),
    roleBinding('ops', 'exec', { kind: 'Role', name: 'exec' }, [user('oncall')]),
  );
  assert.equal(chainOf(g, { kind: 'User', name: 'oncall' }), undefined);
  assert.equal(chainOf(g, { kind: 'User', name: 'oncall' }, 'sa:ops/default'), 'User oncall → ServiceAccount ops/default');
});

test('nodes/proxy reaches the node; it is cluster-scoped, so a RoleBinding cannot grant it', async () => {
  const g = await graphOf(clusterRole('kubelet', [rule(['get'], ['nodes/proxy'])]), clusterRoleBinding('kubelet', 'kubelet', [sa('monitoring', 'scraper')]), roleBinding('t', 'kubelet', { kind: 'ClusterRole', name: 'kubelet' }, [user('tenant')]));
  assert.equal(chainOf(g, { kind: 'ServiceAccount', namespace: 'monitoring', name: 'scraper' }), 'ServiceAccount monitoring/scraper → node (root on the host) → cluster-admin');
  assert.equal(chainOf(g, { kind: 'User', name: 'tenant' }), undefined);
});

test('reading Secrets reaches the ServiceAccounts whose legacy token Secrets are among them', async () => {
  const g = await graphOf(...ADMIN_SA, tokenSecret('ops', 'admin-token', 'admin'), role('ops', 'read', [rule(['list'], ['secrets'])]), roleBinding('ops', 'read', { kind: 'Role', name: 'read' }, [user('auditor')]));
  assert.equal(chainOf(g, { kind: 'User', name: 'auditor' }), `User auditor → Secrets of namespace ops → ${ADMIN}`);
  const named = await graphOf(...ADMIN_SA, tokenSecret('ops', 'admin-token', 'admin'), role('ops', 'read', [rule(['get'], ['secrets'], { resourceNames: ['admin-token'] })]), roleBinding('ops', 'read', { kind: 'Role', name: 'read' }, [user('auditor')]));
  assert.equal(chainOf(named, { kind: 'User', name: 'auditor' }), `User auditor → ${ADMIN}`);
  const noToken = await graphOf(...ADMIN_SA, role('ops', 'read', [rule(['list'], ['secrets'])]), roleBinding('ops', 'read', { kind: 'Role', name: 'read' }, [user('auditor')]));
  assert.equal(chainOf(noToken, { kind: 'User', name: 'auditor' }), undefined);
});

test('creating and approving CSRs for the kube-apiserver-client signer reaches cluster-admin; without the signer it does not', async () => {
  const certs = { apiGroups: ['certificates.k8s.io'] };
  const base = [rule(['create'], ['certificatesigningrequests'], certs), rule(['update'], ['certificatesigningrequests/approval'], certs)];
  const g = await graphOf(clusterRole('csr', [...base, rule(['approve'], ['signers'], { ...certs, resourceNames: ['kubernetes.io/kube-apiserver-client'] })]), clusterRoleBinding('csr', 'csr', [user('pki')]));
  assert.equal(chainOf(g, { kind: 'User', name: 'pki' }), 'User pki → cluster-admin');
  const otherSigner = await graphOf(clusterRole('csr', [...base, rule(['approve'], ['signers'], { ...certs, resourceNames: ['example.com/internal'] })]), clusterRoleBinding('csr', 'csr', [user('pki')]));
  assert.equal(chainOf(otherSigner, { kind: 'User', name: 'pki' }), undefined);
});

test('composed: Secrets → legacy token → pod creation → node → cluster-admin, reported once with the shortest chain', async () => {
  const g = await graphOf(
    ns('ci', 'restricted'),
    ns('batch'),
    serviceAccount('ci', 'deployer'),
    serviceAccount('monitoring', 'prometheus'),
    tokenSecret('ci', 'deployer-token', 'deployer'),
    clusterRole('scrape', [rule(['get', 'list'], ['secrets', 'pods'])]),
    clusterRoleBinding('scrape', 'scrape', [sa('monitoring', 'prometheus')]),
    clusterRole('deploy', [rule(['create', 'patch'], ['deployments'], { apiGroups: ['apps'] })]),
    roleBinding('batch', 'deploy', { kind: 'ClusterRole', name: 'deploy' }, [sa('ci', 'deployer')]),
  );
  assert.equal(
    chainOf(g, { kind: 'ServiceAccount', namespace: 'monitoring', name: 'prometheus' }),
    'ServiceAccount monitoring/prometheus → Secrets of namespace ci → ServiceAccount ci/deployer → new pods in namespace batch → node (root on the host) → cluster-admin',
  );
  assert.deepEqual(findingsOf(g), ['ServiceAccount ci/deployer → cluster-admin (3)', 'ServiceAccount monitoring/prometheus → cluster-admin (5)']);
  const paths = escalationGraphOf(g).paths('cluster-admin');
  assert.deepEqual(paths.map((p) => p.steps.length), [3, 5], 'shortest first');
});

test('composed: impersonation, then a token, then a role binding', async () => {
  const g = await graphOf(
    ns('ops', 'restricted'),
    serviceAccount('ops', 'rbac-manager'),
    clusterRole('imp-sa', [rule(['impersonate'], ['serviceaccounts'], { resourceNames: ['minter'] })]),
    roleBinding('tools', 'imp', { kind: 'ClusterRole', name: 'imp-sa' }, [user('intern')]),
    serviceAccount('tools', 'minter'),
    role('ops', 'mint', [rule(['create'], ['serviceaccounts/token'], { resourceNames: ['rbac-manager'] })]),
    roleBinding('ops', 'mint', { kind: 'Role', name: 'mint' }, [sa('tools', 'minter')]),
    clusterRole('crb-binder', [rule(['bind'], ['clusterroles'], { apiGroups: ['rbac.authorization.k8s.io'] }), rule(['create'], ['clusterrolebindings'], { apiGroups: ['rbac.authorization.k8s.io'] })]),
    clusterRoleBinding('rbac-manager', 'crb-binder', [sa('ops', 'rbac-manager')]),
  );
  assert.equal(chainOf(g, { kind: 'User', name: 'intern' }), 'User intern → ServiceAccount tools/minter → ServiceAccount ops/rbac-manager → cluster-admin');
  const found = escalationFindings(g).find((p) => p.subject.name === 'intern');
  assert.deepEqual(found?.steps.map((s) => s.kind), ['impersonates', 'mints-token', 'binds']);
});

test('Secrets of another namespace reached through another identity are a finding; one\'s own grant to read them is not', async () => {
  const g = await graphOf(
    ns('ci', 'restricted'),
    serviceAccount('ci', 'reporter'),
    role('ledger', 'read', [rule(['list'], ['secrets'])]),
    roleBinding('ledger', 'read', { kind: 'Role', name: 'read' }, [sa('ci', 'reporter')]),
    role('ci', 'pods', [rule(['create'], ['pods'])]),
    roleBinding('ci', 'pods', { kind: 'Role', name: 'pods' }, [user('dev')]),
  );
  assert.deepEqual(findingsOf(g), ['User dev → secrets:ledger (4)']);
  const e = escalationGraphOf(g);
  assert.deepEqual(
    e.paths('secrets').map((p) => `${p.subject.name}:${p.namespace}`),
    ['dev:ci', 'dev:ledger'],
    'paths lists the one-move reach (pods mount ci\'s Secrets) too, but not reporter\'s own grant',
  );
});

test('a well-scoped subject has no path and no finding', async () => {
  const g = await graphOf(
    ns('payments', 'restricted'),
    serviceAccount('payments', 'api'),
    ...ADMIN_SA,
    tokenSecret('ops', 'admin-token', 'admin'),
    role('payments', 'api', [rule(['get'], ['configmaps'], { resourceNames: ['api-config'] }), rule(['get'], ['secrets'], { resourceNames: ['db'] })]),
    roleBinding('payments', 'api', { kind: 'Role', name: 'api' }, [sa('payments', 'api')]),
  );
  const e = escalationGraphOf(g);
  assert.deepEqual(e.pathsFrom({ kind: 'ServiceAccount', namespace: 'payments', name: 'api' }), []);
  assert.deepEqual(findingsOf(g), []);
});

test('a chain that starts with a grant to a group is reported for the group, not for each member', async () => {
  const g = await graphOf(ns('build'), role('build', 'pods', [rule(['create'], ['pods'])]), roleBinding('build', 'pods', { kind: 'Role', name: 'pods' }, [group('system:serviceaccounts:ci')]), clusterRole('nothing', [rule(['get'], ['configmaps'])]), clusterRoleBinding('ci-runner', 'nothing', [sa('ci', 'runner')]));
  assert.deepEqual(findingsOf(g), ['Group system:serviceaccounts:ci → cluster-admin (3)', 'ServiceAccount ci/runner → cluster-admin (3)']);
  const { escalationPath } = await import('../../../src/analyzers/rbac/checks/escalation-path.js');
  const { inventoryContext } = await import('../../helpers/inventory.js');
  const { inventory } = await import('./fixtures.js');
  const inv = await inventory(ns('build'), role('build', 'pods', [rule(['create'], ['pods'])]), roleBinding('build', 'pods', { kind: 'Role', name: 'pods' }, [group('system:serviceaccounts:ci')]), clusterRole('nothing', [rule(['get'], ['configmaps'])]), clusterRoleBinding('ci-runner', 'nothing', [sa('ci', 'runner')]));
  const violations = escalationPath.run(inv, inventoryContext());
  assert.deepEqual(violations.map((v) => v.asset?.name), ['Group/system:serviceaccounts:ci']);
});

test('Kubernetes\' own component grants are not sources, but can be reached as intermediate identities', async () => {
  const g = await graphOf(
    clusterRole('system:controller:clusterrole-aggregation-controller', [rule(['escalate', 'get', 'list', 'watch', 'update', 'patch'], ['clusterroles'], { apiGroups: ['rbac.authorization.k8s.io'] })]),
    clusterRoleBinding('system:controller:clusterrole-aggregation-controller', 'system:controller:clusterrole-aggregation-controller', [sa('kube-system', 'clusterrole-aggregation-controller')]),
    role('kube-system', 'mint', [rule(['create'], ['serviceaccounts/token'])]),
    roleBinding('kube-system', 'mint', { kind: 'Role', name: 'mint' }, [user('ops')]),
  );
  const e = escalationGraphOf(g);
  assert.deepEqual(e.sources.map((s) => s.name), ['ops']);
  assert.equal(chainOf(g, { kind: 'User', name: 'ops' }), 'User ops → any ServiceAccount of namespace kube-system → ServiceAccount kube-system/clusterrole-aggregation-controller → cluster-admin');
});
