import type { CvssScore, Severity } from '../../model/index.js';

/**
 * Which severity a vulnerability finding carries, and whose it is.
 *
 * Order of preference:
 * 1. The vendor's own rating for the package in that release (Debian urgency, Ubuntu priority,
 *    Red Hat impact, Alpine/Alma where given, GHSA's severity for language packages): the vendor
 *    judges the flaw as built and configured in its package, which NVD cannot (trivy#4102: db5.3
 *    rated critical by NVD, "minor" by Debian).
 * 2. CVSS: NVD's primary score first, then the CNA/ADP scores from the CVE record (`cve:*`), then
 *    GHSA, then any other scorer. Within one scorer v3.1 before v3.0 before v4.0 before v2.0: v3.x
 *    is what NVD, the CNAs and most bank policies (PCI DSS "CVSS ≥ 4.0") rate against, while v4.0
 *    scores are still sparse and not comparable with v3 ones; v2 is a last resort.
 * 3. Nothing known: `medium`, with `severitySource: 'unrated'`, so an unscored flaw is neither
 *    hidden below a `--fail-on high` gate nor inflated to critical.
 */

/**
 * The vendors' severity vocabularies, normalised to ours:
 * - Debian tracker urgency: `unimportant`, `low`, `medium`, `high`, with `**` marking a guess
 *   (`high**`); `not yet assigned` and `end-of-life` are not ratings.
 * - Ubuntu priority: `negligible`, `low`, `medium`, `high`, `critical`; `untriaged` is not a rating.
 * - Red Hat impact: `Low`, `Moderate`, `Important`, `Critical`.
 * - CVSS qualitative ratings: `NONE`, `LOW`, `MEDIUM`, `HIGH`, `CRITICAL`.
 * Debian's `unimportant` and Ubuntu's `negligible` (real, but no security impact in practice) become
 * `low`, as the peers (Trivy) show them, so that results compare.
 */
const VENDOR_WORDS: Record<string, Severity> = {
  critical: 'critical',
  important: 'high',
  high: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  unimportant: 'low',
  negligible: 'low',
  minor: 'low',
  none: 'info',
  info: 'info',
  informational: 'info',
};

/**
 * A vendor's severity word, normalised; undefined for "not yet assigned", "untriaged", "unknown"
 * and the like. Used by the importers (what is stored) and the matcher (what a finding shows).
 * Debian marks unverified urgencies with `**` (`high**`): the rating still stands.
 */
export function normalizeVendorSeverity(text: string | undefined): Severity | undefined {
  if (!text) return undefined;
  const word = text.trim().toLowerCase().replace(/\*+$/, '').trim();
  return VENDOR_WORDS[word];
}

/** CVSS base score bands (v3.x and v4.0 qualitative ratings; v2 has no critical band). */
export function severityOfScore(score: number, version: CvssScore['version'] = '3.1'): Severity {
  if (version === '2.0') return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

const VERSION_ORDER: Record<CvssScore['version'], number> = { '3.1': 0, '3.0': 1, '4.0': 2, '2.0': 3 };

function scorerRank(source: string): number {
  if (source === 'nvd') return 0;
  if (source.startsWith('cve:') || source === 'cve') return 1;
  if (source === 'ghsa') return 2;
  return 3;
}

/** The CVSS score a finding shows: see the order above. */
export function preferredCvss(scores: readonly CvssScore[]): CvssScore | undefined {
  let best: CvssScore | undefined;
  for (const s of scores) {
    if (!Number.isFinite(s.score)) continue;
    if (!best || compareCvss(s, best) < 0) best = s;
  }
  return best;
}

function compareCvss(a: CvssScore, b: CvssScore): number {
  return scorerRank(a.source) - scorerRank(b.source) || VERSION_ORDER[a.version] - VERSION_ORDER[b.version] || a.source.localeCompare(b.source);
}

export interface SeverityChoice {
  severity: Severity;
  /** `debian`, `redhat`, `ghsa`… for a vendor rating; the CVSS scorer (`nvd`, `cve:CISA-ADP`) otherwise; `unrated` when nothing is known. */
  source: string;
  /** The CVSS score shown alongside, whichever rating won. */
  cvss?: CvssScore;
}

/**
 * Chooses the finding's severity. `vendor` is the affected-package record's severity word and
 * `vendorName` who gave it.
 */
export function chooseSeverity(vendor: { severity?: string; name: string } | undefined, cvss: readonly CvssScore[]): SeverityChoice {
  const best = preferredCvss(cvss);
  const vendorSeverity = normalizeVendorSeverity(vendor?.severity);
  let choice: SeverityChoice;
  if (vendorSeverity && vendor) choice = { severity: vendorSeverity, source: vendor.name };
  else if (best) choice = { severity: severityOfScore(best.score, best.version), source: best.source };
  else choice = { severity: 'medium', source: 'unrated' };
  if (best) choice.cvss = best;
  return choice;
}
