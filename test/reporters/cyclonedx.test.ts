import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as CDX from '@cyclonedx/cyclonedx-library';
import { cycloneDxDocument } from '../../src/reporters/cyclonedx.js';
import { LAYER_1, SAMPLE_IMAGE, SAMPLE_TOOL, sampleInventory } from '../sources/sbom/sample-inventory.js';

interface CdxProperty {
  name: string;
  value: string;
}
interface CdxComponent {
  type: string;
  name: string;
  version?: string;
  purl?: string;
  'bom-ref'?: string;
  licenses?: { license?: { id?: string; name?: string }; expression?: string }[];
  properties?: CdxProperty[];
}
interface CdxBom {
  bomFormat: string;
  specVersion: string;
  serialNumber: string;
  metadata: { timestamp: string; component: CdxComponent; tools: { components: CdxComponent[] } };
  components: CdxComponent[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}

const prop = (c: CdxComponent | undefined, name: string) => c?.properties?.filter((p) => p.name === name).map((p) => p.value);

test('the CycloneDX document is valid against the official 1.6 JSON schema (strict)', async () => {
  const doc = cycloneDxDocument(SAMPLE_IMAGE, sampleInventory(), SAMPLE_TOOL);
  const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6);
  assert.equal(await validator.validate(JSON.stringify(doc)), null);
  // …and the validator does reject a broken one, so the assertion above means something.
  const broken = { ...(doc as object), components: [{ type: 'not-a-type', name: 'x' }] };
  assert.notEqual(await validator.validate(JSON.stringify(broken)), null);
});

test('metadata.component is the image: digest as version, OCI purl, digests and reference as properties', () => {
  const bom = cycloneDxDocument(SAMPLE_IMAGE, sampleInventory(), SAMPLE_TOOL, { serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000001', timestamp: new Date('2025-01-02T03:04:05Z') }) as CdxBom;
  assert.equal(bom.specVersion, '1.6');
  assert.equal(bom.serialNumber, 'urn:uuid:00000000-0000-4000-8000-000000000001');
  const image = bom.metadata.component;
  assert.equal(image.type, 'container');
  assert.equal(image.version, SAMPLE_IMAGE.manifestDigest);
  assert.equal(image.purl, `pkg:oci/api@sha256:${'a'.repeat(64)}?arch=amd64&repository_url=registry.bank.local%2Fpayments%2Fapi&tag=1.4.2`);
  assert.deepEqual(prop(image, 'rampart:image:config-digest'), [SAMPLE_IMAGE.configDigest]);
  assert.deepEqual(prop(image, 'rampart:image:reference'), [SAMPLE_IMAGE.reference]);
  assert.equal(bom.metadata.tools.components[0]?.name, 'rampart');
  // The image depends on every component, the OS included.
  const root = bom.dependencies?.find((d) => d.ref === image['bom-ref']);
  assert.equal(root?.dependsOn?.length, sampleInventory().packages.length + 1);
});

test('components carry purl, licences, layer, path and source package; the OS is an operating-system component', () => {
  const bom = cycloneDxDocument(SAMPLE_IMAGE, sampleInventory(), SAMPLE_TOOL) as CdxBom;
  const os = bom.components.find((c) => c.type === 'operating-system');
  assert.deepEqual([os?.name, os?.version], ['debian', '10']);
  const libjs = bom.components.find((c) => c.name === 'libjs-prototype');
  assert.equal(libjs?.purl, 'pkg:deb/debian/libjs-prototype@1.6.0-1?arch=all&distro=debian-10');
  assert.deepEqual(prop(libjs, 'rampart:package:layer'), [LAYER_1]);
  assert.deepEqual(prop(libjs, 'rampart:package:path'), ['/var/lib/dpkg/status']);
  assert.deepEqual(prop(libjs, 'rampart:package:source-name'), ['prototypejs']);
  assert.deepEqual(prop(libjs, 'rampart:package:source-version'), ['1.6.0-1']);
  assert.deepEqual(libjs?.licenses, [{ license: { id: 'MIT' } }]);
  const chromium = bom.components.find((c) => c.name === 'chromium');
  assert.deepEqual(chromium?.licenses, [{ license: { id: 'BSD-3-Clause' } }, { license: { id: 'LGPL-2.1-or-later' } }, { license: { name: 'Some vendor licence' } }]);
  const requests = bom.components.find((c) => c.name === 'requests');
  assert.deepEqual(requests?.licenses, [{ expression: 'Apache-2.0 OR MIT' }]);
  assert.deepEqual(prop(requests, 'rampart:package:owned-by'), ['python3-requests']);
});

test('each run gets its own serial number; an inventory without an image still makes a valid BOM', async () => {
  const a = cycloneDxDocument(undefined, { packages: [] }, SAMPLE_TOOL) as CdxBom;
  const b = cycloneDxDocument(undefined, { packages: [] }, SAMPLE_TOOL) as CdxBom;
  assert.notEqual(a.serialNumber, b.serialNumber);
  assert.match(a.serialNumber, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.equal(await new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(JSON.stringify(a)), null);
});
