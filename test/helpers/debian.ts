import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { requireTool, tool } from './images.js';

/**
 * A real Debian 12 root filesystem made by `mmdebstrap --variant=minbase bookworm` from this
 * machine's apt sources (the Debian mirror). It takes from half a minute to a few minutes, so the
 * tar is kept in .cache (gitignored) and rebuilt when the mmdebstrap version changes.
 */

const CACHE = path.resolve('.cache/mmdebstrap-bookworm-minbase.tar');
const KEY_FILE = `${CACHE}.key`;

export async function debianMinbaseTar(): Promise<string> {
  await requireTool('mmdebstrap');
  const key = (await tool('mmdebstrap', ['--version'])).trim();
  const cachedKey = await readFile(KEY_FILE, 'utf8').catch(() => undefined);
  const cached = await stat(CACHE).catch(() => undefined);
  if (cached?.isFile() && cachedKey === key) return CACHE;
  await mkdir(path.dirname(CACHE), { recursive: true });
  // mmdebstrap picks its output format from the name: a tarball only when it ends in .tar.
  const partial = `${CACHE}.${process.pid}.partial.tar`;
  try {
    await tool('mmdebstrap', ['--variant=minbase', '--quiet', 'bookworm', partial]);
  } catch (err) {
    await rm(partial, { force: true });
    throw new Error(`mmdebstrap could not build Debian bookworm (it needs this machine's apt sources and the Debian mirror they name): ${(err as Error).message}`, { cause: err });
  }
  await rename(partial, CACHE);
  await writeFile(KEY_FILE, key);
  return CACHE;
}

/** `dpkg-query -W` over the root's dpkg database (extracted from the tar): name → version and source package. */
export async function dpkgPackagesOf(rootTar: string, dir: string): Promise<Map<string, { version: string; source: string }>> {
  await requireTool('dpkg-query', 'dpkg');
  await mkdir(dir, { recursive: true });
  await tool('tar', ['-xf', rootTar, '-C', dir, './var/lib/dpkg/status']);
  const out = await tool('dpkg-query', [`--admindir=${path.join(dir, 'var/lib/dpkg')}`, '-W', '-f', '${Package}\t${Version}\t${source:Package}\n']);
  const packages = new Map<string, { version: string; source: string }>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [name, version, source] = line.split('\t') as [string, string, string];
    packages.set(name, { version, source });
  }
  return packages;
}
