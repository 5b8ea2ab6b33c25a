import type { AdvisoryNamespace, VersionScheme } from '../../../model/index.js';

/** Where an OSV `affected[].package.ecosystem` lands in the advisory model. */
export interface OsvEcosystemTarget {
  readonly namespace: AdvisoryNamespace;
  readonly scheme: VersionScheme;
  /** OS distributions: the record's package is the vendor's package (source for Ubuntu/Debian/Alpine, binary RPM for AlmaLinux). */
  readonly distro: boolean;
}

const LANGUAGE_ECOSYSTEMS: Record<string, { namespace: string; scheme: VersionScheme }> = {
  npm: { namespace: 'npm', scheme: 'npm' },
  PyPI: { namespace: 'pypi', scheme: 'pep440' },
  Maven: { namespace: 'maven', scheme: 'maven' },
  // Go keeps the standard library and toolchain as the package names `stdlib` and `toolchain`.
  Go: { namespace: 'golang', scheme: 'go' },
  'crates.io': { namespace: 'cargo', scheme: 'semver' },
  RubyGems: { namespace: 'gem', scheme: 'gem' },
  Packagist: { namespace: 'composer', scheme: 'composer' },
  NuGet: { namespace: 'nuget', scheme: 'nuget' },
};

/** RPM-family ecosystems keyed by release major (`AlmaLinux:9`, `Rocky Linux:9`). */
const RPM_ECOSYSTEMS: Record<string, string> = { AlmaLinux: 'almalinux', 'Rocky Linux': 'rocky' };

/**
 * Maps an OSV ecosystem string to a namespace and version scheme, or undefined for ecosystems the
 * model has no comparator for (Hex, Pub, CRAN, …) and for variants whose builds differ from the
 * release's (Ubuntu FIPS streams).
 */
export function osvEcosystemTarget(ecosystem: string): OsvEcosystemTarget | undefined {
  // Bulk feeds repeat a handful of ecosystem strings tens of thousands of times.
  if (!targets.has(ecosystem)) targets.set(ecosystem, resolve(ecosystem));
  return targets.get(ecosystem);
}

const targets = new Map<string, OsvEcosystemTarget | undefined>();

function resolve(ecosystem: string): OsvEcosystemTarget | undefined {
  const language = LANGUAGE_ECOSYSTEMS[ecosystem];
  if (language) return { ...language, distro: false };
  const colon = ecosystem.indexOf(':');
  if (colon < 0) return undefined;
  const family = ecosystem.slice(0, colon);
  const rest = ecosystem.slice(colon + 1);
  const rpm = RPM_ECOSYSTEMS[family];
  if (rpm) {
    const major = /^(\d+)(?:\.\d+)*$/.exec(rest)?.[1];
    return major ? { namespace: `${rpm}:${major}`, scheme: 'rpm', distro: true } : undefined;
  }
  if (family === 'Debian') {
    const major = /^(\d+)$/.exec(rest)?.[1];
    return major ? { namespace: `debian:${major}`, scheme: 'dpkg', distro: true } : undefined;
  }
  if (family === 'Alpine') {
    const release = /^v?(\d+\.\d+)$/.exec(rest)?.[1];
    return release ? { namespace: `alpine:${release}`, scheme: 'apk', distro: true } : undefined;
  }
  if (family === 'Ubuntu') {
    // `Ubuntu:22.04:LTS`, `Ubuntu:Pro:18.04:LTS`, `Ubuntu:24.10`: Pro (ESM) packages are the same
    // source packages of the same release, so they share its namespace. FIPS streams ship
    // separately built packages and are left out rather than compared against the release's.
    const parts = rest.split(':');
    if (parts.some((p) => /fips/i.test(p))) return undefined;
    const release = parts.find((p) => /^\d\d\.\d\d$/.test(p));
    return release ? { namespace: `ubuntu:${release}`, scheme: 'dpkg', distro: true } : undefined;
  }
  return undefined;
}
