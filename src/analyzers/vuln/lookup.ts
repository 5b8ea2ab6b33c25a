import type { AffectedPackage, CvssScore, VulnEnrichment, VulnSourceInfo } from '../../model/index.js';

/** An affected-package record with the vulnerability it belongs to. */
export interface AffectedRecord extends AffectedPackage {
  vulnId: string;
}

/** What the matcher needs to know about one vulnerability id, merged across sources. */
export interface VulnRecord {
  id: string;
  aliases: string[];
  summary?: string;
  details?: string;
  published?: string;
  withdrawn?: string;
  cvss: CvssScore[];
  references: string[];
  kev?: VulnEnrichment['kev'];
  epss?: VulnEnrichment['epss'];
}

export interface VulnDbMeta {
  schemaVersion: number;
  built: string;
  sources: VulnSourceInfo[];
}

/**
 * The matcher's view of the vulnerability database. The SQLite store implements it for scans; an
 * in-memory implementation serves tests and small SBOM checks. Lookups are by the vendor's key:
 * namespace (`debian:12`, `npm`) and package name exactly as the vendor writes it.
 */
export interface VulnLookup {
  affected(namespace: string, packageName: string): readonly AffectedRecord[];
  /** By primary id or any alias. */
  vulnerability(id: string): VulnRecord | undefined;
  /** Namespaces the database holds data for: a scan of an OS release with none says so instead of reporting a clean pass. */
  namespaces(): readonly string[];
  meta(): VulnDbMeta;
}
