import type { Localized } from './localized.js';
import type { Severity } from './severity.js';

/**
 * What a check looks at; the engine hands each check only inputs of its kind: one pod template
 * (`workload`), one object of any kind (`object`), or everything a scan read (`inventory`: for
 * checks across objects, such as namespaces and their workloads, RBAC and network policies), or
 * one container image with its files and packages (`image`), or one node's host files, flags and
 * processes (`node`), or one runtime event (`event`: runtime detection rules, whose conditions are CEL).
 */
export type CheckTarget = 'workload' | 'inventory' | 'object' | 'image' | 'node' | 'event';

export type PssLevel = 'baseline' | 'restricted';

/**
 * One catalogued rule. Metadata only: the logic lives with the analyzer of its target, and the
 * compliance controls it evidences come from the framework data files.
 */
export interface Check {
  /** Dotted id, `area.what`, e.g. `pod.privileged`. Stable: waivers and history refer to it. */
  id: string;
  severity: Severity;
  target: CheckTarget;
  title: Localized;
  /** What the check looks for and why it matters, for an operator. */
  description: Localized;
  /** How to fix it, concretely. */
  remediation: Localized;
  /** Set for the Pod Security Standards rules: the level and the upstream PSA check id. */
  pss?: { level: PssLevel; control: string };
  references?: string[];
  /** MITRE ATT&CK technique ids the check detects (runtime rules), e.g. `T1059.004`. */
  mitre?: string[];
}
