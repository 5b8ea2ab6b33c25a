import type { Asset } from '../../model/asset.js';
import type { Finding } from '../../model/finding.js';
import type { Report } from '../../model/report.js';
import { SEVERITIES, type Severity } from '../../model/severity.js';
import type { SqlDatabase, SqlExecutor, SqlValue } from '../sql/database.js';
import {
  filterCondition,
  fromClause,
  placeholders,
  PLATFORM_FINDING_STATUSES,
  whereClause,
  type FindingFilter,
  type PlatformFindingStatus,
} from './findings-filter.js';
import { FINDINGS_MIGRATIONS } from './findings-schema.js';
import { deleteKeys, forKeys, insertMany, type BulkColumns } from './findings-write.js';

export { OPEN_STATUSES, PLATFORM_FINDING_STATUSES, type FindingFilter, type PlatformFindingStatus, type TimeRange } from './findings-filter.js';

/**
 * The platform's findings: the current state of every finding any scan reported, per fingerprint,
 * with its status history, on either SQL dialect. Ingest is one transaction per uploaded report,
 * written in multi-row statements; queries page by keyset (most severe first, then fingerprint).
 */

export interface IngestMeta {
  /** Who uploaded (user or token name). */
  uploadedBy: string;
  /** What produced the report; default the report's `command`. */
  source?: string;
  /** The cluster the scan ran against, for assets whose ref names none. */
  cluster?: string;
  /** When the upload arrived (default now). Findings are dated by the report's `scanTime`. */
  uploadedAt?: string;
  /**
   * What the scan covered, beyond the assets it reported (every asset with a finding and every
   * image in `report.images` is covered). Open findings of covered assets or namespaces that the
   * scan no longer reports are resolved; `checks` (ids or `prefix.*`) narrows that to the checks
   * the scan ran, for partial scans.
   */
  scope?: { assets?: string[]; namespaces?: { cluster?: string; namespace: string }[]; checks?: string[] };
  /** Checks the scan evaluated, including those that found nothing (so their controls can pass). */
  checksEvaluated?: string[];
  /** Labels per asset ref (e.g. the namespace's or workload's), kept with the asset for routing. */
  assetLabels?: Record<string, Record<string, string>>;
}

export interface IngestResult {
  scanId: number;
  findings: number;
  /** Fingerprints never seen before. */
  new: number;
  /** Findings that were resolved and came back. */
  reopened: number;
  /** Open findings this scan no longer reports. */
  resolved: number;
  /** Findings whose status changed otherwise (fail ↔ waived ↔ not-evaluated). */
  changed: number;
  assets: number;
}

export interface StoredFinding {
  fingerprint: string;
  checkId: string;
  severity: Severity;
  status: PlatformFindingStatus;
  assetRef: string;
  assetName: string;
  subject: string;
  cluster?: string;
  namespace?: string;
  imageDigest?: string;
  vulnId?: string;
  packagePurl?: string;
  /** For package findings: `os` for distribution packages of the base image, `app` for application dependencies. */
  packageLayer?: 'os' | 'app';
  owner?: string;
  controls: string[];
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
  lastScanId: number;
  /** The finding as its latest scan reported it. */
  finding: Finding;
}

export interface HistoryEntry {
  at: string;
  /** The scan that changed it; absent for changes made on the platform (waiver decisions). */
  scanId?: number;
  from?: PlatformFindingStatus;
  to: PlatformFindingStatus;
  actor: string;
}

export interface Page {
  /** Default 50, at most 500. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface FindingPage {
  items: StoredFinding[];
  /** Present when more findings follow. */
  nextCursor?: string;
}

export interface FindingCounts {
  total: number;
  bySeverity: Record<Severity, number>;
  byStatus: Record<PlatformFindingStatus, number>;
  /** Per owning team; findings no team owns are counted in `unowned`. */
  byTeam: Record<string, number>;
  unowned: number;
  /** Per cluster; `''` for findings of assets that name no cluster. */
  byCluster: Record<string, number>;
  byCheck: Record<string, number>;
}

export interface TrendPoint {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Failing findings at the end of that day (for today: now). */
  bySeverity: Record<Severity, number>;
  total: number;
}

export type ControlState = 'fail' | 'waived' | 'pass' | 'not-evaluated';

export interface ControlStatus {
  framework: string;
  control: string;
  /**
   * `fail`: a finding fails. `waived`: findings exist and every one is waived. `not-evaluated`: a
   * check could not see its input, or nothing of the control was ever evaluated. `pass`: its checks
   * ran and no finding is open.
   */
  status: ControlState;
  fail: number;
  waived: number;
  notEvaluated: number;
  resolved: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Days per `IN (…)` list of the trend. */
const IN_CHUNK = 500;

const OS_PACKAGE_TYPES = new Set(['deb', 'rpm', 'apk', 'alpm', 'ebuild', 'opkg']);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function imageDigestOf(asset: Asset): string | null {
  return asset.type === 'image' && asset.ref.startsWith('image://') ? asset.ref.slice('image://'.length) : null;
}

function packageLayerOf(f: Finding): 'os' | 'app' | null {
  if (!f.package) return null;
  return OS_PACKAGE_TYPES.has(f.package.type) ? 'os' : 'app';
}

function controlsText(controls: readonly string[]): string {
  return JSON.stringify([...new Set(controls)].sort());
}

/** `framework:id`, split at the first colon (control ids may hold colons; framework ids do not). */
function splitControl(key: string): [string, string] | undefined {
  const at = key.indexOf(':');
  return at > 0 ? [key.slice(0, at), key.slice(at + 1)] : undefined;
}

function checkMatcher(patterns: readonly string[] | undefined): (checkId: string) => boolean {
  if (!patterns) return () => true;
  return (checkId) => patterns.some((p) => (p.endsWith('*') ? checkId.startsWith(p.slice(0, -1)) : checkId === p));
}

function emptySeverityCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

function dayOf(time: string): string {
  return new Date(time).toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function encodeCursor(order: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify([order, fingerprint])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isInteger(value[0]) && typeof value[1] === 'string') return [value[0] as number, value[1]];
  } catch {
    // Falls through to the error below.
  }
  throw new Error('page cursor: not a cursor this server issued (use nextCursor of the previous page)');
}

interface FindingRow {
  fingerprint: string;
  severity_order: number;
  status: string;
  cluster: string;
  owner: string | null;
  first_seen: string;
  last_seen: string;
  resolved_at: string | null;
  last_scan_id: number;
  finding: string;
}

// What a page needs beyond the finding's JSON: the platform's state of it. Everything the scan
// reported (check, asset, subject, package, vulnerability, controls) is read from the JSON, which
// is parsed anyway: fewer columns to fetch and convert per row.
const FINDING_COLUMNS = 'f.fingerprint, f.severity_order, f.status, f.cluster, f.owner, f.first_seen, f.last_seen, f.resolved_at, f.last_scan_id, f.finding';

function toStoredFinding(row: FindingRow): StoredFinding {
  const finding = JSON.parse(row.finding) as Finding;
  const asset = finding.asset;
  const stored: StoredFinding = {
    fingerprint: row.fingerprint,
    checkId: finding.checkId,
    severity: SEVERITIES[row.severity_order]!,
    status: row.status as PlatformFindingStatus,
    assetRef: asset.ref,
    assetName: asset.name,
    subject: finding.subject ?? '',
    controls: [...new Set(finding.controls ?? [])].sort(),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    lastScanId: Number(row.last_scan_id),
    finding,
  };
  if (row.cluster) stored.cluster = row.cluster;
  if (asset.namespace) stored.namespace = asset.namespace;
  const digest = imageDigestOf(asset);
  if (digest) stored.imageDigest = digest;
  if (finding.vulnerability?.id) stored.vulnId = finding.vulnerability.id;
  if (finding.package?.purl) stored.packagePurl = finding.package.purl;
  const layer = packageLayerOf(finding);
  if (layer) stored.packageLayer = layer;
  if (row.owner) stored.owner = row.owner;
  if (row.resolved_at) stored.resolvedAt = row.resolved_at;
  return stored;
}

/** The stored state of a finding a scan covers, as ingest compares it with the scan's. */
interface ExistingRow {
  fingerprint: string;
  status: PlatformFindingStatus;
  controls: string;
  severity_order: number;
  check_id: string;
  owner: string | null;
  cluster: string;
  finding: string;
}

const EXISTING_COLUMNS = 'fingerprint, status, controls, severity_order, check_id, owner, cluster, finding';

const FINDINGS_TABLE: BulkColumns = {
  table: 'platform_findings',
  columns: [
    ['fingerprint', 'text'], ['check_id', 'text'], ['severity_order', 'integer'], ['status', 'text'], ['asset_ref', 'text'], ['asset_name', 'text'],
    ['cluster', 'text'], ['namespace', 'text'], ['vuln_id', 'text'], ['owner', 'text'], ['controls', 'text'],
    ['first_seen', 'text'], ['first_scan_id', 'bigint'], ['first_status', 'text'], ['last_seen', 'text'], ['resolved_at', 'text'], ['last_scan_id', 'bigint'],
    ['finding', 'text'],
  ],
};
// first_seen and the first history entry (first_scan_id, first_status) are never overwritten;
// last_seen only moves forward (a late upload of an older scan must not make a finding look older
// than it is); an owner the routing cannot decide keeps the old one.
const FINDING_UPSERT_TAIL = ` ON CONFLICT (fingerprint) DO UPDATE SET
  check_id = excluded.check_id, severity_order = excluded.severity_order, status = excluded.status, asset_ref = excluded.asset_ref,
  asset_name = excluded.asset_name, cluster = excluded.cluster, namespace = excluded.namespace, vuln_id = excluded.vuln_id, owner = COALESCE(excluded.owner, platform_findings.owner), controls = excluded.controls,
  last_seen = CASE WHEN excluded.last_seen > platform_findings.last_seen THEN excluded.last_seen ELSE platform_findings.last_seen END,
  resolved_at = NULL, last_scan_id = excluded.last_scan_id, finding = excluded.finding`;

const CONTROLS_TABLE: BulkColumns = {
  table: 'platform_finding_controls',
  columns: [['framework', 'text'], ['control_id', 'text'], ['severity_order', 'integer'], ['fingerprint', 'text']],
};
const HISTORY_TABLE: BulkColumns = {
  table: 'platform_finding_history',
  columns: [['fingerprint', 'text'], ['scan_id', 'bigint'], ['at', 'text'], ['from_status', 'text'], ['to_status', 'text'], ['actor', 'text']],
};
const ASSETS_TABLE: BulkColumns = {
  table: 'platform_assets',
  columns: [
    ['ref', 'text'], ['type', 'text'], ['name', 'text'], ['cluster', 'text'], ['namespace', 'text'], ['kind', 'text'], ['image_digest', 'text'],
    ['labels', 'text'], ['first_seen', 'text'], ['last_seen', 'text'], ['last_scan_id', 'bigint'],
  ],
};
const ASSET_UPSERT_TAIL = ` ON CONFLICT (ref) DO UPDATE SET
  type = excluded.type, name = excluded.name, cluster = excluded.cluster, namespace = excluded.namespace, kind = excluded.kind,
  image_digest = excluded.image_digest, labels = COALESCE(excluded.labels, platform_assets.labels),
  last_seen = CASE WHEN excluded.last_seen > platform_assets.last_seen THEN excluded.last_seen ELSE platform_assets.last_seen END,
  last_scan_id = excluded.last_scan_id`;

const SCAN_ASSETS_TABLE: BulkColumns = { table: 'platform_scan_assets', columns: [['scan_id', 'bigint'], ['asset_ref', 'text']] };
const CHECKS_EVALUATED_TABLE: BulkColumns = { table: 'platform_checks_evaluated', columns: [['check_id', 'text'], ['last_evaluated', 'text']] };

/** The control rows of a finding: one per `framework:id` of its (sorted, unique) controls. */
function controlKeys(fingerprint: string, controls: string, order: number): SqlValue[][] {
  const keys: SqlValue[][] = [];
  for (const key of JSON.parse(controls) as string[]) {
    const parts = splitControl(key);
    if (parts) keys.push([parts[0], parts[1], order, fingerprint]);
  }
  return keys;
}

/** `CASE severity_order WHEN 0 THEN 'critical' …`: the severity's name in SQL. */
const SEVERITY_NAME_SQL = `CASE severity_order ${SEVERITIES.map((s, i) => `WHEN ${i} THEN '${s}'`).join(' ')} END`;

export class PlatformFindings {
  private constructor(private readonly db: SqlDatabase) {}

  /** Applies the `findings` migrations and returns the store. */
  static async open(db: SqlDatabase): Promise<PlatformFindings> {
    await db.migrate('findings', FINDINGS_MIGRATIONS);
    return new PlatformFindings(db);
  }

  /**
   * Stores one uploaded report in one transaction: the scan, its assets, every finding's current
   * state (first seen kept), and history for every status change. Open findings of the assets (and
   * namespaces) the scan covered that it no longer reports become `resolved`; findings of assets it
   * did not cover are untouched. `owner` routes each finding to a team (undefined keeps the
   * finding's current owner).
   */
  async ingest(report: Report, meta: IngestMeta, owner: (f: Finding) => string | undefined): Promise<IngestResult> {
    const at = report.scanTime;
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) throw new Error(`report scanTime: ${JSON.stringify(at)} is not an ISO 8601 time`);
    if (!Array.isArray(report.findings)) throw new Error('report findings: not a list');
    const uploadedAt = meta.uploadedAt ?? new Date().toISOString();
    const defaultCluster = meta.cluster ?? '';

    // One row per fingerprint (the last wins), in fingerprint order so that concurrent ingests
    // touching the same rows lock them in the same order (no deadlocks on PostgreSQL).
    const byFingerprint = new Map<string, Finding>();
    for (const f of report.findings) byFingerprint.set(f.fingerprint, f);
    const incoming = [...byFingerprint.values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));

    const assets = new Map<string, Asset>();
    for (const f of incoming) if (!assets.has(f.asset.ref)) assets.set(f.asset.ref, f.asset);
    for (const image of report.images ?? []) {
      if (!assets.has(image.ref)) assets.set(image.ref, { type: 'image', ref: image.ref, name: image.reference });
    }
    const covered = new Set([...assets.keys(), ...(meta.scope?.assets ?? [])]);
    const inCheckScope = checkMatcher(meta.scope?.checks);

    return this.db.transaction(async (tx) => {
      const scan = await tx.get<{ id: number }>(
        'INSERT INTO platform_scans (source, tool_version, scanned_at, uploaded_at, uploaded_by, cluster, input_errors, findings, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
        [meta.source ?? report.command, report.tool?.version ?? '', at, uploadedAt, meta.uploadedBy, defaultCluster, report.inputErrors?.length ?? 0, incoming.length, JSON.stringify(report.summary ?? null)],
      );
      const scanId = Number(scan!.id);

      await this.snapshotIfNewDay(tx, dayOf(at));

      await insertMany(
        tx,
        ASSETS_TABLE,
        [...assets.values()].sort((a, b) => (a.ref < b.ref ? -1 : 1)).map((a) => {
          const labels = meta.assetLabels?.[a.ref];
          return [a.ref, a.type, a.name, a.cluster ?? defaultCluster, a.namespace ?? '', a.kind ?? null, imageDigestOf(a), labels ? JSON.stringify(labels) : null, at, at, scanId];
        }),
        ASSET_UPSERT_TAIL,
      );
      await insertMany(tx, SCAN_ASSETS_TABLE, [...covered].map((ref) => [scanId, ref]), ' ON CONFLICT DO NOTHING');

      // What the store holds for everything this scan covered: the previous state of the findings
      // it reports, and the candidates for resolution. On PostgreSQL the rows are locked as they
      // are read (in fingerprint order, so two ingests cannot deadlock on them): an ingest of the
      // same assets at the same time waits, then compares against what that one wrote.
      const lock = tx.dialect === 'postgres' ? ' ORDER BY fingerprint FOR UPDATE' : '';
      const existing = new Map<string, ExistingRow>();
      const coveredRows = await forKeys<ExistingRow>(tx, [...covered].sort(), (list) => `SELECT ${EXISTING_COLUMNS} FROM platform_findings WHERE asset_ref IN (${list})${lock}`);
      for (const row of coveredRows.rows) existing.set(row.fingerprint, row);
      for (const ns of meta.scope?.namespaces ?? []) {
        const rows = await tx.all<ExistingRow>(`SELECT ${EXISTING_COLUMNS} FROM platform_findings WHERE cluster = ? AND namespace = ?${lock}`, [ns.cluster ?? defaultCluster, ns.namespace]);
        for (const row of rows) existing.set(row.fingerprint, row);
      }

      const result: IngestResult = { scanId, findings: incoming.length, new: 0, reopened: 0, resolved: 0, changed: 0, assets: assets.size };
      const findingRows: SqlValue[][] = [];
      const unchanged: string[] = [];
      const historyRows: SqlValue[][] = [];
      const controlRows: SqlValue[][] = [];
      const controlsRemoved: SqlValue[][] = [];
      for (const f of incoming) {
        const prev = existing.get(f.fingerprint);
        const order = SEVERITIES.indexOf(f.severity);
        if (order < 0) throw new Error(`report finding ${f.fingerprint}: unknown severity ${JSON.stringify(f.severity)}`);
        const asset = f.asset;
        const cluster = asset.cluster ?? defaultCluster;
        const json = JSON.stringify(f);
        const routed = owner(f) ?? null;
        // Reported exactly as before (every other column is derived from the finding and the
        // cluster), with the same status and owner: only last-seen moves (below).
        if (prev && prev.status === f.status && prev.finding === json && prev.cluster === cluster && (routed === null || routed === prev.owner)) {
          unchanged.push(f.fingerprint);
          continue;
        }
        const controls = controlsText(f.controls ?? []);
        if (!prev) {
          result.new++;
        } else if (prev.status !== f.status) {
          if (prev.status === 'resolved') result.reopened++;
          else result.changed++;
          historyRows.push([f.fingerprint, scanId, at, prev.status, f.status, meta.uploadedBy]);
        }
        if (!prev || prev.controls !== controls || prev.severity_order !== order) {
          if (prev) controlsRemoved.push(...controlKeys(f.fingerprint, prev.controls, prev.severity_order));
          controlRows.push(...controlKeys(f.fingerprint, controls, order));
        }
        findingRows.push([
          f.fingerprint, f.checkId, order, f.status, asset.ref, asset.name, cluster, asset.namespace ?? '', f.vulnerability?.id ?? null,
          routed, controls, at, scanId, f.status, at, null, scanId, json,
        ]);
      }

      const resolved: string[] = [];
      for (const row of existing.values()) {
        if (byFingerprint.has(row.fingerprint) || row.status === 'resolved' || !inCheckScope(row.check_id)) continue;
        resolved.push(row.fingerprint);
        historyRows.push([row.fingerprint, scanId, at, row.status, 'resolved', meta.uploadedBy]);
      }
      result.resolved = resolved.length;

      await insertMany(tx, FINDINGS_TABLE, findingRows, FINDING_UPSERT_TAIL);
      await forKeys(tx, unchanged, (list) => `UPDATE platform_findings SET last_seen = CASE WHEN ? > last_seen THEN ? ELSE last_seen END, last_scan_id = ? WHERE fingerprint IN (${list})`, [at, at, scanId]);
      await deleteKeys(tx, CONTROLS_TABLE, controlsRemoved);
      await insertMany(tx, CONTROLS_TABLE, controlRows, ' ON CONFLICT DO NOTHING');
      await forKeys(tx, resolved.sort(), (list) => `UPDATE platform_findings SET status = 'resolved', resolved_at = ?, last_scan_id = ? WHERE fingerprint IN (${list})`, [at, scanId]);
      await insertMany(tx, HISTORY_TABLE, historyRows);

      const evaluated = new Set([...incoming.map((f) => f.checkId), ...(meta.checksEvaluated ?? [])]);
      await insertMany(
        tx,
        CHECKS_EVALUATED_TABLE,
        [...evaluated].sort().map((id) => [id, at]),
        ' ON CONFLICT (check_id) DO UPDATE SET last_evaluated = CASE WHEN excluded.last_evaluated > platform_checks_evaluated.last_evaluated THEN excluded.last_evaluated ELSE platform_checks_evaluated.last_evaluated END',
      );
      return result;
    });
  }

  /**
   * The trend's bookkeeping: on the first ingest of a later day, the current failing counts are
   * the end-of-day counts of the last day with activity (nothing has changed since), so they are
   * recorded for it. The conditional UPDATE lets exactly one of two concurrent ingests do it.
   */
  private async snapshotIfNewDay(tx: SqlExecutor, day: string): Promise<void> {
    await tx.run("INSERT INTO platform_findings_state (key, value) VALUES ('last_day', ?) ON CONFLICT (key) DO NOTHING", [day]);
    const last = (await tx.get<{ value: string }>("SELECT value FROM platform_findings_state WHERE key = 'last_day'"))!.value;
    if (day <= last) return;
    const claimed = await tx.run("UPDATE platform_findings_state SET value = ? WHERE key = 'last_day' AND value = ?", [day, last]);
    if (claimed.changes !== 1) return;
    await tx.run('INSERT INTO platform_snapshot_days (day) VALUES (?) ON CONFLICT DO NOTHING', [last]);
    await tx.run(
      `INSERT INTO platform_daily_open (day, cluster, namespace, owner, severity, open) SELECT ?, cluster, namespace, COALESCE(owner, ''), ${SEVERITY_NAME_SQL}, COUNT(*) FROM platform_findings WHERE status = 'fail' GROUP BY cluster, namespace, COALESCE(owner, ''), severity_order`,
      [last],
    );
  }

  /** One page of findings, most severe first, then by fingerprint. */
  async query(filter: FindingFilter = {}, page: Page = {}): Promise<FindingPage> {
    const limit = page.limit === undefined ? DEFAULT_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, Math.floor(page.limit));
    if (!(limit >= 1)) throw new Error(`page limit: ${page.limit} is not a positive number`);
    const condition = filterCondition(filter);
    // Order by the controls table's copy of the sort key when joined: its index pages a control.
    const o = condition.joinsControls ? 'c' : 'f';
    const extra: string[] = [];
    const params = [...condition.params];
    if (page.cursor) {
      const [order, fingerprint] = decodeCursor(page.cursor);
      extra.push(`(${o}.severity_order > ? OR (${o}.severity_order = ? AND ${o}.fingerprint > ?))`);
      params.push(order, order, fingerprint);
    }
    const rows = await this.db.all<FindingRow>(
      `SELECT ${FINDING_COLUMNS} FROM ${fromClause(condition)}${whereClause(condition, extra)} ORDER BY ${o}.severity_order, ${o}.fingerprint LIMIT ?`,
      [...params, limit + 1],
    );
    const more = rows.length > limit;
    const items = (more ? rows.slice(0, limit) : rows).map(toStoredFinding);
    const last = items[items.length - 1];
    return more && last ? { items, nextCursor: encodeCursor(SEVERITIES.indexOf(last.severity), last.fingerprint) } : { items };
  }

  /** One finding with its status history (oldest first), or undefined. */
  async get(fingerprint: string): Promise<(StoredFinding & { history: HistoryEntry[] }) | undefined> {
    const row = await this.db.get<FindingRow & { first_scan_id: number; first_status: string; first_actor: string | null }>(
      `SELECT ${FINDING_COLUMNS}, f.first_scan_id, f.first_status, s.uploaded_by AS first_actor FROM platform_findings f LEFT JOIN platform_scans s ON s.id = f.first_scan_id WHERE f.fingerprint = ?`,
      [fingerprint],
    );
    if (!row) return undefined;
    const changes = await this.db.all<{ at: string; scan_id: number | null; from_status: string | null; to_status: string; actor: string }>(
      'SELECT at, scan_id, from_status, to_status, actor FROM platform_finding_history WHERE fingerprint = ? ORDER BY at, scan_id',
      [fingerprint],
    );
    const history = changes.map((h) => {
      const entry: HistoryEntry = { at: h.at, to: h.to_status as PlatformFindingStatus, actor: h.actor };
      if (h.scan_id !== null) entry.scanId = Number(h.scan_id);
      if (h.from_status) entry.from = h.from_status as PlatformFindingStatus;
      return entry;
    });
    // The first entry lives on the finding's row (its first scan, status and the scan's uploader):
    // it goes before every change made at or after the time it was first seen.
    const first: HistoryEntry = { at: row.first_seen, scanId: Number(row.first_scan_id), to: row.first_status as PlatformFindingStatus, actor: row.first_actor ?? '' };
    const at = history.findIndex((h) => h.at >= row.first_seen);
    history.splice(at < 0 ? history.length : at, 0, first);
    return { ...toStoredFinding(row), history };
  }

  /** Counts of the filtered findings by severity, status, team, cluster and check. */
  async counts(filter: FindingFilter = {}): Promise<FindingCounts> {
    const condition = filterCondition(filter);
    const from = `${fromClause(condition)}${whereClause(condition)}`;
    const group = (column: string) => this.db.all<{ k: string | number | null; n: number }>(`SELECT ${column} AS k, COUNT(*) AS n FROM ${from} GROUP BY ${column}`, condition.params);
    const [bySeverity, byStatus, byTeam, byCluster, byCheck] = await Promise.all([group('f.severity_order'), group('f.status'), group('f.owner'), group('f.cluster'), group('f.check_id')]);
    const counts: FindingCounts = {
      total: 0,
      bySeverity: emptySeverityCounts(),
      byStatus: Object.fromEntries(PLATFORM_FINDING_STATUSES.map((s) => [s, 0])) as Record<PlatformFindingStatus, number>,
      byTeam: {},
      unowned: 0,
      byCluster: {},
      byCheck: {},
    };
    for (const r of bySeverity) {
      counts.total += r.n;
      counts.bySeverity[SEVERITIES[Number(r.k)]!] = r.n;
    }
    for (const r of byStatus) counts.byStatus[r.k as PlatformFindingStatus] = r.n;
    for (const r of byTeam) {
      if (r.k === null) counts.unowned = r.n;
      else counts.byTeam[String(r.k)] = r.n;
    }
    for (const r of byCluster) counts.byCluster[String(r.k)] = r.n;
    for (const r of byCheck) counts.byCheck[String(r.k)] = r.n;
    return counts;
  }

  /**
   * Failing findings per severity at the end of each of the last `days` days up to `asOf` (default
   * today, UTC), oldest first. Past days come from the daily snapshots ingest records; the days
   * since the last ingest, from the findings as they are now. Filters by cluster, namespace,
   * owner and severity only (what the snapshots keep).
   */
  async trend(days: number, filter: FindingFilter = {}, asOf: string = new Date().toISOString()): Promise<TrendPoint[]> {
    if (!Number.isInteger(days) || days < 1 || days > 3660) throw new Error(`trend days: ${days} is not a whole number from 1 to 3660`);
    const unsupported = Object.keys(filter).filter((k) => !['cluster', 'namespace', 'owner', 'severity'].includes(k) && filter[k as keyof FindingFilter] !== undefined);
    if (unsupported.length) throw new Error(`trend filter: ${unsupported.join(', ')} cannot be applied to the trend (only cluster, namespace, owner, severity)`);
    const end = dayOf(asOf);
    const start = addDays(end, -(days - 1));
    filterCondition(filter); // validates the values, naming the field at fault
    const snapshotWhere: string[] = [];
    const snapshotParams: SqlValue[] = [];
    const restrict = (column: string, values: readonly string[] | undefined): void => {
      if (values === undefined) return;
      snapshotWhere.push(values.length ? `s.${column} IN (${placeholders(values.length)})` : '1 = 0');
      snapshotParams.push(...values);
    };
    restrict('cluster', filter.cluster === undefined ? undefined : [filter.cluster]);
    restrict('namespace', filter.namespace === undefined ? undefined : [filter.namespace]);
    // The snapshots store "no owner" as ''.
    restrict('owner', filter.owner === undefined ? undefined : typeof filter.owner === 'string' ? [filter.owner] : filter.owner);
    restrict('severity', filter.severity);

    const lastDay = (await this.db.get<{ value: string }>("SELECT value FROM platform_findings_state WHERE key = 'last_day'"))?.value;
    const snapshotDays = (await this.db.all<{ day: string }>('SELECT day FROM platform_snapshot_days WHERE day <= ? ORDER BY day', [end])).map((r) => r.day);
    const wanted = new Map<string, string | undefined>();
    const points: TrendPoint[] = [];
    let live: Record<Severity, number> | undefined;
    for (let i = 0; i < days; i++) {
      const day = addDays(start, i);
      points.push({ day, bySeverity: emptySeverityCounts(), total: 0 });
      if (lastDay !== undefined && day >= lastDay) continue;
      // The latest snapshot at or before the day: nothing changed between it and the day's end.
      let source: string | undefined;
      for (const d of snapshotDays) if (d <= day) source = d;
      wanted.set(day, source);
    }
    const sources = [...new Set([...wanted.values()].filter((d): d is string => d !== undefined))];
    const bySource = new Map<string, Record<Severity, number>>();
    for (const batch of chunks(sources, IN_CHUNK)) {
      const rows = await this.db.all<{ day: string; severity: Severity; n: number }>(
        `SELECT s.day AS day, s.severity AS severity, SUM(s.open) AS n FROM platform_daily_open s WHERE ${[`s.day IN (${placeholders(batch.length)})`, ...snapshotWhere].join(' AND ')} GROUP BY s.day, s.severity`,
        [...batch, ...snapshotParams],
      );
      for (const r of rows) ((bySource.has(r.day) ? bySource : bySource.set(r.day, emptySeverityCounts())).get(r.day)!)[r.severity] = Number(r.n);
    }
    for (const point of points) {
      let counts: Record<Severity, number> | undefined;
      if (lastDay !== undefined && point.day >= lastDay) {
        live ??= (await this.counts({ ...filter, status: ['fail'] })).bySeverity;
        counts = live;
      } else {
        const source = wanted.get(point.day);
        counts = source ? bySource.get(source) : undefined;
      }
      if (counts) {
        point.bySeverity = { ...counts };
        point.total = Object.values(counts).reduce((a, b) => a + b, 0);
      }
    }
    return points;
  }

  /** Re-routes findings (by fingerprint or filter) to `team`, or to no team with null; returns how many changed. */
  async setOwner(target: readonly string[] | FindingFilter, team: string | null): Promise<number> {
    if (Array.isArray(target)) {
      return (await forKeys(this.db, target as string[], (list) => `UPDATE platform_findings SET owner = ? WHERE fingerprint IN (${list})`, [team])).changes;
    }
    const condition = filterCondition(target as FindingFilter);
    return (
      await this.db.run(`UPDATE platform_findings SET owner = ? WHERE fingerprint IN (SELECT f.fingerprint FROM ${fromClause(condition)}${whereClause(condition)})`, [team, ...condition.params])
    ).changes;
  }

  /**
   * Changes the status of open findings on the platform, between scans: a waiver approved turns
   * `fail` into `waived`, one expired or revoked turns `waived` back into `fail`. Resolved findings
   * are left alone. Recorded in the history with `actor`; returns how many changed.
   */
  async setStatus(fingerprints: readonly string[], status: 'fail' | 'waived', actor: string, at: string = new Date().toISOString()): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await forKeys<{ fingerprint: string; status: PlatformFindingStatus }>(
        tx,
        [...fingerprints].sort(),
        (list) => `SELECT fingerprint, status FROM platform_findings WHERE fingerprint IN (${list}) AND status IN ('fail', 'waived') AND status <> ?`,
        [],
        [status],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.fingerprint).sort();
      const { changes } = await forKeys(tx, ids, (list) => `UPDATE platform_findings SET status = ? WHERE fingerprint IN (${list})`, [status]);
      await insertMany(tx, HISTORY_TABLE, rows.map((r) => [r.fingerprint, null, at, r.status, status, actor]));
      return changes;
    });
  }

  /**
   * Per control of `framework`: how many findings fail, are waived, could not be evaluated or were
   * resolved, and the control's state. With `controls` (control id → the check ids that evidence
   * it, from the catalogue) every listed control is returned, and one with no open finding passes
   * when any of its checks was ever evaluated; without it, only controls that have findings are
   * returned. `filter` scopes the findings (e.g. one cluster).
   */
  async controlStatus(framework: string, options: { controls?: Record<string, readonly string[]>; filter?: FindingFilter } = {}): Promise<ControlStatus[]> {
    const condition = filterCondition({ ...(options.filter ?? {}), control: undefined });
    const rows = await this.db.all<{ control: string; status: PlatformFindingStatus; n: number }>(
      `SELECT c.control_id AS control, f.status AS status, COUNT(*) AS n FROM platform_finding_controls c JOIN platform_findings f ON f.fingerprint = c.fingerprint WHERE ${['c.framework = ?', ...condition.where].join(' AND ')} GROUP BY c.control_id, f.status`,
      [framework, ...condition.params],
    );
    const evaluated = new Set((await this.db.all<{ check_id: string }>('SELECT check_id FROM platform_checks_evaluated')).map((r) => r.check_id));
    const byControl = new Map<string, ControlStatus>();
    const entry = (control: string): ControlStatus => {
      let e = byControl.get(control);
      if (!e) byControl.set(control, (e = { framework, control, status: 'not-evaluated', fail: 0, waived: 0, notEvaluated: 0, resolved: 0 }));
      return e;
    };
    for (const id of Object.keys(options.controls ?? {})) entry(id);
    for (const r of rows) {
      const e = entry(r.control);
      if (r.status === 'fail') e.fail += r.n;
      else if (r.status === 'waived') e.waived += r.n;
      else if (r.status === 'not-evaluated') e.notEvaluated += r.n;
      else e.resolved += r.n;
    }
    for (const e of byControl.values()) {
      const checks = options.controls?.[e.control] ?? [];
      const everEvaluated = e.fail + e.waived + e.resolved > 0 || checks.some((c) => evaluated.has(c));
      e.status = e.fail > 0 ? 'fail' : e.waived > 0 ? 'waived' : e.notEvaluated > 0 || !everEvaluated ? 'not-evaluated' : 'pass';
    }
    return [...byControl.values()].sort((a, b) => a.control.localeCompare(b.control, 'en', { numeric: true }));
  }
}
