import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContainerResolver, containerFromCgroup } from '../../../../src/sources/events/node/containers.js';

const ID = 'a3f1c2d4e5b697881234567890abcdef0123456789abcdef0123456789abcdef';
const OUTER = 'f'.repeat(64);

// /proc/PID/cgroup lines in the shapes each runtime and cgroup driver writes (v1 and v2), not
// recorded from live runtimes here; the real-runc case is in sensor.test.ts.
const CASES: { name: string; text: string; expect: ReturnType<typeof containerFromCgroup> }[] = [
  { name: 'docker, cgroupfs v1', text: `12:memory:/docker/${ID}\n11:pids:/docker/${ID}\n0::/`, expect: { id: ID, runtime: 'docker' } },
  { name: 'docker, systemd v2', text: `0::/system.slice/docker-${ID}.scope`, expect: { id: ID, runtime: 'docker' } },
  {
    name: 'kubelet + containerd, systemd v2',
    text: `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1b2c3d4e_0000_4a4a_8b8b_123456789abc.slice/cri-containerd-${ID}.scope`,
    expect: { id: ID, runtime: 'containerd', podUid: '1b2c3d4e-0000-4a4a-8b8b-123456789abc' },
  },
  {
    name: 'kubelet cgroupfs v1 (bare id)',
    text: `4:memory:/kubepods/besteffort/pod1b2c3d4e-0000-4a4a-8b8b-123456789abc/${ID}`,
    expect: { id: ID, podUid: '1b2c3d4e-0000-4a4a-8b8b-123456789abc' },
  },
  { name: 'CRI-O, systemd v2', text: `0::/kubepods.slice/kubepods-pod1b2c3d4e_0000_4a4a_8b8b_123456789abc.slice/crio-${ID}.scope`, expect: { id: ID, runtime: 'cri-o', podUid: '1b2c3d4e-0000-4a4a-8b8b-123456789abc' } },
  { name: 'CRI-O conmon is not the container', text: `0::/kubepods.slice/crio-conmon-${ID}.scope`, expect: undefined },
  { name: 'podman, systemd', text: `0::/machine.slice/libpod-${ID}.scope`, expect: { id: ID, runtime: 'podman' } },
  { name: 'podman, cgroupfs', text: `3:memory:/libpod_parent/libpod-${ID}`, expect: { id: ID, runtime: 'podman' } },
  { name: 'kind: a pod inside a node container resolves to the pod', text: `0::/docker/${OUTER}/kubelet.slice/kubelet-kubepods.slice/cri-containerd-${ID}.scope`, expect: { id: ID, runtime: 'containerd' } },
];

for (const c of CASES) {
  test(`container id from a cgroup path: ${c.name}`, () => {
    assert.deepEqual(containerFromCgroup(c.text), c.expect);
  });
}

test("this test's own process (real /proc/self/cgroup) is a host process", async () => {
  assert.equal(containerFromCgroup(await readFile('/proc/self/cgroup', 'utf8')), undefined);
});

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rampart-containers-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(file: string, content: unknown): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), typeof content === 'string' ? content : JSON.stringify(content));
}

test('metadata from Docker config.v2.json (cri-dockerd labels), containerd CRI annotations and CRI-O annotations under --root', async () => {
  const docker = '1'.repeat(64);
  const containerd = '2'.repeat(64);
  const crio = '3'.repeat(64);
  await put(`var/lib/docker/containers/${docker}/config.v2.json`, {
    ID: docker, Name: '/k8s_app_api-7d9f8b6c5d-x2k4z_payments_uid_0', Image: `sha256:${'9'.repeat(64)}`,
    Config: { Image: 'registry.local/api:1.2', Labels: { 'io.kubernetes.pod.name': 'api-7d9f8b6c5d-x2k4z', 'io.kubernetes.pod.namespace': 'payments', 'io.kubernetes.container.name': 'app' } },
  });
  await put(`run/containerd/io.containerd.runtime.v2.task/k8s.io/${containerd}/config.json`, {
    ociVersion: '1.1.0',
    annotations: {
      'io.kubernetes.cri.container-type': 'container', 'io.kubernetes.cri.container-name': 'worker',
      'io.kubernetes.cri.sandbox-name': 'db-0', 'io.kubernetes.cri.sandbox-namespace': 'data', 'io.kubernetes.cri.image-name': 'docker.io/library/postgres:16',
    },
  });
  await put(`run/containers/storage/overlay-containers/${crio}/userdata/config.json`, {
    annotations: { 'io.kubernetes.pod.name': 'agent-x7k2p', 'io.kubernetes.pod.namespace': 'kube-system', 'io.kubernetes.container.name': 'agent', 'io.kubernetes.cri-o.ImageName': 'quay.io/x/agent:3', 'io.kubernetes.cri-o.ImageRef': '8'.repeat(64) },
  });
  await put('proc/101/cgroup', `0::/system.slice/docker-${docker}.scope\n`);
  await put('proc/102/cgroup', `0::/kubepods.slice/kubepods-pod1b2c3d4e_0000_4a4a_8b8b_123456789abc.slice/cri-containerd-${containerd}.scope\n`);
  await put('proc/103/cgroup', `4:memory:/kubepods/besteffort/pod1b2c3d4e-0000-4a4a-8b8b-123456789abc/${crio}\n`);
  await put('proc/104/cgroup', '0::/user.slice\n');

  const resolver = new ContainerResolver({ root });
  assert.deepEqual(await resolver.contextForPid(101), {
    containerId: docker, containerName: 'app', image: 'registry.local/api:1.2', imageDigest: `sha256:${'9'.repeat(64)}`,
    pod: 'api-7d9f8b6c5d-x2k4z', namespace: 'payments', workload: { kind: 'Deployment', name: 'api' },
  });
  assert.deepEqual(await resolver.contextForPid(102), {
    containerId: containerd, containerName: 'worker', image: 'docker.io/library/postgres:16', pod: 'db-0', namespace: 'data', workload: { kind: 'StatefulSet', name: 'db' },
  });
  // A bare id under kubepods names no runtime: each runtime's store is tried.
  assert.deepEqual(await resolver.contextForPid(103), {
    containerId: crio, containerName: 'agent', image: 'quay.io/x/agent:3', imageDigest: `sha256:${'8'.repeat(64)}`,
    pod: 'agent-x7k2p', namespace: 'kube-system', workload: { kind: 'DaemonSet', name: 'agent' },
  });
  assert.deepEqual(await resolver.contextForPid(104), {});
});

test('a gone process takes its parent\'s container; unknown metadata still gives the container id', async () => {
  const bare = '4'.repeat(64);
  await put('proc/201/cgroup', `0::/docker/${bare}\n`);
  const resolver = new ContainerResolver({ root });
  assert.deepEqual(await resolver.contextForPid(999999, { fallbackPids: [201] }), { containerId: bare });
  // Remembered for the pid: later events of the same (gone) process resolve without the parent.
  assert.equal((await resolver.containerOfPid(999999))?.id, bare);
  assert.equal(await resolver.containerOfPid(999998, { fallbackPids: [104] }), null);
  assert.equal(await resolver.containerOfPid(999997), undefined);
});
