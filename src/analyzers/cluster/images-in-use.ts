import type { KubeResource } from '../../model/index.js';
import { isRecord } from '../../model/index.js';

/**
 * Every image running in the cluster, by digest: read from each pod's
 * `status.containerStatuses[].imageID` (what the kubelet actually pulled), falling back to the
 * spec's `image` when the pod reports no digest yet (pending, or a runtime that reports only a
 * local image id). Each image lists the workloads that run it, resolved through owner
 * references (Pod → ReplicaSet → Deployment, Pod → Job → CronJob), so a digest is scanned once
 * however many pods run it.
 */

export interface ImageInUse {
  /** What to pull: `repo@sha256:…` when the digest is known, else the spec's reference. */
  reference: string;
  /** `sha256:…`, when a pod reported it. */
  digest?: string;
  /** The references pod specs use for it (tags), sorted. */
  specImages: string[];
  /** `namespace/Kind/name` of each workload running it, sorted. */
  workloads: string[];
  pods: number;
}

const STATUS_LISTS = [
  ['containers', 'containerStatuses'],
  ['initContainers', 'initContainerStatuses'],
  ['ephemeralContainers', 'ephemeralContainerStatuses'],
] as const;

export class ImagesInUse {
  private readonly images = new Map<string, { reference: string; digest?: string; specImages: Set<string>; workloads: Set<string>; pods: number }>();
  /** `namespace/Kind/name` of a ReplicaSet or Job → its controller, so pods name the workload people know. */
  private readonly owners = new Map<string, { kind: string; name: string }>();

  add(resource: KubeResource): void {
    if (resource.kind === 'ReplicaSet' || resource.kind === 'Job') {
      const owner = controllerOf(resource.object.metadata);
      if (owner) this.owners.set(`${resource.namespace ?? ''}/${resource.kind}/${resource.name}`, owner);
      return;
    }
    if (resource.kind !== 'Pod') return;
    const workload = this.workloadOf(resource);
    const spec = isRecord(resource.object.spec) ? resource.object.spec : {};
    const status = isRecord(resource.object.status) ? resource.object.status : {};
    const seen = new Set<string>();
    for (const [specList, statusList] of STATUS_LISTS) {
      const containers = Array.isArray(spec[specList]) ? spec[specList].filter(isRecord) : [];
      const statuses = Array.isArray(status[statusList]) ? status[statusList].filter(isRecord) : [];
      for (const container of containers) {
        const specImage = typeof container.image === 'string' ? container.image : undefined;
        const running = statuses.find((s) => s.name === container.name);
        const imageID = running && typeof running.imageID === 'string' ? running.imageID : '';
        const pinned = pinnedReference(imageID);
        const reference = pinned?.reference ?? specImage;
        if (!reference) continue;
        let entry = this.images.get(reference);
        if (!entry) {
          entry = { reference, specImages: new Set(), workloads: new Set(), pods: 0 };
          if (pinned) entry.digest = pinned.digest;
          this.images.set(reference, entry);
        }
        if (specImage) entry.specImages.add(specImage);
        entry.workloads.add(workload);
        if (!seen.has(reference)) {
          entry.pods++;
          seen.add(reference);
        }
      }
    }
  }

  list(): ImageInUse[] {
    return [...this.images.values()]
      .map((e) => {
        const image: ImageInUse = { reference: e.reference, specImages: [...e.specImages].sort(), workloads: [...e.workloads].sort(), pods: e.pods };
        if (e.digest) image.digest = e.digest;
        return image;
      })
      .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
  }

  private workloadOf(pod: KubeResource): string {
    const ns = pod.namespace ?? '';
    let current = { kind: 'Pod', name: pod.name };
    const owner = controllerOf(pod.object.metadata);
    if (owner && owner.kind !== 'Node') current = owner;
    const parent = this.owners.get(`${ns}/${current.kind}/${current.name}`);
    if (parent) current = parent;
    return `${ns}/${current.kind}/${current.name}`;
  }
}

function controllerOf(metadata: unknown): { kind: string; name: string } | undefined {
  if (!isRecord(metadata) || !Array.isArray(metadata.ownerReferences)) return undefined;
  const ref: unknown = metadata.ownerReferences.find((r: unknown) => isRecord(r) && r.controller === true);
  return isRecord(ref) && typeof ref.kind === 'string' && typeof ref.name === 'string' ? { kind: ref.kind, name: ref.name } : undefined;
}

/**
 * `docker-pullable://nginx@sha256:…`, `docker.io/library/nginx@sha256:…` → a pullable digest
 * reference. A bare `sha256:…` is the runtime's local image id, not a registry digest (containerd
 * reports it for images loaded onto the node rather than pulled): no pullable pin, so the caller
 * falls back to the spec's reference.
 */
export function pinnedReference(imageID: string): { reference: string; digest: string } | undefined {
  const id = imageID.replace(/^(docker-pullable|docker|containerd):\/\//, '');
  const at = id.lastIndexOf('@sha256:');
  if (at > 0 && /^sha256:[0-9a-f]{64}$/.test(id.slice(at + 1))) return { reference: id, digest: id.slice(at + 1) };
  return undefined;
}
