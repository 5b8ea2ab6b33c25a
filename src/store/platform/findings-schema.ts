import type { Migration } from '../sql/database.js';

/**
 * The platform's findings storage, component `findings` of the SQL seam.
 *
 * - platform_assets: every asset any scan reported, with the columns queries group by.
 * - platform_scans / platform_scan_assets: each upload, and which assets it covered (a finding is
 *   only resolved by a scan that covered its asset).
 * - platform_findings: the current state per fingerprint, with the filter columns and the whole
 *   finding as JSON. `severity_order` is the index in SEVERITIES (0 = critical), so "most severe
 *   first" is an ascending sort that indexes serve. Each index serves a common query (by status,
 *   owner, namespace, image digest, check, asset, vulnerability); first/last-seen ranges narrow
 *   those rather than having indexes of their own, which every rescan would rewrite. Missing cluster/namespace are stored as ''
 *   (as in asset refs, "an empty segment means not set") so equality and scope checks need no
 *   NULL handling that differs between dialects.
 * - platform_finding_controls: one row per finding and control, carrying severity_order so that a
 *   control's findings page straight out of one index.
 * - platform_finding_history: each status change, with the scan (or person) that caused it.
 * - platform_checks_evaluated: every check a scan evaluated, so a control with no open finding can
 *   be told apart as "pass" from "never evaluated".
 * - platform_daily_open: failing findings per day, cluster, namespace, owner and severity, written
 *   for the last day with activity when the first ingest of a later day arrives (the trend);
 *   platform_snapshot_days lists the days snapshotted (a day with nothing failing has no rows).
 * - platform_findings_state: small key/value bookkeeping (the last day with activity).
 */
export const FINDINGS_MIGRATIONS: readonly Migration[] = [
  {
    sqlite: 'CREATE TABLE platform_scans (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, tool_version TEXT NOT NULL, scanned_at TEXT NOT NULL, uploaded_at TEXT NOT NULL, uploaded_by TEXT NOT NULL, cluster TEXT NOT NULL, input_errors INTEGER NOT NULL, findings INTEGER NOT NULL, summary TEXT NOT NULL)',
    postgres: 'CREATE TABLE platform_scans (id BIGSERIAL PRIMARY KEY, source TEXT NOT NULL, tool_version TEXT NOT NULL, scanned_at TEXT NOT NULL, uploaded_at TEXT NOT NULL, uploaded_by TEXT NOT NULL, cluster TEXT NOT NULL, input_errors INTEGER NOT NULL, findings INTEGER NOT NULL, summary TEXT NOT NULL)',
  },
  `CREATE INDEX platform_scans_by_time ON platform_scans(scanned_at);
   CREATE TABLE platform_assets (
     ref TEXT PRIMARY KEY,
     type TEXT NOT NULL,
     name TEXT NOT NULL,
     cluster TEXT NOT NULL,
     namespace TEXT NOT NULL,
     kind TEXT,
     image_digest TEXT,
     labels TEXT,
     first_seen TEXT NOT NULL,
     last_seen TEXT NOT NULL,
     last_scan_id BIGINT NOT NULL
   );
   CREATE INDEX platform_assets_by_namespace ON platform_assets(cluster, namespace);
   CREATE INDEX platform_assets_by_digest ON platform_assets(image_digest);
   CREATE TABLE platform_scan_assets (
     scan_id BIGINT NOT NULL,
     asset_ref TEXT NOT NULL,
     PRIMARY KEY (scan_id, asset_ref)
   );
   CREATE INDEX platform_scan_assets_by_asset ON platform_scan_assets(asset_ref, scan_id);
   CREATE TABLE platform_findings (
     fingerprint TEXT PRIMARY KEY,
     check_id TEXT NOT NULL,
     severity TEXT NOT NULL,
     severity_order INTEGER NOT NULL,
     status TEXT NOT NULL,
     asset_ref TEXT NOT NULL,
     asset_type TEXT NOT NULL,
     asset_name TEXT NOT NULL,
     subject TEXT NOT NULL,
     cluster TEXT NOT NULL,
     namespace TEXT NOT NULL,
     image_digest TEXT,
     vuln_id TEXT,
     package_purl TEXT,
     package_layer TEXT,
     owner TEXT,
     controls TEXT NOT NULL,
     first_seen TEXT NOT NULL,
     last_seen TEXT NOT NULL,
     resolved_at TEXT,
     last_scan_id BIGINT NOT NULL,
     finding TEXT NOT NULL
   );
   CREATE INDEX platform_findings_by_status ON platform_findings(status, severity_order, fingerprint);
   CREATE INDEX platform_findings_by_owner ON platform_findings(owner, status, severity_order, fingerprint);
   CREATE INDEX platform_findings_by_namespace ON platform_findings(cluster, namespace, severity_order, fingerprint);
   CREATE INDEX platform_findings_by_digest ON platform_findings(image_digest, severity_order, fingerprint);
   CREATE INDEX platform_findings_by_check ON platform_findings(check_id, severity_order, fingerprint);
   CREATE INDEX platform_findings_by_asset ON platform_findings(asset_ref);
   CREATE INDEX platform_findings_by_vuln ON platform_findings(vuln_id);
   CREATE TABLE platform_finding_controls (
     fingerprint TEXT NOT NULL,
     framework TEXT NOT NULL,
     control_id TEXT NOT NULL,
     severity_order INTEGER NOT NULL,
     PRIMARY KEY (fingerprint, framework, control_id)
   );
   CREATE INDEX platform_finding_controls_by_control ON platform_finding_controls(framework, control_id, severity_order, fingerprint);
   CREATE TABLE platform_finding_history (
     fingerprint TEXT NOT NULL,
     scan_id BIGINT,
     at TEXT NOT NULL,
     from_status TEXT,
     to_status TEXT NOT NULL,
     actor TEXT NOT NULL
   );
   CREATE INDEX platform_finding_history_by_finding ON platform_finding_history(fingerprint, at);
   CREATE TABLE platform_checks_evaluated (
     check_id TEXT PRIMARY KEY,
     last_evaluated TEXT NOT NULL
   );
   CREATE TABLE platform_daily_open (
     day TEXT NOT NULL,
     cluster TEXT NOT NULL,
     namespace TEXT NOT NULL,
     owner TEXT NOT NULL,
     severity TEXT NOT NULL,
     open INTEGER NOT NULL
   );
   CREATE INDEX platform_daily_open_by_day ON platform_daily_open(day);
   CREATE TABLE platform_snapshot_days (day TEXT PRIMARY KEY);
   CREATE TABLE platform_findings_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];
