import { Command, Option } from 'commander';
import type { Finding, ImageRecord, InputError, InputRecord, Lang, Severity } from '../../model/index.js';
import { imageAsset } from '../../model/index.js';
import type { Format } from '../../reporters/index.js';
import { compareFindings, type ScanChanges } from '../../store/results/changes.js';
import { ResultStore } from '../../store/results/store.js';
import { defaultLang, parseExtraReport, parseFormat, parseLang, parseSeverity } from '../options.js';
import { applyVex } from '../../policy/vex.js';
import { defaultResultStore, finishReport, loadFrameworks, openVulnContext, readVexFiles, vulnerabilityFindings } from '../scan-report.js';
import { Progress } from '../progress.js';

interface RescanOptions {
  store?: string;
  format: Format;
  output?: string;
  report: { format: Format; file: string }[];
  lang: Lang;
  failOn?: Severity;
  waivers?: string;
  vex: string[];
  ignoreUnfixed?: boolean;
  dbDir?: string;
  progress: boolean;
}

export function rescanCommand(): Command {
  return new Command('rescan')
    .description('Re-match every stored SBOM against the current vulnerability database, without pulling any image, and say what changed')
    .option('--store <file>', 'result store kept by `rampart image` (default: $RAMPART_DATA_DIR/results.db or ~/.local/share/rampart/results.db)')
    .addOption(new Option('-f, --format <format>', 'output format for the findings: table, json, sarif, junit, html').default('table').argParser(parseFormat))
    .option('-o, --output <file>', 'write the findings to a file instead of standard output')
    .option('--report <format=file>', 'also write a report in another format (repeatable)', parseExtraReport, [])
    .addOption(new Option('--lang <lang>', 'language of the output: en or zh').default(defaultLang(), 'en, or zh under a Chinese locale').argParser(parseLang))
    .option('--fail-on <severity>', 'exit 1 when an unwaived finding at or above this severity remains', parseSeverity)
    .option('--ignore-unfixed', 'leave out vulnerabilities that have no fix yet')
    .option('--waivers <file>', 'waivers file: accepted exceptions with reason, approver and expiry')
    .option('--vex <file>', 'OpenVEX document whose not_affected/fixed statements apply, as given to `rampart image` (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--db-dir <dir>', 'vulnerability database directory')
    .option('--no-progress', 'do not show progress on a terminal')
    .addHelpText(
      'after',
      `
Each stored image's newest scan is matched again; the new findings are stored as a new scan, and
standard error lists per image what is new, resolved or changed (severity, fix, vendor status).

Examples:
  rampart db import rampart-db.tar.zst --trust publisher.pub && rampart rescan
  rampart rescan --format json --output rescan.json --fail-on critical
`,
    )
    .action(async (options: RescanOptions) => {
      process.exitCode = await runRescan(options);
    });
}

async function runRescan(options: RescanOptions): Promise<number> {
  const scanTime = new Date();
  const frameworks = loadFrameworks();
  const warn = (line: string): void => void process.stderr.write(`rampart: ${line}\n`);
  const vuln = openVulnContext(options, warn);
  if ('missing' in vuln) {
    warn(vuln.missing);
    return 2;
  }
  const inputErrors: InputError[] = [];
  // The stored findings carry the VEX outcome of their scan: the same statements must apply to the new matches, or every one would read as changed.
  const vexDocuments = await readVexFiles(options.vex, inputErrors);
  const store = ResultStore.open(options.store ?? defaultResultStore());
  const findings: Finding[] = [];
  const images: ImageRecord[] = [];
  const inputs: InputRecord[] = [];
  const progress = new Progress(options.progress);
  try {
    const scans = store.latestScans();
    if (scans.length === 0) warn('the result store holds no scans yet: scan images with `rampart image` first');
    scans.forEach((scan, i) => {
      progress.update(`rampart: rescanning ${i + 1}/${scans.length} ${scan.reference}`);
      const image = { reference: scan.reference, configDigest: scan.configDigest, ...(scan.manifestDigest ? { manifestDigest: scan.manifestDigest } : {}) };
      const asset = imageAsset(image);
      const previous = store.findingsOf(scan.id);
      const fresh = vulnerabilityFindings(scan.inventory, asset, vuln, options, frameworks, options.lang, (line) => warn(`${scan.reference}: ${line}`));
      if (vexDocuments.length > 0) applyVex(fresh, vexDocuments);
      // Findings of the other scanners (secrets, config) need the layers: they are carried over as they were.
      const carried = [...previous.values()].filter((f) => f.checkId !== 'image.vuln');
      const current = [...carried, ...fresh];
      reportChanges(scan.reference, compareFindings(new Map([...previous].filter(([, f]) => f.checkId === 'image.vuln')), fresh));
      store.saveScan(image, scan.inventory, current, scanTime, vuln.record.built);
      findings.push(...current);
      inputs.push({ source: scan.imageRef, resources: scan.inventory.packages.length });
      const record: ImageRecord = { reference: scan.reference, ref: asset.ref, configDigest: scan.configDigest, platform: '', layers: 0, packages: scan.inventory.packages.length };
      if (scan.manifestDigest) record.manifestDigest = scan.manifestDigest;
      if (scan.inventory.os) record.os = scan.inventory.os.name;
      images.push(record);
    });
    progress.done();
  } finally {
    store.close();
  }
  return finishReport({ command: 'rescan', scanTime, inputs, inputErrors, findings, images, vulnDb: vuln.record, frameworks }, options);
}

function reportChanges(reference: string, changes: ScanChanges): void {
  const ids = (list: Finding[]): string => list.map((f) => `${f.vulnerability?.id ?? f.checkId} (${f.package?.name ?? f.subject})`).join(', ');
  const parts = [`${changes.added.length} new`, `${changes.resolved.length} resolved`, `${changes.changed.length} changed`, `${changes.unchanged} unchanged`];
  process.stderr.write(`rampart: ${reference}: ${parts.join(', ')}\n`);
  if (changes.added.length > 0) process.stderr.write(`  new: ${ids(changes.added)}\n`);
  if (changes.resolved.length > 0) process.stderr.write(`  resolved: ${ids(changes.resolved)}\n`);
  for (const c of changes.changed) process.stderr.write(`  changed: ${c.after.vulnerability?.id ?? c.after.checkId} (${c.after.package?.name ?? c.after.subject}): ${c.fields.join(', ')}\n`);
}
