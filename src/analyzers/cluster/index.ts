import { controlsOfCheck, getCheck, type FrameworkIndex } from '../../catalog/index.js';
import type { Asset, CheckTarget, Finding, KubeResource, Localized } from '../../model/index.js';
import { fingerprint, formatPath, kubeObjectAsset } from '../../model/index.js';
import type { Violation } from '../workload/check.js';
import { anonymousViolations, type AnonymousAnswer } from './anonymous.js';
import { judgeVersion } from './version.js';
import { WEBHOOK_CHECKS } from './webhooks.js';

/**
 * Checks of the cluster itself, for `rampart cluster`: its admission webhook configurations, the
 * API server's version, and (with --probe) whether it answers anonymous requests. Each check that
 * could not see its input says so as a not-evaluated finding.
 */

export const VERSION_CHECK_ID = 'cluster.version-unsupported';
export const ANONYMOUS_CHECK_ID = 'cluster.anonymous-api';
const WEBHOOK_KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];

/** Every cluster check implementation with its catalogue target (the catalogue test reads it). */
export const CLUSTER_CHECKS: readonly { id: string; target: CheckTarget }[] = [
  ...WEBHOOK_CHECKS.map((c) => ({ id: c.id, target: 'object' as const })),
  { id: VERSION_CHECK_ID, target: 'inventory' },
  { id: ANONYMOUS_CHECK_ID, target: 'inventory' },
];

export interface ClusterAnalysisOptions {
  frameworks: FrameworkIndex;
  /** The kubeconfig context: names the cluster in every asset. */
  cluster: string;
  /** Where the objects came from (the server URL), for finding locations. */
  source: string;
  /** The scan date: support windows are judged against it. */
  today: Date;
  enabled?: ReadonlySet<string>;
}

export class ClusterAnalysis {
  private readonly findings: Finding[] = [];
  readonly clusterAsset: Asset;

  constructor(private readonly options: ClusterAnalysisOptions) {
    this.clusterAsset = kubeObjectAsset({ cluster: options.cluster, kind: 'Cluster', name: options.cluster });
  }

  private enabled(id: string): boolean {
    return !this.options.enabled || this.options.enabled.has(id);
  }

  /** Any object: webhook configurations are checked, others passed over. */
  add(resource: KubeResource): void {
    if (!WEBHOOK_KINDS.includes(resource.kind)) return;
    const ref: Parameters<typeof kubeObjectAsset>[0] = { cluster: this.options.cluster, kind: resource.kind, name: resource.name, apiVersion: resource.apiVersion };
    const asset = kubeObjectAsset(ref);
    for (const check of WEBHOOK_CHECKS) {
      if (!this.enabled(check.id)) continue;
      for (const v of check.run(resource)) this.fail(check.id, asset, v.subject, v.message, v.evidence, pathOf(v));
    }
  }

  /** Kinds that could not be read: the webhook checks then have not seen every configuration. */
  unavailable(kinds: ReadonlyMap<string, string>): void {
    const missing = WEBHOOK_KINDS.filter((k) => kinds.has(k));
    if (missing.length === 0) return;
    const reason = missing.map((k) => `${k}: ${kinds.get(k) ?? ''}`).join('; ');
    for (const check of WEBHOOK_CHECKS) this.notEvaluated(check.id, `input:${missing.join(',')}`, reason);
  }

  /** `GET /version` answered (`version`) or not (`error`). */
  serverVersion(version: { major: string; minor: string; gitVersion: string } | undefined, error?: string): void {
    if (!this.enabled(VERSION_CHECK_ID)) return;
    if (!version) {
      this.notEvaluated(VERSION_CHECK_ID, 'version', error ?? 'the API server did not report its version');
      return;
    }
    const verdict = judgeVersion(version, this.options.today);
    if (!verdict) {
      this.notEvaluated(VERSION_CHECK_ID, 'version', `unrecognised version ${version.gitVersion}`);
    } else if (verdict.unsupported) {
      this.fail(VERSION_CHECK_ID, this.clusterAsset, 'version', verdict.unsupported.message, `gitVersion: ${version.gitVersion}`, '/version');
    }
  }

  /** Answers to the anonymous probe (only run with --probe: without it the check is simply not run). */
  anonymous(answers: readonly AnonymousAnswer[]): void {
    if (!this.enabled(ANONYMOUS_CHECK_ID)) return;
    const noAnswer = answers.filter((a) => a.status === undefined || a.status >= 500);
    if (noAnswer.length === answers.length && answers.length > 0) {
      this.notEvaluated(ANONYMOUS_CHECK_ID, 'probe', noAnswer.map((a) => `GET ${a.path}: ${a.detail}`).join('; '));
      return;
    }
    for (const v of anonymousViolations(answers)) this.fail(ANONYMOUS_CHECK_ID, this.clusterAsset, v.subject, v.message, v.evidence, v.subject.replace(/^GET /, ''));
  }

  finish(): Finding[] {
    return this.findings;
  }

  private fail(checkId: string, asset: Asset, subject: string, message: Localized, evidence: string | undefined, path: string): void {
    const finding: Finding = {
      fingerprint: fingerprint(checkId, asset.ref, subject),
      checkId,
      severity: getCheck(checkId).severity,
      status: 'fail',
      message,
      asset,
      subject,
      location: { file: this.options.source, path },
      controls: controlsOfCheck(this.options.frameworks, checkId),
    };
    if (evidence !== undefined) finding.evidence = evidence;
    this.findings.push(finding);
  }

  private notEvaluated(checkId: string, subject: string, reason: string): void {
    if (!this.enabled(checkId)) return;
    this.findings.push({
      fingerprint: fingerprint(checkId, this.clusterAsset.ref, subject),
      checkId,
      severity: getCheck(checkId).severity,
      status: 'not-evaluated',
      message: { en: `Not evaluated: ${reason}`, zh: `未评估：${reason}` },
      asset: this.clusterAsset,
      subject,
      location: { file: this.options.source },
      controls: controlsOfCheck(this.options.frameworks, checkId),
      reason: { en: reason, zh: `无法读取所需输入：${reason}` },
    });
  }
}

function pathOf(v: Violation): string {
  return formatPath(v.path);
}
