import { Command, Option } from 'commander';
import { KubeAnalysis } from '../../analyzers/kube-analysis.js';
import type { PssVersion } from '../../analyzers/workload/check.js';
import { loadFrameworks } from '../../catalog/index.js';
import { reportMetadata } from '../../catalog/report-metadata.js';
import type { InputError, InputRecord, Report, WaiverNotice } from '../../model/index.js';
import { REPORT_SCHEMA_VERSION, summarise } from '../../model/index.js';
import { exitCode, filterSeverities } from '../../policy/gate.js';
import { applyWaivers } from '../../policy/waivers.js';
import { readManifests } from '../../sources/kube/manifests.js';
import { parseCheckList, parsePss, selectChecks } from '../options.js';
import { withReportOptions, type ReportOptions } from '../report-options.js';
import { deliverReport } from '../output.js';
import { Progress } from '../progress.js';
import { VERSION } from '../version.js';

interface ManifestsOptions extends ReportOptions {
  namespace?: string;
  pssVersion: PssVersion;
  checks?: string[];
  skipChecks?: string[];
  progress: boolean;
}

export function manifestsCommand(): Command {
  return withReportOptions(
    new Command('manifests')
      .description('Scan Kubernetes manifests against Pod Security Standards, CIS Kubernetes 5.x and NSA/CISA hardening')
      .argument('<paths...>', 'files or directories (.yaml, .yml, .json, searched recursively), or - for standard input'),
  )
    .option('-n, --namespace <name>', 'namespace for objects that set none (as kubectl apply -n would)')
    .addOption(new Option('--pss-version <version>', 'Pod Security Standards version to evaluate, e.g. v1.33').default('latest' as PssVersion, 'latest').argParser(parsePss))
    .option('--checks <ids>', 'run only these checks (ids or prefixes such as pod.*)', parseCheckList)
    .option('--skip-checks <ids>', 'skip these checks (ids or prefixes)', parseCheckList)
    .option('--no-progress', 'do not show progress on a terminal')
    .addHelpText(
      'after',
      `
Exit codes: 0 clean (or nothing at or above --fail-on), 1 findings at or above --fail-on,
            2 an input could not be read (the scan still reports everything else).

Examples:
  rampart manifests k8s/
  rampart manifests k8s/ --format sarif --output rampart.sarif --fail-on high
  helm template charts/payments | rampart manifests - --lang zh
  rampart manifests k8s/ --waivers rampart-waivers.yaml --report html=posture.html
  rampart manifests k8s/ --checks 'pod.*' --severity critical,high

Waivers file (YAML):
  waivers:
    - id: W-2026-014
      check: pod.host-network            # a check id, or a prefix such as pod.*
      scope: {namespace: monitoring, kind: DaemonSet, name: node-exporter}
      reason: Node exporter reads host network statistics; isolated node pool.
      approver: li.wei@bank.example
      expires: 2027-03-31
`,
    )
    .action(async (paths: string[], options: ManifestsOptions) => {
      process.exitCode = await runManifests(paths, options);
    });
}

async function runManifests(paths: string[], options: ManifestsOptions): Promise<number> {
  const scanTime = new Date();
  const frameworks = loadFrameworks();
  const analysis = new KubeAnalysis({
    frameworks,
    pssVersion: options.pssVersion,
    enabled: selectChecks(options.checks, options.skipChecks),
  });
  const inputs: InputRecord[] = [];
  const inputErrors: InputError[] = [];
  const progress = new Progress(options.progress);
  let objects = 0;
  const readOptions = options.namespace ? { namespace: options.namespace } : {};
  for await (const event of readManifests(paths, readOptions)) {
    if (event.type === 'resource') {
      analysis.add(event.resource);
      objects++;
    } else if (event.type === 'error') {
      inputErrors.push(event.error);
    } else {
      inputs.push(event.input);
      progress.update(`rampart: ${inputs.length} files, ${objects} objects read`);
    }
  }
  progress.done();
  const result = analysis.finish();
  inputErrors.push(...result.inputErrors);

  let waiverNotices: WaiverNotice[] = [];
  if (options.waivers) {
    // Loaded only when asked for: the schema validator costs a twentieth of a second at startup.
    const { readWaivers } = await import('../../sources/waivers-file.js');
    const { waivers, errors } = await readWaivers(options.waivers);
    inputErrors.push(...errors);
    waiverNotices = applyWaivers(result.findings, waivers, scanTime);
  }
  const findings = filterSeverities(result.findings, options.severity);

  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'rampart', version: VERSION },
    command: `manifests ${paths.join(' ')}`,
    scanTime: scanTime.toISOString(),
    inputs,
    inputErrors,
    waivers: waiverNotices,
    ...reportMetadata(findings, frameworks),
    namespaces: result.namespaces,
    ...(result.network ? { network: result.network } : {}),
    findings,
    summary: summarise(findings, result.resources),
  };
  for (const error of inputErrors) {
    process.stderr.write(`rampart: ${error.source}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  }
  const delivered = await deliverReport(report, { format: options.format, ...(options.output ? { file: options.output } : {}) }, options);
  return delivered.uploadFailed ? 2 : exitCode(findings, options.failOn, inputErrors.length);
}
