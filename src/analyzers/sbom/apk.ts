import type { LayerEntry } from '../../model/image.js';
import type { Package } from '../../model/package.js';
import { MiB, type CatalogContext, type Cataloger } from './cataloger.js';
import { packagePurl } from './purl.js';

export const APK_INSTALLED = '/lib/apk/db/installed';

/**
 * Parses apk's installed database: blank-line separated records of `X:value` lines (P name, V version,
 * A arch, o origin, L licence, F directory, R file in the last F).
 */
export function parseApkInstalled(text: string, path: string, ctx: CatalogContext = {}): Package[] {
  const packages: Package[] = [];
  let record: Record<string, string> = {};
  let files: string[] = [];
  let dir = '';
  const flush = (): void => {
    const name = record.P;
    const version = record.V;
    if (name && version) {
      const pkg: Omit<Package, 'purl'> = { name, version, type: 'apk', licenses: splitApkLicense(record.L), path };
      if (record.A) pkg.arch = record.A;
      if (record.o) pkg.source = { name: record.o, version };
      packages.push({ ...pkg, purl: packagePurl(pkg, ctx.os) });
      if (files.length) ctx.ownFiles?.(name, files);
    }
    record = {};
    files = [];
    dir = '';
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') {
      flush();
      continue;
    }
    if (line[1] !== ':') continue;
    const key = line[0] ?? '';
    const value = line.slice(2);
    if (key === 'F') dir = value;
    else if (key === 'R') files.push(`/${dir ? dir + '/' : ''}${value}`);
    else if (!(key in record)) record[key] = value;
  }
  flush();
  return packages;
}

/** apk writes SPDX expressions (`MIT AND BSD-2-Clause`) or space-separated ids; keep the expression whole. */
function splitApkLicense(value: string | undefined): string[] {
  const v = value?.trim();
  return v ? [v] : [];
}

export const apkCataloger: Cataloger = {
  id: 'apk',
  maxSize: 128 * MiB,
  wants(path: string, _entry?: LayerEntry): boolean {
    return path === APK_INSTALLED;
  },
  parse(path: string, content: Buffer, ctx: CatalogContext): Package[] {
    return parseApkInstalled(content.toString('utf8'), path, ctx);
  },
};
