import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { CvssScore, VulnEnrichment, VulnSourceInfo } from '../../../model/index.js';
import type { Importer, ImportSink } from './importer.js';

/**
 * NVD CVE API 2.0 records: a file holding one `cve` object (as the fkie-cad mirror keeps them, one
 * per CVE) or an API response page (`{"vulnerabilities": [{"cve": …}]}`). What NVD adds to the
 * vendors' data is enrichment: CVSS per scorer, the English description, the publication date. NVD's
 * CPE configurations are not turned into affected packages: CPE names do not say which package of
 * which ecosystem or distribution is meant, and guessing is the largest source of false positives.
 * Early records (`"metrics": {}`, "Received", "Awaiting Analysis") carry no score and give none.
 */

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Scorers NVD names by e-mail or UUID, under the names the rest of the database uses. */
const SCORERS: Record<string, string> = {
  'nvd@nist.gov': 'nvd',
  'secalert@redhat.com': 'redhat',
  'security@ubuntu.com': 'ubuntu',
  'security-advisories@github.com': 'ghsa',
  '134c704f-9b21-4f2e-91b3-4a467353bcc0': 'cve:CISA-ADP',
};

/** The name a score is filed under: NVD's own as `nvd`, known CNAs by name, others as NVD writes them (`nvd:<source>`). */
export function nvdScorer(source: string, type: string | undefined): string {
  const known = SCORERS[source.toLowerCase()];
  if (known) return known;
  return type === 'Primary' ? 'nvd' : `nvd:${source}`;
}

const METRIC_KEYS: [string, CvssScore['version'] | undefined][] = [
  ['cvssMetricV40', '4.0'],
  ['cvssMetricV31', '3.1'],
  ['cvssMetricV30', '3.0'],
  ['cvssMetricV2', '2.0'],
];

/** One NVD `cve` object as enrichment; undefined when it has no id. */
export function nvdEnrichment(cve: unknown): VulnEnrichment | undefined {
  if (!isRecord(cve) || typeof cve.id !== 'string') return undefined;
  const enrichment: VulnEnrichment = { id: cve.id };
  const metrics = isRecord(cve.metrics) ? cve.metrics : {};
  const scores = new Map<string, CvssScore>();
  for (const [key, fallbackVersion] of METRIC_KEYS) {
    for (const metric of Array.isArray(metrics[key]) ? metrics[key] : []) {
      if (!isRecord(metric) || !isRecord(metric.cvssData)) continue;
      const data = metric.cvssData;
      const vector = typeof data.vectorString === 'string' ? data.vectorString : undefined;
      const score = typeof data.baseScore === 'number' ? data.baseScore : undefined;
      const version = (typeof data.version === 'string' ? data.version : fallbackVersion) as CvssScore['version'];
      if (!vector || score === undefined || !['2.0', '3.0', '3.1', '4.0'].includes(version)) continue;
      const source = nvdScorer(typeof metric.source === 'string' ? metric.source : '', typeof metric.type === 'string' ? metric.type : undefined);
      scores.set(`${source} ${version}`, { source, version, vector, score });
    }
  }
  if (scores.size) enrichment.cvss = [...scores.values()];
  const descriptions = Array.isArray(cve.descriptions) ? cve.descriptions.filter(isRecord) : [];
  const english = descriptions.find((d) => d.lang === 'en')?.value;
  // Rejected records keep their id so that a scan can say so; their text says why.
  if (typeof english === 'string' && english.trim()) enrichment.description = english.trim();
  if (typeof cve.published === 'string') enrichment.published = nvdTime(cve.published);
  return enrichment;
}

/** NVD times have no zone and are UTC: `2023-10-03T18:15:10.463` → `2023-10-03T18:15:10.463Z`. */
function nvdTime(value: string): string {
  return /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
}

export async function readJsonFile(file: string): Promise<unknown> {
  const raw = await readFile(file);
  try {
    return JSON.parse((/\.gz$/i.test(file) ? gunzipSync(raw) : raw).toString('utf8'));
  } catch (err) {
    throw new Error(`${file}: not JSON: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
}

export const nvdImporter: Importer = {
  name: 'nvd',
  matches: (relativePath) => /(^|\/)nvd[^/]*\/(.+\/)?[^/]+\.json(\.gz)?$/i.test(relativePath),
  async run(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
    const document = await readJsonFile(file);
    const cves: unknown[] = isRecord(document) && Array.isArray(document.vulnerabilities) ? document.vulnerabilities.map((v) => (isRecord(v) ? v.cve : v)) : [document];
    let records = 0;
    let newest: string | undefined;
    for (const cve of cves) {
      const enrichment = nvdEnrichment(cve);
      if (!enrichment) {
        sink.problem(`${file}: a record without an "id" (expected an NVD API 2.0 cve object)`);
        continue;
      }
      sink.enrichment(enrichment);
      records++;
      const modified = isRecord(cve) && typeof cve.lastModified === 'string' ? nvdTime(cve.lastModified) : undefined;
      if (modified && (!newest || modified > newest)) newest = modified;
    }
    return { name: 'nvd', records, ...(newest ? { date: newest } : {}) };
  },
};
