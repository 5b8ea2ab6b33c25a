import type { Finding, Waiver, WaiverNotice, WaiverRef } from '../model/index.js';

/**
 * Applies waivers to findings. A finding matched by an active waiver becomes `waived` and carries
 * it; one matched only by lapsed waivers stays `fail` and says which waiver lapsed. Expiry is by
 * UTC date: a waiver expiring on 2027-03-31 applies through that whole day.
 */
export function applyWaivers(findings: Finding[], waivers: readonly Waiver[], today: Date): WaiverNotice[] {
  const day = today.toISOString().slice(0, 10);
  const matched = new Map<string, number>(waivers.map((w) => [w.id, 0]));
  for (const finding of findings) {
    if (finding.status !== 'fail') continue;
    let lapsed: Waiver | undefined;
    for (const waiver of waivers) {
      if (!waiverMatches(waiver, finding)) continue;
      matched.set(waiver.id, (matched.get(waiver.id) ?? 0) + 1);
      if (waiver.expires >= day) {
        finding.status = 'waived';
        finding.waiver = refOf(waiver);
        delete finding.expiredWaiver;
        break;
      }
      lapsed ??= waiver;
    }
    if (finding.status === 'fail' && lapsed) finding.expiredWaiver = refOf(lapsed);
  }
  return waivers.map((w) => ({
    id: w.id,
    check: w.check,
    state: w.expires >= day ? 'active' : 'expired',
    expires: w.expires,
    matched: matched.get(w.id) ?? 0,
  }));
}

export function waiverMatches(waiver: Waiver, finding: Finding): boolean {
  if (!checkMatches(waiver.check, finding.checkId)) return false;
  const s = waiver.scope;
  const a = finding.asset;
  return (
    (s.fingerprint === undefined || s.fingerprint === finding.fingerprint) &&
    glob(s.cluster, a.cluster) &&
    glob(s.namespace, a.namespace) &&
    glob(s.kind, a.kind) &&
    glob(s.name, a.objectName ?? a.name) &&
    glob(s.container, finding.container) &&
    imageMatches(s.image, finding) &&
    vulnerabilityMatches(s.vulnerability, finding) &&
    (s.package === undefined || glob(s.package, finding.package?.name) || glob(s.package, finding.package?.purl))
  );
}

/** By reference (`registry/repo:tag`, wildcards) or by digest: the manifest digest or image ID the asset is named by. */
function imageMatches(pattern: string | undefined, finding: Finding): boolean {
  if (pattern === undefined) return true;
  const a = finding.asset;
  if (a.type !== 'image') return false;
  if (pattern.startsWith('sha256:')) return a.ref === `image://${pattern}` || a.name.endsWith(`@${pattern}`);
  return glob(pattern, a.name);
}

/** Exact id or any alias, ignoring case: a waiver for CVE-2024-0727 covers the finding filed under its GHSA id. */
function vulnerabilityMatches(id: string | undefined, finding: Finding): boolean {
  if (id === undefined) return true;
  const v = finding.vulnerability;
  if (!v) return false;
  const wanted = id.toUpperCase();
  return v.id.toUpperCase() === wanted || v.aliases.some((alias) => alias.toUpperCase() === wanted);
}

function checkMatches(pattern: string, checkId: string): boolean {
  return pattern.endsWith('.*') ? checkId.startsWith(pattern.slice(0, -1)) : pattern === checkId;
}

/** Selector match with `*` wildcards; an absent selector matches anything, a present one needs a value. */
function glob(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

function refOf(w: Waiver): WaiverRef {
  const ref: WaiverRef = { id: w.id, reason: w.reason, approver: w.approver, expires: w.expires };
  if (w.ticket) ref.ticket = w.ticket;
  return ref;
}
