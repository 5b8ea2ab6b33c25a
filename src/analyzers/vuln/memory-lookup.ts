import type { Advisory, VulnEnrichment, VulnSourceInfo } from '../../model/index.js';
import type { AffectedRecord, VulnDbMeta, VulnLookup, VulnRecord } from './lookup.js';

/**
 * A VulnLookup held in memory, built from importer output (Advisory records and enrichments). It
 * serves tests and small checks (an SBOM against a handful of advisories); scans use the SQLite
 * store, which answers the same questions from indexes on disk.
 *
 * Records of the same id from several sources are merged as the store merges them: aliases and
 * CVSS scores united, the first non-empty text kept, `withdrawn` set if any source withdrew it.
 */
export class MemoryVulnLookup implements VulnLookup {
  private readonly byPackage = new Map<string, AffectedRecord[]>();
  private readonly records = new Map<string, VulnRecord>();
  private readonly aliasOf = new Map<string, string>();
  private readonly namespaceSet = new Set<string>();
  private readonly sources = new Map<string, VulnSourceInfo>();

  constructor(advisories: Iterable<Advisory> = [], enrichments: Iterable<VulnEnrichment> = [], private readonly built = new Date().toISOString()) {
    for (const a of advisories) this.addAdvisory(a);
    for (const e of enrichments) this.addEnrichment(e);
  }

  addAdvisory(advisory: Advisory): void {
    for (const affected of advisory.affected) {
      const key = packageKey(affected.namespace, affected.package);
      const list = this.byPackage.get(key) ?? [];
      list.push({ ...affected, vulnId: advisory.id });
      this.byPackage.set(key, list);
      this.namespaceSet.add(affected.namespace);
    }
    const record = this.recordFor(advisory.id);
    for (const alias of advisory.aliases) addUnique(record.aliases, alias);
    record.summary ??= advisory.summary;
    record.details ??= advisory.details;
    record.published ??= advisory.published;
    if (advisory.withdrawn) record.withdrawn ??= advisory.withdrawn;
    for (const score of advisory.cvss) {
      if (!record.cvss.some((s) => s.source === score.source && s.vector === score.vector)) record.cvss.push(score);
    }
    for (const ref of advisory.references) addUnique(record.references, ref);
    for (const alias of advisory.aliases) if (!this.aliasOf.has(alias)) this.aliasOf.set(alias, advisory.id);
    const source = this.sources.get(advisory.source) ?? { name: advisory.source, records: 0 };
    source.records++;
    this.sources.set(advisory.source, source);
  }

  addEnrichment(enrichment: VulnEnrichment): void {
    const record = this.recordFor(this.records.has(enrichment.id) ? enrichment.id : (this.aliasOf.get(enrichment.id) ?? enrichment.id));
    if (enrichment.kev) record.kev = enrichment.kev;
    if (enrichment.epss) record.epss = enrichment.epss;
    for (const score of enrichment.cvss ?? []) {
      if (!record.cvss.some((s) => s.source === score.source && s.vector === score.vector)) record.cvss.push(score);
    }
    record.details ??= enrichment.description;
    record.published ??= enrichment.published;
  }

  affected(namespace: string, packageName: string): readonly AffectedRecord[] {
    return this.byPackage.get(packageKey(namespace, packageName)) ?? [];
  }

  vulnerability(id: string): VulnRecord | undefined {
    return this.records.get(id) ?? this.records.get(this.aliasOf.get(id) ?? '');
  }

  namespaces(): readonly string[] {
    return [...this.namespaceSet].sort();
  }

  meta(): VulnDbMeta {
    return { schemaVersion: 0, built: this.built, sources: [...this.sources.values()] };
  }

  private recordFor(id: string): VulnRecord {
    let record = this.records.get(id);
    if (!record) {
      record = { id, aliases: [], cvss: [], references: [] };
      this.records.set(id, record);
    }
    return record;
  }
}

function packageKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

function addUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
