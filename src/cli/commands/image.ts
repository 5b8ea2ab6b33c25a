import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { checkImageConfig, checkImageFiles } from '../../analyzers/image/index.js';
import { SbomCollector } from '../../analyzers/sbom/index.js';
import { loadSecretAllowList, scanImageConfigForSecrets, SecretScanner, EMPTY_ALLOW_LIST, type SecretAllowList } from '../../analyzers/secrets/index.js';
import type { Finding, ImageInfo, ImageRecord, InputError, Lang, LayerVisitor, PackageInventory, Severity } from '../../model/index.js';
import { imageAsset, imageRef } from '../../model/index.js';
import { cycloneDxDocument } from '../../reporters/cyclonedx.js';
import { spdxDocument } from '../../reporters/spdx.js';
import { ImageError, openImage, parseImageInput, type OpenImageOptions } from '../../sources/image/index.js';
import { ResultStore } from '../../store/results/store.js';
import { defaultLang, parseLang, parseSeverity, parseSeverityList } from '../options.js';
import { writeFileSafely } from '../output.js';
import { Progress } from '../progress.js';
import {
  applyVexFiles,
  defaultResultStore,
  finishReport,
  loadFrameworks,
  openVulnContext,
  vulnerabilityFindings,
  vulnNotEvaluated,
  withControls,
  type VulnContext,
} from '../scan-report.js';
import { VERSION } from '../version.js';
import { parseOutputFormat, parseReportOrSbom, splitOutputs, type OutputFormat } from './sbom-output.js';

const SCANNERS = ['vuln', 'secret', 'config'] as const;
type Scanner = (typeof SCANNERS)[number];

interface ImageOptions {
  input?: string;
  platform?: string;
  scanners: Set<Scanner>;
  format: OutputFormat;
  output?: string;
  report: { format: OutputFormat; file: string }[];
  lang: Lang;
  severity?: Set<Severity>;
  failOn?: Severity;
  waivers?: string;
  vex: string[];
  ignoreUnfixed?: boolean;
  dbDir?: string;
  maxDbAge?: number;
  store?: string | false;
  username?: string;
  passwordStdin?: boolean;
  caCert?: string;
  insecure?: boolean;
  dockerConfig?: string;
  secretAllowList?: string;
  maxImageAge?: number;
  maxFileSize?: number;
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

function parsePositive(what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number of ${what}`);
    return n;
  };
}

export function imageCommand(): Command {
  return new Command('image')
    .description('Scan a container image: packages (SBOM), vulnerabilities, secrets in every layer, and risky image settings')
    .argument('[image]', 'registry reference (registry.bank.local/payments/api:1.4.2), or docker-archive:/oci-archive:/oci: path')
    .option('--input <path>', 'read the image from a file or directory: a `docker save` tar, an OCI archive, or an OCI layout')
    .option('--platform <os/arch[/variant]>', 'which image of a multi-platform index', 'linux/amd64')
    .addOption(new Option('--scanners <list>', 'what to look for: vuln, secret, config').default(new Set(SCANNERS), 'vuln,secret,config').argParser(parseScanners))
    .addOption(new Option('-f, --format <format>', 'output: table, json, sarif, junit, html, or an SBOM: cyclonedx, spdx-json').default('table').argParser(parseOutputFormat))
    .option('-o, --output <file>', 'write the output to a file instead of standard output')
    .option('--report <format=file>', 'also write another format (repeatable), e.g. html=image.html or cyclonedx=api.cdx.json', parseReportOrSbom, [])
    .addOption(new Option('--lang <lang>', 'language of the output: en or zh').default(defaultLang(), 'en, or zh under a Chinese locale').argParser(parseLang))
    .option('--severity <list>', 'report only these severities, e.g. critical,high', parseSeverityList)
    .option('--fail-on <severity>', 'exit 1 when an unwaived finding at or above this severity remains', parseSeverity)
    .option('--ignore-unfixed', 'leave out vulnerabilities that have no fix yet')
    .option('--waivers <file>', 'waivers file: accepted exceptions with reason, approver and expiry')
    .option('--vex <file>', 'OpenVEX document whose not_affected/fixed statements apply (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--db-dir <dir>', 'vulnerability database directory (default: $RAMPART_DB_DIR or ~/.local/share/rampart/db)')
    .option('--max-db-age <days>', 'warn when the vulnerability database is older than this', parsePositive('days'))
    .option('--store <file>', 'keep the SBOM and findings in this result store for `rampart rescan`')
    .option('--no-store', 'do not keep the results')
    .option('--username <name>', 'registry user name (the password comes from --password-stdin)')
    .option('--password-stdin', 'read the registry password from standard input')
    .option('--docker-config <file>', 'Docker client config with registry credentials (default ~/.docker/config.json)')
    .option('--ca-cert <file>', 'PEM CA certificate to trust for the registry, in addition to the system roots')
    .option('--insecure', "allow the image's registry without verified TLS (plain HTTP as a last resort)")
    .option('--secret-allow-list <file>', 'YAML allow-list of secret rules, paths and known test values to ignore')
    .option('--max-image-age <days>', 'report images built longer ago than this (default 365)', parsePositive('days'))
    .option('--max-file-size <MiB>', 'largest file read for packages and secrets (default 64)', parsePositive('MiB'))
    .option('--no-progress', 'do not show progress on a terminal')
    .addHelpText(
      'after',
      `
Exit codes: 0 clean (or nothing at or above --fail-on), 1 findings at or above --fail-on,
            2 the image or another input could not be read, or vulnerabilities were asked for
              (the default) and there is no database: the report still says what was found.

Examples:
  rampart image registry.bank.local/payments/api:1.4.2
  rampart image --input api.tar                                  # docker save output
  rampart image --input oci-layout/ --platform linux/arm64
  rampart image REF --format cyclonedx --output api.cdx.json     # SBOM out
  rampart image REF --format spdx-json --output api.spdx.json
  rampart image REF --scanners secret,config --fail-on high
  rampart image REF --scanners vuln --ignore-unfixed --fail-on critical
  rampart image REF --vex vex.openvex.json --waivers waivers.yaml
  echo "$TOKEN" | rampart image REF --username ci-bot --password-stdin --ca-cert bank-ca.pem

Vulnerabilities need a database: rampart db import rampart-db.tar.zst --trust publisher.pub
Secrets are always shown masked. A secret deleted in a later layer is still reported: it stays
readable in the earlier layer's blob for anyone who can pull the image.
`,
    )
    .action(async (arg: string | undefined, options: ImageOptions) => {
      process.exitCode = await runImage(arg, options);
    });
}

async function runImage(arg: string | undefined, options: ImageOptions): Promise<number> {
  const scanTime = new Date();
  const frameworks = loadFrameworks();
  const warn = (line: string): void => void process.stderr.write(`rampart: ${line}\n`);
  if (options.input && arg) throw new InvalidArgumentError(`name the image either as an argument (${arg}) or with --input (${options.input}), not both`);
  const target = options.input ?? arg;
  if (!target) throw new InvalidArgumentError('name an image (a registry reference) or --input PATH');
  const openOptions: OpenImageOptions = { ...(options.platform ? { platform: options.platform } : {}) };
  if (options.username) openOptions.username = options.username;
  if (options.passwordStdin) {
    openOptions.password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
    // An empty pipe (an unset CI variable) would otherwise be sent as an empty password.
    if (!openOptions.password) throw new InvalidArgumentError('--password-stdin: standard input held no password');
  }
  if (options.dockerConfig) openOptions.dockerConfig = options.dockerConfig;
  if (options.caCert) openOptions.caCert = readFileSync(options.caCert);
  if (options.insecure) openOptions.insecure = true;
  const allowList: SecretAllowList = options.secretAllowList ? loadSecretAllowList(options.secretAllowList) : EMPTY_ALLOW_LIST;

  let vuln: VulnContext | undefined;
  let vulnMissing: string | undefined;
  if (options.scanners.has('vuln')) {
    const opened = openVulnContext(options, warn);
    if ('missing' in opened) vulnMissing = opened.missing;
    else vuln = opened;
  }

  const progress = new Progress(options.progress);
  const inputErrors: InputError[] = [];
  let image: ImageInfo;
  let inventory: PackageInventory;
  const findings: Finding[] = [];
  try {
    const source = parseImageInput(target);
    // --input is a file or folder: a name that is neither must not turn into a registry pull.
    if (options.input && source.kind === 'registry') throw new ImageError(target, 'no such file or directory');
    const opened = await openImage(source, openOptions);
    try {
      image = opened.info;
      const collector = new SbomCollector();
      const secrets = options.scanners.has('secret') ? new SecretScanner({ allowList, frameworks }) : undefined;
      const visitors: LayerVisitor[] = [collector, ...(secrets ? [secrets] : [])];
      const view = await opened.readLayers(visitors, {
        ...(options.maxFileSize ? { limits: { maxFileSize: options.maxFileSize * 1024 * 1024 } } : {}),
        onProgress: (p) => progress.update(`rampart: layer ${p.layer + 1}/${p.layers} ${p.digest.slice(7, 19)} ${(p.uncompressedBytes / 1048576).toFixed(0)} MB`),
      });
      progress.done();
      inventory = collector.finish(view, image.layers);
      for (const problem of collector.problems ?? []) warn(`${target}: ${problem.path}: ${problem.message}`);
      const ctx = { image, frameworks };
      if (secrets) findings.push(...secrets.finish(view, image), ...scanImageConfigForSecrets(image, { allowList, frameworks }));
      if (options.scanners.has('config')) {
        findings.push(...checkImageConfig(ctx, { ...(options.maxImageAge ? { maxAgeDays: options.maxImageAge } : {}), now: scanTime }), ...checkImageFiles(ctx, view));
      }
    } finally {
      opened.close();
    }
  } catch (err) {
    progress.done();
    if (err instanceof ImageError) {
      process.stderr.write(`rampart: ${err.message}\n`);
      return 2;
    }
    throw err;
  }

  const asset = imageAsset(image);
  if (vuln) findings.push(...vulnerabilityFindings(inventory, asset, vuln, options, frameworks, options.lang, warn));
  else if (vulnMissing) {
    warn(vulnMissing);
    findings.push(vulnNotEvaluated(asset, vulnMissing, frameworks));
  }
  withControls(findings, frameworks);
  await applyVexFiles(findings, options.vex, inputErrors);

  const storeFile = options.store === false ? undefined : (options.store ?? defaultResultStore());
  if (storeFile) {
    const store = ResultStore.open(storeFile);
    try {
      store.saveScan(image, inventory, findings, scanTime, vuln?.record.built);
    } finally {
      store.close();
    }
  }

  const { reports, sboms, main } = splitOutputs(options);
  for (const sbom of sboms) await writeSbom(sbom, image, inventory);
  const record: ImageRecord = {
    reference: image.reference,
    ref: imageRef(image),
    configDigest: image.configDigest,
    platform: [image.platform.os, image.platform.architecture, image.platform.variant].filter(Boolean).join('/'),
    layers: image.layers.length,
    packages: inventory.packages.length,
  };
  if (image.manifestDigest) record.manifestDigest = image.manifestDigest;
  if (inventory.os) record.os = inventory.os.name;
  const outcome = {
    command: `image ${target}`,
    scanTime,
    inputs: [{ source: target, resources: 1 }],
    inputErrors,
    findings,
    images: [record],
    ...(vuln ? { vulnDb: vuln.record } : {}),
    frameworks,
  };
  // When the main output is an SBOM (written above), the findings report goes only where --report asked.
  const { format: _format, output: _output, ...common } = options;
  const code = await finishReport(outcome, { ...common, ...(main ? { format: main.format, ...(main.file ? { output: main.file } : {}) } : {}), report: reports });
  // Vulnerabilities were asked for and could not be looked for: a pipeline gate must not read that as a pass.
  return vulnMissing ? 2 : code;
}

async function writeSbom(target: { format: 'cyclonedx' | 'spdx-json'; file?: string }, image: ImageInfo, inventory: PackageInventory): Promise<void> {
  const tool = { name: 'rampart', version: VERSION };
  const doc = target.format === 'cyclonedx' ? cycloneDxDocument(image, inventory, tool) : spdxDocument(image, inventory, tool);
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (target.file) {
    await writeFileSafely(target.file, [text]);
    process.stderr.write(`rampart: wrote ${target.file}\n`);
  } else process.stdout.write(text);
}
