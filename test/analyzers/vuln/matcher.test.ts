import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Advisory, OsRelease, Package, PackageInventory } from '../../../src/model/index.js';
import { imageAsset } from '../../../src/model/index.js';
import { MemoryVulnLookup } from '../../../src/analyzers/vuln/memory-lookup.js';
import { matchVulnerabilities, type VulnMatch } from '../../../src/analyzers/vuln/matcher.js';
import { vulnFindings } from '../../../src/analyzers/vuln/findings.js';
import {
  almaAdvisories,
  alpineAdvisories,
  debianTrackerAdvisories,
  ghsaAdvisory,
  kevEnrichment,
  nvdEnrichment,
  osvAdvisory,
  pypaAdvisory,
  zipMember,
} from './real-records.js';

function pkg(p: Partial<Package> & Pick<Package, 'name' | 'version' | 'type' | 'purl'>): Package {
  return { licenses: [], path: '/var/lib/dpkg/status', ...p };
}

function inv(os: OsRelease | undefined, ...packages: Package[]): PackageInventory {
  return os ? { os, packages } : { packages };
}

const BUSTER: OsRelease = { family: 'debian', version: '10', name: 'Debian GNU/Linux 10 (buster)', codename: 'buster' };
const ALPINE_318: OsRelease = { family: 'alpine', version: '3.18.4', name: 'Alpine Linux v3.18' };
const ALMA9: OsRelease = { family: 'almalinux', version: '9.3', name: 'AlmaLinux 9.3' };

function ids(matches: readonly VulnMatch[]): string[] {
  return matches.map((m) => m.vulnId).sort();
}

// ---- Debian: real tracker records (status, fixed_version "0", urgency) ----

const debian = new MemoryVulnLookup([...debianTrackerAdvisories('prototypejs'), ...debianTrackerAdvisories('chromium')]);

test('Debian: fixed_version "0" is a not-affected verdict, and it wins over another source listing the flaw', () => {
  const libjs = pkg({ name: 'libjs-prototype', version: '1.7.1-3', type: 'deb', purl: 'pkg:deb/debian/libjs-prototype@1.7.1-3?distro=debian-10', source: { name: 'prototypejs', version: '1.5.0-1' } });
  const { matches } = matchVulnerabilities(inv(BUSTER, libjs), debian);
  // CVE-2008-7220 is fixed in 1.6.0.2-1 and the source is 1.5.0-1: reported. CVE-2007-2383 resolved with "0": not.
  assert.deepEqual(ids(matches), ['CVE-2008-7220']);

  // A second source that lists CVE-2007-2383 with a range for the same package and release changes nothing.
  const other: Advisory = {
    id: 'CVE-2007-2383',
    aliases: [],
    cvss: [],
    references: [],
    source: 'other-feed',
    affected: [{ namespace: 'debian:10', package: 'prototypejs', scheme: 'dpkg', status: 'fixed', ranges: [{ fixed: '9.9-1' }], source: 'other-feed' }],
  };
  const both = new MemoryVulnLookup([...debianTrackerAdvisories('prototypejs'), other]);
  assert.deepEqual(ids(matchVulnerabilities(inv(BUSTER, libjs), both).matches), ['CVE-2008-7220']);
});

test('Debian: the source package is the key and its version is compared, not the binary version (grype#376)', () => {
  // Binary version below the fix, source version at the fix: not affected.
  const fixedSource = pkg({ name: 'libjs-prototype', version: '1.5.0-1+b1', type: 'deb', purl: 'pkg:deb/debian/libjs-prototype@1.5.0-1%2Bb1', source: { name: 'prototypejs', version: '1.6.0.2-1' } });
  assert.deepEqual(matchVulnerabilities(inv(BUSTER, fixedSource), debian).matches, []);
  // No source version recorded: the binary version stands in.
  const noSourceVersion = pkg({ name: 'libjs-prototype', version: '1.6.0-1', type: 'deb', purl: 'pkg:deb/debian/libjs-prototype@1.6.0-1', source: { name: 'prototypejs' } });
  const m = matchVulnerabilities(inv(BUSTER, noSourceVersion), debian).matches;
  assert.deepEqual(ids(m), ['CVE-2008-7220']);
  assert.equal(m[0]?.fixedVersion, '1.6.0.2-1');
  assert.equal(m[0]?.matchedName, 'prototypejs');
  // No source at all: the binary name is the key (here the source's own name).
  const binaryOnly = pkg({ name: 'prototypejs', version: '1.6.0-1', type: 'deb', purl: 'pkg:deb/debian/prototypejs@1.6.0-1' });
  assert.deepEqual(ids(matchVulnerabilities(inv(BUSTER, binaryOnly), debian).matches), ['CVE-2008-7220']);
});

test('Debian: end-of-life is reported with that status and no fix; the release is matched by major only', () => {
  const chromium = pkg({ name: 'chromium', version: '90.0.4430.212-1~deb10u1', type: 'deb', purl: 'pkg:deb/debian/chromium@90.0.4430.212-1~deb10u1' });
  const [m] = matchVulnerabilities(inv({ ...BUSTER, version: '10.13' }, chromium), debian).matches;
  assert.equal(m?.vulnId, 'CVE-2022-0456');
  assert.equal(m?.status, 'end-of-life');
  assert.equal(m?.fixedVersion, undefined);
  // --ignore-unfixed drops it.
  assert.deepEqual(matchVulnerabilities(inv(BUSTER, chromium), debian, { ignoreUnfixed: true }).matches, []);
  // bullseye has the fix at 98.0.4758.80-1~deb11u1: an older build there is "fixed", a newer one clean.
  const BULLSEYE: OsRelease = { family: 'debian', version: '11', name: 'Debian 11' };
  assert.equal(matchVulnerabilities(inv(BULLSEYE, chromium), debian).matches[0]?.fixedVersion, '98.0.4758.80-1~deb11u1');
  const newer = { ...chromium, version: '98.0.4758.102-1~deb11u1' };
  assert.deepEqual(matchVulnerabilities(inv(BULLSEYE, newer), debian).matches, []);
});

test('Debian urgency is the finding severity, "**" and all, before any CVSS score', () => {
  const libjs = pkg({ name: 'libjs-prototype', version: '1.5.0-1', type: 'deb', purl: 'pkg:deb/debian/libjs-prototype@1.5.0-1', source: { name: 'prototypejs', version: '1.5.0-1' } });
  const lookup = new MemoryVulnLookup(debianTrackerAdvisories('prototypejs'), [{ id: 'CVE-2008-7220', cvss: [{ source: 'nvd', version: '2.0', vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', score: 7.5 }] }]);
  const { matches } = matchVulnerabilities(inv(BUSTER, libjs), lookup);
  const asset = imageAsset({ reference: 'debian:buster', configDigest: 'sha256:' + 'a'.repeat(64) });
  const [f] = vulnFindings(matches, asset);
  assert.equal(f?.severity, 'high'); // tracker urgency "high**"
  assert.equal(f?.vulnerability?.severitySource, 'debian');
  assert.equal(f?.vulnerability?.cvss?.score, 7.5);
});

// ---- Alpine: real secdb records, fixes in a later -rN ----

test('Alpine: a fix in 1.36.1-r7 flags r5 and clears r7; the release is the minor of VERSION_ID', () => {
  const lookup = new MemoryVulnLookup(alpineAdvisories('alpine-secdb/v3.18/main.json', 'busybox', 'alpine:3.18'));
  const at = (version: string) =>
    pkg({ name: 'ssl_client', version, type: 'apk', purl: `pkg:apk/alpine/ssl_client@${version}?distro=alpine-3.18.4`, source: { name: 'busybox' }, path: '/lib/apk/db/installed' });
  const r5 = matchVulnerabilities(inv(ALPINE_318, at('1.36.1-r5')), lookup).matches;
  assert.deepEqual(ids(r5), ['CVE-2023-42363', 'CVE-2023-42364', 'CVE-2023-42365', 'CVE-2023-42366']);
  assert.equal(r5.find((m) => m.vulnId === 'CVE-2023-42363')?.fixedVersion, '1.36.1-r7');
  assert.deepEqual(matchVulnerabilities(inv(ALPINE_318, at('1.36.1-r7')), lookup).matches, []);
});

test('Alpine 3.19: -r16 is newer than -r2 (numeric, not string, comparison)', () => {
  const lookup = new MemoryVulnLookup(alpineAdvisories('alpine-secdb/v3.19/main.json', 'busybox', 'alpine:3.19'));
  const busybox = pkg({ name: 'busybox', version: '1.36.1-r16', type: 'apk', purl: 'pkg:apk/alpine/busybox@1.36.1-r16', source: { name: 'busybox' } });
  const found = ids(matchVulnerabilities(inv({ family: 'alpine', version: '3.19.1', name: 'Alpine' }, busybox), lookup).matches);
  assert.ok(!found.includes('CVE-2022-48174'), 'fixed in r2, installed r16');
  assert.ok(found.includes('CVE-2023-42363'), 'fixed in r17, installed r16');
});

test('no data for the OS release: a note, not a clean pass', () => {
  const lookup = new MemoryVulnLookup(alpineAdvisories('alpine-secdb/v3.18/main.json', 'busybox', 'alpine:3.18'));
  const busybox = pkg({ name: 'busybox', version: '1.36.1-r0', type: 'apk', purl: 'pkg:apk/alpine/busybox@1.36.1-r0' });
  const result = matchVulnerabilities(inv({ family: 'alpine', version: '3.22.0', name: 'Alpine' }, busybox), lookup);
  assert.deepEqual(result.matches, []);
  assert.equal(result.notes.length, 1);
  assert.equal(result.notes[0]?.kind, 'no-os-data');
  assert.match(result.notes[0]!.message.en, /no vulnerability data for alpine:3\.22 in the database/);
  // No OS release at all, with OS packages present: also said.
  assert.equal(matchVulnerabilities(inv(undefined, busybox), lookup).notes[0]?.kind, 'no-os-release');
});

// ---- AlmaLinux / RHEL: real ALSA records, binary names, epochs ----

const alma = new MemoryVulnLookup(
  [
    ...almaAdvisories(zipMember('osv/almalinux9/all.zip', 'ALSA-2024:0310.json'), 'openssl-libs'),
    ...almaAdvisories(zipMember('osv/almalinux9/all.zip', 'ALSA-2023:5453.json'), 'glibc'),
  ],
  [kevEnrichment('CVE-2023-4911'), nvdEnrichment('CVE-2023-4911')],
);

test('AlmaLinux: a backported fix with epoch 1 (1:3.0.7-25.el9_3) is compared as an EVR', () => {
  const at = (version: string, purlEpoch?: string) =>
    pkg({ name: 'openssl-libs', version, type: 'rpm', purl: `pkg:rpm/almalinux/openssl-libs@${version.replace(/^\d+:/, '')}?arch=x86_64${purlEpoch ? `&epoch=${purlEpoch}` : ''}`, arch: 'x86_64', path: '/var/lib/rpm/rpmdb.sqlite', source: { name: 'openssl', version: '3.0.7-24.el9' } });
  const old = matchVulnerabilities(inv(ALMA9, at('1:3.0.7-24.el9')), alma).matches;
  assert.deepEqual(ids(old), ['CVE-2023-5363']);
  assert.equal(old[0]?.fixedVersion, '1:3.0.7-25.el9_3');
  assert.equal(old[0]?.record.advisory, 'ALSA-2024:0310');
  assert.deepEqual(matchVulnerabilities(inv(ALMA9, at('1:3.0.7-27.el9')), alma).matches, []);
  // The rpmdb version string without the epoch, the epoch in the purl: still 1:3.0.7-27 (grype#2170).
  assert.deepEqual(matchVulnerabilities(inv(ALMA9, at('3.0.7-27.el9', '1')), alma).matches, []);
});

test('Rocky falls back to rhel:N only when its own namespace has no data, and says so; KEV is carried', () => {
  const rhel: Advisory[] = almaAdvisories(zipMember('osv/almalinux9/all.zip', 'ALSA-2023:5453.json'), 'glibc').map((a) => ({
    ...a,
    affected: a.affected.map((x) => ({ ...x, namespace: 'rhel:9' })),
  }));
  const lookup = new MemoryVulnLookup(rhel, [kevEnrichment('CVE-2023-4911'), nvdEnrichment('CVE-2023-4911')]);
  const glibc = pkg({ name: 'glibc', version: '2.34-60.el9', type: 'rpm', purl: 'pkg:rpm/rocky/glibc@2.34-60.el9?arch=x86_64', arch: 'x86_64' });
  const result = matchVulnerabilities(inv({ family: 'rocky', version: '9.2', name: 'Rocky Linux 9.2' }, glibc), lookup);
  assert.ok(ids(result.matches).includes('CVE-2023-4911'));
  assert.equal(result.notes[0]?.kind, 'os-fallback');
  assert.match(result.notes[0]!.message.en, /rocky:9.*rhel:9/);
  const asset = imageAsset({ reference: 'rockylinux:9', configDigest: 'sha256:' + 'b'.repeat(64) });
  const finding = vulnFindings(result.matches, asset).find((f) => f.vulnerability?.id === 'CVE-2023-4911');
  assert.equal(finding?.vulnerability?.kev?.dateAdded, '2023-11-21');
  // No vendor severity on the record: CVSS decides — here only Red Hat's secondary 7.8 exists in the NVD record.
  assert.equal(finding?.severity, 'high');
  assert.equal(finding?.vulnerability?.severitySource, finding?.vulnerability?.cvss?.source);
  // The fixed glibc build is clean.
  assert.deepEqual(ids(matchVulnerabilities(inv({ family: 'rocky', version: '9.2', name: 'Rocky' }, { ...glibc, version: '2.34-60.el9_2.7' }), lookup).matches), []);
});

// ---- Language ecosystems: real GHSA / PyPA / Go vulndb records ----

test('npm minimist: both of GHSA-xvch-5gv4-984h\'s ranges match, versions between them do not', () => {
  const lookup = new MemoryVulnLookup([ghsaAdvisory('2022/03/GHSA-xvch-5gv4-984h/GHSA-xvch-5gv4-984h.json', 'npm', 'npm')]);
  const at = (version: string) => pkg({ name: 'minimist', version, type: 'npm', purl: `pkg:npm/minimist@${version}`, path: `/app/node_modules/minimist/package.json` });
  const fixOf = (version: string) => matchVulnerabilities(inv(undefined, at(version)), lookup).matches.map((m) => m.fixedVersion);
  assert.deepEqual(fixOf('0.0.8'), ['0.2.4']);
  assert.deepEqual(fixOf('1.2.5'), ['1.2.6']);
  assert.deepEqual(fixOf('0.2.4'), []);
  assert.deepEqual(fixOf('1.2.6'), []);
  const [m] = matchVulnerabilities(inv(undefined, at('1.2.5')), lookup).matches;
  // GHSA's own severity is the vendor rating for a language package.
  const [f] = vulnFindings(m ? [m] : [], imageAsset({ reference: 'app', configDigest: 'sha256:' + 'c'.repeat(64) }));
  assert.equal(f?.severity, 'critical');
  assert.equal(f?.vulnerability?.severitySource, 'ghsa');
  assert.equal(f?.vulnerability?.id, 'GHSA-xvch-5gv4-984h');
  assert.deepEqual(f?.vulnerability?.aliases, ['CVE-2021-44906']);
});

test('PyPI requests: the GHSA and PYSEC records of one flaw become one match; names are PEP 503 normalised', () => {
  const lookup = new MemoryVulnLookup([ghsaAdvisory('2023/05/GHSA-j8r2-6x86-q33q/GHSA-j8r2-6x86-q33q.json', 'pypi', 'pep440'), pypaAdvisory('vulns/requests/PYSEC-2023-74.yaml')]);
  const requests = pkg({ name: 'Requests', version: '2.28.1', type: 'pypi', purl: 'pkg:pypi/requests@2.28.1', path: '/usr/lib/python3/site-packages/requests-2.28.1.dist-info/METADATA' });
  const matches = matchVulnerabilities(inv(undefined, requests), lookup).matches;
  const flaw = matches.filter((m) => m.vulnId === 'CVE-2023-32681' || m.aliases.includes('CVE-2023-32681'));
  assert.equal(flaw.length, 1, `one match for CVE-2023-32681, got ${matches.map((m) => m.vulnId).join(', ')}`);
  assert.deepEqual(flaw[0]!.dataSources, ['ghsa', 'osv:PyPI']);
  assert.ok(flaw[0]!.aliases.includes('GHSA-j8r2-6x86-q33q') || flaw[0]!.vulnId === 'GHSA-j8r2-6x86-q33q');
  assert.equal(flaw[0]!.fixedVersion, '2.31.0');
  assert.deepEqual(matchVulnerabilities(inv(undefined, { ...requests, version: '2.31.0' }), lookup).matches, []);
});

test('language files owned by an OS package are left to the vendor (trap 2)', () => {
  const lookup = new MemoryVulnLookup([ghsaAdvisory('2023/05/GHSA-j8r2-6x86-q33q/GHSA-j8r2-6x86-q33q.json', 'pypi', 'pep440')]);
  const owned = pkg({ name: 'requests', version: '2.28.1', type: 'pypi', purl: 'pkg:pypi/requests@2.28.1', ownedBy: 'python3-requests' });
  assert.deepEqual(matchVulnerabilities(inv(undefined, owned), lookup).matches, []);
});

test('Maven log4j-core is keyed group:artifact from the purl; a same-named artifact of another group is not matched', () => {
  const lookup = new MemoryVulnLookup([ghsaAdvisory('2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', 'maven', 'maven')]);
  const log4j = (group: string, version: string) =>
    pkg({ name: 'log4j-core', namespace: group, version, type: 'maven', purl: `pkg:maven/${group}/log4j-core@${version}`, path: `/app/lib/log4j-core-${version}.jar` });
  const m = matchVulnerabilities(inv(undefined, log4j('org.apache.logging.log4j', '2.14.1')), lookup).matches;
  assert.equal(m.length, 1);
  assert.equal(m[0]?.fixedVersion, '2.15.0');
  assert.deepEqual(matchVulnerabilities(inv(undefined, log4j('org.apache.logging.log4j', '2.12.2')), lookup).matches, []);
  assert.deepEqual(matchVulnerabilities(inv(undefined, log4j('com.example.fork', '2.14.1')), lookup).matches, []);
});

test('Go stdlib (go1.22.1) matches GO-2024-2687; withdrawn records never match', () => {
  const lookup = new MemoryVulnLookup([
    osvAdvisory(zipMember('osv/go/all.zip', 'GO-2024-2687.json'), { namespace: 'golang', scheme: 'go', source: 'osv:Go' }),
    osvAdvisory(zipMember('osv/go/all.zip', 'GO-2022-0617.json'), { namespace: 'golang', scheme: 'go', source: 'osv:Go' }),
  ]);
  const stdlib = (version: string) => pkg({ name: 'stdlib', version, type: 'golang', purl: `pkg:golang/stdlib@${version}`, path: '/usr/local/bin/app' });
  const [m] = matchVulnerabilities(inv(undefined, stdlib('go1.22.1')), lookup).matches;
  assert.deepEqual([m?.vulnId, m?.fixedVersion], ['GO-2024-2687', '1.22.2']);
  assert.ok(m?.aliases.includes('CVE-2023-45288'));
  assert.equal(matchVulnerabilities(inv(undefined, stdlib('go1.21.8')), lookup).matches[0]?.fixedVersion, '1.21.9');
  assert.deepEqual(matchVulnerabilities(inv(undefined, stdlib('go1.22.2')), lookup).matches, []);
  const kube = pkg({ name: 'k8s.io/kubernetes', version: 'v1.20.0', type: 'golang', purl: 'pkg:golang/k8s.io/kubernetes@v1.20.0', path: '/usr/local/bin/kubelet' });
  assert.deepEqual(matchVulnerabilities(inv(undefined, kube), lookup).matches, []);
});

test('an ecosystem the database has no data for is noted', () => {
  const lookup = new MemoryVulnLookup([ghsaAdvisory('2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', 'maven', 'maven')]);
  const gem = pkg({ name: 'rack', version: '2.2.3', type: 'gem', purl: 'pkg:gem/rack@2.2.3' });
  const { notes } = matchVulnerabilities(inv(undefined, gem), lookup);
  assert.equal(notes[0]?.kind, 'no-ecosystem-data');
  assert.match(notes[0]!.message.en, /no vulnerability data for gem/);
});

test('under-investigation alone gives no finding; will-not-fix gives one without a fix', () => {
  const record = (status: 'under-investigation' | 'will-not-fix'): Advisory => ({
    id: `CVE-2099-${status === 'will-not-fix' ? '0001' : '0002'}`,
    aliases: [],
    cvss: [],
    references: [],
    source: 'redhat-csaf',
    affected: [{ namespace: 'rhel:9', package: 'zlib', scheme: 'rpm', status, ranges: [], severity: 'moderate', source: 'redhat-csaf' }],
  });
  const lookup = new MemoryVulnLookup([record('under-investigation'), record('will-not-fix')]);
  const zlib = pkg({ name: 'zlib', version: '1.2.11-40.el9', type: 'rpm', purl: 'pkg:rpm/redhat/zlib@1.2.11-40.el9' });
  const { matches } = matchVulnerabilities(inv({ family: 'rhel', version: '9.4', name: 'UBI 9' }, zlib), lookup);
  assert.deepEqual(matches.map((m) => [m.vulnId, m.status, m.fixedVersion]), [['CVE-2099-0001', 'will-not-fix', undefined]]);
  const [f] = vulnFindings(matches, imageAsset({ reference: 'ubi9', configDigest: 'sha256:' + 'd'.repeat(64) }));
  assert.equal(f?.severity, 'medium');
  assert.equal(f?.vulnerability?.severitySource, 'redhat');
  assert.match(f!.message.en, /will not fix/);
});

test('findings: fingerprint ignores the version, so a bump that still matches keeps its identity', () => {
  const lookup = new MemoryVulnLookup([ghsaAdvisory('2022/03/GHSA-xvch-5gv4-984h/GHSA-xvch-5gv4-984h.json', 'npm', 'npm')]);
  const asset = imageAsset({ reference: 'app', manifestDigest: 'sha256:' + 'e'.repeat(64), configDigest: 'sha256:' + 'f'.repeat(64) });
  const at = (version: string, path = '/app/node_modules/minimist/package.json') => pkg({ name: 'minimist', version, type: 'npm', purl: `pkg:npm/minimist@${version}`, path, layer: 'sha256:' + '1'.repeat(64) });
  const [a] = vulnFindings(matchVulnerabilities(inv(undefined, at('1.2.0')), lookup).matches, asset);
  const [b] = vulnFindings(matchVulnerabilities(inv(undefined, at('1.2.5')), lookup).matches, asset);
  assert.ok(a && b);
  assert.equal(a.fingerprint, b.fingerprint);
  assert.equal(a.checkId, 'image.vuln');
  assert.deepEqual(a.location, { file: '/app/node_modules/minimist/package.json', layer: 'sha256:' + '1'.repeat(64) });
  assert.equal(a.package?.purl, 'pkg:npm/minimist@1.2.0');
  assert.match(a.message.zh, /受 GHSA-xvch-5gv4-984h 影响/);
  // Two copies of the package in one image: two findings, told apart by path.
  const two = vulnFindings(matchVulnerabilities(inv(undefined, at('1.2.0'), at('0.0.8', '/app/node_modules/mkdirp/node_modules/minimist/package.json')), lookup).matches, asset);
  assert.equal(two.length, 2);
  assert.notEqual(two[0]!.fingerprint, two[1]!.fingerprint);
});
