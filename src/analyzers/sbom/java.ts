import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import type { LayerEntry } from '../../model/image.js';
import type { Package } from '../../model/package.js';
import { basename, MiB, type CatalogContext, type Cataloger } from './cataloger.js';
import { packagePurl } from './purl.js';

const ARCHIVE = /\.(jar|war|ear|par|sar|jpi|hpi|lpkg|nar)$/i;
/** Archives inside archives are read this deep (a Spring Boot jar in an ear is depth 2). */
const MAX_NESTING = 4;
/** Entries bigger than this are not decompressed (nested archives, pom.properties, manifests). */
const MAX_ENTRY = 256 * MiB;

interface ArchiveFiles {
  pomProperties: { name: string; text: string }[];
  manifest?: string;
  nested: { name: string; content: Buffer }[];
}

function openZip(buffer: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: true }, (err, zip) => (err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip)));
  });
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** The entries of one archive that identify it, plus the archives nested in it. */
async function readArchive(buffer: Buffer, withNested: boolean): Promise<ArchiveFiles> {
  const zip = await openZip(buffer);
  const files: ArchiveFiles = { pomProperties: [], nested: [] };
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        const name = entry.fileName;
        const isPom = /^META-INF\/maven\/.+\/pom\.properties$/.test(name);
        const isManifest = name.toUpperCase() === 'META-INF/MANIFEST.MF';
        const isNested = withNested && ARCHIVE.test(name) && !name.endsWith('/');
        if ((!isPom && !isManifest && !isNested) || entry.uncompressedSize > MAX_ENTRY) return zip.readEntry();
        readEntry(zip, entry)
          .then((content) => {
            if (isPom) files.pomProperties.push({ name, text: content.toString('utf8') });
            else if (isManifest) files.manifest = content.toString('utf8');
            else files.nested.push({ name, content });
            zip.readEntry();
          })
          .catch(reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return files;
}

/** Java `.properties`: `key=value` or `key: value`, `#`/`!` comments. */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m?.[1]) out[m[1]] = m[2] ?? '';
  }
  return out;
}

/** MANIFEST.MF main section: 72-byte lines, continuations start with one space. */
export function parseManifest(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break; // per-entry sections follow
    if (line.startsWith(' ') && last) {
      out[last] += line.slice(1);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim();
    out[last] = line.slice(colon + 1).trim();
  }
  return out;
}

/** `commons-lang3-3.12.0.jar` → `{ artifact: 'commons-lang3', version: '3.12.0' }`. */
export function nameFromFileName(file: string): { artifact: string; version?: string } {
  const stem = basename(file).replace(ARCHIVE, '');
  const m = /^(.+?)[-_](\d[\w.+-]*)$/.exec(stem);
  return m?.[1] && m[2] ? { artifact: m[1], version: m[2] } : { artifact: stem };
}

function mavenPackage(group: string | undefined, artifact: string, version: string, licenses: string[], path: string, ctx: CatalogContext): Package {
  const pkg: Omit<Package, 'purl'> = { name: group ? `${group}:${artifact}` : artifact, version, type: 'maven', licenses, path };
  if (group) pkg.namespace = group;
  return { ...pkg, purl: packagePurl(pkg, ctx.os) };
}

async function catalogArchive(buffer: Buffer, path: string, depth: number, ctx: CatalogContext): Promise<Package[]> {
  const files = await readArchive(buffer, depth < MAX_NESTING);
  const manifest = files.manifest ? parseManifest(files.manifest) : {};
  const licenses = manifest['Bundle-License'] ? [manifest['Bundle-License'].split(';')[0]?.trim() ?? ''].filter(Boolean) : [];
  const packages: Package[] = [];
  const seen = new Set<string>();
  for (const pom of files.pomProperties) {
    const props = parseProperties(pom.text);
    const { groupId, artifactId, version } = props;
    if (!artifactId || !version || seen.has(`${groupId}:${artifactId}@${version}`)) continue;
    seen.add(`${groupId}:${artifactId}@${version}`);
    packages.push(mavenPackage(groupId || undefined, artifactId, version, licenses, path, ctx));
  }
  if (!packages.length) {
    const fromFile = nameFromFileName(path);
    const version = manifest['Implementation-Version'] ?? manifest['Bundle-Version'] ?? manifest['Specification-Version'] ?? fromFile.version;
    const group = manifest['Implementation-Vendor-Id'] ?? (manifest['Bundle-SymbolicName']?.split(';')[0]?.trim() || undefined);
    const artifact = fromFile.version ? fromFile.artifact : (manifest['Implementation-Title'] ?? fromFile.artifact);
    // the bundle name often is the group plus the artifact (`org.slf4j.api`): keep it as the group only when it is not the artifact itself
    const namespace = group && group !== artifact ? group : undefined;
    if (version) packages.push(mavenPackage(namespace, artifact, version, licenses, path, ctx));
  }
  for (const nested of files.nested) {
    try {
      packages.push(...(await catalogArchive(nested.content, `${path}!/${nested.name}`, depth + 1, ctx)));
    } catch {
      // a damaged nested archive must not hide its siblings or the outer archive
    }
  }
  return packages;
}

/** The Maven packages of a Java archive and the archives nested in it (nested paths as `outer.war!/WEB-INF/lib/x.jar`). */
export async function parseJavaArchive(content: Buffer, path: string, ctx: CatalogContext = {}): Promise<Package[]> {
  try {
    return await catalogArchive(content, path, 0, ctx);
  } catch (err) {
    throw new Error(`${path}: not a readable Java archive (${(err as Error).message})`, { cause: err });
  }
}

export const javaCataloger: Cataloger = {
  id: 'java',
  maxSize: 512 * MiB,
  wants(path: string, _entry?: LayerEntry): boolean {
    return ARCHIVE.test(path);
  },
  parse(path: string, content: Buffer, ctx: CatalogContext): Promise<Package[]> {
    return parseJavaArchive(content, path, ctx);
  },
};
