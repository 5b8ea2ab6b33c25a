import Database from 'better-sqlite3';
import type { LayerEntry } from '../../model/image.js';
import type { Package } from '../../model/package.js';
import { MiB, type CatalogContext, type Cataloger } from './cataloger.js';
import { packagePurl } from './purl.js';
import { parseRpmHeader, parseSourceRpm, type RpmHeaderInfo } from './rpm-header.js';

/** Where rpm keeps its package database: the classic path and the newer `/usr/lib/sysimage/rpm`. */
const RPMDB_PATHS: ReadonlySet<string> = new Set(
  ['/var/lib/rpm', '/usr/lib/sysimage/rpm'].flatMap((dir) => [`${dir}/rpmdb.sqlite`, `${dir}/Packages`, `${dir}/Packages.db`]),
);

export type RpmdbFormat = 'sqlite' | 'bdb' | 'ndb';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const NDB_MAGIC = 0x506d7052; // 'RpmP' little-endian
const BDB_HASH_MAGIC = 0x061561;

export function rpmdbFormat(content: Buffer): RpmdbFormat | undefined {
  if (content.length >= 16 && content.subarray(0, 16).equals(SQLITE_MAGIC)) return 'sqlite';
  if (content.length >= 32 && content.readUInt32LE(0) === NDB_MAGIC) return 'ndb';
  if (content.length >= 512 && (content.readUInt32LE(12) === BDB_HASH_MAGIC || content.readUInt32BE(12) === BDB_HASH_MAGIC)) return 'bdb';
  return undefined;
}

/** The header blobs of an rpm database in any of its three on-disk formats. */
export function rpmdbHeaderBlobs(content: Buffer, path: string): Buffer[] {
  switch (rpmdbFormat(content)) {
    case 'sqlite':
      return sqliteBlobs(content);
    case 'ndb':
      return ndbBlobs(content, path);
    case 'bdb':
      return bdbHashBlobs(content, path);
    default:
      throw new Error(`${path}: not an rpm database (no sqlite, NDB or Berkeley DB hash magic)`);
  }
}

function sqliteBlobs(content: Buffer): Buffer[] {
  // An in-memory (deserialised) database cannot use a write-ahead log: mark the copy as rollback-journal.
  const copy = Buffer.from(content);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  const db = new Database(copy, { readonly: true });
  try {
    const rows = db.prepare('SELECT blob FROM Packages ORDER BY hnum').all() as { blob: Buffer }[];
    return rows.map((r) => r.blob);
  } finally {
    db.close();
  }
}

/** rpm's NDB `Packages.db`: little-endian header, 16-byte slots on the first pages, 16-byte-block blobs. */
const NDB_PAGE = 4096;
const NDB_SLOT_MAGIC = 0x746f6c53; // 'Slot'
const NDB_BLOB_HEAD_MAGIC = 0x53626c42; // 'BlbS'

function ndbBlobs(content: Buffer, path: string): Buffer[] {
  const version = content.readUInt32LE(4);
  if (version !== 0) throw new Error(`${path}: NDB version ${version} is not supported`);
  const slotPages = content.readUInt32LE(12);
  if (slotPages * NDB_PAGE > content.length) throw new Error(`${path}: NDB slot area of ${slotPages} pages exceeds the file`);
  const blobs: Buffer[] = [];
  for (let off = 32; off < slotPages * NDB_PAGE; off += 16) {
    if (content.readUInt32LE(off) !== NDB_SLOT_MAGIC) throw new Error(`${path}: NDB slot at byte ${off} has no slot magic`);
    const pkgIdx = content.readUInt32LE(off + 4);
    const blkOff = content.readUInt32LE(off + 8);
    const blkCnt = content.readUInt32LE(off + 12);
    if (!blkOff || !pkgIdx) continue;
    const start = blkOff * 16;
    if (start + blkCnt * 16 > content.length) throw new Error(`${path}: NDB package ${pkgIdx} lies beyond the end of the file`);
    if (content.readUInt32LE(start) !== NDB_BLOB_HEAD_MAGIC || content.readUInt32LE(start + 4) !== pkgIdx) {
      throw new Error(`${path}: NDB blob of package ${pkgIdx} has a bad header`);
    }
    const length = content.readUInt32LE(start + 12);
    if (16 + length + 12 > blkCnt * 16) throw new Error(`${path}: NDB blob of package ${pkgIdx} is longer than its slot`);
    blobs.push(content.subarray(start + 16, start + 16 + length));
  }
  return blobs;
}

/** Berkeley DB hash pages: P_HASH_UNSORTED (2) and P_HASH (13) hold key/data pairs, P_OVERFLOW (7) long data. */
const BDB_PAGE_HEADER = 26;
const P_HASH_UNSORTED = 2;
const P_HASH = 13;
const P_OVERFLOW = 7;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;

function bdbHashBlobs(content: Buffer, path: string): Buffer[] {
  const le = content.readUInt32LE(12) === BDB_HASH_MAGIC;
  const u32 = (at: number): number => (le ? content.readUInt32LE(at) : content.readUInt32BE(at));
  const u16 = (at: number): number => (le ? content.readUInt16LE(at) : content.readUInt16BE(at));
  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || pageSize & (pageSize - 1)) throw new Error(`${path}: Berkeley DB page size ${pageSize} is invalid`);
  const pages = Math.floor(content.length / pageSize);

  const overflow = (firstPage: number, total: number): Buffer => {
    const parts: Buffer[] = [];
    let got = 0;
    const seen = new Set<number>();
    for (let pg = firstPage; pg !== 0 && got < total; ) {
      if (pg >= pages || seen.has(pg)) throw new Error(`${path}: Berkeley DB overflow chain reaches bad page ${pg}`);
      seen.add(pg);
      const base = pg * pageSize;
      if (content[base + 25] !== P_OVERFLOW) throw new Error(`${path}: Berkeley DB page ${pg} is not an overflow page`);
      const len = Math.min(u16(base + 22), pageSize - BDB_PAGE_HEADER);
      parts.push(content.subarray(base + BDB_PAGE_HEADER, base + BDB_PAGE_HEADER + len));
      got += len;
      pg = u32(base + 16);
    }
    return Buffer.concat(parts).subarray(0, total);
  };

  const blobs: Buffer[] = [];
  for (let pg = 1; pg < pages; pg++) {
    const base = pg * pageSize;
    const type = content[base + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16(base + 20);
    // Entries alternate key, data; the offsets grow down from the page end, so item i ends where i-1 starts.
    for (let i = 1; i < entries; i += 2) {
      const at = u16(base + BDB_PAGE_HEADER + i * 2);
      const end = u16(base + BDB_PAGE_HEADER + (i - 1) * 2);
      if (at >= pageSize || end > pageSize || end <= at) continue;
      const itemType = content[base + at];
      if (itemType === H_OFFPAGE) blobs.push(overflow(u32(base + at + 4), u32(base + at + 8)));
      else if (itemType === H_KEYDATA) blobs.push(content.subarray(base + at + 1, base + end));
    }
  }
  // rpm keeps bookkeeping records (the next-instance counter) beside the headers: only header-sized values count.
  return blobs.filter((b) => b.length > 16);
}

/** One installed package from its header; gpg-pubkey pseudo-packages are keys, not software. */
export function rpmPackageFromHeader(info: RpmHeaderInfo, path: string, ctx: CatalogContext = {}): Package | undefined {
  if (info.name === 'gpg-pubkey') return undefined;
  const evr = `${info.epoch !== undefined ? `${info.epoch}:` : ''}${info.version}${info.release ? `-${info.release}` : ''}`;
  const pkg: Omit<Package, 'purl'> = { name: info.name, version: evr, type: 'rpm', licenses: info.license ? [info.license] : [], path };
  if (info.arch) pkg.arch = info.arch;
  if (info.sourceRpm) pkg.source = parseSourceRpm(info.sourceRpm);
  return { ...pkg, purl: packagePurl(pkg, ctx.os) };
}

export function parseRpmdb(content: Buffer, path: string, ctx: CatalogContext = {}): Package[] {
  const packages: Package[] = [];
  for (const blob of rpmdbHeaderBlobs(content, path)) {
    let info: RpmHeaderInfo;
    try {
      info = parseRpmHeader(blob);
    } catch {
      continue; // one damaged record must not hide the rest of the database
    }
    const pkg = rpmPackageFromHeader(info, path, ctx);
    if (!pkg) continue;
    packages.push(pkg);
    if (info.files.length) ctx.ownFiles?.(info.name, info.files);
  }
  return packages;
}

export const rpmCataloger: Cataloger = {
  id: 'rpm',
  maxSize: 512 * MiB,
  wants(path: string, _entry?: LayerEntry): boolean {
    return RPMDB_PATHS.has(path);
  },
  parse(path: string, content: Buffer, ctx: CatalogContext): Package[] {
    return parseRpmdb(content, path, ctx);
  },
};
