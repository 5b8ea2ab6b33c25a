/**
 * Benchmark: the platform's findings storage on SQLite and on PostgreSQL 15 (a private server from
 * Debian's package, as the tests start it). Loads 1,000,000 findings over 10,000 assets
 * (deterministic estate, bench/server/fixture.ts) in uploads of ~100 assets, then a rescan of a
 * tenth of the estate (updates and resolutions), and prints ingest findings/s; then the p99
 * latency of the common queries at 50 concurrent callers (open criticals of a team, one
 * namespace, one image digest, one control, page 2 of a filtered list), each over random
 * parameters; and the database size. Figures are printed next to their targets; nothing fails.
 * Ingest also prints the CPU it took (this process, plus the PostgreSQL server's) and the load
 * average, because on a shared machine the wall-clock rate depends on what else runs.
 * BENCH_SERVER_FINDINGS scales the estate (e.g. 100000 for a quick run); BENCH_SERVER_CALLS sets
 * the calls per query kind (default 2000); BENCH_SERVER_DIALECTS=sqlite or postgres runs one.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PlatformFindings, type FindingFilter } from '../../src/store/platform/findings.js';
import type { SqlDatabase } from '../../src/store/sql/database.js';
import { PgDatabase } from '../../src/store/sql/postgres.js';
import { SqliteDatabase } from '../../src/store/sql/sqlite.js';
import { startPostgres } from '../../test/helpers/postgres.js';
import { postgresCpuSeconds } from './server-cpu.js';
import { CLUSTERS, CONTROLS, imageDigest, NAMESPACES_PER_CLUSTER, namespaceName, plan, random, reports, route, TEAMS } from './fixture.js';

const FINDINGS = Number(process.env.BENCH_SERVER_FINDINGS ?? 1_000_000);
const CALLS = Number(process.env.BENCH_SERVER_CALLS ?? 2000);
const CONCURRENCY = 50;
const DIALECTS = (process.env.BENCH_SERVER_DIALECTS ?? 'sqlite,postgres').split(',');
const TARGET_INGEST = 20_000;
const TARGET_P99_MS = 50;
const DAY1 = '2025-06-02T08:00:00.000Z';
const DAY2 = '2025-06-03T08:00:00.000Z';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mark = (ok: boolean): string => (ok ? 'meets' : 'MISSES');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface IngestFigures {
  findings: number;
  seconds: number;
  /** This process's CPU while ingesting. */
  cpuSeconds: number;
  /** The database server's CPU meanwhile (PostgreSQL; 0 for SQLite, which runs in this process). */
  serverCpuSeconds: number;
}

async function ingestAll(store: PlatformFindings, estate: ReturnType<typeof plan>, scanTime: string, seed: number, serverCpu: () => number, every = 1): Promise<IngestFigures> {
  let findings = 0;
  let seconds = 0;
  let cpuSeconds = 0;
  let index = 0;
  const serverStart = serverCpu();
  for (const report of reports(estate, scanTime, seed)) {
    if (index++ % every !== 0) continue;
    // Build the report outside the timing: only storage is measured.
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    await store.ingest(report, { uploadedBy: 'bench-agent' }, route);
    seconds += Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    cpuSeconds += (used.user + used.system) / 1e6;
    findings += report.findings.length;
  }
  return { findings, seconds, cpuSeconds, serverCpuSeconds: serverCpu() - serverStart };
}

function ingestLine(name: string, figures: IngestFigures): string {
  const rate = figures.findings / figures.seconds;
  const cpu = figures.cpuSeconds + figures.serverCpuSeconds;
  const server = figures.serverCpuSeconds > 0 ? ` + server ${figures.serverCpuSeconds.toFixed(1)} s` : '';
  return (
    `  ${name.padEnd(25)} ${fmt(figures.findings)} findings in ${figures.seconds.toFixed(1)} s: ${fmt(rate)} findings/s   (target ≥ ${fmt(TARGET_INGEST)}: ${mark(rate >= TARGET_INGEST)})\n` +
    `  ${''.padEnd(25)} CPU: this process ${figures.cpuSeconds.toFixed(1)} s${server} = ${fmt(figures.findings / cpu)} findings per CPU-second; load average ${os.loadavg()[0]!.toFixed(1)}`
  );
}

/** `calls` calls of `query`, `CONCURRENCY` at a time (closed loop), each with fresh random parameters. */
async function measure(calls: number, query: (rand: () => number) => Promise<unknown>): Promise<{ p50: number; p99: number; rate: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      const rand = random(7919 * (worker + 1));
      while (next < calls) {
        next++;
        const t = process.hrtime.bigint();
        await query(rand);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rate: calls / seconds };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

async function bench(dialect: string, db: SqlDatabase, size: () => Promise<number>, estate: ReturnType<typeof plan>, serverCpu: () => number = () => 0): Promise<void> {
  const store = await PlatformFindings.open(db);
  console.log(`\n${dialect}`);

  const load = await ingestAll(store, estate, DAY1, 1, serverCpu);
  console.log(ingestLine('ingest, first load', load));
  // A day later a tenth of the estate is rescanned: a different seed changes statuses and
  // vulnerabilities, so the rescan updates, inserts and resolves.
  const rescan = await ingestAll(store, estate, DAY2, 2, serverCpu, 10);
  console.log(ingestLine('ingest, rescan (1/10)', rescan));

  const namespaces = CLUSTERS.flatMap((cluster, c) => Array.from({ length: NAMESPACES_PER_CLUSTER }, (_, n) => ({ cluster, namespace: namespaceName(c, n) })));
  const digests = Array.from({ length: estate.assets }, (_, i) => i).filter((i) => i % 10 < 3).map(imageDigest);
  const pageFilters: FindingFilter[] = TEAMS.map((team) => ({ owner: team, status: ['fail'], severity: ['critical', 'high'] }));
  // Page 2 needs page 1's cursor: fetched once per filter before timing.
  const cursors: { filter: FindingFilter; cursor: string }[] = [];
  for (const filter of pageFilters) {
    const first = await store.query(filter, { limit: 50 });
    if (first.nextCursor) cursors.push({ filter, cursor: first.nextCursor });
  }

  const queries: [string, (rand: () => number) => Promise<unknown>][] = [
    ['open criticals of a team', (r) => store.query({ owner: pick(r, TEAMS), status: ['fail'], severity: ['critical'] }, { limit: 50 })],
    ['one namespace', (r) => store.query({ ...pick(r, namespaces) }, { limit: 50 })],
    ['one image digest', (r) => store.query({ imageDigest: pick(r, digests) }, { limit: 50 })],
    ['one control (open)', (r) => store.query({ control: splitControl(pick(r, CONTROLS)), status: ['fail'] }, { limit: 50 })],
    ['page 2 of a filtered list', (r) => {
      const { filter, cursor } = pick(r, cursors);
      return store.query(filter, { limit: 50, cursor });
    }],
    ['counts of a team (dashboard)', (r) => store.counts({ owner: pick(r, TEAMS), status: ['fail'] })],
  ];
  for (const [name, query] of queries) {
    await measure(Math.min(200, CALLS), query); // warm caches and prepared statements
    const m = await measure(CALLS, query);
    const target = name.startsWith('counts') ? 'not a target' : `target < ${TARGET_P99_MS} ms: ${mark(m.p99 < TARGET_P99_MS)}`;
    console.log(`  ${name.padEnd(30)} p50 ${m.p50.toFixed(1).padStart(6)} ms  p99 ${m.p99.toFixed(1).padStart(6)} ms  ${fmt(m.rate).padStart(6)} q/s   (${target}; load average ${os.loadavg()[0]!.toFixed(1)})`);
  }
  const bytes = await size();
  console.log(`  database size             ${(bytes / 1024 / 1024).toFixed(0)} MiB (${(bytes / (load.findings || 1)).toFixed(0)} bytes per finding)`);
}

function splitControl(key: string): { framework: string; id: string } {
  const at = key.indexOf(':');
  return { framework: key.slice(0, at), id: key.slice(at + 1) };
}

async function main(): Promise<void> {
  const estate = plan(FINDINGS);
  console.log(`platform findings storage: ${fmt(estate.findings)} findings over ${fmt(estate.assets)} assets; ${CONCURRENCY} concurrent callers, ${fmt(CALLS)} calls per query`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at start`);

  if (DIALECTS.includes('sqlite')) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-bench-sqlite-'));
    const file = path.join(dir, 'platform.sqlite');
    const db = SqliteDatabase.open(file);
    try {
      await bench('SQLite (better-sqlite3, WAL, one connection)', db, async () => {
        await db.run('PRAGMA wal_checkpoint(TRUNCATE)');
        return (await stat(file)).size;
      }, estate);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (DIALECTS.includes('postgres')) {
    const server = await startPostgres('rampart_bench');
    const db = await PgDatabase.connect(server.url, { maxConnections: 20 });
    try {
      await bench('PostgreSQL 15 (pg pool of 20, fsync off)', db, async () => {
        await db.run('VACUUM ANALYZE');
        return (await db.get<{ size: number }>('SELECT pg_database_size(current_database()) AS size'))!.size;
      }, estate, () => postgresCpuSeconds(server.port));
    } finally {
      await db.close();
      await server.stop();
    }
  }
}

await main();
