import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Importer } from '../../../src/analyzers/vuln/importers/importer.js';
import type { Advisory, VulnEnrichment } from '../../../src/model/index.js';

/**
 * Importers used only by the store tests, so that the database tests do not depend on which real
 * importers are registered yet. Two read the real publisher files (Alpine secdb, CISA KEV) in
 * their own formats; one reads a test format of ready-made advisories to exercise merging.
 */

export const VULNDATA = '/work/shared/vulndata';

/** `*.advisories.json`: `{advisories: Advisory[], enrichments?: VulnEnrichment[], problems?: string[], fail?: string}`. */
export const fakeImporter: Importer = {
  name: 'fake',
  matches: (rel) => rel.endsWith('.advisories.json'),
  async run(file, sink) {
    const data = JSON.parse(await readFile(file, 'utf8')) as { advisories: Advisory[]; enrichments?: VulnEnrichment[]; problems?: string[]; fail?: string };
    for (const a of data.advisories) sink.advisory(a);
    for (const e of data.enrichments ?? []) sink.enrichment(e);
    for (const p of data.problems ?? []) sink.problem(p);
    if (data.fail) throw new Error(data.fail);
    return { name: 'fake', records: data.advisories.length + (data.enrichments?.length ?? 0) };
  },
};

interface SecDb {
  distroversion: string;
  packages: { pkg: { name: string; secfixes?: Record<string, string[]> } }[];
}

export const alpineTestImporter: Importer = {
  name: 'alpine-test',
  matches: (rel) => /(^|\/)alpine-secdb\/v[\d.]+\/main\.json$/.test(rel),
  async run(file, sink) {
    const db = JSON.parse(await readFile(file, 'utf8')) as SecDb;
    const namespace = `alpine:${db.distroversion.replace(/^v/, '')}`;
    let records = 0;
    for (const { pkg } of db.packages) {
      for (const [fixed, ids] of Object.entries(pkg.secfixes ?? {})) {
        for (const raw of ids) {
          // Entries are a CVE, XSA or ALPINE id, sometimes followed by a note.
          const id = raw.split(' ')[0] as string;
          records++;
          sink.advisory({
            id,
            aliases: [],
            cvss: [],
            references: [],
            source: 'alpine-test',
            affected: [{ namespace, package: pkg.name, scheme: 'apk', status: 'fixed', ranges: [{ introduced: '0', fixed }], source: 'alpine-test' }],
          });
        }
      }
    }
    return { name: 'alpine-test', records };
  },
};

export const kevTestImporter: Importer = {
  name: 'kev-test',
  matches: (rel) => rel.endsWith('known_exploited_vulnerabilities.json'),
  async run(file, sink) {
    const kev = JSON.parse(await readFile(file, 'utf8')) as { dateReleased: string; vulnerabilities: { cveID: string; dateAdded: string; dueDate: string; knownRansomwareCampaignUse: string; shortDescription: string }[] };
    for (const v of kev.vulnerabilities) {
      sink.enrichment({ id: v.cveID, kev: { dateAdded: v.dateAdded, dueDate: v.dueDate, ransomware: v.knownRansomwareCampaignUse === 'Known' }, description: v.shortDescription });
    }
    return { name: 'kev-test', date: kev.dateReleased, records: kev.vulnerabilities.length };
  },
};

export const TEST_IMPORTERS: readonly Importer[] = [fakeImporter, alpineTestImporter, kevTestImporter];

export async function tempDir(prefix = 'rampart-vulndb-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A feeds folder with two real publisher files (copied, so they are writable) and optional test advisories. */
export async function feedsFolder(fake: Record<string, { advisories: Advisory[]; enrichments?: VulnEnrichment[]; problems?: string[]; fail?: string }> = {}): Promise<string> {
  const dir = await tempDir('rampart-feeds-');
  for (const rel of ['alpine-secdb/v3.19/main.json', 'kev/known_exploited_vulnerabilities.json']) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await copyFile(path.join(VULNDATA, rel), path.join(dir, rel));
  }
  await writeFile(path.join(dir, 'README.md'), 'not a feed\n');
  for (const [name, content] of Object.entries(fake)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), JSON.stringify(content));
  }
  return dir;
}

/** A minimal advisory for the merge tests. */
export function advisory(id: string, aliases: string[], extra: Partial<Advisory> = {}): Advisory {
  return { id, aliases, cvss: [], references: [], affected: [], source: 'fake', ...extra };
}
