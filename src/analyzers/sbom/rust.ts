import { inflateSync } from 'node:zlib';
import type { LayerEntry } from '../../model/image.js';
import type { Package } from '../../model/package.js';
import { basename, MiB, type CatalogContext, type Cataloger } from './cataloger.js';
import { isElf, openExecutable } from './executable.js';
import { packagePurl } from './purl.js';

function cargoPackage(name: string, version: string, path: string, ctx: CatalogContext): Package {
  const pkg: Omit<Package, 'purl'> = { name, version, type: 'cargo', licenses: [], path };
  return { ...pkg, purl: packagePurl(pkg, ctx.os) };
}

function tomlString(value: string): string | undefined {
  const m = /^"((?:[^"\\]|\\.)*)"/.exec(value.trim());
  return m?.[1];
}

/**
 * Cargo.lock (v1–v4): `[[package]]` tables with `name`, `version` and `source`. Crates without a
 * source are the workspace's own and are left out.
 */
export function parseCargoLock(text: string, path: string, ctx: CatalogContext = {}): Package[] {
  const packages: Package[] = [];
  let current: Record<string, string> | undefined;
  const flush = (): void => {
    if (current?.name && current.version && current.source) packages.push(cargoPackage(current.name, current.version, path, ctx));
    current = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      flush();
      if (line === '[[package]]') current = {};
      continue;
    }
    if (!current) continue;
    const m = /^([A-Za-z_-]+)\s*=\s*(.+)$/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    const value = tomlString(m[2]);
    if (value !== undefined) current[m[1]] = value;
  }
  flush();
  return packages;
}

interface AuditableDeps {
  packages?: { name?: string; version?: string; source?: string; kind?: string; root?: boolean }[];
}

/** cargo-auditable's `.dep-v0` section: zlib-compressed JSON of the dependency tree. Build-time crates are left out. */
export function parseCargoAuditable(content: Buffer, path: string, ctx: CatalogContext = {}): Package[] {
  const section = openExecutable(content)?.section('.dep-v0');
  if (!section) return [];
  let doc: AuditableDeps;
  try {
    doc = JSON.parse(inflateSync(section).toString('utf8')) as AuditableDeps;
  } catch (err) {
    throw new Error(`${path}: .dep-v0 section is not zlib-compressed JSON (${(err as Error).message})`, { cause: err });
  }
  const packages: Package[] = [];
  for (const p of doc.packages ?? []) {
    if (!p.name || !p.version || p.kind === 'build') continue;
    packages.push(cargoPackage(p.name, p.version, path, ctx));
  }
  return packages;
}

export const rustCataloger: Cataloger = {
  id: 'rust',
  maxSize: 512 * MiB,
  wants(path: string, entry: LayerEntry): boolean {
    if (basename(path) === 'Cargo.lock') return true;
    return entry.type === 'file' && (entry.mode & 0o111) !== 0 && entry.size > 1024;
  },
  parse(path: string, content: Buffer, ctx: CatalogContext): Package[] {
    if (basename(path) === 'Cargo.lock') return parseCargoLock(content.toString('utf8'), path, ctx);
    if (!isElf(content)) return [];
    return parseCargoAuditable(content, path, ctx);
  },
};
