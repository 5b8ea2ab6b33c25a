import type { LayerEntry } from '../../model/image.js';
import type { Package } from '../../model/package.js';
import { MiB, type CatalogContext, type Cataloger } from './cataloger.js';
import { packagePurl } from './purl.js';

const METADATA_FILE = /\.dist-info\/METADATA$|\.egg-info\/PKG-INFO$|\/EGG-INFO\/PKG-INFO$|\.egg-info$/;

/** The header block of a core-metadata file (RFC 822 style; continuation lines start with whitespace). */
export function parseMetadataHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break; // the description body follows the first blank line
    if (/^\s/.test(line) && last) {
      last[last.length - 1] += '\n' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const values = headers.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(key, values);
    last = values;
  }
  return headers;
}

/** License-Expression (metadata 2.4), else License when it is short, else the licence classifiers. */
function metadataLicenses(headers: Map<string, string[]>): string[] {
  const expression = headers.get('license-expression')?.[0];
  if (expression) return [expression];
  const license = headers.get('license')?.[0];
  // some projects paste their whole licence text into License: that is no identifier
  if (license && license !== 'UNKNOWN' && !license.includes('\n') && license.length <= 100) return [license];
  const classifiers = (headers.get('classifier') ?? []).filter((c) => c.startsWith('License ::')).map((c) => c.split('::').pop()?.trim() ?? '');
  return classifiers.filter((c) => c && c !== 'OSI Approved');
}

export function parsePythonMetadata(text: string, path: string, ctx: CatalogContext = {}): Package[] {
  const headers = parseMetadataHeaders(text);
  const name = headers.get('name')?.[0];
  const version = headers.get('version')?.[0];
  if (!name || !version) return [];
  const pkg: Omit<Package, 'purl'> = { name, version, type: 'pypi', licenses: metadataLicenses(headers), path };
  return [{ ...pkg, purl: packagePurl(pkg, ctx.os) }];
}

export const pythonCataloger: Cataloger = {
  id: 'python',
  maxSize: 16 * MiB,
  wants(path: string, _entry?: LayerEntry): boolean {
    return METADATA_FILE.test(path);
  },
  parse(path: string, content: Buffer, ctx: CatalogContext): Package[] {
    return parsePythonMetadata(content.toString('utf8'), path, ctx);
  },
};
