/**
 * pod.image-no-digest — images not pinned to content.
 * Reads:   spec.{containers,initContainers}[*].image
 * Passes:  a reference with a digest (`@sha256:…`), with or without a tag. References that do
 *          not parse, and containers without an image, are left alone. Ephemeral containers: see
 *          template-containers.ts.
 */
import type { WorkloadCheck } from '../../check.js';
import { imageOf, parseImageRef } from './image-ref.js';
import { templateContainersOf } from './template-containers.js';

export const imageNoDigest: WorkloadCheck = {
  id: 'pod.image-no-digest',
  run(pod) {
    return templateContainersOf(pod).flatMap((c) => {
      const image = imageOf(c.spec);
      const ref = image === undefined ? undefined : parseImageRef(image);
      if (!image || !ref || ref.digest !== undefined) return [];
      return [
        {
          path: [...c.path, 'image'],
          subject: c.subject,
          container: c.name,
          message: {
            en: `container "${c.name}" image "${image}" is not pinned by digest`,
            zh: `容器“${c.name}”的镜像“${image}”未通过摘要（digest）固定`,
          },
          evidence: `image: ${image}`,
        },
      ];
    });
  },
};
