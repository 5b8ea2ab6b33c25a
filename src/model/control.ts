import type { Localized } from './localized.js';

/** An item of a compliance framework. Frameworks are data files under src/catalog/frameworks. */
export interface Control {
  framework: string;
  id: string;
  title: Localized;
  /** Where a standard has a second numbering (GB/T 28448 test indicators), it goes here. */
  indicator?: string;
  /** Section heading the control sits under, for grouping in reports. */
  section?: Localized;
  /** Check ids that evidence this control. */
  checks: string[];
}

export interface Framework {
  id: string;
  name: Localized;
  version: string;
  publisher: string;
  url?: string;
  /** How the control texts were obtained: verbatim from the source or paraphrased. */
  textProvenance: 'verbatim' | 'paraphrase' | 'mixed';
  /** Where the texts came from and what must be verified before a customer report relies on them. */
  notes?: Localized;
  controls: Control[];
}

/** `framework:control`, e.g. `cis-k8s-1.12:5.2.2`. */
export type ControlKey = string;

export function controlKey(framework: string, id: string): ControlKey {
  return `${framework}:${id}`;
}
