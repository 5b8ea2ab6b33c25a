/**
 * pod.host-path — Pod Security Standards baseline, PSA check `hostPathVolumes`.
 * Reads:   spec.volumes[*].hostPath
 * Allowed: undefined, null
 * Under restricted this is also the hostPath part of `restrictedVolumes`; pod.volume-types reports
 * only the other forbidden volume types, so a hostPath volume is reported once, here.
 */
import { isRecord } from '../../../../model/index.js';
import type { WorkloadCheck } from '../../check.js';
import { isSet, show } from './fields.js';

export const hostPath: WorkloadCheck = {
  id: 'pod.host-path',
  run(pod) {
    return (pod.spec.volumes ?? []).flatMap((volume, i) => {
      const source = volume.hostPath;
      if (!isSet(source)) return [];
      const hostDir = isRecord(source) ? show(source.path) : show(source);
      return [
        {
          path: [...pod.specPath, 'volumes', i, 'hostPath'],
          subject: `volume:${volume.name}`,
          message: {
            en: `volume "${volume.name}" mounts host path ${hostDir} from the node`,
            zh: `卷“${volume.name}”挂载了节点上的宿主机路径 ${hostDir}`,
          },
          evidence: `hostPath.path: ${hostDir}`,
        },
      ];
    });
  },
};
