import type { CvssScore, VulnEnrichment, VulnSourceInfo } from '../../../model/index.js';
import type { Importer, ImportSink } from './importer.js';
import { readJsonFile } from './nvd.js';

/**
 * CVE List v5 records (CVE JSON 5.x, `cves/2024/0xxx/CVE-2024-0727.json`): the CNA's container and
 * the ADP containers (CISA's "Vulnrichment" adds CVSS where NVD has not scored yet). Scores are
 * filed as `cve:<short name>` of whoever gave them (`cve:openssl`, `cve:CISA-ADP`); the CNA's
 * description and publication date complete what NVD gives. The CNA's `affected` product data is
 * free-form (vendor/product names, "n/a", custom version types) and is not turned into packages.
 */

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const METRIC_VERSIONS: [string, CvssScore['version']][] = [
  ['cvssV4_0', '4.0'],
  ['cvssV3_1', '3.1'],
  ['cvssV3_0', '3.0'],
  ['cvssV2_0', '2.0'],
];

function containerScores(container: Json, source: string): CvssScore[] {
  const out: CvssScore[] = [];
  for (const metric of Array.isArray(container.metrics) ? container.metrics : []) {
    if (!isRecord(metric)) continue;
    for (const [key, version] of METRIC_VERSIONS) {
      const data = metric[key];
      if (!isRecord(data) || typeof data.vectorString !== 'string' || typeof data.baseScore !== 'number') continue;
      out.push({ source, version, vector: data.vectorString, score: data.baseScore });
    }
  }
  return out;
}

function shortName(container: Json, fallback: string): string {
  const meta = isRecord(container.providerMetadata) ? container.providerMetadata : {};
  return typeof meta.shortName === 'string' && meta.shortName ? meta.shortName : fallback;
}

/** One CVE 5.x record as enrichment; undefined for a rejected or unreadable record (reason in `skipped`). */
export function cve5Enrichment(record: unknown): { enrichment?: VulnEnrichment; skipped?: string } {
  if (!isRecord(record) || record.dataType !== 'CVE_RECORD' || !isRecord(record.cveMetadata) || !isRecord(record.containers)) {
    return { skipped: 'not a CVE JSON 5 record (dataType CVE_RECORD with cveMetadata and containers)' };
  }
  const meta = record.cveMetadata;
  const id = typeof meta.cveId === 'string' ? meta.cveId : undefined;
  if (!id) return { skipped: 'cveMetadata.cveId missing' };
  if (meta.state === 'REJECTED') return { skipped: `${id} is rejected` };
  const enrichment: VulnEnrichment = { id };
  const cna = isRecord(record.containers.cna) ? record.containers.cna : {};
  const scores = containerScores(cna, `cve:${shortName(cna, typeof meta.assignerShortName === 'string' ? meta.assignerShortName : 'cna')}`);
  for (const adp of Array.isArray(record.containers.adp) ? record.containers.adp : []) {
    if (isRecord(adp)) scores.push(...containerScores(adp, `cve:${shortName(adp, 'ADP')}`));
  }
  if (scores.length) enrichment.cvss = scores;
  const descriptions = Array.isArray(cna.descriptions) ? cna.descriptions.filter(isRecord) : [];
  const english = descriptions.find((d) => typeof d.lang === 'string' && d.lang.toLowerCase().startsWith('en'))?.value;
  if (typeof english === 'string' && english.trim()) enrichment.description = english.trim();
  const published = typeof meta.datePublished === 'string' ? meta.datePublished : typeof cna.datePublic === 'string' ? cna.datePublic : undefined;
  if (published) enrichment.published = /(Z|[+-]\d\d:?\d\d)$/.test(published) ? published : `${published}Z`;
  return { enrichment };
}

export const cve5Importer: Importer = {
  name: 'cve5',
  matches: (relativePath) => /(^|\/)(cvelist[^/]*|cves)\/(.+\/)?CVE-\d{4}-\d+\.json(\.gz)?$/.test(relativePath),
  async run(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
    const record = await readJsonFile(file);
    const { enrichment, skipped } = cve5Enrichment(record);
    if (!enrichment) {
      // A rejected CVE is a normal record, not a problem with the feed.
      if (skipped && !skipped.endsWith('is rejected')) sink.problem(`${file}: ${skipped}`);
      return { name: 'cve5', records: 0 };
    }
    sink.enrichment(enrichment);
    const updated = isRecord(record) && isRecord(record.cveMetadata) && typeof record.cveMetadata.dateUpdated === 'string' ? record.cveMetadata.dateUpdated : undefined;
    return { name: 'cve5', records: 1, ...(updated ? { date: updated } : {}) };
  },
};
