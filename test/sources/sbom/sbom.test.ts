import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PackageInventory } from '../../../src/model/index.js';
import { imageAsset } from '../../../src/model/index.js';
import { parseSbom, sbomAsset } from '../../../src/sources/sbom/index.js';
import { cycloneDxDocument } from '../../../src/reporters/cyclonedx.js';
import { spdxDocument } from '../../../src/reporters/spdx.js';
import { MemoryVulnLookup } from '../../../src/analyzers/vuln/memory-lookup.js';
import { matchVulnerabilities } from '../../../src/analyzers/vuln/matcher.js';
import { vulnFindings } from '../../../src/analyzers/vuln/findings.js';
import { debianTrackerAdvisories, ghsaAdvisory, pypaAdvisory } from '../../analyzers/vuln/real-records.js';
import { SAMPLE_IMAGE, SAMPLE_TOOL, sampleInventory } from './sample-inventory.js';

const withoutLicences = (inv: PackageInventory) => ({ ...inv, packages: inv.packages.map((p) => ({ ...p, licenses: [] })) });

test('CycloneDX round trip: our document read back gives the same inventory and image', () => {
  const inventory = sampleInventory();
  const read = parseSbom(JSON.stringify(cycloneDxDocument(SAMPLE_IMAGE, inventory, SAMPLE_TOOL)), 'out.cdx.json');
  assert.equal(read.format, 'cyclonedx');
  assert.deepEqual(read.inventory, inventory);
  assert.deepEqual(read.image, SAMPLE_IMAGE);
  assert.deepEqual(read.notes, []);
});

test('SPDX round trip: the same inventory (licences as one declared expression) and image', () => {
  const inventory = sampleInventory();
  const read = parseSbom(JSON.stringify(spdxDocument(SAMPLE_IMAGE, inventory, SAMPLE_TOOL)), 'out.spdx.json');
  assert.equal(read.format, 'spdx');
  assert.deepEqual(withoutLicences(read.inventory), withoutLicences(inventory));
  assert.deepEqual(read.inventory.packages.map((p) => p.licenses), [['MIT'], ['BSD-3-Clause AND LGPL-2.1-or-later AND LicenseRef-Some-vendor-licence'], ['MIT'], ['Apache-2.0'], ['Apache-2.0 OR MIT']]);
  assert.deepEqual(read.image, SAMPLE_IMAGE);
});

test('matching an inventory and its CycloneDX and SPDX round trips gives identical findings, fingerprints included', () => {
  const lookup = new MemoryVulnLookup([
    ...debianTrackerAdvisories('prototypejs'),
    ...debianTrackerAdvisories('chromium'),
    ghsaAdvisory('2022/03/GHSA-xvch-5gv4-984h/GHSA-xvch-5gv4-984h.json', 'npm', 'npm'),
    ghsaAdvisory('2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json', 'maven', 'maven'),
    pypaAdvisory('vulns/requests/PYSEC-2023-74.yaml'),
  ]);
  const inventory = sampleInventory();
  const scanned = vulnFindings(matchVulnerabilities(inventory, lookup).matches, imageAsset({ ...SAMPLE_IMAGE, configDigest: SAMPLE_IMAGE.configDigest! }));
  // libjs-prototype (source 1.6.0-1 < 1.6.0.2-1), chromium (end-of-life), minimist, log4j; requests is owned by an OS package.
  assert.deepEqual(scanned.map((f) => f.vulnerability?.id).sort(), ['CVE-2008-7220', 'CVE-2022-0456', 'GHSA-jfh8-c2jp-5v3q', 'GHSA-xvch-5gv4-984h']);
  for (const [name, doc] of [
    ['cdx.json', cycloneDxDocument(SAMPLE_IMAGE, inventory, SAMPLE_TOOL)],
    ['spdx.json', spdxDocument(SAMPLE_IMAGE, inventory, SAMPLE_TOOL)],
  ] as const) {
    const read = parseSbom(JSON.stringify(doc), name);
    const fromSbom = vulnFindings(matchVulnerabilities(read.inventory, lookup).matches, sbomAsset(read, name));
    const strip = (fs: typeof scanned) => fs.map((f) => ({ ...f, package: f.package ? { ...f.package } : undefined }));
    assert.deepEqual(strip(fromSbom), strip(scanned), name);
  }
});

test('third-party CycloneDX: purl-only components, missing versions noted, OS component, nested components, Trivy properties', () => {
  const doc = {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    metadata: {
      component: {
        type: 'container',
        name: 'alpine:3.19',
        purl: `pkg:oci/alpine@sha256%3A${'c'.repeat(64)}?repository_url=index.docker.io%2Flibrary%2Falpine`,
        properties: [{ name: 'aquasecurity:trivy:ImageID', value: 'sha256:' + 'd'.repeat(64) }],
      },
    },
    components: [
      { type: 'operating-system', name: 'alpine', version: '3.19.1' },
      {
        type: 'library',
        name: 'ssl_client',
        version: '1.36.1-r15',
        purl: 'pkg:apk/alpine/ssl_client@1.36.1-r15?arch=x86_64&distro=3.19.1',
        licenses: [{ license: { id: 'GPL-2.0-only' } }],
        properties: [
          { name: 'aquasecurity:trivy:SrcName', value: 'busybox' },
          { name: 'aquasecurity:trivy:SrcVersion', value: '1.36.1-r15' },
          { name: 'aquasecurity:trivy:LayerDiffID', value: 'sha256:' + 'e'.repeat(64) },
        ],
      },
      { type: 'library', name: 'left-pad', purl: 'pkg:npm/left-pad@1.3.0', components: [{ type: 'library', purl: 'pkg:npm/%40scope/inner@2.0.0' }] },
      { type: 'library', name: 'no-version', purl: 'pkg:npm/no-version' },
      { type: 'library', name: 'a-github-action', version: '4', purl: 'pkg:github/actions/checkout@4' },
      { type: 'file', name: 'no-purl' },
    ],
  };
  const read = parseSbom(JSON.stringify(doc), 'trivy.cdx.json');
  assert.deepEqual(read.inventory.os, { family: 'alpine', version: '3.19.1', name: 'alpine 3.19.1' });
  assert.deepEqual(
    read.inventory.packages.map((p) => [p.name, p.version, p.type, p.source?.name, p.layer]),
    [
      ['ssl_client', '1.36.1-r15', 'apk', 'busybox', 'sha256:' + 'e'.repeat(64)],
      ['left-pad', '1.3.0', 'npm', undefined, undefined],
      ['inner', '2.0.0', 'npm', undefined, undefined],
    ],
  );
  assert.equal(read.notes.length, 3);
  assert.match(read.notes.join('\n'), /no-version: skipped, no version/);
  assert.match(read.notes.join('\n'), /purl type github/);
  assert.match(read.notes.join('\n'), /no-purl: skipped, no purl/);
  assert.equal(read.image?.configDigest, 'sha256:' + 'd'.repeat(64));
  assert.equal(sbomAsset(read, 'trivy.cdx.json').ref, `image://sha256:${'d'.repeat(64)}`);
});

test('third-party SPDX 2.2: packages with purl externalRefs, OS from the distro qualifier, a document without an image', () => {
  const doc = {
    spdxVersion: 'SPDX-2.2',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'debian-sbom',
    packages: [
      {
        SPDXID: 'SPDXRef-Package-1',
        name: 'libc6',
        versionInfo: '2.36-9+deb12u4',
        licenseConcluded: 'NOASSERTION',
        licenseDeclared: 'LGPL-2.1-or-later',
        externalRefs: [{ referenceCategory: 'PACKAGE_MANAGER', referenceType: 'purl', referenceLocator: 'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12.5' }],
        annotations: [{ annotationDate: '2024-01-01T00:00:00Z', annotationType: 'OTHER', annotator: 'Tool: trivy', comment: 'SrcName: glibc' }],
      },
      { SPDXID: 'SPDXRef-Package-2', name: 'bare', versionInfo: '1.0' },
    ],
  };
  const read = parseSbom(JSON.stringify(doc), 'syft.spdx.json');
  assert.deepEqual(read.inventory.os, { family: 'debian', version: '12.5', name: 'debian 12.5' });
  assert.deepEqual(read.inventory.packages.map((p) => [p.name, p.version, p.source?.name, p.licenses]), [['libc6', '2.36-9+deb12u4', 'glibc', ['LGPL-2.1-or-later']]]);
  assert.equal(read.image, undefined);
  assert.equal(sbomAsset(read, 'syft.spdx.json').ref, 'sbom://syft.spdx.json');
  assert.match(read.notes[0]!, /SPDXRef-Package-2 bare: skipped, no purl/);
});

test('unsupported or malformed documents are refused with one line naming the file', () => {
  assert.throws(() => parseSbom('{"bomFormat":"CycloneDX","specVersion":"1.2"}', 'old.json'), /^Error: old\.json: CycloneDX specVersion "1\.2" is not supported/);
  assert.throws(() => parseSbom('{"spdxVersion":"SPDX-3.0"}', 'new.json'), /new\.json: spdxVersion "SPDX-3\.0" is not supported/);
  assert.throws(() => parseSbom('<bom/>', 'x.xml'), /x\.xml: not JSON/);
  assert.throws(() => parseSbom('{"hello":1}', 'y.json'), /y\.json: neither CycloneDX/);
});
