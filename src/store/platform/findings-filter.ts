import { isSeverity, SEVERITIES, type Severity } from '../../model/severity.js';
import type { SqlValue } from '../sql/database.js';

/** A finding's state on the platform: the scan statuses, plus `resolved` once a covering scan no longer reports it. */
export const PLATFORM_FINDING_STATUSES = ['fail', 'waived', 'not-evaluated', 'resolved'] as const;
export type PlatformFindingStatus = (typeof PLATFORM_FINDING_STATUSES)[number];
/** Statuses of a finding still present in its asset's latest scan. */
export const OPEN_STATUSES: readonly PlatformFindingStatus[] = ['fail', 'waived', 'not-evaluated'];

/** An inclusive-from, exclusive-to range of ISO 8601 times (either end optional). */
export interface TimeRange {
  from?: string;
  to?: string;
}

/** Every field narrows; an empty filter matches every finding, resolved ones included. */
export interface FindingFilter {
  cluster?: string;
  namespace?: string;
  /** `sha256:…` of an image asset. */
  imageDigest?: string;
  assetRef?: string;
  /** An exact check id, or a prefix pattern ending in `*` (`image.*`). */
  check?: string;
  control?: { framework: string; id: string };
  severity?: Severity[];
  status?: PlatformFindingStatus[];
  /** Owning team; several teams match any of them (a member sees their teams' findings). */
  owner?: string | string[];
  /** Only findings no team owns. */
  unowned?: boolean;
  vulnId?: string;
  firstSeen?: TimeRange;
  lastSeen?: TimeRange;
  /** Case-insensitive substring of the asset's display name. */
  text?: string;
  fingerprints?: string[];
}

export interface SqlCondition {
  /** `WHERE` clauses joined by AND, on alias `f` (platform_findings) and, for control filters, `c`. */
  where: string[];
  params: SqlValue[];
  /** True when the condition needs `platform_finding_controls c` joined. */
  joinsControls: boolean;
}

/** Placeholders for an IN list. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function addRange(where: string[], params: SqlValue[], column: string, range: TimeRange | undefined, field: string): void {
  if (!range) return;
  for (const [bound, value] of [['from', range.from], ['to', range.to]] as const) {
    if (value === undefined) continue;
    if (Number.isNaN(Date.parse(value))) throw new Error(`finding filter ${field}.${bound}: ${JSON.stringify(value)} is not an ISO 8601 time`);
    where.push(bound === 'from' ? `${column} >= ?` : `${column} < ?`);
    params.push(value);
  }
}

/** The WHERE clauses of a filter. Values are validated here, so a bad one names its field. */
export function filterCondition(filter: FindingFilter): SqlCondition {
  const where: string[] = [];
  const params: SqlValue[] = [];
  let joinsControls = false;
  if (filter.cluster !== undefined) {
    where.push('f.cluster = ?');
    params.push(filter.cluster);
  }
  if (filter.namespace !== undefined) {
    where.push('f.namespace = ?');
    params.push(filter.namespace);
  }
  if (filter.imageDigest !== undefined) {
    // An image asset's ref is `image://<digest>` (and only an image's is): the asset index finds
    // its findings in page order. (A second condition on a digest column would make PostgreSQL
    // misjudge how many rows match, and sort instead of reading the index in order.)
    where.push('f.asset_ref = ?');
    params.push(`image://${filter.imageDigest}`);
  }
  if (filter.assetRef !== undefined) {
    where.push('f.asset_ref = ?');
    params.push(filter.assetRef);
  }
  if (filter.check !== undefined) {
    if (filter.check.endsWith('*')) {
      where.push("f.check_id LIKE ? ESCAPE '\\'");
      params.push(`${escapeLike(filter.check.slice(0, -1))}%`);
    } else {
      where.push('f.check_id = ?');
      params.push(filter.check);
    }
  }
  if (filter.control) {
    joinsControls = true;
    where.push('c.framework = ?', 'c.control_id = ?');
    params.push(filter.control.framework, filter.control.id);
  }
  if (filter.severity) {
    for (const s of filter.severity) if (!isSeverity(s)) throw new Error(`finding filter severity: unknown severity ${JSON.stringify(s)} (expected ${SEVERITIES.join(', ')})`);
    if (filter.severity.length === 0) where.push('1 = 0');
    else if (filter.severity.length === 1) {
      where.push('f.severity_order = ?');
      params.push(SEVERITIES.indexOf(filter.severity[0]!));
    } else {
      // On severity_order, which the indexes hold, rather than the severity text.
      where.push(`f.severity_order IN (${placeholders(filter.severity.length)})`);
      params.push(...filter.severity.map((s) => SEVERITIES.indexOf(s)));
    }
  }
  if (filter.status) {
    for (const s of filter.status) {
      if (!(PLATFORM_FINDING_STATUSES as readonly string[]).includes(s)) throw new Error(`finding filter status: unknown status ${JSON.stringify(s)} (expected ${PLATFORM_FINDING_STATUSES.join(', ')})`);
    }
    if (filter.status.length === 0) where.push('1 = 0');
    else if (filter.status.length === 1) {
      where.push('f.status = ?');
      params.push(filter.status[0]!);
    } else {
      where.push(`f.status IN (${placeholders(filter.status.length)})`);
      params.push(...filter.status);
    }
  }
  if (filter.owner !== undefined) {
    const owners = typeof filter.owner === 'string' ? [filter.owner] : filter.owner;
    if (owners.length === 0) where.push('1 = 0');
    else if (owners.length === 1) {
      where.push('f.owner = ?');
      params.push(owners[0]!);
    } else {
      where.push(`f.owner IN (${placeholders(owners.length)})`);
      params.push(...owners);
    }
  }
  if (filter.unowned) where.push('f.owner IS NULL');
  if (filter.vulnId !== undefined) {
    where.push('f.vuln_id = ?');
    params.push(filter.vulnId);
  }
  addRange(where, params, 'f.first_seen', filter.firstSeen, 'firstSeen');
  addRange(where, params, 'f.last_seen', filter.lastSeen, 'lastSeen');
  if (filter.text !== undefined && filter.text !== '') {
    where.push("LOWER(f.asset_name) LIKE ? ESCAPE '\\'");
    params.push(`%${escapeLike(filter.text.toLowerCase())}%`);
  }
  if (filter.fingerprints) {
    if (filter.fingerprints.length === 0) where.push('1 = 0');
    else {
      where.push(`f.fingerprint IN (${placeholders(filter.fingerprints.length)})`);
      params.push(...filter.fingerprints);
    }
  }
  return { where, params, joinsControls };
}

/** `FROM …` for a condition: the findings table, joined to its controls when the filter names one. */
export function fromClause(condition: SqlCondition): string {
  return condition.joinsControls
    ? 'platform_finding_controls c JOIN platform_findings f ON f.fingerprint = c.fingerprint'
    : 'platform_findings f';
}

export function whereClause(condition: SqlCondition, extra: string[] = []): string {
  const all = [...condition.where, ...extra];
  return all.length ? ` WHERE ${all.join(' AND ')}` : '';
}
