/**
 * Debian and Ubuntu release codenames and the advisory namespace each is keyed under. The importers
 * read codenames from feed files and names (`bookworm`, `com.ubuntu.jammy.usn.oval.xml`); the
 * matcher reads them from an image's os-release when it has no numeric version (testing, sid).
 */

/** Debian codename → release the namespace is keyed by: the major, `unstable` for sid. */
export const DEBIAN_RELEASES: Readonly<Record<string, string>> = {
  buzz: '1.1',
  rex: '1.2',
  bo: '1.3',
  hamm: '2.0',
  slink: '2.1',
  potato: '2.2',
  woody: '3.0',
  sarge: '3.1',
  etch: '4',
  lenny: '5',
  squeeze: '6',
  wheezy: '7',
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  duke: '15',
  sid: 'unstable',
};

/** Ubuntu codename → `YY.MM`. */
export const UBUNTU_RELEASES: Readonly<Record<string, string>> = {
  trusty: '14.04',
  xenial: '16.04',
  bionic: '18.04',
  focal: '20.04',
  jammy: '22.04',
  kinetic: '22.10',
  lunar: '23.04',
  mantic: '23.10',
  noble: '24.04',
  oracular: '24.10',
  plucky: '25.04',
  questing: '25.10',
};

/** `bookworm` → `debian:12`, `sid` → `debian:unstable`; undefined for a codename we do not know. */
export function debianNamespace(codename: string): string | undefined {
  const version = DEBIAN_RELEASES[codename.trim().toLowerCase()];
  return version ? `debian:${version}` : undefined;
}

/** `jammy` → `ubuntu:22.04`; undefined for a codename we do not know. */
export function ubuntuNamespace(codename: string): string | undefined {
  const version = UBUNTU_RELEASES[codename.trim().toLowerCase()];
  return version ? `ubuntu:${version}` : undefined;
}
