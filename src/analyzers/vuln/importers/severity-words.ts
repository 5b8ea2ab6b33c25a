import type { Severity } from '../../../model/index.js';

/**
 * The vendors' severity vocabularies, normalised to ours:
 * - Debian tracker urgency: `unimportant`, `low`, `medium`, `high`, with `**` marking a guess
 *   (`high**`); `not yet assigned` and `end-of-life` are not ratings.
 * - Ubuntu priority: `negligible`, `low`, `medium`, `high`, `critical`; `untriaged` is not a rating.
 * - Red Hat impact: `Low`, `Moderate`, `Important`, `Critical`.
 * - CVSS qualitative ratings: `NONE`, `LOW`, `MEDIUM`, `HIGH`, `CRITICAL`.
 * Debian's `unimportant` and Ubuntu's `negligible` (real, but no security impact in practice) become
 * `low`, as the peers show them, so that results compare.
 */
const WORDS: Record<string, Severity> = {
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

/** A vendor's severity word as our severity; undefined for "not yet assigned", "untriaged", "unknown" and the like. */
export function vendorSeverity(word: string | undefined): Severity | undefined {
  if (!word) return undefined;
  return WORDS[word.trim().toLowerCase().replace(/\*+$/, '').trim()];
}
