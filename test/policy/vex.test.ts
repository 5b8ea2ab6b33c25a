import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/model/index.js';
import { imageAsset } from '../../src/model/index.js';
import { MemoryVulnLookup } from '../../src/analyzers/vuln/memory-lookup.js';
import { matchVulnerabilities } from '../../src/analyzers/vuln/matcher.js';
import { vulnFindings } from '../../src/analyzers/vuln/findings.js';
import { applyVex, parseOpenVex, VexError } from '../../src/policy/vex.js';
import { ghsaAdvisory } from '../analyzers/vuln/real-records.js';

const MANIFEST = 'sha256:' + 'a'.repeat(64);
const asset = imageAsset({ reference: 'registry.bank.local/payments/api:1.4.2', manifestDigest: MANIFEST, configDigest: 'sha256:' + 'b'.repeat(64) });

/** Real findings: minimist 1.2.5 (GHSA-xvch-5gv4-984h, alias CVE-2021-44906) and log4j-core 2.14.1 (GHSA-jfh8-c2jp-5v3q, alias CVE-2021-44228). */
function findings(): Finding[] {
  const lookup = new MemoryVulnLookup([
    ghsaAdvisory('2022/03/GHSA-xvch-5gv4-984h/GHSA-xvch-5gv4-984h.json', 'npm', 'npm'),
    ghsaAdvisory('2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', 'maven', 'maven'),
  ]);
  const inventory = {
    packages: [
      { name: 'minimist', version: '1.2.5', type: 'npm' as const, purl: 'pkg:npm/minimist@1.2.5', licenses: [], path: '/app/node_modules/minimist/package.json' },
      { name: 'log4j-core', namespace: 'org.apache.logging.log4j', version: '2.14.1', type: 'maven' as const, purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar&classifier=x', licenses: [], path: '/app/lib/log4j-core.jar' },
    ],
  };
  return vulnFindings(matchVulnerabilities(inventory, lookup).matches, asset);
}

const doc = (statements: unknown[]) => JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://bank.example/vex/1', author: 'AppSec', timestamp: '2025-01-01T00:00:00Z', version: 1, statements });

test('not_affected by alias and versionless purl: the finding is waived with the statement, never dropped', () => {
  const fs = findings();
  const vex = parseOpenVex(
    doc([
      {
        vulnerability: { name: 'CVE-2021-44906' },
        products: [{ '@id': 'pkg:npm/minimist' }],
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        impact_statement: 'argv parsing only of our own constants',
      },
    ]),
    'app.vex.json',
  );
  const applied = applyVex(fs, [vex]);
  assert.equal(fs.length, 2);
  const minimist = fs.find((f) => f.package?.name === 'minimist')!;
  assert.equal(minimist.status, 'waived');
  assert.deepEqual(minimist.vulnerability?.vex, { status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', statement: 'argv parsing only of our own constants', document: 'app.vex.json (https://bank.example/vex/1)' });
  assert.match(minimist.reason!.en, /VEX not_affected: vulnerable_code_not_in_execute_path/);
  assert.equal(fs.find((f) => f.package?.name === 'log4j-core')?.status, 'fail');
  assert.equal(applied.get('app.vex.json'), 1);
});

test('the image as product with subcomponents; qualifiers compared in any order; a versioned purl must match the version', () => {
  const statement = (subPurl: string) => ({
    vulnerability: { '@id': 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' },
    products: [{ '@id': `pkg:oci/api@${MANIFEST.replace(':', '%3A')}`, subcomponents: [{ '@id': subPurl }] }],
    status: 'fixed',
  });
  let fs = findings();
  applyVex(fs, [parseOpenVex(doc([statement('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?classifier=x&type=jar')]), 'img.vex.json')]);
  assert.equal(fs.find((f) => f.package?.name === 'log4j-core')?.status, 'waived');
  assert.equal(fs.find((f) => f.package?.name === 'log4j-core')?.vulnerability?.vex?.status, 'fixed');
  fs = findings();
  applyVex(fs, [parseOpenVex(doc([statement('pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1')]), 'img.vex.json')]);
  assert.equal(fs.find((f) => f.package?.name === 'log4j-core')?.status, 'fail');
  // Another image's digest: not ours.
  fs = findings();
  const other = { ...statement('pkg:maven/org.apache.logging.log4j/log4j-core'), products: [{ '@id': `pkg:oci/api@sha256%3A${'9'.repeat(64)}`, subcomponents: [{ '@id': 'pkg:maven/org.apache.logging.log4j/log4j-core' }] }] };
  applyVex(fs, [parseOpenVex(doc([other]), 'img.vex.json')]);
  assert.equal(fs.find((f) => f.package?.name === 'log4j-core')?.status, 'fail');
});

test('affected and under_investigation are attached and change nothing; the latest statement wins', () => {
  const fs = findings();
  const vex = parseOpenVex(
    doc([
      { vulnerability: { name: 'GHSA-xvch-5gv4-984h' }, products: [{ '@id': 'pkg:npm/minimist' }], status: 'not_affected', justification: 'component_not_present', timestamp: '2025-01-01T00:00:00Z' },
      { vulnerability: { name: 'GHSA-xvch-5gv4-984h' }, products: [{ '@id': 'pkg:npm/minimist' }], status: 'under_investigation', timestamp: '2025-02-01T00:00:00Z' },
    ]),
    'x.json',
  );
  applyVex(fs, [vex]);
  const minimist = fs.find((f) => f.package?.name === 'minimist')!;
  assert.equal(minimist.status, 'fail');
  assert.equal(minimist.vulnerability?.vex?.status, 'under_investigation');
});

test('malformed documents: one clear error naming the file and the statement index', () => {
  assert.throws(() => parseOpenVex('{', 'a.json'), (e: unknown) => e instanceof VexError && /^a\.json: not JSON/.test(e.message));
  assert.throws(() => parseOpenVex('{"statements":[]}', 'b.json'), /b\.json: not an OpenVEX document/);
  assert.throws(
    () => parseOpenVex(doc([{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/x' }], status: 'fixed' }, { vulnerability: { name: 'CVE-2' }, products: [{ '@id': 'pkg:npm/x' }], status: 'not_affected' }]), 'c.json'),
    /c\.json: statements\[1\]: status not_affected needs a justification/,
  );
  assert.throws(() => parseOpenVex(doc([{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/x' }], status: 'maybe' }]), 'd.json'), /d\.json: statements\[0\]: status must be one of/);
  assert.throws(() => parseOpenVex(doc([{ vulnerability: { name: 'CVE-1' }, products: [], status: 'fixed' }]), 'e.json'), /e\.json: statements\[0\]: products must be a non-empty array/);
  assert.throws(
    () => parseOpenVex(doc([{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/x' }], status: 'not_affected', justification: 'because' }]), 'f.json'),
    /f\.json: statements\[0\]: justification must be one of/,
  );
});
