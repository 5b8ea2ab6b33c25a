import type { VulnSourceInfo } from '../../../model/index.js';
import type { Importer, ImportSink } from './importer.js';
import { readJsonFile } from './nvd.js';

/**
 * CISA's Known Exploited Vulnerabilities catalogue (`known_exploited_vulnerabilities.json`,
 * about 1 MB): `{catalogVersion, dateReleased, vulnerabilities: [{cveID, dateAdded, dueDate,
 * knownRansomwareCampaignUse: "Known" | "Unknown", …}]}` → `enrichment.kev` per CVE.
 */

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const kevImporter: Importer = {
  name: 'kev',
  matches: (relativePath) => /(^|\/)known_exploited_vulnerabilities\.json(\.gz)?$/.test(relativePath),
  async run(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
    const catalog = await readJsonFile(file);
    if (!isRecord(catalog) || !Array.isArray(catalog.vulnerabilities)) throw new Error(`${file}: not a KEV catalogue (no "vulnerabilities" list)`);
    let records = 0;
    for (const [index, entry] of catalog.vulnerabilities.entries()) {
      if (!isRecord(entry) || typeof entry.cveID !== 'string' || typeof entry.dateAdded !== 'string') {
        sink.problem(`${file}: vulnerabilities[${index}] lacks cveID or dateAdded`);
        continue;
      }
      const ransomware = entry.knownRansomwareCampaignUse;
      sink.enrichment({
        id: entry.cveID.trim(),
        kev: {
          dateAdded: entry.dateAdded,
          ...(typeof entry.dueDate === 'string' ? { dueDate: entry.dueDate } : {}),
          ...(ransomware === 'Known' ? { ransomware: true } : ransomware === 'Unknown' ? { ransomware: false } : {}),
        },
      });
      records++;
    }
    const date = typeof catalog.dateReleased === 'string' ? catalog.dateReleased : undefined;
    return { name: 'kev', records, ...(date ? { date } : {}) };
  },
};
