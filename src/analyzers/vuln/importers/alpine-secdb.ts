import { readFile } from 'node:fs/promises';
import type { Advisory, AffectedPackage, VulnSourceInfo } from '../../../model/index.js';
import { isRecordObject, objectField, objectList, text, textList } from './archive-records.js';
import type { Importer, ImportSink } from './importer.js';

/**
 * Alpine secdb (https://secdb.alpinelinux.org/<branch>/<repo>.json): per package (the origin, i.e.
 * source package name), `secfixes` maps the apk version that fixed something to the ids it fixed.
 * The key `"0"` lists ids that never affected the branch's package. A list entry may hold two ids
 * of one flaw separated by a space (`"CVE-2017-12122 TALOS-2017-0488"`): the first is the id, the
 * rest are aliases.
 *
 * One advisory per id per file, carrying that id's affected entries from this file; the same CVE in
 * other branches' files is merged by the store on its id.
 */

function branchNamespace(distroversion: string | undefined, file: string): string {
  if (distroversion === 'edge') return 'alpine:edge';
  const release = /^v?(\d+\.\d+)/.exec(distroversion ?? '')?.[1];
  if (!release) throw new Error(`${file}: distroversion "${distroversion ?? ''}" is not an Alpine branch (v3.X or edge)`);
  return `alpine:${release}`;
}

export function convertAlpineSecdb(document: unknown, file: string, problem: (message: string) => void): Advisory[] {
  if (!isRecordObject(document) || !Array.isArray(document['packages'])) throw new Error(`${file}: not an Alpine secdb file (no packages list)`);
  const namespace = branchNamespace(text(document['distroversion']), file);
  const byId = new Map<string, Advisory>();
  objectList(document['packages']).forEach((entry, index) => {
    const pkg = objectField(entry, 'pkg');
    const name = text(pkg?.['name']);
    const secfixes = pkg?.['secfixes'];
    if (!name || !isRecordObject(secfixes)) {
      problem(`${file}: packages[${index}] has no pkg.name or pkg.secfixes`);
      return;
    }
    for (const [version, list] of Object.entries(secfixes)) {
      const notAffected = version === '0';
      for (const item of textList(list)) {
        const [id, ...aliases] = item.split(/\s+/).filter(Boolean);
        if (!id) continue;
        let advisory = byId.get(id);
        if (!advisory) {
          advisory = { id, aliases: [], cvss: [], references: [], affected: [], source: 'alpine-secdb' };
          byId.set(id, advisory);
        }
        for (const alias of aliases) if (!advisory.aliases.includes(alias)) advisory.aliases.push(alias);
        const affected: AffectedPackage = {
          namespace,
          package: name,
          scheme: 'apk',
          status: notAffected ? 'not-affected' : 'fixed',
          ranges: notAffected ? [] : [{ fixed: version }],
          source: 'alpine-secdb',
        };
        advisory.affected.push(affected);
      }
    }
  });
  return [...byId.values()];
}

export async function importAlpineSecdb(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const advisories = convertAlpineSecdb(document, file, (m) => sink.problem(m));
  for (const advisory of advisories) sink.advisory(advisory);
  const branch = isRecordObject(document) ? text(document['distroversion']) : undefined;
  const repo = isRecordObject(document) ? text(document['reponame']) : undefined;
  return { name: `alpine-secdb:${branch ?? '?'}/${repo ?? '?'}`, records: advisories.length };
}

export const alpineSecdbImporter: Importer = {
  name: 'alpine-secdb',
  matches(relativePath: string): boolean {
    return /(^|\/)(alpine-secdb|secdb)\/(v\d+\.\d+|edge)\/[^/]+\.json$/.test(relativePath);
  },
  run: importAlpineSecdb,
};
