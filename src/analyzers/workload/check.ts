import type { Localized, ObjectPath } from '../../model/index.js';
import type { PodView } from './pod-spec.js';

/**
 * Pod Security Standards policy version to evaluate: the Kubernetes minor version (`v1.33` → 33),
 * or `latest`. Rules that changed between versions consult it, as the upstream checks do.
 */
export type PssVersion = number | 'latest';

export function pssVersionAtLeast(version: PssVersion, minor: number): boolean {
  return version === 'latest' || version >= minor;
}

export function parsePssVersion(text: string): PssVersion | undefined {
  if (text === 'latest') return 'latest';
  const m = /^v?1\.(\d+)$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

export interface WorkloadContext {
  pssVersion: PssVersion;
}

/** What a check reports; the engine adds severity, controls, asset, location and fingerprint. */
export interface Violation {
  /** Absolute path of the field at fault (the field itself, even when it is absent). */
  path: ObjectPath;
  /** The part of the asset at fault: `container:<name>`, `volume:<name>`, or a field path. */
  subject: string;
  container?: string;
  message: Localized;
  /** The offending value as found, e.g. `privileged: true`. */
  evidence?: string;
}

/** The logic of one catalogued workload check. Its metadata lives in the catalogue under `id`. */
export interface WorkloadCheck {
  id: string;
  run(pod: PodView, ctx: WorkloadContext): Violation[];
}
