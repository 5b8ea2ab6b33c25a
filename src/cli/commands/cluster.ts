import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ClusterAnalysis } from '../../analyzers/cluster/index.js';
import { ImagesInUse, type ImageInUse } from '../../analyzers/cluster/images-in-use.js';
import { KubeAnalysis } from '../../analyzers/kube-analysis.js';
import type { PssVersion } from '../../analyzers/workload/check.js';
import { loadFrameworks } from '../../catalog/index.js';
import { reportMetadata } from '../../catalog/report-metadata.js';
import type { Finding, ImageRecord, InputError, InputRecord, Report, VulnDbRecord, WaiverNotice } from '../../model/index.js';
import { REPORT_SCHEMA_VERSION, summarise } from '../../model/index.js';
import { exitCode, filterSeverities } from '../../policy/gate.js';
import { applyWaivers } from '../../policy/waivers.js';
import { collectCluster, KubeApiClient, NamespaceNotFoundError, type CollectionResult } from '../../sources/kube/cluster.js';
import { ClusterConfigError, loadClusterTarget } from '../../sources/kube/cluster-config.js';
import { probeAnonymous } from '../../sources/kube/cluster-probe.js';
import type { OpenImageOptions } from '../../sources/image/index.js';
import { parseCheckList, parsePss, selectChecks } from '../options.js';
import { withReportOptions, type ReportOptions } from '../report-options.js';
import { deliverReport } from '../output.js';
import { Progress } from '../progress.js';
import { openVulnContext, vulnNotEvaluated } from '../scan-report.js';
import { VERSION } from '../version.js';
import { scanImagesInUse } from './cluster-images.js';

/**
 * `rampart cluster`: reads a running cluster through its API and runs the same analyzers as
 * `rampart manifests`, plus the cluster's own checks (admission webhooks, API server version,
 * anonymous access with --probe) and the images in use. What could not be read is reported as
 * not evaluated, never as clean.
 */

const SCANNERS = ['misconfig', 'rbac', 'network', 'vuln'] as const;
type Scanner = (typeof SCANNERS)[number];

interface ClusterOptions extends ReportOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  scanners: Set<Scanner>;
  probe?: boolean;
  pssVersion: PssVersion;
  checks?: string[];
  skipChecks?: string[];
  imagesOut?: string;
  requestTimeout: number;
  concurrency: number;
  dbDir?: string;
  ignoreUnfixed?: boolean;
  caCert?: string;
  dockerConfig?: string;
  insecureRegistry: string[];
  progress: boolean;
}

function parseScanners(value: string): Set<Scanner> {
  const out = new Set<Scanner>();
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(SCANNERS as readonly string[]).includes(part)) throw new InvalidArgumentError(`unknown scanner "${part}" (expected ${SCANNERS.join(', ')})`);
    out.add(part as Scanner);
  }
  if (out.size === 0) throw new InvalidArgumentError(`expected a comma-separated list of ${SCANNERS.join(', ')}`);
  return out;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function clusterCommand(): Command {
  return withReportOptions(
    new Command('cluster')
      .description('Scan a running Kubernetes cluster through its API: workloads, RBAC, network policies, admission webhooks, version and the images in use')
      .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account)')
      .option('--context <name>', 'kubeconfig context to use (default: the current context)')
      .option('-n, --namespace <name>', 'scan only this namespace (cluster-wide RBAC objects are still read)')
      .addOption(new Option('--scanners <list>', `what to check: ${SCANNERS.join(', ')}`).default(new Set<Scanner>(['misconfig', 'rbac', 'network']), 'misconfig,rbac,network').argParser(parseScanners))
      .option('--probe', 'also send unauthenticated requests to the API server to test anonymous access'),
  )
    .addOption(new Option('--pss-version <version>', 'Pod Security Standards version to evaluate, e.g. v1.33').default('latest' as PssVersion, 'latest').argParser(parsePss))
    .option('--checks <ids>', 'run only these checks (ids or prefixes such as pod.*)', parseCheckList)
    .option('--skip-checks <ids>', 'skip these checks (ids or prefixes)', parseCheckList)
    .option('--images-out <file>', 'write the images in use, with the workloads running each, as JSON')
    .addOption(new Option('--request-timeout <seconds>', 'timeout of each API request').default(30).argParser(parsePositive))
    .addOption(new Option('--concurrency <n>', 'kinds listed at once').default(4).argParser(parsePositive))
    .option('--db-dir <dir>', 'vulnerability database folder (with --scanners vuln)')
    .option('--ignore-unfixed', 'with --scanners vuln: leave out vulnerabilities that have no fix yet')
    .option('--ca-cert <file>', 'with --scanners vuln: PEM CA certificate to trust for the registries, in addition to the system roots')
    .option('--docker-config <file>', 'with --scanners vuln: Docker client config with registry credentials (default ~/.docker/config.json)')
    .option('--insecure-registry <host>', 'with --scanners vuln: allow this registry (host[:port]) without verified TLS, plain HTTP as a last resort (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--no-progress', 'do not show progress on a terminal')
    .addHelpText(
      'after',
      `
Exit codes: 0 clean (or nothing at or above --fail-on), 1 findings at or above --fail-on,
            2 something could not be read (a kind forbidden, a timeout, an unknown namespace,
              an image in use that cannot be pulled, no vulnerability database with --scanners vuln):
              the checks that needed it are reported as not evaluated, never as passed.

Examples:
  rampart cluster
  rampart cluster --context prod-sh -n payments --scanners misconfig,rbac,network,vuln
  rampart cluster --format sarif --output cluster.sarif --fail-on high --probe
  rampart cluster --scanners vuln --ca-cert bank-ca.pem --docker-config pull-secret.json --images-out images.json
`,
    )
    .action(async (options: ClusterOptions) => {
      process.exitCode = await runCluster(options);
    });
}

const CHECKS_OF_SCANNER: Record<Exclude<Scanner, 'vuln'>, (id: string) => boolean> = {
  misconfig: (id) => /^(pod|namespace|object|cluster)\./.test(id),
  rbac: (id) => id.startsWith('rbac.'),
  network: (id) => id.startsWith('network.'),
};

async function runCluster(options: ClusterOptions): Promise<number> {
  const scanTime = new Date();
  const warn = (line: string): void => void process.stderr.write(`rampart: ${line}\n`);
  let target;
  try {
    target = loadClusterTarget({ ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}), ...(options.context ? { context: options.context } : {}) });
  } catch (err) {
    if (err instanceof ClusterConfigError) {
      warn(err.message);
      return 2;
    }
    throw err;
  }
  const frameworks = loadFrameworks();
  const selected = selectChecks(options.checks, options.skipChecks);
  const enabled = new Set([...selected].filter((id) => (Object.keys(CHECKS_OF_SCANNER) as Exclude<Scanner, 'vuln'>[]).some((s) => options.scanners.has(s) && CHECKS_OF_SCANNER[s](id))));
  const unavailableKinds = new Map<string, string>();
  const analysis = new KubeAnalysis({ frameworks, pssVersion: options.pssVersion, enabled, unavailable: { cluster: target.context, kinds: unavailableKinds } });
  const clusterChecks = new ClusterAnalysis({ frameworks, cluster: target.context, source: target.server, today: scanTime, enabled });
  const images = new ImagesInUse();
  const progress = new Progress(options.progress);
  let objects = 0;

  let collected: CollectionResult;
  try {
    collected = await collectCluster(target, {
      ...(options.namespace ? { namespace: options.namespace } : {}),
      timeoutMs: options.requestTimeout * 1000,
      concurrency: options.concurrency,
      onResource: (resource, { controlled }) => {
        objects++;
        images.add(resource);
        clusterChecks.add(resource);
        if (!controlled) analysis.add(resource);
      },
      onKindDone: (kind) => progress.update(`rampart: ${objects} objects read (${kind} done)`),
    });
  } catch (err) {
    progress.done();
    if (err instanceof NamespaceNotFoundError) {
      warn(err.message);
      return 2;
    }
    throw err;
  }
  progress.done();
  const inputErrors: InputError[] = [...collected.errors];
  const readAnything = [...collected.counts.values()].some((n) => n > 0) || collected.version !== undefined;
  if (!readAnything && collected.unavailable.length > 0) {
    warn(`cannot read the cluster ${target.context} (${target.server}): ${collected.unavailable[0]?.reason ?? collected.versionError ?? 'no answer'}`);
    return 2;
  }
  for (const u of collected.unavailable) {
    unavailableKinds.set(u.kind, u.reason);
    inputErrors.push({ source: target.server, message: `${u.kind} not read (${u.verb}): ${u.reason}` });
  }
  clusterChecks.unavailable(unavailableKinds);
  clusterChecks.serverVersion(collected.version, collected.versionError);
  if (options.probe) {
    const client = new KubeApiClient(target.kubeConfig, target.server, { timeoutMs: options.requestTimeout * 1000, retries: 1 });
    clusterChecks.anonymous(await probeAnonymous(client));
  }

  const result = analysis.finish();
  inputErrors.push(...result.inputErrors);
  const findings: Finding[] = [...result.findings, ...clusterChecks.finish()];

  const inUse = images.list();
  printImages(inUse, warn);
  if (options.imagesOut) {
    await writeFile(options.imagesOut, `${JSON.stringify({ cluster: target.context, server: target.server, images: inUse }, null, 2)}\n`);
    warn(`wrote ${options.imagesOut}`);
  }
  let imageRecords: ImageRecord[] | undefined;
  let vulnDb: VulnDbRecord | undefined;
  let vulnMissing = false;
  if (options.scanners.has('vuln') && inUse.length > 0) {
    const vulnOptions = { ...(options.dbDir ? { dbDir: options.dbDir } : {}), ...(options.ignoreUnfixed ? { ignoreUnfixed: true } : {}) };
    const ctx = openVulnContext(vulnOptions, warn);
    if ('missing' in ctx) {
      vulnMissing = true;
      warn(ctx.missing);
      findings.push(vulnNotEvaluated(clusterChecks.clusterAsset, ctx.missing, frameworks));
    } else {
      const open: OpenImageOptions = {};
      if (options.caCert) {
        try {
          open.caCert = readFileSync(options.caCert);
        } catch (err) {
          warn(`--ca-cert ${options.caCert}: ${(err as Error).message}`);
          return 2;
        }
      }
      if (options.dockerConfig) open.dockerConfig = options.dockerConfig;
      if (options.insecureRegistry.length > 0) open.insecure = options.insecureRegistry;
      vulnDb = ctx.record;
      // Each image once: a tag-only reference may name another image than the one running, so it is pulled, and skipped if its digest was already scanned.
      const scanned = await scanImagesInUse(inUse, ctx, {
        ...vulnOptions,
        open,
        lang: options.lang,
        frameworks,
        warn,
        onImage: (i, n, ref) => progress.update(`rampart: image ${i + 1}/${n} ${ref}`),
      });
      progress.done();
      findings.push(...scanned.findings);
      inputErrors.push(...scanned.errors);
      imageRecords = scanned.records;
    }
  }

  let waiverNotices: WaiverNotice[] = [];
  if (options.waivers) {
    const { readWaivers } = await import('../../sources/waivers-file.js');
    const { waivers, errors } = await readWaivers(options.waivers);
    inputErrors.push(...errors);
    waiverNotices = applyWaivers(findings, waivers, scanTime);
  }
  const shown = filterSeverities(findings, options.severity);
  const inputs: InputRecord[] = [...collected.counts].map(([kind, count]) => ({ source: `${target.server} ${kind}`, resources: count }));
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'rampart', version: VERSION },
    command: ['cluster', ...(options.context ? ['--context', options.context] : []), ...(options.namespace ? ['-n', options.namespace] : [])].join(' '),
    scanTime: scanTime.toISOString(),
    inputs,
    inputErrors,
    waivers: waiverNotices,
    ...reportMetadata(shown, frameworks),
    namespaces: result.namespaces,
    ...(result.network ? { network: result.network } : {}),
    ...(imageRecords ? { images: imageRecords } : {}),
    ...(vulnDb ? { vulnDb } : {}),
    findings: shown,
    summary: summarise(shown, result.resources),
  };
  for (const error of inputErrors) process.stderr.write(`rampart: ${error.source}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  const notEvaluated = report.summary.findings.notEvaluated;
  if (notEvaluated > 0) {
    const checks = Object.entries(report.summary.byCheck).filter(([, c]) => c.notEvaluated > 0).map(([id]) => id);
    warn(`${notEvaluated} check result${notEvaluated === 1 ? '' : 's'} not evaluated (input could not be read): ${checks.slice(0, 8).join(', ')}${checks.length > 8 ? `, and ${checks.length - 8} more` : ''}`);
  }
  const version = collected.version ? `Kubernetes ${collected.version.gitVersion}, ` : '';
  warn(`cluster ${target.context} (${version}${objects} objects, ${collected.requests} API requests)`);
  const delivered = await deliverReport(report, { format: options.format, ...(options.output ? { file: options.output } : {}) }, options);
  // Vulnerabilities were asked for and could not be looked for: as `rampart image`, a gate must not read that as a pass.
  return delivered.uploadFailed || vulnMissing ? 2 : exitCode(shown, options.failOn, inputErrors.length);
}

/** Images in use, on stderr: the report model has no field for them yet. */
function printImages(images: readonly ImageInUse[], warn: (line: string) => void): void {
  if (images.length === 0) return;
  const pinned = images.filter((i) => i.digest).length;
  warn(`${images.length} images in use (${pinned} by digest, ${images.length - pinned} by tag only):`);
  for (const image of images.slice(0, 50)) {
    const workloads = image.workloads.length > 3 ? `${image.workloads.slice(0, 3).join(', ')} +${image.workloads.length - 3}` : image.workloads.join(', ');
    process.stderr.write(`  ${image.reference}  pods=${image.pods}  ${workloads}\n`);
  }
  if (images.length > 50) process.stderr.write(`  … ${images.length - 50} more (see --images-out)\n`);
}
