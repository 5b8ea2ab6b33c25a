import type { Advisory, AffectedPackage, CvssScore } from '../../../model/index.js';
import type { Importer } from './importer.js';
import { archList, compactDate, ovalImporter, packageChecks, type OvalDefinition, type OvalDocument } from './oval.js';
import { normalizeVendorSeverity } from '../severity.js';

/**
 * Red Hat's OVAL patch definitions (`com.redhat.rhsa-RHEL9.xml`): one definition per erratum
 * (RHSA, RHBA, RHEA) with the CVEs it fixes (`<cve cvss3="7.8/CVSS:3.1/…" impact=…>`) and rpminfo
 * tests "binary RPM is earlier than EPOCH:VERSION-RELEASE" on the listed architectures. The tests
 * that check the signing key, the running kernel or the installed release are not version checks
 * and are left out.
 *
 * Records: one advisory per CVE, with the erratum as alias and as the fixing advisory, rather than
 * one per erratum: the database groups records of a flaw by CVE and the matcher reports the group's
 * id, so CVE-keyed records make findings say CVE-2023-4911 (the id scanners, VEX documents and
 * waivers use) while still naming RHSA-2023:5455 as the fix. An erratum that names no CVE is
 * recorded under its own id.
 *
 * Modular packages (RHEL AppStream module streams, "Module nodejs:18 is enabled") are recorded
 * under their plain binary names; the model has no place for the stream.
 */

/** `rhel:9` from the definitions' platform (`Red Hat Enterprise Linux 9`) or the file name (`RHEL9`). */
export function redhatOvalNamespace(file: string, doc: OvalDocument): string | undefined {
  for (const definition of doc.definitions) {
    const major = /Red Hat Enterprise Linux (\d+)/.exec(definition.platforms[0] ?? '')?.[1];
    if (major) return `rhel:${major}`;
  }
  const major = /RHEL-?(\d+)/i.exec(file.split('/').pop() ?? '')?.[1];
  return major ? `rhel:${major}` : undefined;
}

/** `7.8/CVSS:3.1/AV:L/…` (Red Hat's cvss3 attribute) as a score. */
export function redhatCvss(attribute: string | undefined, v2 = false): CvssScore | undefined {
  if (!attribute) return undefined;
  const slash = attribute.indexOf('/');
  if (slash < 0) return undefined;
  const score = Number(attribute.slice(0, slash));
  const vector = attribute.slice(slash + 1);
  if (!Number.isFinite(score) || !vector) return undefined;
  const version = v2 ? '2.0' : (/^CVSS:(3\.[01])\//.exec(vector)?.[1] as CvssScore['version'] | undefined);
  if (!version) return undefined;
  return { source: 'redhat', version, vector, score };
}

function erratumId(definition: OvalDefinition): string | undefined {
  return definition.references.find((r) => r.source === 'RHSA')?.refId ?? /^(RH[SBE]A-\d{4}:\d+)/.exec(definition.title)?.[1];
}

/** Converts a read Red Hat OVAL document into advisories, one per CVE of each erratum. */
export function redhatOvalAdvisories(doc: OvalDocument, namespace: string, problem: (message: string) => void): Advisory[] {
  const out: Advisory[] = [];
  for (const definition of doc.definitions) {
    if (definition.class !== 'patch') continue;
    const erratum = erratumId(definition);
    if (!erratum) {
      problem(`definition ${definition.id}: no RHSA/RHBA/RHEA reference ("${definition.title}")`);
      continue;
    }
    const { checks, problems } = packageChecks(doc, definition);
    for (const p of problems) problem(`${erratum}: ${p}`);
    // One record per binary RPM and fixed EVR; architectures of the same fix are merged.
    const fixes = new Map<string, { name: string; fixed: string; arches: Set<string> | undefined }>();
    for (const check of checks) {
      if (check.evr?.operation !== 'less than' || !check.evr.value) continue;
      const arches = archList(check.arch);
      for (const name of check.names) {
        const key = `${name} ${check.evr.value}`;
        const seen = fixes.get(key);
        if (!seen) fixes.set(key, { name, fixed: check.evr.value, arches: arches ? new Set(arches) : undefined });
        else if (seen.arches) {
          if (arches) for (const a of arches) seen.arches.add(a);
          else seen.arches = undefined;
        }
      }
    }
    if (!fixes.size) continue;
    const cveIds = [...new Set([...definition.cves.map((c) => c.id), ...definition.references.filter((r) => r.source === 'CVE').map((r) => r.refId)])];
    const make = (id: string, aliases: string[], attributes: Record<string, string> | undefined): Advisory => {
      const severity = normalizeVendorSeverity(attributes?.impact) ?? normalizeVendorSeverity(definition.severity);
      const affected: AffectedPackage[] = [...fixes.values()].map((f) => ({
        namespace,
        package: f.name,
        scheme: 'rpm',
        status: 'fixed',
        ranges: [{ fixed: f.fixed }],
        advisory: erratum,
        source: 'redhat-oval',
        ...(severity ? { severity } : {}),
        ...(f.arches?.size ? { arches: [...f.arches].sort() } : {}),
      }));
      const cvss = [redhatCvss(attributes?.cvss3), redhatCvss(attributes?.cvss2, true)].filter((c): c is CvssScore => !!c);
      const advisory: Advisory = {
        id,
        aliases,
        cvss,
        references: [
          `https://access.redhat.com/errata/${erratum}`,
          ...(attributes?.href ? [attributes.href] : id.startsWith('CVE-') ? [`https://access.redhat.com/security/cve/${id}`] : []),
        ],
        affected,
        source: 'redhat-oval',
      };
      // The erratum's title, text and dates describe the erratum, which may fix many CVEs: a CVE's
      // record gets its Bugzilla title ("CVE-2023-4911 glibc: buffer overflow in ld.so…") and public date.
      if (id === erratum) {
        advisory.summary = definition.title;
        if (definition.description) advisory.details = definition.description;
        if (definition.issued) advisory.published = definition.issued;
        if (definition.updated) advisory.modified = definition.updated;
      } else {
        const title = definition.bugzillas.find((b) => b.startsWith(`${id} `));
        if (title) advisory.summary = title.slice(id.length + 1).trim();
        const published = compactDate(attributes?.public);
        if (published) advisory.published = published;
      }
      return advisory;
    };
    const attributesOf = new Map(definition.cves.map((c) => [c.id, c.attributes]));
    if (!cveIds.length) out.push(make(erratum, [], undefined));
    for (const id of cveIds) out.push(make(id, [erratum], attributesOf.get(id)));
  }
  return out;
}

export const redhatOvalImporter: Importer = ovalImporter({
  name: 'redhat-oval',
  matches: (relativePath) => /(^|\/)com\.redhat\.rh[sb]a-[A-Za-z0-9_-]+\.xml(\.gz|\.bz2)?$/.test(relativePath) || /(^|\/)rhel-\d+[^/]*\.oval\.xml(\.gz|\.bz2)?$/i.test(relativePath),
  namespace: redhatOvalNamespace,
  unknownNamespace: 'which RHEL major this OVAL file covers (no "Red Hat Enterprise Linux N" platform, no RHELN in the name)',
  advisories: redhatOvalAdvisories,
});
