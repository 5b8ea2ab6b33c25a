import { Command } from 'commander';
import { analyzeDockerHost } from '../../analyzers/docker/index.js';
import { checkImageConfig } from '../../analyzers/image/index.js';
import { controlsOfCheck, getCheck, loadFrameworks } from '../../catalog/index.js';
import type { Finding, InputError, InputRecord } from '../../model/index.js';
import { fingerprint, imageAsset } from '../../model/index.js';
import { readDockerHost } from '../../sources/docker/index.js';
import { parseCheckList, selectChecks } from '../options.js';
import { withReportOptions, type ReportOptions } from '../report-options.js';
import { finishReport } from '../scan-report.js';

interface HostOptions extends ReportOptions {
  root: string;
  proc?: string;
  dockerHost?: string;
  hostName?: string;
  checks?: string[];
  skipChecks?: string[];
}

/** Section 4 checks that read image layers, which the Engine API does not hand out here. */
const LAYER_CHECKS = ['image.secret', 'image.setuid-files', 'image.world-writable', 'image.sshd', 'image.package-cache'];

export function hostCommand(): Command {
  return withReportOptions(
    new Command('host')
      .description('Check a Docker host against CIS Docker Benchmark v1.6 (host, daemon configuration and files, images, running containers)')
      .option('--root <path>', "the host's root filesystem: / on the host, /host in a container that mounts it", '/')
      .option('--proc <path>', 'proc filesystem to find dockerd in (default <root>/proc; /proc in a container with --pid=host)')
      .option('--docker-host <url>', 'Docker Engine socket (default $DOCKER_HOST, else unix://<root>/var/run/docker.sock)')
      .option('--host-name <name>', 'host name for the report (default: <root>/etc/hostname)'),
  )
    .option('--checks <ids>', 'run only these checks (ids or prefixes such as docker.container.*)', parseCheckList)
    .option('--skip-checks <ids>', 'skip these checks (ids or prefixes)', parseCheckList)
    .addHelpText(
      'after',
      `
Reads dockerd's command line (from /proc) and daemon.json, the Engine API (/info, every running
container, the images), the audit rules (auditctl -l on the live host, /etc/audit/rules.d) and the
files CIS names. Checks whose input cannot be seen, and checks that need a person, are reported as
not evaluated with the reason. Image layer checks (secrets, setuid files) need \`rampart image\`.

Exit codes: 0 clean (or nothing at or above --fail-on), 1 findings at or above --fail-on,
            2 the root or the Docker daemon could not be read.

Examples:
  sudo rampart host
  rampart host --root /host --proc /proc --docker-host unix:///host/var/run/docker.sock --format json
`,
    )
    .action(async (options: HostOptions) => {
      process.exitCode = await runHost(options);
    });
}

export async function runHost(options: HostOptions): Promise<number> {
  const scanTime = new Date();
  const frameworks = loadFrameworks();
  const inputErrors: InputError[] = [];
  let snapshot;
  try {
    snapshot = await readDockerHost({
      root: options.root,
      ...(options.proc ? { proc: options.proc } : {}),
      ...(options.dockerHost ? { dockerHost: options.dockerHost } : {}),
      ...(options.hostName ? { hostname: options.hostName } : {}),
    });
  } catch (err) {
    process.stderr.write(`rampart: ${(err as Error).message}\n`);
    return 2;
  }
  for (const message of snapshot.errors) inputErrors.push({ source: options.root, message });
  if (snapshot.engineError) inputErrors.push({ source: snapshot.dockerHost, message: snapshot.engineError });
  if (snapshot.containersError) inputErrors.push({ source: snapshot.dockerHost, message: snapshot.containersError });
  if (snapshot.imagesError) inputErrors.push({ source: snapshot.dockerHost, message: snapshot.imagesError });
  const enabled = selectChecks(options.checks, options.skipChecks);
  const result = analyzeDockerHost(snapshot, { frameworks, enabled });
  const findings: Finding[] = [...result.findings];
  // Section 4: the image configuration checks, on every image the daemon holds.
  for (const image of snapshot.images) {
    findings.push(...checkImageConfig({ image, frameworks }).filter((f) => enabled.has(f.checkId)));
    const asset = imageAsset(image);
    for (const id of LAYER_CHECKS.filter((c) => enabled.has(c))) {
      findings.push({
        fingerprint: fingerprint(id, asset.ref, 'layers'),
        checkId: id,
        severity: getCheck(id).severity,
        status: 'not-evaluated',
        message: { en: `Not evaluated: ${getCheck(id).title.en}`, zh: `未评估：${getCheck(id).title.zh}` },
        reason: { en: `The image's layers are not read by \`rampart host\`: run \`rampart image ${image.reference}\` (or on \`docker save\` output)`, zh: `\`rampart host\` 不读取镜像层：请运行 \`rampart image ${image.reference}\`（或对 \`docker save\` 的输出运行）` },
        asset,
        subject: 'layers',
        location: {},
        controls: controlsOfCheck(frameworks, id),
      });
    }
  }
  const inputs: InputRecord[] = [
    { source: `host://${snapshot.hostname} (${snapshot.dockerHost}${snapshot.version ? `, Docker ${snapshot.version.Version}` : ''}${snapshot.dockerd ? `, dockerd process ${snapshot.dockerd.pid}` : ', no dockerd process seen'})`, resources: 1 },
    { source: `${snapshot.dockerHost} containers`, resources: snapshot.containers.length },
    { source: `${snapshot.dockerHost} images`, resources: snapshot.images.length },
  ];
  const command = ['host', '--root', options.root, ...(options.dockerHost ? ['--docker-host', options.dockerHost] : [])].join(' ');
  const code = await finishReport({ command, scanTime, inputs, inputErrors, findings, images: [], resources: 1 + snapshot.containers.length + snapshot.images.length, frameworks }, {
    format: options.format,
    report: options.report,
    lang: options.lang,
    ...(options.output ? { output: options.output } : {}),
    ...(options.severity ? { severity: options.severity } : {}),
    ...(options.failOn ? { failOn: options.failOn } : {}),
    ...(options.waivers ? { waivers: options.waivers } : {}),
  });
  return snapshot.engineError ? 2 : code;
}
