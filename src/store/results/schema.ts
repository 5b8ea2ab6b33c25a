/**
 * The local result store: per scanned image, every scan's package inventory (the SBOM) and findings,
 * so `rampart rescan` can re-match stored SBOMs against a newer vulnerability database without
 * pulling an image again. The SQL is deliberately plain (TEXT/INTEGER/REAL, no engine-specific
 * functions, JSON kept as TEXT) so the platform server can run the same migrations on PostgreSQL.
 *
 * Tables:
 * - images: one row per image asset ref (`image://sha256:…`), with the reference last seen.
 * - scans: one row per scan of an image: when, with which database build, and its SBOM as JSON.
 * - findings: one row per finding of a scan, keyed by fingerprint, with the columns queries filter
 *   on (check, severity, status, vulnerability id, package purl) and the whole finding as JSON.
 */
export const RESULT_STORE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE images (
     ref TEXT PRIMARY KEY,
     reference TEXT NOT NULL,
     manifest_digest TEXT,
     config_digest TEXT NOT NULL,
     first_seen TEXT NOT NULL,
     last_seen TEXT NOT NULL
   );
   CREATE TABLE scans (
     id INTEGER PRIMARY KEY,
     image_ref TEXT NOT NULL REFERENCES images(ref),
     scanned_at TEXT NOT NULL,
     db_built TEXT,
     os TEXT,
     packages INTEGER NOT NULL,
     inventory TEXT NOT NULL
   );
   CREATE INDEX scans_by_image ON scans(image_ref, id);
   CREATE TABLE findings (
     scan_id INTEGER NOT NULL REFERENCES scans(id),
     fingerprint TEXT NOT NULL,
     check_id TEXT NOT NULL,
     severity TEXT NOT NULL,
     status TEXT NOT NULL,
     vuln_id TEXT,
     package_purl TEXT,
     fixed_version TEXT,
     finding TEXT NOT NULL,
     PRIMARY KEY (scan_id, fingerprint)
   );
   CREATE INDEX findings_by_vuln ON findings(vuln_id);`,
];
