import { Command, InvalidArgumentError } from 'commander';
import type { Finding, ImageRecord, InputError, InputRecord } from '../../model/index.js';
import { readSbomFile, sbomAsset, SbomError } from '../../sources/sbom/index.js';
import { withReportOptions, type ReportOptions } from '../report-options.js';
import { applyVexFiles, finishReport, loadFrameworks, openVulnContext, vulnerabilityFindings, vulnNotEvaluated } from '../scan-report.js';

interface SbomOptions extends ReportOptions {
  vex: string[];
  ignoreUnfixed?: boolean;
  dbDir?: string;
  maxDbAge?: number;
}

export function sbomCommand(): Command {
  return withReportOptions(
    new Command('sbom')
      .description('Find vulnerabilities in the packages an SBOM lists (CycloneDX 1.4-1.6 or SPDX 2.2/2.3 JSON), without the image')
      .argument('<files...>', 'SBOM documents; Rampart\'s own give the same findings as scanning the image they came from'),
  )
    .option('--ignore-unfixed', 'leave out vulnerabilities that have no fix yet')
    .option('--vex <file>', 'OpenVEX document whose not_affected/fixed statements apply (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--db-dir <dir>', 'vulnerability database directory (default: $RAMPART_DB_DIR or ~/.local/share/rampart/db)')
    .option('--max-db-age <days>', 'warn when the vulnerability database is older than this', (v: string) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of days');
      return n;
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 clean (or nothing at or above --fail-on), 1 findings at or above --fail-on,
            2 a document could not be read (the others are still scanned) or there is no database.

Examples:
  rampart sbom api.cdx.json
  rampart sbom api.spdx.json --fail-on critical --ignore-unfixed
  rampart sbom *.cdx.json --format sarif --output vulns.sarif --vex vex.openvex.json
`,
    )
    .action(async (files: string[], options: SbomOptions) => {
      process.exitCode = await runSbom(files, options);
    });
}

async function runSbom(files: string[], options: SbomOptions): Promise<number> {
  const scanTime = new Date();
  const frameworks = loadFrameworks();
  const warn = (line: string): void => void process.stderr.write(`rampart: ${line}\n`);
  const vuln = openVulnContext(options, warn);
  const inputs: InputRecord[] = [];
  const inputErrors: InputError[] = [];
  const findings: Finding[] = [];
  const images: ImageRecord[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    let result;
    try {
      result = await readSbomFile(file);
    } catch (err) {
      if (!(err instanceof SbomError) && (err as NodeJS.ErrnoException).code === undefined) throw err;
      inputErrors.push({ source: file, message: (err as Error).message.replace(`${file}: `, '') });
      continue;
    }
    for (const note of result.notes) warn(`${file}: ${note}`);
    const asset = sbomAsset(result, file);
    inputs.push({ source: file, resources: result.inventory.packages.length });
    const record: ImageRecord = {
      reference: result.image?.reference ?? file,
      ref: asset.ref,
      configDigest: result.image?.configDigest ?? result.image?.manifestDigest ?? '',
      platform: result.image?.platform ? [result.image.platform.os, result.image.platform.architecture, result.image.platform.variant].filter(Boolean).join('/') : '',
      layers: 0,
      packages: result.inventory.packages.length,
    };
    if (result.image?.manifestDigest) record.manifestDigest = result.image.manifestDigest;
    if (result.inventory.os) record.os = result.inventory.os.name;
    // Two documents of one image (its CycloneDX and its SPDX) are one image in the report, not two.
    if (record.ref.startsWith('image://') && record.configDigest && !images.some((i) => i.ref === record.ref)) images.push(record);
    const found = 'missing' in vuln ? [vulnNotEvaluated(asset, vuln.missing, frameworks)] : vulnerabilityFindings(result.inventory, asset, vuln, options, frameworks, options.lang, (line) => warn(`${file}: ${line}`));
    for (const f of found) {
      if (seen.has(f.fingerprint)) continue;
      seen.add(f.fingerprint);
      findings.push(f);
    }
  }
  if ('missing' in vuln) warn(vuln.missing);
  await applyVexFiles(findings, options.vex, inputErrors);
  const code = await finishReport(
    { command: `sbom ${files.join(' ')}`, scanTime, inputs, inputErrors, findings, images, ...('missing' in vuln ? {} : { vulnDb: vuln.record }), frameworks },
    options,
  );
  // Matching vulnerabilities is all this command does: without a database nothing was checked, and a CI gate must not read that as a pass.
  return 'missing' in vuln ? 2 : code;
}
