import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2019Module from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';
import { spdxDocument } from '../../src/reporters/spdx.js';
import { LAYER_2, SAMPLE_IMAGE, SAMPLE_TOOL, sampleInventory } from '../sources/sbom/sample-inventory.js';

// CommonJS modules: under NodeNext the default import is the module object; `.default` is the class/plugin.
const Ajv2019 = Ajv2019Module.default;
const addFormats = ajvFormats.default;

/** The official SPDX 2.3 schema (spdx/spdx-spec schemas/spdx-schema.json; see the README next to it). */
function validator() {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync('test/fixtures/spdx-2.3.schema.json', 'utf8')) as object);
}

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  primaryPackagePurpose?: string;
  licenseDeclared: string;
  licenseConcluded: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  annotations?: { comment: string }[];
}
interface SpdxDoc {
  spdxVersion: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
  hasExtractedLicensingInfos?: { licenseId: string; extractedText: string }[];
}

test('the SPDX document is valid against the official SPDX 2.3 JSON schema', () => {
  const validate = validator();
  const doc = spdxDocument(SAMPLE_IMAGE, sampleInventory(), SAMPLE_TOOL);
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 1));
  // The schema does catch a bad document (an SPDXID with a space, a missing downloadLocation).
  const bad = JSON.parse(JSON.stringify(doc)) as SpdxDoc;
  bad.packages[0]!.SPDXID = 'SPDXRef-bad id';
  assert.equal(validate(bad), false);
});

test('image, OS and packages with DESCRIBES/CONTAINS, purls, NOASSERTION for unknown licences', () => {
  const doc = spdxDocument(SAMPLE_IMAGE, sampleInventory(), SAMPLE_TOOL, { timestamp: new Date('2025-01-02T03:04:05.678Z') }) as SpdxDoc;
  assert.equal(doc.spdxVersion, 'SPDX-2.3');
  assert.equal(doc.creationInfo.created, '2025-01-02T03:04:05Z');
  assert.deepEqual(doc.creationInfo.creators, ['Tool: rampart-0.1.0']);
  const image = doc.packages.find((p) => p.primaryPackagePurpose === 'CONTAINER');
  assert.equal(image?.versionInfo, SAMPLE_IMAGE.manifestDigest);
  assert.ok(doc.relationships.some((r) => r.spdxElementId === 'SPDXRef-DOCUMENT' && r.relationshipType === 'DESCRIBES' && r.relatedSpdxElement === image?.SPDXID));
  const contained = doc.relationships.filter((r) => r.spdxElementId === image?.SPDXID && r.relationshipType === 'CONTAINS');
  assert.equal(contained.length, sampleInventory().packages.length + 1);
  const os = doc.packages.find((p) => p.primaryPackagePurpose === 'OPERATING-SYSTEM');
  assert.deepEqual([os?.name, os?.versionInfo], ['debian', '10']);
  const minimist = doc.packages.find((p) => p.name === 'minimist');
  assert.deepEqual(minimist?.externalRefs, [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/minimist@1.2.5' }]);
  assert.equal(minimist?.licenseDeclared, 'MIT');
  assert.equal(minimist?.licenseConcluded, 'NOASSERTION');
  assert.ok(minimist?.annotations?.some((a) => a.comment === `rampart:package:layer: ${LAYER_2}`));
  // Licence text that is not SPDX becomes a LicenseRef with the text kept.
  const chromium = doc.packages.find((p) => p.name === 'chromium');
  assert.equal(chromium?.licenseDeclared, 'BSD-3-Clause AND LGPL-2.1-or-later AND LicenseRef-Some-vendor-licence');
  assert.deepEqual(doc.hasExtractedLicensingInfos?.map((e) => [e.licenseId, e.extractedText]), [['LicenseRef-Some-vendor-licence', 'Some vendor licence']]);
  const noLicence = spdxDocument(undefined, { packages: [{ ...sampleInventory().packages[2]!, licenses: [] }] }, SAMPLE_TOOL) as SpdxDoc;
  assert.equal(noLicence.packages[0]?.licenseDeclared, 'NOASSERTION');
  assert.ok(validator()(noLicence));
});

test('the document namespace is unique per run', () => {
  const a = spdxDocument(SAMPLE_IMAGE, sampleInventory(), SAMPLE_TOOL) as SpdxDoc;
  const b = spdxDocument(SAMPLE_IMAGE, sampleInventory(), SAMPLE_TOOL) as SpdxDoc;
  assert.notEqual(a.documentNamespace, b.documentNamespace);
  assert.match(a.documentNamespace, /^https:\/\/rampart\.dev\/spdxdocs\/registry\.bank\.local-payments-api-1\.4\.2-[0-9a-f-]{36}$/);
});
