import type { Report } from '../model/index.js';
import type { Reporter } from './reporter.js';

/**
 * The report as JSON, as described by schema/report.schema.json; both languages are kept. The
 * envelope is indented for people; findings are one compact line each, so a report of a hundred
 * thousand findings is written in pieces instead of being built as one string.
 */
export function* jsonChunks(report: Report): Generator<string> {
  const { findings, ...envelope } = report;
  const head = JSON.stringify({ ...envelope, findings: [] }, null, 2);
  const cut = head.lastIndexOf('"findings": []');
  yield `${head.slice(0, cut)}"findings": [`;
  for (let i = 0; i < findings.length; i++) yield `${i ? ',' : ''}\n    ${JSON.stringify(findings[i])}`;
  yield `${findings.length ? '\n  ' : ''}]${head.slice(cut + '"findings": []'.length)}\n`;
}

export const json: Reporter = (report) => [...jsonChunks(report)].join('');
