import type { InputError, KubeResource, ObjectPath } from '../model/index.js';
import { formatPath } from '../model/index.js';
import type { Inventory } from './inventory.js';
import { PodSpecError, podViewOf, type PodView } from './workload/pod-spec.js';

/**
 * Collects what a scan read into an Inventory: every object, the pod template of each
 * pod-bearing object, the Namespace objects. Used by the scan engine and by commands that
 * answer questions over the same objects (`rampart rbac`, `rampart netpol`).
 */
export class InventoryBuilder {
  private readonly resources: KubeResource[] = [];
  private readonly workloads: PodView[] = [];
  private readonly namespaces: KubeResource[] = [];
  readonly inputErrors: InputError[] = [];

  /** Adds an object; returns its pod template when it has one (and it is well formed). */
  add(resource: KubeResource): PodView | undefined {
    this.resources.push(resource);
    if (resource.kind === 'Namespace') this.namespaces.push(resource);
    try {
      const pod = podViewOf(resource);
      if (pod) this.workloads.push(pod);
      return pod;
    } catch (err) {
      if (!(err instanceof PodSpecError)) throw err;
      this.inputError(resource, err.path, err.message);
      return undefined;
    }
  }

  /** Records malformed input found in an object: one line naming file, line, object and field. */
  inputError(resource: KubeResource, path: ObjectPath, message: string): void {
    const error: InputError = { source: resource.source, message: `${describeResource(resource)}: ${formatPath(path)}: ${message}` };
    const line = resource.lineOf(path);
    if (line !== undefined) error.line = line;
    this.inputErrors.push(error);
  }

  build(): Inventory {
    return { resources: this.resources, workloads: this.workloads, namespaces: this.namespaces };
  }
}

/** `Deployment payments/api`, `ClusterRole admin`. */
export function describeResource(resource: KubeResource): string {
  return `${resource.kind} ${resource.namespace ? `${resource.namespace}/${resource.name}` : resource.name}`;
}
