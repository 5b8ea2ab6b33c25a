import type { Advisory, AffectedPackage, VulnSourceInfo, VulnStatus } from '../../../model/index.js';
import { debianNamespace } from '../releases.js';
import type { Importer, ImportSink } from './importer.js';
import { feedLines } from './oval.js';

/**
 * The security tracker's advisory lists, `data/DSA/list` and `data/DLA/list` (plain or gzip):
 *
 *     [29 Mar 2023] DSA-5380-1 xorg-server - security update
 *     	{CVE-2023-1393}
 *     	[bullseye] - xorg-server 2:1.20.11-1+deb11u6
 *     	[lenny] - vlc <not-affected> (Vulnerable code not present)
 *     	NOTE: ...
 *
 * Each advisory becomes one record per CVE it names (the DSA/DLA id as alias and as the advisory
 * that carries the fix), or one record under its own id when it names no CVE (regression updates).
 */

const HEADER = /^\[(\d{1,2}) ([A-Za-z]{3}) (\d{4})\] (D[SL]A-\d+(?:-\d+)?)\s*(.*)$/;
const RELEASE_LINE = /^\s+\[([a-z-]+)\]\s+-\s+(\S+)(?:\s+(\S+))?(?:\s+(.*))?$/;
const CVE_LINE = /^\s+\{([^}]*)\}\s*$/;

const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

/** The list's markers in place of a version. */
const MARKERS: Record<string, VulnStatus> = {
  '<not-affected>': 'not-affected',
  '<unfixed>': 'affected',
  '<no-dsa>': 'affected',
  '<end-of-life>': 'end-of-life',
  '<ignored>': 'will-not-fix',
  '<postponed>': 'fix-deferred',
  '<undetermined>': 'under-investigation',
};

interface ListEntry {
  id: string;
  date?: string;
  title: string;
  cves: string[];
  packages: AffectedPackage[];
}

function toAdvisories(entry: ListEntry, source: string): Advisory[] {
  if (!entry.packages.length) return [];
  const base = { cvss: [], references: [`https://security-tracker.debian.org/tracker/${entry.id}`], affected: entry.packages, source };
  // The date and title are the advisory's: they describe a CVE's record only when the advisory is the record.
  if (!entry.cves.length) return [{ id: entry.id, aliases: [], ...base, ...(entry.date ? { published: entry.date } : {}), ...(entry.title ? { summary: entry.title } : {}) }];
  return entry.cves.map((cve) => ({ id: cve, aliases: [entry.id], ...base }));
}

/** Reads a DSA or DLA list; `onAdvisory` receives each record as its advisory ends. */
export async function readDebianList(file: string, source: string, onAdvisory: (a: Advisory) => void, problem: (message: string) => void): Promise<{ records: number; newest?: string }> {
  let entry: ListEntry | undefined;
  let records = 0;
  let newest: string | undefined;
  const unknownReleases = new Set<string>();
  const flush = (): void => {
    if (!entry) return;
    for (const advisory of toAdvisories(entry, source)) {
      onAdvisory(advisory);
      records++;
    }
    entry = undefined;
  };
  let lineNumber = 0;
  for await (const line of feedLines(file)) {
    lineNumber++;
    if (!line.trim()) continue;
    const header = HEADER.exec(line);
    if (header) {
      flush();
      const [, day, month, year, id, title] = header as unknown as [string, string, string, string, string, string];
      const mm = MONTHS[month.toLowerCase()];
      const date = mm ? `${year}-${mm}-${day.padStart(2, '0')}` : undefined;
      if (date && (!newest || date > newest)) newest = date;
      entry = { id, title: title.replace(/^-\s*/, '').trim(), cves: [], packages: [], ...(date ? { date } : {}) };
      continue;
    }
    if (!/^\s/.test(line)) {
      problem(`line ${lineNumber}: not an advisory header: ${line.slice(0, 80)}`);
      continue;
    }
    if (!entry || /^\s+NOTE:/.test(line)) continue;
    const cves = CVE_LINE.exec(line);
    if (cves) {
      entry.cves.push(...(cves[1] ?? '').split(/\s+/).filter((id) => /^(CVE-\d{4}-\d+|TEMP-[\w-]+)$/.test(id)));
      continue;
    }
    const release = RELEASE_LINE.exec(line);
    if (!release) continue;
    const [, codename, pkg, versionOrMarker] = release as unknown as [string, string, string, string | undefined];
    const namespace = debianNamespace(codename);
    if (!namespace) {
      if (!unknownReleases.has(codename)) problem(`line ${lineNumber}: release "${codename}" is not a Debian codename we know`);
      unknownReleases.add(codename);
      continue;
    }
    const record: AffectedPackage = { namespace, package: pkg, scheme: 'dpkg', status: 'fixed', ranges: [], advisory: entry.id, source };
    if (!versionOrMarker) {
      problem(`line ${lineNumber}: ${entry.id} ${pkg} in ${codename} has neither a version nor a marker`);
      continue;
    }
    if (versionOrMarker.startsWith('<')) {
      const status = MARKERS[versionOrMarker];
      if (!status) {
        problem(`line ${lineNumber}: ${entry.id}: unknown marker ${versionOrMarker}`);
        continue;
      }
      record.status = status;
    } else record.ranges = [{ fixed: versionOrMarker }];
    entry.packages.push(record);
  }
  flush();
  return { records, ...(newest ? { newest } : {}) };
}

function listImporter(name: 'debian-dsa' | 'debian-dla', kind: 'DSA' | 'DLA'): Importer {
  return {
    name,
    matches: (relativePath) => new RegExp(`(^|/)(${kind}[-_/]list|${kind}/list)(\\.gz)?$`).test(relativePath) || new RegExp(`(^|/)debian/(.+/)?${kind}$`).test(relativePath),
    async run(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
      const { records, newest } = await readDebianList(file, name, sink.advisory, sink.problem);
      return { name, records, ...(newest ? { date: newest } : {}) };
    },
  };
}

/** `data/DSA/list`: Debian Security Advisories (stable releases). */
export const debianDsaImporter = listImporter('debian-dsa', 'DSA');
/** `data/DLA/list`: Debian LTS Advisories. */
export const debianDlaImporter = listImporter('debian-dla', 'DLA');
