import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import {
  goBinaryCataloger,
  parseGoBinary,
  parseGoModInfo,
  readGoBuildInfoStrings,
  stdlibVersion,
} from '../../../src/analyzers/sbom/go-binary.js';
import type { Package } from '../../../src/model/package.js';

/** The Go toolchain a Debian package was built with, from its Built-Using field: `golang-1.19 (= 1.19.8-2)` → `v1.19.8`. */
function builtWithGo(debianPackage: string): string {
  const builtUsing = execFileSync('dpkg-query', ['-W', '-f=${Built-Using}', debianPackage], { encoding: 'utf8' });
  const m = /golang-[\d.]+ \(= ([\d.]+)-/.exec(builtUsing);
  assert.ok(m?.[1], `${debianPackage} Built-Using names no golang: ${builtUsing}`);
  return `v${m[1]}`;
}

const DEBIAN_GO_BINARIES: [string, string, string][] = [
  ['/usr/bin/skopeo', 'skopeo', 'github.com/containers/skopeo/cmd/skopeo'],
  ['/usr/bin/umoci', 'umoci', 'github.com/opencontainers/umoci/cmd/umoci'],
  ['/usr/bin/docker-registry', 'docker-registry', 'github.com/docker/distribution/cmd/registry'],
];

test('go-binary: real Debian Go binaries (skopeo, umoci, docker-registry): main package path, build settings and stdlib version', () => {
  for (const [file, debianPackage, mainPath] of DEBIAN_GO_BINARIES) {
    assert.ok(existsSync(file), `${file} missing: apt-get install -y ${debianPackage}`);
    const content = readFileSync(file);
    const strings = readGoBuildInfoStrings(content);
    assert.ok(strings, file);
    const info = parseGoModInfo(strings.goVersion, strings.modinfo);
    assert.equal(info.path, mainPath);
    assert.equal(info.settings['-compiler'], 'gc');
    assert.equal(info.settings.GOOS, 'linux');
    // Debian builds in GOPATH mode: no module lines, so stdlib is the one module the binary names
    const packages = parseGoBinary(content, file);
    const stdlib = packages.find((p) => p.name === 'stdlib');
    assert.equal(stdlib?.version, builtWithGo(debianPackage));
    assert.equal(stdlib?.purl, `pkg:golang/stdlib@${stdlib?.version}`);
  }
});

test('go-binary: the preinstalled kubectl (module build): main module (devel), deps with versions, stdlib', () => {
  assert.ok(existsSync('/usr/bin/kubectl'), '/usr/bin/kubectl missing: the build machines preinstall kubectl (Google\'s packaging)');
  const kubectl = realpathSync('/usr/bin/kubectl');
  const content = readFileSync(kubectl);
  const packages = parseGoBinary(content, '/usr/bin/kubectl');
  const main = packages[0];
  assert.equal(main?.name, 'k8s.io/kubernetes');
  assert.equal(main?.version, '(devel)');
  assert.equal(main?.namespace, 'k8s.io');
  const heredoc = packages.find((p) => p.name === 'github.com/MakeNowJust/heredoc');
  assert.match(heredoc?.version ?? '', /^v\d+\.\d+\.\d+/);
  assert.equal(heredoc?.purl, `pkg:golang/github.com/MakeNowJust/heredoc@${heredoc?.version}`);
  assert.ok(packages.some((p) => p.name === 'k8s.io/client-go'));
  const version = execFileSync('/usr/bin/kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  const goVersion = (JSON.parse(version) as { clientVersion: { goVersion: string } }).clientVersion.goVersion;
  assert.equal(packages.find((p) => p.name === 'stdlib')?.version, stdlibVersion(goVersion));
  const strings = readGoBuildInfoStrings(content);
  assert.match(parseGoModInfo(strings?.goVersion ?? '', strings?.modinfo ?? '').settings['vcs.revision'] ?? '', /^[0-9a-f]{40}$/);
});

test('go-binary: replacements (=>) take the replacing module when it has a version', () => {
  const info = parseGoModInfo('go1.22.1 X:boringcrypto', [
    'path\texample.com/app/cmd/app',
    'mod\texample.com/app\tv1.4.0\th1:abc=',
    'dep\tgolang.org/x/net\tv0.1.0\th1:old=',
    '=>\tgolang.org/x/net\tv0.23.0\th1:new=',
    'dep\texample.com/local\tv0.0.0',
    '=>\t../local\t\t',
    'build\t-ldflags=-X main.version=1.4.0 -s',
  ].join('\n'));
  assert.deepEqual(info.deps, [
    { path: 'golang.org/x/net', version: 'v0.23.0', sum: 'h1:new=' },
    { path: 'example.com/local', version: 'v0.0.0' },
  ]);
  assert.equal(info.settings['-ldflags'], '-X main.version=1.4.0 -s');
  assert.equal(stdlibVersion(info.goVersion), 'v1.22.1');
  assert.equal(stdlibVersion('devel go1.23-abcdef'), undefined);
});

/**
 * Go before 1.18 stored pointers to string headers instead of inline strings. No such binary is on
 * this machine, so this builds a minimal ELF64 (one PT_LOAD segment) in the published layout, around
 * the real module info of kubectl.
 */
function pointerFormatElf(goVersion: string, modinfo: string, bigEndian: boolean): Buffer {
  const base = 0x400000n;
  const file = Buffer.alloc(0x2000 + goVersion.length + Buffer.byteLength(modinfo));
  file.writeUInt32BE(0x7f454c46, 0);
  file[4] = 2; // 64-bit
  file[5] = bigEndian ? 2 : 1;
  file[6] = 1;
  const u16 = (v: number, at: number): void => void (bigEndian ? file.writeUInt16BE(v, at) : file.writeUInt16LE(v, at));
  const u32 = (v: number, at: number): void => void (bigEndian ? file.writeUInt32BE(v, at) : file.writeUInt32LE(v, at));
  const u64 = (v: bigint, at: number): void => void (bigEndian ? file.writeBigUInt64BE(v, at) : file.writeBigUInt64LE(v, at));
  u16(2, 16); // ET_EXEC
  u64(64n, 0x20); // e_phoff
  u16(56, 0x36);
  u16(1, 0x38);
  u32(1, 64); // PT_LOAD
  u64(0n, 64 + 8);
  u64(base, 64 + 16);
  u64(BigInt(file.length), 64 + 32);
  u64(BigInt(file.length), 64 + 40);
  const info = 0x1000;
  Buffer.from('\xff Go buildinf:', 'latin1').copy(file, info);
  file[info + 14] = 8;
  file[info + 15] = bigEndian ? 1 : 0;
  const headers = 0x1100;
  u64(base + BigInt(headers), info + 16);
  u64(base + BigInt(headers + 16), info + 24);
  const data = 0x2000;
  file.write(goVersion, data, 'utf8');
  const modinfoAt = data + goVersion.length;
  file.write(modinfo, modinfoAt, 'utf8');
  u64(base + BigInt(data), headers);
  u64(BigInt(goVersion.length), headers + 8);
  u64(base + BigInt(modinfoAt), headers + 16);
  u64(BigInt(Buffer.byteLength(modinfo)), headers + 24);
  return file;
}

test('go-binary: pointer-format build info (Go < 1.18, built in the test from the published layout), both byte orders', () => {
  const real = readGoBuildInfoStrings(readFileSync(realpathSync('/usr/bin/kubectl')));
  assert.ok(real);
  for (const bigEndian of [false, true]) {
    const elf = pointerFormatElf('go1.17.13', real.modinfo, bigEndian);
    const packages = parseGoBinary(elf, '/app/server');
    assert.equal(packages[0]?.name, 'k8s.io/kubernetes');
    assert.equal(packages.find((p) => p.name === 'stdlib')?.version, 'v1.17.13');
    assert.ok(packages.length > 50);
  }
});

test('go-binary: cataloger wants executable regular files and reads only ELF content', () => {
  const entry = { path: '/usr/bin/x', layer: 0, type: 'file' as const, mode: 0o755, uid: 0, gid: 0, size: 20_000 };
  assert.ok(goBinaryCataloger.wants('/usr/bin/x', entry));
  assert.ok(!goBinaryCataloger.wants('/usr/bin/x', { ...entry, mode: 0o644 }));
  assert.ok(!goBinaryCataloger.wants('/usr/bin/x', { ...entry, type: 'symlink' }));
  assert.deepEqual(goBinaryCataloger.parse('/usr/bin/x', Buffer.from('#!/bin/sh\necho \xff Go buildinf:'), {}), []);
  const packages = goBinaryCataloger.parse('/usr/bin/skopeo', readFileSync('/usr/bin/skopeo'), {}) as Package[];
  assert.equal(packages.length, 1);
});
