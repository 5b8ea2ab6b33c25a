import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apkCataloger, parseApkInstalled } from '../../../src/analyzers/sbom/apk.js';

/** Two records as apk-tools writes /lib/apk/db/installed (C: checksum, P/V/A/S/I/T/U/L/o/m/t/c/D/p, then F/R/a/Z). */
const INSTALLED = `C:Q1Ef3iwt+cMdGngEgaFr2URIJhKzQ=
P:musl
V:1.2.4_git20230717-r4
A:x86_64
S:407278
I:663552
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Timo Teräs <timo.teras@iki.fi>
t:1705588428
c:ca7f2ab5e88794e4e654b40776f8a92256f50639
p:so:libc.musl-x86_64.so.1=1
F:lib
R:ld-musl-x86_64.so.1
a:0:0:755
Z:Q1yIYwZ0a6mTtW7NzXY4M1iIzoOjA=
R:libc.musl-x86_64.so.1
a:0:0:777
Z:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=

C:Q1WXpR8ON5Y5ASkgAZkvj6uwYlWEA=
P:libcrypto3
V:3.1.4-r5
A:x86_64
L:Apache-2.0
o:openssl
D:so:libc.musl-x86_64.so.1
F:lib
R:libcrypto.so.3
F:usr/lib/engines-3
R:afalg.so
`;

test('apk: /lib/apk/db/installed in the real apk format: name, version, arch, origin, licence, files', () => {
  const owned = new Map<string, readonly string[]>();
  const packages = parseApkInstalled(INSTALLED, '/lib/apk/db/installed', {
    os: { family: 'alpine', version: '3.19.1', name: 'Alpine Linux v3.19' },
    ownFiles: (o, f) => owned.set(o, f),
  });
  assert.equal(packages.length, 2);
  const crypto = packages[1];
  assert.equal(crypto?.name, 'libcrypto3');
  assert.equal(crypto?.version, '3.1.4-r5');
  assert.deepEqual(crypto?.source, { name: 'openssl', version: '3.1.4-r5' });
  assert.deepEqual(crypto?.licenses, ['Apache-2.0']);
  assert.equal(crypto?.purl, 'pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19&upstream=openssl');
  assert.equal(packages[0]?.purl, 'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19');
  assert.deepEqual(owned.get('libcrypto3'), ['/lib/libcrypto.so.3', '/usr/lib/engines-3/afalg.so']);
  assert.ok(apkCataloger.wants('/lib/apk/db/installed', { path: '/lib/apk/db/installed', layer: 0, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 10 }));
});

test('apk: wolfi namespace and a record without a version is ignored', () => {
  const packages = parseApkInstalled('P:glibc\nV:2.39-r1\nA:x86_64\n\nP:broken\n', '/lib/apk/db/installed', { os: { family: 'wolfi', version: '20230201', name: 'Wolfi' } });
  assert.deepEqual(packages.map((p) => p.purl), ['pkg:apk/wolfi/glibc@2.39-r1?arch=x86_64&distro=wolfi-20230201']);
});
