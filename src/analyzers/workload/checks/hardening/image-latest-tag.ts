/**
 * pod.image-latest-tag — mutable image references.
 * Reads:   spec.{containers,initContainers}[*].image
 * Passes:  a tag other than `latest`, or any digest (`app:latest@sha256:…` is pinned: the runtime
 *          pulls by digest and ignores the tag). Fails `:latest` and references with no tag and no
 *          digest. A registry port (`registry.local:5000/app`) is not a tag. References that do not
 *          parse, and containers without an image, are left alone. Ephemeral containers: see
 *          template-containers.ts.
 */
import type { WorkloadCheck } from '../../check.js';
import { imageOf, isMutableLatest, parseImageRef } from './image-ref.js';
import { templateContainersOf } from './template-containers.js';

export const imageLatestTag: WorkloadCheck = {
  id: 'pod.image-latest-tag',
  run(pod) {
    return templateContainersOf(pod).flatMap((c) => {
      const image = imageOf(c.spec);
      const ref = image === undefined ? undefined : parseImageRef(image);
      if (!image || !ref || !isMutableLatest(ref)) return [];
      return [
        {
          path: [...c.path, 'image'],
          subject: c.subject,
          container: c.name,
          message:
            ref.tag === undefined
              ? {
                  en: `container "${c.name}" image "${image}" has no tag, so it runs whatever "latest" points to when pulled`,
                  zh: `容器“${c.name}”的镜像“${image}”未指定标签，拉取时运行的是当时“latest”指向的版本`,
                }
              : {
                  en: `container "${c.name}" image "${image}" uses the mutable "latest" tag`,
                  zh: `容器“${c.name}”的镜像“${image}”使用可变的“latest”标签`,
                },
          evidence: `image: ${image}`,
        },
      ];
    });
  },
};
