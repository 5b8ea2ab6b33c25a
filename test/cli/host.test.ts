import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hostCommand } from '../../src/cli/commands/host.js';
import { buildBusyboxArchive, loadImage, runContainer, startDockerd, type Dockerd } from '../helpers/dockerd.js';
import { buildHost } from '../analyzers/node/host-tree.js';

// main.ts wiring is one line; the command is run in-process through its commander definition.
async function runHost(args: string[]): Promise<number | undefined> {
  process.exitCode = undefined;
  await hostCommand().exitOverride().parseAsync(args, { from: 'user' });
  const code = process.exitCode;
  process.exitCode = undefined;
  return code as number | undefined;
}

let dockerd: Dockerd;
let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-host-cli-'));
  dockerd = await startDockerd();
  await loadImage(dockerd, await buildBusyboxArchive(dir));
  await runContainer(dockerd, 'web', { Image: 'rampart/busybox:1.0', HostConfig: { Privileged: true, NetworkMode: 'none' } });
});

after(async () => {
  await dockerd?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Report {
  findings: { checkId: string; status: string; subject: string; asset: { ref: string; type: string }; controls: string[] }[];
  inputs: { source: string; resources: number }[];
  checks: Record<string, { title: { zh: string } }>;
}

test('rampart host writes a JSON report: the host asset, the privileged container as subject, image config checks on the daemon\'s image; exit 1 on --fail-on (real dockerd)', async () => {
  const root = await buildHost({ '/etc/hostname': 'ci-runner-1\n' });
  const out = path.join(dir, 'host.json');
  const code = await runHost(['--root', root, '--proc', '/proc', '--docker-host', `unix://${dockerd.socket}`, '--format', 'json', '--output', out, '--fail-on', 'critical']);
  assert.equal(code, 1);
  const report = JSON.parse(await readFile(out, 'utf8')) as Report;
  const privileged = report.findings.find((f) => f.checkId === 'docker.container.privileged');
  assert.equal(privileged?.subject, 'container:web');
  assert.equal(privileged?.asset.ref, 'host://ci-runner-1');
  assert.equal(privileged?.asset.type, 'host');
  assert.ok(privileged?.controls.includes('cis-docker-1.6:5.5'));
  assert.ok(report.checks['docker.container.privileged']?.title.zh);
  // Section 4 on the loaded image: it runs as uid 1000 (no user-root finding) and has no HEALTHCHECK.
  const imageFindings = report.findings.filter((f) => f.asset.type === 'image');
  assert.ok(imageFindings.some((f) => f.checkId === 'image.healthcheck-missing' && f.status === 'fail'));
  assert.ok(!imageFindings.some((f) => f.checkId === 'image.user-root'));
  assert.ok(imageFindings.some((f) => f.checkId === 'image.setuid-files' && f.status === 'not-evaluated'));
  assert.deepEqual(report.inputs.map((i) => i.resources), [1, 1, 1]);
});

test('rampart host with no daemon on the socket prints one line naming it and exits 2', async () => {
  const root = await buildHost({ '/etc/hostname': 'ci-runner-2\n' });
  const out = path.join(dir, 'none.json');
  const code = await runHost(['--root', root, '--docker-host', `unix://${path.join(dir, 'absent.sock')}`, '--format', 'json', '--output', out]);
  assert.equal(code, 2);
  const report = JSON.parse(await readFile(out, 'utf8')) as Report & { inputErrors: { message: string }[] };
  assert.match(report.inputErrors[0]?.message ?? '', /absent\.sock not found: is dockerd running/);
  assert.equal(report.findings.find((f) => f.checkId === 'docker.container.privileged')?.status, 'not-evaluated');
});
