import Database from 'better-sqlite3';
import { randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseManifest, unpackBundle, type BundleManifest } from './bundle.js';
import { dbFilePath, TEMP_PREFIX, trustedKeyDir } from './location.js';
import { META_KEYS, SCHEMA_VERSION, schemaVersion } from './schema.js';
import { keyId, readPublicKey, verifyBytes } from './signing.js';

export interface InstallOptions {
  dbDir: string;
  /** Public keys a bundle's signature must verify with (any one of them). */
  trusted: readonly KeyObject[];
  /** Runs after every check and just before the rename: lets tests crash or fail an import at its most delicate point. */
  beforeRename?: (tempFile: string) => void | Promise<void>;
}

export interface InstallResult {
  manifest: BundleManifest;
  /** Fingerprint of the trusted key that verified the bundle. */
  keyId: string;
  dbFile: string;
}

/**
 * Installs a bundle: decompress into a temp file beside the current database, verify the signature
 * against the trusted keys before writing the database, then its SHA-256, schema version and SQLite
 * integrity, record the manifest inside it, and rename it over the current one. Rename is atomic
 * within a folder, so readers see the old database or the new one, never a mix; any failure leaves
 * the old one in place and removes the temp files.
 */
export async function installBundle(bundleFile: string, options: InstallOptions): Promise<InstallResult> {
  if (options.trusted.length === 0) throw new Error('no trusted key to verify the bundle with');
  await mkdir(options.dbDir, { recursive: true });
  await removeAbandonedTemps(options.dbDir);
  const temp = tempPath(options.dbDir, 'db');
  let verifiedBy = '';
  try {
    const unpacked = await unpackBundle(bundleFile, temp, (manifestBytes, signature) => {
      const id = verifyBytes(manifestBytes, signature, options.trusted);
      if (!id) throw new Error(`signature does not verify with the trusted key${options.trusted.length > 1 ? 's' : ''} (${options.trusted.map(keyId).join(', ')}): refusing it`);
      verifiedBy = id;
      const manifest = parseManifest(manifestBytes);
      if (manifest.schemaVersion !== SCHEMA_VERSION) throw new Error(`schema ${manifest.schemaVersion}, this rampart reads schema ${SCHEMA_VERSION}`);
      return manifest;
    });
    const { manifest } = unpacked;
    if (unpacked.sha256 !== manifest.database.sha256 || unpacked.size !== manifest.database.size) {
      throw new Error(`bundle ${bundleFile}: vuln.db does not match its signed manifest (SHA-256 ${unpacked.sha256.slice(0, 16)}…, expected ${manifest.database.sha256.slice(0, 16)}…): refusing it`);
    }
    checkAndStamp(temp, unpacked.manifestBytes, unpacked.signature, bundleFile);
    await fsync(temp);
    await options.beforeRename?.(temp);
    const dbFile = dbFilePath(options.dbDir);
    await rename(temp, dbFile);
    await fsync(options.dbDir);
    return { manifest, keyId: verifiedBy, dbFile };
  } finally {
    await rm(temp, { force: true });
    await rm(`${temp}-journal`, { force: true });
  }
}

/** Opens the new file, checks it is a sound database of our schema, and records the manifest in it. */
function checkAndStamp(file: string, manifestBytes: Buffer, signature: Buffer, bundleFile: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    const version = schemaVersion(db);
    if (version !== SCHEMA_VERSION) throw new Error(`vuln.db has schema ${version}, its manifest says ${SCHEMA_VERSION}`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`vuln.db fails SQLite's integrity check (${String(check)})`);
    const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    db.transaction(() => {
      setMeta.run(META_KEYS.manifest, manifestBytes.toString('utf8'));
      setMeta.run(META_KEYS.manifestSignature, signature.toString('base64'));
    })();
  } catch (err) {
    const message = (err as Error).message;
    throw new Error(message.startsWith('vuln.db') ? `bundle ${bundleFile}: ${message}` : `bundle ${bundleFile}: vuln.db is not a usable database (${message})`, { cause: err });
  } finally {
    db?.close();
  }
}

export function tempPath(dbDir: string, suffix: string): string {
  return path.join(dbDir, `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}.${suffix}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes what an import that crashed (killed, power lost) left behind; an import still running keeps its files. */
export async function removeAbandonedTemps(dbDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dbDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const pid = Number(/^\.incoming-(\d+)-/.exec(name)?.[1]);
    if (pid === process.pid || (Number.isInteger(pid) && pid > 0 && alive(pid))) continue;
    await rm(path.join(dbDir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

async function fsync(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The keys to trust: the `--trust` files, else every `*.pub`/`*.pem` in `<db dir>/trusted/`. */
export async function trustedKeys(files: readonly string[], dbDir: string): Promise<KeyObject[]> {
  if (files.length > 0) return Promise.all(files.map(readPublicKey));
  const dir = trustedKeyDir(dbDir);
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.pub') || n.endsWith('.pem')).sort();
  } catch {
    // No folder: handled below.
  }
  if (names.length === 0) throw new Error(`no trusted key: pass --trust <publisher.pub>, or put the publisher's public key in ${dir}/`);
  return Promise.all(names.map((n) => readPublicKey(path.join(dir, n))));
}
