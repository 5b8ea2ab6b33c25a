/**
 * Realistic package inventories for the vulnerability benchmarks, drawn from the benchmark
 * database's own advisories: Alpine 3.19 packages and Go, PyPI, crates, RubyGems, Packagist, Maven,
 * NuGet and npm names that have advisories, each at a version the advisories themselves name (an
 * `introduced`, `fixed` or `last_affected` bound), so some are affected and some are not; plus npm
 * packages with no advisory (real names and versions from this repository's node_modules), the
 * majority of any real application's SBOM and lookups that must miss quickly.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { packagePurl } from '../src/analyzers/sbom/purl.js';
import { compareVersions } from '../src/analyzers/vuln/versions/index.js';
import type { VersionScheme } from '../src/model/index.js';
import type { OsRelease, Package, PackageInventory, PackageType } from '../src/model/index.js';

/** The release the OS packages are drawn from. */
export const BENCH_OS: OsRelease = { family: 'alpine', version: '3.19.1', name: 'Alpine Linux v3.19' };
const OS_NAMESPACE = 'alpine:3.19';

/** Advisory namespace → package type; the namespaces a language package is matched under. */
const LANGUAGE_TYPES: Record<string, PackageType> = { golang: 'golang', pypi: 'pypi', cargo: 'cargo', gem: 'gem', composer: 'composer', maven: 'maven', nuget: 'nuget', npm: 'npm' };

/** A package name with advisories, and the versions its advisories name, oldest first. */
export interface AdvisedPackage {
  type: PackageType;
  name: string;
  versions: string[];
}

/** Every Alpine 3.19 and language package in the database with at least one version its advisories name. */
export function advisedPackages(dbFile: string): AdvisedPackage[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const namespaces = [OS_NAMESPACE, ...Object.keys(LANGUAGE_TYPES)];
    const rows = db
      .prepare(`SELECT namespace, package, scheme, ranges FROM affected WHERE namespace IN (${namespaces.map(() => '?').join(',')}) ORDER BY namespace, package`)
      .all(...namespaces) as { namespace: string; package: string; scheme: string; ranges: string }[];
    const byKey = new Map<string, AdvisedPackage>();
    const schemes = new Map<AdvisedPackage, VersionScheme>();
    for (const row of rows) {
      const type = row.namespace === OS_NAMESPACE ? 'apk' : LANGUAGE_TYPES[row.namespace];
      if (!type) continue;
      const key = `${row.namespace}\u0000${row.package}`;
      let entry = byKey.get(key);
      if (!entry) {
        byKey.set(key, (entry = { type, name: row.package, versions: [] }));
        schemes.set(entry, row.scheme as VersionScheme);
      }
      for (const range of JSON.parse(row.ranges) as Record<string, string>[]) {
        for (const bound of [range.introduced, range.fixed, range.lastAffected]) {
          if (bound && bound !== '0' && bound !== '0.0.0-0' && !entry.versions.includes(bound)) entry.versions.push(bound);
        }
      }
    }
    const advised = [...byKey.values()].filter((p) => p.versions.length > 0);
    for (const p of advised) {
      try {
        p.versions.sort((a, b) => compareVersions(schemes.get(p) as VersionScheme, a, b));
      } catch {
        // a bound the scheme cannot parse: keep the advisories' order
      }
    }
    return advised;
  } finally {
    db.close();
  }
}

/** Real npm names and versions: the package.json of every package under `root`/node_modules. */
export function npmPackagesUnder(root: string): { name: string; version: string }[] {
  const out: { name: string; version: string }[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, depth: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      const folder = path.join(dir, entry);
      if (entry.startsWith('@')) {
        visit(folder, depth);
        continue;
      }
      try {
        const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
        if (typeof manifest.name === 'string' && typeof manifest.version === 'string' && !seen.has(`${manifest.name}@${manifest.version}`)) {
          seen.add(`${manifest.name}@${manifest.version}`);
          out.push({ name: manifest.name, version: manifest.version });
        }
      } catch {
        // not a package folder
      }
      if (depth < 3) visit(path.join(folder, 'node_modules'), depth + 1);
    }
  };
  visit(path.join(root, 'node_modules'), 0);
  if (out.length === 0) throw new Error(`bench: no npm packages under ${root}/node_modules`);
  return out;
}

/** A deterministic pseudo-random sequence, so every run measures the same inventories. */
export class Sequence {
  private seed: number;
  constructor(seed: number) {
    this.seed = seed;
  }
  next(): number {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }
}

/** Where a scanner would have found a package of this type, as the SBOM records it. */
function foundAt(type: PackageType, name: string, version: string, app: number): string {
  const base = name.split(/[/:]/).pop() ?? name;
  switch (type) {
    case 'apk':
      return '/lib/apk/db/installed';
    case 'golang':
      return `/usr/local/bin/service-${app}`;
    case 'cargo':
      return `/usr/local/bin/agent-${app}`;
    case 'pypi':
      return `/usr/lib/python3.11/site-packages/${base}-${version}.dist-info/METADATA`;
    case 'gem':
      return `/usr/lib/ruby/gems/3.2.0/specifications/${base}-${version}.gemspec`;
    case 'composer':
      return `/var/www/app-${app}/vendor/composer/installed.json`;
    case 'maven':
      return `/opt/app-${app}/lib/${base}-${version}.jar`;
    case 'nuget':
      return `/opt/dotnet-${app}/app.deps.json`;
    default:
      return `/srv/app-${app}/node_modules/${name}/package.json`;
  }
}

function pkg(type: PackageType, name: string, version: string, app: number): Package {
  const p: Package = { type, name, version, purl: '', licenses: [], path: foundAt(type, name, version, app) };
  if (type === 'apk') {
    p.arch = 'x86_64';
    p.source = { name };
  }
  // Go module versions carry a `v` in purls and binaries; the advisories' bounds do not.
  if (type === 'golang' && /^\d/.test(version)) p.version = `v${version}`;
  p.purl = packagePurl(p, type === 'apk' ? BENCH_OS : undefined);
  return p;
}

/**
 * An inventory of `size` packages: Alpine 3.19 OS packages (a share `osShare` of it, at most all
 * the database knows), then language packages with advisories (a quarter of the rest), then npm
 * packages without any. A package with advisories is at its newest named version half the time
 * (usually fixed) and at a random one otherwise (often affected); once every name with advisories
 * is used, further ones are other versions of them in other apps.
 */
export function benchInventory(advised: readonly AdvisedPackage[], npm: readonly { name: string; version: string }[], size: number, seed: number, osShare = 0.06): PackageInventory {
  const random = new Sequence(seed);
  const os = advised.filter((p) => p.type === 'apk');
  const language = advised.filter((p) => p.type !== 'apk');
  const packages: Package[] = [];
  const osCount = Math.min(os.length, Math.round(size * osShare));
  const advisedCount = Math.round((size - osCount) / 4);
  const version = (p: AdvisedPackage): string => (random.next() < 0.5 ? (p.versions[p.versions.length - 1] as string) : random.pick(p.versions));
  const osStart = Math.floor(random.next() * os.length);
  for (let i = 0; i < osCount; i++) {
    const p = os[(osStart + i) % os.length] as AdvisedPackage;
    packages.push(pkg('apk', p.name, version(p), 0));
  }
  const languageStart = Math.floor(random.next() * language.length);
  for (let i = 0; i < advisedCount; i++) {
    const p = language[(languageStart + i) % language.length] as AdvisedPackage;
    packages.push(pkg(p.type, p.name, version(p), Math.floor(i / language.length)));
  }
  for (let i = 0; packages.length < size; i++) {
    const p = npm[i % npm.length] as { name: string; version: string };
    packages.push(pkg('npm', p.name, p.version, Math.floor(i / npm.length)));
  }
  return { os: BENCH_OS, packages };
}

/** A stable fake digest for image number `i` of a benchmark. */
export function benchDigest(what: string, i: number): string {
  return `sha256:${createHash('sha256').update(`rampart bench ${what} ${i}`).digest('hex')}`;
}
