import { Option, type Command } from 'commander';
import type { Lang, Severity } from '../model/index.js';
import type { Format } from '../reporters/index.js';
import { defaultLang, parseExtraReport, parseFormat, parseLang, parseSeverity, parseSeverityList } from './options.js';

/** What every findings-reporting command takes: where the report goes, in which language, what fails the run, which waivers apply. */
export interface ReportOptions {
  format: Format;
  output?: string;
  report: { format: Format; file: string }[];
  lang: Lang;
  severity?: Set<Severity>;
  failOn?: Severity;
  waivers?: string;
  /** Platform server to send the report to (`--upload`); token from $RAMPART_TOKEN. */
  upload?: string;
  uploadCa?: string;
  uploadCluster?: string;
}

/** Adds the ReportOptions options to a command, in the order `--help` shows them. */
export function withReportOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format: table, json, sarif, junit, html').default('table').argParser(parseFormat))
    .option('-o, --output <file>', 'write the output to a file instead of standard output')
    .option('--report <format=file>', 'also write a report in another format (repeatable), e.g. html=report.html', parseExtraReport, [])
    .addOption(new Option('--lang <lang>', 'language of the output: en or zh').default(defaultLang(), 'en, or zh under a Chinese locale').argParser(parseLang))
    .option('--severity <list>', 'report only these severities, e.g. critical,high', parseSeverityList)
    .option('--fail-on <severity>', 'exit 1 when an unwaived finding at or above this severity remains', parseSeverity)
    .option('--waivers <file>', 'waivers file: accepted exceptions with reason, approver and expiry')
    .option('--upload <server>', 'also send the JSON report to a rampart server (https://…); the API token comes from $RAMPART_TOKEN')
    .option('--upload-ca <file>', 'CA certificate (PEM) that signed the server\'s TLS certificate')
    .option('--upload-cluster <name>', 'cluster name the server files the findings under, for assets that name none');
}
