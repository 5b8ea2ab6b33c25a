import { evaluatePss } from '../../analyzers/workload/pss.js';
import { containersOf, getIn, podViewOf, POD_TEMPLATE_PATHS, type PodView } from '../../analyzers/workload/pod-spec.js';
import type { Violation } from '../../analyzers/workload/check.js';
import { findCheck } from '../../catalog/index.js';
import type { Finding, KubeResource, Lang } from '../../model/index.js';
import { fingerprint, formatPath, kubeObjectAsset } from '../../model/index.js';
import { applyWaivers } from '../../policy/waivers.js';
import type { ImagePolicyEvaluator, ImageUnderReview } from './image-gate.js';
import { denialMessage, evaluationFailedDenial, evaluationFailedWarning, moreWarnings, warningOf, type ViolationText } from './messages.js';
import { namespacePolicy, type AdmissionMode, type AdmissionPolicy, type NamespacePolicy } from './policy.js';
import { isReviewed, resourceOf, type AdmissionRequest, type AdmissionResponse } from './review.js';

/**
 * One admission decision: the workload checks `rampart manifests` runs (the namespace's PSS level
 * plus its extra checks), the image policy, waivers as of the decision's time, then the
 * namespace's mode. Anything that stops the evaluation fails safe: allowed with a warning,
 * denied only where the namespace is fail-closed.
 */

export interface AdmissionViolation extends ViolationText {
  /** Set when a waiver matched but has lapsed. */
  expiredWaiver?: string;
}

export interface Decision {
  allowed: boolean;
  /** `skipped`: not a request the webhook evaluates (not pod-bearing, DELETE, other subresource). */
  mode: AdmissionMode | 'skipped';
  namespace: string;
  rule?: string;
  violations: AdmissionViolation[];
  waived: { checkId: string; field: string; waiver: string }[];
  /** Why the evaluation failed, when it did. */
  failure?: string;
  response: AdmissionResponse;
}

/** What a decision is made against; swapped whole when the policy is reloaded. */
export interface DecisionState {
  policy: AdmissionPolicy;
  images: ImagePolicyEvaluator;
  /** The last reload failed: decisions fail safe (using `policy`, the last good one, only to find each namespace's failClosed). */
  brokenPolicy?: string;
}

export async function decide(request: AdmissionRequest, state: DecisionState, now: Date): Promise<Decision> {
  const namespace = request.namespace ?? '';
  if (!isReviewed(request) || podSpecUnchanged(request)) return { allowed: true, mode: 'skipped', namespace, violations: [], waived: [], response: { uid: request.uid, allowed: true } };
  const nsPolicy = namespacePolicy(state.policy, namespace);
  const lang = state.policy.language;
  let resource: KubeResource | undefined;
  try {
    if (state.brokenPolicy) throw new Error(`admission policy cannot be used: ${state.brokenPolicy}`);
    resource = resourceOf(request);
    const pod = podViewOf(resource);
    if (!pod) throw new Error(`${request.kind.kind} has no pod template`);
    const onlyEphemeral = request.subResource === 'ephemeralcontainers' ? newEphemeralContainers(request) : undefined;
    const found = workloadViolations(pod, nsPolicy).filter((v) => !onlyEphemeral || (v.container !== undefined && onlyEphemeral.has(v.container) && v.path[1] === 'ephemeralContainers'));
    const images = imagesOf(pod, onlyEphemeral);
    const imageResult = images.length ? await state.images.evaluate(images, { namespace }) : { violations: [], errors: [] };
    if (imageResult.errors.length) throw new Error(`image policy: ${imageResult.errors.join('; ')}`);
    const candidates: (AdmissionViolation & { subject: string })[] = found.map((f) => {
      const v: AdmissionViolation & { subject: string } = { checkId: f.checkId, field: formatPath(f.path), message: f.message, subject: f.subject };
      if (f.container !== undefined) v.container = f.container;
      return v;
    });
    for (const iv of imageResult.violations) {
      const field = imageField(pod, iv.container);
      candidates.push({ checkId: iv.checkId, field, container: iv.container, message: iv.message, subject: `container:${iv.container}` });
    }
    const { violations, waived } = waive(candidates, resource, state.policy, now);
    return verdict(request, resource, nsPolicy, lang, violations, waived);
  } catch (err) {
    return failSafe(request, resource, nsPolicy, lang, (err as Error).message || String(err));
  }
}

const MAX_WARNINGS = 10;

/**
 * An UPDATE that leaves the pod spec as it was (labels, annotations, replicas) is not judged, as
 * Pod Security Admission does: a workload admitted before a policy tightened can still be
 * scaled, labelled or annotated in an emergency.
 */
function podSpecUnchanged(request: AdmissionRequest): boolean {
  if (request.operation !== 'UPDATE' || request.subResource || !request.oldObject) return false;
  const specPath = POD_TEMPLATE_PATHS[request.kind.kind]?.spec;
  if (!specPath) return false;
  return JSON.stringify(getIn(request.object, specPath)) === JSON.stringify(getIn(request.oldObject, specPath));
}

type FoundViolation = Violation & { checkId: string };

function workloadViolations(pod: PodView, policy: NamespacePolicy): FoundViolation[] {
  const out: FoundViolation[] = [];
  for (const { checkId, violation } of evaluatePss(pod, policy.pssLevel, policy.pssVersion)) out.push({ ...violation, checkId });
  const ctx = { pssVersion: policy.pssVersion };
  for (const check of policy.checks) for (const violation of check.run(pod, ctx)) out.push({ ...violation, checkId: check.id });
  return out;
}

/** On `pods/ephemeralcontainers`, only containers this request adds: the others were admitted before. */
function newEphemeralContainers(request: AdmissionRequest): Set<string> {
  const names = (object: unknown): string[] => {
    const spec = (object as { spec?: { ephemeralContainers?: unknown } } | undefined)?.spec;
    const list = Array.isArray(spec?.ephemeralContainers) ? (spec.ephemeralContainers as { name?: unknown }[]) : [];
    return list.map((c) => c?.name).filter((n): n is string => typeof n === 'string');
  };
  const before = new Set(names(request.oldObject));
  return new Set(names(request.object).filter((n) => !before.has(n)));
}

function imagesOf(pod: PodView, only: Set<string> | undefined): ImageUnderReview[] {
  const out: ImageUnderReview[] = [];
  for (const c of containersOf(pod)) {
    if (only && (c.list !== 'ephemeralContainers' || !only.has(c.name))) continue;
    if (typeof c.spec.image === 'string') out.push({ container: c.name, image: c.spec.image });
  }
  return out;
}

function imageField(pod: PodView, container: string): string {
  const c = containersOf(pod).find((x) => x.name === container);
  return c ? formatPath([...c.path, 'image']) : 'image';
}

/** Waivers as `rampart manifests` applies them: same fingerprints, same scopes, expiry by today's date. */
function waive(
  candidates: (AdmissionViolation & { subject: string })[],
  resource: KubeResource,
  policy: AdmissionPolicy,
  now: Date,
): { violations: AdmissionViolation[]; waived: Decision['waived'] } {
  const strip = ({ subject: _subject, ...v }: AdmissionViolation & { subject: string }): AdmissionViolation => v;
  if (candidates.length === 0 || policy.waivers.length === 0) return { violations: candidates.map(strip), waived: [] };
  const ref: Parameters<typeof kubeObjectAsset>[0] = { kind: resource.kind, name: resource.name, apiVersion: resource.apiVersion };
  if (resource.namespace) ref.namespace = resource.namespace;
  const asset = kubeObjectAsset(ref);
  const findings: Finding[] = candidates.map((c) => {
    const finding: Finding = {
      fingerprint: fingerprint(c.checkId, asset.ref, c.subject),
      checkId: c.checkId,
      severity: findCheck(c.checkId)?.severity ?? 'high',
      status: 'fail',
      message: c.message,
      asset,
      subject: c.subject,
      location: { file: resource.source, path: c.field },
      controls: [],
    };
    if (c.container !== undefined) finding.container = c.container;
    return finding;
  });
  applyWaivers(findings, policy.waivers, now);
  const violations: AdmissionViolation[] = [];
  const waived: Decision['waived'] = [];
  findings.forEach((f, i) => {
    const v = strip(candidates[i] as AdmissionViolation & { subject: string });
    if (f.status === 'waived' && f.waiver) waived.push({ checkId: f.checkId, field: v.field, waiver: f.waiver.id });
    else {
      if (f.expiredWaiver) v.expiredWaiver = f.expiredWaiver.id;
      violations.push(v);
    }
  });
  return { violations, waived };
}

function subjectOf(request: AdmissionRequest, resource: KubeResource | undefined): string {
  const name = resource?.name || request.name || '';
  const ns = request.namespace ? `${request.namespace}/` : '';
  return `${request.kind.kind} ${ns}${name}`;
}

function verdict(
  request: AdmissionRequest,
  resource: KubeResource,
  nsPolicy: NamespacePolicy,
  lang: Lang,
  violations: AdmissionViolation[],
  waived: Decision['waived'],
): Decision {
  const base = { mode: nsPolicy.mode, namespace: request.namespace ?? '', rule: nsPolicy.rule, violations, waived };
  const auditAnnotations: Record<string, string> = { mode: nsPolicy.mode };
  if (violations.length) auditAnnotations.violations = [...new Set(violations.map((v) => v.checkId))].join(',');
  if (waived.length) auditAnnotations.waivers = [...new Set(waived.map((w) => w.waiver))].join(',');
  const response: AdmissionResponse = { uid: request.uid, allowed: true, auditAnnotations };
  if (violations.length === 0 || nsPolicy.mode === 'audit') return { ...base, allowed: true, response };
  if (nsPolicy.mode === 'warn') {
    const warnings = violations.map((v) => warningOf(v, lang));
    // A wall of warnings hides the point; the audit log keeps every violation.
    if (warnings.length > MAX_WARNINGS) warnings.splice(MAX_WARNINGS - 1, Infinity, moreWarnings(warnings.length - MAX_WARNINGS + 1, lang));
    response.warnings = warnings;
    return { ...base, allowed: true, response };
  }
  response.allowed = false;
  response.status = { code: 403, reason: 'Forbidden', message: denialMessage(subjectOf(request, resource), violations, lang) };
  return { ...base, allowed: false, response };
}

function failSafe(request: AdmissionRequest, resource: KubeResource | undefined, nsPolicy: NamespacePolicy, lang: Lang, failure: string): Decision {
  const base = { mode: nsPolicy.mode, namespace: request.namespace ?? '', rule: nsPolicy.rule, violations: [], waived: [], failure };
  const auditAnnotations = { mode: nsPolicy.mode, 'evaluation-failed': 'true' };
  if (nsPolicy.failClosed) {
    const message = evaluationFailedDenial(subjectOf(request, resource), lang);
    return { ...base, allowed: false, response: { uid: request.uid, allowed: false, status: { code: 403, reason: 'Forbidden', message }, auditAnnotations } };
  }
  return { ...base, allowed: true, response: { uid: request.uid, allowed: true, warnings: [evaluationFailedWarning(lang)], auditAnnotations } };
}
