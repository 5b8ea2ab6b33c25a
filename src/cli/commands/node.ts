import { Command, InvalidArgumentError, Option } from 'commander';
import { analyzeNode, type NodeType } from '../../analyzers/node/index.js';
import { loadFrameworks } from '../../catalog/index.js';
import type { InputError, InputRecord } from '../../model/index.js';
import { readNodeSnapshot } from '../../sources/node/index.js';
import { parseCheckList, selectChecks } from '../options.js';
import { withReportOptions, type ReportOptions } from '../report-options.js';
import { finishReport } from '../scan-report.js';

interface NodeOptions extends ReportOptions {
  root: string;
  proc?: string;
  nodeName?: string;
  cluster?: string;
  nodeType: NodeType | 'auto';
  checks?: string[];
  skipChecks?: string[];
}

function parseNodeType(value: string): NodeType | 'auto' {
  if (value === 'auto' || value === 'control-plane' || value === 'worker') return value;
  throw new InvalidArgumentError('expected auto, control-plane or worker');
}

export function nodeCommand(): Command {
  return withReportOptions(
    new Command('node')
      .description('Check a Kubernetes node against CIS Kubernetes Benchmark v1.12 sections 1-4 (control plane, etcd, kubelet, file permissions)')
      .option('--root <path>', "the node's root filesystem: / on the node, /host in a pod that mounts it", '/')
      .option('--proc <path>', 'proc filesystem to find the running components in (default <root>/proc; /proc in a pod with hostPID)')
      .option('--node-name <name>', 'node name for the report (default: <root>/etc/hostname)')
      .option('--cluster <name>', 'cluster name recorded on the findings')
      .addOption(new Option('--node-type <type>', 'auto, control-plane or worker').default('auto').argParser(parseNodeType)),
  )
    .option('--checks <ids>', 'run only these checks (ids or prefixes such as node.kubelet.*)', parseCheckList)
    .option('--skip-checks <ids>', 'skip these checks (ids or prefixes)', parseCheckList)
    .addHelpText(
      'after',
      `
A worker node (no control-plane manifest or process) is checked against section 4 only; sections
1-3 are reported as not applicable. Checks whose input is missing (a component not running, a file
not mounted) and checks that need a person are reported as not evaluated, with the reason.

Exit codes: 0 clean (or nothing at or above --fail-on), 1 findings at or above --fail-on,
            2 the root could not be read.

Examples:
  sudo rampart node
  rampart node --root /host --proc /proc --node-name "$NODE_NAME" --format json   # in the bundled DaemonSet
  rampart node --root /srv/images/node-root --node-type worker --report html=node.html
`,
    )
    .action(async (options: NodeOptions) => {
      process.exitCode = await runNode(options);
    });
}

export async function runNode(options: NodeOptions): Promise<number> {
  const scanTime = new Date();
  const frameworks = loadFrameworks();
  const inputErrors: InputError[] = [];
  let snapshot;
  try {
    snapshot = await readNodeSnapshot({ root: options.root, ...(options.proc ? { proc: options.proc } : {}), ...(options.nodeName ? { nodeName: options.nodeName } : {}) });
  } catch (err) {
    process.stderr.write(`rampart: ${(err as Error).message}\n`);
    return 2;
  }
  for (const message of snapshot.errors) inputErrors.push({ source: options.root, message });
  const result = analyzeNode(snapshot, {
    frameworks,
    nodeType: options.nodeType,
    enabled: selectChecks(options.checks, options.skipChecks),
    ...(options.cluster ? { cluster: options.cluster } : {}),
  });
  const inputs: InputRecord[] = [{ source: `node://${snapshot.hostname} (${result.nodeType}: ${result.nodeTypeReason})`, resources: 1 }];
  for (const na of result.notApplicable) inputs.push({ source: na.section, resources: 0, skipped: `not applicable: ${na.reason}` });
  const command = ['node', '--root', options.root, ...(options.nodeType !== 'auto' ? ['--node-type', options.nodeType] : [])].join(' ');
  return finishReport({ command, scanTime, inputs, inputErrors, findings: result.findings, images: [], resources: 1, frameworks }, {
    format: options.format,
    report: options.report,
    lang: options.lang,
    ...(options.output ? { output: options.output } : {}),
    ...(options.severity ? { severity: options.severity } : {}),
    ...(options.failOn ? { failOn: options.failOn } : {}),
    ...(options.waivers ? { waivers: options.waivers } : {}),
  });
}
