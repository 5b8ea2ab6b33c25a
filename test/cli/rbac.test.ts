import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Report } from '../../src/model/index.js';
import { rampart, tempTree } from '../helpers/cli.js';
import { reportValidator } from '../helpers/schema.js';

/** A small estate: a deployer that escalates through pod creation, a secrets reader, a scoped app. */
const ESTATE = `apiVersion: v1
kind: Namespace
metadata: {name: batch}
---
apiVersion: v1
kind: Namespace
metadata: {name: payments, labels: {pod-security.kubernetes.io/enforce: restricted}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: deployer}
rules:
- {apiGroups: [apps], resources: [deployments], verbs: [create, patch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: deployer, namespace: batch}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}
subjects:
- {kind: ServiceAccount, name: deployer, namespace: ci}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules:
- {apiGroups: [""], resources: [secrets], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: prometheus}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects:
- {kind: ServiceAccount, name: prometheus, namespace: monitoring}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: api, namespace: payments}
rules:
- {apiGroups: [""], resources: [secrets], resourceNames: [payments-db], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: api, namespace: payments}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: api}
subjects:
- {kind: ServiceAccount, name: api, namespace: payments}
`;

async function estate(extra: Record<string, string> = {}): Promise<string> {
  return path.join(await tempTree({ 'k8s/estate.yaml': ESTATE, ...extra }), 'k8s');
}

test('who-can lists the subjects granted a request in a namespace, with the binding, and names the names of limited grants', async () => {
  const dir = await estate();
  const r = await rampart(['rbac', 'who-can', 'get', 'secrets', dir, '-n', 'payments']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'Who can get secrets in namespace payments:');
  assert.match(lines[1] ?? '', /^KIND\s+SUBJECT\s+SCOPE\s+NAMES\s+GRANTED BY$/);
  assert.match(lines[2] ?? '', /^ServiceAccount\s+monitoring\/prometheus\s+cluster-wide\s+ClusterRoleBinding prometheus → ClusterRole secret-reader$/);
  assert.match(lines[3] ?? '', /^ServiceAccount\s+payments\/api\s+payments\s+payments-db\s+RoleBinding payments\/api → Role api$/);
  assert.equal(lines.length, 4);
  const other = await rampart(['rbac', 'who-can', 'get', 'secrets', dir, '-n', 'batch']);
  assert.doesNotMatch(other.stdout, /payments\/api/);
});

test('who-can --format json answers with the binding\'s file and line; a cluster-scoped question notes that only ClusterRoleBindings count', async () => {
  const dir = await estate();
  const r = await rampart(['rbac', 'who-can', 'create', 'deployments.apps', dir, '--all-namespaces', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { query: Record<string, unknown>; answers: { subject: { name: string }; scope: string; binding: { file: string; line: number } }[] };
  assert.deepEqual(out.query, { verb: 'create', apiGroup: 'apps', resource: 'deployments', allNamespaces: true });
  assert.equal(out.answers.length, 1);
  assert.equal(out.answers[0]?.subject.name, 'deployer');
  assert.equal(out.answers[0]?.scope, 'batch');
  assert.equal(out.answers[0]?.binding.file, path.join(dir, 'estate.yaml'));
  assert.equal(out.answers[0]?.binding.line, ESTATE.split('\n').indexOf('- {kind: ServiceAccount, name: deployer, namespace: ci}') + 1);
  const nodes = await rampart(['rbac', 'who-can', 'get', 'nodes/proxy', dir]);
  assert.match(nodes.stdout, /^Who can get nodes\/proxy \(cluster-scoped: only ClusterRoleBindings grant it\):\nNobody is granted this\.\n$/);
});

test('who-can in Chinese', async () => {
  const r = await rampart(['rbac', 'who-can', 'list', 'secrets', await estate(), '--lang', 'zh']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^可对 secrets 执行 list 的主体（所有命名空间）：\n类型\s+主体\s+范围\s+授权来源\n/);
  assert.match(r.stdout, /monitoring\/prometheus\s+集群范围/);
});

test('can lists what a subject may do and the shortest chain to cluster-admin', async () => {
  const dir = await estate();
  const r = await rampart(['rbac', 'can', 'system:serviceaccount:ci:deployer', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^What ServiceAccount ci\/deployer can do \(with the grants of system:serviceaccounts, system:serviceaccounts:ci, system:authenticated\):/);
  assert.match(r.stdout, /\nbatch\s+create,patch\s+deployments\.apps\s+RoleBinding batch\/deployer → ClusterRole deployer\n/);
  assert.match(r.stdout, /ServiceAccount ci\/deployer → cluster-admin in 3 steps\n\s+→ new pods in namespace batch: create deployments in batch/);
  const json = await rampart(['rbac', 'can', 'sa:payments/api', dir, '--format', 'json']);
  const out = JSON.parse(json.stdout) as { clusterAdmin: boolean; rights: { resourceNames: string[] }[]; escalation: unknown[] };
  assert.equal(out.clusterAdmin, false);
  assert.deepEqual(out.rights.map((x) => x.resourceNames), [['payments-db']]);
  assert.deepEqual(out.escalation, [], 'a well-scoped ServiceAccount reaches nothing');
});

test('paths prints chains as a table, JSON, Graphviz dot and Mermaid', async () => {
  const dir = await estate();
  const table = await rampart(['rbac', 'paths', dir]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^Escalation paths to cluster-admin, shortest first: 1\n\n1\. ServiceAccount ci\/deployer → cluster-admin in 3 steps\n/);
  const json = JSON.parse((await rampart(['rbac', 'paths', dir, '--format', 'json'])).stdout) as { target: string; paths: { subject: { name: string }; steps: { to: string; kind: string }[] }[] };
  assert.equal(json.target, 'cluster-admin');
  assert.deepEqual(json.paths[0]?.steps.map((s) => `${s.kind}>${s.to}`), ['creates-pods>pods:batch', 'privileged-pod>node', 'node-credentials>cluster-admin']);
  const dot = (await rampart(['rbac', 'paths', dir, '--format', 'dot'])).stdout;
  assert.match(dot, /^digraph rampart_escalation \{\n/);
  // Long labels wrap with DOT's \n escape.
  assert.match(dot, /\n {2}"sa:ci\/deployer" -> "pods:batch" \[label="create deployments in batch \(RoleBinding\\nbatch\/deployer → ClusterRole deployer\)"\];\n/);
  assert.match(dot, /"cluster-admin" \[label="cluster-admin", shape=doubleoctagon/);
  assert.match(dot, /\}\n$/);
  const mermaid = (await rampart(['rbac', 'paths', dir, '--format', 'mermaid', '--lang', 'zh'])).stdout;
  assert.match(mermaid, /^flowchart LR\n {2}n0\["服务账号 ci\/deployer"\]\n/);
  assert.match(mermaid, /\n {2}n2 -->\|"节点 root 可读取该节点上所有 Pod 的凭据；通过 spec\.nodeName/);
  // A quote would end a Mermaid label and a semicolon the statement: both are written as entities.
  const hostile = await estate({
    'k8s/hostile.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: odd, namespace: batch}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}\nsubjects:\n- {kind: User, apiGroup: rbac.authorization.k8s.io, name: \'dev"ops;team\'}\n',
  });
  const odd = (await rampart(['rbac', 'paths', hostile, '--format', 'mermaid'])).stdout;
  assert.match(odd, /\["User dev#quot;ops#59;team"\]/);
  const secrets = await rampart(['rbac', 'paths', dir, '--to', 'secrets', '-n', 'batch', '--format', 'json']);
  const s = JSON.parse(secrets.stdout) as { paths: { subject: { name: string }; namespace: string }[] };
  assert.deepEqual(s.paths.map((p) => `${p.subject.name}:${p.namespace}`), ['deployer:batch'], 'prometheus holds the Secrets itself: not a path');
});

test('rbac reads standard input', async () => {
  const r = await rampart(['rbac', 'who-can', 'patch', 'deploy', '-'], { stdin: ESTATE });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ci\/deployer\s+batch\s+RoleBinding batch\/deployer/);
});

test('malformed RBAC is one line on standard error naming file and line, the answer still comes, and the exit code is 2', async () => {
  const dir = await estate({ 'k8s/broken.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: b, namespace: x}\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: get\n' });
  const r = await rampart(['rbac', 'who-can', 'get', 'secrets', dir]);
  assert.equal(r.code, 2);
  assert.deepEqual(r.stderr.trimEnd().split('\n'), [`rampart: ${path.join(dir, 'broken.yaml')}:7: Role x/b: rules[0].verbs: expected a list of strings, got string "get"`]);
  assert.match(r.stdout, /monitoring\/prometheus/);
});

test('bad arguments are one line on standard error and exit 2', async () => {
  const dir = await estate();
  const cases: [string[], RegExp][] = [
    [['rbac', 'who-can', 'get', 'not a resource', dir], /^rampart: "not a resource" is not a resource/],
    [['rbac', 'who-can', 'get', 'secrets', dir, '-n', 'a', '-A'], /^rampart: use either -n\/--namespace or -A\/--all-namespaces, not both\n$/],
    [['rbac', 'paths', dir, '--to', 'root'], /^rampart: option '--to <target>' argument 'root' is invalid/],
    [['rbac', 'can', 'sa:no-namespace', dir], /^rampart: "sa:no-namespace" is not a subject/],
  ];
  for (const [args, message] of cases) {
    const r = await rampart(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
});

test('rampart manifests reports the RBAC findings with the others, in a report that validates', async () => {
  const r = await rampart(['manifests', await estate(), '--format', 'json', '--checks', 'rbac.*']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  const validate = reportValidator();
  assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
  assert.deepEqual(
    report.findings.map((f) => `${f.checkId} ${f.asset.name}`).sort(),
    ['rbac.escalation-path ci/ServiceAccount/deployer', 'rbac.secrets-read monitoring/ServiceAccount/prometheus', 'rbac.workload-create ci/ServiceAccount/deployer'],
  );
  const escalation = report.findings.find((f) => f.checkId === 'rbac.escalation-path');
  assert.equal(escalation?.severity, 'critical');
  assert.equal(escalation?.asset.type, 'rbac-subject');
  assert.ok(escalation?.controls.includes('cis-k8s-1.12:5.1.4'));
});

test('rbac --help teaches with examples', async () => {
  const r = await rampart(['rbac', 'paths', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--to <target>/);
  assert.match(r.stdout, /rampart rbac paths k8s\/ --format dot \| dot -Tsvg > escalation\.svg/);
});
