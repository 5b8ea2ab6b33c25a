/**
 * Benchmark: `rampart image` on a real Debian image of ~600 MB uncompressed (BENCH_IMAGE_SIZE=1g:
 * ~1.3 GB, for the streaming RSS target), built once by mmdebstrap and umoci (bench/image-fixture.ts;
 * 3–10 minutes the first time, cached under .cache/bench-image/). Prints, each next to its target:
 * - the floor: the time to merely stream, decompress and walk the layers once (floorRead), in its
 *   own process;
 * - the whole CLI run (`rampart image --input <layout> --scanners secret,config --no-store`, JSON
 *   report plus a CycloneDX SBOM) and its ratio to the floor (target at most 1.3x);
 * - packages found and peak RSS (target under 300 MB for a 1 GB image);
 * - the same with `--scanners vuln,secret,config` when a vulnerability database is there (the
 *   cached one from bench/vuln, BENCH_DB_DIR, or the default location).
 * Best of BENCH_RUNS runs each (3; 1 for 1g), floor and full alternating so both see the same page
 * cache. Never fails a test run. Run: `npm run build && node dist/bench/image.js`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '../src/model/index.js';
import { benchImage, type BenchImageSize } from './image-fixture.js';
import { cachedBenchVulnDb, REPORT_PEAK_RSS, runCli, type CliRun } from './vulndb-fixture.js';

const FLOOR_MARK = 'RAMPART_BENCH_FLOOR ';

/** In a child process: open the layout and read its layers once, nothing else; prints the totals. */
async function floorChild(layout: string): Promise<void> {
  const { floorRead, openImage, parseImageInput } = await import('../src/sources/image/index.js');
  const image = await openImage(parseImageInput(layout, {}));
  try {
    process.stdout.write(`${FLOOR_MARK}${JSON.stringify(await floorRead(image))}\n`);
  } finally {
    image.close();
  }
}

interface FloorRun extends Omit<CliRun, 'stdout' | 'stderr'> {
  compressedBytes: number;
  uncompressedBytes: number;
  entries: number;
}

/** The floor in its own process (this file again, with the loader flags it runs under: tsx or none). */
function runFloor(layout: string): FloorRun {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...process.execArgv, '--import', REPORT_PEAK_RSS, fileURLToPath(import.meta.url), '--floor', layout], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const line = r.stdout.split('\n').find((l) => l.startsWith(FLOOR_MARK));
  if (r.status !== 0 || !line) throw new Error(`bench: floor read of ${layout} exited ${r.status}: ${r.stderr.trim()}`);
  const totals = JSON.parse(line.slice(FLOOR_MARK.length)) as { compressedBytes: number; uncompressedBytes: number; entries: number };
  return { seconds, rssMb: Number(/RAMPART_BENCH_MAXRSS (\d+)/.exec(r.stderr)?.[1]) / 1024, status: r.status, ...totals };
}

const best = <T extends { seconds: number }>(runs: T[]): T => runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
const verdict = (met: boolean): string => (met ? 'MET' : 'MISSED');
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

/** The database to scan with: BENCH_DB_DIR, the benchmark's cached one, or the user's default one. */
function vulnDbDir(): string | undefined {
  const candidates = [process.env.BENCH_DB_DIR, cachedBenchVulnDb(), process.env.RAMPART_DB_DIR, path.join(os.homedir(), '.local', 'share', 'rampart', 'db')];
  return candidates.find((d): d is string => !!d && existsSync(path.join(d, 'vuln.db')));
}

async function main(): Promise<void> {
  const size: BenchImageSize = process.env.BENCH_IMAGE_SIZE === '1g' ? '1g' : 'default';
  const runs = Number(process.env.BENCH_RUNS ?? (size === '1g' ? 1 : 3));
  const image = await benchImage(size, (line) => console.log(`bench/image: ${line}`));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-bench-image-'));
  const report = path.join(dir, 'report.json');
  const sbom = path.join(dir, 'sbom.cdx.json');
  const scan = (scanners: string, dbDir?: string): CliRun => {
    const run = runCli(['image', '--input', image.layout, '--scanners', scanners, '--no-store', '--format', 'json', '--output', report, '--report', `cyclonedx=${sbom}`, '--no-progress', ...(dbDir ? ['--db-dir', dbDir] : [])]);
    if (run.status !== 0 && run.status !== 1) throw new Error(`bench: rampart image exited ${run.status}: ${run.stderr.trim().split('\n').slice(-5).join(' | ')}`);
    return run;
  };
  try {
    const floors: FloorRun[] = [];
    const fulls: CliRun[] = [];
    for (let i = 0; i < runs; i++) {
      floors.push(runFloor(image.layout));
      fulls.push(scan('secret,config'));
    }
    const result = JSON.parse(await readFile(report, 'utf8')) as Report;
    const byType = new Map<string, number>();
    for (const c of (JSON.parse(await readFile(sbom, 'utf8')) as { components?: { purl?: string }[] }).components ?? []) {
      const type = /^pkg:([^/]+)\//.exec(c.purl ?? '')?.[1];
      if (type) byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    const dbDir = vulnDbDir();
    const withVuln: CliRun[] = [];
    let vulnFindings = 0;
    if (dbDir) {
      for (let i = 0; i < runs; i++) withVuln.push(scan('vuln,secret,config', dbDir));
      vulnFindings = (JSON.parse(await readFile(report, 'utf8')) as Report).findings.filter((f) => f.checkId === 'image.vuln').length;
    }

    const floor = best(floors);
    const full = best(fulls);
    const ratio = full.seconds / floor.seconds;
    const peak = Math.max(...fulls.map((r) => r.rssMb));
    const rssTarget = size === '1g' ? 'target < 300 MB' : 'target < 300 MB at 1 GB';
    console.log(`bench/image: ${image.layout} (${size}; ${image.fresh ? 'built' : 'cached, built'} in ${image.buildSeconds.toFixed(0)} s)`);
    console.log(`  image     ${result.images?.[0]?.layers ?? '?'} layers, ${mb(floor.compressedBytes)} compressed, ${mb(floor.uncompressedBytes)} uncompressed, ${floor.entries} tar entries`);
    console.log(`  packages  ${result.images?.[0]?.packages ?? 0} found (${[...byType].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${n} ${t}`).join(', ')}); ${result.summary.findings.total} findings`);
    console.log(`  best of ${runs}, each in its own process:`);
    console.log(`  floor     ${floor.seconds.toFixed(2)} s   (stream, decompress and walk every layer once; peak RSS ${floor.rssMb.toFixed(0)} MB)`);
    console.log(`  full      ${full.seconds.toFixed(2)} s   (rampart image --scanners secret,config --no-store, JSON report and CycloneDX SBOM)`);
    console.log(`  ratio     ${ratio.toFixed(2)}x the floor                 target <= 1.30x   ${verdict(ratio <= 1.3)}`);
    console.log(`  peak RSS  ${peak.toFixed(0)} MB                         ${rssTarget}   ${verdict(peak < 300)}`);
    if (dbDir) {
      const v = best(withVuln);
      console.log(`  + vuln    ${v.seconds.toFixed(2)} s   (${(v.seconds / floor.seconds).toFixed(2)}x the floor; --scanners vuln,secret,config with ${dbDir}; ${vulnFindings} vulnerability findings; peak RSS ${Math.max(...withVuln.map((r) => r.rssMb)).toFixed(0)} MB)`);
    } else {
      console.log('  + vuln    skipped: no vulnerability database (run bench/vuln first, or set BENCH_DB_DIR)');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--floor' && process.argv[3]) await floorChild(process.argv[3]);
else await main();
