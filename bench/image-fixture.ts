/**
 * The image the image benchmark scans: a real Debian 12 root file system made by mmdebstrap from the
 * Debian mirror in this machine's apt sources, with big real packages (a JRE, Python, Perl, Ruby,
 * Node.js, Go binaries, jars), turned into a three-layer OCI layout by umoci. Built once and cached
 * under .cache/bench-image/<size>-<key>/, keyed by what goes into it; the rootfs is deleted after.
 *
 * Sizes: `default` ≈ 580 MB uncompressed, 220 MB compressed (built in 9 minutes on 2 heavily
 * loaded cores, mmdebstrap alone ~3 of them); `1g` adds LLVM, the Go toolchain, a JDK, GCC and git
 * for ≈ 1.2–1.3 GB, for the RSS target at 1 GB (not yet timed: expect about twice the default).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './vulndb-fixture.js';

const run = promisify(execFile);

export type BenchImageSize = 'default' | '1g';

const SUITE = 'bookworm';
const PACKAGES: Record<BenchImageSize, string[]> = {
  default: ['python3', 'python3-requests', 'python3-yaml', 'perl', 'openjdk-17-jre-headless', 'nodejs', 'restic', 'age', 'ruby', 'libjackson2-core-java'],
  '1g': [
    'python3', 'python3-requests', 'python3-yaml', 'perl', 'openjdk-17-jre-headless', 'nodejs', 'restic', 'age', 'ruby', 'libjackson2-core-java',
    'openjdk-17-jdk-headless', 'libllvm15', 'golang-1.19-go', 'gcc', 'g++', 'git',
  ],
};

/**
 * Layers after the first (which holds everything else): folders moved out of the rootfs into
 * a layer of their own, as a Dockerfile installing a runtime would make them. Missing ones are skipped.
 */
const SPLIT_LAYERS: string[][] = [
  ['usr/lib/jvm'],
  ['usr/lib/python3', 'usr/lib/python3.11', 'usr/lib/go-1.19', 'usr/lib/llvm-15'],
];

export interface BenchImage {
  layout: string;
  tag: string;
  /** Whether this run built it. */
  fresh: boolean;
  /** Seconds mmdebstrap and the layering took when it was built. */
  buildSeconds: number;
  packages: string[];
}

async function tool(cmd: string, args: string[]): Promise<void> {
  try {
    await run(cmd, args, { maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string; code?: string };
    if (e.code === 'ENOENT') throw new Error(`bench: ${cmd} is missing (Debian package ${cmd}): apt-get install -y ${cmd}`, { cause: err });
    throw new Error(`bench: ${cmd} ${args.join(' ')} failed: ${(e.stderr || e.message).trim().split('\n').slice(-5).join(' | ')}`, { cause: err });
  }
}

/** The cached benchmark image of this size, building it first (minutes) if it is not there. */
export async function benchImage(size: BenchImageSize, log: (line: string) => void = () => {}): Promise<BenchImage> {
  const packages = PACKAGES[size];
  const key = createHash('sha256').update(JSON.stringify({ SUITE, packages, SPLIT_LAYERS, variant: 'minbase' })).digest('hex').slice(0, 12);
  const dir = path.join(repoRoot(), '.cache', 'bench-image', `${size}-${key}`);
  const layout = path.join(dir, 'oci');
  const tag = 'bench';
  const infoFile = path.join(dir, 'build.json');
  if (existsSync(infoFile)) {
    const info = JSON.parse(await readFile(infoFile, 'utf8')) as { buildSeconds: number };
    return { layout, tag, fresh: false, buildSeconds: info.buildSeconds, packages };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = Date.now();
  const rootfsTar = path.join(dir, 'rootfs.tar');
  log(`building the ${size} benchmark image in ${dir}: mmdebstrap ${SUITE} with ${packages.join(', ')} (minutes)`);
  await tool('mmdebstrap', ['--variant=minbase', '--quiet', `--include=${packages.join(',')}`, SUITE, rootfsTar]);
  const rootfs = path.join(dir, 'rootfs');
  await mkdir(rootfs);
  // Device nodes are not part of an image: the runtime provides /dev.
  await tool('tar', ['-xpf', rootfsTar, '-C', rootfs, '--numeric-owner', '--exclude=./dev/*']);
  await rm(rootfsTar);
  const layerDirs: string[] = [];
  for (const [i, folders] of SPLIT_LAYERS.entries()) {
    const layerDir = path.join(dir, `layer${i + 2}`);
    let moved = 0;
    for (const folder of folders) {
      if (!existsSync(path.join(rootfs, folder))) continue;
      await mkdir(path.dirname(path.join(layerDir, folder)), { recursive: true });
      await rename(path.join(rootfs, folder), path.join(layerDir, folder));
      moved++;
    }
    if (moved > 0) layerDirs.push(layerDir);
  }
  log(`layering with umoci into ${layout}`);
  const image = `${layout}:${tag}`;
  await tool('umoci', ['init', '--layout', layout]);
  await tool('umoci', ['new', '--image', image]);
  await tool('umoci', ['insert', '--image', image, '--history.created_by', `mmdebstrap --variant=minbase ${SUITE}`, rootfs, '/']);
  for (const layerDir of layerDirs) await tool('umoci', ['insert', '--image', image, '--history.created_by', `split out of the rootfs: ${path.basename(layerDir)}`, layerDir, '/']);
  await tool('umoci', ['config', '--image', image, '--config.cmd', '/bin/bash', '--config.user', '1000']);
  await tool('umoci', ['gc', '--layout', layout]);
  for (const d of [rootfs, ...layerDirs]) await rm(d, { recursive: true, force: true });
  const buildSeconds = (Date.now() - started) / 1000;
  await writeFile(infoFile, `${JSON.stringify({ size, packages, buildSeconds, built: new Date().toISOString() }, null, 2)}\n`);
  return { layout, tag, fresh: true, buildSeconds, packages };
}
