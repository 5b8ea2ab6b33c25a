import { readManifests } from '../../src/sources/kube/manifests.js';
import { Readable } from 'node:stream';
import type { InputError, KubeResource } from '../../src/model/index.js';
import type { PssVersion, Violation, WorkloadCheck } from '../../src/analyzers/workload/check.js';
import { podViewOf } from '../../src/analyzers/workload/pod-spec.js';

/** Reads YAML text through the real manifest source, as `rampart manifests -` would. */
export async function readYaml(text: string): Promise<{ resources: KubeResource[]; errors: InputError[] }> {
  const resources: KubeResource[] = [];
  const errors: InputError[] = [];
  for await (const event of readManifests(['-'], { stdin: Readable.from([text]) })) {
    if (event.type === 'resource') resources.push(event.resource);
    else if (event.type === 'error') errors.push(event.error);
  }
  return { resources, errors };
}

/** The first resource of the YAML text. */
export async function resourceOf(text: string): Promise<KubeResource> {
  const { resources, errors } = await readYaml(text);
  if (errors.length) throw new Error(`test YAML did not parse: ${errors.map((e) => e.message).join('; ')}`);
  const first = resources[0];
  if (!first) throw new Error('test YAML holds no resource');
  return first;
}

/** Runs one workload check on the first object of the YAML text. */
export async function violations(check: WorkloadCheck, text: string, pssVersion: PssVersion = 'latest'): Promise<Violation[]> {
  const pod = podViewOf(await resourceOf(text));
  if (!pod) throw new Error('test YAML is not a pod-bearing object');
  return check.run(pod, { pssVersion });
}

/** A Pod manifest with the given spec body (YAML, indented as under `spec:`). */
export function pod(specBody: string, metadataExtra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: t
  namespace: ns
${metadataExtra}spec:
${specBody}`;
}
