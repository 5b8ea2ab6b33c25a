import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSummary } from '../../../src/analyzers/rbac/index.js';
import { RBAC_CHECKS } from '../../../src/analyzers/rbac/index.js';
import { inventoryContext } from '../../helpers/inventory.js';
import { clusterRole, clusterRoleBinding, inventory, ns, role, roleBinding, rule, sa, serviceAccount } from './fixtures.js';

const ESTATE = [
  ns('build'),
  serviceAccount('ci', 'runner'),
  role('build', 'pods', [rule(['create'], ['pods'])]),
  roleBinding('build', 'pods', { kind: 'Role', name: 'pods' }, [sa('ci', 'runner')]),
  clusterRole('reader', [rule(['list'], ['secrets'])]),
  clusterRoleBinding('reader', 'reader', [sa('monitoring', 'prometheus')]),
  roleBinding('build', 'dangling', { kind: 'Role', name: 'gone' }, [sa('ci', 'runner')]),
];

test('accessSummary: subjects with their notable rights, escalation chains and unresolved bindings, as plain data', async () => {
  const summary = accessSummary(await inventory(...ESTATE));
  assert.deepEqual(summary.totals, { roles: 2, bindings: 3, subjects: 2, subjectsWithNotableRights: 2, escalationPaths: 1, unresolvedBindings: 1 });
  assert.deepEqual(
    summary.subjects.map((s) => [s.ref, s.name, s.rights.map((r) => `${r.check} ${r.what}`)]),
    [
      ['rbac:///ServiceAccount/ci/runner', 'runner', ['rbac.workload-create create-workloads@namespace:build']],
      ['rbac:///ServiceAccount/monitoring/prometheus', 'prometheus', ['rbac.secrets-read read-secrets@cluster']],
    ],
  );
  const [path] = summary.escalationPaths;
  assert.equal(path?.target, 'cluster-admin');
  assert.equal(path?.chain.en, 'ServiceAccount ci/runner → new pods in namespace build → node (root on the host) → cluster-admin');
  assert.match(path?.chain.zh ?? '', /^服务账号 ci\/runner → 命名空间 build 中新建的 Pod/);
  assert.equal(path?.steps[0]?.via, 'RoleBinding build/pods → Role pods');
  assert.deepEqual(summary.unresolvedBindings, [{ kind: 'RoleBinding', name: 'dangling', namespace: 'build', roleRef: { kind: 'Role', name: 'gone' }, status: 'missing', file: '-' }]);
  assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary, 'serialisable without loss');
});

test('accessSummary agrees with the checks, and does not swallow input errors the scan reports', async () => {
  const inv = await inventory(...ESTATE, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'bad' }, rules: [{ verbs: 'get' }] });
  const summary = accessSummary(inv);
  const ctx = inventoryContext();
  const escalation = RBAC_CHECKS.find((c) => c.id === 'rbac.escalation-path')?.run(inv, ctx) ?? [];
  assert.equal(escalation.length, summary.escalationPaths.length);
  assert.equal(ctx.inputErrors.length, 1, 'the scan context still receives the input error after the summary ran');
});
