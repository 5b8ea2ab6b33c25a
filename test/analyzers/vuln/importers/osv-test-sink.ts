import type { Advisory, VulnEnrichment } from '../../../../src/model/index.js';
import type { ImportSink } from '../../../../src/analyzers/vuln/importers/importer.js';
import { archiveEntries } from '../../../../src/analyzers/vuln/importers/archive.js';

/** The real advisory data this project's importers are written against (see its README.md). */
export const VULNDATA = '/work/shared/vulndata';

/** A sink that keeps everything, for assertions. */
export class CollectingSink implements ImportSink {
  readonly advisories: Advisory[] = [];
  readonly enrichments: VulnEnrichment[] = [];
  readonly problems: string[] = [];
  advisory(advisory: Advisory): void {
    this.advisories.push(advisory);
  }
  enrichment(enrichment: VulnEnrichment): void {
    this.enrichments.push(enrichment);
  }
  problem(message: string): void {
    this.problems.push(message);
  }
  byId(id: string): Advisory {
    const found = this.advisories.filter((a) => a.id === id);
    if (found.length !== 1) throw new Error(`expected one advisory ${id}, found ${found.length}`);
    return found[0] as Advisory;
  }
}

/** The text of named members of a real archive, read with the importers' own archive reader. */
export async function archiveMembers(file: string, names: string[]): Promise<Map<string, string>> {
  const wanted = new Set(names);
  const found = new Map<string, string>();
  for await (const entry of archiveEntries(file)) {
    if (!wanted.has(entry.name)) continue;
    found.set(entry.name, entry.data.toString('utf8'));
    if (found.size === wanted.size) break;
  }
  const missing = names.filter((n) => !found.has(n));
  if (missing.length) throw new Error(`${file}: members not found: ${missing.join(', ')}`);
  return found;
}
