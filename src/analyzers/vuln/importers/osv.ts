import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Advisory, AffectedPackage, AffectedRange, CvssScore, VulnEnrichment, VulnSourceInfo } from '../../../model/index.js';
import { cvssScore } from '../cvss.js';
import { archiveEntries, isArchive } from './archive.js';
import { isRecordObject, objectField, objectList, parseRecord, text, textList, type RecordObject } from './archive-records.js';
import type { Importer, ImportSink } from './importer.js';
import { osvEcosystemTarget } from './osv-ecosystems.js';

/**
 * OSV records (https://ossf.github.io/osv-schema/, schema 1.2–1.7) as JSON or YAML, single files or
 * members of `all.zip` / `.tar.gz` bulk archives.
 *
 * Identity: a language record keeps its OSV id (`GHSA-…`, `GO-…`, `PYSEC-…`, `RUSTSEC-…`) as the
 * advisory id and its `aliases` (usually one CVE) as aliases, even where the model would prefer the
 * CVE as primary id: the store merges records that share an id or alias, so the same flaw reported by
 * GHSA, PyPA and the Go team ends up as one vulnerability without this importer choosing a winner,
 * and the publisher's own id stays visible. Distribution errata (`ALSA-…`, `USN-…`) fix several
 * CVEs at once and name them in `related` / `upstream` / `database_specific.cves_map`, not in
 * `aliases`; they are emitted as one advisory per CVE with the erratum id in `affected[].advisory`, so
 * that findings, KEV/EPSS enrichment and other distributions' data meet on the CVE. An erratum that
 * names no CVE (USN-6663-1) is emitted under its own id.
 */

const ZERO_TIME = /^0001-01-01/;

/** Ubuntu priorities and Red Hat impacts, normalised to the project's severity words. */
const UBUNTU_PRIORITY: Record<string, string> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', negligible: 'info' };
const REDHAT_IMPACT: Record<string, string> = { Critical: 'critical', Important: 'high', Moderate: 'medium', Low: 'low' };
const SEVERITY_ORDER = ['info', 'low', 'medium', 'high', 'critical'];
/** GitHub's ratings (`database_specific.severity`), normalised. */
const GITHUB_SEVERITY: Record<string, string> = { LOW: 'low', MODERATE: 'medium', HIGH: 'high', CRITICAL: 'critical' };

/** Bug-fix and enhancement errata carry no vulnerability. */
const NON_SECURITY_ERRATA = /^(ALBA|ALEA|RLBA|RLEA|RHBA|RHEA)-/;

export interface OsvConversion {
  /** Records that are not security advisories (AlmaLinux bug-fix errata) convert to nothing. */
  advisories: Advisory[];
  enrichments: VulnEnrichment[];
  problems: string[];
  /** Affected entries left out because the model has no comparator for their ecosystem. */
  unsupportedEcosystems: string[];
  ecosystems: string[];
  modified?: string;
}

function timestamp(value: unknown): string | undefined {
  const t = text(value);
  return t === undefined || ZERO_TIME.test(t) ? undefined : t;
}

/** Who scored a vector in this record: the publisher, named after its id prefix. */
function scorer(id: string): string {
  const prefix = /^([A-Z]+)-/.exec(id)?.[1];
  switch (prefix) {
    case 'GHSA':
      return 'ghsa';
    case 'RUSTSEC':
      return 'rustsec';
    case 'PYSEC':
      return 'pypa';
    case 'GO':
      return 'go';
    case 'USN':
    case 'UBUNTU':
      return 'ubuntu';
    case 'ALSA':
      return 'almalinux';
    default:
      return prefix ? prefix.toLowerCase() : 'osv';
  }
}

function severityScores(entries: unknown, source: string, origin: string, problems: string[]): CvssScore[] {
  const scores: CvssScore[] = [];
  for (const entry of objectList(entries)) {
    const type = text(entry['type']);
    const vector = text(entry['score']);
    if (!vector || (type !== 'CVSS_V2' && type !== 'CVSS_V3' && type !== 'CVSS_V4')) continue;
    try {
      scores.push(cvssScore(source, vector));
    } catch (err) {
      problems.push(`${origin}: severity: ${(err as Error).message}`);
    }
  }
  return scores;
}

function uniqueScores(scores: CvssScore[]): CvssScore[] {
  const seen = new Set<string>();
  return scores.filter((s) => {
    const key = `${s.source} ${s.vector}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * OSV events → ranges. Events are read in order: each `introduced` opens a range, `fixed` or
 * `last_affected` closes it, so `introduced 0, fixed 1.2, introduced 2.0, fixed 2.3` gives two
 * ranges. `introduced: "0"` means "from the first version" and is left out. A `limit` only bounds
 * where GIT walkers search and is ignored.
 */
export function osvRanges(events: RecordObject[]): AffectedRange[] {
  const ranges: AffectedRange[] = [];
  let open: AffectedRange | undefined;
  for (const event of events) {
    const introduced = text(event['introduced']);
    const fixed = text(event['fixed']);
    const lastAffected = text(event['last_affected']);
    if (introduced !== undefined) {
      if (open) ranges.push(open);
      open = introduced === '0' ? {} : { introduced };
    } else if (fixed !== undefined || lastAffected !== undefined) {
      const range: AffectedRange = open ?? {};
      if (fixed !== undefined) range.fixed = fixed;
      else if (lastAffected !== undefined) range.lastAffected = lastAffected;
      ranges.push(range);
      open = undefined;
    }
  }
  if (open) ranges.push(open);
  return ranges;
}

/**
 * GHSA's `database_specific.last_known_affected_version_range` (`<= 1.33`) says which versions are
 * known to be affected when the first fixed release is further on (snakeyaml: affected <= 1.33,
 * fixed in 2.0). It becomes `lastAffected` on the last range while `fixed` stays for remediation:
 * a version matches a range only if it is below `fixed` and at or below `lastAffected`.
 * `< X` adds nothing a range with `fixed` does not already say, and is not used without one.
 */
function applyLastKnownAffected(ranges: AffectedRange[], expression: string | undefined): void {
  if (!expression) return;
  const match = /^<=\s*(\S+)$/.exec(expression);
  const last = ranges[ranges.length - 1];
  if (!match?.[1] || !last || last.lastAffected !== undefined) return;
  last.lastAffected = match[1];
}

function highestSeverity(values: (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const v of values) {
    if (v !== undefined && (best === undefined || SEVERITY_ORDER.indexOf(v) > SEVERITY_ORDER.indexOf(best))) best = v;
  }
  return best;
}

/** Ubuntu `database_specific.cves_map`: CVE id → Ubuntu priority (normalised) and CVSS vectors. */
interface UbuntuCve {
  id: string;
  priority?: string;
  severity: unknown;
}

function ubuntuCves(affected: RecordObject): UbuntuCve[] {
  const map = objectField(objectField(affected, 'database_specific'), 'cves_map');
  return objectList(map?.['cves']).flatMap((cve) => {
    const id = text(cve['id']);
    if (!id) return [];
    const priority = objectList(cve['severity']).find((s) => text(s['type']) === 'Ubuntu');
    const word = text(priority?.['score'])?.toLowerCase();
    return [{ id, priority: word ? UBUNTU_PRIORITY[word] : undefined, severity: cve['severity'] }];
  });
}

/**
 * GitHub's own rating of a GHSA record (`database_specific.severity`), read only from records GitHub
 * publishes (GHSA id or `github_reviewed` present): other publishers' `database_specific` is theirs.
 */
function githubSeverity(record: RecordObject, id: string): string | undefined {
  const specific = objectField(record, 'database_specific');
  if (!id.startsWith('GHSA-') && specific?.['github_reviewed'] === undefined) return undefined;
  const word = text(specific?.['severity'])?.toUpperCase();
  return word ? GITHUB_SEVERITY[word] : undefined;
}

interface ConvertedAffected {
  entry: AffectedPackage;
  /** For Ubuntu: the CVEs this package's fix covers, with their priorities in this release. */
  cves: UbuntuCve[];
}

function convertAffected(
  record: RecordObject,
  id: string,
  origin: string,
  out: OsvConversion,
): ConvertedAffected[] {
  const converted: ConvertedAffected[] = [];
  const impact = REDHAT_IMPACT[/^(\w+):/.exec(text(record['summary']) ?? '')?.[1] ?? ''];
  const github = githubSeverity(record, id);
  for (const affected of objectList(record['affected'])) {
    const pkg = objectField(affected, 'package');
    const ecosystem = text(pkg?.['ecosystem']);
    const name = text(pkg?.['name']);
    if (!ecosystem || !name) {
      out.problems.push(`${origin}: affected entry without package.ecosystem/package.name`);
      continue;
    }
    const target = osvEcosystemTarget(ecosystem);
    if (!target) {
      out.unsupportedEcosystems.push(ecosystem);
      continue;
    }
    const family = ecosystem.split(':')[0] ?? ecosystem;
    if (!out.ecosystems.includes(family)) out.ecosystems.push(family);
    const ranges: AffectedRange[] = [];
    let versionedRanges = 0;
    for (const range of objectList(affected['ranges'])) {
      const type = text(range['type']);
      if (type !== 'SEMVER' && type !== 'ECOSYSTEM') continue; // GIT ranges name commits, not versions
      versionedRanges++;
      ranges.push(...osvRanges(objectList(range['events'])));
    }
    applyLastKnownAffected(ranges, text(objectField(affected, 'database_specific')?.['last_known_affected_version_range']));
    const versions = textList(affected['versions']);
    // With only GIT ranges and no version list the record says nothing a version comparison can use;
    // keeping it with empty ranges would read as "every version".
    if (versionedRanges === 0 && versions.length === 0) continue;
    // Only a version list (PyPA's malicious-release records): each listed version becomes a range
    // of itself, since empty ranges would mean "every version".
    if (versionedRanges === 0) for (const v of versions) ranges.push({ introduced: v, lastAffected: v });
    const cves = ubuntuCves(affected);
    const entry: AffectedPackage = {
      namespace: target.namespace,
      package: name,
      scheme: target.scheme,
      status: ranges.some((r) => r.fixed !== undefined) ? 'fixed' : 'affected',
      ranges,
      source: `osv:${family}`,
    };
    if (versions.length) entry.versions = versions;
    const severity = highestSeverity(cves.map((c) => c.priority)) ?? (target.distro ? impact : github);
    if (severity) entry.severity = severity;
    if (target.distro && !/CVE-/.test(id)) entry.advisory = id;
    converted.push({ entry, cves });
  }
  return converted;
}

/** One-line titles per CVE from Red Hat-style errata text: `* glibc: stack overflow in … (CVE-2024-33599)`. */
function errataTitles(details: string | undefined): Map<string, string> {
  const titles = new Map<string, string>();
  if (!details) return titles;
  const joined = details.replace(/\n(?![*\n])/g, ' ');
  for (const line of joined.split('\n')) {
    const match = /^\*\s+(.+?)\s*\((CVE-\d{4}-\d+)\)\s*$/.exec(line);
    if (match?.[1] && match[2] && !titles.has(match[2])) titles.set(match[2], match[1]);
  }
  return titles;
}

/** Converts one parsed OSV record. `origin` names it in problems (file, or archive and member). */
export function convertOsvRecord(record: unknown, origin: string): OsvConversion {
  const out: OsvConversion = { advisories: [], enrichments: [], problems: [], unsupportedEcosystems: [], ecosystems: [] };
  if (!isRecordObject(record)) {
    out.problems.push(`${origin}: not an OSV record (expected an object)`);
    return out;
  }
  const id = text(record['id']);
  if (!id) {
    out.problems.push(`${origin}: OSV record without an id`);
    return out;
  }
  if (NON_SECURITY_ERRATA.test(id)) return out;
  if (!Array.isArray(record['affected'])) {
    out.problems.push(`${origin}: OSV record ${id} has no affected list`);
    return out;
  }
  const modified = timestamp(record['modified']);
  if (modified) out.modified = modified;
  const source = scorer(id);
  const aliases = textList(record['aliases']).filter((a) => a !== id);
  const references = objectList(record['references']).map((r) => text(r['url'])).filter((u): u is string => u !== undefined);
  const converted = convertAffected(record, id, origin, out);
  let cvss = severityScores(record['severity'], source, origin, out.problems);
  for (const affected of objectList(record['affected'])) cvss.push(...severityScores(affected['severity'], source, origin, out.problems));
  cvss = uniqueScores(cvss);

  const base: Advisory = { id, aliases, cvss, references, affected: converted.map((c) => c.entry), source: 'osv' };
  const summary = text(record['summary']);
  const details = text(record['details']);
  const published = timestamp(record['published']);
  const withdrawn = timestamp(record['withdrawn']);
  if (summary) base.summary = summary;
  if (details) base.details = details;
  if (published) base.published = published;
  if (modified) base.modified = modified;
  if (withdrawn) base.withdrawn = withdrawn;

  // Distribution errata fix several CVEs: one advisory per CVE (see the module comment).
  const distroOnly = converted.length > 0 && converted.every((c) => c.entry.advisory !== undefined);
  const erratumCves = distroOnly && !aliases.some((a) => a.startsWith('CVE-')) ? errataCveIds(record, converted) : [];
  if (erratumCves.length === 0) {
    out.advisories.push(base);
  } else {
    const titles = errataTitles(details);
    for (const cve of erratumCves) {
      const affected = converted
        .filter((c) => c.cves.length === 0 || c.cves.some((x) => x.id === cve))
        .map((c) => {
          const priority = c.cves.find((x) => x.id === cve)?.priority;
          return priority ? { ...c.entry, severity: priority } : c.entry;
        });
      const advisory: Advisory = { id: cve, aliases: [], cvss: [], references, affected, source: 'osv' };
      const title = titles.get(cve) ?? summary;
      if (title) advisory.summary = title;
      if (withdrawn) advisory.withdrawn = withdrawn;
      out.advisories.push(advisory);
    }
  }
  // Ubuntu scores each CVE it lists; the scores belong to the CVE, not to the notice.
  const enriched = new Map<string, CvssScore[]>();
  for (const c of converted) {
    for (const cve of c.cves) {
      const scores = severityScores(cve.severity, 'ubuntu', origin, out.problems);
      enriched.set(cve.id, uniqueScores([...(enriched.get(cve.id) ?? []), ...scores]));
    }
  }
  for (const [cveId, scores] of enriched) if (scores.length) out.enrichments.push({ id: cveId, cvss: scores });
  return out;
}

function errataCveIds(record: RecordObject, converted: ConvertedAffected[]): string[] {
  const ids = new Set<string>();
  for (const c of converted) for (const cve of c.cves) ids.add(cve.id);
  for (const related of textList(record['related'])) if (/^CVE-\d{4}-\d+$/.test(related)) ids.add(related);
  for (const upstream of textList(record['upstream'])) {
    const cve = /^(?:[A-Z]+-)?(CVE-\d{4}-\d+)$/.exec(upstream)?.[1];
    if (cve) ids.add(cve);
  }
  return [...ids];
}

const OSV_FOLDER = /(^|\/)(osv|osv-[^/]*)\//;
const GITHUB_ADVISORY_DB = /(^|\/)advisories\/(github-reviewed|unreviewed)\//;
const OSV_FILE_NAME = /(^|\/)(GHSA|PYSEC|GO|RUSTSEC|USN|ALSA|RLSA)-[^/]+\.(json|ya?ml)$/;
const RECORD_MEMBER = /\.(json|ya?ml)$/i;

/** Streams every OSV record in a file or archive into the sink; returns how many records were read. */
export async function importOsv(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
  let records = 0;
  let newest: string | undefined;
  const ecosystems = new Set<string>();
  const unsupported = new Map<string, number>();
  const accept = (content: Buffer, name: string, origin: string) => {
    let parsed: unknown;
    try {
      parsed = parseRecord(content.toString('utf8'), name);
    } catch (err) {
      sink.problem(`${origin}: ${(err as Error).message.replace(`${name}: `, '')}`);
      return;
    }
    const result = convertOsvRecord(parsed, origin);
    for (const problem of result.problems) sink.problem(problem);
    if (result.advisories.length === 0) return;
    records++;
    for (const advisory of result.advisories) sink.advisory(advisory);
    for (const enrichment of result.enrichments) sink.enrichment(enrichment);
    for (const e of result.ecosystems) ecosystems.add(e);
    for (const e of result.unsupportedEcosystems) unsupported.set(e, (unsupported.get(e) ?? 0) + 1);
    if (result.modified && (newest === undefined || result.modified > newest)) newest = result.modified;
  };
  if (isArchive(file)) {
    for await (const entry of archiveEntries(file)) {
      if (RECORD_MEMBER.test(entry.name)) accept(entry.data, entry.name, `${file}:${entry.name}`);
    }
  } else {
    accept(await readFile(file), path.basename(file), file);
  }
  if (unsupported.size) {
    const list = [...unsupported].map(([e, n]) => `${e} (${n})`).join(', ');
    sink.problem(`${file}: affected entries in ecosystems without a version comparator were left out: ${list}`);
  }
  const info: VulnSourceInfo = { name: `osv:${[...ecosystems].sort().join('+') || 'none'}`, records };
  if (newest) info.date = newest;
  return info;
}

export const osvImporter: Importer = {
  name: 'osv',
  matches(relativePath: string): boolean {
    if (!/\.(json|ya?ml|zip|tar\.gz|tgz)$/i.test(relativePath)) return false;
    return OSV_FOLDER.test(relativePath) || GITHUB_ADVISORY_DB.test(relativePath) || OSV_FILE_NAME.test(relativePath);
  },
  run: importOsv,
};
