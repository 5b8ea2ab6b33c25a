import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadRuleSet } from '../../analyzers/runtime/rules.js';
import type { Finding, Lang } from '../../model/index.js';
import { AuditLogSource, FalcoFileSource } from '../../sources/events/index.js';
import { NodeSensor, capturePodTraffic } from '../../sources/events/node/index.js';
import { startAuditWebhook } from '../../server/runtime/audit-webhook.js';
import { startFalcoHttp } from '../../server/runtime/falco-http.js';
import type { CallerAuthOptions } from '../../server/runtime/auth.js';
import { BaselineStore } from '../../store/runtime/baselines.js';
import { exportBaselines, formatBaselineTable, parseBaselines } from '../../store/runtime/baseline-document.js';
import { defaultLang, parseLang, parseSeverity } from '../options.js';
import { withReportOptions } from '../report-options.js';
import { defaultResultStore } from '../scan-report.js';
import { parseDuration, runDetection, type DetectionOptions } from '../runtime-pipeline.js';
import { explain } from './checks.js';

/**
 * `rampart runtime`: runtime detection. Each input is a sub-command; all share the detection
 * options (rules, baselines, waivers, where alerts go, quarantine) and the one pipeline in
 * runtime-pipeline.ts.
 */

function withDetectionOptions(command: Command): Command {
  return withReportOptions(command)
    .option('--rules <file>', 'more rules, or overrides of the defaults, in the default rules\' format (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--no-baselines', 'rules only: do not learn or check per-workload baselines')
    .option('--baseline-db <file>', 'where baselines are kept (default <data dir>/baselines.db)')
    .addOption(new Option('--learn-for <duration>', 'how long a workload container learns before new behaviour alerts').default(24 * 3_600_000, '24h').argParser((v) => parseDuration(v)))
    .option('--alerts <file>', 'alerts as JSON lines to this file, or - for standard output (the default for followed inputs)')
    .option('--syslog <url>', 'alerts to syslog, RFC 5424: udp://HOST:514, tcp://HOST:601 or tls://HOST:6514')
    .option('--syslog-ca <file>', 'CA certificate for tls:// syslog')
    .option('--webhook <url>', 'alerts to an HTTP(S) endpoint, queued on disk until delivered; bearer token from $RAMPART_WEBHOOK_TOKEN')
    .option('--webhook-queue <dir>', 'the webhook\'s on-disk queue (default <data dir>/alert-queue)')
    .option('--metrics-listen <host:port>', 'serve Prometheus metrics (events, drops, alerts, deliveries) to scrapers presenting $RAMPART_METRICS_TOKEN')
    .option('--min-severity <severity>', 'ignore alerts below this severity', parseSeverity)
    .addOption(new Option('--quarantine <mode>', 'isolate the pod of an alert with a deny-all NetworkPolicy: print the manifests, or apply them with the current kubeconfig').choices(['print', 'apply']))
    .addOption(new Option('--quarantine-on <severity>', 'lowest severity that quarantines').default('critical').argParser(parseSeverity))
    .option('--cluster <name>', 'cluster name the events are filed under');
}

function receiverAuth(options: { clientCa?: string; tokenFile?: string; allowedClient?: string[] }): CallerAuthOptions {
  const auth: CallerAuthOptions = {};
  if (options.clientCa) auth.clientCa = readFileSync(options.clientCa);
  if (options.tokenFile) auth.bearerTokens = readFileSync(options.tokenFile, 'utf8').split('\n').map((t) => t.trim()).filter(Boolean);
  if (options.allowedClient) auth.allowedClientNames = options.allowedClient;
  if (!auth.clientCa && !auth.bearerTokens?.length) throw new InvalidArgumentError('--client-ca or --token-file is required: every caller must authenticate');
  return auth;
}

function parseListen(value: string): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(value);
  if (!match) throw new InvalidArgumentError(`"${value}" must be HOST:PORT, e.g. 0.0.0.0:8443 or :8443`);
  return { host: match[1] || '0.0.0.0', port: Number(match[2]) };
}

function withReceiverOptions(command: Command): Command {
  return command
    .option('--listen <host:port>', 'address to listen on', '0.0.0.0:8443')
    .requiredOption('--tls-cert <file>', 'serving certificate (PEM)')
    .requiredOption('--tls-key <file>', 'serving key (PEM)')
    .option('--client-ca <file>', 'accept client certificates signed by this CA (mutual TLS)')
    .option('--token-file <file>', 'accept these bearer tokens (one per line)')
    .option('--allowed-client <names>', 'with --client-ca: only certificates with these CNs or DNS names', (v: string) => v.split(',').filter(Boolean));
}

type ReceiverCliOptions = DetectionOptions & { listen: string; tlsCert: string; tlsKey: string; clientCa?: string; tokenFile?: string; allowedClient?: string[] };

function receiverOptions(options: ReceiverCliOptions): Parameters<typeof startAuditWebhook>[0] {
  const { host, port } = parseListen(options.listen);
  return { host, port, tls: { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) }, auth: receiverAuth(options), ...(options.cluster ? { cluster: options.cluster } : {}) };
}

function baselineDb(file?: string): string {
  return file ?? path.join(path.dirname(defaultResultStore()), 'baselines.db');
}

export function runtimeCommand(): Command {
  const runtime = new Command('runtime').description('Runtime detection: Kubernetes audit events, node processes, files and connections, and Falco alerts, through curated rules and learned per-workload baselines').addHelpText(
    'after',
    `
Inputs:
  rampart runtime audit-webhook --listen :8443 --tls-cert tls.crt --tls-key tls.key --client-ca apiserver-ca.crt
  rampart runtime audit-log /var/log/kubernetes/audit.log --follow
  rampart runtime agent --root /host --syslog tls://siem.bank.local:6514 --syslog-ca siem-ca.crt
  rampart runtime ingest falco.json                  # Falco JSON output (file, - for stdin, or --listen)
Rules and baselines:
  rampart runtime rules list --lang zh
  rampart runtime rules explain runtime.shell-in-container
  rampart runtime baseline show payments/api
`,
  );

  runtime.addCommand(
    withReceiverOptions(withDetectionOptions(new Command('audit-webhook').description('receive the API server\'s audit events (webhook backend, audit.k8s.io/v1 EventList) over authenticated HTTPS'))).action(async (options: ReceiverCliOptions) => {
      const receiver = await startAuditWebhook(receiverOptions(options));
      process.stderr.write(`rampart: audit webhook on ${receiver.url}\n`);
      process.exitCode = await runDetection(receiver.source, options, { streaming: true, command: 'runtime audit-webhook' });
      await receiver.close();
    }),
  );

  runtime.addCommand(
    withDetectionOptions(new Command('audit-log').description('read an API server audit log (JSON lines, --audit-log-path); --follow keeps reading as it grows and rotates'))
      .argument('<file>')
      .option('--follow', 'keep reading new events (rotation and truncation handled)')
      .option('--from-start', 'with --follow: read the events already in the file first')
      .action(async (file: string, options: DetectionOptions & { follow?: boolean; fromStart?: boolean }) => {
        const source = new AuditLogSource(file, { follow: options.follow ?? false, ...(options.fromStart ? { fromStart: true } : {}), ...(options.cluster ? { cluster: options.cluster } : {}), onError: (m) => process.stderr.write(`rampart: ${m}\n`) });
        process.exitCode = await runDetection(source, options, { streaming: options.follow === true, command: 'runtime audit-log' });
      }),
  );

  runtime.addCommand(
    withDetectionOptions(new Command('agent').description('node sensor: process execs, connections and sensitive file access through the kernel audit subsystem, attributed to containers and pods'))
      .option('--root <dir>', 'the node\'s root filesystem (/host in a privileged pod)', '/')
      .option('--node <name>', 'node name (default: the host name)')
      .option('--audit-log <file>', 'auditd\'s log (default <root>/var/log/audit/audit.log)')
      .option('--start-auditd <dir>', 'no auditd on the node: run a private one with its config and log in this directory')
      .option('--capture-dir <dir>', 'on a high or critical alert in a pod, capture its traffic (tcpdump in the pod\'s network namespace, 30 s, at most 10 MB) into this directory')
      .addHelpText('after', '\nThe kernel audits only processes started after auditing was enabled: boot nodes with audit=1, or start the agent before the workloads.\nRun with --max-old-space-size=64 (see the README) to keep the agent under 128 MB.\n')
      .action(async (options: DetectionOptions & { root: string; node?: string; auditLog?: string; startAuditd?: string; captureDir?: string }) => {
        const sensor = new NodeSensor({
          root: options.root,
          node: options.node ?? os.hostname(),
          ...(options.cluster ? { cluster: options.cluster } : {}),
          ...(options.auditLog ? { auditLog: options.auditLog } : {}),
          ...(options.startAuditd ? { startDaemon: { dir: options.startAuditd } } : {}),
          onWarning: (m) => process.stderr.write(`rampart: ${m}\n`),
        });
        // Until the detection loop takes over SIGTERM and SIGINT, a signal must still undo the audit rules and stop the daemon.
        const stopEarly = (): void => void sensor.close();
        process.once('SIGTERM', stopEarly);
        process.once('SIGINT', stopEarly);
        await sensor.start();
        const capturing = new Set<string>();
        const onAlert = options.captureDir
          ? (alert: Finding): void => {
              const pid = alert.runtime?.process?.pid;
              const key = alert.runtime?.containerId;
              if (!pid || !key || capturing.has(key) || (alert.severity !== 'critical' && alert.severity !== 'high')) return;
              capturing.add(key);
              capturePodTraffic({ pid, seconds: 30, maxPackets: 100_000, maxBytes: 10 * 1024 * 1024, outDir: options.captureDir!, procDir: path.join(options.root, 'proc') }).then(
                (r) => process.stderr.write(`rampart: captured ${r.packets} packets of ${alert.runtime?.pod ?? key} to ${r.path}\n`),
                (err: Error) => process.stderr.write(`rampart: ${err.message}\n`),
              );
            }
          : undefined;
        try {
          process.exitCode = await runDetection(sensor, options, { streaming: true, command: 'runtime agent' }, onAlert ? { onAlert } : {});
        } finally {
          process.off('SIGTERM', stopEarly);
          process.off('SIGINT', stopEarly);
          await sensor.close();
        }
      }),
  );

  runtime.addCommand(
    withDetectionOptions(new Command('ingest').description('take Falco\'s JSON output (json_output: true) from a file, standard input, or over HTTPS (Falco http_output) with --listen'))
      .argument('[file]', 'JSON lines file, or - for standard input')
      .option('--follow', 'keep reading the file as Falco appends to it')
      .option('--listen <host:port>', 'receive Falco\'s http_output instead of reading a file')
      .option('--tls-cert <file>', 'with --listen: serving certificate (PEM)')
      .option('--tls-key <file>', 'with --listen: serving key (PEM)')
      .option('--client-ca <file>', 'with --listen: accept client certificates signed by this CA')
      .option('--token-file <file>', 'with --listen: accept these bearer tokens (one per line)')
      .action(async (file: string | undefined, options: ReceiverCliOptions & { follow?: boolean }) => {
        if (options.listen) {
          if (!options.tlsCert || !options.tlsKey) throw new InvalidArgumentError('--listen needs --tls-cert and --tls-key');
          const receiver = await startFalcoHttp(receiverOptions(options));
          process.stderr.write(`rampart: Falco input on ${receiver.url}\n`);
          process.exitCode = await runDetection(receiver.source, options, { streaming: true, command: 'runtime ingest' });
          await receiver.close();
          return;
        }
        if (!file) throw new InvalidArgumentError('give a file (or - for standard input), or --listen');
        const source = new FalcoFileSource(file, { follow: options.follow ?? false, ...(options.cluster ? { cluster: options.cluster } : {}), onError: (m) => process.stderr.write(`rampart: ${m}\n`) });
        process.exitCode = await runDetection(source, options, { streaming: options.follow === true, command: 'runtime ingest' });
      }),
  );

  const rules = new Command('rules').description('The detection rules: defaults plus your --rules files');
  rules
    .command('list')
    .option('--rules <file>', 'also load this rules file (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .addOption(new Option('--lang <lang>', 'en or zh').default(defaultLang()).argParser(parseLang))
    .action((options: { rules?: string[]; lang: Lang }) => {
      const set = loadRuleSet({ files: options.rules ?? [] });
      const enabled = new Set(set.rules.map((r) => r.id));
      const width = Math.max(...set.checks.map((c) => c.id.length));
      for (const check of set.checks) {
        process.stdout.write(`${check.id.padEnd(width)}  ${check.severity.padEnd(8)}  ${(check.mitre ?? []).join(',').padEnd(18)}  ${enabled.has(check.id) ? '' : '(disabled) '}${check.title[options.lang]}\n`);
      }
    });
  rules
    .command('explain')
    .argument('<id>', 'rule id, e.g. runtime.shell-in-container')
    .option('--rules <file>', 'also load this rules file (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .addOption(new Option('--lang <lang>', 'en or zh').default(defaultLang()).argParser(parseLang))
    .action((id: string, options: { rules?: string[]; lang: Lang }) => {
      const set = loadRuleSet({ files: options.rules ?? [] });
      const check = set.checks.find((c) => c.id === id);
      if (!check) throw new InvalidArgumentError(`unknown rule "${id}" (see: rampart runtime rules list)`);
      const rule = set.rules.find((r) => r.id === id);
      const lines = [explain(check, options.lang).trimEnd(), '', `MITRE ATT&CK: ${(check.mitre ?? []).join(', ') || '-'}`];
      if (rule) {
        lines.push(`${options.lang === 'zh' ? '事件类型' : 'Events'}: ${rule.kinds.join(', ')}`, `${options.lang === 'zh' ? '条件（CEL）' : 'Condition (CEL)'}:`, ...rule.spec.condition.trim().split('\n').map((l) => `  ${l}`));
        if (rule.spec.params && Object.keys(rule.spec.params).length > 0) lines.push(`${options.lang === 'zh' ? '参数' : 'Parameters'}:`, ...Object.entries(rule.spec.params).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`));
        lines.push(`${options.lang === 'zh' ? '来源' : 'From'}: ${rule.file}`);
      } else lines.push(options.lang === 'zh' ? '（已停用）' : '(disabled)');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  runtime.addCommand(rules);

  const baseline = new Command('baseline').description('Learned per-workload baselines: inspect, edit, export, import').option('--baseline-db <file>', 'where baselines are kept (default <data dir>/baselines.db)');
  const withStore = <T>(command: Command, work: (store: BaselineStore) => T): T => {
    const store = BaselineStore.open(baselineDb((command.optsWithGlobals() as { baselineDb?: string }).baselineDb));
    try {
      return work(store);
    } finally {
      store.close();
    }
  };
  baseline
    .command('show')
    .argument('[workload]', 'namespace/name (payments/api) or namespace/Kind/name; all when omitted')
    .action(function (this: Command, workload?: string) {
      withStore(this, (store) => {
        const found = workload ? store.find(workload) : store.loadAll();
        if (found.length === 0) throw new InvalidArgumentError(workload ? `no baseline for "${workload}"` : 'no baselines yet: run an input (agent, audit-log…) to learn');
        process.stdout.write(`${found.map(formatBaselineTable).join('\n\n')}\n`);
      });
    });
  baseline
    .command('export')
    .argument('[workload]')
    .addOption(new Option('--format <format>', 'yaml or json').choices(['yaml', 'json']).default('yaml'))
    .option('-o, --output <file>', 'write to a file')
    .action(async function (this: Command, workload: string | undefined, options: { format: 'yaml' | 'json'; output?: string }) {
      const text = withStore(this, (store) => exportBaselines(workload ? store.find(workload) : store.loadAll(), options.format));
      if (options.output) await writeFile(options.output, text);
      else process.stdout.write(text);
    });
  baseline
    .command('import')
    .argument('<file>', 'YAML or JSON as written by export (edited or not)')
    .action(function (this: Command, file: string) {
      const baselines = parseBaselines(readFileSync(file, 'utf8'), file);
      withStore(this, (store) => store.saveAll(baselines));
      process.stderr.write(`rampart: imported ${baselines.length} baselines from ${file}\n`);
    });
  baseline
    .command('mode')
    .argument('<workload>')
    .addArgument(new Command().createArgument('<mode>', 'learning or enforcing').choices(['learning', 'enforcing']))
    .option('--container <name>', 'only this container')
    .action(function (this: Command, workload: string, mode: 'learning' | 'enforcing', options: { container?: string }) {
      const changed = withStore(this, (store) => {
        const matches = store.find(workload);
        let n = 0;
        for (const b of matches) if (!options.container || b.container === options.container) n += store.setMode(b.workload, b.container, mode);
        return n;
      });
      if (changed === 0) throw new InvalidArgumentError(`no baseline for "${workload}"`);
      process.stderr.write(`rampart: ${changed} baseline${changed === 1 ? '' : 's'} now ${mode}\n`);
    });
  for (const [name, add] of [['add', true], ['remove', false]] as const) {
    baseline
      .command(name)
      .description(`${add ? 'allow' : 'forget'} entries: exec /usr/bin/x, chain "/bin/sh -> /usr/bin/curl", outbound 10.0.0.5:5432 or *:443, write /var/cache/app`)
      .argument('<workload>')
      .argument('<container>')
      .addArgument(new Command().createArgument('<kind>', 'exec, chain, outbound or write').choices(['exec', 'chain', 'outbound', 'write']))
      .argument('<values...>')
      .action(function (this: Command, workload: string, container: string, kind: 'exec' | 'chain' | 'outbound' | 'write', values: string[]) {
        const changed = withStore(this, (store) => {
          const match = store.find(workload).find((b) => b.container === container);
          if (!match) throw new InvalidArgumentError(`no baseline for "${workload}" container "${container}"`);
          return add ? store.addEntries(match.workload, container, kind, values) : store.removeEntries(match.workload, container, kind, values);
        });
        process.stderr.write(`rampart: ${changed} ${kind} entr${changed === 1 ? 'y' : 'ies'} ${add ? 'added' : 'removed'}\n`);
      });
  }
  runtime.addCommand(baseline);
  return runtime;
}
