import type { LayerEntry } from '../../model/image.js';
import type { Package } from '../../model/package.js';
import { basename, MiB, type CatalogContext, type Cataloger } from './cataloger.js';
import { packagePurl } from './purl.js';

interface ComposerPackage {
  name?: unknown;
  version?: unknown;
  license?: unknown;
}

function composerPackages(list: unknown, path: string, ctx: CatalogContext): Package[] {
  if (!Array.isArray(list)) return [];
  const packages: Package[] = [];
  for (const entry of list as ComposerPackage[]) {
    if (typeof entry?.name !== 'string' || typeof entry.version !== 'string') continue;
    const licenses = Array.isArray(entry.license) ? entry.license.filter((l): l is string => typeof l === 'string') : typeof entry.license === 'string' ? [entry.license] : [];
    const pkg: Omit<Package, 'purl'> = { name: entry.name, version: entry.version, type: 'composer', licenses, path };
    const slash = entry.name.indexOf('/');
    if (slash > 0) pkg.namespace = entry.name.slice(0, slash);
    packages.push({ ...pkg, purl: packagePurl(pkg, ctx.os) });
  }
  return packages;
}

/**
 * composer.lock (`packages` and `packages-dev`) and vendor/composer/installed.json (Composer 1: a
 * list; Composer 2: `{ packages: [...] }`).
 */
export function parseComposer(text: string, path: string, ctx: CatalogContext = {}): Package[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new Error(`${path}: invalid JSON (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
  if (Array.isArray(doc)) return composerPackages(doc, path, ctx);
  if (!doc || typeof doc !== 'object') throw new Error(`${path}: expected a JSON object`);
  const d = doc as { packages?: unknown; 'packages-dev'?: unknown };
  return [...composerPackages(d.packages, path, ctx), ...composerPackages(d['packages-dev'], path, ctx)];
}

export const phpCataloger: Cataloger = {
  id: 'php',
  maxSize: 64 * MiB,
  wants(path: string, _entry?: LayerEntry): boolean {
    return (basename(path) === 'composer.lock' && !path.includes('/vendor/')) || path.endsWith('/vendor/composer/installed.json');
  },
  parse(path: string, content: Buffer, ctx: CatalogContext): Package[] {
    return parseComposer(content.toString('utf8'), path, ctx);
  },
};
