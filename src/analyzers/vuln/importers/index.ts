import type { Importer } from './importer.js';
import { osvImporter } from './osv.js';
import { rubysecImporter } from './rubysec.js';
import { friendsOfPhpImporter } from './friendsofphp.js';
import { alpineSecdbImporter } from './alpine-secdb.js';
import { cve5Importer } from './cve5.js';
import { debianDlaImporter, debianDsaImporter } from './debian-lists.js';
import { debianOvalImporter } from './debian-oval.js';
import { debianTrackerImporter } from './debian-tracker.js';
import { epssImporter } from './epss.js';
import { kevImporter } from './kev.js';
import { nvdImporter } from './nvd.js';
import { redhatCsafImporter } from './redhat-csaf.js';
import { redhatOvalImporter } from './redhat-oval.js';
import { ubuntuOvalImporter } from './ubuntu-oval.js';

/** Every importer, in the order the build tries them; the first whose `matches` accepts a file reads it. */
export const IMPORTERS: readonly Importer[] = [
  // language and OSV importers:
  osvImporter, rubysecImporter, friendsOfPhpImporter, alpineSecdbImporter,
  // distribution and enrichment importers:
  debianOvalImporter, debianTrackerImporter, debianDsaImporter, debianDlaImporter, ubuntuOvalImporter, redhatOvalImporter, redhatCsafImporter, nvdImporter, cve5Importer, kevImporter, epssImporter,
];

export type { Importer, ImportSink } from './importer.js';
