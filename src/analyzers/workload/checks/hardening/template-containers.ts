import { containersOf, type ContainerView, type PodView } from '../../pod-spec.js';

/**
 * The containers a workload owner writes and can change: containers and initContainers.
 * Ephemeral containers are left out of the build-and-deploy hygiene checks (image pinning,
 * resources, read-only root filesystem, securityContext presence): the API server only accepts
 * them through the `ephemeralcontainers` subresource of a running Pod, never in a template, and
 * once added they can be neither changed nor removed, so such a finding could not be fixed.
 * (Kubernetes also forbids resources on them outright.) Their privileges are still judged by the
 * Pod Security Standards checks.
 */
export function templateContainersOf(pod: PodView): ContainerView[] {
  return containersOf(pod).filter((c) => c.list !== 'ephemeralContainers');
}
