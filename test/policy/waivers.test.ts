import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprint, imageAsset, type Finding, type Waiver } from '../../src/model/index.js';
import { applyWaivers } from '../../src/policy/waivers.js';

const image = imageAsset({ reference: 'registry.bank.local/payments/api:1.4.2', manifestDigest: 'sha256:' + 'a'.repeat(64), configDigest: 'sha256:' + 'b'.repeat(64) });

function vulnFinding(id: string, aliases: string[], pkg: string): Finding {
  return {
    fingerprint: fingerprint('image.vuln', image.ref, `pkg:deb/debian/${pkg}#${id}`),
    checkId: 'image.vuln',
    severity: 'high',
    status: 'fail',
    message: { en: id, zh: id },
    asset: image,
    subject: `pkg:deb/debian/${pkg}#${id}`,
    location: {},
    controls: [],
    vulnerability: { id, aliases, status: 'fixed', installedVersion: '1.0-1', fixedVersion: '1.0-2', severitySource: 'debian', dataSource: 'debian-tracker' },
    package: { name: pkg, version: '1.0-1', type: 'deb', purl: `pkg:deb/debian/${pkg}@1.0-1?distro=debian-12` },
  };
}

function waiver(scope: Waiver['scope'], expires = '2099-12-31'): Waiver {
  return { id: 'W-1', check: 'image.vuln', scope, reason: 'Not reachable in this service; tracked in RISK-12.', approver: 'li.wei@bank.example', expires };
}

const today = new Date('2026-11-23T10:00:00Z');

test('a vulnerability waiver matches the id or any alias, ignoring case, and only that vulnerability', () => {
  const findings = [vulnFinding('CVE-2024-0727', ['GHSA-9v9h-cgj8-h64p'], 'openssl'), vulnFinding('CVE-2023-5678', [], 'openssl')];
  applyWaivers(findings, [waiver({ vulnerability: 'ghsa-9v9h-cgj8-h64p' })], today);
  assert.deepEqual(findings.map((f) => f.status), ['waived', 'fail']);
});

test('a vulnerability waiver can be narrowed to a package by name or purl wildcard', () => {
  const findings = [vulnFinding('CVE-2023-45853', [], 'zlib'), vulnFinding('CVE-2023-45853', [], 'minizip')];
  applyWaivers(findings, [waiver({ vulnerability: 'CVE-2023-45853', package: 'pkg:deb/debian/zlib@*' })], today);
  assert.deepEqual(findings.map((f) => f.status), ['waived', 'fail']);
  const again = [vulnFinding('CVE-2023-45853', [], 'zlib'), vulnFinding('CVE-2023-45853', [], 'minizip')];
  applyWaivers(again, [waiver({ vulnerability: 'CVE-2023-45853', package: 'minizip' })], today);
  assert.deepEqual(again.map((f) => f.status), ['fail', 'waived']);
});

test('an image scope matches the manifest digest or the reference, never another image', () => {
  const byDigest = [vulnFinding('CVE-2024-0727', [], 'openssl')];
  applyWaivers(byDigest, [waiver({ image: 'sha256:' + 'a'.repeat(64) })], today);
  assert.equal(byDigest[0]!.status, 'waived');
  const otherDigest = [vulnFinding('CVE-2024-0727', [], 'openssl')];
  applyWaivers(otherDigest, [waiver({ image: 'sha256:' + 'c'.repeat(64) })], today);
  assert.equal(otherDigest[0]!.status, 'fail');
  const byRef = [vulnFinding('CVE-2024-0727', [], 'openssl')];
  applyWaivers(byRef, [waiver({ image: 'registry.bank.local/payments/*' })], today);
  assert.equal(byRef[0]!.status, 'waived');
});

test('an expired vulnerability waiver leaves the finding failing and names the lapsed waiver', () => {
  const findings = [vulnFinding('CVE-2024-0727', [], 'openssl')];
  const notices = applyWaivers(findings, [waiver({ vulnerability: 'CVE-2024-0727' }, '2026-11-22')], today);
  assert.equal(findings[0]!.status, 'fail');
  assert.equal(findings[0]!.expiredWaiver?.id, 'W-1');
  assert.deepEqual(notices.map((n) => [n.state, n.matched]), [['expired', 1]]);
});
