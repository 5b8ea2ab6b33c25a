import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import type { Reporter } from './reporter.js';
import { sarif } from './sarif.js';
import { table } from './table.js';

export type { RenderOptions, Reporter } from './reporter.js';
export { html, json, junit, sarif, table };

/** Output formats, in the order `--format` lists them. */
export const FORMATS = ['table', 'json', 'sarif', 'junit', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** The reporter for each format name. */
export const REPORTERS: Record<Format, Reporter> = {
  table,
  json,
  sarif,
  junit,
  html,
};
