import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectOs, osReleaseDetector, parseReleaseFile } from '../../../src/analyzers/sbom/os-release.js';

const files = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));

test('os-release: this machine\'s real /usr/lib/os-release and /etc/debian_version', () => {
  const os = detectOs(files({ '/usr/lib/os-release': readFileSync('/usr/lib/os-release', 'utf8'), '/etc/debian_version': readFileSync('/etc/debian_version', 'utf8') }));
  assert.deepEqual(os, { family: 'debian', version: '12', codename: 'bookworm', name: 'Debian GNU/Linux 12 (bookworm)' });
  assert.deepEqual(osReleaseDetector.parse('/etc/debian_version', Buffer.from('12.11\n')), { family: 'debian', version: '12', name: 'Debian GNU/Linux 12' });
});

test('os-release: Debian testing has no VERSION_ID: the codename is the version', () => {
  const os = detectOs(files({ '/etc/os-release': 'PRETTY_NAME="Debian GNU/Linux trixie/sid"\nNAME="Debian GNU/Linux"\nVERSION_CODENAME=trixie\nID=debian\n' }));
  assert.equal(os?.version, 'trixie');
  assert.equal(parseReleaseFile('/etc/debian_version', 'trixie/sid\n')?.version, 'trixie');
});

test('os-release: Ubuntu, UBI, Rocky, Alma, CentOS, Amazon, Alpine, Wolfi, Chainguard by ID', () => {
  const cases: [string, string, string][] = [
    ['ID=ubuntu\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\nPRETTY_NAME="Ubuntu 22.04.4 LTS"', 'ubuntu', '22.04'],
    ['NAME="Red Hat Enterprise Linux"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="9.4"\nPRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"', 'rhel', '9.4'],
    ['ID="rocky"\nVERSION_ID="9.3"', 'rocky', '9.3'],
    ['ID="almalinux"\nVERSION_ID="9.3"', 'almalinux', '9.3'],
    ['ID="centos"\nVERSION_ID="7"', 'centos', '7'],
    ['NAME="Amazon Linux"\nVERSION="2023"\nID="amzn"\nVERSION_ID="2023"', 'amazon', '2023'],
    ['NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"', 'alpine', '3.19.1'],
    ['ID=wolfi\nNAME="Wolfi"\nPRETTY_NAME="Wolfi"\nVERSION_ID=20230201', 'wolfi', '20230201'],
    ['ID=chainguard\nNAME="Chainguard"\nVERSION_ID=20230214', 'chainguard', '20230214'],
  ];
  for (const [text, family, version] of cases) {
    const os = detectOs(files({ '/etc/os-release': text }));
    assert.equal(os?.family, family, text);
    assert.equal(os?.version, version, text);
  }
});

test('os-release: release files without os-release (CentOS 6, Amazon Linux AMI, Alpine)', () => {
  assert.deepEqual(detectOs(files({ '/etc/redhat-release': 'CentOS release 6.10 (Final)\n' })), { family: 'centos', version: '6.10', codename: 'Final', name: 'CentOS release 6.10 (Final)' });
  assert.equal(detectOs(files({ '/etc/system-release': 'Amazon Linux release 2 (Karoo)\n' }))?.family, 'amazon');
  assert.equal(detectOs(files({ '/etc/system-release': 'Amazon Linux release 2023.4.20240401 (Amazon Linux)\n' }))?.version, '2023');
  assert.equal(detectOs(files({ '/etc/redhat-release': 'Rocky Linux release 9.3 (Blue Onyx)' }))?.family, 'rocky');
  assert.deepEqual(detectOs(files({ '/etc/alpine-release': '3.19.1\n' })), { family: 'alpine', version: '3.19.1', name: 'Alpine Linux v3.19' });
  assert.equal(detectOs(files({ '/etc/redhat-release': 'Something else entirely' })), undefined);
});

test('os-release: distroless Debian (PRETTY_NAME "Distroless", or status.d without status)', () => {
  const distroless = 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nVERSION="Debian GNU/Linux 12 (bookworm)"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n';
  assert.deepEqual(detectOs(files({ '/etc/os-release': distroless })), { family: 'debian', version: '12', name: 'Distroless', distroless: true });
  const plain = detectOs(files({ '/etc/os-release': 'ID=debian\nVERSION_ID="12"\n' }), { dpkgStatusDOnly: true });
  assert.equal(plain?.distroless, true);
  assert.equal(detectOs(files({ '/etc/os-release': 'ID=debian\nVERSION_ID="12"\n' }))?.distroless, undefined);
});
