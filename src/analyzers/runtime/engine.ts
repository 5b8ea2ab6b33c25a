import { controlsOfCheck, getCheck, loadFrameworks, type FrameworkIndex } from '../../catalog/index.js';
import type { BaselineEntryKind, Check, ControlKey, Finding, RuntimeAlertDetail, RuntimeEvent, RuntimeEventKind } from '../../model/index.js';
import { activationOf, type Activation } from './activation.js';
import { alertFinding, assetOf } from './alert.js';
import type { BaselineManager } from './baseline.js';
import type { CompiledRule } from './rules.js';

/**
 * The detection engine: each event goes to the rules of its kind (prefilter first, CEL only when
 * it passes, the activation built at most once per event), then to the workload baselines.
 * Alerts become Findings; repeats of one fingerprint within the fold window are counted, not
 * raised again.
 */

export const BASELINE_CHECK_IDS: Record<BaselineEntryKind, string> = {
  exec: 'runtime.baseline.new-exec',
  chain: 'runtime.baseline.new-chain',
  outbound: 'runtime.baseline.new-outbound',
  write: 'runtime.baseline.new-write',
};

export interface RuntimeEngineOptions {
  rules: readonly CompiledRule[];
  baselines?: BaselineManager;
  frameworks?: FrameworkIndex;
  /** Repeats of a fingerprint within this time (event time) are folded into the first alert. Default 10 minutes. */
  foldWindowMs?: number;
  /** Fingerprints remembered for folding (each keeps its first finding); the oldest are forgotten beyond it. Default 10,000. */
  maxFolds?: number;
  /**
   * Audit stages evaluated; others are counted and skipped, so that a request logged at
   * RequestReceived and ResponseComplete raises one alert. Default ResponseStarted,
   * ResponseComplete, Panic.
   */
  auditStages?: readonly string[];
}

/** Plain counters for Prometheus: the lead's exporter reads them. */
export interface RuntimeCounters {
  eventsEvaluated: Record<RuntimeEventKind, number>;
  /** Audit events skipped for their stage. */
  eventsSkipped: number;
  /** CEL conditions run (after prefilters). */
  conditionsEvaluated: number;
  alertsRaised: Record<string, number>;
  alertsFolded: Record<string, number>;
  evaluationErrors: Record<string, number>;
  baselineDeviations: Record<BaselineEntryKind, number>;
}

interface Fold {
  firstMs: number;
  /** Events folded since the finding was last raised. */
  folded: number;
  finding: Finding;
}

export class RuntimeEngine {
  private readonly byKind: Record<RuntimeEventKind, CompiledRule[]> = { process: [], file: [], network: [], 'k8s-audit': [] };
  private readonly baselines: BaselineManager | undefined;
  private readonly frameworks: FrameworkIndex;
  private readonly controls = new Map<string, ControlKey[]>();
  private readonly foldWindowMs: number;
  private readonly maxFolds: number;
  private readonly auditStages: ReadonlySet<string>;
  private readonly folds = new Map<string, Fold>();
  private readonly lastErrors = new Map<string, string>();
  private readonly counters_: RuntimeCounters = {
    eventsEvaluated: { process: 0, file: 0, network: 0, 'k8s-audit': 0 },
    eventsSkipped: 0,
    conditionsEvaluated: 0,
    alertsRaised: {},
    alertsFolded: {},
    evaluationErrors: {},
    baselineDeviations: { exec: 0, chain: 0, outbound: 0, write: 0 },
  };

  constructor(options: RuntimeEngineOptions) {
    for (const rule of options.rules) for (const kind of rule.kinds) this.byKind[kind].push(rule);
    this.baselines = options.baselines;
    this.frameworks = options.frameworks ?? loadFrameworks();
    this.foldWindowMs = options.foldWindowMs ?? 10 * 60 * 1000;
    this.maxFolds = options.maxFolds ?? 10_000;
    this.auditStages = new Set(options.auditStages ?? ['ResponseStarted', 'ResponseComplete', 'Panic']);
  }

  /** Evaluates one event; returns the alerts it raised (folded repeats return nothing). */
  process(event: RuntimeEvent): Finding[] {
    const kind = event.kind;
    if (kind === 'k8s-audit' && !this.auditStages.has(event.stage)) {
      this.counters_.eventsSkipped++;
      return [];
    }
    this.counters_.eventsEvaluated[kind]++;
    let out: Finding[] | undefined;
    const rules = this.byKind[kind];
    let act: Activation | undefined;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as CompiledRule;
      if (!rule.prefilter(event)) continue;
      act ??= activationOf(event);
      act.params = rule.params;
      this.counters_.conditionsEvaluated++;
      let hit: unknown;
      try {
        hit = rule.condition(act);
      } catch (err) {
        this.counters_.evaluationErrors[rule.id] = (this.counters_.evaluationErrors[rule.id] ?? 0) + 1;
        this.lastErrors.set(rule.id, firstLine((err as Error).message));
        continue;
      }
      if (hit !== true) continue;
      const finding = this.raise(rule.check, event, rule.subject(act));
      if (finding) (out ??= []).push(finding);
    }
    if (this.baselines) {
      const deviations = this.baselines.observe(event);
      for (const d of deviations) {
        this.counters_.baselineDeviations[d.kind]++;
        const finding = this.raise(getCheck(BASELINE_CHECK_IDS[d.kind]), event, `${d.kind}:${d.value}`, { kind: d.kind, value: d.value, learnedEntries: d.learnedEntries });
        if (finding) (out ??= []).push(finding);
      }
    }
    return out ?? [];
  }

  private raise(check: Check, event: RuntimeEvent, subject: string, baseline?: RuntimeAlertDetail['baseline']): Finding | undefined {
    const asset = assetOf(event);
    // Folding is keyed by what the fingerprint hashes, so a repeat costs no hash and no finding.
    const key = `${check.id}\u0000${asset.ref}\u0000${subject}`;
    const t = Date.parse(event.time);
    const now = Number.isNaN(t) ? Date.now() : t;
    const fold = this.folds.get(key);
    if (fold && now - fold.firstMs < this.foldWindowMs) {
      fold.folded++;
      this.counters_.alertsFolded[check.id] = (this.counters_.alertsFolded[check.id] ?? 0) + 1;
      return undefined;
    }
    const finding = alertFinding(check, event, subject, this.controlsOf(check.id), baseline, asset);
    // A repeat after the window is raised again and says how many it stands for.
    if (fold && finding.runtime) finding.runtime.count = fold.folded + 1;
    if (fold) this.folds.delete(key);
    this.folds.set(key, { firstMs: now, folded: 0, finding });
    if (this.folds.size > this.maxFolds) {
      const oldest = this.folds.keys().next().value;
      if (oldest !== undefined) this.folds.delete(oldest);
    }
    this.counters_.alertsRaised[check.id] = (this.counters_.alertsRaised[check.id] ?? 0) + 1;
    return finding;
  }

  /**
   * Alerts whose fold window has closed with repeats in it, each as its first finding with
   * `runtime.count` set to all the events it stands for; for a delivery that wants to say
   * "happened 57 times". Each fold is reported once.
   */
  flushFolded(nowMs: number): Finding[] {
    const out: Finding[] = [];
    for (const [fp, fold] of this.folds) {
      if (nowMs - fold.firstMs < this.foldWindowMs) continue;
      if (fold.folded > 0) {
        const finding = structuredClone(fold.finding);
        if (finding.runtime) finding.runtime.count = fold.folded + 1;
        out.push(finding);
      }
      this.folds.delete(fp);
    }
    return out;
  }

  counters(): RuntimeCounters {
    return structuredClone(this.counters_);
  }

  /** The last evaluation error of each rule that had one, for diagnostics. */
  evaluationErrors(): Record<string, string> {
    return Object.fromEntries(this.lastErrors);
  }

  private controlsOf(checkId: string): ControlKey[] {
    let c = this.controls.get(checkId);
    if (!c) {
      c = controlsOfCheck(this.frameworks, checkId);
      this.controls.set(checkId, c);
    }
    return [...c];
  }
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).trim();
}
