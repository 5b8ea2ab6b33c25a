import type { Finding } from '../../model/index.js';
import { atOrAbove } from '../../model/index.js';
import type { ResultStore } from '../../store/results/store.js';
import { IMAGE_CHECK, messages } from './messages.js';
import type { VerificationOutcome, VulnerabilityGate } from './types.js';

/**
 * The vulnerability gate: an image's latest Rampart scan (from the local result store, keyed
 * `image://<digest>`) may hold no unwaived `fail` finding at or above the gate's severity. A
 * finding waived at scan time whose waiver has since lapsed counts as failing again.
 */

export type ScanResults = Pick<ResultStore, 'latestScans' | 'findingsOf'>;

export class VulnerabilityGateReader {
  private index: Map<string, { id: number; scannedAt: string }> | undefined;
  private loadedAt = 0;

  constructor(
    private readonly store: ScanResults,
    private readonly refreshMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Latest scan id per image ref; re-read from the store at most once per refresh interval. */
  private latest(): Map<string, { id: number; scannedAt: string }> {
    const now = this.now().getTime();
    if (!this.index || now - this.loadedAt >= this.refreshMs) {
      this.index = new Map(this.store.latestScans().map((s) => [s.imageRef, { id: s.id, scannedAt: s.scannedAt }]));
      this.loadedAt = now;
    }
    return this.index;
  }

  /** Whether the store holds a scan of this digest. */
  scanned(digest: string): boolean {
    return this.latest().has(`image://${digest}`);
  }

  /**
   * `digest` is what the pod names; `platformDigests` the manifests of a multi-platform index,
   * which is what scans record (the platform manifest's digest). Every stored scan among them counts.
   */
  check(image: string, digest: string, gate: VulnerabilityGate, platformDigests: readonly string[] = []): VerificationOutcome {
    const scans = [digest, ...platformDigests].flatMap((d) => this.latest().get(`image://${d}`) ?? []);
    if (scans.length === 0) {
      return gate.requireScan ? { kind: 'violation', checkId: IMAGE_CHECK.notScanned, message: messages.notScanned(image, digest) } : { kind: 'pass', detail: 'not scanned; the gate does not require a scan' };
    }
    const today = this.now().toISOString().slice(0, 10);
    const over = scans.flatMap((scan) => [...this.store.findingsOf(scan.id).values()].filter((f) => counts(f, gate, today)));
    const scan = scans.reduce((newest, s) => (s.scannedAt > newest.scannedAt ? s : newest));
    if (over.length === 0) return { kind: 'pass', detail: `latest scan ${scan.scannedAt}: nothing at or above ${gate.failOn}` };
    const examples = over
      .slice(0, 3)
      .map((f) => `${f.vulnerability?.id ?? f.checkId}${f.package ? ` in ${f.package.name}` : ''} (${f.severity})`)
      .join(', ');
    return {
      kind: 'violation',
      checkId: IMAGE_CHECK.vulnerabilitiesOverGate,
      message: messages.vulnerabilitiesOverGate(image, digest, over.length, gate.failOn, `${examples}${over.length > 3 ? ', …' : ''}`, scan.scannedAt),
    };
  }
}

function counts(finding: Finding, gate: VulnerabilityGate, today: string): boolean {
  if (!gate.checks.some((c) => (c.endsWith('.*') ? finding.checkId.startsWith(c.slice(0, -1)) : finding.checkId === c))) return false;
  if (!atOrAbove(finding.severity, gate.failOn)) return false;
  if (finding.status === 'fail') return true;
  return finding.status === 'waived' && finding.waiver !== undefined && finding.waiver.expires < today;
}
