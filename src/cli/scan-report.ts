import { homedir } from 'node:os';
import { join } from 'node:path';
import { matchVulnerabilities } from '../analyzers/vuln/matcher.js';
import { vulnFindings, VULN_CHECK_ID } from '../analyzers/vuln/findings.js';
import { controlsOfCheck, loadFrameworks, type FrameworkIndex } from '../catalog/index.js';
import { reportMetadata } from '../catalog/report-metadata.js';
import type { Asset, Check, Finding, ImageRecord, InputError, InputRecord, Lang, PackageInventory, Report, Severity, VulnDbRecord, WaiverNotice } from '../model/index.js';
import { fingerprint, REPORT_SCHEMA_VERSION, summarise } from '../model/index.js';
import { exitCode, filterSeverities } from '../policy/gate.js';
import { applyVex, parseOpenVex, type VexDocument } from '../policy/vex.js';
import { applyWaivers } from '../policy/waivers.js';
import type { Format } from '../reporters/index.js';
import { MissingVulnDbError, openVulnDb, type OpenedVulnDb } from '../store/vulndb/open.js';
import { ResultStore } from '../store/results/store.js';
import { readFile } from 'node:fs/promises';
import { deliverReport } from './output.js';
import { VERSION } from './version.js';

/**
 * What the image-family commands (`image`, `sbom`, `rescan`) share once an inventory is in hand:
 * the vulnerability database, matching, VEX, waivers, the report and the exit code.
 */

export interface VulnScanOptions {
  dbDir?: string;
  maxDbAge?: number;
  ignoreUnfixed?: boolean;
  vex?: string[];
}

export interface VulnContext {
  db: OpenedVulnDb;
  record: VulnDbRecord;
}

/** Opens the database for a scan. Missing: `undefined` plus the one-line reason, so the caller reports `image.vuln` as not evaluated instead of clean. */
export function openVulnContext(options: VulnScanOptions, warn: (line: string) => void): VulnContext | { missing: string } {
  let db: OpenedVulnDb;
  try {
    db = openVulnDb({ ...(options.dbDir ? { dbDir: options.dbDir } : {}), ...(options.maxDbAge !== undefined ? { maxAgeDays: options.maxDbAge } : {}) });
  } catch (err) {
    if (err instanceof MissingVulnDbError) return { missing: err.message };
    throw err;
  }
  if (db.warning) warn(db.warning);
  const record: VulnDbRecord = {
    schemaVersion: db.meta.schemaVersion,
    built: db.meta.built,
    ageDays: Math.round(db.ageDays * 10) / 10,
    stale: db.stale,
    sources: db.meta.sources,
  };
  return { db, record };
}

/** Matches an inventory and turns the matches into findings on the asset; notes (no data for this OS…) go to `warn`. */
export function vulnerabilityFindings(inventory: PackageInventory, asset: Asset, ctx: VulnContext, options: VulnScanOptions, frameworks: FrameworkIndex, lang: Lang, warn: (line: string) => void): Finding[] {
  const result = matchVulnerabilities(inventory, ctx.db.lookup, options.ignoreUnfixed ? { ignoreUnfixed: true } : {});
  for (const note of result.notes) warn(note.message[lang]);
  return vulnFindings(result.matches, asset, { controls: controlsOfCheck(frameworks, VULN_CHECK_ID) });
}

/** `image.vuln` could not run: one not-evaluated finding that says why, so no report reads as a clean pass. */
export function vulnNotEvaluated(asset: Asset, reason: string, frameworks: FrameworkIndex): Finding {
  return {
    fingerprint: fingerprint(VULN_CHECK_ID, asset.ref, 'database'),
    checkId: VULN_CHECK_ID,
    severity: 'high',
    status: 'not-evaluated',
    message: { en: 'Vulnerabilities were not scanned: no vulnerability database', zh: '未扫描漏洞：没有漏洞数据库' },
    asset,
    subject: 'database',
    location: {},
    controls: controlsOfCheck(frameworks, VULN_CHECK_ID),
    reason: { en: reason, zh: `没有可用的漏洞数据库。${reason}` },
  };
}

/** Reads the `--vex` documents; a malformed or unreadable one is an input error and is left out. */
export async function readVexFiles(files: readonly string[], inputErrors: InputError[]): Promise<VexDocument[]> {
  const documents: VexDocument[] = [];
  for (const file of files) {
    try {
      documents.push(parseOpenVex(await readFile(file, 'utf8'), file));
    } catch (err) {
      inputErrors.push({ source: file, message: (err as Error).message });
    }
  }
  return documents;
}

/** Reads the `--vex` documents and marks the findings they cover; a malformed document is an input error. */
export async function applyVexFiles(findings: Finding[], files: readonly string[], inputErrors: InputError[]): Promise<void> {
  const documents = await readVexFiles(files, inputErrors);
  if (documents.length > 0) applyVex(findings, documents);
}

/** Fills the compliance controls of findings whose analyzer left them empty. */
export function withControls(findings: Finding[], frameworks: FrameworkIndex): Finding[] {
  for (const f of findings) if (f.controls.length === 0) f.controls = controlsOfCheck(frameworks, f.checkId);
  return findings;
}

export interface ReportOutputOptions {
  /** Absent when the command's main output is not a findings report (an SBOM on stdout). */
  format?: Format;
  output?: string;
  report: { format: Format; file: string }[];
  lang: Lang;
  severity?: Set<Severity>;
  failOn?: Severity;
  waivers?: string;
}

export interface ScanOutcome {
  command: string;
  scanTime: Date;
  inputs: InputRecord[];
  inputErrors: InputError[];
  findings: Finding[];
  images: ImageRecord[];
  /** What `summary.resources` counts; the number of images when absent. */
  resources?: number;
  vulnDb?: VulnDbRecord;
  frameworks: FrameworkIndex;
  /** Checks that are not in the catalogue (user runtime rules), for the report's check metadata. */
  checks?: readonly Check[];
  /** Waivers already applied by the caller (runtime alerts are judged one by one), with their match counts. */
  waiverNotices?: WaiverNotice[];
}

/** Applies waivers, writes the report in every asked format, prints input errors, and returns the exit code. */
export async function finishReport(outcome: ScanOutcome, options: ReportOutputOptions): Promise<number> {
  const { inputErrors, frameworks } = outcome;
  let waiverNotices: WaiverNotice[] = outcome.waiverNotices ?? [];
  if (options.waivers) {
    const { readWaivers } = await import('../sources/waivers-file.js');
    const { waivers, errors } = await readWaivers(options.waivers);
    inputErrors.push(...errors);
    waiverNotices = applyWaivers(outcome.findings, waivers, outcome.scanTime);
  }
  const findings = filterSeverities(outcome.findings, options.severity);
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'rampart', version: VERSION },
    command: outcome.command,
    scanTime: outcome.scanTime.toISOString(),
    inputs: outcome.inputs,
    inputErrors,
    waivers: waiverNotices,
    ...reportMetadata(findings, frameworks, outcome.checks),
    namespaces: [],
    images: outcome.images,
    ...(outcome.vulnDb ? { vulnDb: outcome.vulnDb } : {}),
    findings,
    summary: summarise(findings, outcome.resources ?? outcome.images.length),
  };
  for (const error of inputErrors) process.stderr.write(`rampart: ${error.source}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  const main = options.format ? { format: options.format, ...(options.output ? { file: options.output } : {}) } : undefined;
  const delivered = await deliverReport(report, main, options);
  return delivered.uploadFailed ? 2 : exitCode(findings, options.failOn, inputErrors.length);
}

/** The default result store, opened on first use: the admission server's vulnerability gate reads it only when a policy asks. */
export function lazyResultStore(file: string = defaultResultStore()): Pick<ResultStore, 'latestScans' | 'findingsOf'> {
  let store: ResultStore | undefined;
  const open = (): ResultStore => (store ??= ResultStore.open(file));
  return { latestScans: () => open().latestScans(), findingsOf: (scanId) => open().findingsOf(scanId) };
}

/** Where scan results are kept by default: $RAMPART_DATA_DIR, else $XDG_DATA_HOME/rampart, else ~/.local/share/rampart. */
export function defaultResultStore(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.RAMPART_DATA_DIR ?? join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'rampart');
  return join(base, 'results.db');
}

export { loadFrameworks };
