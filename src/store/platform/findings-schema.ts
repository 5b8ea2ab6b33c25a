import type { Migration } from '../sql/database.js';

/**
 * The platform's findings storage, component `findings` of the SQL seam.
 *
 * - platform_assets: every asset any scan reported, with the columns queries group by.
 * - platform_scans / platform_scan_assets: each upload, and which assets it covered (a finding is
 *   only resolved by a scan that covered its asset).
 * - platform_findings: the current state per fingerprint: the columns filters and indexes need,
 *   the platform's own state (status, owner, first/last seen) and the whole finding as JSON; what
 *   the JSON already holds (subject, package, controls' list) is read from it rather than stored
 *   twice. `severity_order` is the index in SEVERITIES (0 = critical), so "most severe first" is an
 *   ascending sort that indexes serve. Each index serves a common query (by status, owner,
 *   namespace, check, asset or image digest, vulnerability) and ends in the page order, so a page
 *   is read straight out of it; first/last-seen ranges narrow those rather than having indexes of
 *   their own, which every rescan would rewrite. An index costs every ingest a write at a random
 *   place (the page order ends in the fingerprint, a hash), so there are no more than the queries
 *   need: an image digest is found through the asset index (its ref is `image://<digest>`).
 *   Missing cluster/namespace are stored as '' (as in asset refs, "an empty segment means not
 *   set") so equality and scope checks need no NULL handling that differs between dialects.
 *   A rescan that reports a finding exactly as stored (same JSON, status and owner) only moves its
 *   last-seen, so no index is rewritten. `first_scan_id`/`first_status` are the first
 *   history entry (the actor is the scan's uploader), so a new finding writes no history row.
 * - platform_finding_controls: one row per finding and control, keyed in page order within the
 *   control (framework, control, severity_order, fingerprint), so a control's findings page
 *   straight out of the key and the table is one B-tree on SQLite (WITHOUT ROWID). Ingest deletes
 *   a finding's old rows by their full key (it knows the old controls and severity).
 * - platform_finding_history: each later status change, with the scan (or person) that caused it.
 * - platform_checks_evaluated: every check a scan evaluated, so a control with no open finding can
 *   be told apart as "pass" from "never evaluated".
 * - platform_daily_open: failing findings per day, cluster, namespace, owner and severity, written
 *   for the last day with activity when the first ingest of a later day arrives (the trend);
 *   platform_snapshot_days lists the days snapshotted (a day with nothing failing has no rows).
 * - platform_findings_state: small key/value bookkeeping (the last day with activity).
 *
 * On PostgreSQL platform_findings leaves a fifth of each page free, so that moving a finding's
 * last-seen on a rescan is a heap-only update (no index entries written).
 */
/** The one script in each dialect's words: table options only SQLite or only PostgreSQL knows. */
function tables(script: string): Migration {
  return {
    sqlite: script.replace('@FILLFACTOR@', '').replace('@WITHOUT_ROWID@', ' WITHOUT ROWID'),
    postgres: script.replace('@FILLFACTOR@', ' WITH (fillfactor = 80)').replace('@WITHOUT_ROWID@', ''),
  };
}

export const FINDINGS_MIGRATIONS: readonly Migration[] = [
  {
    sqlite: 'CREATE TABLE platform_scans (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, tool_version TEXT NOT NULL, scanned_at TEXT NOT NULL, uploaded_at TEXT NOT NULL, uploaded_by TEXT NOT NULL, cluster TEXT NOT NULL, input_errors INTEGER NOT NULL, findings INTEGER NOT NULL, summary TEXT NOT NULL)',
    postgres: 'CREATE TABLE platform_scans (id BIGSERIAL PRIMARY KEY, source TEXT NOT NULL, tool_version TEXT NOT NULL, scanned_at TEXT NOT NULL, uploaded_at TEXT NOT NULL, uploaded_by TEXT NOT NULL, cluster TEXT NOT NULL, input_errors INTEGER NOT NULL, findings INTEGER NOT NULL, summary TEXT NOT NULL)',
  },
  tables(`CREATE INDEX platform_scans_by_time ON platform_scans(scanned_at);
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
     severity_order INTEGER NOT NULL,
     status TEXT NOT NULL,
     asset_ref TEXT NOT NULL,
     asset_name TEXT NOT NULL,
     cluster TEXT NOT NULL,
     namespace TEXT NOT NULL,
     vuln_id TEXT,
     owner TEXT,
     controls TEXT NOT NULL,
     first_seen TEXT NOT NULL,
     first_scan_id BIGINT NOT NULL,
     first_status TEXT NOT NULL,
     last_seen TEXT NOT NULL,
     resolved_at TEXT,
     last_scan_id BIGINT NOT NULL,
     finding TEXT NOT NULL
   )@FILLFACTOR@;
   CREATE INDEX platform_findings_by_status ON platform_findings(status, severity_order, fingerprint);
   CREATE INDEX platform_findings_by_owner ON platform_findings(owner, status, severity_order, fingerprint);
   CREATE INDEX platform_findings_by_namespace ON platform_findings(cluster, namespace, severity_order, fingerprint);
   CREATE INDEX platform_findings_by_check ON platform_findings(check_id, severity_order, fingerprint);
   CREATE INDEX platform_findings_by_asset ON platform_findings(asset_ref, severity_order, fingerprint);
   CREATE INDEX platform_findings_by_vuln ON platform_findings(vuln_id) WHERE vuln_id IS NOT NULL;
   CREATE TABLE platform_finding_controls (
     framework TEXT NOT NULL,
     control_id TEXT NOT NULL,
     severity_order INTEGER NOT NULL,
     fingerprint TEXT NOT NULL,
     PRIMARY KEY (framework, control_id, severity_order, fingerprint)
   )@WITHOUT_ROWID@;
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
   CREATE TABLE platform_findings_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);`),
];
