import type { ImageFileView, LayerEntry, LayerInfo, LayerVisitor } from '../../model/image.js';
import type { Package, PackageInventory, PackageType } from '../../model/package.js';
import { apkCataloger } from './apk.js';
import { basename, dirname, type CatalogContext, type Cataloger } from './cataloger.js';
import { dotnetCataloger } from './dotnet.js';
import { dpkgCataloger } from './dpkg.js';
import { goBinaryCataloger } from './go-binary.js';
import { javaCataloger } from './java.js';
import { npmCataloger } from './npm.js';
import { detectOs, osReleaseDetector } from './os-release.js';
import { phpCataloger } from './php.js';
import { packagePurl } from './purl.js';
import { pythonCataloger } from './python.js';
import { rpmCataloger } from './rpm.js';
import { rubyCataloger } from './ruby.js';
import { rustCataloger } from './rust.js';

/** Every cataloger, OS package databases first. */
export const DEFAULT_CATALOGERS: readonly Cataloger[] = [
  dpkgCataloger,
  rpmCataloger,
  apkCataloger,
  npmCataloger,
  pythonCataloger,
  javaCataloger,
  goBinaryCataloger,
  rubyCataloger,
  rustCataloger,
  phpCataloger,
  dotnetCataloger,
];

const OS_PACKAGE_TYPES: ReadonlySet<PackageType> = new Set(['deb', 'rpm', 'apk']);
const NPM_LOCKFILES: ReadonlySet<string> = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml']);

/** A file a cataloger could not read: reported, and the scan carries on. */
export interface CatalogProblem {
  path: string;
  layer: number;
  cataloger: string;
  message: string;
}

/** What the catalogers found in one (path, layer). */
interface FileRecord {
  path: string;
  layer: number;
  packages: Package[];
  owned: [owner: string, files: readonly string[]][];
  licenses: [type: PackageType, name: string, licenses: readonly string[]][];
  releaseText?: string;
  problems: CatalogProblem[];
}

/**
 * Builds an image's package inventory as its layers stream past: routes each file to the catalogers
 * that want it, keys what they find by (path, layer), and at the end keeps only what the final image
 * shows.
 */
export class SbomCollector implements LayerVisitor {
  private readonly catalogers: readonly Cataloger[];
  private readonly records = new Map<string, FileRecord>();
  /** Problems with files of the final view, set by `finish`. */
  problems: CatalogProblem[] = [];

  constructor(catalogers: readonly Cataloger[] = DEFAULT_CATALOGERS) {
    this.catalogers = catalogers;
  }

  private catalogersFor(entry: LayerEntry): Cataloger[] {
    return this.catalogers.filter((c) => entry.size <= c.maxSize && c.wants(entry.path, entry));
  }

  wants(entry: LayerEntry): boolean {
    if (entry.type !== 'file') return false;
    if (osReleaseDetector.wants(entry.path) && entry.size <= osReleaseDetector.maxSize) return true;
    return this.catalogersFor(entry).length > 0;
  }

  private record(entry: LayerEntry): FileRecord {
    const key = `${entry.layer}\u0000${entry.path}`;
    let record = this.records.get(key);
    if (!record) {
      record = { path: entry.path, layer: entry.layer, packages: [], owned: [], licenses: [], problems: [] };
      this.records.set(key, record);
    }
    return record;
  }

  async file(entry: LayerEntry, content: Buffer | undefined): Promise<void> {
    // a layer may write the same path twice; the later entry is the one the layer leaves
    const key = `${entry.layer}\u0000${entry.path}`;
    this.records.delete(key);
    const record = this.record(entry);
    if (content === undefined) {
      record.problems.push({ path: entry.path, layer: entry.layer, cataloger: 'collector', message: `${entry.path}: not read (${entry.size} bytes is above the reader's size limit)` });
      return;
    }
    if (osReleaseDetector.wants(entry.path)) record.releaseText = content.toString('utf8');
    const ctx: CatalogContext = {
      ownFiles: (owner, files) => record.owned.push([owner, files]),
      packageLicenses: (type, name, licenses) => record.licenses.push([type, name, licenses]),
    };
    for (const cataloger of this.catalogersFor(entry)) {
      try {
        record.packages.push(...(await cataloger.parse(entry.path, content, ctx)));
      } catch (err) {
        const message = (err as Error).message.split('\n')[0] ?? String(err);
        record.problems.push({ path: entry.path, layer: entry.layer, cataloger: cataloger.id, message: message.startsWith(entry.path) ? message : `${entry.path}: ${message}` });
      }
    }
  }

  /** The inventory of the final image: results of files the view shows, with layer diffIds, OS release and ownership. */
  finish(view: ImageFileView, layers: readonly LayerInfo[]): PackageInventory {
    const final = [...this.records.values()].filter((r) => view.isFinal(r.path, r.layer));
    this.problems = final.flatMap((r) => r.problems);

    const releaseFiles = new Map<string, string>();
    for (const r of final) if (r.releaseText !== undefined) releaseFiles.set(r.path, r.releaseText);
    let statusD = false;
    for (const path of view.files.keys()) {
      if (path.startsWith('/var/lib/dpkg/status.d/')) {
        statusD = true;
        break;
      }
    }
    const os = detectOs(releaseFiles, { dpkgStatusDOnly: statusD && !view.files.has('/var/lib/dpkg/status') });

    const owners = new Map<string, string>();
    const licenses = new Map<string, readonly string[]>();
    for (const r of final) {
      for (const [owner, files] of r.owned) for (const f of files) if (!owners.has(f)) owners.set(f, owner);
      for (const [type, name, found] of r.licenses) licenses.set(`${type}\u0000${name}`, found);
    }

    const packages: Package[] = [];
    for (const r of final) {
      const diffId = layers[r.layer]?.diffId;
      for (const found of r.packages) {
        const pkg: Package = { ...found, path: found.path || r.path };
        if (diffId) pkg.layer = diffId;
        if (OS_PACKAGE_TYPES.has(pkg.type)) {
          const extra = licenses.get(`${pkg.type}\u0000${pkg.name}`);
          if (!pkg.licenses.length && extra) pkg.licenses = [...extra];
        } else {
          // a nested archive (`/app.war!/WEB-INF/lib/x.jar`) belongs to whoever owns the outer file
          const owner = owners.get(pkg.path.split('!/')[0] ?? pkg.path);
          if (owner) pkg.ownedBy = owner;
        }
        pkg.purl = packagePurl(pkg, os);
        packages.push(pkg);
      }
    }
    const inventory: PackageInventory = { packages: sortPackages(dropLockfileDuplicates(packages)) };
    if (os) inventory.os = os;
    return inventory;
  }
}

/** An npm lockfile lists what `npm ci` installs next to it: when the installed package.json is there too, keep that one. */
function dropLockfileDuplicates(packages: Package[]): Package[] {
  const installed = new Set<string>();
  for (const p of packages) {
    if (p.type !== 'npm' || basename(p.path) !== 'package.json') continue;
    const at = p.path.indexOf('/node_modules/');
    if (at >= 0) installed.add(`${p.path.slice(0, at) || '/'}\u0000${p.name}@${p.version}`);
  }
  return packages.filter((p) => !(p.type === 'npm' && NPM_LOCKFILES.has(basename(p.path)) && installed.has(`${dirname(p.path)}\u0000${p.name}@${p.version}`)));
}

function sortPackages(packages: Package[]): Package[] {
  const key = (p: Package): string => `${p.type}\u0000${p.name}\u0000${p.version}\u0000${p.path}`;
  return packages.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

