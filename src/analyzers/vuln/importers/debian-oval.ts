import type { Advisory, AffectedPackage } from '../../../model/index.js';
import { debianNamespace, DEBIAN_RELEASES } from '../releases.js';
import type { Importer } from './importer.js';
import { ovalImporter, packageChecks, type OvalDefinition, type OvalDocument } from './oval.js';

/**
 * Debian's OVAL definitions, one file per release (`oval-definitions-bookworm.xml.bz2`), generated
 * from the security tracker. Each `vulnerability` definition is one CVE in one source package: a
 * dpkginfo test "package is earlier than EVR" gives the fixed version, and EVR `0:0` ("earlier
 * than 0") is how the generator writes a flaw with no fix yet. `patch` definitions are the DSAs of
 * the release: they name the DSA that carries the fix for each of their CVEs.
 */

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

/** The release a Debian OVAL file covers: from its name, else from the platform its definitions name. */
export function debianOvalNamespace(file: string, doc: OvalDocument): string | undefined {
  const base = file.split('/').pop() ?? file;
  for (const codename of Object.keys(DEBIAN_RELEASES)) {
    if (new RegExp(`(^|[-_.])${codename}([-_.]|$)`).test(base)) return debianNamespace(codename);
  }
  for (const definition of doc.definitions) {
    const major = /Debian GNU\/Linux (\d+)/.exec(definition.platforms[0] ?? '')?.[1];
    if (major) return `debian:${major}`;
  }
  return undefined;
}

/** Debian writes `0:` on every EVR; the tracker, the DSA lists and dpkg's own records do not. */
export function stripZeroEpoch(evr: string): string {
  return evr.startsWith('0:') ? evr.slice(2) : evr;
}

function cveIds(definition: OvalDefinition): string[] {
  const ids = definition.references.filter((r) => r.source.toUpperCase() === 'CVE' && r.refId).map((r) => r.refId);
  if (!ids.length) {
    const first = definition.title.split(/\s+/)[0] ?? '';
    if (CVE_ID.test(first)) ids.push(first);
  }
  return [...new Set(ids)];
}

/** `DSA-5418-1 chromium` → `DSA-5418-1`. */
function dsaId(definition: OvalDefinition): string | undefined {
  return /^(D[SL]A-\d+(?:-\d+)?)\b/.exec(definition.title)?.[1] ?? definition.extra.dsa;
}

interface PackageVerdict {
  name: string;
  affected: Pick<AffectedPackage, 'status' | 'ranges'>;
}

function verdicts(doc: OvalDocument, definition: OvalDefinition, problem: (message: string) => void): PackageVerdict[] {
  const { checks, problems } = packageChecks(doc, definition);
  for (const p of problems) problem(p);
  const out: PackageVerdict[] = [];
  for (const check of checks) {
    const evr = check.evr;
    if (!evr || evr.operation !== 'less than') {
      problem(`definition ${definition.id}: package test without an "evr less than" state`);
      continue;
    }
    const fixed = stripZeroEpoch(evr.value);
    const affected: PackageVerdict['affected'] = fixed === '0' || fixed === '' ? { status: 'affected', ranges: [] } : { status: 'fixed', ranges: [{ fixed }] };
    for (const name of check.names) out.push({ name, affected });
  }
  return out;
}

/** Converts a read Debian OVAL document into advisories, one per CVE and source package. */
export function debianOvalAdvisories(doc: OvalDocument, namespace: string, problem: (message: string) => void): Advisory[] {
  // DSAs first: which DSA fixed which CVE in which package.
  const dsaOf = new Map<string, string>();
  const dsaOnly: { definition: OvalDefinition; dsa: string }[] = [];
  for (const definition of doc.definitions) {
    if (definition.class !== 'patch') continue;
    const dsa = dsaId(definition);
    if (!dsa) continue;
    dsaOnly.push({ definition, dsa });
    for (const pkg of definition.products) {
      for (const cve of cveIds(definition)) dsaOf.set(`${cve} ${pkg}`, dsa);
    }
  }

  const out: Advisory[] = [];
  const covered = new Set<string>();
  for (const definition of doc.definitions) {
    if (definition.class !== 'vulnerability') continue;
    const [id, ...others] = cveIds(definition);
    if (!id) {
      problem(`definition ${definition.id}: no CVE reference ("${definition.title}")`);
      continue;
    }
    const affected: AffectedPackage[] = [];
    const aliases = new Set<string>(others);
    for (const { name, affected: verdict } of verdicts(doc, definition, problem)) {
      const record: AffectedPackage = { namespace, package: name, scheme: 'dpkg', ...verdict, source: 'debian-oval' };
      const dsa = dsaOf.get(`${id} ${name}`);
      if (dsa) {
        record.advisory = dsa;
        aliases.add(dsa);
      }
      covered.add(`${id} ${name}`);
      affected.push(record);
    }
    if (!affected.length) continue;
    const advisory: Advisory = {
      id,
      aliases: [...aliases],
      cvss: [],
      references: [`https://security-tracker.debian.org/tracker/${id}`],
      affected,
      source: 'debian-oval',
    };
    // Definitions made from a DSA carry the DSA's "security update" in place of the CVE's description.
    if (definition.description && definition.description !== 'security update') advisory.details = definition.description;
    out.push(advisory);
  }

  // A DSA naming a CVE the per-CVE definitions do not cover still says the package is fixed at its version.
  for (const { definition, dsa } of dsaOnly) {
    const packages = verdicts(doc, definition, problem);
    for (const cve of cveIds(definition)) {
      const affected: AffectedPackage[] = packages
        .filter((p) => !covered.has(`${cve} ${p.name}`))
        .map((p) => ({ namespace, package: p.name, scheme: 'dpkg', ...p.affected, advisory: dsa, source: 'debian-oval' }));
      if (!affected.length) continue;
      out.push({ id: cve, aliases: [dsa], cvss: [], references: [`https://security-tracker.debian.org/tracker/${cve}`], affected, source: 'debian-oval' });
    }
  }
  return out;
}

export const debianOvalImporter: Importer = ovalImporter({
  name: 'debian-oval',
  matches: (relativePath) => /(^|\/)oval-definitions-[a-z]+\.xml(\.bz2|\.gz)?$/i.test(relativePath),
  namespace: debianOvalNamespace,
  unknownNamespace: 'which Debian release this OVAL file covers (no codename in the name, no "Debian GNU/Linux N" platform)',
  advisories: debianOvalAdvisories,
});
