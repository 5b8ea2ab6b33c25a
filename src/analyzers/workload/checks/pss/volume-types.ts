/**
 * pod.volume-types — Pod Security Standards restricted, PSA check `restrictedVolumes`.
 * Reads:   spec.volumes[*]
 * Allowed: volumes whose source is configMap, csi, downwardAPI, emptyDir, ephemeral, image,
 *          persistentVolumeClaim, projected or secret. Forbidden: every other in-tree source —
 *          hostPath, gcePersistentDisk, awsElasticBlockStore, gitRepo, nfs, iscsi, glusterfs, rbd,
 *          flexVolume, cinder, cephfs, flocker, fc, azureFile, vsphereVolume, quobyte, azureDisk,
 *          portworxVolume, photonPersistentDisk, scaleIO, storageos.
 * hostPath is left to pod.host-path, which reports it at both levels; upstream's restricted check
 * replaces the baseline one, so the two ids together are the restricted rule, each volume once.
 * A volume that names no source at all is allowed: the API server defaults it to emptyDir before
 * Pod Security Admission sees it. Keys that are no volume source (a typo) are ignored, as the API
 * server's decoder drops them. `image` is allowed at every policy version, as upstream does.
 */
import type { WorkloadCheck } from '../../check.js';
import { isSet, listEn, listZh } from './fields.js';

const ALLOWED_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

/** Forbidden sources other than hostPath (pod.host-path's). */
const FORBIDDEN_SOURCES = [
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'portworxVolume',
  'photonPersistentDisk',
  'scaleIO',
  'storageos',
];

export const volumeTypes: WorkloadCheck = {
  id: 'pod.volume-types',
  run(pod) {
    return (pod.spec.volumes ?? []).flatMap((volume, i) => {
      // Upstream admits a volume as soon as it has an allowed source, whatever else it carries.
      if (ALLOWED_SOURCES.some((s) => isSet(volume[s]))) return [];
      const forbidden = FORBIDDEN_SOURCES.filter((s) => isSet(volume[s]));
      const first = forbidden[0];
      if (!first) return [];
      return [
        {
          path: [...pod.specPath, 'volumes', i, first],
          subject: `volume:${volume.name}`,
          message: {
            en: `volume "${volume.name}" uses volume type ${listEn(forbidden)}, which restricted does not allow`,
            zh: `卷“${volume.name}”使用了 restricted 级别不允许的卷类型 ${listZh(forbidden)}`,
          },
          evidence: `volume type: ${listEn(forbidden)}`,
        },
      ];
    });
  },
};
