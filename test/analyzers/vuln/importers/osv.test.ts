import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseRecord } from '../../../../src/analyzers/vuln/importers/archive-records.js';
import { convertOsvRecord, importOsv, osvImporter, osvRanges } from '../../../../src/analyzers/vuln/importers/osv.js';
import { osvEcosystemTarget } from '../../../../src/analyzers/vuln/importers/osv-ecosystems.js';
import { IMPORTERS } from '../../../../src/analyzers/vuln/importers/index.js';
import { archiveMembers, CollectingSink, VULNDATA } from './osv-test-sink.js';
import type { Package } from '../../../../src/model/index.js';
import { imageAsset } from '../../../../src/model/index.js';
import { MemoryVulnLookup } from '../../../../src/analyzers/vuln/memory-lookup.js';
import { matchVulnerabilities } from '../../../../src/analyzers/vuln/matcher.js';
import { vulnFindings } from '../../../../src/analyzers/vuln/findings.js';

const GHSA = `${VULNDATA}/osv/ghsa-subset/advisories/github-reviewed`;
const USN = `${VULNDATA}/ubuntu/osv-usn-subset/osv/usn`;

async function importOne(file: string): Promise<CollectingSink> {
  const sink = new CollectingSink();
  await importOsv(file, sink);
  assert.deepEqual(sink.problems, []);
  return sink;
}

test('GHSA-xvch-5gv4-984h (minimist): two introduced/fixed pairs become two fixed ranges', async () => {
  const sink = await importOne(`${GHSA}/2022/03/GHSA-xvch-5gv4-984h/GHSA-xvch-5gv4-984h.json`);
  const advisory = sink.byId('GHSA-xvch-5gv4-984h');
  assert.deepEqual(advisory.aliases, ['CVE-2021-44906']);
  assert.equal(advisory.affected.length, 2);
  assert.deepEqual(
    advisory.affected.map((a) => [a.namespace, a.package, a.scheme, a.status, a.ranges]),
    [
      ['npm', 'minimist', 'npm', 'fixed', [{ introduced: '1.0.0', fixed: '1.2.6' }]],
      ['npm', 'minimist', 'npm', 'fixed', [{ fixed: '0.2.4' }]],
    ],
  );
  assert.deepEqual(advisory.cvss, [{ source: 'ghsa', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }]);
  assert.equal(advisory.published, '2022-03-18T00:01:09Z');
});

test('GHSA-p8p7-x288-28g6 (request): last_affected without a fix is an affected range ending inclusively', async () => {
  const advisory = (await importOne(`${GHSA}/2023/03/GHSA-p8p7-x288-28g6/GHSA-p8p7-x288-28g6.json`)).byId('GHSA-p8p7-x288-28g6');
  assert.deepEqual(
    advisory.affected.map((a) => [a.package, a.status, a.ranges]),
    [
      ['request', 'affected', [{ lastAffected: '2.88.2' }]],
      ['@cypress/request', 'affected', [{ lastAffected: '2.88.11' }]],
    ],
  );
});

test('GHSA-mjmj-j48q-9wg2 (snakeyaml): last_known_affected_version_range "<= 1.33" bounds the range, fix 2.0 kept', async () => {
  const advisory = (await importOne(`${GHSA}/2022/12/GHSA-mjmj-j48q-9wg2/GHSA-mjmj-j48q-9wg2.json`)).byId('GHSA-mjmj-j48q-9wg2');
  const [snakeyaml] = advisory.affected;
  assert.equal(snakeyaml?.namespace, 'maven');
  assert.equal(snakeyaml?.package, 'org.yaml:snakeyaml');
  assert.equal(snakeyaml?.scheme, 'maven');
  assert.equal(snakeyaml?.status, 'fixed');
  assert.deepEqual(snakeyaml?.ranges, [{ fixed: '2.0', lastAffected: '1.33' }]);
  assert.equal(advisory.cvss[0]?.score, 8.3);
});

test('GHSA-vmwr-mc7x-5vc3 (rexml): CVSS_V3 scored, CVSS_V4 kept with score 0', async () => {
  const advisory = (await importOne(`${GHSA}/2024/08/GHSA-vmwr-mc7x-5vc3/GHSA-vmwr-mc7x-5vc3.json`)).byId('GHSA-vmwr-mc7x-5vc3');
  assert.deepEqual(
    advisory.cvss.map((c) => [c.version, c.score]),
    [
      ['3.1', 5.9],
      ['4.0', 0],
    ],
  );
  assert.deepEqual(advisory.affected.map((a) => [a.namespace, a.scheme, a.package]), [['gem', 'gem', 'rexml']]);
});

test('GHSA-59j7-ghrg-fj52 (NuGet): two packages, pre-release bound kept verbatim, empty aliases', async () => {
  const advisory = (await importOne(`${GHSA}/2024/01/GHSA-59j7-ghrg-fj52/GHSA-59j7-ghrg-fj52.json`)).byId('GHSA-59j7-ghrg-fj52');
  assert.ok(advisory.aliases.every((a) => a.startsWith('CVE-')));
  assert.equal(new Set(advisory.affected.map((a) => a.package)).size, 2);
  assert.ok(advisory.affected.every((a) => a.namespace === 'nuget' && a.scheme === 'nuget'));
  assert.ok(advisory.affected.some((a) => a.ranges.some((r) => r.introduced === '7.0.0-preview')));
});

test('every GHSA subset record imports with its ecosystem mapped', async () => {
  const files = [
    '2023/05/GHSA-j8r2-6x86-q33q/GHSA-j8r2-6x86-q33q.json',
    '2023/10/GHSA-m425-mq94-257g/GHSA-m425-mq94-257g.json',
    '2022/06/GHSA-q559-8m2m-g699/GHSA-q559-8m2m-g699.json',
    '2024/01/GHSA-8r5v-vm4m-4g25/GHSA-8r5v-vm4m-4g25.json',
    '2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json',
  ];
  const namespaces = [];
  for (const file of files) {
    const [advisory] = (await importOne(`${GHSA}/${file}`)).advisories;
    namespaces.push(advisory?.affected[0]?.namespace);
    if (file.includes('8r5v')) assert.deepEqual(advisory?.cvss, []); // h2: empty severity
    if (file.includes('jfh8')) assert.equal(advisory?.cvss[0]?.score, 10);
  }
  assert.deepEqual(namespaces, ['pypi', 'golang', 'composer', 'cargo', 'maven']);
});

test('Go: stdlib keeps its package name, several ranges, zero timestamps are absent', async () => {
  const zip = `${VULNDATA}/osv/go/all.zip`;
  const members = await archiveMembers(zip, ['GO-2024-2887.json']);
  const result = convertOsvRecord(parseRecord(members.get('GO-2024-2887.json') ?? '', 'GO-2024-2887.json'), `${zip}:GO-2024-2887.json`);
  assert.deepEqual(result.problems, []);
  const [advisory] = result.advisories;
  assert.equal(advisory?.id, 'GO-2024-2887');
  assert.deepEqual(advisory?.aliases, ['CVE-2024-24790']);
  assert.equal(advisory?.published, undefined);
  assert.equal(advisory?.modified, undefined);
  assert.deepEqual(advisory?.affected, [
    {
      namespace: 'golang',
      package: 'stdlib',
      scheme: 'go',
      status: 'fixed',
      ranges: [{ fixed: '1.21.11' }, { introduced: '1.22.0-0', fixed: '1.22.4' }],
      source: 'osv:Go',
    },
  ]);
});

test('RustSec: a withdrawn record is stored with its withdrawal date', async () => {
  const zip = `${VULNDATA}/osv/crates.io/all.zip`;
  const members = await archiveMembers(zip, ['RUSTSEC-2019-0031.json', 'RUSTSEC-2016-0001.json']);
  const withdrawn = convertOsvRecord(parseRecord(members.get('RUSTSEC-2019-0031.json') ?? '', 'x.json'), 'RUSTSEC-2019-0031').advisories[0];
  assert.equal(withdrawn?.withdrawn, '2020-10-08T12:00:00Z');
  assert.equal(withdrawn?.affected[0]?.namespace, 'cargo');
  assert.equal(withdrawn?.affected[0]?.scheme, 'semver');
  const scored = convertOsvRecord(parseRecord(members.get('RUSTSEC-2016-0001.json') ?? '', 'x.json'), 'RUSTSEC-2016-0001').advisories[0];
  assert.deepEqual(scored?.cvss, [{ source: 'rustsec', version: '3.0', vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 8.1 }]);
  assert.deepEqual(scored?.affected[0]?.ranges, [{ introduced: '0.0.0-0', fixed: '0.9.0' }]);
});

test('PyPA YAML: versions stay strings ("0.10" is not 0.1), GIT ranges are ignored, version lists kept', async () => {
  const tgz = `${VULNDATA}/osv/pypi-pypa/vulns.tar.gz`;
  const names = ['vulns/keyring/PYSEC-2019-181.yaml', 'vulns/aiohttp/PYSEC-2021-76.yaml', 'vulns/gratient/PYSEC-2024-1.yaml', 'vulns/blazar-dashboard/PYSEC-2020-225.yaml'];
  const members = await archiveMembers(tgz, names);
  const convert = (name: string) => {
    const result = convertOsvRecord(parseRecord(members.get(name) ?? '', name), name);
    assert.deepEqual(result.problems, []);
    return result.advisories[0];
  };
  const keyring = convert(names[0] as string);
  assert.deepEqual(keyring?.affected[0]?.ranges, [{ fixed: '0.10' }]);
  assert.equal(keyring?.affected[0]?.namespace, 'pypi');
  assert.equal(keyring?.affected[0]?.scheme, 'pep440');
  const aiohttp = convert(names[1] as string);
  assert.deepEqual(aiohttp?.aliases, ['CVE-2021-21330', 'GHSA-v6wp-4m6f-gcjg']);
  assert.deepEqual(aiohttp?.affected[0]?.ranges, [{ fixed: '3.7.4' }]); // the GIT range (a commit) is not a version
  assert.equal(aiohttp?.affected[0]?.versions?.[0], '0.1');
  assert.ok(aiohttp?.affected[0]?.versions?.includes('3.7.3'));
  // A malicious release listed only by version: a range of exactly that version, not "every version".
  const gratient = convert(names[2] as string);
  assert.deepEqual(gratient?.affected[0]?.ranges, [{ introduced: '0.5', lastAffected: '0.5' }]);
  assert.equal(gratient?.affected[0]?.status, 'affected');
  const blazar = convert(names[3] as string);
  assert.deepEqual(blazar?.affected[0]?.ranges, [{ fixed: '1.3.1' }, { introduced: '2.0.0', fixed: '2.0.1' }, { introduced: '3.0.0', fixed: '3.0.1' }]);
});

test('AlmaLinux: one advisory per CVE the erratum fixes, binary RPMs, epoch-bearing EVR, impact as severity', async () => {
  const zip = `${VULNDATA}/osv/almalinux9/all.zip`;
  const members = await archiveMembers(zip, ['ALSA-2022:5099.json']);
  const result = convertOsvRecord(parseRecord(members.get('ALSA-2022:5099.json') ?? '', 'ALSA-2022:5099.json'), 'ALSA-2022:5099');
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    result.advisories.map((a) => a.id),
    ['CVE-2022-28733', 'CVE-2021-3695', 'CVE-2021-3696', 'CVE-2021-3697', 'CVE-2022-28734', 'CVE-2022-28735', 'CVE-2022-28736', 'CVE-2022-28737'],
  );
  const cve = result.advisories[0];
  assert.equal(cve?.affected.length, 18);
  const grub = cve?.affected.find((a) => a.package === 'grub2-common');
  assert.deepEqual(grub, {
    namespace: 'almalinux:9',
    package: 'grub2-common',
    scheme: 'rpm',
    status: 'fixed',
    ranges: [{ fixed: '1:2.06-27.el9_0.7.alma' }],
    severity: 'high',
    advisory: 'ALSA-2022:5099',
    source: 'osv:AlmaLinux',
  });
  assert.ok(cve?.references.includes('https://access.redhat.com/errata/RHSA-2022:5099'));
});

test('USN-6694-1: Ubuntu priority per CVE and release, source package, CVE scores as enrichment', async () => {
  const sink = await importOne(`${USN}/USN-6694-1.json`);
  assert.deepEqual(sink.advisories.map((a) => a.id), ['CVE-2023-52425', 'CVE-2024-28757']);
  const [expat] = sink.byId('CVE-2024-28757').affected;
  assert.equal(expat?.namespace, 'ubuntu:22.04');
  assert.equal(expat?.package, 'expat');
  assert.equal(expat?.scheme, 'dpkg');
  assert.equal(expat?.severity, 'medium');
  assert.equal(expat?.advisory, 'USN-6694-1');
  assert.deepEqual(expat?.ranges, [{ fixed: '2.4.7-1ubuntu0.3' }]);
  assert.deepEqual(sink.enrichments.find((e) => e.id === 'CVE-2023-52425')?.cvss, [
    { source: 'ubuntu', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 7.5 },
  ]);
});

test('USN-6663-1: a notice naming no CVE keeps its id; Ubuntu Pro 18.04 maps to ubuntu:18.04', async () => {
  const sink = await importOne(`${USN}/USN-6663-1.json`);
  const advisory = sink.byId('USN-6663-1');
  assert.deepEqual(
    advisory.affected.map((a) => [a.namespace, a.package, a.ranges[0]?.fixed, a.advisory]),
    [
      ['ubuntu:18.04', 'openssl', '1.1.1-1ubuntu2.1~18.04.23+esm5', 'USN-6663-1'],
      ['ubuntu:20.04', 'openssl', '1.1.1f-1ubuntu2.22', 'USN-6663-1'],
      ['ubuntu:22.04', 'openssl', '3.0.2-0ubuntu1.15', 'USN-6663-1'],
    ],
  );
  assert.equal(advisory.affected[0]?.severity, undefined); // the notice gives no priority
});

test('OSV ecosystems map to namespaces and schemes', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['npm', 'npm', 'npm'],
    ['PyPI', 'pypi', 'pep440'],
    ['Maven', 'maven', 'maven'],
    ['Go', 'golang', 'go'],
    ['crates.io', 'cargo', 'semver'],
    ['RubyGems', 'gem', 'gem'],
    ['Packagist', 'composer', 'composer'],
    ['NuGet', 'nuget', 'nuget'],
    ['AlmaLinux:9', 'almalinux:9', 'rpm'],
    ['Ubuntu:22.04:LTS', 'ubuntu:22.04', 'dpkg'],
    ['Ubuntu:Pro:18.04:LTS', 'ubuntu:18.04', 'dpkg'],
    ['Ubuntu:24.10', 'ubuntu:24.10', 'dpkg'],
    ['Debian:12', 'debian:12', 'dpkg'],
    ['Alpine:v3.19', 'alpine:3.19', 'apk'],
    ['Ubuntu:Pro:FIPS:22.04:LTS', undefined, undefined],
    ['Hex', undefined, undefined],
  ];
  for (const [ecosystem, namespace, scheme] of cases) {
    const target = osvEcosystemTarget(ecosystem);
    assert.deepEqual([target?.namespace, target?.scheme], [namespace, scheme], ecosystem);
  }
});

test('OSV events: ranges close on fixed or last_affected, an open introduced stays open', () => {
  assert.deepEqual(osvRanges([{ introduced: '1.0' }, { fixed: '1.1' }, { introduced: '2.0' }]), [{ introduced: '1.0', fixed: '1.1' }, { introduced: '2.0' }]);
  assert.deepEqual(osvRanges([{ introduced: '0' }, { last_affected: '3' }]), [{ lastAffected: '3' }]);
  assert.deepEqual(osvRanges([{ introduced: '0' }, { fixed: '1' }, { limit: '5' }]), [{ fixed: '1' }]);
});

test('bad records are reported naming the member and the rest of the file carries on', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-osv-'));
  const broken = path.join(dir, 'GHSA-bad.json');
  await writeFile(broken, '{"id": "GHSA-bad", "affected": [');
  const sink = new CollectingSink();
  const info = await importOsv(broken, sink);
  assert.equal(info.records, 0);
  assert.match(sink.problems[0] ?? '', /GHSA-bad\.json: not valid JSON/);
  assert.equal(sink.problems.length, 1);
  const unknown = convertOsvRecord({ id: 'X-1', affected: [{ package: { ecosystem: 'Hex', name: 'plug' }, ranges: [] }] }, 'X-1');
  assert.deepEqual(unknown.unsupportedEcosystems, ['Hex']);
  assert.deepEqual(convertOsvRecord({ summary: 'no id' }, 'f.json').problems, ['f.json: OSV record without an id']);
});

test('the OSV importer is registered and claims OSV paths only', () => {
  assert.ok(IMPORTERS.includes(osvImporter));
  for (const p of ['osv/go/all.zip', 'osv/pypi-pypa/vulns.tar.gz', 'osv/ghsa-subset/advisories/github-reviewed/2022/03/GHSA-xvch-5gv4-984h/GHSA-xvch-5gv4-984h.json', 'ubuntu/osv-usn-subset/osv/usn/USN-6663-1.json']) {
    assert.ok(osvImporter.matches(p), p);
  }
  for (const p of ['osv/go/MANIFEST.tsv', 'osv/go/LICENSE', 'cve/nvd-json-2.0/CVE-2023/CVE-2023-458xx/CVE-2023-45853.json', 'kev/known_exploited_vulnerabilities.json', 'alpine-secdb/v3.19/main.json', 'redhat/csaf-vex-subset/2023/cve-2023-45853.json']) {
    assert.ok(!osvImporter.matches(p), p);
  }
});

test('GHSA: database_specific.severity is the package severity, normalised (CRITICAL, HIGH, MODERATE → medium)', async () => {
  const severities = async (file: string) => (await importOne(`${GHSA}/${file}`)).advisories.flatMap((a) => a.affected.map((p) => p.severity));
  assert.deepEqual(await severities('2022/03/GHSA-xvch-5gv4-984h/GHSA-xvch-5gv4-984h.json'), ['critical', 'critical']);
  assert.deepEqual(await severities('2023/10/GHSA-m425-mq94-257g/GHSA-m425-mq94-257g.json'), ['high', 'high', 'high']);
  assert.deepEqual(await severities('2024/01/GHSA-8r5v-vm4m-4g25/GHSA-8r5v-vm4m-4g25.json'), ['medium', 'medium']);
});

test('GHSA severity is read only from GitHub records: not from another publisher\'s database_specific, not when null', async () => {
  const record = JSON.parse(await readFile(`${GHSA}/2022/03/GHSA-xvch-5gv4-984h/GHSA-xvch-5gv4-984h.json`, 'utf8')) as { id: string; database_specific: Record<string, unknown> };
  // Same record under another publisher's id and without GitHub's review flag: the word is not GitHub's rating.
  const other = { ...record, id: 'PYSEC-0000-0', database_specific: { severity: 'CRITICAL' } };
  assert.deepEqual(convertOsvRecord(other, 'other').advisories[0]?.affected.map((p) => p.severity), [undefined, undefined]);
  // A GitHub record mirrored under another id still carries github_reviewed.
  const mirrored = { ...record, id: 'MIRROR-1' };
  assert.deepEqual(convertOsvRecord(mirrored, 'mirror').advisories[0]?.affected.map((p) => p.severity), ['critical', 'critical']);
  // Unreviewed GHSA records may carry a null severity.
  const unrated = { ...record, database_specific: { ...record.database_specific, severity: null } };
  assert.deepEqual(convertOsvRecord(unrated, 'unrated').advisories[0]?.affected.map((p) => p.severity), [undefined, undefined]);
});

test('GHSA severity reaches the finding: minimist critical, h2 (no CVSS at all) medium from GitHub instead of "unrated"', async () => {
  const sink = new CollectingSink();
  await importOsv(`${GHSA}/2022/03/GHSA-xvch-5gv4-984h/GHSA-xvch-5gv4-984h.json`, sink);
  await importOsv(`${GHSA}/2024/01/GHSA-8r5v-vm4m-4g25/GHSA-8r5v-vm4m-4g25.json`, sink);
  assert.deepEqual(sink.problems, []);
  const lookup = new MemoryVulnLookup(sink.advisories, sink.enrichments);
  const lang = (type: string, name: string, version: string): Package => ({ name, version, type: type as Package['type'], purl: `pkg:${type}/${name}@${version}`, licenses: [], path: `/app/${name}` });
  const { matches } = matchVulnerabilities({ packages: [lang('npm', 'minimist', '1.2.5'), lang('cargo', 'h2', '0.3.23'), lang('npm', 'minimist', '1.2.6')] }, lookup);
  assert.deepEqual(
    matches.map((m) => [m.package.name, m.vulnId, m.record.severity]),
    [
      ['minimist', 'GHSA-xvch-5gv4-984h', 'critical'],
      ['h2', 'GHSA-8r5v-vm4m-4g25', 'medium'],
    ],
  );
  const findings = vulnFindings(matches, imageAsset({ reference: 'app', configDigest: 'sha256:' + 'd'.repeat(64) }));
  const minimist = findings.find((f) => f.vulnerability?.id === 'GHSA-xvch-5gv4-984h');
  const h2 = findings.find((f) => f.vulnerability?.id === 'GHSA-8r5v-vm4m-4g25');
  assert.equal(minimist?.severity, 'critical');
  assert.equal(h2?.severity, 'medium');
  // Without GitHub's rating h2 has nothing to go on (no CVSS, no alias): "unrated".
  assert.equal(h2?.vulnerability?.cvss, undefined);
  assert.notEqual(h2?.vulnerability?.severitySource, 'unrated');
});
