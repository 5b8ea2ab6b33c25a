import { readFile } from 'node:fs/promises';
import type { Advisory, AffectedRange, VulnSourceInfo } from '../../../model/index.js';
import { archiveEntries, isArchive } from './archive.js';
import { isRecordObject, parseRecord, text, textList } from './archive-records.js';
import type { Importer, ImportSink } from './importer.js';

/**
 * FriendsOfPHP/security-advisories: one YAML per advisory, `<vendor>/<package>/<name>.yaml`, with
 * `reference: composer://vendor/package` and `branches.<branch>.versions`, a list of constraints
 * that all hold (`['>=2.3.0', '<2.3.27']`). Each branch becomes one range: `>=` → introduced,
 * `<` → fixed, `<=` → lastAffected. `>` has no exact OSV-style form and is read as `>=` (the bound
 * version itself is over-reported; a handful of files use it).
 *
 * Identity: the CVE when the file names one, else the GHSA id its `link` points at, else
 * `FriendsOfPHP:<vendor>/<package>/<file name>` (the repository's own key), since many advisories
 * have no public id.
 */

function branchRange(constraints: string[], where: string): AffectedRange {
  const range: AffectedRange = {};
  for (const constraint of constraints) {
    const match = /^(>=|<=|>|<|==?)\s*v?(\S+)$/.exec(constraint.trim());
    if (!match?.[1] || !match[2]) throw new Error(`${where}: cannot read version constraint "${constraint}"`);
    const [, op, version] = match;
    if (op === '>=' || op === '>') range.introduced = version;
    else if (op === '<') range.fixed = version;
    else if (op === '<=') range.lastAffected = version;
    else {
      range.introduced = version;
      range.lastAffected = version;
    }
  }
  return range;
}

/** Converts one advisory file; `name` is its path in the repository (`symfony/symfony/CVE-2015-2308.yaml`). */
export function convertFriendsOfPhpRecord(record: unknown, name: string): Advisory {
  if (!isRecordObject(record)) throw new Error(`${name}: not a FriendsOfPHP advisory (expected a mapping)`);
  const reference = text(record['reference']);
  const packageName = /^composer:\/\/(.+)$/.exec(reference ?? '')?.[1];
  if (!packageName) throw new Error(`${name}: reference "${reference ?? ''}" is not composer://vendor/package`);
  const branches = record['branches'];
  if (!isRecordObject(branches)) throw new Error(`${name}: branches missing or not a mapping`);
  const ranges: AffectedRange[] = [];
  for (const [branch, body] of Object.entries(branches)) {
    const versions = isRecordObject(body) ? textList(body['versions']) : [];
    if (versions.length === 0) throw new Error(`${name}: branch ${branch} has no versions`);
    ranges.push(branchRange(versions, `${name}: branch ${branch}`));
  }
  const link = text(record['link']);
  const cve = text(record['cve']);
  const ghsa = /\/(GHSA(?:-[0-9a-z]{4}){3})(?:[/?#]|$)/i.exec(link ?? '')?.[1];
  const ids = [cve, ghsa].filter((v): v is string => v !== undefined);
  const id = ids[0] ?? `FriendsOfPHP:${name.replace(/\.ya?ml$/i, '')}`;
  const advisory: Advisory = {
    id,
    aliases: ids.filter((a) => a !== id),
    cvss: [],
    references: link ? [link] : [],
    affected: [
      {
        namespace: 'composer',
        package: packageName,
        scheme: 'composer',
        status: ranges.some((r) => r.fixed !== undefined) ? 'fixed' : 'affected',
        ranges,
        source: 'friendsofphp',
      },
    ],
    source: 'friendsofphp',
  };
  const title = text(record['title']);
  if (title) advisory.summary = title;
  return advisory;
}

/** `<vendor>/<package>/<name>.yaml` at the end of a path. */
const ADVISORY_PATH = /([^/]+\/[^/]+\/[^/]+\.ya?ml)$/;

export async function importFriendsOfPhp(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
  let records = 0;
  const accept = (content: Buffer, name: string, origin: string) => {
    try {
      sink.advisory(convertFriendsOfPhpRecord(parseRecord(content.toString('utf8'), name), name));
      records++;
    } catch (err) {
      sink.problem(origin === name ? (err as Error).message : `${origin}: ${(err as Error).message}`);
    }
  };
  if (isArchive(file)) {
    for await (const entry of archiveEntries(file)) {
      // Repository files such as .github/workflows/*.yaml are not advisories.
      if (!entry.name.startsWith('.') && !entry.name.includes('/.') && /^[^/]+\/[^/]+\/[^/]+\.ya?ml$/.test(entry.name)) accept(entry.data, entry.name, file);
    }
  } else {
    accept(await readFile(file), ADVISORY_PATH.exec(file)?.[1] ?? file, file);
  }
  return { name: 'friendsofphp', records };
}

export const friendsOfPhpImporter: Importer = {
  name: 'friendsofphp',
  matches(relativePath: string): boolean {
    if (/(^|\/)[^/]*security-advisories[^/]*\.(tar\.gz|tgz)$/.test(relativePath)) return true;
    return /(^|\/)(friendsofphp|security-advisories)\/(?!\.)/i.test(relativePath) && /\.ya?ml$/.test(relativePath);
  },
  run: importFriendsOfPhp,
};
