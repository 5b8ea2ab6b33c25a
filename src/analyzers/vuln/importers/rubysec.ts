import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Advisory, AffectedPackage, CvssScore, VulnSourceInfo } from '../../../model/index.js';
import { archiveEntries, isArchive } from './archive.js';
import { isRecordObject, objectField, parseRecord, text, textList } from './archive-records.js';
import type { Importer, ImportSink } from './importer.js';
import { affectedRangesFromSafe } from './rubysec-requirements.js';

/**
 * rubysec/ruby-advisory-db: one YAML per advisory, `gems/<gem>/<id>.yml` and
 * `rubies/<engine>/<id>.yml`, read from a checkout or a `.tar.gz` of one.
 *
 * Gems go to namespace `gem`. Interpreters (`engine: ruby`, `jruby`, `mruby`…) are not gems: they go
 * to namespace `ruby-engine` under the engine's name, so that no gem lookup matches an interpreter
 * advisory while the data stays in the database for an interpreter matcher.
 */

/** Namespace for interpreter advisories (`rubies/`). */
export const RUBY_ENGINE_NAMESPACE = 'ruby-engine';

/** rubysec scores come as bare numbers without a vector; the vector is left empty. */
function scores(record: Record<string, unknown>): CvssScore[] {
  const out: CvssScore[] = [];
  const versions: [string, CvssScore['version']][] = [
    ['cvss_v2', '2.0'],
    ['cvss_v3', '3.1'],
    ['cvss_v4', '4.0'],
  ];
  for (const [field, version] of versions) {
    const score = Number(text(record[field]));
    if (text(record[field]) !== undefined && Number.isFinite(score)) out.push({ source: 'rubysec', version, vector: '', score });
  }
  return out;
}

/** Converts one rubysec YAML record; `name` is its path (`gems/rack/CVE-2019-16782.yml`). */
export function convertRubysecRecord(record: unknown, name: string): Advisory {
  if (!isRecordObject(record)) throw new Error(`${name}: not a rubysec advisory (expected a mapping)`);
  const gem = text(record['gem']);
  const engine = text(record['engine']);
  const packageName = gem ?? engine;
  if (!packageName) throw new Error(`${name}: rubysec advisory without gem or engine`);
  const cveNumber = text(record['cve']);
  const ghsaNumber = text(record['ghsa']);
  const osvdb = text(record['osvdb']);
  const ids = [
    cveNumber ? `CVE-${cveNumber.replace(/^CVE-/i, '')}` : undefined,
    ghsaNumber ? `GHSA-${ghsaNumber.replace(/^GHSA-/i, '')}` : undefined,
    osvdb ? `OSVDB-${osvdb.replace(/^OSVDB-/i, '')}` : undefined,
  ].filter((id): id is string => id !== undefined);
  const id = ids[0] ?? path.basename(name).replace(/\.ya?ml$/i, '');
  const safe = [...textList(record['patched_versions']), ...textList(record['unaffected_versions'])];
  let ranges;
  try {
    ranges = affectedRangesFromSafe(safe);
  } catch (err) {
    throw new Error(`${name}: ${(err as Error).message}`, { cause: err });
  }
  const everything = ranges.length === 1 && Object.keys(ranges[0] ?? {}).length === 0;
  const affected: AffectedPackage = {
    namespace: gem ? 'gem' : RUBY_ENGINE_NAMESPACE,
    package: packageName,
    scheme: 'gem',
    status: ranges.length === 0 ? 'not-affected' : ranges.some((r) => r.fixed !== undefined) ? 'fixed' : 'affected',
    ranges: everything ? [] : ranges,
    source: 'rubysec',
  };
  const references = [text(record['url']), ...textList(objectField(record, 'related')?.['url'])].filter((u): u is string => u !== undefined);
  const advisory: Advisory = {
    id,
    aliases: ids.filter((a) => a !== id),
    cvss: scores(record),
    references: [...new Set(references)],
    affected: [affected],
    source: 'rubysec',
  };
  const title = text(record['title']);
  const description = text(record['description']);
  const date = text(record['date']);
  if (title) advisory.summary = title;
  if (description) advisory.details = description;
  if (date) advisory.published = date;
  return advisory;
}

const ADVISORY_PATH = /(^|\/)(gems|rubies)\/[^/]+\/[^/]+\.ya?ml$/;

export async function importRubysec(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
  let records = 0;
  let newest: string | undefined;
  const accept = (content: Buffer, name: string, origin: string) => {
    try {
      const advisory = convertRubysecRecord(parseRecord(content.toString('utf8'), name), name);
      sink.advisory(advisory);
      records++;
      if (advisory.published && (newest === undefined || advisory.published > newest)) newest = advisory.published;
    } catch (err) {
      sink.problem(origin === name ? (err as Error).message : `${origin}: ${(err as Error).message}`);
    }
  };
  if (isArchive(file)) {
    for await (const entry of archiveEntries(file)) if (ADVISORY_PATH.test(entry.name)) accept(entry.data, entry.name, file);
  } else {
    accept(await readFile(file), file, file);
  }
  const info: VulnSourceInfo = { name: 'rubysec', records };
  if (newest) info.date = newest;
  return info;
}

export const rubysecImporter: Importer = {
  name: 'rubysec',
  matches(relativePath: string): boolean {
    return /(^|\/)[^/]*ruby-advisory-db[^/]*\.(tar\.gz|tgz)$/.test(relativePath) || (/(^|\/)(ruby-advisory-db|rubysec)[^/]*\//.test(relativePath) && ADVISORY_PATH.test(relativePath));
  },
  run: importRubysec,
};
