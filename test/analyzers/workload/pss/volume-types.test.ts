import { test } from 'node:test';
import assert from 'node:assert/strict';
import { volumeTypes } from '../../../../src/analyzers/workload/checks/pss/volume-types.js';
import { ctr, run } from './fixtures.js';

const FORBIDDEN = [
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

test('pod.volume-types fails an nfs volume, at its source field', async () => {
  const found = await run(volumeTypes, { containers: [ctr('app')], volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'share', nfs: { server: 'nas', path: '/x' } }] });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'volumes', 1, 'nfs']);
  assert.equal(found[0]?.subject, 'volume:share');
  assert.equal(found[0]?.evidence, 'volume type: nfs');
});

test('pod.volume-types fails every forbidden in-tree volume source', async () => {
  const volumes = FORBIDDEN.map((source) => ({ name: source.toLowerCase(), [source]: {} }));
  const found = await run(volumeTypes, { containers: [ctr('app')], volumes });
  assert.deepEqual(found.map((v) => v.evidence), FORBIDDEN.map((s) => `volume type: ${s}`));
});

test('pod.volume-types passes the nine allowed sources', async () => {
  const volumes = [
    { name: 'a', configMap: { name: 'c' } },
    { name: 'b', csi: { driver: 'x' } },
    { name: 'c', downwardAPI: { items: [] } },
    { name: 'd', emptyDir: {} },
    { name: 'e', ephemeral: { volumeClaimTemplate: { spec: {} } } },
    { name: 'f', image: { reference: 'r' } },
    { name: 'g', persistentVolumeClaim: { claimName: 'p' } },
    { name: 'h', projected: { sources: [] } },
    { name: 'i', secret: { secretName: 's' } },
  ];
  assert.deepEqual(await run(volumeTypes, { containers: [ctr('app')], volumes }), []);
});

test('pod.volume-types leaves hostPath to pod.host-path', async () => {
  assert.deepEqual(await run(volumeTypes, { containers: [ctr('app')], volumes: [{ name: 'h', hostPath: { path: '/etc' } }] }), []);
});

test('pod.volume-types passes a volume with no source (the API server defaults it to emptyDir)', async () => {
  assert.deepEqual(await run(volumeTypes, { containers: [ctr('app')], volumes: [{ name: 'scratch' }, { name: 'n', nfs: null }] }), []);
});

test('pod.volume-types admits a volume as soon as it has one of the nine allowed sources, as upstream', async () => {
  for (const allowed of ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']) {
    const volumes = [{ name: 'v', nfs: { server: 'n', path: '/' }, [allowed]: {} }];
    assert.deepEqual(await run(volumeTypes, { containers: [ctr('app')], volumes }), [], allowed);
  }
});
