import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import jsyaml from 'js-yaml';
import type { Advisory, AffectedPackage, AffectedRange, CvssScore, VersionScheme, VulnEnrichment } from '../../../src/model/index.js';
import { cvssScore } from '../../../src/analyzers/vuln/cvss.js';

/**
 * Reads the few real publisher records the matcher tests need straight from /work/shared/vulndata,
 * in their own formats (the importers are tested on their own; these tests must not depend on
 * them). Each reader turns exactly what the publisher says into Advisory records, nothing more.
 */

export const VULNDATA = '/work/shared/vulndata';

type Json = Record<string, unknown>;

export function readJson(relative: string): Json {
  return JSON.parse(readFileSync(`${VULNDATA}/${relative}`, 'utf8')) as Json;
}

/** One member of a zip archive, read with unzip(1). */
export function zipMember(relative: string, member: string): Json {
  return JSON.parse(execFileSync('unzip', ['-p', `${VULNDATA}/${relative}`, member], { encoding: 'utf8', maxBuffer: 16 << 20 })) as Json;
}

/** One member of a tar.gz archive, read with tar(1). */
export function tarMember(relative: string, member: string): string {
  return execFileSync('tar', ['-xzOf', `${VULNDATA}/${relative}`, member], { encoding: 'utf8', maxBuffer: 16 << 20 });
}

/** OSV events → ranges: every `introduced` opens a new interval (OSV schema, Evaluation). */
function osvRanges(events: Json[]): AffectedRange[] {
  const ranges: AffectedRange[] = [];
  let current: AffectedRange | undefined;
  for (const e of events) {
    if (typeof e.introduced === 'string') {
      current = e.introduced === '0' ? {} : { introduced: e.introduced };
      ranges.push(current);
    } else if (current && typeof e.fixed === 'string') current.fixed = e.fixed;
    else if (current && typeof e.last_affected === 'string') current.lastAffected = e.last_affected;
  }
  return ranges;
}

/** A whole OSV record for one namespace (language ecosystems, Go, PyPI). */
export function osvAdvisory(record: Json, target: { namespace: string; scheme: VersionScheme; source: string; cvssSource?: string }): Advisory {
  const affected: AffectedPackage[] = [];
  for (const a of record.affected as Json[]) {
    const pkg = a.package as Json;
    const ranges = ((a.ranges as Json[] | undefined) ?? []).filter((r) => r.type === 'SEMVER' || r.type === 'ECOSYSTEM').flatMap((r) => osvRanges(r.events as Json[]));
    const entry: AffectedPackage = {
      namespace: target.namespace,
      package: String(pkg.name),
      scheme: target.scheme,
      status: ranges.some((r) => r.fixed) ? 'fixed' : 'affected',
      ranges,
      source: target.source,
    };
    const versions = a.versions as string[] | undefined;
    if (versions?.length) entry.versions = versions;
    const ghsaSeverity = (record.database_specific as Json | undefined)?.severity;
    if (typeof ghsaSeverity === 'string') entry.severity = ghsaSeverity;
    affected.push(entry);
  }
  const cvss: CvssScore[] = ((record.severity as Json[] | undefined) ?? [])
    .filter((s) => typeof s.score === 'string' && String(s.type).startsWith('CVSS_V'))
    .map((s) => cvssScore(target.cvssSource ?? target.source, String(s.score)));
  const advisory: Advisory = { id: String(record.id), aliases: (record.aliases as string[] | undefined) ?? [], cvss, references: [], affected, source: target.source };
  if (typeof record.summary === 'string') advisory.summary = record.summary;
  if (typeof record.withdrawn === 'string') advisory.withdrawn = record.withdrawn;
  return advisory;
}

/** An AlmaLinux ALSA erratum: one advisory per CVE it fixes, carrying the ALSA id. */
export function almaAdvisories(record: Json, packageName: string): Advisory[] {
  const entries = (record.affected as Json[]).filter((a) => (a.package as Json).name === packageName && (a.package as Json).ecosystem === 'AlmaLinux:9');
  const ranges = entries.flatMap((a) => ((a.ranges as Json[] | undefined) ?? []).flatMap((r) => osvRanges(r.events as Json[])));
  return (record.related as string[]).map((cve) => ({
    id: cve,
    aliases: [],
    cvss: [],
    references: [],
    source: 'osv',
    affected: [{ namespace: 'almalinux:9', package: packageName, scheme: 'rpm', status: 'fixed', ranges, advisory: String(record.id), source: 'osv:AlmaLinux' }],
  }));
}

/** Alpine secdb: `secfixes` maps a fixed apk version to ids; `0` lists ids that never affected the branch. */
export function alpineAdvisories(branchFile: string, origin: string, namespace: string): Advisory[] {
  const doc = readJson(branchFile) as { packages: { pkg: { name: string; secfixes: Record<string, string[]> } }[] };
  const pkg = doc.packages.find((p) => p.pkg.name === origin)?.pkg;
  if (!pkg) throw new Error(`${branchFile}: no package ${origin}`);
  const out: Advisory[] = [];
  for (const [version, ids] of Object.entries(pkg.secfixes)) {
    for (const entry of ids) {
      const id = entry.split(' ')[0]!;
      const affected: AffectedPackage =
        version === '0'
          ? { namespace, package: origin, scheme: 'apk', status: 'not-affected', ranges: [], source: 'alpine-secdb' }
          : { namespace, package: origin, scheme: 'apk', status: 'fixed', ranges: [{ fixed: version }], source: 'alpine-secdb' };
      out.push({ id, aliases: [], cvss: [], references: [], affected: [affected], source: 'alpine-secdb' });
    }
  }
  return out;
}

const DEBIAN_RELEASES: Record<string, string> = { jessie: '8', stretch: '9', buster: '10', bullseye: '11', bookworm: '12', trixie: '13' };

/** Debian tracker JSON: per source package, per CVE, per release: status, fixed_version (`0` = never affected), urgency. */
export function debianTrackerAdvisories(sourcePackage: string): Advisory[] {
  const doc = readJson('debian/tracker-sample/debian.json') as Record<string, Record<string, { releases?: Record<string, { status: string; fixed_version?: string; urgency?: string }> }>>;
  const cves = doc[sourcePackage];
  if (!cves) throw new Error(`tracker sample: no package ${sourcePackage}`);
  const out: Advisory[] = [];
  for (const [id, cve] of Object.entries(cves)) {
    const affected: AffectedPackage[] = [];
    for (const [codename, r] of Object.entries(cve.releases ?? {})) {
      const major = DEBIAN_RELEASES[codename];
      if (!major) continue;
      const base = { namespace: `debian:${major}`, package: sourcePackage, scheme: 'dpkg' as const, source: 'debian-tracker', ranges: [] as AffectedRange[] };
      const severity = r.urgency && r.urgency !== 'not yet assigned' && r.urgency !== 'end-of-life' ? { severity: r.urgency } : {};
      if (r.status === 'resolved' && r.fixed_version === '0') affected.push({ ...base, status: 'not-affected' });
      else if (r.status === 'resolved' && r.fixed_version) affected.push({ ...base, ...severity, status: 'fixed', ranges: [{ fixed: r.fixed_version }] });
      else if (r.status === 'open') affected.push({ ...base, ...severity, status: r.urgency === 'end-of-life' ? 'end-of-life' : 'affected' });
    }
    out.push({ id, aliases: [], cvss: [], references: [], affected, source: 'debian-tracker' });
  }
  return out;
}

/** PyPA advisory (OSV as YAML). */
export function pypaAdvisory(member: string): Advisory {
  const record = jsyaml.load(tarMember('osv/pypi-pypa/vulns.tar.gz', member)) as Json;
  return osvAdvisory(record, { namespace: 'pypi', scheme: 'pep440', source: 'osv:PyPI' });
}

/** GHSA advisory from the subset (OSV JSON). */
export function ghsaAdvisory(path: string, namespace: string, scheme: VersionScheme): Advisory {
  return osvAdvisory(readJson(`osv/ghsa-subset/advisories/github-reviewed/${path}`), { namespace, scheme, source: 'ghsa', cvssSource: 'ghsa' });
}

/** CISA KEV entry as an enrichment. */
export function kevEnrichment(cve: string): VulnEnrichment {
  const doc = readJson('kev/known_exploited_vulnerabilities.json') as { vulnerabilities: { cveID: string; dateAdded: string; dueDate: string; knownRansomwareCampaignUse: string }[] };
  const v = doc.vulnerabilities.find((x) => x.cveID === cve);
  if (!v) throw new Error(`KEV: no ${cve}`);
  return { id: cve, kev: { dateAdded: v.dateAdded, dueDate: v.dueDate, ransomware: v.knownRansomwareCampaignUse === 'Known' } };
}

/** NVD CVE API 2.0 record's CVSS metrics (primary as `nvd`, secondary by their source). */
export function nvdEnrichment(cve: string): VulnEnrichment {
  const year = cve.split('-')[1];
  const num = cve.split('-')[2]!;
  const record = readJson(`cve/nvd-json-2.0/CVE-${year}/CVE-${year}-${num.slice(0, -2)}xx/${cve}.json`);
  const cvss: CvssScore[] = [];
  const metrics = (record.metrics ?? {}) as Record<string, Json[]>;
  for (const [key, list] of Object.entries(metrics)) {
    for (const m of list) {
      const data = m.cvssData as Json;
      const version = key === 'cvssMetricV31' ? '3.1' : key === 'cvssMetricV30' ? '3.0' : key === 'cvssMetricV40' ? '4.0' : '2.0';
      cvss.push({ source: m.type === 'Primary' ? 'nvd' : `nvd-secondary:${String(m.source)}`, version, vector: String(data.vectorString), score: Number(data.baseScore) });
    }
  }
  return { id: cve, cvss };
}
