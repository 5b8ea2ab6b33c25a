/**
 * The software an image (or an SBOM) holds. The package inventory is what the SBOM writers emit and
 * what the vulnerability matcher reads; it knows nothing of where the files came from.
 */

/** purl types (https://github.com/package-url/purl-spec): the ecosystem a package belongs to. */
export const PACKAGE_TYPES = ['deb', 'apk', 'rpm', 'npm', 'pypi', 'maven', 'golang', 'gem', 'cargo', 'composer', 'nuget'] as const;
export type PackageType = (typeof PACKAGE_TYPES)[number];

export interface Package {
  name: string;
  /**
   * The version as the ecosystem writes it. RPM: `[epoch:]version-release` with the epoch kept when
   * the database records one (a missing epoch is the classic false positive). dpkg: the full
   * `[epoch:]upstream[-revision]`.
   */
  version: string;
  type: PackageType;
  /** Package URL, with `distro=` and `epoch=`/`arch=` qualifiers for OS packages. */
  purl: string;
  /** SPDX ids or expressions where the metadata gives them, else the text as written. */
  licenses: string[];
  /** Maven group, npm scope, Go module path prefix…: already part of `name` where the ecosystem's key includes it. */
  namespace?: string;
  /** The source package: dpkg `Source:`, rpm `SOURCERPM` (name and version), apk `o:` origin. Vendor feeds key on it. */
  source?: { name: string; version?: string };
  arch?: string;
  /** diffId of the layer that brought the package (its database entry or file). */
  layer?: string;
  /** Absolute path of the file it was read from: `/var/lib/dpkg/status`, `/app/node_modules/x/package.json`. */
  path: string;
  /** For language packages found inside files an OS package owns: the OS package's name (vendor data wins there). */
  ownedBy?: string;
}

export const OS_FAMILIES = ['debian', 'ubuntu', 'rhel', 'rocky', 'almalinux', 'centos', 'amazon', 'alpine', 'wolfi', 'chainguard', 'distroless', 'fedora', 'oracle', 'sles', 'unknown'] as const;
export type OsFamily = (typeof OS_FAMILIES)[number];

export interface OsRelease {
  family: OsFamily;
  /** os-release `VERSION_ID` (`12`, `22.04`, `3.19.1`, `9.4`); for Debian testing/sid the codename. */
  version: string;
  codename?: string;
  /** `PRETTY_NAME`, for display. */
  name: string;
  /** Distroless images built on this family (`gcr.io/distroless/base-debian12` → family debian, distroless true). */
  distroless?: boolean;
}

/** The inventory of one image or SBOM document. */
export interface PackageInventory {
  os?: OsRelease;
  packages: Package[];
}
