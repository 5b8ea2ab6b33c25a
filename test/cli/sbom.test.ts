import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as CDX from '@cyclonedx/cyclonedx-library';
import Ajv2019Module from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';
import type { Finding, Report } from '../../src/model/index.js';
import { makeDemoImage } from '../helpers/demo-image.js';
import { rampart, type CliResult } from '../helpers/cli.js';
import { debianMinbaseTar, dpkgPackagesOf } from '../helpers/debian.js';
import { requireTool, tempDir, tool } from '../helpers/images.js';
import { reportValidator } from '../helpers/schema.js';
import { makeVulnDb } from '../helpers/vulndb.js';

/**
 * SBOMs out of `rampart image` (CycloneDX, SPDX) and back in through `rampart sbom`: the real CLI,
 * the demo image, a small signed database built with `rampart db build`, and a real Debian 12 root
 * made by mmdebstrap.
 */

// CommonJS modules: under NodeNext the default import is the module object; `.default` is the class/plugin.
const Ajv2019 = Ajv2019Module.default;
const addFormats = ajvFormats.default;

interface CdxComponent {
  type: string;
  name: string;
  version?: string;
  purl?: string;
  properties?: { name: string; value: string }[];
}
interface SpdxPackage {
  name: string;
  versionInfo?: string;
  externalRefs?: { referenceType: string; referenceLocator: string }[];
}

let work = '';
let dbDir = '';
let demoArchive = '';
let env: NodeJS.ProcessEnv = {};
let imageScan: Promise<CliResult & { report: Report; cdx: string }>;
let spdxScan: Promise<CliResult & { spdx: string }>;

const vulnFingerprints = (r: Report): string[] =>
  r.findings
    .filter((f) => f.checkId === 'image.vuln')
    .map((f) => f.fingerprint)
    .sort();

async function sbom(args: string[]): Promise<CliResult & { report?: Report }> {
  const out = path.join(work, `sbom-${Math.random().toString(36).slice(2)}.json`);
  const result = await rampart(['sbom', ...args, '--format', 'json', '--output', out], { env });
  const text = await readFile(out, 'utf8').catch(() => undefined);
  return { ...result, ...(text ? { report: JSON.parse(text) as Report } : {}) };
}

before(async () => {
  work = await tempDir('rampart-cli-sbom-');
  env = { HOME: work, DOCKER_CONFIG: work, RAMPART_DATA_DIR: path.join(work, 'data'), RAMPART_DB_DIR: path.join(work, 'no-db'), XDG_DATA_HOME: path.join(work, 'xdg') };
  demoArchive = path.join(work, 'payments-api.oci.tar');
  await makeDemoImage(demoArchive);
  dbDir = await makeVulnDb(work);
  const cdx = path.join(work, 'api.cdx.json');
  const json = path.join(work, 'image.json');
  // The SBOM is the main output; the findings go where --report says.
  imageScan = rampart(['image', '--input', demoArchive, '--db-dir', dbDir, '--no-store', '--no-progress', '--format', 'cyclonedx', '--output', cdx, '--report', `json=${json}`], { env }).then(async (r) => ({
    ...r,
    report: JSON.parse(await readFile(json, 'utf8')) as Report,
    cdx,
  }));
  // SPDX to standard output, then kept as a file for `rampart sbom`.
  spdxScan = rampart(['image', '--input', demoArchive, '--db-dir', dbDir, '--no-store', '--no-progress', '--scanners', 'vuln', '--format', 'spdx-json'], { env }).then(async (r) => {
    const spdx = path.join(work, 'api.spdx.json');
    await writeFile(spdx, r.stdout);
    return { ...r, spdx };
  });
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('SBOM out and in', { concurrency: true }, () => {
  test('image --format cyclonedx --output writes a valid CycloneDX 1.6 document with the packages', async () => {
    const r = await imageScan;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const text = await readFile(r.cdx, 'utf8');
    assert.equal(await new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(text), null);
    const bom = JSON.parse(text) as { components: CdxComponent[]; metadata: { component: CdxComponent } };
    assert.equal(bom.metadata.component.version, r.report.images?.[0]?.manifestDigest);
    const purls = bom.components.map((c) => c.purl).filter(Boolean);
    assert.ok(purls.includes('pkg:npm/minimist@1.2.5'), purls.join(' '));
    assert.ok(purls.some((p) => p?.startsWith('pkg:apk/alpine/busybox@1.36.1-r15')));
    assert.ok(purls.includes('pkg:pypi/requests@2.28.1'));
    // The findings report asked with --report is still written, and valid.
    const validate = reportValidator();
    assert.ok(validate(r.report), JSON.stringify(validate.errors?.slice(0, 3)));
  });

  test('image --format spdx-json on standard output is a valid SPDX 2.3 document', async () => {
    const r = await spdxScan;
    assert.equal(r.code, 0, r.stderr);
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('test/fixtures/spdx-2.3.schema.json', 'utf8')) as object);
    const doc = JSON.parse(r.stdout) as { spdxVersion: string; packages: SpdxPackage[] };
    assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
    assert.ok(doc.packages.some((p) => p.name === 'minimist' && p.versionInfo === '1.2.5'));
  });

  test('rampart sbom on the CycloneDX and on the SPDX document gives exactly the image scan\'s image.vuln fingerprints', async () => {
    const [image, spdx] = await Promise.all([imageScan, spdxScan]);
    const expected = vulnFingerprints(image.report);
    assert.ok(expected.length > 40);
    const [fromCdx, fromSpdx, both] = await Promise.all([
      sbom([image.cdx, '--db-dir', dbDir]),
      sbom([spdx.spdx, '--db-dir', dbDir]),
      sbom([image.cdx, spdx.spdx, '--db-dir', dbDir]),
    ]);
    for (const r of [fromCdx, fromSpdx, both]) assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(vulnFingerprints(fromCdx.report!), expected);
    assert.deepEqual(vulnFingerprints(fromSpdx.report!), expected);
    // Both documents describe one image: one image and one set of findings in the report.
    assert.deepEqual(vulnFingerprints(both.report!), expected);
    assert.equal(both.report!.images?.length, 1);
    const validate = reportValidator();
    assert.ok(validate(both.report), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(both.report!.images[0]?.ref, image.report.images?.[0]?.ref);
    const bySubject = (list: Finding[]) => new Map(list.map((f) => [f.subject, f.severity]));
    assert.deepEqual(bySubject(fromCdx.report!.findings), bySubject(image.report.findings.filter((f) => f.checkId === 'image.vuln')));
  });

  test('rampart sbom with one unreadable document and one good one: exit 2, the bad one named in one line, the good one still reported', async () => {
    const image = await imageScan;
    const bad = path.join(work, 'broken.cdx.json');
    await writeFile(bad, '{"bomFormat": "CycloneDX", "specVersion": ');
    const r = await sbom([bad, image.cdx, '--db-dir', dbDir]);
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l.includes('broken.cdx.json'));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^rampart: .*broken\.cdx\.json: /);
    assert.deepEqual(r.report!.inputErrors.map((e) => e.source), [bad]);
    assert.deepEqual(vulnFingerprints(r.report!), vulnFingerprints(image.report));
  });

  test('rampart sbom without a database: exit 2, image.vuln not evaluated, and how to get one', async () => {
    const image = await imageScan;
    const r = await sbom([image.cdx, '--db-dir', path.join(work, 'empty-db')]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.report!.findings.length, 1);
    assert.equal(r.report!.findings[0]?.status, 'not-evaluated');
    assert.match(r.stderr, /no vulnerability database .*rampart db import/);
  });

  test('a real Debian 12 minbase image (mmdebstrap): the SBOM lists exactly dpkg-query\'s packages, libc6 from glibc, OS Debian 12', async () => {
    const rootTar = await debianMinbaseTar();
    const expected = await dpkgPackagesOf(rootTar, path.join(work, 'debian-root'));
    assert.ok(expected.has('libc6') && expected.size > 50, `dpkg-query listed ${expected.size} packages`);
    await requireTool('skopeo');
    const layout = path.join(work, 'debian-oci');
    // skopeo's tarball: transport makes a one-layer image of a root filesystem tar; level 1 keeps it quick.
    await tool('skopeo', ['copy', '-q', '--dest-compress-level', '1', `tarball:${rootTar}`, `oci:${layout}:bookworm`]);
    const cdx = path.join(work, 'debian.cdx.json');
    const json = path.join(work, 'debian.json');
    const r = await rampart(['image', '--input', layout, '--scanners', 'config', '--no-store', '--no-progress', '--format', 'cyclonedx', '--output', cdx, '--report', `json=${json}`], { env });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(await readFile(json, 'utf8')) as Report;
    assert.equal(report.images?.[0]?.os, 'Debian GNU/Linux 12 (bookworm)');
    assert.equal(report.images?.[0]?.packages, expected.size);
    assert.ok(!report.findings.some((f) => f.checkId === 'image.vuln'));
    const bom = JSON.parse(await readFile(cdx, 'utf8')) as { components: CdxComponent[] };
    const debs = bom.components.filter((c) => c.purl?.startsWith('pkg:deb/'));
    assert.deepEqual(new Map(debs.map((c) => [c.name, c.version])), new Map([...expected].map(([name, p]) => [name, p.version])));
    const libc6 = debs.find((c) => c.name === 'libc6');
    assert.match(libc6?.purl ?? '', /^pkg:deb\/debian\/libc6@.*distro=debian-12/);
    assert.deepEqual(libc6?.properties?.filter((p) => p.name === 'rampart:package:source-name').map((p) => p.value), ['glibc']);
    assert.equal(expected.get('libc6')?.source, 'glibc');
    const os = bom.components.find((c) => c.type === 'operating-system');
    assert.deepEqual([os?.name, os?.version], ['debian', '12']);
  });
});
