import type { CvssScore, VulnStatus } from './advisory.js';
import type { Asset } from './asset.js';
import type { RuntimeAlertDetail } from './event.js';
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
  /** For vulnerability findings (`image.vuln`): which flaw, in which package, and what fixes it. */
  vulnerability?: VulnerabilityDetail;
  /** The package a vulnerability or licence finding is about. */
  package?: PackageRef;
  /** For runtime alerts: the event that raised it and, for baseline alerts, what it missed. */
  runtime?: RuntimeAlertDetail;
}

export interface PackageRef {
  name: string;
  version: string;
  type: string;
  purl: string;
  /** diffId of the layer that brought it. */
  layer?: string;
  /** File it was read from inside the image. */
  path?: string;
}

export interface VulnerabilityDetail {
  id: string;
  aliases: string[];
  title?: string;
  /** `fixed` means a fix is available (in `fixedVersion`); the others say why there is none. */
  status: VulnStatus;
  installedVersion: string;
  fixedVersion?: string;
  /** Whose severity the finding carries: the vendor's first (`debian`, `redhat`, `alpine`…), then CVSS (`nvd`, `ghsa`…). */
  severitySource: string;
  cvss?: CvssScore;
  kev?: { dateAdded: string; dueDate?: string; ransomware?: boolean };
  epss?: { score: number; percentile: number };
  /** The vendor advisory carrying the fix, and the database source that matched. */
  advisory?: string;
  dataSource: string;
  /** A VEX statement that applies: `not_affected` or `fixed` make the finding `waived`, with the statement as evidence. */
  vex?: { status: 'not_affected' | 'fixed' | 'affected' | 'under_investigation'; justification?: string; statement?: string; document: string };
}
