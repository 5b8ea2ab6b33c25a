import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dpkgCataloger, parseDebianCopyright, parseDpkgStatus, parseSourceField } from '../../../src/analyzers/sbom/dpkg.js';

const debian12 = { family: 'debian' as const, version: '12', name: 'Debian GNU/Linux 12 (bookworm)' };

/** What dpkg itself says about a package on this machine. */
function dpkgQuery(pkg: string, field: string): string {
  return execFileSync('dpkg-query', ['-W', `-f=\${${field}}`, pkg], { encoding: 'utf8' });
}

test('dpkg: the real /var/lib/dpkg/status of this machine, libc6 with its source glibc', () => {
  const content = readFileSync('/var/lib/dpkg/status');
  const packages = parseDpkgStatus(content.toString(), '/var/lib/dpkg/status', { os: debian12 });
  const installed = execFileSync('dpkg-query', ['-W', '-f=${db:Status-Status}\n'], { encoding: 'utf8' }).split('\n').filter((s) => s === 'installed').length;
  assert.ok(packages.length > 100);
  assert.equal(packages.length, installed);
  const libc6 = packages.find((p) => p.name === 'libc6');
  assert.ok(libc6);
  assert.equal(libc6.version, dpkgQuery('libc6', 'Version'));
  assert.equal(libc6.arch, 'amd64');
  assert.deepEqual(libc6.source, { name: 'glibc', version: libc6.version });
  assert.equal(libc6.type, 'deb');
  assert.equal(libc6.purl, `pkg:deb/debian/libc6@${libc6.version}?arch=amd64&distro=debian-12&upstream=glibc`);
});

test('dpkg: Source with a version in brackets, and only installed packages', () => {
  const status = [
    'Package: libssl3',
    'Status: install ok installed',
    'Architecture: amd64',
    'Source: openssl (3.0.15-1~deb12u1)',
    'Version: 3.0.15-1~deb12u1+b1',
    'Description: Secure Sockets Layer toolkit',
    ' continuation line',
    '',
    'Package: removed-one',
    'Status: deinstall ok config-files',
    'Version: 1.0',
    '',
    'Package: half',
    'Status: install reinstreq half-installed',
    'Version: 2.0',
    '',
  ].join('\n');
  const packages = parseDpkgStatus(status, '/var/lib/dpkg/status');
  assert.deepEqual(packages.map((p) => p.name), ['libssl3']);
  assert.deepEqual(packages[0]?.source, { name: 'openssl', version: '3.0.15-1~deb12u1' });
  assert.ok(packages[0]?.purl.includes('upstream=openssl%403.0.15-1%7Edeb12u1'));
  assert.deepEqual(parseSourceField('glibc'), { name: 'glibc' });
});

test('dpkg: distroless status.d files (no Status field) and their md5sums give packages and owned files', () => {
  const owned = new Map<string, readonly string[]>();
  const ctx = { ownFiles: (o: string, f: readonly string[]) => owned.set(o, f) };
  const control = 'Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\nMaintainer: x\n';
  const packages = dpkgCataloger.parse('/var/lib/dpkg/status.d/base-files', Buffer.from(control), ctx) as ReturnType<typeof parseDpkgStatus>;
  assert.equal(packages[0]?.name, 'base-files');
  assert.equal(packages[0]?.version, '12.4+deb12u5');
  const md5 = 'd41d8cd98f00b204e9800998ecf8427e  etc/debian_version\n0123456789abcdef0123456789abcdef  usr/lib/os-release\n';
  assert.deepEqual(dpkgCataloger.parse('/var/lib/dpkg/status.d/base-files.md5sums', Buffer.from(md5), ctx), []);
  assert.deepEqual(owned.get('base-files'), ['/etc/debian_version', '/usr/lib/os-release']);
});

test('dpkg: real info .list files record which files a package owns', () => {
  const list = readFileSync('/var/lib/dpkg/info/python3-requests.list');
  const owned = new Map<string, readonly string[]>();
  const path = '/var/lib/dpkg/info/python3-requests.list';
  assert.ok(dpkgCataloger.wants(path, { path, layer: 0, type: 'file', mode: 0o644, uid: 0, gid: 0, size: list.length }));
  dpkgCataloger.parse(path, list, { ownFiles: (o, f) => owned.set(o, f) });
  assert.ok(owned.get('python3-requests')?.includes('/usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO'));
  owned.clear();
  dpkgCataloger.parse('/var/lib/dpkg/info/libc6:amd64.list', readFileSync('/var/lib/dpkg/info/libc6:amd64.list'), { ownFiles: (o, f) => owned.set(o, f) });
  assert.ok(owned.has('libc6'));
});

test('dpkg: licences from real machine-readable copyright files; free-form ones give none', () => {
  const bash = parseDebianCopyright(readFileSync('/usr/share/doc/bash/copyright', 'utf8'));
  assert.ok(bash.includes('GPL-3+'));
  assert.equal(new Set(bash).size, bash.length);
  // libc6's copyright is free text: naming a licence from it would be a guess
  assert.deepEqual(parseDebianCopyright(readFileSync('/usr/share/doc/libc6/copyright', 'utf8')), []);
  const seen: [string, readonly string[]][] = [];
  dpkgCataloger.parse('/usr/share/doc/bash/copyright', readFileSync('/usr/share/doc/bash/copyright'), {
    packageLicenses: (_type, name, licenses) => seen.push([name, licenses]),
  });
  assert.equal(seen[0]?.[0], 'bash');
  assert.ok(seen[0]?.[1].includes('GPL-3+'));
});
