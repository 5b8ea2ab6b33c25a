import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { analyzeDockerHost, DOCKER_HOST_CHECK_IDS, type DockerHostAnalysisResult } from '../../../src/analyzers/docker/index.js';
import { HOST_CHECK_INFO } from '../../../src/catalog/checks/host.js';
import { loadFrameworks } from '../../../src/catalog/index.js';
import type { Finding } from '../../../src/model/index.js';
import { readDockerHost } from '../../../src/sources/docker/index.js';
import { buildBusyboxArchive, loadImage, runContainer, startDockerd, type Dockerd } from '../../helpers/dockerd.js';
import { tempDir } from '../../helpers/images.js';
import { buildHost, type HostFile } from '../node/host-tree.js';

/**
 * The Docker host checks against real dockerd daemons (Debian docker.io) on private sockets: one
 * hardened by flags and daemon.json, one left loose, with real containers started from a real image
 * archive — risky ones and a safe one — and host file trees built in temp roots.
 */

const frameworks = loadFrameworks();
let hardened: Dockerd;
let loose: Dockerd;
let scratch: string;
let hardenedRoot: string;

const HOST_FILES = (name: string): Record<string, string | HostFile> => ({
  '/etc/hostname': `${name}\n`,
  '/etc/group': { content: 'root:x:0:\ndocker:x:999:alice,bob\n', mode: 0o644 },
  '/etc/passwd': { content: 'root:x:0:0::/root:/bin/sh\n', mode: 0o644 },
  '/etc/docker/': { content: '', mode: 0o755 },
  '/lib/systemd/system/docker.service': { content: '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n', mode: 0o644 },
  '/lib/systemd/system/docker.socket': { content: '[Socket]\nListenStream=/run/docker.sock\n', mode: 0o666 },
  '/usr/bin/dockerd': { content: 'binary\n', mode: 0o755 },
  '/usr/bin/runc': { content: 'binary\n', mode: 0o755 },
  '/etc/audit/rules.d/docker.rules': { content: '-w /usr/bin/dockerd -p rwxa -k docker\n-a always,exit -F path=/lib/systemd/system/docker.service -F perm=wa -k docker\n', mode: 0o640 },
});

before(async () => {
  scratch = await tempDir('rampart-docker-host-');
  hardenedRoot = await buildHost({ ...HOST_FILES('docker-a'), '/etc/docker/daemon.json': { content: '{"log-level": "info", "experimental": false}\n', mode: 0o644 } });
  // dockerd reads its --config-file by real path; the scan reads it under the root: link one to the other.
  await mkdir(path.join(hardenedRoot, path.dirname(hardenedRoot)), { recursive: true });
  await symlink('/', path.join(hardenedRoot, hardenedRoot));
  const archive = await buildBusyboxArchive(scratch);
  [hardened, loose] = await Promise.all([
    startDockerd(['--live-restore', '--userland-proxy=false', '--no-new-privileges', '--config-file', path.join(hardenedRoot, 'etc/docker/daemon.json')]),
    startDockerd(['--log-level=debug', '--insecure-registry', '10.1.2.3:5000']),
  ]);
  await Promise.all([loadImage(hardened, archive), loadImage(loose, archive)]);
  await runContainer(hardened, 'safe', {
    Image: 'rampart/busybox:1.0',
    Healthcheck: { Test: ['CMD', '/bin/sleep', '0'], Interval: 1_000_000_000 },
    HostConfig: { NetworkMode: 'none', ReadonlyRootfs: true, Memory: 64 * 1024 * 1024, CpuShares: 512, PidsLimit: 64, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 } },
  });
  await runContainer(loose, 'risky', {
    Image: 'rampart/busybox:1.0',
    Cmd: ['/usr/sbin/sshd', '-D'],
    HostConfig: { Privileged: true, NetworkMode: 'host', PidMode: 'host', CapAdd: ['NET_ADMIN'], Binds: [`${loose.socket}:/var/run/docker.sock`, '/etc:/host-etc'], SecurityOpt: ['seccomp=unconfined'], RestartPolicy: { Name: 'always' } },
  });
  await runContainer(loose, 'plain', { Image: 'rampart/busybox:1.0', HostConfig: { NetworkMode: 'none' } });
});

after(async () => {
  await Promise.all([hardened?.stop(), loose?.stop()]);
  await rm(scratch, { recursive: true, force: true });
});

async function scan(d: Dockerd, root: string): Promise<DockerHostAnalysisResult> {
  const snapshot = await readDockerHost({ root, proc: '/proc', dockerHost: `unix://${d.socket}` });
  return analyzeDockerHost(snapshot, { frameworks });
}
const fails = (findings: Finding[], subject?: string): string[] => findings.filter((f) => f.status === 'fail' && (subject === undefined || f.subject === subject)).map((f) => f.checkId).sort();
const one = (findings: Finding[], id: string, subject?: string): Finding | undefined => findings.find((f) => f.checkId === id && (subject === undefined || f.subject === subject));

test('daemon settings come from the real dockerd command line, its daemon.json and GET /info: the hardened daemon passes what the loose one fails (real dockerd)', async () => {
  const a = await scan(hardened, hardenedRoot);
  const b = await scan(loose, await buildHost(HOST_FILES('docker-b')));
  for (const id of ['docker.daemon.live-restore', 'docker.daemon.userland-proxy', 'docker.daemon.no-new-privileges', 'docker.daemon.log-level', 'docker.daemon.insecure-registries']) {
    assert.ok(!fails(a.findings).includes(id), `hardened daemon fails ${id}`);
    assert.ok(a.evaluated.includes(id), `hardened daemon did not evaluate ${id}`);
    assert.ok(fails(b.findings).includes(id), `loose daemon passes ${id}`);
  }
  assert.match(one(b.findings, 'docker.daemon.log-level')?.evidence ?? '', /--log-level=debug \(process \d+\)/);
  assert.match(one(b.findings, 'docker.daemon.insecure-registries')?.evidence ?? '', /10\.1\.2\.3:5000/);
  assert.match(one(b.findings, 'docker.daemon.userland-proxy')?.evidence ?? '', /dockerd's default true/);
  // Both run --iptables=false here (this machine allows no iptables), and no default bridge, so icc has nothing to restrict.
  assert.ok(fails(a.findings).includes('docker.daemon.iptables'));
  assert.ok(a.evaluated.includes('docker.daemon.icc') && !fails(a.findings).includes('docker.daemon.icc'));
  assert.ok(one(a.findings, 'docker.daemon.live-restore') === undefined);
  assert.equal(a.findings[0]?.asset.ref, 'host://docker-a');
  assert.equal(a.findings[0]?.asset.type, 'host');
  assert.ok(one(b.findings, 'docker.daemon.live-restore')?.controls.includes('cis-docker-1.6:2.15'));
});

test('every running container is judged: the risky one fails privileged, host network, docker.sock, sshd and more; the safe one fails nothing (real dockerd, real containers)', async () => {
  const b = await scan(loose, await buildHost(HOST_FILES('docker-b')));
  const risky = fails(b.findings, 'container:risky');
  for (const id of ['docker.container.privileged', 'docker.container.host-network', 'docker.container.host-pid', 'docker.container.docker-socket', 'docker.container.sshd', 'docker.container.memory-limit', 'docker.container.capabilities', 'docker.container.sensitive-mounts', 'docker.container.seccomp-unconfined', 'docker.container.restart-policy', 'docker.container.pids-limit']) {
    assert.ok(risky.includes(id), `risky container does not fail ${id}: ${risky.join(', ')}`);
  }
  assert.match(one(b.findings, 'docker.container.sshd', 'container:risky')?.evidence ?? '', /\/usr\/sbin\/sshd -D/);
  assert.match(one(b.findings, 'docker.container.docker-socket', 'container:risky')?.evidence ?? '', /docker\.sock:\/var\/run\/docker\.sock/);
  assert.equal(one(b.findings, 'docker.container.privileged', 'container:risky')?.location.path, 'HostConfig.Privileged');
  assert.ok(one(b.findings, 'docker.container.privileged', 'container:risky')?.controls.includes('cis-docker-1.6:5.5'));
  const plain = fails(b.findings, 'container:plain');
  assert.ok(plain.includes('docker.container.memory-limit') && !plain.includes('docker.container.privileged') && !plain.includes('docker.container.docker-socket'));

  const a = await scan(hardened, hardenedRoot);
  assert.deepEqual(fails(a.findings, 'container:safe'), []);
  // The daemon's default ulimits were copied into the container: not an override.
  assert.equal(one(a.findings, 'docker.container.ulimits', 'container:safe'), undefined);
});

test('host files, audit rules and manual items: wrong modes fail, missing files are not applicable, manual items say what to look at (real dockerd, temp root)', async () => {
  const a = await scan(hardened, hardenedRoot);
  assert.ok(fails(a.findings).includes('docker.file.docker-socket-permissions'));
  assert.match(one(a.findings, 'docker.file.docker-socket-permissions')?.evidence ?? '', /mode 666/);
  assert.ok(a.evaluated.includes('docker.file.docker-service-permissions') && !fails(a.findings).includes('docker.file.docker-service-permissions'));
  assert.ok(a.evaluated.includes('docker.audit.dockerd') && a.evaluated.includes('docker.audit.docker-service'));
  assert.ok(fails(a.findings).includes('docker.audit.runc'));
  assert.match(one(a.findings, 'docker.audit.etc-sysconfig-docker')?.reason?.en ?? '', /Not applicable: \/etc\/sysconfig\/docker is not present/);
  const trusted = one(a.findings, 'docker.host.trusted-users');
  assert.equal(trusted?.status, 'not-evaluated');
  assert.match(trusted?.evidence ?? '', /alice, bob/);
  assert.match(trusted?.reason?.zh ?? '', /需人工审核/);
  // Every catalogued host check either ran or is listed: none silently skipped.
  const listed = new Set([...a.evaluated, ...a.findings.map((f) => f.checkId)]);
  assert.deepEqual(DOCKER_HOST_CHECK_IDS.filter((id) => !listed.has(id)), []);
  for (const f of a.findings.filter((x) => x.status === 'not-evaluated')) assert.ok(f.reason?.en && f.reason.zh, `${f.checkId} not evaluated without a reason`);
  assert.ok([...HOST_CHECK_INFO.values()].every((i) => /^[1235]\.\d+(\.\d+)?$/.test(i.cis)));
});

test('without the Engine API, flags from a host tree still judge TLS on a TCP socket, and API-only checks are not evaluated with the socket error', async () => {
  const root = await buildHost(HOST_FILES('docker-c'), { 4242: ['/usr/bin/dockerd', '-H', 'tcp://0.0.0.0:2375', '-H', 'unix:///var/run/docker.sock', '--icc=false'] });
  const snapshot = await readDockerHost({ root, dockerHost: `unix://${path.join(root, 'no.sock')}` });
  const result = analyzeDockerHost(snapshot, { frameworks });
  const tls = one(result.findings, 'docker.daemon.tls');
  assert.equal(tls?.status, 'fail');
  assert.equal(tls?.severity, 'critical');
  assert.match(tls?.evidence ?? '', /-H|--host=tcp:\/\/0\.0\.0\.0:2375/);
  assert.ok(!fails(result.findings).includes('docker.daemon.icc'));
  const live = one(result.findings, 'docker.daemon.live-restore');
  assert.equal(live?.status, 'not-evaluated');
  assert.match(live?.reason?.en ?? '', /no\.sock not found: is dockerd running/);
  assert.equal(one(result.findings, 'docker.container.privileged')?.status, 'not-evaluated');
});
