import { InvalidArgumentError } from 'commander';
import { FORMATS, type Format } from '../../reporters/index.js';

/** Image commands write either a findings report (table, json, sarif, junit, html) or an SBOM document. */
export const SBOM_FORMATS = ['cyclonedx', 'spdx-json'] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];
export type OutputFormat = Format | SbomFormat;

export function isSbomFormat(format: string): format is SbomFormat {
  return (SBOM_FORMATS as readonly string[]).includes(format);
}

export function parseOutputFormat(value: string): OutputFormat {
  if (!(FORMATS as readonly string[]).includes(value) && !isSbomFormat(value)) {
    throw new InvalidArgumentError(`expected one of ${[...FORMATS, ...SBOM_FORMATS].join(', ')}`);
  }
  return value as OutputFormat;
}

/** `FORMAT=FILE` where FORMAT may also be an SBOM format. */
export function parseReportOrSbom(value: string, previous: { format: OutputFormat; file: string }[] = []): { format: OutputFormat; file: string }[] {
  const m = /^([a-z-]+)=(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected FORMAT=FILE, e.g. html=report.html or cyclonedx=image.cdx.json');
  return [...previous, { format: parseOutputFormat(m[1] as string), file: m[2] as string }];
}

export interface SplitOutputs {
  /** The findings report on stdout or --output; absent when the main output is an SBOM. */
  main?: { format: Format; file?: string };
  reports: { format: Format; file: string }[];
  sboms: { format: SbomFormat; file?: string }[];
}

export function splitOutputs(options: { format: OutputFormat; output?: string; report: { format: OutputFormat; file: string }[] }): SplitOutputs {
  const out: SplitOutputs = { reports: [], sboms: [] };
  if (isSbomFormat(options.format)) out.sboms.push({ format: options.format, ...(options.output ? { file: options.output } : {}) });
  else out.main = { format: options.format, ...(options.output ? { file: options.output } : {}) };
  for (const { format, file } of options.report) {
    if (isSbomFormat(format)) out.sboms.push({ format, file });
    else out.reports.push({ format, file });
  }
  return out;
}
