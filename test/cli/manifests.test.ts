import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../../src/model/index.js';
import { rampart, tempTree } from '../helpers/cli.js';
import { reportValidator } from '../helpers/schema.js';

const PRIVILEGED = `apiVersion: apps/v1
kind: Deployment
metadata: {name: agent, namespace: monitoring}
spec:
  template:
    spec:
      containers:
      - name: agent
        image: registry.bank.example/agent:1.0
        securityContext: {privileged: true}
`;

const HARDENED = `apiVersion: v1
kind: Pod
metadata: {name: ok, namespace: payments}
spec:
  containers:
  - name: app
    image: registry.bank.example/app:1.0
`;

function parseReport(stdout: string): Report {
  const report = JSON.parse(stdout) as Report;
  const validate = reportValidator();
  assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
  return report;
}

test('exit 0 without --fail-on, exit 1 when a finding at or above --fail-on remains, 0 when all are below it', async () => {
  const dir = await tempTree({ 'k8s/agent.yaml': PRIVILEGED });
  const plain = await rampart(['manifests', path.join(dir, 'k8s'), '--format', 'json']);
  assert.equal(plain.code, 0, plain.stderr);
  const report = parseReport(plain.stdout);
  const finding = report.findings.find((f) => f.checkId === 'pod.privileged');
  assert.equal(finding?.location.line, 10);
  assert.equal(finding?.location.path, 'spec.template.spec.containers[0].securityContext.privileged');
  assert.equal(finding?.container, 'agent');
  assert.ok(report.checks['pod.privileged']?.remediation.zh);
  assert.equal((await rampart(['manifests', path.join(dir, 'k8s'), '--fail-on', 'critical'])).code, 1);
  const onlyLow = await rampart(['manifests', path.join(dir, 'k8s'), '--fail-on', 'critical', '--skip-checks', 'pod.privileged,pod.host-process']);
  assert.equal(onlyLow.code, 0, onlyLow.stderr);
});

test('a bad file is reported in one line naming file and line, the rest is still scanned, and the exit code is 2', async () => {
  const dir = await tempTree({ 'a-broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n', 'b-agent.yaml': PRIVILEGED });
  const r = await rampart(['manifests', dir, '--format', 'json', '--fail-on', 'critical']);
  assert.equal(r.code, 2);
  const errorLines = r.stderr.split('\n').filter((l) => l.includes('a-broken.yaml'));
  assert.equal(errorLines.length, 1);
  assert.match(errorLines[0] ?? '', /a-broken\.yaml:\d+: YAML syntax error/);
  const report = parseReport(r.stdout);
  assert.equal(report.inputErrors.length, 1);
  assert.ok(report.findings.some((f) => f.checkId === 'pod.privileged'));
});

test('standard input is read with -, with line numbers, as helm template | rampart would', async () => {
  const r = await rampart(['manifests', '-', '--format', 'json'], { stdin: `---\n# Source: chart/templates/a.yaml\n${PRIVILEGED}` });
  assert.equal(r.code, 0, r.stderr);
  const report = parseReport(r.stdout);
  const finding = report.findings.find((f) => f.checkId === 'pod.privileged');
  assert.equal(finding?.location.file, '-');
  assert.equal(finding?.location.line, 12);
});

test('an active waiver turns the finding into waived with its waiver; the gate then passes', async () => {
  const dir = await tempTree({
    'agent.yaml': PRIVILEGED,
    'waivers.yaml': `waivers:
  - id: W-1
    check: pod.privileged
    scope: {namespace: monitoring, kind: Deployment, name: agent, container: agent}
    reason: Kernel agent needs full device access; isolated node pool.
    approver: li.wei@bank.example
    expires: 2999-12-31
    ticket: SEC-1
`,
  });
  const r = await rampart(['manifests', path.join(dir, 'agent.yaml'), '--waivers', path.join(dir, 'waivers.yaml'), '--format', 'json', '--fail-on', 'critical', '--checks', 'pod.privileged']);
  assert.equal(r.code, 0, r.stderr);
  const report = parseReport(r.stdout);
  const finding = report.findings.find((f) => f.checkId === 'pod.privileged');
  assert.equal(finding?.status, 'waived');
  assert.equal(finding?.waiver?.approver, 'li.wei@bank.example');
  assert.deepEqual(report.waivers, [{ id: 'W-1', check: 'pod.privileged', state: 'active', expires: '2999-12-31', matched: 1 }]);
  assert.equal(report.summary.findings.waived, 1);
});

test('an expired waiver stops applying and the report says which waiver lapsed', async () => {
  const dir = await tempTree({
    'agent.yaml': PRIVILEGED,
    'waivers.yaml': `waivers:
  - id: W-OLD
    check: pod.*
    scope: {namespace: monitoring}
    reason: Temporary exception during migration to the new agent.
    approver: zhang.min@bank.example
    expires: 2020-01-31
`,
  });
  const r = await rampart(['manifests', path.join(dir, 'agent.yaml'), '--waivers', path.join(dir, 'waivers.yaml'), '--format', 'json', '--fail-on', 'critical']);
  assert.equal(r.code, 1, r.stderr);
  const report = parseReport(r.stdout);
  const finding = report.findings.find((f) => f.checkId === 'pod.privileged');
  assert.equal(finding?.status, 'fail');
  assert.equal(finding?.expiredWaiver?.id, 'W-OLD');
  assert.equal(report.waivers[0]?.state, 'expired');
});

test('a waiver without approver, with a bad date or an unknown check is an input error naming the line, and is not applied', async () => {
  const dir = await tempTree({
    'agent.yaml': PRIVILEGED,
    'waivers.yaml': `waivers:
  - check: pod.privileged
    scope: {namespace: monitoring}
    reason: Kernel agent needs full device access.
    expires: 2999-12-31
  - check: pod.privilegd
    scope: {namespace: monitoring}
    reason: A typo in the check id must not hide anything.
    approver: a@b
    expires: 2999-12-31
  - check: pod.privileged
    scope: {namespace: monitoring}
    reason: Thirty-first of February does not exist.
    approver: a@b
    expires: 2999-02-31
`,
  });
  const r = await rampart(['manifests', path.join(dir, 'agent.yaml'), '--waivers', path.join(dir, 'waivers.yaml'), '--format', 'json']);
  assert.equal(r.code, 2);
  const report = parseReport(r.stdout);
  assert.deepEqual(
    report.inputErrors.map((e) => [e.line, e.message]),
    [
      [2, 'waivers file: waivers[0].approver: missing'],
      [6, 'waivers file: waivers[1].check: unknown check id "pod.privilegd"'],
      [15, 'waivers file: waivers[2].expires: "2999-02-31" is not a calendar date'],
    ],
  );
  assert.ok(report.findings.every((f) => f.status === 'fail'));
});

test('--lang zh prints the table in Chinese; --format sarif writes to --output; --report writes an extra HTML report', async () => {
  const dir = await tempTree({ 'agent.yaml': PRIVILEGED, 'ok.yaml': HARDENED });
  const zh = await rampart(['manifests', dir, '--lang', 'zh']);
  assert.equal(zh.code, 0, zh.stderr);
  assert.match(zh.stdout, /容器“agent”以特权模式运行/);
  const out = path.join(dir, 'out', 'r.sarif');
  const html = path.join(dir, 'out', 'r.html');
  const r = await rampart(['manifests', dir, '--format', 'sarif', '--output', out, '--report', `html=${html}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const sarif = JSON.parse(await readFile(out, 'utf8')) as { version: string; runs: { results: unknown[] }[] };
  assert.equal(sarif.version, '2.1.0');
  assert.ok((sarif.runs[0]?.results.length ?? 0) > 0);
  assert.match(await readFile(html, 'utf8'), /<html/);
});

test('bad option values and unknown check ids get one clear line and exit 2', async () => {
  const bad = await rampart(['manifests', '.', '--fail-on', 'urgent']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /--fail-on.*expected one of critical, high, medium, low, info/);
  const typo = await rampart(['manifests', '.', '--checks', 'pod.privilegd']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /unknown check id "pod.privilegd"/);
  const missing = await rampart(['manifests', '/nonexistent/k8s']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /\/nonexistent\/k8s: cannot read: no such file or directory/);
});

test('checks list --framework and checks explain --lang zh show the catalogue with controls', async () => {
  const list = await rampart(['checks', 'list', '--framework', 'cis-k8s-1.12']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /pod\.privileged\s+critical\s+Privileged container\s+\[5\.2\.2\]/);
  const explain = await rampart(['checks', 'explain', 'pod.privileged', '--lang', 'zh']);
  assert.equal(explain.code, 0, explain.stderr);
  assert.match(explain.stdout, /特权容器/);
  assert.match(explain.stdout, /5\.2\.2/);
  const unknownFw = await rampart(['checks', 'list', '--framework', 'cis-k8s-9']);
  assert.equal(unknownFw.code, 2);
  assert.match(unknownFw.stderr, /unknown framework "cis-k8s-9" \(known: .*cis-k8s-1\.12/);
});

test('a waiver selects an RBAC subject by its own name and namespace, as it selects objects', async () => {
  const dir = await tempTree({
    'rbac.yaml': `apiVersion: v1
kind: ServiceAccount
metadata: {name: secret-sync, namespace: ops}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: read-secrets}
rules:
- {apiGroups: [""], resources: [secrets], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: secret-sync}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: read-secrets}
subjects:
- {kind: ServiceAccount, name: secret-sync, namespace: ops}
`,
    'waivers.yaml': `waivers:
  - id: W-RBAC-1
    check: rbac.secrets-read
    scope: {namespace: ops, kind: ServiceAccount, name: secret-sync}
    reason: The secret synchroniser must read every Secret; audited monthly.
    approver: wang.fang@bank.example
    expires: 2999-01-01
`,
  });
  const r = await rampart(['manifests', path.join(dir, 'rbac.yaml'), '--waivers', path.join(dir, 'waivers.yaml'), '--format', 'json', '--checks', 'rbac.secrets-read']);
  assert.equal(r.code, 0, r.stderr);
  const report = parseReport(r.stdout);
  const finding = report.findings.find((f) => f.checkId === 'rbac.secrets-read');
  assert.equal(finding?.asset.type, 'rbac-subject');
  assert.equal(finding?.asset.objectName, 'secret-sync');
  assert.equal(finding?.status, 'waived');
  assert.equal(report.waivers[0]?.matched, 1);
});
