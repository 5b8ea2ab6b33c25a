/**
 * Pod builders for the Pod Security Standards tests. Manifests are written as JSON (valid YAML)
 * and read through the real manifest source, so the checks see what `rampart manifests` gives them.
 */
import type { PssVersion, Violation, WorkloadCheck } from '../../../../src/analyzers/workload/check.js';
import { podViewOf, type PodView } from '../../../../src/analyzers/workload/pod-spec.js';
import { resourceOf } from '../../../helpers/kube.js';

export type Obj = Record<string, unknown>;

/** A container named `name`, with the given securityContext (omitted when undefined) and extra fields. */
export function ctr(name: string, securityContext?: Obj, extra: Obj = {}): Obj {
  return { name, image: `${name}:1`, ...(securityContext ? { securityContext } : {}), ...extra };
}

export function podManifest(spec: Obj, annotations?: Obj): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 't', namespace: 'ns', ...(annotations ? { annotations } : {}) }, spec });
}

export function deploymentManifest(spec: Obj, annotations?: Obj): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'ns' },
    spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' }, ...(annotations ? { annotations } : {}) }, spec } },
  });
}

export async function podView(manifest: string): Promise<PodView> {
  const view = podViewOf(await resourceOf(manifest));
  if (!view) throw new Error('not a pod-bearing manifest');
  return view;
}

/** Runs one check on a Pod with this spec. */
export async function run(check: WorkloadCheck, spec: Obj, version: PssVersion = 'latest', annotations?: Obj): Promise<Violation[]> {
  return check.run(await podView(podManifest(spec, annotations)), { pssVersion: version });
}

/** A spec whose container, init container and ephemeral container all carry `sc`. */
export function everyKind(sc: Obj | undefined, extra: Obj = {}): Obj {
  return { containers: [ctr('app', sc, extra)], initContainers: [ctr('setup', sc, extra)], ephemeralContainers: [ctr('debug', sc, extra)] };
}

/** A container securityContext that satisfies every restricted rule on its own. */
export const RESTRICTED_SC: Obj = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
  capabilities: { drop: ['ALL'] },
};

export const subjects = (found: readonly Violation[]): string[] => found.map((v) => v.subject);
