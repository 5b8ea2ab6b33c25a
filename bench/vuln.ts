/**
 * Benchmark: vulnerability matching against the database built from the real feeds in
 * ../shared/vulndata. Prints, each next to its target:
 * - the database's build time (`rampart db build`) and compressed bundle size;
 * - `rampart sbom` on a CycloneDX SBOM of 10,000 components (BENCH_SBOM_COMPONENTS): whole CLI
 *   run, wall time and peak RSS (target under 2 s, under 500 MB);
 * - `rampart rescan` of a result store holding 1,000 images' SBOMs of 100–300 packages
 *   (BENCH_RESCAN_IMAGES) against the database (target under 30 s).
 * The database is built once and cached (bench/vulndb-fixture.ts). Never fails a test run.
 * Run: `npm run build && node dist/bench/vuln.js`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../src/model/index.js';
import { cycloneDxDocument } from '../src/reporters/cyclonedx.js';
import { ResultStore } from '../src/store/results/store.js';
import { benchVulnDb, repoRoot, runCli, type CliRun } from './vulndb-fixture.js';
import { advisedPackages, benchDigest, benchInventory, npmPackagesUnder, Sequence } from './vuln-fixture.js';

const COMPONENTS = Number(process.env.BENCH_SBOM_COMPONENTS ?? 10_000);
const IMAGES = Number(process.env.BENCH_RESCAN_IMAGES ?? 1_000);
const RUNS = 3;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const verdict = (met: boolean): string => (met ? 'MET' : 'MISSED');

function checkRun(run: CliRun, what: string): void {
  // 0 clean, 1 findings at or above --fail-on (not asked here, but harmless); anything else is a failure.
  if (run.status !== 0 && run.status !== 1) throw new Error(`bench: ${what} exited ${run.status}: ${run.stderr.trim().split('\n').slice(-5).join(' | ')}`);
}

async function main(): Promise<void> {
  const db = await benchVulnDb();
  const dbFile = path.join(db.dbDir, 'vuln.db');
  const advised = advisedPackages(dbFile);
  const npm = npmPackagesUnder(repoRoot());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-bench-vuln-'));
  try {
    // One big SBOM, as `rampart image --format cyclonedx` writes it.
    const big = benchInventory(advised, npm, COMPONENTS, 7);
    const sbomFile = path.join(dir, 'big.cdx.json');
    const image = { reference: 'registry.bank.example/platform/monolith:2024.06', repository: 'registry.bank.example/platform/monolith', configDigest: benchDigest('config', 0), manifestDigest: benchDigest('manifest', 0) };
    await writeFile(sbomFile, JSON.stringify(cycloneDxDocument(image, big, { name: 'rampart', version: 'bench' })));
    const report = path.join(dir, 'sbom-report.json');
    const sbomRuns: CliRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = runCli(['sbom', sbomFile, '--db-dir', db.dbDir, '--format', 'json', '--output', report]);
      checkRun(run, 'rampart sbom');
      sbomRuns.push(run);
    }
    const sbomReport = JSON.parse(await readFile(report, 'utf8')) as Report;
    const best = sbomRuns.reduce((a, b) => (a.seconds < b.seconds ? a : b));
    const sbomPeak = Math.max(...sbomRuns.map((r) => r.rssMb));

    // A result store of IMAGES scanned images, each a small Alpine image with an application on it.
    const storeFile = path.join(dir, 'results.db');
    const store = ResultStore.open(storeFile);
    const sizes = new Sequence(99);
    let storedPackages = 0;
    const scannedAt = new Date(Date.now() - 86_400_000);
    try {
      for (let i = 0; i < IMAGES; i++) {
        const inventory = benchInventory(advised, npm, 100 + Math.floor(sizes.next() * 201), 1_000 + i, 0.35);
        storedPackages += inventory.packages.length;
        store.saveScan({ reference: `registry.bank.example/team-${i % 40}/app-${i}:1.${i % 9}.0`, configDigest: benchDigest('config', i + 1), manifestDigest: benchDigest('manifest', i + 1) }, inventory, [], scannedAt);
      }
    } finally {
      store.close();
    }
    const rescanReport = path.join(dir, 'rescan-report.json');
    const rescan = runCli(['rescan', '--store', storeFile, '--db-dir', db.dbDir, '--format', 'json', '--output', rescanReport, '--no-progress']);
    checkRun(rescan, 'rampart rescan');
    const rescanned = JSON.parse(await readFile(rescanReport, 'utf8')) as Report;

    const c = sbomReport.summary.findings;
    console.log(`bench/vuln: database from ${db.from}${db.fresh ? '' : ' (cached build; delete .cache/bench-vulndb to rebuild)'}`);
    console.log(`  db build   ${db.buildSeconds.toFixed(1)} s   (rampart db build: read feeds, import to SQLite, compress, sign)`);
    console.log(`  db size    bundle ${mb(db.bundleBytes)} compressed, vuln.db ${mb(db.dbBytes)}`);
    console.log(`bench/vuln: rampart sbom on ${big.packages.length} components (${advised.length} packages with advisories to draw from; ${mb(Buffer.byteLength(await readFile(sbomFile)))} of CycloneDX)`);
    console.log(`  whole CLI run: node start, read and validate the SBOM, match, JSON report; best of ${RUNS}; ${c.total} findings`);
    console.log(`  time       ${best.seconds.toFixed(2)} s   (${Math.round(big.packages.length / best.seconds)} components/s)   target < 2.00 s   ${verdict(best.seconds < 2)}`);
    console.log(`  peak RSS   ${sbomPeak.toFixed(0)} MB                              target < 500 MB   ${verdict(sbomPeak < 500)}`);
    console.log(`bench/vuln: rampart rescan of ${IMAGES} stored SBOMs (${storedPackages} packages, 100–300 each) against the database`);
    console.log(`  whole CLI run: read every stored SBOM, match, compare, store the new scans, JSON report; ${rescanned.summary.findings.total} findings`);
    console.log(`  time       ${rescan.seconds.toFixed(2)} s                                target < 30 s     ${verdict(rescan.seconds < 30)}`);
    console.log(`  peak RSS   ${rescan.rssMb.toFixed(0)} MB`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
