/**
 * The rpm header blob as the package databases store it (rpm's header format without the lead and
 * signature): a big-endian index count and data length, the index entries (tag, type, offset,
 * count; 16 bytes each), then the data store.
 */

export const RPMTAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
} as const;

const TYPE = { CHAR: 1, INT8: 2, INT16: 3, INT32: 4, INT64: 5, STRING: 6, BIN: 7, STRING_ARRAY: 8, I18NSTRING: 9 } as const;

/** The fields of an installed package the inventory needs. */
export interface RpmHeaderInfo {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  license?: string;
  vendor?: string;
  /** `bash-5.1.8-6.el9.src.rpm`. */
  sourceRpm?: string;
  /** Absolute paths the package installed. */
  files: string[];
}

interface IndexEntry {
  type: number;
  offset: number;
  count: number;
}

/** Parses a header blob; throws one line naming what is wrong. */
export function parseRpmHeader(blob: Buffer): RpmHeaderInfo {
  if (blob.length < 8) throw new Error(`rpm header: blob of ${blob.length} bytes is too short`);
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  const dataStart = 8 + il * 16;
  if (il > 0xffff || dataStart + dl > blob.length) throw new Error(`rpm header: index of ${il} entries and ${dl} data bytes exceeds the ${blob.length}-byte blob`);
  const data = blob.subarray(dataStart, dataStart + dl);
  const index = new Map<number, IndexEntry>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = blob.readUInt32BE(at);
    if (!index.has(tag)) index.set(tag, { type: blob.readUInt32BE(at + 4), offset: blob.readUInt32BE(at + 8), count: blob.readUInt32BE(at + 12) });
  }

  const strings = (tag: number): string[] => {
    const e = index.get(tag);
    if (!e || (e.type !== TYPE.STRING && e.type !== TYPE.STRING_ARRAY && e.type !== TYPE.I18NSTRING)) return [];
    const out: string[] = [];
    let at = e.offset;
    const n = e.type === TYPE.STRING_ARRAY ? e.count : 1;
    for (let i = 0; i < n && at < data.length; i++) {
      let end = data.indexOf(0, at);
      if (end < 0) end = data.length;
      out.push(data.toString('utf8', at, end));
      at = end + 1;
    }
    return out;
  };
  const string = (tag: number): string | undefined => strings(tag)[0];
  const int32s = (tag: number): number[] => {
    const e = index.get(tag);
    if (!e || e.type !== TYPE.INT32 || e.offset + e.count * 4 > data.length) return [];
    const out: number[] = [];
    for (let i = 0; i < e.count; i++) out.push(data.readInt32BE(e.offset + i * 4));
    return out;
  };

  const name = string(RPMTAG.NAME);
  const version = string(RPMTAG.VERSION);
  if (!name || version === undefined) throw new Error('rpm header: NAME or VERSION tag missing');
  const info: RpmHeaderInfo = { name, version, release: string(RPMTAG.RELEASE) ?? '', files: headerFiles(strings, int32s) };
  const epoch = int32s(RPMTAG.EPOCH)[0];
  if (epoch !== undefined) info.epoch = epoch;
  const arch = string(RPMTAG.ARCH);
  if (arch) info.arch = arch;
  const license = string(RPMTAG.LICENSE);
  if (license) info.license = license;
  const vendor = string(RPMTAG.VENDOR);
  if (vendor) info.vendor = vendor;
  const sourceRpm = string(RPMTAG.SOURCERPM);
  if (sourceRpm) info.sourceRpm = sourceRpm;
  return info;
}

function headerFiles(strings: (tag: number) => string[], int32s: (tag: number) => number[]): string[] {
  const basenames = strings(RPMTAG.BASENAMES);
  if (basenames.length) {
    const dirnames = strings(RPMTAG.DIRNAMES);
    const dirindexes = int32s(RPMTAG.DIRINDEXES);
    return basenames.map((base, i) => (dirnames[dirindexes[i] ?? -1] ?? '') + base);
  }
  return strings(RPMTAG.OLDFILENAMES);
}

/** `bash-5.1.8-6.el9.src.rpm` → `{ name: 'bash', version: '5.1.8-6.el9' }`. */
export function parseSourceRpm(file: string): { name: string; version?: string } {
  const base = file.replace(/\.(no)?src\.rpm$/, '');
  const releaseDash = base.lastIndexOf('-');
  const versionDash = releaseDash > 0 ? base.lastIndexOf('-', releaseDash - 1) : -1;
  if (versionDash <= 0) return { name: base };
  return { name: base.slice(0, versionDash), version: base.slice(versionDash + 1) };
}
