import type { ControlKey } from './control.js';
import type { Check } from './check.js';
import type { Finding, FindingStatus } from './finding.js';
import type { Localized } from './localized.js';
import type { VulnSourceInfo } from './advisory.js';
import type { NetworkSummary } from './network.js';
import { SEVERITIES, type Severity } from './severity.js';
import type { WaiverNotice } from './waiver.js';

export const REPORT_SCHEMA_VERSION = '1.0';

export interface InputRecord {
  source: string;
  resources: number;
  /** Set when the input was passed over, e.g. a YAML file in a directory that holds no Kubernetes object. */
  skipped?: string;
}

/** One input that could not be read or understood; the scan carried on without it. */
export interface InputError {
  source: string;
  line?: number;
  message: string;
}

export interface ReportCheck extends Omit<Check, 'target'> {
  controls: ControlKey[];
}

export interface ReportControl {
  framework: string;
  id: string;
  title: Localized;
}

export interface ReportFramework {
  id: string;
  name: Localized;
  version: string;
  textProvenance: 'verbatim' | 'paraphrase' | 'mixed';
  notes?: Localized;
}

/** Pod Security Admission levels a namespace declares through its `pod-security.kubernetes.io/*` labels. */
export interface NamespacePosture {
  name: string;
  enforce?: string;
  enforceVersion?: string;
  audit?: string;
  warn?: string;
  /** Workloads in the namespace that its enforce level would reject. */
  rejected: number;
  workloads: number;
}

/** Per namespace: what its NetworkPolicies isolate and whether pod-to-pod traffic is mutually authenticated. */
export interface NamespaceNetworkPosture {
  name: string;
  workloads: number;
  policies: number;
  ingress: 'default-deny' | 'partial' | 'none';
  egress: 'default-deny' | 'partial' | 'none';
  encryption: 'strict' | 'permissive' | 'disabled' | 'none' | 'mixed';
  /** Workloads whose inbound traffic must be mutual TLS. */
  encrypted: number;
}

/** A workload reachable from outside the cluster, and through what. */
export interface ExposedWorkload {
  workload: string;
  /** `Service web/shop (NodePort 30080)`, `hostPort 8443`, … */
  via: string[];
}

export interface NetworkPosture {
  namespaces: NamespaceNetworkPosture[];
  exposed: ExposedWorkload[];
  /** Who can reach whom, for the report's interactive view; only for estates small enough to draw. */
  map?: NetworkSummary;
}

/** One image a scan examined: what it is and what it holds, for the report's inventory section. */
export interface ImageRecord {
  reference: string;
  /** The asset ref findings use, `image://sha256:…`. */
  ref: string;
  manifestDigest?: string;
  configDigest: string;
  platform: string;
  /** os-release `PRETTY_NAME`, when detected. */
  os?: string;
  layers: number;
  packages: number;
}

/** The vulnerability database a scan matched against: auditors ask how current it was. */
export interface VulnDbRecord {
  schemaVersion: number;
  built: string;
  ageDays: number;
  /** Older than the configured maximum age (`--db-max-age`). */
  stale: boolean;
  sources: VulnSourceInfo[];
}

export interface StatusCounts {
  fail: number;
  waived: number;
  notEvaluated: number;
}

export interface Summary {
  resources: number;
  findings: StatusCounts & { total: number };
  /** Failing findings per severity. */
  bySeverity: Record<Severity, number>;
  byCheck: Record<string, StatusCounts>;
  byControl: Record<ControlKey, StatusCounts>;
}

export interface Report {
  schemaVersion: string;
  tool: { name: 'rampart'; version: string };
  command: string;
  scanTime: string;
  inputs: InputRecord[];
  inputErrors: InputError[];
  waivers: WaiverNotice[];
  checks: Record<string, ReportCheck>;
  controls: Record<ControlKey, ReportControl>;
  frameworks: Record<string, ReportFramework>;
  namespaces: NamespacePosture[];
  /** Present when the scan read objects the network analysis applies to. */
  network?: NetworkPosture;
  /** Present for image and SBOM scans. */
  images?: ImageRecord[];
  /** Present when vulnerabilities were matched. */
  vulnDb?: VulnDbRecord;
  findings: Finding[];
  summary: Summary;
}

function emptyCounts(): StatusCounts {
  return { fail: 0, waived: 0, notEvaluated: 0 };
}

function bump(counts: StatusCounts, status: FindingStatus): void {
  if (status === 'fail') counts.fail++;
  else if (status === 'waived') counts.waived++;
  else counts.notEvaluated++;
}

export function summarise(findings: readonly Finding[], resources: number): Summary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byCheck: Record<string, StatusCounts> = {};
  const byControl: Record<ControlKey, StatusCounts> = {};
  const totals = emptyCounts();
  for (const f of findings) {
    bump(totals, f.status);
    if (f.status === 'fail') bySeverity[f.severity]++;
    bump((byCheck[f.checkId] ??= emptyCounts()), f.status);
    for (const c of f.controls) bump((byControl[c] ??= emptyCounts()), f.status);
  }
  return { resources, findings: { total: findings.length, ...totals }, bySeverity, byCheck, byControl };
}
