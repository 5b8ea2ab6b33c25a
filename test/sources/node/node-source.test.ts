import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HostRoot, parseFlags, readNodeSnapshot, splitCommandLine } from '../../../src/sources/node/index.js';
import { buildHost, kubeadmControlPlane } from '../../analyzers/node/host-tree.js';

test('flags: --a=b, --a b, bare booleans, single dash, last one wins', () => {
  const f = parseFlags(['--authorization-mode', 'Webhook', '--anonymous-auth', '--read-only-port=10255', '-data-dir=/d', '--read-only-port=0', '--rotate-certificates', '--v=2'], 'test');
  assert.deepEqual(f.values, { 'authorization-mode': 'Webhook', 'anonymous-auth': 'true', 'read-only-port': '0', 'data-dir': '/d', 'rotate-certificates': 'true', v: '2' });
});

test('command lines split like systemd: quotes group, backslashes escape', () => {
  assert.deepEqual(splitCommandLine(`/usr/bin/kubelet "--a=x y" '--b=$c' --d\\ e`), ['/usr/bin/kubelet', '--a=x y', '--b=$c', '--d e']);
});

test('an absolute symlink inside the root points into the root, not into the scanner', async () => {
  const root = await buildHost({ '/srv/pki/ca.crt': { content: 'ca', mode: 0o644 } });
  await mkdir(path.join(root, 'etc/kubernetes'), { recursive: true });
  await symlink('/srv/pki', path.join(root, 'etc/kubernetes/pki'));
  const host = new HostRoot(root);
  assert.equal(await host.resolve('/etc/kubernetes/pki/ca.crt'), path.join(root, 'srv/pki/ca.crt'));
  const stat = await host.stat('/etc/kubernetes/pki/ca.crt');
  assert.equal(stat.exists, true);
  assert.equal(stat.mode, 0o644);
});

test('a snapshot reads static pod flags with lines, the kubelet from its unit and env files, and stats the PKI', async () => {
  const root = await buildHost(kubeadmControlPlane());
  await writeFile(path.join(root, 'etc/kubernetes/manifests/broken.yaml'), 'not: [valid');
  const snapshot = await readNodeSnapshot({ root });
  const apiserver = snapshot.components['kube-apiserver'].flags;
  assert.equal(apiserver?.values['authorization-mode'], 'Node,RBAC');
  assert.equal(apiserver?.file, '/etc/kubernetes/manifests/kube-apiserver.yaml');
  assert.ok((apiserver?.lines?.['authorization-mode'] ?? 0) > 0);
  assert.equal(snapshot.kubelet.process, undefined);
  assert.equal(snapshot.kubelet.flags?.values.config, '/var/lib/kubelet/config.yaml');
  assert.equal(snapshot.kubelet.flags?.values['container-runtime-endpoint'], 'unix:///var/run/containerd/containerd.sock');
  assert.equal((snapshot.kubelet.config?.content as { readOnlyPort: number }).readOnlyPort, 0);
  assert.ok(snapshot.listings['/etc/kubernetes/pki']?.entries.includes('/etc/kubernetes/pki/etcd/ca.key'));
  assert.equal(snapshot.stats['/var/lib/etcd']?.user, 'etcd');
  assert.equal(snapshot.hostname, 'cp-1');
});
