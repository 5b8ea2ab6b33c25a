import type { Asset } from './asset.js';
import type { ControlKey } from './control.js';
import type { Localized } from './localized.js';
import type { Location } from './location.js';
import type { Severity } from './severity.js';
import type { WaiverRef } from './waiver.js';

/**
 * `fail`: the check found a problem and no waiver covers it. `waived`: it did, and an active
 * waiver covers it. `not-evaluated`: the check could not see its input; `reason` says why.
 */
export const FINDING_STATUSES = ['fail', 'waived', 'not-evaluated'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface Finding {
  fingerprint: string;
  checkId: string;
  severity: Severity;
  status: FindingStatus;
  message: Localized;
  asset: Asset;
  /** The part of the asset at fault (`container:app`, `volume:data`, `spec.hostNetwork`). */
  subject: string;
  container?: string;
  location: Location;
  /** The offending value as found, secrets masked. */
  evidence?: string;
  controls: ControlKey[];
  waiver?: WaiverRef;
  /** A waiver that matched but has lapsed: the finding fails again, and says which waiver. */
  expiredWaiver?: WaiverRef;
  reason?: Localized;
}
