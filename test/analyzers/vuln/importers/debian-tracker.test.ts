import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { debianTrackerImporter, topLevelMembers } from '../../../../src/analyzers/vuln/importers/debian-tracker.js';
import type { Advisory } from '../../../../src/model/index.js';

const SAMPLE = '/work/shared/vulndata/debian/tracker-sample/debian.json';

async function importFile(file: string): Promise<{ advisories: Advisory[]; problems: string[]; records: number }> {
  const advisories: Advisory[] = [];
  const problems: string[] = [];
  const info = await debianTrackerImporter.run(file, { advisory: (a) => advisories.push(a), enrichment: () => assert.fail('no enrichment expected'), problem: (p) => problems.push(p) });
  return { advisories, problems, records: info.records };
}

const record = (advisories: Advisory[], id: string, namespace: string) => {
  const found = advisories.find((a) => a.id === id)?.affected.find((p) => p.namespace === namespace);
  assert.ok(found, `${id} in ${namespace}`);
  return found;
};

test('debian tracker sample (real export excerpt): every status kind it holds maps to ours', async () => {
  const { advisories, problems, records } = await importFile(SAMPLE);
  assert.deepEqual(problems, []);
  // Six packages; chromium-browser's CVE has `"releases": []` and gives no record.
  assert.equal(records, 6);
  assert.deepEqual(advisories.map((a) => a.id).sort(), ['CVE-2005-3111', 'CVE-2007-2383', 'CVE-2008-7220', 'CVE-2013-1444', 'CVE-2022-0456', 'CVE-2025-53603']);

  // resolved with a version: fixed at it; `high**` (unreviewed) still rates high.
  const fixed = record(advisories, 'CVE-2008-7220', 'debian:9');
  assert.deepEqual({ ...fixed }, { namespace: 'debian:9', package: 'prototypejs', scheme: 'dpkg', status: 'fixed', ranges: [{ fixed: '1.6.0.2-1' }], severity: 'high', source: 'debian-tracker' });
  // resolved with fixed_version "0": never affected; urgency unimportant is kept as low.
  const never = record(advisories, 'CVE-2007-2383', 'debian:10');
  assert.equal(never.status, 'not-affected');
  assert.deepEqual(never.ranges, []);
  assert.equal(never.severity, 'low');
  // open with urgency end-of-life: end-of-life, no severity.
  const eol = record(advisories, 'CVE-2022-0456', 'debian:10');
  assert.equal(eol.status, 'end-of-life');
  assert.equal(eol.severity, undefined);
  assert.equal(record(advisories, 'CVE-2022-0456', 'debian:9').status, 'end-of-life');
  // "not yet assigned" is no rating.
  const bookworm = record(advisories, 'CVE-2022-0456', 'debian:12');
  assert.deepEqual(bookworm.ranges, [{ fixed: '98.0.4758.80-1' }]);
  assert.equal(bookworm.severity, undefined);
  // Codenames become namespaces by major; sid is unstable.
  assert.deepEqual(record(advisories, 'CVE-2025-53603', 'debian:11').ranges, [{ fixed: '5.0.1-2+deb11u1' }]);
  assert.deepEqual(record(advisories, 'CVE-2025-53603', 'debian:13').ranges, [{ fixed: '5.12.1-2' }]);
  assert.deepEqual(record(advisories, 'CVE-2025-53603', 'debian:unstable').ranges, [{ fixed: '5.12.1-2' }]);
  assert.equal(record(advisories, 'CVE-2013-1444', 'debian:8').severity, 'low');
  assert.equal(record(advisories, 'CVE-2005-3111', 'debian:8').severity, 'medium');
  // The package is the source package the export is keyed by; the description is kept.
  const sope = advisories.find((a) => a.id === 'CVE-2025-53603');
  assert.ok(sope?.affected.every((p) => p.package === 'sope'));
  assert.match(sope?.details ?? '', /NULL pointer dereference/);
});

test('debian tracker: no-dsa reasons, undetermined and unknown statuses (entries in the published format)', async () => {
  // The real excerpt has no nodsa or undetermined entries: these are the export's fields as it
  // publishes them, on a copy of the excerpt's sope entry.
  const sample = JSON.parse(await readFile(SAMPLE, 'utf8')) as Record<string, Record<string, { releases: Record<string, Record<string, unknown>> }>>;
  const entry = sample.sope?.['CVE-2025-53603'];
  assert.ok(entry);
  entry.releases = {
    bookworm: { status: 'open', repositories: { bookworm: '5.8.0-1' }, urgency: 'low', nodsa: 'Minor issue', nodsa_reason: 'ignored' },
    bullseye: { status: 'open', repositories: { bullseye: '5.0.1-2' }, urgency: 'low', nodsa: 'Minor issue', nodsa_reason: 'postponed' },
    trixie: { status: 'open', repositories: { trixie: '5.12.1-2' }, urgency: 'medium', nodsa: 'Minor issue', nodsa_reason: '' },
    sid: { status: 'undetermined', repositories: { sid: '5.12.1-2' }, urgency: 'not yet assigned' },
    buster: { status: 'bogus', urgency: 'low' },
    hamm2: { status: 'resolved', fixed_version: '1' },
  };
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-tracker-'));
  try {
    const file = path.join(dir, 'debian.json');
    await writeFile(file, JSON.stringify({ sope: { 'CVE-2025-53603': entry } }));
    const { advisories, problems } = await importFile(file);
    assert.equal(record(advisories, 'CVE-2025-53603', 'debian:12').status, 'will-not-fix');
    assert.equal(record(advisories, 'CVE-2025-53603', 'debian:11').status, 'fix-deferred');
    assert.equal(record(advisories, 'CVE-2025-53603', 'debian:13').status, 'affected');
    assert.equal(record(advisories, 'CVE-2025-53603', 'debian:unstable').status, 'under-investigation');
    assert.equal(advisories[0]?.affected.length, 4);
    assert.equal(problems.length, 2);
    assert.match(problems.join('\n'), /unknown status "bogus"/);
    assert.match(problems.join('\n'), /release "hamm2" is not a Debian codename/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('debian tracker: members are cut out of a gzip stream across chunk boundaries', async () => {
  const sample = JSON.parse(await readFile(SAMPLE, 'utf8')) as Record<string, unknown>;
  // Enough packages to span many 64 kB chunks, with strings holding braces, commas and escapes.
  const big: Record<string, unknown> = {};
  for (let i = 0; i < 400; i++) for (const [name, value] of Object.entries(sample)) big[`${name}-${i}`] = value;
  big['tricky"{,}\\'] = { 'CVE-2000-0001': { description: 'a } b { c , "d" \\ e', releases: { bookworm: { status: 'resolved', fixed_version: '1.0-1', urgency: 'low' } } } };
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-tracker-'));
  try {
    const file = path.join(dir, 'tracker.json.gz');
    await writeFile(file, gzipSync(JSON.stringify(big, null, 1)));
    const names: string[] = [];
    for await (const [name] of topLevelMembers(file)) names.push(name);
    assert.equal(names.length, Object.keys(big).length);
    assert.deepEqual(names, Object.keys(big));
    const { advisories } = await importFile(file);
    assert.equal(advisories.length, 400 * 6 + 1);
    const tricky = advisories.find((a) => a.id === 'CVE-2000-0001');
    assert.equal(tricky?.affected[0]?.package, 'tricky"{,}\\');
    assert.equal(tricky?.details, 'a } b { c , "d" \\ e');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('debian tracker: a file that is not a JSON object, or ends early, fails with one line naming it', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-tracker-'));
  try {
    const list = path.join(dir, 'list.json');
    await writeFile(list, '[1, 2]');
    await assert.rejects(importFile(list), (err: Error) => err.message.startsWith(list) && /not a JSON object/.test(err.message) && !err.message.includes('\n'));
    const cut = path.join(dir, 'cut.json');
    await writeFile(cut, (await readFile(SAMPLE, 'utf8')).slice(0, 3000));
    await assert.rejects(importFile(cut), /ends early/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('debian tracker: paths', () => {
  assert.ok(debianTrackerImporter.matches('debian/tracker-sample/debian.json'));
  assert.ok(debianTrackerImporter.matches('debian/tracker/data/json'));
  assert.ok(!debianTrackerImporter.matches('debian/oval-definitions-bookworm.xml.bz2'));
  assert.ok(!debianTrackerImporter.matches('osv/debian/DSA-5000-1.json'));
});
