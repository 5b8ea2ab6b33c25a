import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { nodeCommand } from '../../src/cli/commands/node.js';
import { buildHost, KUBELET_PROCESS, kubeadmControlPlane } from '../analyzers/node/host-tree.js';

// main.ts wiring is the lead's: the command is run in-process through its commander definition.
async function runNode(args: string[]): Promise<number | undefined> {
  process.exitCode = undefined;
  await nodeCommand().exitOverride().parseAsync(args, { from: 'user' });
  const code = process.exitCode;
  process.exitCode = undefined;
  return code as number | undefined;
}

test('rampart node writes a JSON report on a node asset and exits 1 on --fail-on when the kubelet is insecure', async () => {
  const root = await buildHost(kubeadmControlPlane(), { 55: [...KUBELET_PROCESS, '--anonymous-auth=true'] });
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'rampart-node-cli-')), 'node.json');
  const code = await runNode(['--root', root, '--format', 'json', '--output', out, '--fail-on', 'high']);
  assert.equal(code, 1);
  const report = JSON.parse(await readFile(out, 'utf8')) as { findings: { checkId: string; status: string; asset: { ref: string; type: string } }[]; checks: Record<string, { title: { zh: string } }>; inputs: { source: string }[] };
  const fails = report.findings.filter((f) => f.status === 'fail').map((f) => f.checkId);
  assert.deepEqual(fails, ['node.kubelet.anonymous-auth']);
  assert.equal(report.findings[0]?.asset.ref, 'node://cp-1');
  assert.equal(report.findings[0]?.asset.type, 'node');
  assert.match(report.inputs[0]?.source ?? '', /control-plane/);
  assert.ok(report.checks['node.kubelet.anonymous-auth']?.title.zh);
});

test('rampart node --node-type worker lists sections 1-3 as not applicable and exits 0; a missing root exits 2', async () => {
  const root = await buildHost(kubeadmControlPlane(), { 55: KUBELET_PROCESS });
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'rampart-node-cli-')), 'node.json');
  assert.equal(await runNode(['--root', root, '--node-type', 'worker', '--format', 'json', '--output', out, '--fail-on', 'low']), 0);
  const report = JSON.parse(await readFile(out, 'utf8')) as { findings: { checkId: string }[]; inputs: { skipped?: string }[] };
  assert.ok(report.findings.every((f) => !f.checkId.startsWith('node.apiserver.')));
  assert.match(report.inputs[1]?.skipped ?? '', /not applicable: --node-type worker/);
  assert.equal(await runNode(['--root', path.join(root, 'nope'), '--format', 'json', '--output', out]), 2);
});
