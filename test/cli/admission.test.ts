import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import jsyaml from 'js-yaml';
import { tempTree, type CliResult } from '../helpers/cli.js';
import { cronJobCreate, deploymentCreate } from '../server/admission/reviews.js';

/**
 * `rampart admission` through commander exactly as the CLI parses it. Runs the command module
 * in a child process of its own: the lead wires it into src/cli/main.ts.
 */
const COMMAND = path.resolve('src/cli/commands/admission.ts');
const ENTRY = `const { Command } = await import(${JSON.stringify(import.meta.resolve('commander'))});
const { admissionCommand } = await import(${JSON.stringify(COMMAND)});
await new Command('rampart').addCommand(admissionCommand()).parseAsync(process.argv.slice(1), { from: 'user' });`;

function admission(args: string[], options: { cwd?: string; stdin?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', ENTRY, '--', 'admission', ...args], { cwd: options.cwd ?? process.cwd(), env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

const POLICY = 'language: en\ndefaults: {mode: warn}\nnamespaces:\n  - match: {names: [payments]}\n    mode: enforce\n';

test('admission test: a denied review prints the AdmissionReview response and exits 1; an allowed one exits 0', async () => {
  const dir = await tempTree({
    'admission.yaml': POLICY,
    'deny.json': JSON.stringify(deploymentCreate()),
    'warn.json': JSON.stringify(cronJobCreate()),
  });
  const denied = await admission(['test', 'deny.json', '--policy', 'admission.yaml'], { cwd: dir });
  assert.equal(denied.code, 1, denied.stderr);
  const review = JSON.parse(denied.stdout) as { apiVersion: string; response: { uid: string; allowed: boolean; status: { message: string } } };
  assert.equal(review.apiVersion, 'admission.k8s.io/v1');
  assert.equal(review.response.allowed, false);
  assert.match(review.response.status.message, /pod\.privileged/);
  const warned = await admission(['test', '-', '--policy', 'admission.yaml'], { cwd: dir, stdin: JSON.stringify(cronJobCreate()) });
  assert.equal(warned.code, 0, warned.stderr);
  assert.ok((JSON.parse(warned.stdout) as { response: { warnings: string[] } }).response.warnings.some((w) => w.startsWith('rampart: pod.host-path')));
});

test('admission test: bad input exits 2 with one line naming the file and field', async () => {
  const dir = await tempTree({
    'admission.yaml': POLICY,
    'bad-policy.yaml': 'defaults:\n  mode: deny\n',
    'v1beta1.json': JSON.stringify({ ...deploymentCreate(), apiVersion: 'admission.k8s.io/v1beta1' }),
    'review.json': JSON.stringify(deploymentCreate()),
    'broken.json': '{"kind": ',
  });
  const oldApi = await admission(['test', 'v1beta1.json', '--policy', 'admission.yaml'], { cwd: dir });
  assert.equal(oldApi.code, 2);
  assert.equal(oldApi.stderr, 'rampart: v1beta1.json: not an AdmissionReview: apiVersion: expected admission.k8s.io/v1, got "admission.k8s.io/v1beta1"\n');
  const badPolicy = await admission(['test', 'review.json', '--policy', 'bad-policy.yaml'], { cwd: dir });
  assert.equal(badPolicy.code, 2);
  assert.equal(badPolicy.stderr, 'rampart: bad-policy.yaml:2: admission policy: defaults.mode: expected one of enforce, warn, audit\n');
  const notJson = await admission(['test', 'broken.json', '--policy', 'admission.yaml'], { cwd: dir });
  assert.equal(notJson.code, 2);
  assert.match(notJson.stderr, /^rampart: broken\.json: not JSON: /);
});

test('admission install prints parseable YAML with a generated certificate; a protected namespace is refused', async () => {
  const ok = await admission(['install', '--namespace', 'rampart-system', '--fail-closed-namespaces', 'payments']);
  assert.equal(ok.code, 0, ok.stderr);
  const docs = jsyaml.loadAll(ok.stdout) as { kind: string; webhooks?: { failurePolicy: string }[] }[];
  const config = docs.find((d) => d.kind === 'ValidatingWebhookConfiguration');
  assert.deepEqual(config?.webhooks?.map((w) => w.failurePolicy), ['Ignore', 'Fail']);
  const refused = await admission(['install', '--fail-closed-namespaces', 'kube-system']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--fail-closed-namespaces: "kube-system" is never sent to the webhook/);
});
