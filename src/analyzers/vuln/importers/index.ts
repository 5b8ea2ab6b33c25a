import type { Importer } from './importer.js';

/** Every importer, in the order the build tries them; the first whose `matches` accepts a file reads it. */
export const IMPORTERS: readonly Importer[] = [
  // language and OSV importers:
  // distribution and enrichment importers:
];

export type { Importer, ImportSink } from './importer.js';
