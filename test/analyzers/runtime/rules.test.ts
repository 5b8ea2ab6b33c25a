import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { RuntimeEngine } from '../../../src/analyzers/runtime/engine.js';
import { MITRE_ID_PATTERN } from '../../../src/analyzers/runtime/rule-schema.js';
import { loadRuleSet, parseRuleFile, RuleFileError } from '../../../src/analyzers/runtime/rules.js';
import { CHECKS, controlsOfCheck, loadFrameworks } from '../../../src/catalog/index.js';
import { defaultRuntimeRulesFile } from '../../../src/catalog/checks/runtime.js';
import { API_CONTAINER, connect, exec, proc } from './events.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rampart-rules-'));
function ruleFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

test('the default rule file passes the schema and every condition compiles and type-checks', () => {
  const doc = parseRuleFile(readFileSync(defaultRuntimeRulesFile(), 'utf8'), 'default.yaml');
  const set = loadRuleSet();
  assert.equal(set.rules.length, doc.rules?.length);
  for (const rule of set.rules) assert.equal(typeof rule.condition, 'function');
});

test('every runtime catalogue entry has en and zh text, MITRE ids of the right shape, and controls', () => {
  const runtime = CHECKS.filter((c) => c.target === 'event');
  const frameworks = loadFrameworks();
  assert.ok(runtime.length >= 21);
  for (const check of runtime) {
    assert.match(check.id, /^runtime\./);
    for (const field of ['title', 'description', 'remediation'] as const) {
      assert.ok(check[field].en.length > 10 && check[field].zh.length > 4, `${check.id}.${field} lacks text`);
      assert.match(check[field].zh, /[\u4e00-\u9fff]/, `${check.id}.${field}.zh is not Chinese`);
    }
    assert.ok(check.mitre && check.mitre.length > 0, `${check.id} has no MITRE id`);
    for (const id of check.mitre) assert.match(id, new RegExp(MITRE_ID_PATTERN));
    assert.ok(controlsOfCheck(frameworks, check.id).length > 0, `${check.id} evidences no control`);
  }
});

test('every non-baseline runtime check has rule data, and every default rule a catalogue entry', () => {
  const ruleIds = loadRuleSet().rules.map((r) => r.id).sort();
  const catalogued = CHECKS.filter((c) => c.target === 'event' && !c.id.startsWith('runtime.baseline.')).map((c) => c.id).sort();
  assert.deepEqual(ruleIds, catalogued);
});

const USER_RULE = `
apiVersion: rampart.dev/v1
kind: RuntimeRules
rules:
  - id: bank.curl-in-payments
    kinds: [process]
    match: {actions: [exec], exe: [curl, wget]}
    condition: container.namespace in params.namespaces && proc.basename in ["curl", "wget"]
    subject: 'process:{proc.exe}'
    params: {namespaces: [payments]}
    severity: medium
    mitre: [T1105]
    title: {en: Download tool in payments, zh: 支付系统中运行了下载工具}
    description: {en: curl or wget ran in a payments container., zh: 支付系统容器中运行了 curl 或 wget。}
    remediation: {en: Remove download tools from the image., zh: 从镜像中移除下载工具。}
`;

test('a user rule file in the same format loads, runs and carries its own catalogue entry', () => {
  const set = loadRuleSet({ files: [ruleFile('user.yaml', USER_RULE)] });
  const rule = set.rules.find((r) => r.id === 'bank.curl-in-payments');
  assert.ok(rule);
  assert.equal(rule.check.severity, 'medium');
  assert.deepEqual(rule.check.mitre, ['T1105']);
  const findings = new RuntimeEngine({ rules: set.rules }).process(exec(proc('/usr/bin/curl', ['curl', 'http://x'])));
  assert.deepEqual(findings.map((f) => f.checkId), ['bank.curl-in-payments']);
  assert.equal(findings[0]?.message.zh.startsWith('支付系统中运行了下载工具'), true);
  assert.equal(new RuntimeEngine({ rules: set.rules }).process(exec(proc('/usr/bin/curl'), { ...API_CONTAINER, namespace: 'web' })).length, 0);
});

test('bad CEL fails with one line naming the file and the rule', () => {
  const file = ruleFile('bad.yaml', USER_RULE.replace('proc.basename in ["curl", "wget"]', 'proc.basename in ["curl", '));
  assert.throws(
    () => loadRuleSet({ files: [file] }),
    (err: Error) => err instanceof RuleFileError && !err.message.includes('\n') && err.message.startsWith(`${file}: rule bank.curl-in-payments: condition does not compile:`),
  );
});

test('a condition naming an unknown variable or function fails at load, not on the first event', () => {
  const unknownVar = ruleFile('var.yaml', USER_RULE.replace('container.namespace in params.namespaces', 'pod.namespace == "x"'));
  assert.throws(() => loadRuleSet({ files: [unknownVar] }), /rule bank\.curl-in-payments: condition does not compile: Unknown variable: pod/);
  const notBool = ruleFile('str.yaml', USER_RULE.replace('container.namespace in params.namespaces && proc.basename in ["curl", "wget"]', 'proc.exe + "x"'));
  assert.throws(() => loadRuleSet({ files: [notBool] }), /condition must be a bool/);
});

test('schema errors name the rule and the field; user rules must carry their text; ids must not collide', () => {
  assert.throws(() => loadRuleSet({ files: [ruleFile('mitre.yaml', USER_RULE.replace('[T1105]', '[T105]'))] }), (err: Error) => /mitre\.yaml: rule bank\.curl-in-payments: mitre\.0: must match pattern/.test(err.message) && !err.message.includes('\n'));
  assert.throws(() => loadRuleSet({ files: [ruleFile('kind.yaml', USER_RULE.replace('kinds: [process]', 'kinds: [syscall]'))] }), /rule bank\.curl-in-payments: kinds\.0/);
  assert.throws(() => loadRuleSet({ files: [ruleFile('notext.yaml', USER_RULE.replace(/ {4}remediation:.*\n/, ''))] }), /rule bank\.curl-in-payments: missing remediation/);
  const builtin = ruleFile('builtin.yaml', USER_RULE.replace('bank.curl-in-payments', 'runtime.reverse-shell'));
  assert.throws(() => loadRuleSet({ files: [builtin] }), /builtin\.yaml: rule runtime\.reverse-shell: already defined in .*default\.yaml; change it under overrides/);
  assert.throws(() => loadRuleSet({ files: [builtin], defaults: false }), /rule runtime\.reverse-shell: is a built-in rule; change it under overrides/);
  const one = ruleFile('one.yaml', USER_RULE);
  const two = ruleFile('two.yaml', USER_RULE);
  assert.throws(() => loadRuleSet({ files: [one, two] }), new RegExp(`two\\.yaml: rule bank\\.curl-in-payments: already defined in .*one\\.yaml`));
  assert.throws(() => loadRuleSet({ files: [ruleFile('subject.yaml', USER_RULE.replace("'process:{proc.exe}'", "'process:{pod.exe}'"))] }), /subject: \{pod\.exe\} does not name an activation variable/);
});

test('overrides change parameters (prefilter included), severity and enablement without touching CEL', () => {
  const overrides = ruleFile(
    'overrides.yaml',
    `overrides:
  runtime.mining-pool:
    severity: high
    params: {ports: [1234]}
  runtime.package-manager:
    enabled: false
`,
  );
  const set = loadRuleSet({ files: [overrides] });
  assert.equal(set.rules.some((r) => r.id === 'runtime.package-manager'), false);
  assert.equal(set.checks.find((c) => c.id === 'runtime.package-manager')?.id, 'runtime.package-manager');
  const engine = new RuntimeEngine({ rules: set.rules });
  const onNewPort = engine.process(connect('203.0.113.1', 1234));
  assert.deepEqual(onNewPort.map((f) => [f.checkId, f.severity]), [['runtime.mining-pool', 'high']]);
  assert.equal(engine.process(connect('203.0.113.1', 3333)).length, 0, 'the old port list must no longer match');
  assert.equal(engine.process(exec(proc('/usr/bin/apt-get', ['apt-get', 'install', 'x']))).length, 0);
});

test('an override of a missing parameter or of the wrong shape is refused, naming it', () => {
  assert.throws(() => loadRuleSet({ files: [ruleFile('p1.yaml', 'overrides:\n  runtime.mining-pool:\n    params: {port: [1]}\n')] }), /p1\.yaml: overrides\.runtime\.mining-pool\.params\.port: the rule has no such parameter \(it has: ports, ignorePrivate\)/);
  assert.throws(() => loadRuleSet({ files: [ruleFile('p2.yaml', 'overrides:\n  runtime.mining-pool:\n    params: {ports: [a, b]}\n')] }), /params\.ports: expected a list of integers, got a list of text/);
  assert.throws(() => loadRuleSet({ files: [ruleFile('p3.yaml', 'overrides:\n  runtime.nope:\n    enabled: false\n')] }), /p3\.yaml: overrides\.runtime\.nope: no such rule/);
});

test('a rule whose condition fails at run time is counted as an evaluation error, not thrown', () => {
  const file = ruleFile('runtime-error.yaml', USER_RULE.replace('container.namespace in params.namespaces', 'audit.requestObject.spec.x == 1'));
  const engine = new RuntimeEngine({ rules: loadRuleSet({ files: [file], defaults: false }).rules });
  assert.deepEqual(engine.process(exec(proc('/usr/bin/curl'))), []);
  assert.deepEqual(engine.counters().evaluationErrors, { 'bank.curl-in-payments': 1 });
  assert.match(engine.evaluationErrors()['bank.curl-in-payments'] ?? '', /No such key/);
});
