/**
 * Benchmark: the offline vulnerability database built from the real feeds in ../shared/vulndata
 * (BENCH_VULNDATA to change) with every registered importer. Prints the build time (import into
 * SQLite, then compress and sign), the database and compressed bundle sizes, the import time
 * (verify, decompress, check, swap), lookup speed and peak RSS. Never fails a test run.
 * Run: `npm run build && node dist/bench/vulndb.js` (BENCH_ZSTD_LEVEL to try another level).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { IMPORTERS } from '../src/analyzers/vuln/importers/index.js';
import { writeBundle } from '../src/store/vulndb/bundle.js';
import { installBundle } from '../src/store/vulndb/install.js';
import { SqliteVulnLookup } from '../src/store/vulndb/reader.js';
import { SCHEMA_VERSION } from '../src/store/vulndb/schema.js';
import { buildVulnDb } from '../src/store/vulndb/writer.js';

const FROM = path.resolve(process.env.BENCH_VULNDATA ?? '../shared/vulndata');
const LEVEL = Number(process.env.BENCH_ZSTD_LEVEL ?? 9);

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-bench-vulndb-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const dbFile = path.join(dir, 'vuln.db');
  const bundle = path.join(dir, 'rampart-db.tar.zst');
  try {
    let t = process.hrtime.bigint();
    const built = await buildVulnDb({ from: FROM, output: dbFile, importers: IMPORTERS });
    const importSeconds = seconds(t);
    const dbSize = (await stat(dbFile)).size;
    t = process.hrtime.bigint();
    const { size } = await writeBundle({ dbFile, output: bundle, signingKey: privateKey, schemaVersion: SCHEMA_VERSION, built: built.built, sources: built.sources, counts: built.counts, level: LEVEL });
    const bundleSeconds = seconds(t);
    t = process.hrtime.bigint();
    const dbDir = path.join(dir, 'installed');
    await installBundle(bundle, { dbDir, trusted: [publicKey] });
    const installSeconds = seconds(t);

    // Lookups as a scan makes them: one per package, most of them misses.
    const lookup = new SqliteVulnLookup(path.join(dbDir, 'vuln.db'));
    const namespaces = lookup.namespaces();
    const probes: [string, string][] = [];
    for (let i = 0; i < 10_000; i++) probes.push([namespaces[i % namespaces.length] ?? 'npm', i % 5 === 0 ? 'openssl' : `package-${i}`]);
    t = process.hrtime.bigint();
    let hits = 0;
    for (const [ns, pkg] of probes) hits += lookup.affected(ns, pkg).length;
    const lookupSeconds = seconds(t);
    lookup.close();

    const c = built.counts;
    console.log(`bench/vulndb: ${FROM}`);
    console.log(`  read      ${built.files.read} files into ${built.sources.length} sources (${built.files.unmatched.length} not recognised, ${built.problems.length} records skipped, ${built.failed.length} files failed)`);
    console.log(`  content   ${c.vulnerabilities} vulnerabilities, ${c.aliases} aliases, ${c.affected} affected-package records in ${c.namespaces} namespaces, ${c.cvss} CVSS scores, ${c.kev} KEV, ${c.epss} EPSS`);
    console.log(`  build     ${(importSeconds + bundleSeconds).toFixed(1)} s   (import to SQLite ${importSeconds.toFixed(1)} s, compress level ${LEVEL} and sign ${bundleSeconds.toFixed(1)} s)`);
    console.log(`  size      vuln.db ${mb(dbSize)}, bundle ${mb(size)} (${((100 * size) / dbSize).toFixed(0)} %)`);
    console.log(`  import    ${installSeconds.toFixed(2)} s   (verify, decompress, SHA-256, integrity check, atomic swap)`);
    console.log(`  lookups   ${Math.round(probes.length / lookupSeconds)} per second (${probes.length} affected() calls, ${hits} records returned)`);
    console.log(`  peak RSS  ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    for (const f of built.failed) console.log(`  failed    ${f}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
