import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InventoryCheck, InventoryViolation } from '../../../src/analyzers/inventory.js';
import { anonymousAccess } from '../../../src/analyzers/rbac/checks/anonymous-access.js';
import { authenticatedAccess } from '../../../src/analyzers/rbac/checks/authenticated-access.js';
import { clusterAdmin } from '../../../src/analyzers/rbac/checks/cluster-admin.js';
import { csrApprove } from '../../../src/analyzers/rbac/checks/csr-approve.js';
import { defaultServiceAccount } from '../../../src/analyzers/rbac/checks/default-service-account.js';
import { escalateBindImpersonate } from '../../../src/analyzers/rbac/checks/escalate-bind-impersonate.js';
import { escalationPath } from '../../../src/analyzers/rbac/checks/escalation-path.js';
import { missingRole } from '../../../src/analyzers/rbac/checks/missing-role.js';
import { missingSubject } from '../../../src/analyzers/rbac/checks/missing-subject.js';
import { nodesProxy } from '../../../src/analyzers/rbac/checks/nodes-proxy.js';
import { podExec } from '../../../src/analyzers/rbac/checks/pod-exec.js';
import { pvCreate } from '../../../src/analyzers/rbac/checks/pv-create.js';
import { secretsRead } from '../../../src/analyzers/rbac/checks/secrets-read.js';
import { tokenCreate } from '../../../src/analyzers/rbac/checks/token-create.js';
import { webhookConfig } from '../../../src/analyzers/rbac/checks/webhook-config.js';
import { wildcard } from '../../../src/analyzers/rbac/checks/wildcard.js';
import { workloadCreate } from '../../../src/analyzers/rbac/checks/workload-create.js';
import { inventoryViolations } from '../../helpers/inventory.js';
import { clusterRole, clusterRoleBinding, group, ns, pod, role, roleBinding, rule, sa, serviceAccount, user, yaml, type Rule, type SubjectSpec } from './fixtures.js';

type Obj = Parameters<typeof yaml>[0];

async function run(check: InventoryCheck, ...objects: Obj[]): Promise<InventoryViolation[]> {
  return inventoryViolations(check, yaml(...objects));
}

/** `asset subject`: who the finding is about and its stable fingerprint part. */
function summary(found: InventoryViolation[]): string[] {
  return found.map((v) => `${v.asset?.name} ${v.subject}`);
}

/** A ClusterRole with the rules, bound cluster-wide to the subject. */
function granted(rules: Rule[], subject: SubjectSpec = sa('tools', 'bot')): Obj[] {
  return [clusterRole('granted', rules), clusterRoleBinding('granted', 'granted', [subject])];
}

/** The same ClusterRole bound by a RoleBinding in namespace `team`. */
function grantedIn(rules: Rule[], subject: SubjectSpec = sa('tools', 'bot')): Obj[] {
  return [clusterRole('granted', rules), roleBinding('team', 'granted', { kind: 'ClusterRole', name: 'granted' }, [subject])];
}

test('every RBAC finding is about the subject, located at the binding\'s subject entry, with a line-free fingerprint subject', async () => {
  const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: readers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects:
- {kind: Group, name: auditors, apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: exporter, namespace: monitoring}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules:
- {apiGroups: [""], resources: [secrets], verbs: [list]}
`;
  const found = await inventoryViolations(secretsRead, text);
  assert.equal(found.length, 2);
  const [, exporter] = found;
  assert.deepEqual(exporter?.asset, { type: 'rbac-subject', ref: 'rbac:///ServiceAccount/monitoring/exporter', name: 'monitoring/ServiceAccount/exporter', objectName: 'exporter', kind: 'ServiceAccount', namespace: 'monitoring' });
  assert.equal(exporter?.resource.kind, 'ClusterRoleBinding');
  assert.deepEqual(exporter?.path, ['subjects', 1]);
  assert.equal(exporter?.resource.lineOf(exporter.path), 7);
  assert.equal(exporter?.subject, 'read-secrets@cluster');
  assert.equal(found[0]?.asset?.ref, 'rbac:///Group//auditors');
});

test('rbac.cluster-admin: cluster-admin or an all-verbs role, cluster-wide or per namespace; not Kubernetes\' own system:masters binding', async () => {
  const found = await run(clusterAdmin, 
    clusterRoleBinding('admins', 'cluster-admin', [group('platform')]),
    clusterRole('god', [rule(['*'], ['*'], { apiGroups: ['*'] })]),
    clusterRoleBinding('god', 'god', [sa('ci', 'deployer')]),
    roleBinding('team', 'team-admin', { kind: 'ClusterRole', name: 'cluster-admin' }, [user('lead')]),
    clusterRoleBinding('cluster-admin', 'cluster-admin', [group('system:masters')]),
  );
  assert.deepEqual(summary(found), ['Group/platform cluster-admin@cluster', 'ci/ServiceAccount/deployer cluster-admin@cluster', 'User/lead cluster-admin@namespace:team']);
  assert.match(found[1]?.message.en ?? '', /ClusterRole god, which grants every verb on every resource/);
  assert.match(found[2]?.message.en ?? '', /in namespace team: full control of that namespace/);
  assert.deepEqual(await run(clusterAdmin, clusterRoleBinding('edit', 'edit', [group('devs')])), []);
});

test('rbac.secrets-read: get, list or watch on Secrets; a grant limited to named Secrets passes', async () => {
  const found = await run(secretsRead, ...grantedIn([rule(['watch'], ['secrets'])]));
  assert.deepEqual(summary(found), ['tools/ServiceAccount/bot read-secrets@namespace:team']);
  assert.match(found[0]?.message.en ?? '', /can read every Secret in namespace team \(watch secrets\)/);
  assert.deepEqual(await run(secretsRead, ...granted([rule(['get'], ['secrets'], { resourceNames: ['db'] }), rule(['create', 'delete'], ['secrets'])])), []);
});

test('rbac.wildcard: "*" in verbs, resources or API groups; explicit rules pass, and cluster-admin is left to rbac.cluster-admin', async () => {
  const found = await run(wildcard, ...granted([rule(['*'], ['configmaps']), rule(['get'], ['*'], { apiGroups: ['apps'] }), rule(['get'], ['deployments'], { apiGroups: ['*'] })]));
  assert.deepEqual(summary(found), ['tools/ServiceAccount/bot wildcard:ClusterRole/granted@cluster']);
  assert.equal(found[0]?.evidence, '* configmaps (core); get * (apps); get deployments (*)');
  assert.deepEqual(await run(wildcard, ...granted([rule(['get', 'list'], ['configmaps'])])), []);
  assert.deepEqual(await run(wildcard, clusterRoleBinding('a', 'cluster-admin', [user('root')])), []);
});

test('rbac.workload-create: create pods or change pod controllers; read-only and create limited by name pass', async () => {
  const found = await run(workloadCreate, ...grantedIn([rule(['patch'], ['deployments'], { apiGroups: ['apps'] }), rule(['create'], ['jobs'], { apiGroups: ['batch'] })]));
  assert.deepEqual(summary(found), ['tools/ServiceAccount/bot create-workloads@namespace:team']);
  assert.match(found[0]?.message.en ?? '', /\(patch deployments\.apps; create jobs\.batch\)/);
  assert.deepEqual(await run(workloadCreate, ...granted([rule(['get', 'list', 'watch'], ['pods', 'deployments'], { apiGroups: ['', 'apps'] }), rule(['create'], ['pods'], { resourceNames: ['only-this'] })])), []);
});

test('rbac.escalate-bind-impersonate: escalate, bind or impersonate, even limited to names; ordinary RBAC writes pass', async () => {
  const rbacGroup = { apiGroups: ['rbac.authorization.k8s.io'] };
  const found = await run(escalateBindImpersonate, ...granted([rule(['impersonate'], ['groups'], { resourceNames: ['system:masters'] }), rule(['bind'], ['clusterroles'], { ...rbacGroup, resourceNames: ['view'] })]));
  assert.deepEqual(summary(found), ['tools/ServiceAccount/bot escalate-bind-impersonate@cluster']);
  assert.match(found[0]?.message.en ?? '', /impersonate groups \[system:masters\]/);
  // bind on clusterroles in a RoleBinding is effective: the API server authorises it in that namespace.
  assert.deepEqual(summary(await run(escalateBindImpersonate, ...grantedIn([rule(['bind'], ['clusterroles'], rbacGroup)]))), ['tools/ServiceAccount/bot escalate-bind-impersonate@namespace:team']);
  assert.deepEqual(await run(escalateBindImpersonate, ...granted([rule(['create', 'update', 'delete'], ['roles', 'rolebindings'], rbacGroup)])), []);
});

test('rbac.token-create: create serviceaccounts/token; creating ServiceAccounts themselves passes', async () => {
  assert.deepEqual(summary(await run(tokenCreate, ...grantedIn([rule(['create'], ['serviceaccounts/token'])]))), ['tools/ServiceAccount/bot create-tokens@namespace:team']);
  assert.deepEqual(await run(tokenCreate, ...granted([rule(['create', 'get'], ['serviceaccounts'])])), []);
});

test('rbac.pod-exec: exec, attach, port-forward, ephemeral containers or pod updates; pods/log passes', async () => {
  for (const r of [rule(['create'], ['pods/exec']), rule(['get'], ['pods/attach']), rule(['create'], ['pods/portforward']), rule(['patch'], ['pods/ephemeralcontainers']), rule(['update'], ['pods'])]) {
    assert.equal((await run(podExec, ...grantedIn([r]))).length, 1, r.resources?.join());
  }
  assert.deepEqual(await run(podExec, ...granted([rule(['get'], ['pods', 'pods/log'])])), []);
});

test('rbac.nodes-proxy: nodes/proxy cluster-wide; nodes/metrics passes, and a RoleBinding cannot grant it', async () => {
  assert.deepEqual(summary(await run(nodesProxy, ...granted([rule(['get'], ['nodes/proxy'])]))), ['tools/ServiceAccount/bot nodes-proxy@cluster']);
  assert.deepEqual(await run(nodesProxy, ...granted([rule(['get'], ['nodes/metrics', 'nodes/stats'])])), []);
  assert.deepEqual(await run(nodesProxy, ...grantedIn([rule(['get'], ['nodes/proxy'])])), []);
});

test('rbac.csr-approve: update on certificatesigningrequests/approval; reading CSRs passes', async () => {
  const certs = { apiGroups: ['certificates.k8s.io'] };
  assert.deepEqual(summary(await run(csrApprove, ...granted([rule(['update'], ['certificatesigningrequests/approval'], certs)]))), ['tools/ServiceAccount/bot approve-csr@cluster']);
  assert.deepEqual(await run(csrApprove, ...granted([rule(['get', 'list', 'create'], ['certificatesigningrequests'], certs)])), []);
});

test('rbac.webhook-config: changing or deleting webhook configurations; reading them passes', async () => {
  const adm = { apiGroups: ['admissionregistration.k8s.io'] };
  assert.deepEqual(summary(await run(webhookConfig, ...granted([rule(['delete'], ['validatingwebhookconfigurations'], adm)]))), ['tools/ServiceAccount/bot webhook-config@cluster']);
  assert.deepEqual(await run(webhookConfig, ...granted([rule(['get', 'list', 'watch'], ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], adm)])), []);
});

test('rbac.pv-create: creating PersistentVolumes; claims pass', async () => {
  assert.deepEqual(summary(await run(pvCreate, ...granted([rule(['create'], ['persistentvolumes'])]))), ['tools/ServiceAccount/bot create-persistentvolumes@cluster']);
  assert.deepEqual(await run(pvCreate, ...granted([rule(['create'], ['persistentvolumeclaims'])])), []);
});

test('rbac.default-service-account: a namespace\'s default ServiceAccount granted rights, naming the workloads that carry them', async () => {
  const found = await run(defaultServiceAccount, 
    pod('batch', 'export'),
    pod('batch', 'named', 'reconcile'),
    roleBinding('batch', 'default-view', { kind: 'ClusterRole', name: 'view' }, [sa('batch', 'default')]),
    clusterRoleBinding('by-user-name', 'view', [user('system:serviceaccount:web:default')]),
  );
  assert.deepEqual(summary(found), ['batch/ServiceAccount/default default-granted@RoleBinding/batch/default-view', 'web/ServiceAccount/default default-granted@ClusterRoleBinding//by-user-name']);
  assert.match(found[0]?.message.en ?? '', /it is used by Pod\/export$/);
  const discoveryOnly = await run(defaultServiceAccount, clusterRoleBinding('d', 'system:discovery', [sa('batch', 'default')]), roleBinding('batch', 'named', { kind: 'ClusterRole', name: 'view' }, [sa('batch', 'reconcile')]));
  assert.deepEqual(discoveryOnly, []);
});

test('rbac.anonymous-access: system:anonymous or system:unauthenticated granted more than discovery; Kubernetes\' own public info passes', async () => {
  const found = await run(anonymousAccess, ...granted([rule(['get'], ['configmaps'])], group('system:unauthenticated')), clusterRoleBinding('anon', 'view', [user('system:anonymous')]));
  assert.deepEqual(summary(found), ['Group/system:unauthenticated beyond-discovery@cluster', 'User/system:anonymous beyond-discovery@cluster']);
  assert.match(found[0]?.message.en ?? '', /\(anyone, without credentials\) is granted more than API discovery in every namespace: ClusterRoleBinding granted → ClusterRole granted \(1 rule\)/);
  assert.deepEqual(await run(anonymousAccess, clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [group('system:unauthenticated')])), []);
});

test('rbac.authenticated-access: system:authenticated or system:serviceaccounts granted more than discovery; discovery and self-review pass', async () => {
  const found = await run(authenticatedAccess, clusterRoleBinding('everyone-view', 'view', [group('system:authenticated')]), ...granted([rule(['list'], ['pods'])], group('system:serviceaccounts')));
  assert.deepEqual(summary(found), ['Group/system:authenticated beyond-discovery@cluster', 'Group/system:serviceaccounts beyond-discovery@cluster']);
  assert.deepEqual(await run(authenticatedAccess, clusterRoleBinding('system:discovery', 'system:discovery', [group('system:authenticated')]), clusterRoleBinding('system:basic-user', 'system:basic-user', [group('system:authenticated')])), []);
});

test('rbac.missing-subject: a ServiceAccount absent from a namespace whose ServiceAccounts were read; cautious otherwise', async () => {
  const binding = roleBinding('ci', 'deploy', { kind: 'ClusterRole', name: 'edit' }, [sa('ci', 'deploy-bot'), sa('ci', 'default'), sa('elsewhere', 'ghost')]);
  const found = await run(missingSubject, serviceAccount('ci', 'runner'), binding);
  assert.deepEqual(summary(found), ['ci/ServiceAccount/deploy-bot missing-serviceaccount@RoleBinding/ci/deploy']);
  assert.match(found[0]?.message.en ?? '', /is not among the ServiceAccounts read for namespace ci \(runner\): if it does not exist, the grant waits/);
  assert.deepEqual(found[0]?.path, ['subjects', 0]);
  // Present, or used by a workload (it must exist for the pod to run): no finding.
  assert.deepEqual(await run(missingSubject, serviceAccount('ci', 'runner'), serviceAccount('ci', 'deploy-bot'), binding), []);
  assert.deepEqual(await run(missingSubject, serviceAccount('ci', 'runner'), pod('ci', 'bot', 'deploy-bot'), binding), []);
});

test('rbac.missing-role: a role neither in the input nor built in; built-in and system: roles pass', async () => {
  const found = await run(missingRole, roleBinding('team', 'r', { kind: 'Role', name: 'team-writer' }, [user('ann'), group('team')]), clusterRoleBinding('ok', 'view', [user('bo')]), clusterRoleBinding('sys', 'system:node-proxier', [user('carl')]));
  assert.deepEqual(summary(found), ['User/ann missing-role@RoleBinding/team/r', 'Group/team missing-role@RoleBinding/team/r']);
  assert.deepEqual(found[0]?.path, ['roleRef', 'name']);
  assert.match(found[0]?.message.en ?? '', /is bound to Role team-writer in namespace team, which is not in the input and not built into Kubernetes/);
  assert.deepEqual(await run(missingRole, role('team', 'team-writer', [rule(['get'], ['pods'])]), roleBinding('team', 'r', { kind: 'Role', name: 'team-writer' }, [user('ann')])), []);
});

test('rbac.escalation-path: located at the binding that starts the chain, with the chain as message and evidence', async () => {
  const found = await run(escalationPath, 
    ns('build'),
    role('build', 'pods', [rule(['create'], ['pods'])]),
    roleBinding('build', 'runner-pods', { kind: 'Role', name: 'pods' }, [user('someone-else'), sa('ci', 'runner')]),
  );
  assert.equal(found.length, 2);
  const runner = found.find((v) => v.asset?.name === 'ci/ServiceAccount/runner');
  assert.equal(runner?.subject, 'escalation:cluster-admin');
  assert.deepEqual(runner?.path, ['subjects', 1]);
  assert.equal(runner?.resource.name, 'runner-pods');
  assert.equal(runner?.message.en, 'ServiceAccount ci/runner can become cluster-admin in 3 steps: ServiceAccount ci/runner → new pods in namespace build → node (root on the host) → cluster-admin');
  assert.match(runner?.message.zh ?? '', /^服务账号 ci\/runner 可经 3 步获得 cluster-admin 权限：服务账号 ci\/runner → 命名空间 build 中新建的 Pod → 节点（宿主机 root 权限） → cluster-admin（集群管理员）$/);
  assert.match(runner?.evidence ?? '', /\[create pods in build \(RoleBinding build\/runner-pods → Role pods\)\] new pods in namespace build/);
  assert.deepEqual(await run(escalationPath, ns('build', 'restricted'), role('build', 'pods', [rule(['create'], ['pods'])]), roleBinding('build', 'pods', { kind: 'Role', name: 'pods' }, [sa('ci', 'runner')])), []);
});

test('Kubernetes\' own component grants are not reported; a system: binding to anyone else, or a kube-system add-on, is', async () => {
  const secretsRule = [rule(['list'], ['secrets'])];
  const own = await run(secretsRead, 
    clusterRole('system:kube-controller-manager', secretsRule),
    clusterRoleBinding('system:kube-controller-manager', 'system:kube-controller-manager', [user('system:kube-controller-manager')]),
    clusterRoleBinding('system:controller:x', 'system:kube-controller-manager', [sa('kube-system', 'x-controller')]),
    clusterRoleBinding('system:node', 'system:kube-controller-manager', [group('system:nodes')]),
  );
  assert.deepEqual(own, []);
  const notOwn = await run(secretsRead, 
    clusterRole('system:kube-controller-manager', secretsRule),
    clusterRoleBinding('system:extra', 'system:kube-controller-manager', [user('alice')]),
    clusterRoleBinding('tiller', 'system:kube-controller-manager', [sa('kube-system', 'tiller')]),
    clusterRoleBinding('nodes-read-secrets', 'system:kube-controller-manager', [group('system:nodes')]),
  );
  assert.deepEqual(summary(notOwn), ['User/alice read-secrets@cluster', 'kube-system/ServiceAccount/tiller read-secrets@cluster', 'Group/system:nodes read-secrets@cluster']);
});

test('a subject granted the same capability by two bindings in one scope is one finding with both as evidence', async () => {
  const found = await run(secretsRead, 
    clusterRole('a', [rule(['get'], ['secrets'])]),
    clusterRole('b', [rule(['list'], ['secrets'])]),
    roleBinding('p', 'first', { kind: 'ClusterRole', name: 'a' }, [sa('p', 'app')]),
    roleBinding('p', 'second', { kind: 'ClusterRole', name: 'b' }, [sa('p', 'app')]),
  );
  assert.equal(found.length, 1);
  assert.equal(found[0]?.resource.name, 'first');
  assert.equal(found[0]?.evidence, 'RoleBinding p/first → ClusterRole a: get secrets; RoleBinding p/second → ClusterRole b: list secrets');
});
