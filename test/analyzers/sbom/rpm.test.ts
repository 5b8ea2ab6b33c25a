import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { rpmCataloger, rpmdbFormat, rpmdbHeaderBlobs, parseRpmdb } from '../../../src/analyzers/sbom/rpm.js';
import { parseRpmHeader, parseSourceRpm } from '../../../src/analyzers/sbom/rpm-header.js';
import { requireTool } from './tools.js';

const SPECS: Record<string, string> = {
  'demo.spec': `Name: rampart-demo
Version: 1.2.3
Release: 4.el9
Epoch: 2
Summary: demo package with an epoch
License: MIT AND Apache-2.0
BuildArch: noarch
%description
demo
%install
mkdir -p %{buildroot}/usr/share/rampart-demo
echo hi > %{buildroot}/usr/share/rampart-demo/hello.txt
%files
/usr/share/rampart-demo/hello.txt
`,
  'plain.spec': `Name: rampart-plain
Version: 0.9
Release: 1
Summary: demo package without an epoch
License: GPL-2.0-or-later
BuildArch: noarch
%description
plain
%files
`,
};

let dir: string;
let sqliteDb: Buffer;

before(async () => {
  requireTool('rpmbuild', 'rpm');
  requireTool('rpm', 'rpm');
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-rpm-'));
  for (const [name, spec] of Object.entries(SPECS)) {
    await writeFile(path.join(dir, name), spec);
    execFileSync('rpmbuild', ['-bb', '--quiet', '--define', `_topdir ${dir}/top`, path.join(dir, name)], { stdio: 'pipe' });
  }
  const root = path.join(dir, 'root');
  await mkdir(root);
  execFileSync('rpm', ['--root', root, '--dbpath', '/var/lib/rpm', '--initdb'], { stdio: 'pipe' });
  const rpms = ['rampart-demo-1.2.3-4.el9.noarch.rpm', 'rampart-plain-0.9-1.noarch.rpm'].map((f) => path.join(dir, 'top/RPMS/noarch', f));
  execFileSync('rpm', ['--root', root, '--dbpath', '/var/lib/rpm', '-ivh', '--nodeps', '--justdb', ...rpms], { stdio: 'pipe' });
  sqliteDb = await readFile(path.join(root, 'var/lib/rpm/rpmdb.sqlite'));
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function assertDemoPackages(packages: ReturnType<typeof parseRpmdb>, file: string): void {
  const demo = packages.find((p) => p.name === 'rampart-demo');
  assert.ok(demo, `rampart-demo missing from ${file}`);
  assert.equal(demo.version, '2:1.2.3-4.el9');
  assert.deepEqual(demo.licenses, ['MIT AND Apache-2.0']);
  assert.equal(demo.arch, 'noarch');
  assert.deepEqual(demo.source, { name: 'rampart-demo', version: '1.2.3-4.el9' });
  assert.equal(demo.path, file);
  const plain = packages.find((p) => p.name === 'rampart-plain');
  assert.ok(plain);
  assert.equal(plain.version, '0.9-1');
  assert.deepEqual(plain.licenses, ['GPL-2.0-or-later']);
  assert.equal(packages.length, 2);
}

test('rpm: real rpmdb.sqlite written by rpm --justdb gives name, epoch:version-release, licence, arch, source rpm', () => {
  assert.equal(rpmdbFormat(sqliteDb), 'sqlite');
  const owned = new Map<string, readonly string[]>();
  const packages = parseRpmdb(sqliteDb, '/var/lib/rpm/rpmdb.sqlite', {
    os: { family: 'rhel', version: '9.4', name: 'Red Hat Enterprise Linux 9.4' },
    ownFiles: (owner, files) => owned.set(owner, files),
  });
  assertDemoPackages(packages, '/var/lib/rpm/rpmdb.sqlite');
  const demo = packages.find((p) => p.name === 'rampart-demo');
  assert.equal(demo?.purl, 'pkg:rpm/redhat/rampart-demo@1.2.3-4.el9?arch=noarch&distro=rhel-9.4&epoch=2&upstream=rampart-demo-1.2.3-4.el9.src.rpm');
  assert.deepEqual(owned.get('rampart-demo'), ['/usr/share/rampart-demo/hello.txt']);
});

test('rpm: cataloger wants the rpmdb paths only', () => {
  const entry = { path: '', layer: 0, type: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 1 };
  assert.ok(rpmCataloger.wants('/var/lib/rpm/rpmdb.sqlite', entry));
  assert.ok(rpmCataloger.wants('/usr/lib/sysimage/rpm/Packages.db', entry));
  assert.ok(rpmCataloger.wants('/var/lib/rpm/Packages', entry));
  assert.ok(!rpmCataloger.wants('/var/lib/rpm/Index.db', entry));
});

test('rpm-header: source rpm file names split into name and version-release', () => {
  assert.deepEqual(parseSourceRpm('openssl-libs-3.0.7-27.el9.src.rpm'), { name: 'openssl-libs', version: '3.0.7-27.el9' });
  assert.throws(() => parseRpmHeader(Buffer.from([0, 0, 0, 9, 0, 0, 1, 0])), /rpm header: index of 9 entries/);
});

/**
 * Berkeley DB hash and NDB cannot be written on this machine (Debian's rpm has only the sqlite
 * backend), so these databases are assembled in the test from their published on-disk layouts,
 * carrying the real header blobs rpm wrote into the sqlite database.
 */
function buildBdbHash(blobs: Buffer[], littleEndian: boolean): Buffer {
  const pageSize = 4096;
  const pages: Buffer[] = [];
  const u32 = (b: Buffer, at: number, v: number): void => void (littleEndian ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
  const u16 = (b: Buffer, at: number, v: number): void => void (littleEndian ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const meta = Buffer.alloc(pageSize);
  u32(meta, 12, 0x061561);
  u32(meta, 16, 9);
  u32(meta, 20, pageSize);
  meta[25] = 8; // P_HASHMETA
  pages.push(meta);
  const hash = Buffer.alloc(pageSize);
  hash[25] = 13; // P_HASH
  pages.push(hash);
  // items: key 0 → 4-byte counter (inline), then each package: 4-byte key inline, data off-page
  const items: Buffer[] = [];
  const keyItem = (n: number): Buffer => {
    const b = Buffer.alloc(5);
    b[0] = 1; // H_KEYDATA
    b.writeUInt32LE(n, 1);
    return b;
  };
  items.push(keyItem(0), keyItem(blobs.length + 1));
  blobs.forEach((blob, i) => {
    items.push(keyItem(i + 1));
    const first = pages.length;
    const chunk = pageSize - 26;
    for (let off = 0; off < blob.length; off += chunk) {
      const ov = Buffer.alloc(pageSize);
      ov[25] = 7; // P_OVERFLOW
      const part = blob.subarray(off, off + chunk);
      part.copy(ov, 26);
      u16(ov, 22, part.length);
      u32(ov, 8, pages.length);
      u32(ov, 16, off + chunk < blob.length ? pages.length + 1 : 0);
      pages.push(ov);
    }
    const off = Buffer.alloc(12);
    off[0] = 3; // H_OFFPAGE
    u32(off, 4, first);
    u32(off, 8, blob.length);
    items.push(off);
  });
  let top = pageSize;
  items.forEach((item, i) => {
    top -= item.length;
    item.copy(hash, top);
    u16(hash, 26 + i * 2, top);
  });
  u16(hash, 20, items.length);
  u32(hash, 8, 1);
  u32(meta, 32, pages.length - 1);
  return Buffer.concat(pages);
}

function buildNdb(blobs: Buffer[]): Buffer {
  const slotPages = 1;
  const head = Buffer.alloc(slotPages * 4096);
  head.writeUInt32LE(0x506d7052, 0);
  head.writeUInt32LE(0, 4);
  head.writeUInt32LE(1, 8);
  head.writeUInt32LE(slotPages, 12);
  head.writeUInt32LE(blobs.length + 1, 16);
  for (let off = 32; off < head.length; off += 16) head.writeUInt32LE(0x746f6c53, off);
  const parts: Buffer[] = [head];
  let blk = head.length / 16;
  blobs.forEach((blob, i) => {
    const size = Math.ceil((16 + blob.length + 12) / 16) * 16;
    const b = Buffer.alloc(size);
    b.writeUInt32LE(0x53626c42, 0);
    b.writeUInt32LE(i + 1, 4);
    b.writeUInt32LE(0, 8);
    b.writeUInt32LE(blob.length, 12);
    blob.copy(b, 16);
    b.writeUInt32LE(blob.length, size - 8);
    b.writeUInt32LE(0x45626c42, size - 4);
    const slot = 32 + i * 16;
    head.writeUInt32LE(i + 1, slot + 4);
    head.writeUInt32LE(blk, slot + 8);
    head.writeUInt32LE(size / 16, slot + 12);
    parts.push(b);
    blk += size / 16;
  });
  return Buffer.concat(parts);
}

test('rpm: Berkeley DB hash Packages (little- and big-endian, built in the test from the published format around real headers)', () => {
  const blobs = rpmdbHeaderBlobs(sqliteDb, 'rpmdb.sqlite');
  assert.equal(blobs.length, 2);
  for (const le of [true, false]) {
    const bdb = buildBdbHash(blobs, le);
    assert.equal(rpmdbFormat(bdb), 'bdb');
    assertDemoPackages(parseRpmdb(bdb, '/var/lib/rpm/Packages'), '/var/lib/rpm/Packages');
  }
});

test('rpm: NDB Packages.db (built in the test from the published format around real headers)', () => {
  const ndb = buildNdb(rpmdbHeaderBlobs(sqliteDb, 'rpmdb.sqlite'));
  assert.equal(rpmdbFormat(ndb), 'ndb');
  assertDemoPackages(parseRpmdb(ndb, '/usr/lib/sysimage/rpm/Packages.db'), '/usr/lib/sysimage/rpm/Packages.db');
});

test('rpm: a file that is no rpm database fails with one line naming it', () => {
  assert.throws(() => parseRpmdb(Buffer.alloc(600), '/var/lib/rpm/Packages'), /^Error: \/var\/lib\/rpm\/Packages: not an rpm database/);
});
