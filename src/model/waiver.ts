/**
 * One accepted exception. The same model serves every finding type: a waiver names a check and a
 * scope (a fingerprint, or selectors on the asset), and must say why, who approved it and until
 * when. Waivers come from files (`--waivers`) today and from the platform's approval flow later.
 */
export interface WaiverScope {
  fingerprint?: string;
  cluster?: string;
  namespace?: string;
  kind?: string;
  name?: string;
  container?: string;
  /** Image reference or digest, for image findings. */
  image?: string;
  /** Vulnerability id (CVE, GHSA…; aliases match too), for `image.vuln` findings. */
  vulnerability?: string;
  /** Package name or purl (`*` wildcards), for package findings. */
  package?: string;
}

export interface Waiver {
  id: string;
  /** A check id, or a prefix pattern such as `pod.*`. */
  check: string;
  scope: WaiverScope;
  reason: string;
  approver: string;
  /** ISO date (YYYY-MM-DD); the waiver applies up to and including that day (UTC). */
  expires: string;
  ticket?: string;
  requestedBy?: string;
}

/** What a finding carries of the waiver that matched it. */
export interface WaiverRef {
  id: string;
  reason: string;
  approver: string;
  expires: string;
  ticket?: string;
}

export type WaiverState = 'active' | 'expired';

/** Per waiver, what the scan made of it: auditors ask both "what was waived" and "what lapsed". */
export interface WaiverNotice {
  id: string;
  check: string;
  state: WaiverState;
  expires: string;
  /** Findings the waiver matched in this scan (for an expired one: would have matched). */
  matched: number;
}
