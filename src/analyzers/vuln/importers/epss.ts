import type { VulnSourceInfo } from '../../../model/index.js';
import type { Importer, ImportSink } from './importer.js';
import { feedLines } from './oval.js';

/**
 * FIRST's EPSS scores (`epss_scores-YYYY-MM-DD.csv.gz`, about 300k rows): a comment line
 * `#model_version:v2025.03.14,score_date:2025-03-20T12:55:00Z`, a header `cve,epss,percentile`,
 * then one row per CVE → `enrichment.epss` with the score date. Read line by line off the stream.
 */

/** The `key:value` pairs of the leading comment line. */
export function epssComment(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of line.replace(/^#/, '').split(',')) {
    const colon = part.indexOf(':');
    if (colon > 0) out[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
  return out;
}

export const epssImporter: Importer = {
  name: 'epss',
  matches: (relativePath) => /(^|\/)epss[^/]*\.csv(\.gz)?$/i.test(relativePath),
  async run(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
    let date: string | undefined;
    let columns: { cve: number; epss: number; percentile: number } | undefined;
    let records = 0;
    let lineNumber = 0;
    for await (const line of feedLines(file)) {
      lineNumber++;
      if (!line.trim()) continue;
      if (line.startsWith('#')) {
        date ??= epssComment(line).score_date;
        continue;
      }
      const cells = line.split(',');
      if (!columns) {
        const header = cells.map((c) => c.trim().toLowerCase());
        const index = { cve: header.indexOf('cve'), epss: header.indexOf('epss'), percentile: header.indexOf('percentile') };
        if (index.cve < 0 || index.epss < 0 || index.percentile < 0) throw new Error(`${file}: line ${lineNumber}: expected the header cve,epss,percentile`);
        columns = index;
        continue;
      }
      const id = cells[columns.cve]?.trim();
      const score = Number(cells[columns.epss]);
      const percentile = Number(cells[columns.percentile]);
      if (!id || !Number.isFinite(score) || !Number.isFinite(percentile)) {
        sink.problem(`line ${lineNumber}: not a cve,epss,percentile row: ${line.slice(0, 80)}`);
        continue;
      }
      // Files from before the comment line existed carry the date in their name only.
      date ??= /(\d{4}-\d{2}-\d{2})/.exec(file.split('/').pop() ?? '')?.[1];
      if (!date) throw new Error(`${file}: no "#model_version:…,score_date:…" line and no date in the file name`);
      sink.enrichment({ id, epss: { score, percentile, date } });
      records++;
    }
    return { name: 'epss', records, ...(date ? { date } : {}) };
  },
};
