import type { Lang, Report } from '../model/index.js';

export interface RenderOptions {
  lang: Lang;
  /** ANSI colour; only the table uses it, and only when writing to a terminal. */
  color: boolean;
}

/** A reporter turns the one report model into one output format. It knows nothing else. */
export type Reporter = (report: Report, options: RenderOptions) => string;
