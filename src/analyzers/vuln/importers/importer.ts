import type { Advisory, VulnEnrichment, VulnSourceInfo } from '../../../model/index.js';

/**
 * One publisher format. The database build walks the `--from` folder, hands each file to the first
 * importer whose `matches` accepts its path (relative, `/`-separated), and the importer streams
 * what it reads into the sink: never the whole feed in memory.
 */
export interface ImportSink {
  advisory(advisory: Advisory): void;
  enrichment(enrichment: VulnEnrichment): void;
  /** A record the importer could not understand: the build reports it and carries on. */
  problem(message: string): void;
}

export interface Importer {
  /** Source name recorded in the database and on findings: `debian-oval`, `alpine-secdb`, `osv`… */
  name: string;
  matches(relativePath: string): boolean;
  /** Reads one file (or archive), returns what the manifest records about it. */
  run(file: string, sink: ImportSink): Promise<VulnSourceInfo>;
}
