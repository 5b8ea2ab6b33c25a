import type { Localized, Package, PackageInventory, VulnStatus } from '../../model/index.js';
import { languageNamespace } from '../../model/index.js';
import type { AffectedRecord, VulnLookup, VulnRecord } from './lookup.js';
import { osNamespaces } from './namespace.js';
import { languageKeys, rpmVersionWithEpoch } from './purl-key.js';
import { compareVersions, isAffected } from './versions/index.js';

/**
 * Matches a package inventory against the vulnerability database.
 *
 * Distribution packages are looked up under the vendor's key in the vendor's stream for the exact
 * release: the source package for Debian, Ubuntu and Alpine (falling back to the binary name when
 * the package records no source), the binary name for the RPM family. A dpkg package is also looked
 * up by its binary name: Ubuntu's USN OVAL names only binaries (`libpam0g`, never `pam`), while
 * Ubuntu's OSV and Debian's feeds name the source. Each hit compares the version of the name it
 * came from: the installed SOURCE version for a source-name hit when the package records one
 * (binary and source versions differ: grype#376), the binary version for a binary-name hit. RPM
 * versions carry the epoch from the rpmdb or the purl's `epoch=`.
 *
 * Vendor verdicts are respected per (vulnerability, package): a `not-affected` record from any
 * source means no finding; a vendor fix at or below the installed version means no finding even if
 * another source still lists the flaw as unfixed; `under-investigation` alone yields no finding
 * (the vendor has not said it is affected — Trivy and Red Hat agree); `will-not-fix`,
 * `fix-deferred`, `end-of-life` and `affected` yield a finding with that status and no fix.
 *
 * Language packages are looked up by ecosystem and name through their purl (Maven
 * `group:artifact`, npm `@scope/name`, Go module path, PyPI PEP 503). Language packages found
 * inside files an OS package owns (`ownedBy`) are not matched against upstream advisories: the
 * vendor's backports make those verdicts false positives (grype#1572 and kin); the owning OS
 * package is matched instead. Withdrawn vulnerabilities never match. The same flaw reported by two
 * sources under different ids that alias each other (or found under both the binary and the source
 * name) becomes one match; two different CVEs stay two matches even when one erratum (a USN or DSA
 * listed as alias of both) fixes them together.
 */

export interface MatchOptions {
  /** Drop matches without an available fix (`--ignore-unfixed`). */
  ignoreUnfixed?: boolean;
}

export interface VulnMatch {
  package: Package;
  /** The advisory namespace searched (`debian:12`, `npm`). */
  namespace: string;
  /** The name it was found under: the source or, for Ubuntu's binary-keyed OVAL, the binary package. */
  matchedName: string;
  vulnId: string;
  /** Every other id of the same flaw, from the records and the database's alias table. */
  aliases: string[];
  status: Exclude<VulnStatus, 'not-affected' | 'under-investigation'>;
  /** The version compared: the source version for a dpkg source-name match, the binary version for a binary-name match, the epoch-qualified EVR for RPM. */
  installedVersion: string;
  fixedVersion?: string;
  /** The record the finding is built from (its source, advisory and vendor severity). */
  record: AffectedRecord;
  /** Every source that reported the flaw for this package. */
  dataSources: string[];
  /** Merged facts of the vulnerability (CVSS of every id in the group, KEV, EPSS). */
  vulnerability: VulnRecord;
}

export type MatchNoteKind = 'no-os-data' | 'os-fallback' | 'no-os-release' | 'no-ecosystem-data' | 'version-error';

export interface MatchNote {
  kind: MatchNoteKind;
  message: Localized;
}

export interface MatchResult {
  matches: VulnMatch[];
  /** What the CLI prints so that missing data is never read as a clean pass. */
  notes: MatchNote[];
}

const OS_TYPES = new Set(['deb', 'apk', 'rpm']);

/** A name to look a package up under, with the installed version that name's records are compared with. */
interface LookupKey {
  name: string;
  installed: string;
}

/** An affected record found for a package, with the name it was found under and the version to compare. */
interface Entry extends LookupKey {
  record: AffectedRecord;
}

/**
 * Debian/Ubuntu/Alpine keys: the source package (with the source version, dpkg only), and for dpkg
 * also the binary package with the binary version (Ubuntu's USN OVAL is keyed on binaries). Debian's
 * feeds, OVAL included, are keyed on source names (`glibc`, `pam`, never `libc6`), so there the
 * binary lookup finds nothing but a source of the same name. When binary and source share a name,
 * one lookup with the source version serves both kinds of feed.
 */
function distroKeys(pkg: Package): LookupKey[] {
  const source = pkg.source?.name;
  if (!source || source === pkg.name) {
    const sourceVersion = pkg.type === 'deb' && source && pkg.source?.version ? pkg.source.version : pkg.version;
    return [{ name: pkg.name, installed: sourceVersion }];
  }
  const keys: LookupKey[] = [{ name: source, installed: pkg.type === 'deb' && pkg.source?.version ? pkg.source.version : pkg.version }];
  if (pkg.type === 'deb') keys.push({ name: pkg.name, installed: pkg.version });
  return keys;
}

export function matchVulnerabilities(inventory: PackageInventory, lookup: VulnLookup, options: MatchOptions = {}): MatchResult {
  const notes: MatchNote[] = [];
  const available = new Set(lookup.namespaces());
  const osNamespace = resolveOsNamespace(inventory, available, notes);
  const matches: VulnMatch[] = [];
  const missingEcosystems = new Map<string, number>();
  const versionErrors = new Set<string>();

  for (const pkg of inventory.packages) {
    let namespace: string | undefined;
    let keys: LookupKey[];
    if (OS_TYPES.has(pkg.type)) {
      if (!osNamespace) continue;
      namespace = osNamespace;
      keys = pkg.type === 'rpm' ? [{ name: pkg.name, installed: rpmVersionWithEpoch(pkg) }] : distroKeys(pkg);
    } else {
      if (pkg.ownedBy) continue;
      namespace = languageNamespace(pkg.type);
      if (!namespace) continue;
      if (!available.has(namespace)) {
        missingEcosystems.set(namespace, (missingEcosystems.get(namespace) ?? 0) + 1);
        continue;
      }
      keys = languageKeys(pkg).map((name) => ({ name, installed: pkg.version }));
    }

    const seen = new Set<AffectedRecord>();
    const records: Entry[] = [];
    for (const { name, installed } of keys) {
      if (!installed) continue;
      for (const record of lookup.affected(namespace, name)) {
        if (seen.has(record)) continue;
        seen.add(record);
        if (record.arches?.length && pkg.arch && !record.arches.includes(pkg.arch) && !record.arches.includes('noarch')) continue;
        records.push({ name, installed, record });
      }
    }
    if (records.length === 0) continue;
    const found = matchPackage(pkg, namespace, records, lookup, OS_TYPES.has(pkg.type), (message) => {
      if (versionErrors.has(message)) return;
      versionErrors.add(message);
      notes.push({ kind: 'version-error', message: { en: message, zh: message } });
    });
    for (const m of found) {
      if (options.ignoreUnfixed && !m.fixedVersion) continue;
      matches.push(m);
    }
  }

  for (const [namespace, count] of missingEcosystems) {
    notes.push({
      kind: 'no-ecosystem-data',
      message: {
        en: `no vulnerability data for ${namespace} in the database: ${count} ${namespace} package(s) not checked`,
        zh: `数据库中没有 ${namespace} 的漏洞数据：${count} 个 ${namespace} 软件包未检查`,
      },
    });
  }
  return { matches, notes };
}

function resolveOsNamespace(inventory: PackageInventory, available: ReadonlySet<string>, notes: MatchNote[]): string | undefined {
  const osPackages = inventory.packages.filter((p) => OS_TYPES.has(p.type)).length;
  const os = inventory.os;
  if (!os) {
    if (osPackages > 0) {
      notes.push({
        kind: 'no-os-release',
        message: {
          en: `the OS release is unknown: ${osPackages} OS package(s) not checked for vulnerabilities`,
          zh: `无法识别操作系统版本：${osPackages} 个系统软件包未做漏洞检查`,
        },
      });
    }
    return undefined;
  }
  const { candidates } = osNamespaces(os);
  const chosen = candidates.find((c) => available.has(c));
  const label = candidates[0] ?? `${os.family}:${os.version}`;
  if (!chosen) {
    if (osPackages > 0 || candidates.length > 0) {
      notes.push({
        kind: 'no-os-data',
        message: {
          en: `no vulnerability data for ${label} in the database: ${osPackages} OS package(s) not checked`,
          zh: `数据库中没有 ${label} 的漏洞数据：${osPackages} 个系统软件包未检查`,
        },
      });
    }
    return undefined;
  }
  if (chosen !== candidates[0]) {
    notes.push({
      kind: 'os-fallback',
      message: {
        en: `no vulnerability data for ${label} in the database: matched against ${chosen}, which it rebuilds (fixes may reach ${label} later)`,
        zh: `数据库中没有 ${label} 的漏洞数据：已按其上游 ${chosen} 的数据匹配（${label} 的修复可能晚于上游发布）`,
      },
    });
  }
  return chosen;
}

/**
 * Go reports the standard library as `go1.22.3` and modules as `v1.2.3`; the Go vulndb writes
 * neither prefix. The `go` scheme reads all three forms; a record filed under plain `semver` gets
 * the bare number.
 */
function versionForScheme(record: AffectedRecord, installed: string): string {
  if (record.scheme !== 'semver') return installed;
  return installed.replace(/^go(?=\d)/, '').replace(/^v(?=\d)/, '');
}

type Verdict =
  | { kind: 'not-affected' }
  | { kind: 'clear' }
  | { kind: 'skip' }
  | { kind: 'hit'; status: VulnMatch['status']; fixedVersion?: string };

function evaluate(record: AffectedRecord, installedAsWritten: string): Verdict {
  const { status } = record;
  const installed = versionForScheme(record, installedAsWritten);
  if (status === 'not-affected') return { kind: 'not-affected' };
  if (status === 'under-investigation') return { kind: 'skip' };
  const everything = record.ranges.length === 0 && !record.versions?.length;
  if (status === 'fixed') {
    // A fix record that names no versions says nothing about this one.
    if (everything) return { kind: 'skip' };
    if (!isAffected(record.scheme, installed, record.ranges, record.versions)) return { kind: 'clear' };
    const fixedVersion = fixOf(record, installed);
    return fixedVersion ? { kind: 'hit', status: 'fixed', fixedVersion } : { kind: 'hit', status: 'affected' };
  }
  if (!everything && !isAffected(record.scheme, installed, record.ranges, record.versions)) return { kind: 'skip' };
  // `affected` with a fixed range (an OSV record mixing fixed and open ranges) still has a fix.
  if (status === 'affected') {
    const fixedVersion = everything ? undefined : fixOf(record, installed);
    if (fixedVersion) return { kind: 'hit', status: 'fixed', fixedVersion };
  }
  return { kind: 'hit', status };
}

/** The lowest `fixed` bound of a range that holds the installed version. */
function fixOf(record: AffectedRecord, installed: string): string | undefined {
  let best: string | undefined;
  for (const range of record.ranges) {
    if (!range.fixed) continue;
    if (!isAffected(record.scheme, installed, [range])) continue;
    if (!best || compareVersions(record.scheme, range.fixed, best) < 0) best = range.fixed;
  }
  return best;
}

interface Group {
  ids: Set<string>;
  entries: Entry[];
}

function matchPackage(
  pkg: Package,
  namespace: string,
  records: Entry[],
  lookup: VulnLookup,
  vendorStream: boolean,
  versionError: (message: string) => void,
): VulnMatch[] {
  // Versions first: most packages are hit by none of their records, and then the vulnerability
  // records (aliases, withdrawn) need not be read at all.
  const verdicts = new Map<Entry, Verdict>();
  let anyHit = false;
  for (const entry of records) {
    try {
      const verdict = evaluate(entry.record, entry.installed);
      verdicts.set(entry, verdict);
      if (verdict.kind === 'hit') anyHit = true;
    } catch (err) {
      versionError(`${pkg.name} ${entry.installed} (${pkg.path}): cannot compare with ${entry.record.vulnId} from ${entry.record.source}: ${(err as Error).message}`);
    }
  }
  if (!anyHit) return [];
  const groups = groupByAlias(records, lookup);
  const out: VulnMatch[] = [];
  for (const group of groups) {
    const hits: (Entry & { verdict: Extract<Verdict, { kind: 'hit' }> })[] = [];
    let notAffected = false;
    let clear = false;
    for (const entry of group.entries) {
      const verdict = verdicts.get(entry);
      if (!verdict) continue;
      if (verdict.kind === 'not-affected') notAffected = true;
      else if (verdict.kind === 'clear') clear = true;
      else if (verdict.kind === 'hit') hits.push({ ...entry, verdict });
    }
    if (notAffected || hits.length === 0) continue;
    // The vendor shipped a fix the image has; a source still calling it unfixed is stale.
    if (vendorStream && clear && hits.every((h) => !h.verdict.fixedVersion)) continue;

    hits.sort((a, b) => rankHit(a.verdict) - rankHit(b.verdict) || a.record.source.localeCompare(b.record.source));
    const chosen = hits[0]!;
    let fixedVersion: string | undefined;
    for (const h of hits) {
      const f = h.verdict.fixedVersion;
      if (!f) continue;
      // To be clear of every source's verdict the image needs the highest of their fixes.
      if (!fixedVersion || safeCompare(chosen.record, f, fixedVersion) > 0) fixedVersion = f;
    }
    const vulnId = primaryId(group);
    const vulnerability = mergedRecord(vulnId, group, lookup);
    const match: VulnMatch = {
      package: pkg,
      namespace,
      matchedName: chosen.name,
      vulnId,
      aliases: vulnerability.aliases.filter((a) => a !== vulnId),
      status: fixedVersion ? 'fixed' : chosen.verdict.status,
      installedVersion: chosen.installed,
      record: chosen.record,
      dataSources: [...new Set(hits.map((h) => h.record.source))].sort(),
      vulnerability,
    };
    if (fixedVersion) match.fixedVersion = fixedVersion;
    out.push(match);
  }
  return out;
}

function rankHit(v: Extract<Verdict, { kind: 'hit' }>): number {
  return v.fixedVersion ? 0 : 1;
}

function safeCompare(record: AffectedRecord, a: string, b: string): number {
  try {
    return compareVersions(record.scheme, a, b);
  } catch {
    return 0;
  }
}

function isCve(id: string): boolean {
  return id.startsWith('CVE-');
}

/**
 * Groups the records by vulnerability, joining ids that alias each other (a GHSA and its CVE, a
 * PYSEC and its GHSA). Two different CVEs are never joined: importers list the erratum that fixed
 * a CVE (USN-6005-1, DSA-5678-1, RHSA-…) as its alias, and one erratum fixes several CVEs.
 */
function groupByAlias(records: Entry[], lookup: VulnLookup): Group[] {
  // The common case, one record: nothing to join.
  if (records.length === 1) {
    const only = records[0]!;
    return lookup.vulnerability(only.record.vulnId)?.withdrawn ? [] : [{ ids: new Set([only.record.vulnId]), entries: [only] }];
  }
  const byId = new Map<string, Entry[]>();
  for (const entry of records) {
    const vuln = lookup.vulnerability(entry.record.vulnId);
    if (vuln?.withdrawn) continue;
    const list = byId.get(entry.record.vulnId) ?? [];
    list.push(entry);
    byId.set(entry.record.vulnId, list);
  }
  const parent = new Map<string, string>();
  /** The CVE a set's ids name, by root: a set holds at most one. */
  const cveOfRoot = new Map<string, string>();
  const add = (x: string): void => {
    if (parent.has(x)) return;
    parent.set(x, x);
    if (isCve(x)) cveOfRoot.set(x, x);
  };
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const ca = cveOfRoot.get(ra);
    const cb = cveOfRoot.get(rb);
    if (ca && cb && ca !== cb) return;
    parent.set(ra, rb);
    if (ca) cveOfRoot.set(rb, ca);
  };
  // Each id is joined to its aliases; ids of two records sharing an alias end up together.
  for (const id of byId.keys()) add(id);
  for (const id of byId.keys()) {
    for (const alias of lookup.vulnerability(id)?.aliases ?? []) {
      add(alias);
      union(id, alias);
    }
  }
  const groups = new Map<string, Group>();
  for (const [id, entries] of byId) {
    const root = find(id);
    const group = groups.get(root) ?? { ids: new Set<string>(), entries: [] };
    group.ids.add(id);
    group.entries.push(...entries);
    groups.set(root, group);
  }
  return [...groups.values()];
}

function idRank(id: string): number {
  if (id.startsWith('CVE-')) return 0;
  if (id.startsWith('GHSA-')) return 1;
  return 2;
}

/** One record id: a CVE when the sources disagree on naming, then a GHSA, then the first by name. */
function primaryId(group: Group): string {
  return [...group.ids].sort((a, b) => idRank(a) - idRank(b) || a.localeCompare(b))[0]!;
}

/** Every fact the database has on the group's ids and their aliases, under the primary id. */
function mergedRecord(primary: string, group: Group, lookup: VulnLookup): VulnRecord {
  const base = lookup.vulnerability(primary);
  const merged: VulnRecord = { ...(base ?? { id: primary, aliases: [], references: [] }), id: primary, aliases: [], cvss: [], references: [...(base?.references ?? [])] };
  const visited = new Set<string>();
  const queue = [primary, ...group.ids];
  for (const id of group.ids) for (const a of lookup.vulnerability(id)?.aliases ?? []) queue.push(a);
  for (const id of queue) {
    if (visited.has(id)) continue;
    visited.add(id);
    if (id !== primary && !merged.aliases.includes(id)) merged.aliases.push(id);
    const rec = lookup.vulnerability(id);
    if (!rec) continue;
    // An erratum alias (USN-6005-1) resolves to the first CVE it fixes, which may be another flaw.
    if (rec.id !== id && isCve(rec.id) && rec.id !== primary && !group.ids.has(rec.id)) continue;
    for (const score of rec.cvss) {
      if (!merged.cvss.some((s) => s.source === score.source && s.vector === score.vector)) merged.cvss.push(score);
    }
    merged.kev ??= rec.kev;
    merged.epss ??= rec.epss;
    merged.summary ??= rec.summary;
    merged.details ??= rec.details;
  }
  return merged;
}
