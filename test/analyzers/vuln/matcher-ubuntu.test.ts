import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Advisory, OsRelease, Package, PackageInventory } from '../../../src/model/index.js';
import { ubuntuOvalImporter } from '../../../src/analyzers/vuln/importers/ubuntu-oval.js';
import { MemoryVulnLookup } from '../../../src/analyzers/vuln/memory-lookup.js';
import { matchVulnerabilities, type VulnMatch } from '../../../src/analyzers/vuln/matcher.js';
import { CollectingSink, VULNDATA } from './importers/osv-test-sink.js';

// Ubuntu's USN OVAL keys its records on BINARY packages (libpam0g, sudo-ldap), Ubuntu's OSV feed on
// the source package: the matcher must find both, compare the right version, and report each flaw once.

const JAMMY: OsRelease = { family: 'ubuntu', version: '22.04', name: 'Ubuntu 22.04.3 LTS', codename: 'jammy' };

let ovalAdvisories: Advisory[] = [];
let jammy: MemoryVulnLookup;

before(async () => {
  const sink = new CollectingSink();
  await ubuntuOvalImporter.run(`${VULNDATA}/ubuntu/com.ubuntu.jammy.usn.oval.xml.gz`, sink);
  ovalAdvisories = sink.advisories;
  jammy = new MemoryVulnLookup(ovalAdvisories);
});

function deb(name: string, version: string, source: string, sourceVersion = version): Package {
  return {
    name,
    version,
    type: 'deb',
    purl: `pkg:deb/ubuntu/${name}@${encodeURIComponent(version)}?arch=amd64&distro=ubuntu-22.04`,
    licenses: [],
    path: '/var/lib/dpkg/status',
    arch: 'amd64',
    source: { name: source, version: sourceVersion },
  };
}

function inventory(...packages: Package[]): PackageInventory {
  return { os: JAMMY, packages };
}

function summary(matches: readonly VulnMatch[]): [string, string | undefined, string][] {
  return matches.map((m): [string, string | undefined, string] => [m.vulnId, m.fixedVersion, m.record.advisory ?? '']).sort((a, b) => a[0].localeCompare(b[0]));
}

test('jammy OVAL: sudo below USN-6005-1 (1.9.9-1ubuntu2.4) is reported once per CVE of the notice; at the fix, nothing', () => {
  // 1.9.9-1ubuntu2.3 is USN-5908-1's fix: only USN-6005-1's two CVEs remain.
  const below = matchVulnerabilities(inventory(deb('sudo', '1.9.9-1ubuntu2.3', 'sudo')), jammy);
  assert.deepEqual(below.notes, []);
  assert.deepEqual(summary(below.matches), [
    ['CVE-2023-28486', '1.9.9-1ubuntu2.4', 'USN-6005-1'],
    ['CVE-2023-28487', '1.9.9-1ubuntu2.4', 'USN-6005-1'],
  ]);
  // The notice is an alias of both CVEs; it must not fuse two flaws into one finding.
  for (const m of below.matches) {
    assert.equal(m.matchedName, 'sudo');
    assert.deepEqual(m.aliases, ['USN-6005-1']);
    assert.deepEqual(m.dataSources, ['ubuntu-oval']);
  }
  assert.deepEqual(matchVulnerabilities(inventory(deb('sudo', '1.9.9-1ubuntu2.4', 'sudo')), jammy).matches, []);
});

test('jammy OVAL: a binary whose source is named differently (libpam0g from pam) is found under its binary name', () => {
  // The OVAL names no `pam` at all: a source-only lookup would find nothing.
  assert.deepEqual(jammy.affected('ubuntu:22.04', 'pam'), []);
  const [m, ...rest] = matchVulnerabilities(inventory(deb('libpam0g', '1.4.0-11ubuntu2', 'pam')), jammy).matches;
  assert.deepEqual(rest, []);
  // CVE-2022-28321 is in two notices (USN-5825-1 fixed 2.1, USN-5825-2 fixed 2.3): one finding, the later fix.
  assert.equal(m?.vulnId, 'CVE-2022-28321');
  assert.equal(m?.matchedName, 'libpam0g');
  assert.equal(m?.fixedVersion, '1.4.0-11ubuntu2.3');
  assert.deepEqual(m?.aliases.sort(), ['USN-5825-1', 'USN-5825-2']);
  // Between the two fixes the later notice still applies.
  assert.deepEqual(summary(matchVulnerabilities(inventory(deb('libpam0g', '1.4.0-11ubuntu2.1', 'pam')), jammy).matches), [['CVE-2022-28321', '1.4.0-11ubuntu2.3', 'USN-5825-2']]);
});

test('jammy OVAL: a binary-name hit compares the BINARY version, not the source version', () => {
  // Binary at the fix, source version recorded lower: not affected.
  assert.deepEqual(matchVulnerabilities(inventory(deb('libpam0g', '1.4.0-11ubuntu2.3', 'pam', '1.4.0-11ubuntu2')), jammy).matches, []);
  // Binary below the fix, source version recorded at it: affected, and the binary version is the one shown.
  const [m] = matchVulnerabilities(inventory(deb('libpam0g', '1.4.0-11ubuntu2', 'pam', '1.4.0-11ubuntu2.3')), jammy).matches;
  assert.equal(m?.vulnId, 'CVE-2022-28321');
  assert.equal(m?.installedVersion, '1.4.0-11ubuntu2');
});

test('a flaw found under both the binary name (OVAL) and the source name (source-keyed feed) is one finding', () => {
  // sudo-ldap is a binary of source sudo. The OVAL keys it as `sudo-ldap`; a source-keyed record of
  // the same CVE (as Ubuntu's OSV feed writes it) keys it as `sudo`, compared with the source version.
  const sourceKeyed: Advisory = {
    id: 'CVE-2023-28486',
    aliases: [],
    cvss: [],
    references: [],
    source: 'osv',
    affected: [{ namespace: 'ubuntu:22.04', package: 'sudo', scheme: 'dpkg', status: 'fixed', ranges: [{ fixed: '1.9.9-1ubuntu2.4' }], advisory: 'USN-6005-1', source: 'osv:Ubuntu' }],
  };
  const lookup = new MemoryVulnLookup([...ovalAdvisories, sourceKeyed]);
  const { matches } = matchVulnerabilities(inventory(deb('sudo-ldap', '1.9.9-1ubuntu2.3', 'sudo')), lookup);
  assert.deepEqual(summary(matches), [
    ['CVE-2023-28486', '1.9.9-1ubuntu2.4', 'USN-6005-1'],
    ['CVE-2023-28487', '1.9.9-1ubuntu2.4', 'USN-6005-1'],
  ]);
  assert.deepEqual(matches.find((m) => m.vulnId === 'CVE-2023-28486')?.dataSources, ['osv:Ubuntu', 'ubuntu-oval']);
  // The source-keyed feed's verdict reads the source version: the source at the fix clears it even
  // though the binary-keyed OVAL, reading the binary version, still reports it.
  const sourceFixed = matchVulnerabilities(inventory(deb('sudo-ldap', '1.9.9-1ubuntu2.3', 'sudo', '1.9.9-1ubuntu2.4')), lookup).matches;
  const cve = sourceFixed.find((m) => m.vulnId === 'CVE-2023-28486');
  assert.deepEqual(cve?.dataSources, ['ubuntu-oval']);
  assert.equal(cve?.installedVersion, '1.9.9-1ubuntu2.3');
});
