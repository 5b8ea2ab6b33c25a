import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import jsyaml from 'js-yaml';
import { controlsOfCheck, frameworksDir, loadFrameworks } from '../../src/catalog/frameworks.js';
import { packageRoot } from '../../src/catalog/package-root.js';

const schema = JSON.parse(readFileSync(path.join(packageRoot(), 'schema', 'framework.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const files = readdirSync(frameworksDir()).filter((f) => f.endsWith('.yaml')).sort();
const raw = new Map(files.map((f) => [f, jsyaml.load(readFileSync(path.join(frameworksDir(), f), 'utf8'))]));

const CJK = /\p{Script=Han}/u;
/** Frameworks every check must reach at least one control of, so no finding is reported unmapped. */
const PRIMARY = ['cis-k8s-1.12', 'cis-docker-1.6', 'nsa-cisa-1.2', 'pss'];

interface RawText {
  en: string;
  zh: string;
}
interface RawFramework {
  id: string;
  name: RawText;
  notes?: RawText;
  controls: { id: string; section?: RawText; title: RawText; checks: string[] }[];
}

test('the framework folder holds the expected frameworks', () => {
  assert.deepEqual(files, [
    'cis-docker-1.6.yaml',
    'cis-k8s-1.12.yaml',
    'jrt-0167-2020.yaml',
    'mlps-2.0-l3.yaml',
    'nsa-cisa-1.2.yaml',
    'pci-dss-4.0.yaml',
    'pss.yaml',
  ]);
});

for (const [file, doc] of raw) {
  test(`${file} validates against schema/framework.schema.json`, () => {
    const ok = validate(doc);
    assert.ok(ok, `${file}: ${JSON.stringify(validate.errors, null, 2)}`);
  });

  test(`${file}: id matches the file name, control ids are unique, no check is listed twice`, () => {
    const fw = doc as RawFramework;
    assert.equal(`${fw.id}.yaml`, file);
    const ids = fw.controls.map((c) => c.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    assert.deepEqual(dupes, [], `duplicate control ids in ${file}`);
    for (const c of fw.controls) assert.equal(new Set(c.checks).size, c.checks.length, `${file} ${c.id}: duplicate check`);
  });

  test(`${file}: every text has English and Chinese, the Chinese in Han characters`, () => {
    const fw = doc as RawFramework;
    const texts: [string, RawText | undefined][] = [
      ['name', fw.name],
      ['notes', fw.notes],
      ...fw.controls.flatMap((c): [string, RawText | undefined][] => [
        [`${c.id} title`, c.title],
        [`${c.id} section`, c.section],
      ]),
    ];
    for (const [where, text] of texts) {
      if (text === undefined) continue;
      assert.ok(text.en.trim().length > 0, `${file} ${where}: empty en`);
      assert.ok(text.zh.trim().length > 0, `${file} ${where}: empty zh`);
      assert.match(text.zh, CJK, `${file} ${where}: zh has no Chinese characters`);
      // Notes may quote the Chinese original; names, sections and titles must be all English.
      if (where !== 'notes') assert.doesNotMatch(text.en, CJK, `${file} ${where}: en contains Chinese characters`);
    }
  });
}

test('the schema rejects malformed framework files', () => {
  const good = { id: 'x-1', name: { en: 'X', zh: '某' }, version: '1', publisher: 'P', textProvenance: 'verbatim', controls: [{ id: '1', title: { en: 'T', zh: '题' }, checks: ['pod.privileged'] }] };
  assert.ok(validate(good), JSON.stringify(validate.errors));
  const variants: unknown[] = [
    { ...good, textProvenance: 'memory' },
    { ...good, name: { en: 'X' } },
    { ...good, name: { en: 'X', zh: '  ' } },
    { ...good, controls: [{ id: 5, title: { en: 'T', zh: '题' }, checks: [] }] },
    { ...good, controls: [{ id: '1', title: { en: 'T', zh: '题' } }] },
    { ...good, controls: [{ id: '1', title: { en: 'T', zh: '题' }, checks: ['Pod.Privileged'] }] },
    { ...good, controls: [{ id: '1', title: { en: 'T', zh: '题' }, checks: ['pod.privileged', 'pod.privileged'] }] },
    { ...good, controls: [{ id: '1', title: { en: 'T', zh: '题' }, checks: [], indicator: 'CES1-17' }] },
    { ...good, controls: [{ id: '1', title: { en: 'T', zh: '题' }, checks: [], cheks: [] }] },
  ];
  for (const v of variants) assert.equal(validate(v), false, JSON.stringify(v));
});

test('loadFrameworks() loads every file and indexes controls by check', () => {
  const index = loadFrameworks();
  assert.deepEqual(
    index.frameworks.map((f) => f.id),
    files.map((f) => f.replace(/\.yaml$/, '')),
  );
  for (const fw of index.frameworks) {
    assert.ok(fw.controls.length > 0, fw.id);
    for (const c of fw.controls) {
      assert.equal(c.framework, fw.id);
      assert.equal(typeof c.id, 'string');
      assert.ok(Array.isArray(c.checks));
    }
  }
  assert.deepEqual(controlsOfCheck(index, 'pod.privileged').sort(), [
    'cis-k8s-1.12:5.2.2',
    'jrt-0167-2020:7',
    'mlps-2.0-l3:8.2.4.3 a',
    'nsa-cisa-1.2:pod-security.privileged',
    'pci-dss-4.0:2.2.3',
    'pss:privileged',
  ]);
  assert.equal(index.control('cis-k8s-1.12:5.6.4')?.checks[0], 'object.default-namespace');
  assert.deepEqual(index.control('cis-k8s-1.12:5.1.1')?.checks, ['rbac.cluster-admin']);
});

test('pss.yaml lists exactly the upstream pod-security-admission checks', () => {
  const pss = loadFrameworks().byId.get('pss');
  assert.ok(pss);
  const bySection = (s: string) => pss.controls.filter((c) => c.section?.en === s).map((c) => c.id);
  assert.deepEqual(bySection('Baseline'), [
    'privileged', 'hostNamespaces', 'windowsHostProcess', 'capabilities_baseline', 'hostPathVolumes', 'hostPorts',
    'hostProbesAndHostLifecycle', 'appArmorProfile', 'seLinuxOptions', 'procMount', 'seccompProfile_baseline', 'sysctls',
  ]);
  assert.deepEqual(bySection('Restricted'), [
    'restrictedVolumes', 'allowPrivilegeEscalation', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted',
    'capabilities_restricted', 'procMount_restricted',
  ]);
  assert.equal(pss.controls.length, 19);
});

test('every check a framework maps is reachable from CIS (Kubernetes or Docker), NSA/CISA or PSS', () => {
  const index = loadFrameworks();
  const primary = new Set(
    index.frameworks.filter((f) => PRIMARY.includes(f.id)).flatMap((f) => f.controls.flatMap((c) => c.checks)),
  );
  const all = new Set(index.frameworks.flatMap((f) => f.controls.flatMap((c) => c.checks)));
  assert.deepEqual([...all].filter((id) => !primary.has(id)).sort(), []);
});
