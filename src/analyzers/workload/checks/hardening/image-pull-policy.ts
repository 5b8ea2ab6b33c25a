/**
 * pod.image-pull-policy — cached copies of mutable images.
 * Reads:   spec.{containers,initContainers}[*].imagePullPolicy, .image
 * Passes:  `Always`, or unset (Kubernetes then defaults to `Always` for `:latest` and untagged
 *          references), or any policy for a reference with a non-latest tag or a digest (those
 *          are judged by pod.image-latest-tag and pod.image-no-digest). Fails `IfNotPresent` or
 *          `Never` together with `:latest` or no tag. Ephemeral containers: see
 *          template-containers.ts.
 */
import type { WorkloadCheck } from '../../check.js';
import { imageOf, isMutableLatest, parseImageRef } from './image-ref.js';
import { templateContainersOf } from './template-containers.js';

const CACHE_FIRST = new Set(['IfNotPresent', 'Never']);

export const imagePullPolicy: WorkloadCheck = {
  id: 'pod.image-pull-policy',
  run(pod) {
    return templateContainersOf(pod).flatMap((c) => {
      const policy: unknown = c.spec.imagePullPolicy;
      const image = imageOf(c.spec);
      const ref = image === undefined ? undefined : parseImageRef(image);
      if (typeof policy !== 'string' || !CACHE_FIRST.has(policy) || !image || !ref || !isMutableLatest(ref)) return [];
      return [
        {
          path: [...c.path, 'imagePullPolicy'],
          subject: c.subject,
          container: c.name,
          message: {
            en: `container "${c.name}" uses imagePullPolicy ${policy} with the mutable image "${image}": each node runs whatever copy it cached first`,
            zh: `容器“${c.name}”对可变镜像“${image}”使用 imagePullPolicy ${policy}：各节点运行的是其最早缓存的那份镜像`,
          },
          evidence: `imagePullPolicy: ${policy}, image: ${image}`,
        },
      ];
    });
  },
};
