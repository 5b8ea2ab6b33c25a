import type { LayerEntry } from '../../model/image.js';
import type { Package } from '../../model/package.js';
import { basename, MiB, uniq, type CatalogContext, type Cataloger } from './cataloger.js';
import { packagePurl } from './purl.js';

const STATUS = '/var/lib/dpkg/status';
const STATUS_D = '/var/lib/dpkg/status.d/';
const INFO = '/var/lib/dpkg/info/';
const COPYRIGHT = /^\/usr\/share\/doc\/([^/]+)\/copyright$/;

/** One deb822 paragraph: field names as written (case kept), continuation lines joined with `\n`. */
export type ControlParagraph = Record<string, string>;

/** Splits a deb822 file (dpkg status, control files, DEP-5 copyright) into paragraphs. */
export function parseControlParagraphs(text: string): ControlParagraph[] {
  const paragraphs: ControlParagraph[] = [];
  let current: ControlParagraph = {};
  let lastField: string | undefined;
  const flush = (): void => {
    if (Object.keys(current).length) paragraphs.push(current);
    current = {};
    lastField = undefined;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (line.startsWith('#')) continue;
    if ((line.startsWith(' ') || line.startsWith('\t')) && lastField) {
      current[lastField] += '\n' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    lastField = line.slice(0, colon);
    current[lastField] = line.slice(colon + 1).trim();
  }
  flush();
  return paragraphs;
}

/** `glibc` or `glibc (2.36-9)` → name and optional version. */
export function parseSourceField(value: string): { name: string; version?: string } {
  const m = /^(\S+)(?:\s*\(([^)]+)\))?/.exec(value.trim());
  const name = m?.[1] ?? value.trim();
  return m?.[2] ? { name, version: m[2].trim() } : { name };
}

function isInstalled(paragraph: ControlParagraph, requireStatus: boolean): boolean {
  const status = paragraph.Status;
  if (status === undefined) return !requireStatus;
  // `want flag state`: only the state word says the files are on disk.
  const state = status.trim().split(/\s+/)[2];
  return state === 'installed';
}

/** Packages of a dpkg status file (or one distroless `status.d/` file, which has no Status field). */
export function parseDpkgStatus(text: string, path: string, ctx: CatalogContext = {}): Package[] {
  const fromStatusD = path.startsWith(STATUS_D);
  const packages: Package[] = [];
  for (const p of parseControlParagraphs(text)) {
    const name = p.Package;
    const version = p.Version;
    if (!name || !version || !isInstalled(p, !fromStatusD)) continue;
    const pkg: Omit<Package, 'purl'> = { name, version, type: 'deb', licenses: [], path };
    if (p.Architecture) pkg.arch = p.Architecture;
    if (p.Source) {
      const source = parseSourceField(p.Source);
      pkg.source = { name: source.name, version: source.version ?? version };
    }
    packages.push({ ...pkg, purl: packagePurl(pkg, ctx.os) });
  }
  return packages;
}

/**
 * Licences of a machine-readable (DEP-5) copyright file: the short names of its `License:` fields.
 * Free-form copyright files name no licence reliably, so they give none.
 */
export function parseDebianCopyright(text: string): string[] {
  const paragraphs = parseControlParagraphs(text);
  const header = paragraphs[0];
  if (!header || !/copyright-format|dep5|DEP-5/i.test(header.Format ?? header['Format-Specification'] ?? '')) return [];
  const licenses: string[] = [];
  for (const p of paragraphs) {
    const value = p.License?.split('\n')[0]?.trim();
    if (value) licenses.push(value);
  }
  return uniq(licenses);
}

/** Owner package of an info `.list` file: `libc6:amd64.list` → `libc6`. */
function listOwner(path: string): string {
  const file = basename(path);
  return file.slice(0, file.lastIndexOf('.')).split(':')[0] ?? file;
}

/** `md5  usr/bin/x` lines of a distroless `status.d/<pkg>.md5sums` file → absolute paths. */
function md5sumsPaths(text: string): string[] {
  const files: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^[0-9a-f]{32}\s+(.+)$/.exec(line.trim());
    if (m?.[1]) files.push('/' + m[1].replace(/^\/+/, ''));
  }
  return files;
}

export const dpkgCataloger: Cataloger = {
  id: 'dpkg',
  maxSize: 128 * MiB,
  wants(path: string, _entry?: LayerEntry): boolean {
    return (
      path === STATUS ||
      path.startsWith(STATUS_D) ||
      (path.startsWith(INFO) && path.endsWith('.list') && !path.slice(INFO.length).includes('/')) ||
      COPYRIGHT.test(path)
    );
  },
  parse(path: string, content: Buffer, ctx: CatalogContext): Package[] {
    const text = content.toString('utf8');
    const copyright = COPYRIGHT.exec(path);
    if (copyright?.[1]) {
      const licenses = parseDebianCopyright(text);
      if (licenses.length) ctx.packageLicenses?.('deb', copyright[1], licenses);
      return [];
    }
    if (path.startsWith(INFO)) {
      const files = text.split('\n').filter((l) => l.startsWith('/'));
      ctx.ownFiles?.(listOwner(path), files);
      return [];
    }
    if (path.startsWith(STATUS_D) && path.endsWith('.md5sums')) {
      ctx.ownFiles?.(listOwner(path), md5sumsPaths(text));
      return [];
    }
    return parseDpkgStatus(text, path, ctx);
  },
};
