import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide, type DecisionState } from '../../../src/server/admission/decide.js';
import { noImagePolicy, type ImagePolicyEvaluator } from '../../../src/server/admission/image-gate.js';
import { parsePolicy } from '../../../src/server/admission/policy.js';
import { parseReview } from '../../../src/server/admission/review.js';
import { parseWaivers } from '../../../src/sources/waivers-file.js';
import { cronJobCreate, deploymentCreate, ephemeralDebug, podUpdate } from './reviews.js';

const NOW = new Date('2026-06-15T10:00:00Z');

function state(policyYaml: string, images: ImagePolicyEvaluator = noImagePolicy, waiversYaml?: string): DecisionState {
  const policy = parsePolicy('admission.yaml', policyYaml);
  if (waiversYaml) {
    const { waivers, errors } = parseWaivers('waivers.yaml', waiversYaml);
    assert.deepEqual(errors, []);
    policy.waivers = waivers;
  }
  return { policy, images };
}

const ENFORCE_PAYMENTS = `
language: en
defaults: {mode: audit, pss: {level: baseline}}
namespaces:
  - match: {names: [payments]}
    mode: enforce
    checks: [pod.image-latest-tag]
  - match: {labelSelector: {matchLabels: {tier: batch}}}
    mode: warn
    pss: {level: restricted}
    checks: [pod.image-latest-tag]
namespaceLabels:
  batch-jobs: {tier: batch}
`;

test('Deployment CREATE from kubectl with a privileged container is denied in an enforce namespace, naming check, field and fix', async () => {
  const d = await decide(parseReview(deploymentCreate()), state(ENFORCE_PAYMENTS), NOW);
  assert.equal(d.allowed, false);
  assert.equal(d.mode, 'enforce');
  assert.equal(d.response.uid, '705ab4f5-6393-11e8-b7cc-42010a800002');
  assert.equal(d.response.status?.code, 403);
  const message = d.response.status?.message ?? '';
  assert.match(message, /^Rampart denied Deployment payments\/api: 1 check failed: pod\.privileged \(spec\.template\.spec\.containers\[1\]\.securityContext\.privileged\): Remove `securityContext\.privileged: true`/);
  assert.deepEqual(d.violations.map((v) => [v.checkId, v.container]), [['pod.privileged', 'proxy']]);
  assert.equal(d.response.auditAnnotations?.violations, 'pod.privileged');
});

test('the same Deployment without the privileged flag is allowed with no warnings', async () => {
  const d = await decide(parseReview(deploymentCreate({ privileged: false })), state(ENFORCE_PAYMENTS), NOW);
  assert.equal(d.allowed, true);
  assert.deepEqual(d.violations, []);
  assert.equal(d.response.warnings, undefined);
});

test('denial messages come in Chinese when the policy says language: zh', async () => {
  const d = await decide(parseReview(deploymentCreate()), state(ENFORCE_PAYMENTS.replace('language: en', 'language: zh')), NOW);
  assert.equal(d.allowed, false);
  assert.match(d.response.status?.message ?? '', /^Rampart 拒绝了 Deployment payments\/api，违反 1 项检查：pod\.privileged（spec\.template\.spec\.containers\[1\]\.securityContext\.privileged）：删除 `securityContext\.privileged: true`/);
});

test('CronJob in a namespace selected by label (restricted, warn): allowed with kubectl warnings under 120 characters', async () => {
  const d = await decide(parseReview(cronJobCreate()), state(ENFORCE_PAYMENTS), NOW);
  assert.equal(d.allowed, true);
  assert.equal(d.mode, 'warn');
  assert.equal(d.rule, 'namespaces[1]');
  const checks = new Set(d.violations.map((v) => v.checkId));
  for (const id of ['pod.host-path', 'pod.run-as-non-root', 'pod.seccomp-required', 'pod.image-latest-tag']) assert.ok(checks.has(id), `expected ${id} in ${[...checks].join(',')}`);
  const warnings = d.response.warnings ?? [];
  assert.ok(warnings.length > 0 && warnings.length <= 10);
  for (const w of warnings) assert.ok([...w].length < 120, `too long: ${w}`);
  assert.ok(warnings.some((w) => w.startsWith('rampart: pod.host-path: ')), warnings.join('\n'));
  assert.ok(d.violations.some((v) => v.field === 'spec.jobTemplate.spec.template.spec.volumes[0].hostPath'), JSON.stringify(d.violations.map((v) => v.field)));
});

test('Chinese warnings also stay under 120 characters', async () => {
  const d = await decide(parseReview(cronJobCreate()), state(ENFORCE_PAYMENTS.replace('language: en', 'language: zh')), NOW);
  const warnings = d.response.warnings ?? [];
  assert.ok(warnings.some((w) => /[\u4e00-\u9fff]/.test(w)));
  for (const w of warnings) assert.ok([...w].length < 120);
});

test('audit mode allows and records the violations without warnings', async () => {
  const d = await decide(parseReview(deploymentCreate({ namespace: 'sandbox' })), state(ENFORCE_PAYMENTS), NOW);
  assert.equal(d.allowed, true);
  assert.equal(d.mode, 'audit');
  assert.equal(d.response.warnings, undefined);
  assert.deepEqual(d.violations.map((v) => v.checkId), ['pod.privileged']);
  assert.equal(d.response.auditAnnotations?.violations, 'pod.privileged');
});

test('Pod UPDATE (kubectl set image) to a :latest tag is denied; to a pinned version it is allowed', async () => {
  const bad = await decide(parseReview(podUpdate({ image: 'registry.bank.example/payments/api:latest' })), state(ENFORCE_PAYMENTS), NOW);
  assert.equal(bad.allowed, false);
  assert.match(bad.response.status?.message ?? '', /^Rampart denied Pod payments\/api-7d9f8c6b5d-x2x7q: 1 check failed: pod\.image-latest-tag \(spec\.containers\[0\]\.image\)/);
  const good = await decide(parseReview(podUpdate({ image: 'registry.bank.example/payments/api:1.4.3' })), state(ENFORCE_PAYMENTS), NOW);
  assert.equal(good.allowed, true);
  assert.equal(good.mode, 'enforce');
});

test('an UPDATE that leaves the pod spec alone (a label) is not judged, so pods admitted before a policy tightened can still be managed', async () => {
  const relabel = parseReview(podUpdate());
  for (const pod of [relabel.object, relabel.oldObject] as { spec: Record<string, unknown> }[]) pod.spec.hostNetwork = true;
  const d = await decide(relabel, state(ENFORCE_PAYMENTS), NOW);
  assert.equal(d.allowed, true);
  assert.equal(d.mode, 'skipped');
});

test('kubectl debug: only the new ephemeral container is judged, on the pods/ephemeralcontainers subresource', async () => {
  // Restricted: the pod's existing containers fail runAsNonRoot etc., but they were admitted before.
  const restricted = ENFORCE_PAYMENTS.replace('    mode: enforce\n', '    mode: enforce\n    pss: {level: restricted}\n');
  const d = await decide(parseReview(ephemeralDebug()), state(restricted), NOW);
  assert.equal(d.allowed, false);
  assert.ok(d.violations.length > 0);
  for (const v of d.violations) {
    assert.equal(v.container, 'debugger-x7k2q');
    assert.match(v.field, /^spec\.ephemeralContainers\[0\]/);
  }
  assert.ok(d.violations.some((v) => v.checkId === 'pod.privileged'));
  const baseline = await decide(parseReview(ephemeralDebug({ privileged: false })), state(ENFORCE_PAYMENTS), NOW);
  assert.equal(baseline.allowed, true, JSON.stringify(baseline.violations));
});

test('requests the webhook does not judge (DELETE, status subresource) are allowed untouched', async () => {
  const del = parseReview(deploymentCreate());
  del.operation = 'DELETE';
  assert.equal((await decide(del, state(ENFORCE_PAYMENTS), NOW)).mode, 'skipped');
  const status = parseReview(podUpdate({ image: 'busybox:latest' }));
  status.subResource = 'status';
  const d = await decide(status, state(ENFORCE_PAYMENTS), NOW);
  assert.equal(d.allowed, true);
  assert.equal(d.mode, 'skipped');
});

const WAIVERS = `
waivers:
  - id: W-ACTIVE
    check: pod.privileged
    scope: {namespace: payments, kind: Deployment, name: api, container: proxy}
    reason: Envoy needs NET_ADMIN-like access on this legacy node pool.
    approver: zhang.min@bank.example
    expires: 2026-06-15
  - id: W-LAPSED
    check: pod.image-latest-tag
    scope: {namespace: payments, kind: Pod}
    reason: Floating tag allowed during the migration weekend only.
    approver: zhang.min@bank.example
    expires: 2026-06-14
`;

test('an active waiver (expiring today) admits; a lapsed one no longer does and is named in the decision', async () => {
  const s = state(ENFORCE_PAYMENTS, noImagePolicy, WAIVERS);
  const waived = await decide(parseReview(deploymentCreate()), s, NOW);
  assert.equal(waived.allowed, true);
  assert.deepEqual(waived.waived, [{ checkId: 'pod.privileged', field: 'spec.template.spec.containers[1].securityContext.privileged', waiver: 'W-ACTIVE' }]);
  assert.equal(waived.response.auditAnnotations?.waivers, 'W-ACTIVE');
  const nextDay = await decide(parseReview(deploymentCreate()), s, new Date('2026-06-16T00:00:01Z'));
  assert.equal(nextDay.allowed, false, 'the waiver expired at the end of 2026-06-15 UTC');
  const lapsed = await decide(parseReview(podUpdate({ image: 'registry.bank.example/payments/api:latest' })), s, NOW);
  assert.equal(lapsed.allowed, false);
  assert.equal(lapsed.violations[0]?.expiredWaiver, 'W-LAPSED');
});

test('image policy violations are denied like workload checks; image errors fail safe', async () => {
  const seen: { container: string; image: string }[][] = [];
  const images: ImagePolicyEvaluator = {
    evaluate(list) {
      seen.push(list);
      return Promise.resolve({
        violations: list.filter((i) => i.image.startsWith('envoyproxy/')).map((i) => ({ container: i.container, checkId: 'image.latest-tag', message: { en: `image ${i.image} is not from an allowed registry`, zh: `镜像 ${i.image} 不在允许的仓库中` } })),
        errors: [],
      });
    },
  };
  const d = await decide(parseReview(deploymentCreate({ privileged: false })), state(ENFORCE_PAYMENTS, images), NOW);
  assert.deepEqual(seen[0], [
    { container: 'api', image: 'registry.bank.example/payments/api:1.4.2' },
    { container: 'proxy', image: 'envoyproxy/envoy:v1.31.2' },
  ]);
  assert.equal(d.allowed, false);
  assert.deepEqual(d.violations.map((v) => [v.checkId, v.field]), [['image.latest-tag', 'spec.template.spec.containers[1].image']]);
});

const FAIL_CLOSED = `
defaults: {mode: warn}
namespaces:
  - match: {names: [payments]}
    mode: enforce
    failClosed: true
  - match: {names: [cards]}
    mode: enforce
`;

test('a broken evaluator: denied where the namespace is failClosed, allowed with a warning elsewhere (even in enforce)', async () => {
  const broken: ImagePolicyEvaluator = { evaluate: () => Promise.resolve({ violations: [], errors: ['no trust root for cosign key "payments"'] }) };
  const closed = await decide(parseReview(deploymentCreate({ privileged: false })), state(FAIL_CLOSED, broken), NOW);
  assert.equal(closed.allowed, false);
  assert.match(closed.failure ?? '', /no trust root/);
  assert.match(closed.response.status?.message ?? '', /could not evaluate Deployment payments\/api and this namespace is fail-closed/);
  const open = await decide(parseReview(deploymentCreate({ namespace: 'cards' })), state(FAIL_CLOSED, broken), NOW);
  assert.equal(open.allowed, true);
  assert.equal(open.response.auditAnnotations?.['evaluation-failed'], 'true');
  assert.match(open.response.warnings?.[0] ?? '', /could not evaluate this request; admitted without checks/);
  const throwing: ImagePolicyEvaluator = { evaluate: () => Promise.reject(new Error('registry timeout')) };
  const thrown = await decide(parseReview(deploymentCreate({ namespace: 'cards' })), state(FAIL_CLOSED, throwing), NOW);
  assert.equal(thrown.allowed, true);
  assert.equal(thrown.failure, 'registry timeout');
});

test('a policy that failed to reload makes every decision fail safe, per namespace', async () => {
  const s: DecisionState = { ...state(FAIL_CLOSED), brokenPolicy: 'admission.yaml:3: admission policy: defaults.mode: expected one of enforce, warn, audit' };
  assert.equal((await decide(parseReview(deploymentCreate({ privileged: false })), s, NOW)).allowed, false);
  const elsewhere = await decide(parseReview(deploymentCreate({ namespace: 'dev' })), s, NOW);
  assert.equal(elsewhere.allowed, true);
  assert.match(elsewhere.failure ?? '', /defaults\.mode/);
});
