/**
 * Benchmark: runtime detection. Replays 1,000,000 mixed events (a deterministic, seeded stream from
 * ~200 workloads; see stream.ts) through the default rules and workload baselines of 500 learned
 * entries each, on one core, and prints events/s, the 99th-percentile cost of one event, drops,
 * RSS and the baseline lookup cost at 500 and 50,000 entries, each next to its target. Prints
 * figures only; never fails a run.
 *
 *   npm run build && node --max-old-space-size=64 --max-semi-space-size=4 dist/bench/runtime/main.js \
 *     [--events N] [--record FILE | --replay FILE]
 *
 * The heap limits are the node agent's: with Node's defaults the heap grows far past what is live.
 *
 * By default the stream is generated chunk by chunk in memory, as a source hands events over;
 * `--record` writes it as JSON lines and `--replay` reads such a file back instead.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { BaselineManager, type BaselineSnapshot } from '../../src/analyzers/runtime/baseline.js';
import { RuntimeEngine } from '../../src/analyzers/runtime/engine.js';
import { loadRuleSet } from '../../src/analyzers/runtime/rules.js';
import type { RuntimeEvent } from '../../src/model/index.js';
import { chunk, ENTRIES_PER_BASELINE, estate, type WorkloadProfile } from './stream.js';

const SEED = 42;
/** Small batches, as a source hands them over: events die young, as they do in the agent. */
const CHUNK = 1_000;
const WARM_UP = 50_000;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function snapshots(profiles: readonly WorkloadProfile[]): BaselineSnapshot[] {
  const at = '2026-11-19T08:00:00.000Z';
  return profiles.map((p) => ({ workload: p.workloadKey, container: p.context.containerName ?? '', imageDigest: p.context.imageDigest as string, mode: 'enforcing', learningStartedAt: at, learnedEvents: 100_000, updatedAt: at, entries: p.entries }));
}

async function* recorded(file: string): AsyncGenerator<RuntimeEvent[]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let batch: RuntimeEvent[] = [];
  for await (const line of lines) {
    if (!line) continue;
    batch.push(JSON.parse(line) as RuntimeEvent);
    if (batch.length === CHUNK) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

async function* generated(profiles: readonly WorkloadProfile[], total: number): AsyncGenerator<RuntimeEvent[]> {
  for (let from = 0; from < total; from += CHUNK) yield chunk(profiles, SEED, from, Math.min(CHUNK, total - from));
}

/**
 * CPU ns per observe() against a baseline of `size` exec entries (and as many chains), best of 20
 * rounds. The events probe the same `probed` entries whatever the size: with few, the figure is
 * the hash probe itself; with many, spread over a large table, it also shows how much of the
 * baseline stays in the CPU cache (memory, not the algorithm).
 */
function lookupCost(size: number, probed: number): number {
  const baselines = new BaselineManager({ maxEntriesPerKind: size });
  const workload = 'prod-eu/payments/Deployment/api';
  const exe = (i: number): string => `/opt/bin/tool-${i}`;
  baselines.addEntries(workload, 'app', 'exec', Array.from({ length: size }, (_, i) => exe(i)));
  baselines.addEntries(workload, 'app', 'chain', Array.from({ length: size }, (_, i) => `/usr/bin/tini -> ${exe(i)}`));
  const context = { cluster: 'prod-eu', namespace: 'payments', containerName: 'app', containerId: 'c', workload: { kind: 'Deployment', name: 'api' } };
  const stride = size / probed;
  const events: RuntimeEvent[] = Array.from({ length: 10_000 }, (_, i) => ({
    kind: 'process',
    action: 'exec',
    id: String(i),
    time: '2026-11-20T08:00:00Z',
    source: 'replay',
    context,
    process: { pid: i, exe: exe(((i * 7919) % probed) * stride), name: 'tool', args: ['tool'], parent: { exe: '/usr/bin/tini' } },
  }));
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 20; round++) {
    const t = process.cpuUsage();
    for (const e of events) if (baselines.observe(e).length) throw new Error('bench: unexpected baseline deviation');
    const used = process.cpuUsage(t);
    best = Math.min(best, ((used.user + used.system) * 1000) / events.length);
  }
  return best;
}

function line(label: string, value: string, target?: { text: string; met: boolean }): string {
  const verdict = target ? `   target ${target.text.padEnd(14)} ${target.met ? 'MET' : 'MISSED'}` : '';
  return `  ${label.padEnd(40)} ${value.padStart(14)}${verdict}`;
}

async function main(): Promise<void> {
  const total = Number(option('--events') ?? 1_000_000);
  const profiles = estate(SEED);
  const record = option('--record');
  if (record) {
    const out = createWriteStream(record);
    for await (const batch of generated(profiles, total)) {
      if (!out.write(batch.map((e) => JSON.stringify(e)).join('\n') + '\n')) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    console.log(`bench/runtime: recorded ${total} events to ${record}`);
    return;
  }
  const replay = option('--replay');

  const rules = loadRuleSet().rules;
  // Warm-up on another stream and engine, so the figures are the agent's steady state rather
  // than the JIT compiling the first events.
  const warmBaselines = new BaselineManager();
  warmBaselines.load(snapshots(profiles));
  const warm = new RuntimeEngine({ rules, baselines: warmBaselines });
  for (let from = 0; from < WARM_UP; from += CHUNK) for (const event of chunk(profiles, SEED + 1, from, CHUNK)) warm.process(event);

  const baselines = new BaselineManager();
  baselines.load(snapshots(profiles));
  const engine = new RuntimeEngine({ rules, baselines });

  const cost = new Float64Array(Math.ceil(total / 16));
  let samples = 0;
  let n = 0;
  let drops = 0;
  let alerts = 0;
  let engineCpuUs = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  for await (const batch of replay ? recorded(replay) : generated(profiles, total)) {
    const cpuAtBatch = process.cpuUsage();
    for (const event of batch) {
      if (n >= total) break;
      // Every 16th event is timed on its own, for the percentiles; timing all would add the
      // timer's own cost to the throughput figure.
      const timed = (n & 15) === 0;
      const t = timed ? process.hrtime.bigint() : 0n;
      try {
        alerts += engine.process(event).length;
      } catch {
        // The engine never throws on an event; if it did, the event would be lost: count it.
        drops++;
      }
      if (timed) cost[samples++] = Number(process.hrtime.bigint() - t);
      n++;
    }
    const used = process.cpuUsage(cpuAtBatch);
    engineCpuUs += used.user + used.system;
  }
  const wallS = Number(process.hrtime.bigint() - wallBefore) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const sorted = cost.subarray(0, samples).sort();
  const pct = (q: number): number => sorted[Math.min(samples - 1, Math.floor(samples * q))] ?? 0;
  const counters = engine.counters();
  const errors = Object.values(counters.evaluationErrors).reduce((a, b) => a + b, 0);
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const small = lookupCost(ENTRIES_PER_BASELINE, 50);
  const large = lookupCost(50_000, 50);
  const smallWide = lookupCost(ENTRIES_PER_BASELINE, ENTRIES_PER_BASELINE);
  const largeWide = lookupCost(50_000, ENTRIES_PER_BASELINE);

  // CPU time, not wall time: on a shared machine wall time counts the other processes too.
  const empty = new Float64Array(10_001);
  for (let i = 0; i < empty.length; i++) {
    const t = process.hrtime.bigint();
    empty[i] = Number(process.hrtime.bigint() - t);
  }
  const timerNs = empty.sort()[5_000] ?? 0;
  const perSecond = n / (engineCpuUs / 1e6);
  const kinds = counters.eventsEvaluated;
  console.log(`bench/runtime: ${n.toLocaleString('en')} events after ${WARM_UP.toLocaleString('en')} of warm-up (${kinds.process} process, ${kinds.file} file, ${kinds.network} network, ${kinds['k8s-audit'] + counters.eventsSkipped} audit) from ${profiles.length} workloads, ${rules.length} default rules, ${profiles.length} baselines of ${ENTRIES_PER_BASELINE} entries${replay ? `, replayed from ${replay}` : ', generated in chunks'}`);
  console.log(line('engine throughput, one core', `${Math.round(perSecond).toLocaleString('en')} ev/s`, { text: '>= 200,000/s', met: perSecond >= 200_000 }));
  console.log(line('end to end incl. generating the stream', `${Math.round(n / cpuS).toLocaleString('en')} ev/s`));
  console.log(`    engine ${(engineCpuUs / 1e6).toFixed(2)} s CPU; whole run ${cpuS.toFixed(2)} s CPU over ${wallS.toFixed(2)} s wall; ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)} at the end of the run`);
  console.log(line('per-event cost, 99th percentile', `${(pct(0.99) / 1000).toFixed(2)} µs`));
  console.log(`    for scale: 200,000 events/s is a mean of 5 µs per event`);
  console.log(`    of ${samples.toLocaleString('en')} events timed one by one: median ${(pct(0.5) / 1000).toFixed(2)} µs, 99.9th ${(pct(0.999) / 1000).toFixed(2)} µs, max ${(pct(1) / 1000).toFixed(0)} µs: wall time per event, so it includes the timer itself (median ${(timerNs / 1000).toFixed(2)} µs), GC pauses and, on a loaded machine, time the core spent on other processes`);
  console.log(line('drops', String(drops), { text: '0', met: drops === 0 }));
  console.log(`    CEL conditions run ${counters.conditionsEvaluated.toLocaleString('en')} (prefilters passed), evaluation errors ${errors}, alerts raised ${alerts}, folded ${Object.values(counters.alertsFolded).reduce((a, b) => a + b, 0)}`);
  console.log(line('baseline lookup at 500 entries', `${small.toFixed(0)} ns/event`));
  console.log(line('baseline lookup at 50,000 entries', `${large.toFixed(0)} ns/event`, { text: 'same as at 500', met: large < small * 1.5 + 50 }));
  console.log(`    exec + chain lookups for events hitting 50 learned entries; hitting 500 entries spread over the table: ${smallWide.toFixed(0)} ns at 500, ${largeWide.toFixed(0)} ns at 50,000 (cache misses, not a scan)`);
  console.log(line('RSS after the run', `${rssMb.toFixed(0)} MB`, { text: '< 128 MB', met: rssMb < 128 }));
  console.log(`    peak ${peakMb.toFixed(0)} MB, heap in use ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB; run with the agent's heap limits (see package.json bench), as the default heap grows far beyond what is live`);
}

await main();
