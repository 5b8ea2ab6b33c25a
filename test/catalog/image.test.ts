import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import jsyaml from 'js-yaml';
import { CHECKS, findCheck, loadFrameworks } from '../../src/catalog/index.js';
import { frameworksDir } from '../../src/catalog/frameworks.js';
import { packageRoot } from '../../src/catalog/package-root.js';
import { IMAGE_CHECK_IDS } from '../../src/analyzers/image/index.js';

const CJK = /\p{Script=Han}/u;

test('every image check the analyzers raise has an image catalogue entry, complete in English and Chinese', () => {
  assert.equal(new Set(IMAGE_CHECK_IDS).size, IMAGE_CHECK_IDS.length);
  for (const id of IMAGE_CHECK_IDS) {
    const check = findCheck(id);
    assert.ok(check, `${id}: no catalogue entry`);
    assert.equal(check.target, 'image', id);
    assert.match(check.id, /^image\.[a-z0-9-]+$/);
    for (const field of ['title', 'description', 'remediation'] as const) {
      assert.ok(check[field].en.trim().length > 0, `${id}.${field}.en empty`);
      assert.match(check[field].zh, CJK, `${id}.${field}.zh is not Chinese`);
      assert.doesNotMatch(check[field].en, CJK, `${id}.${field}.en contains Chinese`);
    }
    assert.ok(check.remediation.en.length >= 100, `${id}: remediation too short to act on`);
    assert.ok((check.references ?? []).every((r) => /^https:\/\/\S+$/.test(r)), id);
  }
  const ids = CHECKS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate check ids across the catalogue');
});

test('cis-docker-1.6.yaml lists all of section 4, validates against the schema and names only catalogued checks', () => {
  const file = path.join(frameworksDir(), 'cis-docker-1.6.yaml');
  const doc = jsyaml.load(readFileSync(file, 'utf8'));
  const schema = JSON.parse(readFileSync(path.join(packageRoot(), 'schema', 'framework.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  assert.ok(validate(doc), JSON.stringify(validate.errors));
  const fw = loadFrameworks().byId.get('cis-docker-1.6');
  assert.ok(fw);
  assert.deepEqual(fw.controls.filter((c) => c.id.startsWith('4.')).map((c) => c.id), Array.from({ length: 12 }, (_, i) => `4.${i + 1}`));
  for (const c of fw.controls) for (const id of c.checks) assert.ok(findCheck(id), `${c.id} names unknown check ${id}`);
  assert.deepEqual(fw.controls.find((c) => c.id === '4.10')?.checks, ['image.secret', 'image.secret-in-config']);
});

test('every image check maps to controls in CIS Docker or NSA/CISA, MLPS 2.0 and JR/T 0167', () => {
  const index = loadFrameworks();
  for (const id of IMAGE_CHECK_IDS) {
    const frameworks = new Set((index.controlsByCheck.get(id) ?? []).map((c) => c.framework));
    assert.ok(frameworks.has('nsa-cisa-1.2'), `${id}: not in NSA/CISA`);
    assert.ok(frameworks.has('mlps-2.0-l3'), `${id}: not in MLPS 2.0`);
    assert.ok(frameworks.has('jrt-0167-2020'), `${id}: not in JR/T 0167`);
  }
  const secretControls = (index.controlsByCheck.get('image.secret') ?? []).map((c) => `${c.framework}:${c.id}`).sort();
  assert.deepEqual(secretControls, [
    'cis-docker-1.6:4.10',
    'jrt-0167-2020:8',
    'jrt-0167-2020:9',
    'mlps-2.0-l3:8.1.4.8 b',
    'mlps-2.0-l3:8.2.4.4 c',
    'nsa-cisa-1.2:network.secrets',
    'nsa-cisa-1.2:pod-security.scan-images',
    'pci-dss-4.0:8.6.2',
  ]);
});
