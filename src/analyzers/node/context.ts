import { controlsOfCheck, getCheck, type FrameworkIndex } from '../../catalog/index.js';
import type { Asset, Finding, Localized, Location } from '../../model/index.js';
import { fingerprint } from '../../model/index.js';

/** Collects the findings of one node's checks: fails with evidence, and not-evaluated with the reason. */
export class NodeFindings {
  readonly findings: Finding[] = [];
  /** Check ids that ran on their input (pass or fail), for the summary of what was evaluated. */
  readonly evaluated = new Set<string>();

  constructor(
    readonly asset: Asset,
    private readonly frameworks: FrameworkIndex,
    private readonly enabled: ReadonlySet<string> | undefined,
  ) {}

  wants(checkId: string): boolean {
    return !this.enabled || this.enabled.has(checkId);
  }

  pass(checkId: string): void {
    this.evaluated.add(checkId);
  }

  fail(checkId: string, subject: string, message: Localized, evidence: string | undefined, location: Location = {}): void {
    if (!this.wants(checkId)) return;
    this.evaluated.add(checkId);
    this.findings.push({ ...this.base(checkId, subject, message, location), status: 'fail', ...(evidence !== undefined ? { evidence } : {}) });
  }

  notEvaluated(checkId: string, subject: string, reason: Localized, evidence?: string): void {
    if (!this.wants(checkId)) return;
    const check = getCheck(checkId);
    this.findings.push({ ...this.base(checkId, subject, { en: `Not evaluated: ${check.title.en}`, zh: `未评估：${check.title.zh}` }, {}), status: 'not-evaluated', reason, ...(evidence !== undefined ? { evidence } : {}) });
  }

  private base(checkId: string, subject: string, message: Localized, location: Location): Omit<Finding, 'status'> {
    const check = getCheck(checkId);
    return {
      fingerprint: fingerprint(checkId, this.asset.ref, subject),
      checkId,
      severity: check.severity,
      message,
      asset: this.asset,
      subject,
      location,
      controls: controlsOfCheck(this.frameworks, checkId),
    };
  }
}

/** A node as an asset: `node://<hostname>`, kind Node, so that waivers can scope by name. */
export function nodeAsset(hostname: string, cluster?: string): Asset {
  const asset: Asset = { type: 'node', ref: `node://${hostname}`, name: hostname, objectName: hostname, kind: 'Node' };
  if (cluster) asset.cluster = cluster;
  return asset;
}
