import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Finding, ImageInfo, PackageInventory } from '../../model/index.js';
import { imageRef } from '../../model/index.js';
import { RESULT_STORE_MIGRATIONS } from './schema.js';

export interface StoredScan {
  id: number;
  imageRef: string;
  reference: string;
  manifestDigest?: string;
  configDigest: string;
  scannedAt: string;
  dbBuilt?: string;
  inventory: PackageInventory;
}

export type StoredImage = Pick<ImageInfo, 'reference' | 'manifestDigest' | 'configDigest'>;

/** Scan results kept per image digest (see schema.ts). One writer at a time; SQLite's WAL lets readers go on. */
export class ResultStore {
  private readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  static open(file: string): ResultStore {
    try {
      mkdirSync(dirname(file), { recursive: true });
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      return new ResultStore(db);
    } catch (err) {
      throw new Error(`result store ${file}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Records one scan of an image: its SBOM and findings, in one transaction. Returns the scan id. */
  saveScan(image: StoredImage, inventory: PackageInventory, findings: readonly Finding[], scannedAt: Date, dbBuilt?: string): number {
    const ref = imageRef(image);
    const at = scannedAt.toISOString();
    const insertFinding = this.db.prepare(
      `INSERT OR REPLACE INTO findings (scan_id, fingerprint, check_id, severity, status, vuln_id, package_purl, fixed_version, finding)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const save = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO images (ref, reference, manifest_digest, config_digest, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (ref) DO UPDATE SET reference = excluded.reference, last_seen = excluded.last_seen`,
        )
        .run(ref, image.reference, image.manifestDigest ?? null, image.configDigest, at, at);
      const scan = this.db
        .prepare('INSERT INTO scans (image_ref, scanned_at, db_built, os, packages, inventory) VALUES (?, ?, ?, ?, ?, ?)')
        .run(ref, at, dbBuilt ?? null, inventory.os?.name ?? null, inventory.packages.length, JSON.stringify(inventory));
      const scanId = Number(scan.lastInsertRowid);
      for (const f of findings) {
        insertFinding.run(scanId, f.fingerprint, f.checkId, f.severity, f.status, f.vulnerability?.id ?? null, f.package?.purl ?? null, f.vulnerability?.fixedVersion ?? null, JSON.stringify(f));
      }
      return scanId;
    });
    return save();
  }

  /** The newest scan of every stored image, oldest image first. */
  latestScans(): StoredScan[] {
    const rows = this.db
      .prepare(
        `SELECT s.id, s.image_ref, s.scanned_at, s.db_built, s.inventory, i.reference, i.manifest_digest, i.config_digest
         FROM scans s JOIN images i ON i.ref = s.image_ref
         WHERE s.id = (SELECT MAX(id) FROM scans WHERE image_ref = s.image_ref)
         ORDER BY i.first_seen, s.image_ref`,
      )
      .all() as ScanRow[];
    return rows.map(toStoredScan);
  }

  /** The findings a stored scan recorded, by fingerprint. */
  findingsOf(scanId: number): Map<string, Finding> {
    const rows = this.db.prepare('SELECT finding FROM findings WHERE scan_id = ?').all(scanId) as { finding: string }[];
    const byFingerprint = new Map<string, Finding>();
    for (const row of rows) {
      const finding = JSON.parse(row.finding) as Finding;
      byFingerprint.set(finding.fingerprint, finding);
    }
    return byFingerprint;
  }

  close(): void {
    this.db.close();
  }
}

interface ScanRow {
  id: number;
  image_ref: string;
  scanned_at: string;
  db_built: string | null;
  inventory: string;
  reference: string;
  manifest_digest: string | null;
  config_digest: string;
}

function toStoredScan(row: ScanRow): StoredScan {
  const scan: StoredScan = {
    id: row.id,
    imageRef: row.image_ref,
    reference: row.reference,
    configDigest: row.config_digest,
    scannedAt: row.scanned_at,
    inventory: JSON.parse(row.inventory) as PackageInventory,
  };
  if (row.manifest_digest) scan.manifestDigest = row.manifest_digest;
  if (row.db_built) scan.dbBuilt = row.db_built;
  return scan;
}

/** Applies the migrations the file has not seen yet, each in its own transaction, and records the version. */
function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  if (current > RESULT_STORE_MIGRATIONS.length) {
    throw new Error(`schema version ${current} is newer than this rampart understands (${RESULT_STORE_MIGRATIONS.length}); upgrade rampart`);
  }
  RESULT_STORE_MIGRATIONS.slice(current).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(current + i + 1, new Date().toISOString());
    })();
  });
}
