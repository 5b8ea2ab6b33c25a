import type { Package } from '../../model/index.js';

/**
 * Package identity for vulnerability matching: the name a language ecosystem's advisories are
 * filed under, and the version-free purl that keeps a finding's identity across version bumps.
 */

export interface PurlParts {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
}

const purlCache = new Map<string, PurlParts | undefined>();

/**
 * A minimal purl reader (purl-spec: `pkg:type/namespace/name@version?qualifiers#subpath`, each part
 * percent-decoded). The matcher reads one purl per package; a full parser object per package was
 * the bulk of a 10,000-package match.
 */
export function parsePurl(purl: string): PurlParts | undefined {
  if (purlCache.has(purl)) return purlCache.get(purl);
  const parts = readPurl(purl);
  if (purlCache.size > 50_000) purlCache.clear();
  purlCache.set(purl, parts);
  return parts;
}

function readPurl(purl: string): PurlParts | undefined {
  if (!purl.startsWith('pkg:')) return undefined;
  try {
    let rest = purl.slice(4).replace(/^\/+/, '');
    const hash = rest.indexOf('#');
    if (hash >= 0) rest = rest.slice(0, hash);
    const qualifiers: Record<string, string> = {};
    const q = rest.indexOf('?');
    if (q >= 0) {
      for (const pair of rest.slice(q + 1).split('&')) {
        const eq = pair.indexOf('=');
        if (eq > 0) qualifiers[pair.slice(0, eq).toLowerCase()] = decodeURIComponent(pair.slice(eq + 1));
      }
      rest = rest.slice(0, q);
    }
    const slash = rest.indexOf('/');
    if (slash <= 0) return undefined;
    const type = rest.slice(0, slash).toLowerCase();
    let path = rest.slice(slash + 1);
    let version: string | undefined;
    const at = path.lastIndexOf('@');
    if (at > path.lastIndexOf('/')) {
      version = decodeURIComponent(path.slice(at + 1));
      path = path.slice(0, at);
    }
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    const name = segments.pop();
    if (!name) return undefined;
    const parts: PurlParts = { type, name, qualifiers };
    if (segments.length) parts.namespace = segments.join('/');
    if (version) parts.version = version;
    return parts;
  } catch {
    return undefined;
  }
}

/** PEP 503 normalised project name: lower case, runs of `-`, `_`, `.` become one `-`. */
export function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * The names a language package may be filed under, most specific first: Maven `group:artifact`,
 * npm `@scope/name`, Go module path, Packagist `vendor/name`, PyPI normalised. Never a CPE or a
 * bare name from another ecosystem (name collisions are the classic false positive).
 */
export function languageKeys(pkg: Package): string[] {
  const keys: string[] = [];
  const p = parsePurl(pkg.purl);
  if (p && p.type === pkg.type) keys.push(keyFromParts(pkg.type, p.namespace, p.name));
  keys.push(keyFromParts(pkg.type, pkg.name.includes(separator(pkg.type)) ? undefined : pkg.namespace, pkg.name));
  if (pkg.type === 'pypi') keys.push(pkg.name);
  return [...new Set(keys)];
}

function separator(type: string): string {
  return type === 'maven' ? ':' : '/';
}

function keyFromParts(type: string, namespace: string | undefined, name: string): string {
  switch (type) {
    case 'maven':
      return namespace ? `${namespace}:${name}` : name;
    case 'npm':
    case 'golang':
    case 'composer':
      return namespace ? `${namespace}/${name}` : name;
    case 'pypi':
      return pep503(name);
    default:
      return name;
  }
}

/**
 * The purl without version and without qualifiers that move with the version (`epoch`, `distro`,
 * `repository_url`…); `arch` stays, since multi-arch dpkg installs the same package twice.
 */
export function versionlessPurl(pkg: Package): string {
  const p = parsePurl(pkg.purl);
  const type = p?.type ?? pkg.type;
  const namespace = p ? p.namespace : pkg.namespace;
  const name = p?.name ?? pkg.name;
  const path = [...(namespace ? namespace.split('/') : []), name].map(encodeURIComponent).join('/');
  const arch = p?.qualifiers.arch ?? pkg.arch;
  return `pkg:${type}/${path}${arch ? `?arch=${encodeURIComponent(arch)}` : ''}`;
}

/** An RPM version with the epoch from the purl's `epoch=` qualifier when the version string lacks it (grype#2170). */
export function rpmVersionWithEpoch(pkg: Package): string {
  if (pkg.version.includes(':')) return pkg.version;
  const epoch = parsePurl(pkg.purl)?.qualifiers.epoch;
  return epoch && epoch !== '0' ? `${epoch}:${pkg.version}` : pkg.version;
}
