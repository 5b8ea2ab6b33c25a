import type { Advisory, AffectedPackage, CvssScore } from '../../../model/index.js';
import type { Importer } from './importer.js';
import { compactDate, ovalImporter, packageChecks, type OvalDefinition, type OvalDocument } from './oval.js';
import { ubuntuNamespace } from '../releases.js';
import { normalizeVendorSeverity } from '../severity.js';

/**
 * Canonical's USN OVAL (`com.ubuntu.<codename>.usn.oval.xml`): one `patch` definition per Ubuntu
 * Security Notice, with the CVEs it fixes (`<cve priority=… cvss_vector=…>`) and dpkginfo tests
 * "binary packages in this list are earlier than EVR".
 *
 * Package key: the tests name binary packages (a constant variable lists e.g. `libpam0g`,
 * `libpam-modules`… for the `pam` source) and nothing in the definition names the source package
 * (the title is prose: "PAM vulnerabilities"), so records are keyed on the binary names as the
 * file gives them. The matcher must look Ubuntu packages up by binary name as well as by source.
 * Fixes that need an Ubuntu Pro subscription (tests commented "Available with Ubuntu Pro") are
 * fixes all the same: the installed version is below them either way.
 */

/** The release an Ubuntu OVAL file covers: from the platform (`Ubuntu 22.04 LTS`), else the codename in its name. */
export function ubuntuOvalNamespace(file: string, doc: OvalDocument): string | undefined {
  for (const definition of doc.definitions) {
    const version = /Ubuntu (\d\d\.\d\d)/.exec(definition.platforms[0] ?? '')?.[1];
    if (version) return `ubuntu:${version}`;
  }
  const codename = /(?:^|[./])com\.ubuntu\.([a-z]+)\./.exec(file)?.[1];
  return codename ? ubuntuNamespace(codename) : undefined;
}

function cvssOf(attributes: Record<string, string>): CvssScore[] {
  const vector = attributes.cvss_vector;
  const score = Number(attributes.cvss_score);
  const version = /^CVSS:(3\.[01]|4\.0)\//.exec(vector ?? '')?.[1] as CvssScore['version'] | undefined;
  if (!vector || !version || !Number.isFinite(score)) return [];
  return [{ source: 'ubuntu', version, vector, score }];
}

/** Converts a read USN OVAL document into advisories: one per CVE of each USN (the USN as alias and fixing advisory). */
export function ubuntuOvalAdvisories(doc: OvalDocument, namespace: string, problem: (message: string) => void): Advisory[] {
  const out: Advisory[] = [];
  for (const definition of doc.definitions) {
    if (definition.class !== 'patch') continue;
    const usn = definition.references.find((r) => r.source === 'USN')?.refId ?? /^(USN-\d+-\d+)/.exec(definition.title)?.[1];
    if (!usn) continue;
    const fixes = fixedPackages(doc, definition, problem);
    if (!fixes.length) continue;
    const cveRefs = definition.references.filter((r) => r.source === 'CVE').map((r) => r.refId);
    const cveDetails = new Map(definition.cves.map((c) => [c.id, c.attributes]));
    const ids = [...new Set([...cveRefs, ...definition.cves.map((c) => c.id)])];
    const make = (id: string, aliases: string[], attributes: Record<string, string> | undefined): Advisory => {
      const severity = normalizeVendorSeverity(attributes?.priority) ?? normalizeVendorSeverity(definition.severity);
      const affected: AffectedPackage[] = fixes.map(([name, fixed]) => ({
        namespace,
        package: name,
        scheme: 'dpkg',
        status: 'fixed',
        ranges: [{ fixed }],
        advisory: usn,
        source: 'ubuntu-oval',
        ...(severity ? { severity } : {}),
      }));
      const advisory: Advisory = {
        id,
        aliases,
        cvss: attributes ? cvssOf(attributes) : [],
        references: [`https://ubuntu.com/security/notices/${usn}`, ...(id === usn ? [] : [`https://ubuntu.com/security/${id}`])],
        affected,
        source: 'ubuntu-oval',
      };
      // The USN's title, text and date describe the notice, which may fix many CVEs: they go on a
      // record only when the notice is the record; a CVE gets its own public date.
      if (id === usn) {
        advisory.summary = definition.title;
        if (definition.description) advisory.details = definition.description;
        if (definition.issued) advisory.published = definition.issued;
      } else {
        const published = compactDate(attributes?.public);
        if (published) advisory.published = published;
      }
      return advisory;
    };
    if (!ids.length) out.push(make(usn, [], undefined));
    for (const id of ids) out.push(make(id, [usn], cveDetails.get(id)));
  }
  return out;
}

/** [binary package, fixed version] pairs of a USN definition. */
function fixedPackages(doc: OvalDocument, definition: OvalDefinition, problem: (message: string) => void): [string, string][] {
  const { checks, problems } = packageChecks(doc, definition);
  for (const p of problems) problem(p);
  const fixes = new Map<string, string>();
  for (const check of checks) {
    if (check.evr?.operation !== 'less than' || !check.evr.value) continue;
    const fixed = check.evr.value.startsWith('0:') ? check.evr.value.slice(2) : check.evr.value;
    for (const name of check.names) fixes.set(name, fixed);
  }
  return [...fixes];
}

export const ubuntuOvalImporter: Importer = ovalImporter({
  name: 'ubuntu-oval',
  matches: (relativePath) => /(^|\/)com\.ubuntu\.[a-z]+\.usn\.oval\.xml(\.gz|\.bz2)?$/i.test(relativePath),
  namespace: ubuntuOvalNamespace,
  unknownNamespace: 'which Ubuntu release this OVAL file covers (no "Ubuntu YY.MM" platform, no codename in the name)',
  advisories: ubuntuOvalAdvisories,
});
