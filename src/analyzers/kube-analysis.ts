import { CHECKS, controlsOfCheck, type FrameworkIndex } from '../catalog/index.js';
import type { Asset, Check, ControlKey, Finding, InputError, KubeResource, NamespacePosture, NetworkPosture } from '../model/index.js';
import { fingerprint, formatPath, kubeObjectAsset } from '../model/index.js';
import type { InventoryContext } from './inventory.js';
import { InventoryBuilder } from './inventory-builder.js';
import { namespacePosture } from './namespace/posture.js';
import { networkPosture } from './network/posture.js';
import { INVENTORY_CHECKS, OBJECT_CHECKS, WORKLOAD_CHECKS } from './registry.js';
import { blockedChecks, notEvaluatedFindings, type UnavailableInputs } from './unavailable-inputs.js';
import type { PssVersion, Violation } from './workload/check.js';

/**
 * Runs the catalogue over Kubernetes objects: per-object checks as each object arrives (while its
 * line index is at hand), checks across objects once all are in. Produces findings in status
 * `fail`; waivers and gates are applied afterwards by policy.
 */

export interface AnalysisOptions {
  frameworks: FrameworkIndex;
  pssVersion: PssVersion;
  /** Check ids to run; all when absent. */
  enabled?: ReadonlySet<string>;
  /** Kinds a live scan could not read: the checks that need them report not-evaluated instead of a verdict. */
  unavailable?: UnavailableInputs;
}

export interface AnalysisResult {
  findings: Finding[];
  inputErrors: InputError[];
  namespaces: NamespacePosture[];
  network?: NetworkPosture;
  resources: number;
}

export class KubeAnalysis {
  private readonly findings: Finding[] = [];
  private readonly inventory = new InventoryBuilder();
  private readonly assets = new WeakMap<KubeResource, Asset>();
  private readonly checks = new Map<string, { check: Check; controls: ControlKey[] }>();

  constructor(private readonly options: AnalysisOptions) {
    for (const check of CHECKS) {
      if (options.enabled && !options.enabled.has(check.id)) continue;
      this.checks.set(check.id, { check, controls: controlsOfCheck(options.frameworks, check.id) });
    }
  }

  add(resource: KubeResource): void {
    for (const objectCheck of OBJECT_CHECKS) {
      if (this.checks.has(objectCheck.id)) this.record(objectCheck.id, resource, objectCheck.run(resource));
    }
    const pod = this.inventory.add(resource);
    if (!pod) return;
    const ctx = { pssVersion: this.options.pssVersion };
    for (const workloadCheck of WORKLOAD_CHECKS) {
      if (this.checks.has(workloadCheck.id)) this.record(workloadCheck.id, resource, workloadCheck.run(pod, ctx));
    }
  }

  finish(): AnalysisResult {
    const inventory = this.inventory.build();
    const ctx: InventoryContext = {
      pssVersion: this.options.pssVersion,
      inputError: (resource, path, message) => this.inventory.inputError(resource, path, message),
    };
    const blocked = blockedChecks(this.checks.values(), this.options.unavailable);
    for (const inventoryCheck of INVENTORY_CHECKS) {
      if (!this.checks.has(inventoryCheck.id) || blocked.has(inventoryCheck.id)) continue;
      for (const v of inventoryCheck.run(inventory, ctx)) this.record(inventoryCheck.id, v.resource, [v], v.asset);
    }
    this.findings.push(...notEvaluatedFindings(blocked, this.checks, this.options.unavailable));
    const result: AnalysisResult = {
      findings: this.findings,
      inputErrors: this.inventory.inputErrors,
      namespaces: namespacePosture(inventory, this.options.pssVersion),
      resources: inventory.resources.length,
    };
    const network = networkPosture(inventory);
    if (network) result.network = network;
    return result;
  }

  private record(checkId: string, resource: KubeResource, violations: readonly Violation[], subjectAsset?: Asset): void {
    if (violations.length === 0) return;
    const entry = this.checks.get(checkId);
    if (!entry) return;
    const asset = subjectAsset ?? this.assetOf(resource);
    for (const v of violations) {
      const finding: Finding = {
        fingerprint: fingerprint(checkId, asset.ref, v.subject),
        checkId,
        severity: entry.check.severity,
        status: 'fail',
        message: v.message,
        asset,
        subject: v.subject,
        location: { file: resource.source, path: formatPath(v.path) },
        controls: entry.controls,
      };
      const line = resource.lineOf(v.path);
      if (line !== undefined) finding.location.line = line;
      if (v.container !== undefined) finding.container = v.container;
      if (v.evidence !== undefined) finding.evidence = v.evidence;
      this.findings.push(finding);
    }
  }

  private assetOf(resource: KubeResource): Asset {
    let asset = this.assets.get(resource);
    if (!asset) {
      const ref: Parameters<typeof kubeObjectAsset>[0] = { kind: resource.kind, name: resource.name, apiVersion: resource.apiVersion };
      if (resource.namespace) ref.namespace = resource.namespace;
      if (resource.cluster) ref.cluster = resource.cluster;
      asset = kubeObjectAsset(ref);
      this.assets.set(resource, asset);
    }
    return asset;
  }
}
