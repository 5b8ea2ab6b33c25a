import type { PackageInventory } from '../../../src/model/index.js';
import type { SbomImage } from '../../../src/reporters/sbom-image.js';

/** An image inventory with every field the SBOM writers must carry: layers, paths, source packages, epochs, owners, namespaces, licences. */

export const LAYER_1 = 'sha256:' + '1'.repeat(64);
export const LAYER_2 = 'sha256:' + '2'.repeat(64);

export const SAMPLE_IMAGE: SbomImage = {
  reference: 'registry.bank.local/payments/api:1.4.2',
  repository: 'registry.bank.local/payments/api',
  tags: ['1.4.2'],
  manifestDigest: 'sha256:' + 'a'.repeat(64),
  configDigest: 'sha256:' + 'b'.repeat(64),
  platform: { os: 'linux', architecture: 'amd64' },
};

export const SAMPLE_TOOL = { name: 'rampart', version: '0.1.0' };

export function sampleInventory(): PackageInventory {
  return {
    os: { family: 'debian', version: '10', codename: 'buster', name: 'Debian GNU/Linux 10 (buster)' },
    packages: [
      {
        name: 'libjs-prototype',
        version: '1.6.0-1',
        type: 'deb',
        purl: 'pkg:deb/debian/libjs-prototype@1.6.0-1?arch=all&distro=debian-10',
        licenses: ['MIT'],
        source: { name: 'prototypejs', version: '1.6.0-1' },
        arch: 'all',
        layer: LAYER_1,
        path: '/var/lib/dpkg/status',
      },
      {
        name: 'chromium',
        version: '1:90.0.4430.212-1~deb10u1',
        type: 'deb',
        purl: 'pkg:deb/debian/chromium@1%3A90.0.4430.212-1~deb10u1?arch=amd64&distro=debian-10&epoch=1',
        licenses: ['BSD-3-Clause', 'LGPL-2.1-or-later', 'Some vendor licence'],
        arch: 'amd64',
        layer: LAYER_1,
        path: '/var/lib/dpkg/status',
      },
      {
        name: 'minimist',
        version: '1.2.5',
        type: 'npm',
        purl: 'pkg:npm/minimist@1.2.5',
        licenses: ['MIT'],
        layer: LAYER_2,
        path: '/app/node_modules/minimist/package.json',
      },
      {
        name: 'log4j-core',
        namespace: 'org.apache.logging.log4j',
        version: '2.14.1',
        type: 'maven',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        licenses: ['Apache-2.0'],
        layer: LAYER_2,
        path: '/app/lib/log4j-core-2.14.1.jar',
      },
      {
        name: 'requests',
        version: '2.28.1',
        type: 'pypi',
        purl: 'pkg:pypi/requests@2.28.1',
        licenses: ['Apache-2.0 OR MIT'],
        layer: LAYER_1,
        path: '/usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO',
        ownedBy: 'python3-requests',
      },
    ],
  };
}
