import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SbomCollector } from '../../../src/analyzers/sbom/collector.js';
import type { ImageFileView, LayerEntry, LayerInfo, PathEvent } from '../../../src/model/image.js';

interface LayerFile {
  path: string;
  content?: Buffer;
  mode?: number;
  /** A whiteout: the layer deletes the path. */
  delete?: boolean;
}

/** Streams layers into a visitor the way the layer reader does, and builds the merged view. */
async function streamLayers(collector: SbomCollector, layers: LayerFile[][]): Promise<{ view: ImageFileView; wanted: string[] }> {
  const files = new Map<string, LayerEntry>();
  const history = new Map<string, PathEvent[]>();
  const wanted: string[] = [];
  for (const [layer, entries] of layers.entries()) {
    for (const f of entries) {
      const events = history.get(f.path) ?? [];
      if (f.delete) {
        files.delete(f.path);
        events.push({ layer, action: 'delete' });
        history.set(f.path, events);
        continue;
      }
      const content = f.content ?? Buffer.alloc(0);
      const entry: LayerEntry = { path: f.path, layer, type: 'file', mode: f.mode ?? 0o644, uid: 0, gid: 0, size: content.length };
      events.push({ layer, action: files.has(f.path) ? 'change' : 'add' });
      history.set(f.path, events);
      files.set(f.path, entry);
      if (collector.wants(entry)) {
        wanted.push(`${layer}:${f.path}`);
        await collector.file(entry, content);
      }
    }
  }
  const view: ImageFileView = {
    files,
    history: new Map([...history].filter(([, e]) => e.length > 1 || e[0]?.action === 'delete')),
    isFinal: (path, layer) => files.get(path)?.layer === layer,
  };
  return { view, wanted };
}

const LAYERS: LayerInfo[] = [0, 1, 2].map((i) => ({
  digest: `sha256:${String(i).repeat(64)}`,
  diffId: `sha256:${String(i + 5).repeat(64)}`,
  mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
  size: 1,
}));

const real = (path: string): LayerFile => ({ path, content: readFileSync(path) });
const at = (path: string, from: string, mode?: number): LayerFile => ({ path, content: readFileSync(from), ...(mode ? { mode } : {}) });

test('collector: layers of real files → inventory of the final view with layer diffIds, OS release, licences and ownership', async () => {
  const collector = new SbomCollector();
  const status = readFileSync('/var/lib/dpkg/status', 'utf8');
  const upgraded = status + '\nPackage: rampart-extra\nStatus: install ok installed\nArchitecture: all\nVersion: 1.0-1\n';
  const requestsInfo = '/usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO';
  const { view, wanted } = await streamLayers(collector, [
    [
      real('/usr/lib/os-release'),
      real('/etc/debian_version'),
      real('/var/lib/dpkg/status'),
      real('/var/lib/dpkg/info/python3-requests.list'),
      real('/usr/share/doc/bash/copyright'),
      real(requestsInfo),
      at('/usr/bin/skopeo', '/usr/bin/skopeo', 0o755),
      { path: '/etc/hostname', content: Buffer.from('x\n') },
    ],
    [
      at('/app/node_modules/semver/package.json', 'node_modules/semver/package.json'),
      at('/app/package-lock.json', 'package-lock.json'),
      at('/app/lib/jackson-core-2.14.1.jar', '/usr/share/java/jackson-core-2.14.1.jar'),
      at('/app/lib/old-jackson-core-2.14.1.jar', '/usr/share/java/jackson-core-2.14.1.jar'),
      at('/usr/bin/umoci', '/usr/bin/umoci', 0o644),
      { path: '/app/node_modules/broken/package.json', content: Buffer.from('{"name": ') },
    ],
    [{ path: '/app/lib/old-jackson-core-2.14.1.jar', delete: true }, { path: '/var/lib/dpkg/status', content: Buffer.from(upgraded) }],
  ]);

  assert.ok(!wanted.includes('0:/etc/hostname'));
  assert.ok(!wanted.includes('1:/usr/bin/umoci'), 'not executable: not offered to the Go cataloger');
  assert.ok(wanted.includes('0:/usr/bin/skopeo'));

  const inventory = collector.finish(view, LAYERS);
  assert.deepEqual(inventory.os, { family: 'debian', version: '12', codename: 'bookworm', name: 'Debian GNU/Linux 12 (bookworm)' });

  // the status file of layer 2 replaced layer 0's: its packages carry layer 2's diffId, and there is one copy
  const libc6 = inventory.packages.filter((p) => p.name === 'libc6');
  assert.equal(libc6.length, 1);
  assert.equal(libc6[0]?.layer, LAYERS[2]?.diffId);
  assert.match(libc6[0]?.purl ?? '', /^pkg:deb\/debian\/libc6@.*distro=debian-12/);
  assert.ok(inventory.packages.some((p) => p.name === 'rampart-extra'));
  assert.ok(inventory.packages.find((p) => p.name === 'bash')?.licenses.includes('GPL-3+'));

  const requests = inventory.packages.find((p) => p.type === 'pypi' && p.name === 'requests');
  assert.equal(requests?.ownedBy, 'python3-requests');
  assert.equal(requests?.path, requestsInfo);
  assert.equal(requests?.layer, LAYERS[0]?.diffId);

  const semver = inventory.packages.filter((p) => p.name === 'semver');
  assert.deepEqual(semver.map((p) => p.path), ['/app/node_modules/semver/package.json'], 'the lockfile copy of an installed package is dropped');
  assert.ok(inventory.packages.some((p) => p.name === 'yauzl' && p.path === '/app/package-lock.json'));
  assert.equal(inventory.packages.find((p) => p.name === 'yauzl')?.ownedBy, undefined);

  const jackson = inventory.packages.filter((p) => p.type === 'maven');
  assert.deepEqual(jackson.map((p) => p.path), ['/app/lib/jackson-core-2.14.1.jar'], 'the deleted jar is gone');
  assert.equal(jackson[0]?.layer, LAYERS[1]?.diffId);

  assert.equal(inventory.packages.find((p) => p.name === 'stdlib')?.path, '/usr/bin/skopeo');
  assert.deepEqual(collector.problems.map((p) => p.path), ['/app/node_modules/broken/package.json']);
  assert.match(collector.problems[0]?.message ?? '', /^\/app\/node_modules\/broken\/package.json: invalid JSON/);
});

test('collector: distroless Debian (status.d only) and Alpine apk ownership of a Python package', async () => {
  const distroless = new SbomCollector();
  const d = await streamLayers(distroless, [
    [
      { path: '/etc/os-release', content: Buffer.from('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n') },
      { path: '/var/lib/dpkg/status.d/libssl3', content: Buffer.from('Package: libssl3\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\nSource: openssl\n') },
    ],
  ]);
  const inv = distroless.finish(d.view, LAYERS);
  assert.equal(inv.os?.distroless, true);
  assert.equal(inv.packages[0]?.purl, 'pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl');

  const alpine = new SbomCollector();
  const a = await streamLayers(alpine, [
    [
      { path: '/etc/os-release', content: Buffer.from('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n') },
      { path: '/lib/apk/db/installed', content: Buffer.from('P:py3-six\nV:1.16.0-r8\nA:noarch\no:py3-six\nL:MIT\nF:usr/lib/python3.11/site-packages/six-1.16.0.dist-info\nR:METADATA\n\n') },
      { path: '/usr/lib/python3.11/site-packages/six-1.16.0.dist-info/METADATA', content: Buffer.from('Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nLicense: MIT\n') },
    ],
  ]);
  const alp = alpine.finish(a.view, LAYERS);
  assert.equal(alp.os?.family, 'alpine');
  assert.equal(alp.packages.find((p) => p.type === 'apk')?.purl, 'pkg:apk/alpine/py3-six@1.16.0-r8?arch=noarch&distro=alpine-3.19');
  assert.equal(alp.packages.find((p) => p.type === 'pypi')?.ownedBy, 'py3-six');
});
