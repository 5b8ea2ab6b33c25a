import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Advisory, AffectedPackage, CvssScore, VulnSourceInfo, VulnStatus } from '../../../model/index.js';
import type { Importer, ImportSink } from './importer.js';
import { normalizeVendorSeverity } from '../severity.js';

/**
 * Red Hat's CSAF 2.0 VEX documents (`csaf/vex/2023/cve-2023-45853.json`), one per CVE. The product
 * tree names platforms (with CPEs: `cpe:/a:redhat:enterprise_linux:9`, `cpe:/o:redhat:rhel_els:7`)
 * and components (with purls: `pkg:rpm/redhat/zlib@1.2.11-40.el9?arch=x86_64&epoch=0`); each
 * relationship "component as a component of platform" is a product id the status lists use.
 *
 * Statuses: `fixed`/`first_fixed` → fixed at the purl's version; `known_affected` → affected, or
 * what the remediation says: `no_fix_planned` is will-not-fix, or end-of-life when its details say
 * "Out of support scope"; `none_available` is affected, or fix-deferred when its details say
 * "Deferred"; `known_not_affected` → not-affected; `under_investigation` → under-investigation.
 * Only RPM components of RHEL platforms are kept (namespace `rhel:<major>`, binary RPM names; source
 * RPMs and container images are other keys). When a major has several streams (9.3 mainline, 9.2
 * EUS), the mainline's verdict wins: that is the stream containers (UBI) follow.
 */

interface ProductInfo {
  purl?: string;
  cpe?: string;
}

interface Component {
  name: string;
  version?: string;
  arch?: string;
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** `cpe:/a:redhat:enterprise_linux:9::appstream` → { major: 9, mainline }, `cpe:/a:redhat:rhel_eus:9.2` → { major: 9, stream }. */
export function rhelPlatform(cpe: string | undefined): { namespace: string; rank: number } | undefined {
  const m = /^cpe:\/[ao]:redhat:(enterprise_linux|rhel(?:_[a-z0-9]+)?):(\d+)/.exec(cpe ?? '');
  if (!m) return undefined;
  const product = m[1] as string;
  // Mainline first, then extended life, then the EUS/AUS/E4S/TUS streams.
  const rank = product === 'enterprise_linux' || product === 'rhel' ? 0 : product === 'rhel_els' ? 1 : 2;
  return { namespace: `rhel:${m[2]}`, rank };
}

/** An RPM purl as name, EVR (epoch from the qualifier) and arch; undefined for other purl types. */
export function rpmComponent(purl: string | undefined): Component | undefined {
  const m = /^pkg:rpm\/[^/]+\/([^@?#]+)(?:@([^?#]+))?(?:\?([^#]*))?/.exec(purl ?? '');
  if (!m) return undefined;
  const qualifiers = new URLSearchParams(m[3] ?? '');
  const component: Component = { name: decodeURIComponent(m[1] as string) };
  if (m[2]) {
    const epoch = qualifiers.get('epoch');
    const version = decodeURIComponent(m[2]);
    component.version = epoch && epoch !== '0' ? `${epoch}:${version}` : version;
  }
  const arch = qualifiers.get('arch');
  if (arch) component.arch = arch;
  return component;
}

function collectProducts(tree: unknown, into: Map<string, ProductInfo>): void {
  if (!isRecord(tree)) return;
  const product = tree.product;
  if (isRecord(product) && typeof product.product_id === 'string') {
    const helper = isRecord(product.product_identification_helper) ? product.product_identification_helper : {};
    into.set(product.product_id, {
      ...(typeof helper.purl === 'string' ? { purl: helper.purl } : {}),
      ...(typeof helper.cpe === 'string' ? { cpe: helper.cpe } : {}),
    });
  }
  if (Array.isArray(tree.branches)) for (const branch of tree.branches) collectProducts(branch, into);
}

const STATUS_LISTS: [string, VulnStatus][] = [
  ['fixed', 'fixed'],
  ['first_fixed', 'fixed'],
  ['known_affected', 'affected'],
  ['known_not_affected', 'not-affected'],
  ['under_investigation', 'under-investigation'],
];

function remediationStatus(category: string, details: string): VulnStatus | undefined {
  const text = details.toLowerCase();
  if (category === 'no_fix_planned') return text.includes('out of support') ? 'end-of-life' : 'will-not-fix';
  if (category === 'none_available') return text.includes('deferred') ? 'fix-deferred' : 'affected';
  return undefined;
}

function cvssScores(vulnerability: Json): CvssScore[] {
  const out = new Map<string, CvssScore>();
  for (const entry of Array.isArray(vulnerability.scores) ? vulnerability.scores : []) {
    if (!isRecord(entry)) continue;
    for (const key of ['cvss_v3', 'cvss_v2', 'cvss_v4']) {
      const data = entry[key];
      if (!isRecord(data) || typeof data.vectorString !== 'string' || typeof data.baseScore !== 'number') continue;
      const version = String(data.version ?? '') as CvssScore['version'];
      if (!['2.0', '3.0', '3.1', '4.0'].includes(version)) continue;
      out.set(`${version} ${data.vectorString}`, { source: 'redhat', version, vector: data.vectorString, score: data.baseScore });
    }
  }
  return [...out.values()];
}

/** Converts one CSAF VEX document to advisories (one per vulnerability it describes). */
export function csafAdvisories(document: unknown, file: string, problem: (message: string) => void): Advisory[] {
  if (!isRecord(document) || !isRecord(document.document) || !isRecord(document.product_tree)) {
    throw new Error(`${file}: not a CSAF document (no document/product_tree)`);
  }
  const products = new Map<string, ProductInfo>();
  collectProducts(document.product_tree, products);
  // product id → [component purl info, platform cpe]
  const relationships = new Map<string, { component?: ProductInfo; platform?: ProductInfo }>();
  for (const rel of Array.isArray(document.product_tree.relationships) ? document.product_tree.relationships : []) {
    if (!isRecord(rel) || !isRecord(rel.full_product_name) || typeof rel.full_product_name.product_id !== 'string') continue;
    relationships.set(rel.full_product_name.product_id, {
      ...(typeof rel.product_reference === 'string' && products.has(rel.product_reference) ? { component: products.get(rel.product_reference) } : {}),
      ...(typeof rel.relates_to_product_reference === 'string' && products.has(rel.relates_to_product_reference) ? { platform: products.get(rel.relates_to_product_reference) } : {}),
    });
  }
  const tracking = isRecord(document.document.tracking) ? document.document.tracking : {};
  const out: Advisory[] = [];
  for (const vulnerability of Array.isArray(document.vulnerabilities) ? document.vulnerabilities : []) {
    if (!isRecord(vulnerability)) continue;
    const id = typeof vulnerability.cve === 'string' ? vulnerability.cve : typeof tracking.id === 'string' ? tracking.id : undefined;
    if (!id) {
      problem(`${file}: a vulnerability without a cve`);
      continue;
    }
    const statusOf = new Map<string, VulnStatus>();
    const productStatus = isRecord(vulnerability.product_status) ? vulnerability.product_status : {};
    for (const [list, status] of STATUS_LISTS) for (const pid of strings(productStatus[list])) statusOf.set(pid, status);
    const advisoryOf = new Map<string, string>();
    for (const remediation of Array.isArray(vulnerability.remediations) ? vulnerability.remediations : []) {
      if (!isRecord(remediation)) continue;
      const category = String(remediation.category ?? '');
      const details = String(remediation.details ?? '');
      const refined = remediationStatus(category, details);
      const erratum = category === 'vendor_fix' ? /\b(RH[SBE]A-\d{4}:\d+)\b/.exec(String(remediation.url ?? ''))?.[1] : undefined;
      for (const pid of strings(remediation.product_ids)) {
        if (refined && statusOf.get(pid) === 'affected') statusOf.set(pid, refined);
        if (erratum) advisoryOf.set(pid, erratum);
      }
    }
    const severityOf = new Map<string, string>();
    for (const threat of Array.isArray(vulnerability.threats) ? vulnerability.threats : []) {
      if (!isRecord(threat) || threat.category !== 'impact') continue;
      const severity = normalizeVendorSeverity(String(threat.details ?? ''));
      if (severity) for (const pid of strings(threat.product_ids)) severityOf.set(pid, severity);
    }

    // Best (lowest-rank) stream per namespace and package, then the records of that stream.
    const candidates: (AffectedPackage & { rank: number })[] = [];
    for (const [pid, status] of statusOf) {
      const rel = relationships.get(pid);
      const platform = rhelPlatform(rel?.platform?.cpe);
      const component = rpmComponent(rel?.component?.purl);
      if (!platform || !component || component.arch === 'src') continue;
      const record: AffectedPackage & { rank: number } = { namespace: platform.namespace, package: component.name, scheme: 'rpm', status, ranges: [], source: 'redhat-csaf', rank: platform.rank };
      if (status === 'fixed') {
        if (!component.version) {
          problem(`${file}: ${id}: fixed product ${pid} has no version in its purl`);
          continue;
        }
        record.ranges = [{ fixed: component.version }];
      }
      const severity = severityOf.get(pid);
      if (severity) record.severity = severity;
      const erratum = advisoryOf.get(pid);
      if (erratum) record.advisory = erratum;
      if (component.arch && status === 'fixed') record.arches = [component.arch];
      candidates.push(record);
    }
    const bestRank = new Map<string, number>();
    for (const c of candidates) {
      const key = `${c.namespace} ${c.package}`;
      bestRank.set(key, Math.min(bestRank.get(key) ?? c.rank, c.rank));
    }
    const affected = new Map<string, AffectedPackage>();
    for (const { rank, ...record } of candidates) {
      if (bestRank.get(`${record.namespace} ${record.package}`) !== rank) continue;
      const key = `${record.namespace} ${record.package} ${record.status} ${record.ranges[0]?.fixed ?? ''}`;
      const seen = affected.get(key);
      if (seen?.arches && record.arches) seen.arches = [...new Set([...seen.arches, ...record.arches])].sort();
      else if (!seen) affected.set(key, record);
    }

    const notes = Array.isArray(vulnerability.notes) ? vulnerability.notes.filter(isRecord) : [];
    const description = notes.find((n) => n.category === 'description')?.text;
    const references = (Array.isArray(vulnerability.references) ? vulnerability.references : []).filter(isRecord).map((r) => r.url).filter((u): u is string => typeof u === 'string');
    const errata = [...new Set(advisoryOf.values())];
    const advisory: Advisory = { id, aliases: errata, cvss: cvssScores(vulnerability), references, affected: [...affected.values()], source: 'redhat-csaf' };
    if (typeof vulnerability.title === 'string') advisory.summary = vulnerability.title;
    if (typeof description === 'string') advisory.details = description;
    const published = typeof vulnerability.release_date === 'string' ? vulnerability.release_date : typeof tracking.initial_release_date === 'string' ? tracking.initial_release_date : undefined;
    if (published) advisory.published = published;
    if (typeof tracking.current_release_date === 'string') advisory.modified = tracking.current_release_date;
    out.push(advisory);
  }
  return out;
}

export const redhatCsafImporter: Importer = {
  name: 'redhat-csaf',
  matches: (relativePath) => /(^|\/)(csaf|vex)[^/]*\/(.+\/)?cve-\d{4}-\d+\.json(\.gz)?$/i.test(relativePath),
  async run(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
    const raw = await readFile(file);
    let document: unknown;
    try {
      document = JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
    } catch (err) {
      throw new Error(`${file}: not JSON: ${(err as Error).message.split('\n')[0]}`, { cause: err });
    }
    let records = 0;
    for (const advisory of csafAdvisories(document, file, sink.problem)) {
      sink.advisory(advisory);
      records++;
    }
    const tracking = isRecord(document) && isRecord(document.document) && isRecord(document.document.tracking) ? document.document.tracking : {};
    const date = typeof tracking.current_release_date === 'string' ? tracking.current_release_date : undefined;
    return { name: 'redhat-csaf', records, ...(date ? { date } : {}) };
  },
};
