import type { LayerEntry } from '../../model/image.js';
import type { OsRelease, Package, PackageType } from '../../model/package.js';

/** What a cataloger may learn about the image while it parses one file. */
export interface CatalogContext {
  /** The image's OS release when known (for `distro=`); the collector fills purls in again at the end. */
  os?: OsRelease;
  /** Records that OS package `owner` installed these absolute paths (dpkg `.list`, rpm file lists). */
  ownFiles?(owner: string, files: readonly string[]): void;
  /** Records licences found apart from the package database (dpkg's `/usr/share/doc/<pkg>/copyright`). */
  packageLicenses?(type: PackageType, name: string, licenses: readonly string[]): void;
}

/** Reads one kind of package metadata file. */
export interface Cataloger {
  id: string;
  /** Files above this size are not read (the collector skips them). */
  maxSize: number;
  wants(path: string, entry: LayerEntry): boolean;
  parse(path: string, content: Buffer, ctx: CatalogContext): Package[] | Promise<Package[]>;
}

export const MiB = 1024 * 1024;

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Splits an SPDX-ish licence field into its ids; keeps free text as one entry. */
export function splitLicenses(text: string | undefined): string[] {
  const t = text?.trim();
  if (!t || t === 'UNKNOWN' || t === 'NOASSERTION') return [];
  return [t];
}

export function uniq<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}
