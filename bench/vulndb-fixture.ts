/**
 * The vulnerability database the image and vuln benchmarks scan against: built from the real feeds
 * in ../shared/vulndata (BENCH_VULNDATA to change) with the real CLI (`rampart db keygen`, `db build`,
 * `db import`), once, and cached under .cache/bench-vulndb/<key>/ where the key is the SHA-256 of the
 * feeds' SHA256SUMS and the schema version, so new feeds or a new schema build afresh.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_VERSION } from '../src/store/vulndb/schema.js';

/** The repository root: the nearest folder above this file (bench/ or dist/bench/) with a package.json. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`bench: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

/** The compiled CLI the benchmarks drive, as a user runs it. */
export function cliPath(): string {
  const cli = path.join(repoRoot(), 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error(`bench: ${cli} is missing: run \`npm run build\` first`);
  return cli;
}

/** Preloaded into a measured process: prints its own peak RSS (KiB) to standard error as it exits. */
export const REPORT_PEAK_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('RAMPART_BENCH_MAXRSS '+process.resourceUsage().maxRSS+'\\n'))`;

export interface CliRun {
  seconds: number;
  /** Peak RSS of the node process, MB (1024²). */
  rssMb: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in a child process and measures its wall time and peak RSS. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', REPORT_PEAK_RSS, cliPath(), ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error) throw r.error;
  const rssKb = Number(/RAMPART_BENCH_MAXRSS (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { seconds, rssMb: rssKb / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface BenchVulnDb {
  /** The installed database folder, for `--db-dir`. */
  dbDir: string;
  bundle: string;
  publicKey: string;
  /** Wall time of `rampart db build` (import to SQLite, compress, sign) when it was built. */
  buildSeconds: number;
  bundleBytes: number;
  dbBytes: number;
  /** Whether this run built it (false: taken from the cache). */
  fresh: boolean;
  from: string;
}

function check(run: CliRun, what: string): void {
  // `db build` exits 2 when a feed file failed but still writes the bundle; the bundle's check is the import.
  if (run.status !== 0 && run.status !== 2) throw new Error(`bench: ${what} exited ${run.status}: ${run.stderr.trim()}`);
}

function feedsFolder(): string {
  return path.resolve(repoRoot(), process.env.BENCH_VULNDATA ?? '../shared/vulndata');
}

/** Where the database built from these feeds is cached. */
function cacheFolder(from: string): string {
  const sumsFile = path.join(from, 'SHA256SUMS');
  if (!existsSync(sumsFile)) throw new Error(`bench: ${sumsFile} is missing: point BENCH_VULNDATA at a vulndata folder`);
  const key = createHash('sha256').update(readFileSync(sumsFile)).update(`schema ${SCHEMA_VERSION}`).digest('hex').slice(0, 16);
  return path.join(repoRoot(), '.cache', 'bench-vulndb', key);
}

/** The installed database folder if the benchmark database for the current feeds is already built. */
export function cachedBenchVulnDb(): string | undefined {
  try {
    const dbDir = path.join(cacheFolder(feedsFolder()), 'db');
    return existsSync(path.join(dbDir, 'vuln.db')) ? dbDir : undefined;
  } catch {
    return undefined;
  }
}

/** The cached benchmark database, building it first (a minute or two) if the feeds or schema changed. */
export async function benchVulnDb(): Promise<BenchVulnDb> {
  const from = feedsFolder();
  const dir = cacheFolder(from);
  const bundle = path.join(dir, 'rampart-db.tar.zst');
  const dbDir = path.join(dir, 'db');
  const publicKey = path.join(dir, 'db.pub');
  const infoFile = path.join(dir, 'build.json');
  if (existsSync(infoFile) && existsSync(path.join(dbDir, 'vuln.db'))) {
    const info = JSON.parse(await readFile(infoFile, 'utf8')) as { buildSeconds: number };
    return { dbDir, bundle, publicKey, buildSeconds: info.buildSeconds, bundleBytes: (await stat(bundle)).size, dbBytes: (await stat(path.join(dbDir, 'vuln.db'))).size, fresh: false, from };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  check(runCli(['db', 'keygen', '--out', path.join(dir, 'db')]), 'rampart db keygen');
  const build = runCli(['db', 'build', '--from', from, '--output', bundle, '--sign-key', path.join(dir, 'db.key'), '--no-progress']);
  check(build, 'rampart db build');
  check(runCli(['db', 'import', bundle, '--trust', publicKey, '--db-dir', dbDir]), 'rampart db import');
  await writeFile(infoFile, `${JSON.stringify({ buildSeconds: build.seconds, buildRssMb: build.rssMb, from, built: new Date().toISOString() }, null, 2)}\n`);
  return { dbDir, bundle, publicKey, buildSeconds: build.seconds, bundleBytes: (await stat(bundle)).size, dbBytes: (await stat(path.join(dbDir, 'vuln.db'))).size, fresh: true, from };
}
