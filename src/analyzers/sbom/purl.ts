import { PackageURL } from 'packageurl-js';
import type { OsFamily, OsRelease, Package } from '../../model/package.js';

/** purl namespace of an OS package by the image's family (purl-spec's deb/rpm/apk vendors). */
const OS_NAMESPACE: Partial<Record<OsFamily, string>> = {
  debian: 'debian',
  ubuntu: 'ubuntu',
  rhel: 'redhat',
  rocky: 'rocky',
  almalinux: 'almalinux',
  centos: 'centos',
  amazon: 'amazon',
  fedora: 'fedora',
  oracle: 'oracle',
  sles: 'suse',
  alpine: 'alpine',
  wolfi: 'wolfi',
  chainguard: 'chainguard',
};

const DEFAULT_OS_NAMESPACE: Partial<Record<Package['type'], string>> = { deb: 'debian', apk: 'alpine', rpm: 'redhat' };

/** `debian-12`, `alpine-3.19`, `ubuntu-22.04`, `rhel-9.4`: the release the OS packages were built for. */
export function distroQualifier(os: OsRelease): string | undefined {
  if (os.family === 'unknown' || !os.version) return undefined;
  let version = os.version;
  // Alpine's secdb and purls key on major.minor; the patch level changes nothing packaged.
  if (os.family === 'alpine') version = version.split('.').slice(0, 2).join('.');
  return `${os.family}-${version}`;
}

type PurlFields = Pick<Package, 'name' | 'version' | 'type' | 'namespace' | 'source' | 'arch'>;

/** The Package URL of a package, with `distro=`, `arch=`, `epoch=` and `upstream=` for OS packages. */
export function packagePurl(pkg: PurlFields, os?: OsRelease): string {
  let namespace: string | undefined;
  let name = pkg.name;
  let version: string | undefined = pkg.version || undefined;
  const qualifiers: Record<string, string> = {};

  switch (pkg.type) {
    case 'deb':
    case 'apk':
    case 'rpm': {
      namespace = (os && OS_NAMESPACE[os.family]) ?? DEFAULT_OS_NAMESPACE[pkg.type];
      if (pkg.arch) qualifiers.arch = pkg.arch;
      if (os) {
        const distro = distroQualifier(os);
        if (distro) qualifiers.distro = distro;
      }
      if (pkg.type === 'rpm' && version) {
        const colon = version.indexOf(':');
        if (colon > 0) {
          qualifiers.epoch = version.slice(0, colon);
          version = version.slice(colon + 1);
        }
      }
      if (pkg.source && pkg.source.name) {
        if (pkg.type === 'rpm') qualifiers.upstream = sourceRpmFileName(pkg.source);
        else if (pkg.source.name !== pkg.name || (pkg.source.version && pkg.source.version !== pkg.version)) {
          qualifiers.upstream = pkg.source.version && pkg.source.version !== pkg.version ? `${pkg.source.name}@${pkg.source.version}` : pkg.source.name;
        }
      }
      break;
    }
    case 'maven': {
      const colon = name.indexOf(':');
      if (colon > 0) {
        namespace = name.slice(0, colon);
        name = name.slice(colon + 1);
      } else namespace = pkg.namespace;
      break;
    }
    case 'npm':
    case 'composer':
    case 'golang': {
      const slash = name.lastIndexOf('/');
      if (slash > 0) {
        namespace = name.slice(0, slash);
        name = name.slice(slash + 1);
      }
      break;
    }
    case 'pypi':
      name = name.toLowerCase().replace(/[-_.]+/g, '-');
      break;
    default:
      break;
  }
  try {
    return new PackageURL(pkg.type, namespace, name, version, Object.keys(qualifiers).length ? qualifiers : undefined, undefined).toString();
  } catch {
    // packageurl-js validates some types strictly (and its golang validator throws a ReferenceError on
    // non-semver `v` versions); an SBOM still needs an identifier, so encode it by hand.
    return manualPurl(pkg.type, namespace, name, version, qualifiers);
  }
}

function sourceRpmFileName(source: { name: string; version?: string }): string {
  return source.version ? `${source.name}-${source.version}.src.rpm` : source.name;
}

function manualPurl(type: string, namespace: string | undefined, name: string, version: string | undefined, qualifiers: Record<string, string>): string {
  const enc = (s: string): string => encodeURIComponent(s).replace(/%3A/g, ':');
  let purl = `pkg:${type}/`;
  if (namespace) purl += namespace.split('/').map(enc).join('/') + '/';
  purl += enc(name);
  if (version) purl += '@' + enc(version);
  const keys = Object.keys(qualifiers).sort();
  if (keys.length) purl += '?' + keys.map((k) => `${k}=${enc(qualifiers[k] ?? '')}`).join('&');
  return purl;
}
