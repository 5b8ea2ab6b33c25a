import type { PackageType } from './package.js';

/**
 * Vulnerability data as the importers normalise it from the publishers' own formats, and as the
 * database stores and the matcher reads it.
 */

/**
 * Where an affected-package record applies. Distribution data is keyed by the vendor's release
 * (`debian:12`, `ubuntu:22.04`, `alpine:3.19`, `rhel:9`, `almalinux:9`, `amazon:2023`); language
 * data by the purl type (`npm`, `pypi`, `maven`, `golang`, `gem`, `cargo`, `composer`, `nuget`).
 * Debian and Alpine releases are keyed as the vendor keys them: Debian by major, Alpine by minor
 * (`3.19`, or `edge`), Ubuntu by `YY.MM`, the RPM family by major.
 */
export type AdvisoryNamespace = string;

/** The comparison rules a version string follows; one comparator module each. */
export const VERSION_SCHEMES = ['dpkg', 'apk', 'rpm', 'semver', 'npm', 'pep440', 'maven', 'go', 'gem', 'composer', 'nuget'] as const;
export type VersionScheme = (typeof VERSION_SCHEMES)[number];

/**
 * The vendor's verdict for a package in a release. `fixed` carries the fixed version; `affected`
 * means no fix exists yet; the others are the vendors' own words for "no fix is coming" or
 * "this release is not vulnerable".
 */
export const VULN_STATUSES = ['fixed', 'affected', 'will-not-fix', 'fix-deferred', 'end-of-life', 'under-investigation', 'not-affected'] as const;
export type VulnStatus = (typeof VULN_STATUSES)[number];

/**
 * One range of affected versions in the record's scheme, OSV-style: from `introduced` (inclusive;
 * absent or `0` = from the beginning) up to `fixed` (exclusive) or `lastAffected` (inclusive); with
 * neither, every version from `introduced` on is affected.
 */
export interface AffectedRange {
  introduced?: string;
  fixed?: string;
  lastAffected?: string;
}

export interface AffectedPackage {
  namespace: AdvisoryNamespace;
  /** The name the vendor keys on: source package for Debian/Ubuntu/Alpine, binary RPM for the RPM family, the ecosystem name otherwise (Maven `group:artifact`). */
  package: string;
  scheme: VersionScheme;
  status: VulnStatus;
  /** Empty with status `affected` means every version; with `not-affected` it means the release never shipped the flaw. */
  ranges: AffectedRange[];
  /** Explicitly enumerated affected versions (OSV `versions`), in addition to the ranges. */
  versions?: string[];
  /** Vendor severity for this package in this release (Debian urgency, Ubuntu priority, Red Hat impact), normalised. */
  severity?: string;
  /** The advisory that carries the fix (`DSA-5678-1`, `RHSA-2024:1234`, `USN-6663-1`, `ALSA-2024:3339`). */
  advisory?: string;
  /** Binary architectures the record is limited to, when the vendor says. */
  arches?: string[];
  /** The importer that produced it (`debian-tracker`, `alpine-secdb`, `osv:Go`…): provenance in findings. */
  source: string;
}

export interface CvssScore {
  /** Who scored: `nvd`, `cve:CISA-ADP`, `ghsa`, `redhat`, `ubuntu`… */
  source: string;
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector: string;
  score: number;
}

export interface Advisory {
  /** Primary id: the CVE where the publisher names one for a single flaw, else the publisher's id. */
  id: string;
  /** Other ids of the same flaw (GHSA, PYSEC, GO, RUSTSEC, DSA…). */
  aliases: string[];
  summary?: string;
  details?: string;
  published?: string;
  modified?: string;
  /** Withdrawn or rejected records are stored so they can be shown as such, and never matched. */
  withdrawn?: string;
  cvss: CvssScore[];
  references: string[];
  affected: AffectedPackage[];
  /** The importer that produced the record. */
  source: string;
}

/** Facts about a vulnerability id that come from feeds without affected packages. */
export interface VulnEnrichment {
  id: string;
  kev?: { dateAdded: string; dueDate?: string; ransomware?: boolean };
  epss?: { score: number; percentile: number; date: string };
  cvss?: CvssScore[];
  description?: string;
  published?: string;
}

/** One source the database was built from, recorded in its manifest and shown by `rampart db status`. */
export interface VulnSourceInfo {
  name: string;
  /** The data's own date (generator timestamp, catalogue version, newest record), ISO 8601. */
  date?: string;
  records: number;
}

/** Maps a package type to the namespace its language advisories are filed under; OS packages need the OS release. */
export function languageNamespace(type: PackageType): AdvisoryNamespace | undefined {
  return type === 'deb' || type === 'apk' || type === 'rpm' ? undefined : type;
}
