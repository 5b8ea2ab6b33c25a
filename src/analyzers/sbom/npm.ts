import { parse as parseYaml } from 'yaml';
import type { LayerEntry } from '../../model/image.js';
import type { Package } from '../../model/package.js';
import { basename, MiB, type CatalogContext, type Cataloger } from './cataloger.js';
import { packagePurl } from './purl.js';

/** `…/node_modules/<name>/package.json` or `…/node_modules/@scope/<name>/package.json`, not files deeper inside a package. */
const INSTALLED_MANIFEST = /\/node_modules\/(?:@[^/]+\/)?[^/@.][^/]*\/package\.json$/;
const LOCKFILES: ReadonlySet<string> = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml']);

function npmPackage(name: string, version: string, licenses: string[], path: string, ctx: CatalogContext): Package {
  const pkg: Omit<Package, 'purl'> = { name, version, type: 'npm', licenses, path };
  if (name.startsWith('@') && name.includes('/')) pkg.namespace = name.slice(0, name.indexOf('/'));
  return { ...pkg, purl: packagePurl(pkg, ctx.os) };
}

/** `license: "MIT"`, `license: { type: "MIT" }` or the old `licenses: [{ type }]`. */
export function manifestLicenses(manifest: Record<string, unknown>): string[] {
  const one = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value.trim() || undefined;
    if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') return (value as { type: string }).type;
    return undefined;
  };
  const license = one(manifest.license);
  if (license) return [license];
  return Array.isArray(manifest.licenses) ? manifest.licenses.map(one).filter((l): l is string => !!l) : [];
}

function parseJson(text: string, path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new Error(`${path}: invalid JSON (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path}: expected a JSON object`);
  return value as Record<string, unknown>;
}

/** An installed package's own package.json. */
export function parseInstalledManifest(text: string, path: string, ctx: CatalogContext = {}): Package[] {
  const manifest = parseJson(text, path);
  const { name, version } = manifest;
  if (typeof name !== 'string' || typeof version !== 'string' || !name || !version) return [];
  return [npmPackage(name, version, manifestLicenses(manifest), path, ctx)];
}

interface LockEntry {
  version?: string;
  name?: string;
  dev?: boolean;
  link?: boolean;
  license?: unknown;
  dependencies?: Record<string, LockEntry>;
}

/** package-lock.json / npm-shrinkwrap.json v1 (nested `dependencies`), v2 and v3 (flat `packages`). Dev-only packages are left out. */
export function parsePackageLock(text: string, path: string, ctx: CatalogContext = {}): Package[] {
  const lock = parseJson(text, path);
  const packages: Package[] = [];
  const seen = new Set<string>();
  const add = (name: string, version: string, licenses: string[]): void => {
    const key = `${name}@${version}`;
    if (seen.has(key)) return;
    seen.add(key);
    packages.push(npmPackage(name, version, licenses, path, ctx));
  };
  const flat = lock.packages;
  if (flat && typeof flat === 'object') {
    for (const [key, raw] of Object.entries(flat as Record<string, LockEntry>)) {
      const at = key.lastIndexOf('node_modules/');
      if (at < 0 || !raw || raw.link || raw.dev || typeof raw.version !== 'string') continue;
      // an alias (`"x": "npm:real@1"`) records the real package name in `name`
      const name = raw.name ?? key.slice(at + 'node_modules/'.length);
      add(name, raw.version, manifestLicenses(raw as Record<string, unknown>));
    }
    return packages;
  }
  const walk = (deps: Record<string, LockEntry> | undefined): void => {
    for (const [name, entry] of Object.entries(deps ?? {})) {
      if (!entry || entry.dev || typeof entry.version !== 'string') continue;
      // v1 writes aliases as `npm:real@1.0.0` and git/file deps as URLs: keep registry versions only
      const alias = /^npm:(@?[^@]+)@(.+)$/.exec(entry.version);
      if (alias?.[1] && alias[2]) add(alias[1], alias[2], []);
      else if (!entry.version.includes(':') && !entry.version.includes('/')) add(name, entry.version, []);
      walk(entry.dependencies);
    }
  };
  walk(lock.dependencies as Record<string, LockEntry> | undefined);
  return packages;
}

/** The package name of a yarn descriptor: `@babel/core@^7.0.0` / `@babel/core@npm:^7.0.0` → `@babel/core`. */
function descriptorName(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  return at > 0 ? descriptor.slice(0, at) : descriptor;
}

/** yarn.lock, classic (v1: `version "1.0.0"`) and berry (v2+: YAML, `version: 1.0.0`, `resolution:`). */
export function parseYarnLock(text: string, path: string, ctx: CatalogContext = {}): Package[] {
  const packages: Package[] = [];
  const seen = new Set<string>();
  let descriptor: string | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      // `"a@^1", "a@^1.1":` or `a@^1:` — the first descriptor names the package
      const first = line.replace(/:\s*$/, '').split(',')[0]?.trim().replace(/^"|"$/g, '');
      descriptor = first && first !== '__metadata' ? first : undefined;
      continue;
    }
    const m = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line);
    if (!m?.[1] || !descriptor) continue;
    const spec = descriptor.slice(descriptorName(descriptor).length + 1);
    // workspaces and links are the project itself, not a dependency
    if (/^(workspace|link|portal|file):/.test(spec)) continue;
    const name = descriptorName(descriptor);
    const version = m[1];
    if (version === '0.0.0-use.local') continue;
    const key = `${name}@${version}`;
    if (!seen.has(key)) {
      seen.add(key);
      packages.push(npmPackage(name, version, [], path, ctx));
    }
    descriptor = undefined;
  }
  return packages;
}

/**
 * pnpm-lock.yaml `packages:` keys across lockfile versions: `/name/1.0.0` (v5), `/name@1.0.0` (v6),
 * `name@1.0.0` (v9); a peer suffix `(peer@x)` (v6+) or `_peer@x` (v5) follows the version.
 */
export function parsePnpmKey(key: string): { name: string; version: string } | undefined {
  let k = key.startsWith('/') ? key.slice(1) : key;
  const paren = k.indexOf('(');
  if (paren > 0) k = k.slice(0, paren);
  const scoped = k.startsWith('@');
  const slashes = k.split('/').length - 1;
  if (slashes === (scoped ? 1 : 0)) {
    // v6+: name@version
    const at = k.indexOf('@', 1);
    return at > 0 ? { name: k.slice(0, at), version: k.slice(at + 1) } : undefined;
  }
  // v5: name/version[_peer]; peer names there have their `/` written as `+`
  const slash = k.indexOf('/', scoped ? k.indexOf('/') + 1 : 0);
  if (slash <= 0) return undefined;
  const version = k.slice(slash + 1).split('_')[0] ?? '';
  return version ? { name: k.slice(0, slash), version } : undefined;
}

export function parsePnpmLock(text: string, path: string, ctx: CatalogContext = {}): Package[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new Error(`${path}: invalid YAML (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
  const entries = (doc as { packages?: Record<string, { name?: string; version?: string; dev?: boolean }> } | null)?.packages ?? {};
  const packages: Package[] = [];
  const seen = new Set<string>();
  for (const [key, entry] of Object.entries(entries)) {
    if (entry?.dev === true) continue;
    const parsed = parsePnpmKey(key);
    const name = entry?.name ?? parsed?.name;
    const version = entry?.version ?? parsed?.version;
    if (!name || !version || /^(file|link|git)[:+]/.test(version)) continue;
    if (seen.has(`${name}@${version}`)) continue;
    seen.add(`${name}@${version}`);
    packages.push(npmPackage(name, version, [], path, ctx));
  }
  return packages;
}

export const npmCataloger: Cataloger = {
  id: 'npm',
  maxSize: 64 * MiB,
  wants(path: string, _entry?: LayerEntry): boolean {
    if (INSTALLED_MANIFEST.test(path)) return true;
    // lockfiles inside node_modules (the hidden `.package-lock.json`, vendored ones) repeat what is installed
    return LOCKFILES.has(basename(path)) && !path.includes('/node_modules/');
  },
  parse(path: string, content: Buffer, ctx: CatalogContext): Package[] {
    const text = content.toString('utf8');
    switch (basename(path)) {
      case 'package.json':
        return parseInstalledManifest(text, path, ctx);
      case 'yarn.lock':
        return parseYarnLock(text, path, ctx);
      case 'pnpm-lock.yaml':
        return parsePnpmLock(text, path, ctx);
      default:
        return parsePackageLock(text, path, ctx);
    }
  },
};
