import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResourceArgument } from '../../../src/analyzers/rbac/api-resources.js';
import { CLUSTER, rbacGraphsOf } from '../../../src/analyzers/rbac/graph.js';
import { whoCan, whoCanNonResource, type WhoCanQuery } from '../../../src/analyzers/rbac/queries.js';
import { namesGranted, ruleAllows, ruleAllowsNonResource, type PolicyRule } from '../../../src/analyzers/rbac/rules.js';
import { parseSubjectArgument } from '../../../src/analyzers/rbac/subjects.js';
import { inventoryContext, inventoryOf } from '../../helpers/inventory.js';
import { clusterRole, clusterRoleBinding, graphOf, group, role, roleBinding, rule, sa, user, yaml } from './fixtures.js';

/**
 * RBAC evaluation as the Kubernetes documentation (Using RBAC Authorization) and the API
 * server's rule matching define it. Each test names the rule it pins down.
 */

const r = (over: Partial<PolicyRule>): PolicyRule => ({ verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...over });

/** `Kind name@scope` of every answer, sorted, for compact assertions. */
function who(answers: ReturnType<typeof whoCan>): string[] {
  return answers.map((a) => `${a.subject.kind} ${a.subject.namespace ? `${a.subject.namespace}/` : ''}${a.subject.name}@${a.grant.scope === CLUSTER ? 'cluster' : a.grant.scope}`).sort();
}

test('verbs: a rule allows its own verbs and, with "*", every verb', () => {
  const readOnly = r({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });
  assert.equal(ruleAllows(readOnly, { verb: 'get', apiGroup: '', resource: 'pods', name: 'p' }), true);
  assert.equal(ruleAllows(readOnly, { verb: 'delete', apiGroup: '', resource: 'pods', name: 'p' }), false);
  const all = r({ verbs: ['*'], apiGroups: [''], resources: ['pods'] });
  assert.equal(ruleAllows(all, { verb: 'delete', apiGroup: '', resource: 'pods', name: 'p' }), true);
  assert.equal(ruleAllows(all, { verb: 'escalate', apiGroup: '', resource: 'pods' }), true);
});

test('apiGroups: "" is only the core group; "*" is every group', () => {
  const core = r({ verbs: ['get'], apiGroups: [''], resources: ['deployments'] });
  assert.equal(ruleAllows(core, { verb: 'get', apiGroup: 'apps', resource: 'deployments' }), false);
  const any = r({ verbs: ['get'], apiGroups: ['*'], resources: ['deployments'] });
  assert.equal(ruleAllows(any, { verb: 'get', apiGroup: 'apps', resource: 'deployments' }), true);
  assert.equal(ruleAllows(any, { verb: 'get', apiGroup: 'extensions', resource: 'deployments' }), true);
});

test('resources: "*" covers every resource and subresource; a resource never covers its subresources', () => {
  const all = r({ verbs: ['create'], apiGroups: [''], resources: ['*'] });
  assert.equal(ruleAllows(all, { verb: 'create', apiGroup: '', resource: 'pods', subresource: 'exec', name: 'p' }), true);
  const pods = r({ verbs: ['create'], apiGroups: [''], resources: ['pods'] });
  assert.equal(ruleAllows(pods, { verb: 'create', apiGroup: '', resource: 'pods' }), true);
  assert.equal(ruleAllows(pods, { verb: 'create', apiGroup: '', resource: 'pods', subresource: 'exec', name: 'p' }), false);
  const exec = r({ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] });
  assert.equal(ruleAllows(exec, { verb: 'create', apiGroup: '', resource: 'pods', subresource: 'exec', name: 'p' }), true);
  assert.equal(ruleAllows(exec, { verb: 'create', apiGroup: '', resource: 'pods' }), false);
});

test('resources: "*/scale" covers the scale subresource of any resource; "pods/*" is not a wildcard', () => {
  const scale = r({ verbs: ['update'], apiGroups: ['*'], resources: ['*/scale'] });
  assert.equal(ruleAllows(scale, { verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', name: 'd' }), true);
  assert.equal(ruleAllows(scale, { verb: 'update', apiGroup: 'apps', resource: 'deployments', name: 'd' }), false);
  // The API server compares `pods/*` literally: it names a subresource called "*", which none is.
  const podsStar = r({ verbs: ['create'], apiGroups: [''], resources: ['pods/*'] });
  assert.equal(ruleAllows(podsStar, { verb: 'create', apiGroup: '', resource: 'pods', subresource: 'exec', name: 'p' }), false);
  assert.equal(ruleAllows(podsStar, { verb: 'create', apiGroup: '', resource: 'pods' }), false);
});

test('resourceNames: only the named objects; a create or an unnamed list is never allowed by a named rule', () => {
  const named = r({ verbs: ['get', 'list', 'create', 'deletecollection'], apiGroups: [''], resources: ['secrets'], resourceNames: ['db'] });
  assert.equal(ruleAllows(named, { verb: 'get', apiGroup: '', resource: 'secrets', name: 'db' }), true);
  assert.equal(ruleAllows(named, { verb: 'get', apiGroup: '', resource: 'secrets', name: 'other' }), false);
  assert.equal(ruleAllows(named, { verb: 'list', apiGroup: '', resource: 'secrets' }), false);
  assert.equal(ruleAllows(named, { verb: 'create', apiGroup: '', resource: 'secrets' }), false);
  // Asked without a name: list may still be made with a metadata.name field selector, create and deletecollection never.
  assert.deepEqual(namesGranted(named, { verb: 'list', apiGroup: '', resource: 'secrets' }), ['db']);
  assert.equal(namesGranted(named, { verb: 'create', apiGroup: '', resource: 'secrets' }), undefined);
  assert.equal(namesGranted(named, { verb: 'deletecollection', apiGroup: '', resource: 'secrets' }), undefined);
  // A subresource create names its parent object, so names do limit it.
  const token = r({ verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['builder'] });
  assert.deepEqual(namesGranted(token, { verb: 'create', apiGroup: '', resource: 'serviceaccounts', subresource: 'token' }), ['builder']);
  assert.equal(ruleAllows(token, { verb: 'create', apiGroup: '', resource: 'serviceaccounts', subresource: 'token', name: 'builder' }), true);
});

test('nonResourceURLs: exact paths, "*" and prefixes ending in "*"; a prefix without "*" matches only itself', () => {
  const rules = r({ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics*', '/api/*', '/hea'] });
  assert.equal(ruleAllowsNonResource(rules, { verb: 'get', path: '/healthz' }), true);
  assert.equal(ruleAllowsNonResource(rules, { verb: 'get', path: '/metrics/cadvisor' }), true);
  assert.equal(ruleAllowsNonResource(rules, { verb: 'get', path: '/api/v1' }), true);
  assert.equal(ruleAllowsNonResource(rules, { verb: 'get', path: '/healthz/etcd' }), false);
  assert.equal(ruleAllowsNonResource(rules, { verb: 'post', path: '/healthz' }), false);
  assert.equal(ruleAllowsNonResource(r({ verbs: ['*'], nonResourceURLs: ['*'] }), { verb: 'post', path: '/debug/pprof' }), true);
});

test('a RoleBinding to a ClusterRole grants its rules in the binding\'s namespace only; a ClusterRoleBinding everywhere', async () => {
  const g = await graphOf(
    clusterRole('secret-reader', [rule(['get', 'list'], ['secrets'])]),
    roleBinding('payments', 'auditor', { kind: 'ClusterRole', name: 'secret-reader' }, [user('alice')]),
    clusterRoleBinding('platform-read', 'secret-reader', [group('platform')]),
  );
  const q: WhoCanQuery = { verb: 'list', apiGroup: '', resource: 'secrets' };
  assert.deepEqual(who(whoCan(g, { ...q, namespace: 'payments' })), ['Group platform@cluster', 'User alice@payments']);
  assert.deepEqual(who(whoCan(g, { ...q, namespace: 'ledger' })), ['Group platform@cluster']);
  assert.deepEqual(who(whoCan(g, q)), ['Group platform@cluster', 'User alice@payments']);
});

test('a RoleBinding never grants cluster-scoped resources or non-resource URLs, even through a ClusterRole', async () => {
  const g = await graphOf(
    clusterRole('node-reader', [rule(['get'], ['nodes']), { verbs: ['get'], nonResourceURLs: ['/metrics'] }]),
    roleBinding('ops', 'nodes', { kind: 'ClusterRole', name: 'node-reader' }, [user('bob')]),
    clusterRoleBinding('nodes', 'node-reader', [user('carol')]),
  );
  assert.deepEqual(who(whoCan(g, { verb: 'get', apiGroup: '', resource: 'nodes', namespace: 'ops' })), ['User carol@cluster']);
  assert.deepEqual(who(whoCanNonResource(g, { verb: 'get', path: '/metrics' })), ['User carol@cluster']);
});

test('a RoleBinding to a Role uses the Role of its own namespace, not one of the same name elsewhere', async () => {
  const g = await graphOf(
    role('a', 'reader', [rule(['get'], ['configmaps'])]),
    role('b', 'reader', [rule(['get'], ['secrets'])]),
    roleBinding('a', 'reader', { kind: 'Role', name: 'reader' }, [user('dave')]),
  );
  assert.deepEqual(who(whoCan(g, { verb: 'get', apiGroup: '', resource: 'configmaps' })), ['User dave@a']);
  assert.deepEqual(whoCan(g, { verb: 'get', apiGroup: '', resource: 'secrets' }), []);
});

test('a ServiceAccount subject without a namespace in a RoleBinding is the binding\'s namespace\'s', async () => {
  const g = await graphOf(role('ci', 'r', [rule(['get'], ['pods'])]), roleBinding('ci', 'r', { kind: 'Role', name: 'r' }, [{ kind: 'ServiceAccount', name: 'runner' }]));
  assert.deepEqual(who(whoCan(g, { verb: 'get', apiGroup: '', resource: 'pods' })), ['ServiceAccount ci/runner@ci']);
});

test('aggregation: an aggregated ClusterRole holds the rules of every ClusterRole its selectors match, transitively, never its own match of itself', async () => {
  const g = await graphOf(
    clusterRole('monitoring', [], { aggregateFrom: [{ 'example.com/aggregate-to-monitoring': 'true' }] }),
    clusterRole('monitoring-pods', [rule(['get'], ['pods'])], { labels: { 'example.com/aggregate-to-monitoring': 'true' } }),
    clusterRole('monitoring-nodes', [rule(['get'], ['nodes'])], { labels: { 'example.com/aggregate-to-monitoring': 'false' } }),
    // Aggregated itself, and selected by `monitoring`: its selections flow on.
    clusterRole('monitoring-extra', [], { labels: { 'example.com/aggregate-to-monitoring': 'true' }, aggregateFrom: [{ 'example.com/extra': 'true' }] }),
    clusterRole('extra-services', [rule(['get'], ['services'])], { labels: { 'example.com/extra': 'true' } }),
    clusterRoleBinding('mon', 'monitoring', [user('erin')]),
  );
  const can = (resource: string): string[] => who(whoCan(g, { verb: 'get', apiGroup: '', resource }));
  assert.deepEqual(can('pods'), ['User erin@cluster']);
  assert.deepEqual(can('services'), ['User erin@cluster']);
  assert.deepEqual(can('nodes'), []);
  const viaPods = whoCan(g, { verb: 'get', apiGroup: '', resource: 'pods' })[0];
  assert.equal(viaPods?.grant.source.role.name, 'monitoring-pods');
});

test('aggregation into the built-in roles: a ClusterRole labelled aggregate-to-view reaches view, edit and admin', async () => {
  const g = await graphOf(
    clusterRole('widgets-view', [rule(['list'], ['widgets'], { apiGroups: ['example.com'] })], { labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }),
    roleBinding('t', 'viewers', { kind: 'ClusterRole', name: 'view' }, [group('viewers')]),
    roleBinding('t', 'admins', { kind: 'ClusterRole', name: 'admin' }, [group('admins')]),
  );
  assert.deepEqual(who(whoCan(g, { verb: 'list', apiGroup: 'example.com', resource: 'widgets' })), ['Group admins@t', 'Group viewers@t']);
  // Built-in view does not read Secrets; built-in admin (through edit) does.
  assert.deepEqual(who(whoCan(g, { verb: 'get', apiGroup: '', resource: 'secrets' })), ['Group admins@t']);
});

test('a ClusterRole in the input replaces the built-in role of the same name', async () => {
  const g = await graphOf(clusterRole('view', [rule(['get'], ['secrets'])]), clusterRoleBinding('v', 'view', [user('frank')]));
  assert.deepEqual(who(whoCan(g, { verb: 'get', apiGroup: '', resource: 'secrets' })), ['User frank@cluster']);
  assert.deepEqual(whoCan(g, { verb: 'get', apiGroup: '', resource: 'pods' }), []);
});

test('implicit groups: a ServiceAccount holds what system:serviceaccounts, system:serviceaccounts:<ns> and system:authenticated are granted', async () => {
  const g = await graphOf(
    clusterRole('a', [rule(['get'], ['configmaps'])]),
    clusterRole('b', [rule(['get'], ['services'])]),
    clusterRole('c', [rule(['get'], ['endpoints'])]),
    clusterRole('d', [rule(['get'], ['events'])]),
    clusterRoleBinding('all-sa', 'a', [group('system:serviceaccounts')]),
    clusterRoleBinding('ci-sa', 'b', [group('system:serviceaccounts:ci')]),
    clusterRoleBinding('authn', 'c', [group('system:authenticated')]),
    clusterRoleBinding('other-ns', 'd', [group('system:serviceaccounts:web')]),
  );
  const resources = g.effectiveGrants({ kind: 'ServiceAccount', namespace: 'ci', name: 'runner' }).flatMap((x) => x.grant.rule.resources);
  assert.deepEqual(resources.sort(), ['configmaps', 'endpoints', 'services']);
  const userResources = g.effectiveGrants({ kind: 'User', name: 'alice' }).flatMap((x) => x.grant.rule.resources);
  assert.deepEqual(userResources, ['endpoints']);
});

test('implicit groups: system:anonymous is in system:unauthenticated, not system:authenticated', async () => {
  const g = await graphOf(
    clusterRole('public', [rule(['get'], ['configmaps'])]),
    clusterRole('members', [rule(['get'], ['pods'])]),
    clusterRoleBinding('public', 'public', [group('system:unauthenticated')]),
    clusterRoleBinding('members', 'members', [group('system:authenticated')]),
  );
  assert.deepEqual(g.effectiveGrants({ kind: 'User', name: 'system:anonymous' }).flatMap((x) => x.grant.rule.resources), ['configmaps']);
  assert.deepEqual(g.effectiveGrants({ kind: 'User', name: 'alice' }).flatMap((x) => x.grant.rule.resources), ['pods']);
});

test('a binding to the user system:serviceaccount:<ns>:<name> reaches that ServiceAccount', async () => {
  const g = await graphOf(clusterRole('r', [rule(['get'], ['pods'])]), clusterRoleBinding('by-user-name', 'r', [user('system:serviceaccount:ci:deployer')]));
  assert.deepEqual(g.effectiveGrants({ kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' }).map((x) => x.grant.binding.name), ['by-user-name']);
  assert.deepEqual(g.effectiveGrants({ kind: 'ServiceAccount', namespace: 'ci', name: 'other' }), []);
});

test('who-can --name: a grant limited by resourceNames answers for its names only, an unlimited one for any', async () => {
  const g = await graphOf(
    role('p', 'db', [rule(['get'], ['secrets'], { resourceNames: ['db'] })]),
    role('p', 'all', [rule(['get'], ['secrets'])]),
    roleBinding('p', 'db', { kind: 'Role', name: 'db' }, [sa('p', 'api')]),
    roleBinding('p', 'all', { kind: 'Role', name: 'all' }, [sa('p', 'ops')]),
  );
  assert.deepEqual(who(whoCan(g, { verb: 'get', apiGroup: '', resource: 'secrets', name: 'db' })), ['ServiceAccount p/api@p', 'ServiceAccount p/ops@p']);
  assert.deepEqual(who(whoCan(g, { verb: 'get', apiGroup: '', resource: 'secrets', name: 'tls' })), ['ServiceAccount p/ops@p']);
  const unnamed = whoCan(g, { verb: 'get', apiGroup: '', resource: 'secrets' });
  assert.deepEqual(unnamed.find((a) => a.subject.name === 'api')?.names, ['db']);
  assert.equal(unnamed.find((a) => a.subject.name === 'ops')?.names, 'all');
});

test('who-can on a subresource finds "*", the exact subresource and "*/<sub>" rules, not the parent resource', async () => {
  const g = await graphOf(
    clusterRole('star', [rule(['create'], ['*'])]),
    clusterRole('exec', [rule(['create'], ['pods/exec'])]),
    clusterRole('any-exec', [rule(['create'], ['*/exec'])]),
    clusterRole('pods', [rule(['create'], ['pods'])]),
    clusterRole('pods-star', [rule(['create'], ['pods/*'])]),
    ...['star', 'exec', 'any-exec', 'pods', 'pods-star'].map((name) => clusterRoleBinding(name, name, [user(name)])),
  );
  assert.deepEqual(who(whoCan(g, { verb: 'create', apiGroup: '', resource: 'pods', subresource: 'exec' })), ['User any-exec@cluster', 'User exec@cluster', 'User star@cluster']);
});

test('a binding to a role that is not in the input grants nothing that can be seen; system: roles are taken to exist', async () => {
  const g = await graphOf(
    roleBinding('a', 'gone', { kind: 'Role', name: 'gone' }, [user('gina')]),
    clusterRoleBinding('delegator', 'system:auth-delegator', [sa('a', 'metrics')]),
    clusterRoleBinding('node-proxier', 'system:node-proxier', [sa('a', 'proxy')]),
  );
  const status = Object.fromEntries(g.bindings.map((b) => [b.name, b.roleStatus]));
  assert.deepEqual(status, { gone: 'missing', delegator: 'resolved', 'node-proxier': 'unknown-system' });
  assert.deepEqual(g.bindings.find((b) => b.name === 'gone')?.grants, []);
});

test('objects whose kind is Role but whose API group is not RBAC are not roles', async () => {
  const g = await graphOf({ apiVersion: 'example.com/v1', kind: 'Role', metadata: { name: 'x', namespace: 'a' }, rules: 'not RBAC' });
  assert.equal(g.roles.filter((x) => x.resource).length, 0);
});

test('malformed RBAC is one input error each, naming file, line and field, and reported once however many checks ask', async () => {
  const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: broken}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: get
- apiGroups: [""]
  resources: [secrets]
- nonResourceURLs: [/metrics]
  verbs: [get]
  resources: [pods]
aggregationRule:
  clusterRoleSelectors:
  - matchExpressions: [{key: a, operator: Equals}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: urls, namespace: a}
rules:
- nonResourceURLs: [/healthz]
  verbs: [get]
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, on]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: urls}
subjects: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: c}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
- {kind: ServiceAccount, name: runner}
- {kind: Robot, name: r2}
`;
  const inventory = await inventoryOf(text);
  const ctx = inventoryContext();
  rbacGraphsOf(inventory, ctx);
  rbacGraphsOf(inventory, ctx);
  const lines = text.split('\n');
  const lineOf = (needle: string, from = 0): number => lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
  const errors = ctx.inputErrors.map((e) => `${e.line}: ${e.message}`);
  assert.deepEqual(errors, [
    `${lineOf('verbs: get')}: ClusterRole broken: rules[0].verbs: expected a list of strings, got string "get"`,
    `${lineOf('- apiGroups', 7)}: ClusterRole broken: rules[1].verbs: a rule needs at least one verb`,
    `${lineOf('- nonResourceURLs')}: ClusterRole broken: rules[2].nonResourceURLs: a rule cannot cover both resources and non-resource URLs`,
    `${lineOf('operator: Equals')}: ClusterRole broken: aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: operator must be one of In, NotIn, Exists, DoesNotExist (got "Equals")`,
    `${lineOf('/healthz')}: Role a/urls: rules[0].nonResourceURLs: a Role cannot grant non-resource URLs; only a ClusterRole can`,
    `${lineOf('verbs: [get, on]')}: Role a/urls: rules[1].verbs[1]: expected a string, got boolean true (quote it; "" is the core API group)`,
    `${lineOf('kind: Role, name: urls')}: ClusterRoleBinding b: roleRef.kind: must be ClusterRole, got string "Role"`,
    `${lineOf('name: runner')}: ClusterRoleBinding c: subjects[0].namespace: a ServiceAccount subject of a ClusterRoleBinding needs its namespace`,
    `${lineOf('kind: Robot')}: ClusterRoleBinding c: subjects[1].kind: must be User, Group or ServiceAccount, got string "Robot"`,
  ]);
  assert.ok(ctx.inputErrors.every((e) => e.source === '-'));
  const again = inventoryContext();
  rbacGraphsOf(inventory, again);
  assert.equal(again.inputErrors.length, ctx.inputErrors.length, 'a second scan context gets the errors too');
});

test('the well-formed rules of a role that has a malformed one still grant', async () => {
  const inventory = await inventoryOf(
    yaml(clusterRole('mixed', [{ verbs: 'get' as unknown as string[], apiGroups: [''], resources: ['pods'] }, rule(['get'], ['services'])]), clusterRoleBinding('m', 'mixed', [user('hal')])),
  );
  const ctx = inventoryContext();
  const [g] = rbacGraphsOf(inventory, ctx);
  assert.equal(ctx.inputErrors.length, 1);
  assert.deepEqual(who(whoCan(g!, { verb: 'get', apiGroup: '', resource: 'services' })), ['User hal@cluster']);
});

test('resource arguments are read as kubectl reads them', () => {
  assert.deepEqual(parseResourceArgument('secrets'), { resource: 'secrets', apiGroup: '', groupKnown: true });
  assert.deepEqual(parseResourceArgument('pods/exec'), { resource: 'pods', apiGroup: '', groupKnown: true, subresource: 'exec' });
  assert.deepEqual(parseResourceArgument('deploy'), { resource: 'deployments', apiGroup: 'apps', groupKnown: true });
  assert.deepEqual(parseResourceArgument('deployments.apps/scale'), { resource: 'deployments', apiGroup: 'apps', groupKnown: true, subresource: 'scale' });
  assert.deepEqual(parseResourceArgument('widgets.example.com'), { resource: 'widgets', apiGroup: 'example.com', groupKnown: true });
  assert.deepEqual(parseResourceArgument('widgets'), { resource: 'widgets', apiGroup: '', groupKnown: false });
  assert.equal(parseResourceArgument('not a resource'), undefined);
});

test('subject arguments are read as kubectl --as reads user names, with prefixes for groups and ServiceAccounts', () => {
  assert.deepEqual(parseSubjectArgument('alice'), { kind: 'User', name: 'alice' });
  assert.deepEqual(parseSubjectArgument('system:serviceaccount:ci:deployer'), { kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' });
  assert.deepEqual(parseSubjectArgument('group:system:authenticated'), { kind: 'Group', name: 'system:authenticated' });
  assert.deepEqual(parseSubjectArgument('sa:ci/deployer'), { kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' });
  assert.deepEqual(parseSubjectArgument('user:bob'), { kind: 'User', name: 'bob' });
  assert.equal(parseSubjectArgument('sa:nonamespace'), undefined);
  assert.equal(parseSubjectArgument(' '), undefined);
});
