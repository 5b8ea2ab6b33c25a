import type { LayerEntry } from '../../model/image.js';
import type { Package } from '../../model/package.js';
import { MiB, type CatalogContext, type Cataloger } from './cataloger.js';
import { packagePurl } from './purl.js';

/** `<app>.deps.json`: the `libraries` map keyed `Name/Version`; only `type: package` entries come from NuGet. */
export function parseDepsJson(text: string, path: string, ctx: CatalogContext = {}): Package[] {
  let doc: { libraries?: Record<string, { type?: string }> };
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, '')) as typeof doc;
  } catch (err) {
    throw new Error(`${path}: invalid JSON (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
  const packages: Package[] = [];
  for (const [key, library] of Object.entries(doc?.libraries ?? {})) {
    if (library?.type !== 'package') continue; // `project` and `reference` are the application's own code
    const slash = key.lastIndexOf('/');
    if (slash <= 0) continue;
    const pkg: Omit<Package, 'purl'> = { name: key.slice(0, slash), version: key.slice(slash + 1), type: 'nuget', licenses: [], path };
    packages.push({ ...pkg, purl: packagePurl(pkg, ctx.os) });
  }
  return packages;
}

export const dotnetCataloger: Cataloger = {
  id: 'dotnet',
  maxSize: 32 * MiB,
  wants(path: string, _entry?: LayerEntry): boolean {
    return path.endsWith('.deps.json');
  },
  parse(path: string, content: Buffer, ctx: CatalogContext): Package[] {
    return parseDepsJson(content.toString('utf8'), path, ctx);
  },
};
