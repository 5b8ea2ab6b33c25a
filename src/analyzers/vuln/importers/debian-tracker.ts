import type { Advisory, AffectedPackage, VulnSourceInfo, VulnStatus } from '../../../model/index.js';
import type { Importer, ImportSink } from './importer.js';
import { feedText } from './oval.js';
import { debianNamespace } from '../releases.js';
import { normalizeVendorSeverity } from '../severity.js';

/**
 * The Debian security tracker's JSON export (https://security-tracker.debian.org/tracker/data/json):
 * `{source package: {CVE or TEMP id: {description, scope, debianbug, releases: {codename: {status,
 * fixed_version, urgency, nodsa, nodsa_reason, repositories}}}}}`. Packages are source packages,
 * which is what Debian keys on. The export is large (tens of MB), so it is read one package at a
 * time off the stream.
 */

interface TrackerRelease {
  status?: unknown;
  fixed_version?: unknown;
  urgency?: unknown;
  nodsa?: unknown;
  nodsa_reason?: unknown;
}

/** One release's tracker verdict as our status and fixed range; undefined when the tracker says nothing usable. */
export function trackerStatus(release: TrackerRelease): Pick<AffectedPackage, 'status' | 'ranges'> | undefined {
  const status = typeof release.status === 'string' ? release.status : '';
  const fixed = typeof release.fixed_version === 'string' ? release.fixed_version.trim() : '';
  const urgency = typeof release.urgency === 'string' ? release.urgency : '';
  const nodsaReason = typeof release.nodsa_reason === 'string' ? release.nodsa_reason : '';
  switch (status) {
    case 'resolved':
      // Fixed version "0": the release never had the flaw.
      if (!fixed || fixed === '0') return { status: 'not-affected', ranges: [] };
      return { status: 'fixed', ranges: [{ fixed }] };
    case 'open': {
      // The export writes end-of-life as the urgency of an open issue; no-dsa reasons say whether a fix will come.
      let open: VulnStatus = 'affected';
      if (urgency === 'end-of-life') open = 'end-of-life';
      else if (nodsaReason === 'ignored') open = 'will-not-fix';
      else if (nodsaReason === 'postponed') open = 'fix-deferred';
      return { status: open, ranges: [] };
    }
    case 'undetermined':
      return { status: 'under-investigation', ranges: [] };
    case 'end-of-life':
      return { status: 'end-of-life', ranges: [] };
    case 'not-affected':
      return { status: 'not-affected', ranges: [] };
    default:
      return undefined;
  }
}

/**
 * The members of a JSON document's top-level object, one at a time: each member's text is cut out
 * of the stream by tracking string and nesting state, then parsed alone, so memory holds one
 * package's entries rather than the export.
 */
export async function* topLevelMembers(file: string): AsyncGenerator<[string, unknown]> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let capturing = false;
  let pending = '';
  let sawRoot = false;
  for await (const chunk of feedText(file)) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) {
        inString = true;
        if (depth === 1 && !capturing) {
          capturing = true;
          start = i;
        }
      } else if (c === 123 || c === 91) {
        if (depth === 0 && (c !== 123 || sawRoot)) throw new Error(`${file}: not a JSON object at the top level`);
        sawRoot = true;
        depth++;
      } else if (c === 125 || c === 93 || (c === 44 && depth === 1)) {
        if (depth === 1 && capturing) {
          const text = pending + chunk.slice(start, i);
          pending = '';
          capturing = false;
          let parsed: Record<string, unknown>;
          try {
            parsed = JSON.parse(`{${text}}`) as Record<string, unknown>;
          } catch (err) {
            throw new Error(`${file}: bad JSON near ${JSON.stringify(text.slice(0, 60))}: ${(err as Error).message}`, { cause: err });
          }
          for (const [key, value] of Object.entries(parsed)) yield [key, value];
        }
        if (c !== 44) depth--;
      } else if (depth === 0 && c > 32 && c !== 0xfeff) {
        throw new Error(`${file}: not a JSON object at the top level`);
      }
    }
    if (capturing) pending += chunk.slice(start);
  }
  if (!sawRoot || depth !== 0) throw new Error(`${file}: JSON ends early`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The advisories of one source package's tracker entries, one per CVE. */
export function trackerAdvisories(sourcePackage: string, entries: Record<string, unknown>, problem: (message: string) => void, unknownReleases = new Set<string>()): Advisory[] {
  const out: Advisory[] = [];
  for (const [id, entry] of Object.entries(entries)) {
    if (!isRecord(entry)) {
      problem(`${sourcePackage} ${id}: entry is not an object`);
      continue;
    }
    const affected: AffectedPackage[] = [];
    const releases = isRecord(entry.releases) ? entry.releases : {};
    for (const [codename, release] of Object.entries(releases)) {
      const namespace = debianNamespace(codename);
      if (!namespace) {
        if (!unknownReleases.has(codename)) problem(`release "${codename}" is not a Debian codename we know; its entries are skipped`);
        unknownReleases.add(codename);
        continue;
      }
      if (!isRecord(release)) continue;
      const verdict = trackerStatus(release);
      if (!verdict) {
        problem(`${sourcePackage} ${id} ${codename}: unknown status ${JSON.stringify(release.status)}`);
        continue;
      }
      const record: AffectedPackage = { namespace, package: sourcePackage, scheme: 'dpkg', ...verdict, source: 'debian-tracker' };
      const severity = normalizeVendorSeverity(typeof release.urgency === 'string' ? release.urgency : undefined);
      if (severity) record.severity = severity;
      affected.push(record);
    }
    if (!affected.length) continue;
    const advisory: Advisory = {
      id,
      aliases: [],
      cvss: [],
      references: [`https://security-tracker.debian.org/tracker/${encodeURIComponent(id)}`],
      affected,
      source: 'debian-tracker',
    };
    if (typeof entry.description === 'string' && entry.description.trim()) advisory.details = entry.description.trim();
    out.push(advisory);
  }
  return out;
}

export const debianTrackerImporter: Importer = {
  name: 'debian-tracker',
  matches: (relativePath) => /(^|\/)debian\/(.+\/)?(debian|tracker)?\.?json(\.gz)?$/i.test(relativePath),
  async run(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
    let records = 0;
    const unknownReleases = new Set<string>();
    for await (const [sourcePackage, entries] of topLevelMembers(file)) {
      if (!isRecord(entries)) {
        sink.problem(`package ${sourcePackage}: entries are not an object`);
        continue;
      }
      for (const advisory of trackerAdvisories(sourcePackage, entries, sink.problem, unknownReleases)) {
        sink.advisory(advisory);
        records++;
      }
    }
    return { name: 'debian-tracker', records };
  },
};
