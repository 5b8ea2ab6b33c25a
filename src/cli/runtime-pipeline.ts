import http from 'node:http';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { AlertRouter, JsonLinesSink, SyslogSink, WebhookSink, createRuntimeMetrics, type AlertSink } from '../alerts/index.js';
import { BaselineManager } from '../analyzers/runtime/baseline.js';
import { RuntimeEngine } from '../analyzers/runtime/engine.js';
import { loadRuleSet } from '../analyzers/runtime/rules.js';
import { loadFrameworks } from '../catalog/index.js';
import type { EventSource, Finding, InputError, Severity, Waiver } from '../model/index.js';
import { SEVERITIES } from '../model/index.js';
import { applyWaivers } from '../policy/waivers.js';
import { readWaivers } from '../sources/waivers-file.js';
import { BaselineStore } from '../store/runtime/baselines.js';
import { defaultResultStore, finishReport } from './scan-report.js';
import type { ReportOptions } from './report-options.js';

/**
 * The runtime detection loop every `rampart runtime` input shares: events from one source through
 * the rules and the learned baselines, alerts judged by the same waivers as every other finding,
 * then to the configured sinks (and, on request, quarantine or packet capture). A bounded input
 * (a file read once) ends with a normal findings report; a followed one runs until SIGINT/SIGTERM
 * and reports its drops on the way.
 */

export interface DetectionOptions extends Partial<ReportOptions> {
  rules?: string[];
  baselines: boolean;
  baselineDb?: string;
  learnFor: number;
  alerts?: string;
  syslog?: string;
  syslogCa?: string;
  webhook?: string;
  webhookQueue?: string;
  metricsListen?: string;
  minSeverity?: Severity;
  quarantine?: 'print' | 'apply';
  quarantineOn: Severity;
  cluster?: string;
}

export interface DetectionHooks {
  /** Called for each alert that passed waivers and the severity floor, e.g. to start a packet capture. */
  onAlert?: (alert: Finding) => void;
}

/** `5m`, `24h`, `7d` → milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a duration such as 30m, 24h or 7d`);
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

function atLeast(severity: Severity, floor: Severity | undefined): boolean {
  return floor === undefined || SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(floor);
}

function parseSyslogUrl(value: string): { transport: 'udp' | 'tcp' | 'tls'; host: string; port: number } {
  const match = /^(udp|tcp|tls):\/\/(\[[^\]]+\]|[^:/]+):(\d+)$/.exec(value);
  if (!match) throw new Error(`--syslog: "${value}" must be udp://HOST:PORT, tcp://HOST:PORT or tls://HOST:PORT`);
  return { transport: match[1] as 'udp' | 'tcp' | 'tls', host: match[2]!.replace(/^\[|\]$/g, ''), port: Number(match[3]) };
}

async function openSinks(options: DetectionOptions, streaming: boolean): Promise<AlertSink[]> {
  const sinks: AlertSink[] = [];
  const alerts = options.alerts ?? (streaming && !options.syslog && !options.webhook ? '-' : undefined);
  if (alerts) sinks.push(alerts === '-' ? new JsonLinesSink({ stream: process.stdout, name: 'stdout' }) : new JsonLinesSink({ path: alerts }));
  if (options.syslog) {
    const target = parseSyslogUrl(options.syslog);
    sinks.push(new SyslogSink({ ...target, ...(options.syslogCa ? { tls: { ca: readFileSync(options.syslogCa) } } : {}) }));
  }
  if (options.webhook) {
    const token = process.env.RAMPART_WEBHOOK_TOKEN;
    sinks.push(await WebhookSink.open({ url: options.webhook, queueDir: options.webhookQueue ?? path.join(path.dirname(defaultResultStore()), 'alert-queue'), ...(token ? { token } : {}) }));
  }
  return sinks;
}

/** Serves the Prometheus registry on `host:port`, only to callers presenting $RAMPART_METRICS_TOKEN. */
function serveMetrics(listen: string, registry: { metrics(): Promise<string>; contentType: string }): http.Server {
  const token = process.env.RAMPART_METRICS_TOKEN;
  if (!token || token.length < 16) throw new Error('--metrics-listen: set RAMPART_METRICS_TOKEN (16 characters or more); scrapers send it as a bearer token');
  const expected = Buffer.from(`Bearer ${token}`);
  const match = /^(.*):(\d+)$/.exec(listen);
  if (!match) throw new Error(`--metrics-listen: "${listen}" must be HOST:PORT`);
  const server = http.createServer((request, response) => {
    const presented = Buffer.from(request.headers.authorization ?? '');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      response.writeHead(401, { 'www-authenticate': 'Bearer' }).end('unauthorized\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  server.listen(Number(match[2]), match[1] || '127.0.0.1');
  return server;
}

export async function runDetection(source: EventSource, options: DetectionOptions, mode: { streaming: boolean; command: string }, hooks: DetectionHooks = {}): Promise<number> {
  const started = new Date();
  const warn = (line: string): void => void process.stderr.write(`rampart: ${line}\n`);
  const rules = loadRuleSet({ files: options.rules ?? [] });
  const store = options.baselines ? BaselineStore.open(options.baselineDb ?? path.join(path.dirname(defaultResultStore()), 'baselines.db')) : undefined;
  const baselines = options.baselines ? new BaselineManager({ learnForMs: options.learnFor }) : undefined;
  if (store && baselines) baselines.load(store.loadAll());
  const frameworks = loadFrameworks();
  const engine = new RuntimeEngine({ rules: rules.rules, ...(baselines ? { baselines } : {}), frameworks });
  let waivers: Waiver[] = [];
  const waiverErrors: InputError[] = [];
  if (options.waivers) {
    const read = await readWaivers(options.waivers);
    // A report lists them as input errors; a followed input has only standard error to say it.
    if (mode.streaming) for (const error of read.errors) warn(`${error.source}${error.line ? `:${error.line}` : ''}: ${error.message}`);
    waiverErrors.push(...read.errors);
    waivers = read.waivers;
  }
  const waiverMatches = new Map<string, number>();
  const router = new AlertRouter(await openSinks(options, mode.streaming));
  const metrics = createRuntimeMetrics();
  metrics.trackSource(source.name, () => source.stats());
  metrics.trackSink(router);
  const metricsServer = options.metricsListen ? serveMetrics(options.metricsListen, metrics.registry) : undefined;

  const kept: Finding[] = [];
  let raised = 0;
  let waived = 0;
  const quarantined = new Set<string>();
  // Loaded only when asked for: the Kubernetes client costs seconds and tens of MB at start-up.
  const quarantine = options.quarantine ? await import('../policy/quarantine.js') : undefined;
  const kubeConfig = options.quarantine === 'apply' ? await import('@kubernetes/client-node').then((k) => {
    const config = new k.KubeConfig();
    config.loadFromDefault();
    return config;
  }) : undefined;

  const deliver = (alert: Finding): void => {
    if (!atLeast(alert.severity, options.minSeverity)) return;
    if (waivers.length > 0) {
      applyWaivers([alert], waivers, new Date(alert.runtime?.eventTime ?? Date.now()));
      const matched = alert.waiver?.id ?? alert.expiredWaiver?.id;
      if (matched) waiverMatches.set(matched, (waiverMatches.get(matched) ?? 0) + 1);
    }
    metrics.countAlert(alert);
    if (alert.status === 'waived') {
      waived++;
      if (!mode.streaming) kept.push(alert);
      return;
    }
    raised++;
    router.send(alert);
    if (!mode.streaming) kept.push(alert);
    hooks.onAlert?.(alert);
    if (quarantine && atLeast(alert.severity, options.quarantineOn)) {
      const request = quarantine.quarantineRequestForAlert(alert);
      if (request && !quarantined.has(`${request.namespace}/${request.pod}`)) {
        quarantined.add(`${request.namespace}/${request.pod}`);
        try {
          const plan = quarantine.planQuarantine(request);
          if (options.quarantine === 'print' || !kubeConfig) process.stderr.write(`${quarantine.printQuarantine(plan)}\n`);
          else quarantine.applyQuarantine(kubeConfig, plan).then((r) => warn(`quarantined ${plan.namespace}/${plan.pod} (policy ${r.policy})`), (err: Error) => warn(err.message));
        } catch (err) {
          warn((err as Error).message);
        }
      }
    }
  };

  const saveBaselines = (): void => {
    if (store && baselines) store.saveAll(baselines.takeDirty());
  };
  const persist = setInterval(saveBaselines, 5_000);
  persist.unref();
  let lastDrops = 0;
  const dropWatch = setInterval(() => {
    const { dropped } = source.stats();
    if (dropped > lastDrops) warn(`${dropped - lastDrops} events dropped by ${source.name} in the last minute (${dropped} in all)`);
    lastDrops = dropped;
  }, 60_000);
  dropWatch.unref();
  const stop = (): void => void source.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  let events = 0;
  try {
    for await (const event of source.events()) {
      events++;
      for (const alert of engine.process(event)) deliver(alert);
    }
    for (const alert of engine.flushFolded(Number.POSITIVE_INFINITY)) deliver(alert);
  } finally {
    clearInterval(persist);
    clearInterval(dropWatch);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    saveBaselines();
    store?.close();
    await router.flush();
    await router.close();
    metricsServer?.close();
  }
  const stats = source.stats();
  warn(`${source.name}: ${events} events, ${stats.dropped} dropped, ${stats.malformed} malformed; ${raised} alerts${waived ? ` (${waived} more waived)` : ''}`);
  for (const [rule, errors] of Object.entries(engine.counters().evaluationErrors)) if (errors > 0) warn(`rule ${rule}: ${errors} evaluation errors`);
  if (mode.streaming) return stats.malformed > 0 || stats.dropped > 0 ? 2 : 0;
  return finishReport(
    {
      command: mode.command,
      scanTime: started,
      inputs: [{ source: source.name, resources: events }],
      inputErrors: [...waiverErrors, ...(stats.malformed > 0 ? [{ source: source.name, message: `${stats.malformed} lines were not events` }] : [])],
      findings: kept,
      images: [],
      resources: events,
      frameworks,
      checks: rules.checks,
      waiverNotices: applyWaivers([], waivers, started).map((n) => ({ ...n, matched: waiverMatches.get(n.id) ?? 0 })),
    },
    // Waivers were applied per alert above; the report must not apply them twice.
    { format: options.format ?? 'table', report: options.report ?? [], lang: options.lang ?? 'en', ...(options.output ? { output: options.output } : {}), ...(options.severity ? { severity: options.severity } : {}), ...(options.failOn ? { failOn: options.failOn } : {}) },
  );
}
