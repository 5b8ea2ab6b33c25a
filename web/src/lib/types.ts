import type { Finding } from '../../../src/model/finding.js';
import type { Localized } from '../../../src/model/localized.js';
import type { AuditEntry, Permission, Principal, Role, RoutingRule, Team, User, WaiverRequest } from '../../../src/model/platform.js';
import type { Severity } from '../../../src/model/severity.js';

/**
 * What the platform API answers, as the console reads it. The shared model's types are imported;
 * the store's answers are restated here because the store's modules are server code.
 */

export type { AuditEntry, Finding, Localized, Permission, Principal, Role, RoutingRule, Severity, Team, User, WaiverRequest };

export type FindingStatus = 'fail' | 'waived' | 'not-evaluated' | 'resolved';
export const FINDING_STATUSES: readonly FindingStatus[] = ['fail', 'waived', 'not-evaluated', 'resolved'];
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export interface SlaState {
  due?: string;
  overdue: boolean;
  daysOverdue: number;
}

export interface StoredFinding {
  fingerprint: string;
  checkId: string;
  severity: Severity;
  status: FindingStatus;
  assetRef: string;
  assetName: string;
  subject: string;
  cluster?: string;
  namespace?: string;
  imageDigest?: string;
  vulnId?: string;
  packagePurl?: string;
  packageLayer?: 'os' | 'app';
  owner?: string;
  controls: string[];
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
  lastScanId: number;
  finding: Finding;
  /** Added by the list endpoint. */
  sla?: SlaState;
}

export interface HistoryEntry {
  at: string;
  scanId?: number;
  from?: FindingStatus;
  to: FindingStatus;
  actor: string;
}

export interface FindingPage {
  items: StoredFinding[];
  nextCursor?: string;
}

export interface FindingCounts {
  total: number;
  bySeverity: Record<Severity, number>;
  byStatus: Record<FindingStatus, number>;
  byTeam: Record<string, number>;
  unowned: number;
  byCluster: Record<string, number>;
  byCheck: Record<string, number>;
}

export interface TrendPoint {
  day: string;
  bySeverity: Record<Severity, number>;
  total: number;
}

export interface Summary {
  /** Null when the caller's teams own nothing. */
  counts: FindingCounts | null;
  trend: TrendPoint[];
  overdue: number;
}

export interface SessionInfo {
  principal: Principal | null;
  user?: User;
  csrfToken?: string;
  permissions: Permission[];
  /** Whether single sign-on is configured, when the server says so (else the sign-in page probes for it). */
  sso?: boolean;
}

export interface FrameworkInfo {
  id: string;
  name: Localized;
  version: string;
  controls?: number;
}

export type VerifyResult = { ok: true; entries: number; firstSeq: number; lastSeq: number } | { ok: false; seq: number; reason: string };

/** The check catalogue's texts, built with the console (the API serves findings, not check metadata). */
export interface Catalogue {
  checks: Record<string, { severity: Severity; title: Localized; description: Localized; remediation: Localized }>;
  controls: Record<string, Localized>;
}
