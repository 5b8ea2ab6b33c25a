import type { LayerEntry } from '../../model/image.js';
import type { Package } from '../../model/package.js';
import { MiB, type CatalogContext, type Cataloger } from './cataloger.js';
import { openExecutable } from './executable.js';
import { packagePurl } from './purl.js';

const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const FLAG_BIG_ENDIAN = 0x1;
const FLAG_INLINE_STRINGS = 0x2;
/** Go ≥1.18 wraps the module info in these 16-byte sentinels (runtime/debug's modinfo markers). */
const SENTINEL_LENGTH = 16;

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
}

export interface GoBuildInfo {
  /** `go1.21.5` as the toolchain wrote it. */
  goVersion: string;
  /** The main package's import path. */
  path?: string;
  main?: GoModule;
  deps: GoModule[];
  settings: Record<string, string>;
}

function readVarint(buf: Buffer, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let i = at; i < buf.length && shift < 35; i++) {
    const b = buf[i] ?? 0;
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return { value, next: i + 1 };
    shift += 7;
  }
  return undefined;
}

/** The Go version and raw module-info string of a Go binary, or undefined when it has no build info. */
export function readGoBuildInfoStrings(content: Buffer): { goVersion: string; modinfo: string } | undefined {
  for (let at = content.indexOf(BUILDINFO_MAGIC); at >= 0; at = content.indexOf(BUILDINFO_MAGIC, at + 1)) {
    if (at + 32 > content.length) return undefined;
    const ptrSize = content[at + 14] ?? 0;
    const flags = content[at + 15] ?? 0;
    if (flags & FLAG_INLINE_STRINGS) {
      const v = readVarint(content, at + 32);
      if (!v) continue;
      const goVersion = content.toString('utf8', v.next, v.next + v.value);
      const m = readVarint(content, v.next + v.value);
      if (!m) continue;
      return { goVersion, modinfo: content.toString('utf8', m.next, m.next + m.value) };
    }
    if (ptrSize !== 4 && ptrSize !== 8) continue;
    const strings = readPointerStrings(content, at, ptrSize, (flags & FLAG_BIG_ENDIAN) !== 0);
    if (strings) return strings;
  }
  return undefined;
}

/** Before Go 1.18 the header holds two pointers to Go string headers (data pointer, length) in the binary's memory. */
function readPointerStrings(content: Buffer, at: number, ptrSize: number, bigEndian: boolean): { goVersion: string; modinfo: string } | undefined {
  const exe = openExecutable(content);
  if (!exe) return undefined;
  const readPtr = (offset: number): bigint | undefined => {
    if (offset + ptrSize > content.length) return undefined;
    if (ptrSize === 8) return bigEndian ? content.readBigUInt64BE(offset) : content.readBigUInt64LE(offset);
    return BigInt(bigEndian ? content.readUInt32BE(offset) : content.readUInt32LE(offset));
  };
  const readGoString = (vaddr: bigint | undefined): string | undefined => {
    if (vaddr === undefined) return undefined;
    const header = exe.offsetOf(vaddr);
    if (header === undefined) return undefined;
    const data = readPtr(header);
    const length = readPtr(header + ptrSize);
    if (data === undefined || length === undefined || length > 64n * 1024n * 1024n) return undefined;
    const start = exe.offsetOf(data);
    if (start === undefined || start + Number(length) > content.length) return length === 0n ? '' : undefined;
    return content.toString('utf8', start, start + Number(length));
  };
  const goVersion = readGoString(readPtr(at + 16));
  const modinfo = readGoString(readPtr(at + 16 + ptrSize));
  return goVersion === undefined ? undefined : { goVersion, modinfo: modinfo ?? '' };
}

/** Parses the module info text (`path`, `mod`, `dep`, `=>` replacement and `build` lines, tab-separated). */
export function parseGoModInfo(goVersion: string, modinfo: string): GoBuildInfo {
  let text = modinfo;
  if (text.length >= 2 * SENTINEL_LENGTH + 1 && text[text.length - SENTINEL_LENGTH - 1] === '\n') {
    text = text.slice(SENTINEL_LENGTH, text.length - SENTINEL_LENGTH);
  }
  const info: GoBuildInfo = { goVersion, deps: [], settings: {} };
  let last: GoModule | undefined;
  for (const line of text.split('\n')) {
    const [kind, ...fields] = line.split('\t');
    const module = (): GoModule => {
      const m: GoModule = { path: fields[0] ?? '', version: fields[1] ?? '' };
      if (fields[2]) m.sum = fields[2];
      return m;
    };
    switch (kind) {
      case 'path':
        info.path = fields[0];
        break;
      case 'mod':
        info.main = last = module();
        break;
      case 'dep':
        last = module();
        info.deps.push(last);
        break;
      case '=>':
        // a replacement with a version is the module actually compiled in; a local directory keeps the original
        if (last && fields[1]) {
          last.path = fields[0] ?? last.path;
          last.version = fields[1];
          if (fields[2]) last.sum = fields[2];
          else delete last.sum;
        }
        break;
      case 'build': {
        const setting = fields.join('\t');
        const eq = setting.indexOf('=');
        if (eq > 0) info.settings[setting.slice(0, eq)] = setting.slice(eq + 1);
        break;
      }
      default:
        break;
    }
  }
  return info;
}

/** `go1.21.5 X:boringcrypto` → `v1.21.5` (module-style, like every other Go version in the inventory). */
export function stdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+(?:\.\d+)*(?:(?:rc|beta)\d+)?)/.exec(goVersion.trim());
  return m?.[1] ? `v${m[1]}` : undefined;
}

function goPackage(path: string, version: string, file: string, ctx: CatalogContext): Package {
  const pkg: Omit<Package, 'purl'> = { name: path, version, type: 'golang', licenses: [], path: file };
  const slash = path.lastIndexOf('/');
  if (slash > 0) pkg.namespace = path.slice(0, slash);
  return { ...pkg, purl: packagePurl(pkg, ctx.os) };
}

/** The Go modules compiled into a binary: the main module (`(devel)` when built from a checkout), its deps, and `stdlib`. */
export function goBinaryPackages(info: GoBuildInfo, file: string, ctx: CatalogContext = {}): Package[] {
  const packages: Package[] = [];
  if (info.main?.path) packages.push(goPackage(info.main.path, info.main.version || '(devel)', file, ctx));
  for (const dep of info.deps) if (dep.path && dep.version) packages.push(goPackage(dep.path, dep.version, file, ctx));
  const std = stdlibVersion(info.goVersion);
  if (std) packages.push(goPackage('stdlib', std, file, ctx));
  return packages;
}

export function parseGoBinary(content: Buffer, file: string, ctx: CatalogContext = {}): Package[] {
  const strings = readGoBuildInfoStrings(content);
  if (!strings) return [];
  return goBinaryPackages(parseGoModInfo(strings.goVersion, strings.modinfo), file, ctx);
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

export const goBinaryCataloger: Cataloger = {
  id: 'go-binary',
  maxSize: 512 * MiB,
  /** Executables only: a regular file with an execute bit (the ELF magic is checked on the content). */
  wants(_path: string, entry: LayerEntry): boolean {
    return entry.type === 'file' && (entry.mode & 0o111) !== 0 && entry.size > 1024;
  },
  parse(path: string, content: Buffer, ctx: CatalogContext): Package[] {
    if (!content.subarray(0, 4).equals(ELF_MAGIC)) return [];
    return parseGoBinary(content, path, ctx);
  },
};
