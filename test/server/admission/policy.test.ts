import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadPolicy, namespacePolicy, parsePolicy, PolicyError } from '../../../src/server/admission/policy.js';

const POLICY = `language: zh
defaults:
  mode: audit
  pss: {level: baseline, version: v1.33}
  checks: [pod.readonly-root-fs, pod.run-as-non-root]
namespaces:
  - match: {names: [payments, cards]}
    mode: enforce
    pss: {level: restricted}
    failClosed: true
  - match:
      labelSelector:
        matchExpressions:
          - {key: env, operator: In, values: [prod]}
    mode: warn
namespaceLabels:
  reports: {env: prod}
`;

test('namespaces resolve by name, then by label (from namespaceLabels), else the defaults; rules inherit unset fields', () => {
  const policy = parsePolicy('/etc/rampart/admission.yaml', POLICY);
  assert.equal(policy.language, 'zh');
  const payments = namespacePolicy(policy, 'payments');
  assert.deepEqual([payments.mode, payments.pssLevel, payments.pssVersion, payments.failClosed, payments.rule], ['enforce', 'restricted', 33, true, 'namespaces[0]']);
  // At restricted, pod.run-as-non-root is part of the level: it is not run a second time as an extra check.
  assert.deepEqual(payments.checks.map((c) => c.id), ['pod.readonly-root-fs']);
  const reports = namespacePolicy(policy, 'reports');
  assert.deepEqual([reports.mode, reports.pssLevel, reports.failClosed, reports.rule], ['warn', 'baseline', false, 'namespaces[1]']);
  assert.deepEqual(reports.checks.map((c) => c.id), ['pod.run-as-non-root', 'pod.readonly-root-fs']);
  const other = namespacePolicy(policy, 'sandbox');
  assert.equal(other.rule, 'defaults');
  assert.equal(other.mode, 'audit');
});

test('the built-in defaults are warn at baseline, fail-open', () => {
  const d = namespacePolicy(parsePolicy('a.yaml', '{}'), 'any');
  assert.deepEqual([d.mode, d.pssLevel, d.pssVersion, d.failClosed, d.checks.length], ['warn', 'baseline', 'latest', false, 0]);
});

test('kubernetes.io/metadata.name selects a namespace by name, as the API server labels every namespace', () => {
  const policy = parsePolicy('a.yaml', 'namespaces:\n  - match: {labelSelector: {matchLabels: {kubernetes.io/metadata.name: cards}}}\n    mode: enforce\n');
  assert.equal(namespacePolicy(policy, 'cards').mode, 'enforce');
  assert.equal(namespacePolicy(policy, 'payments').mode, 'warn');
});

const bad = (text: string): string => {
  try {
    parsePolicy('admission.yaml', text);
  } catch (err) {
    assert.ok(err instanceof PolicyError);
    assert.doesNotMatch(err.message, /\n/);
    return err.message;
  }
  assert.fail('expected a PolicyError');
};

test('bad policies fail with one line naming file, line and field', () => {
  assert.equal(bad('defaults:\n  mode: block\n'), 'admission.yaml:2: admission policy: defaults.mode: expected one of enforce, warn, audit');
  assert.equal(bad('namespaces:\n  - match: {names: [a]}\n    mode: enforce\n    pss: {level: restricted, version: "1.x"}\n'), 'admission.yaml:4: admission policy: namespaces[0].pss.version: expected latest or v1.NN');
  assert.equal(bad('namespaces:\n  - mode: enforce\n'), 'admission.yaml:2: admission policy: namespaces[0].match: missing');
  assert.equal(bad('defaults:\n  checks:\n    - pod.privileged\n    - pod.no-such-check\n'), 'admission.yaml:4: admission policy: defaults.checks[1]: unknown check id "pod.no-such-check" (see: rampart checks list)');
  assert.match(bad('defaults:\n  checks: [rbac.*]\n'), /^admission\.yaml:2: admission policy: defaults\.checks\[0\]: "rbac\.\*" is not a workload check/);
  assert.equal(bad('language: en\nnamespaces:\n  - match: {labelSelector: {matchExpressions: [{key: env, operator: In}]}}\n'), 'admission.yaml:3: admission policy: namespaces[0].match.labelSelector.matchExpressions[0]: In needs values');
  assert.equal(bad('defaults: {mode: warn}\nextra: 1\n'), 'admission.yaml:1: admission policy: (top level): unknown field "extra"');
  assert.match(bad('defaults: [\n'), /^admission\.yaml:\d+: admission policy: YAML syntax error/);
});

test('loadPolicy reads the waivers file relative to the policy; an unreadable waivers file is an error, a bad waiver a warning', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-admission-policy-'));
  try {
    await writeFile(path.join(dir, 'admission.yaml'), 'waivers: waivers.yaml\n');
    await assert.rejects(loadPolicy(path.join(dir, 'admission.yaml')), (err: Error) => err instanceof PolicyError && /waivers: .*waivers\.yaml: cannot read waivers file: no such file/.test(err.message));
    await writeFile(
      path.join(dir, 'waivers.yaml'),
      `waivers:
  - {id: W-1, check: pod.privileged, scope: {namespace: payments}, reason: Legacy proxy until Q3 rebuild, approver: a@bank.example, expires: 2027-01-31}
  - {id: W-2, check: pod.nope, scope: {namespace: payments}, reason: This check does not exist at all, approver: a@bank.example, expires: 2027-01-31}
`,
    );
    const { policy, warnings } = await loadPolicy(path.join(dir, 'admission.yaml'));
    assert.deepEqual(policy.waivers.map((w) => w.id), ['W-1']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /waivers\.yaml:3: waivers file: waivers\[1\]\.check: unknown check id "pod\.nope"/);
    await assert.rejects(loadPolicy(path.join(dir, 'missing.yaml')), /missing\.yaml: cannot read admission policy: no such file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
