import type { LayerEntry } from '../../model/image.js';
import type { OsFamily, OsRelease } from '../../model/package.js';

/** Release files, most authoritative first: os-release wins, the distribution's own files fill gaps. */
export const OS_RELEASE_PATHS = [
  '/etc/os-release',
  '/usr/lib/os-release',
  '/etc/alpine-release',
  '/etc/system-release',
  '/etc/redhat-release',
  '/etc/debian_version',
] as const;

const RELEASE_PATHS: ReadonlySet<string> = new Set(OS_RELEASE_PATHS);

const OS_RELEASE_IDS: Record<string, OsFamily> = {
  debian: 'debian',
  ubuntu: 'ubuntu',
  rhel: 'rhel',
  rocky: 'rocky',
  almalinux: 'almalinux',
  centos: 'centos',
  amzn: 'amazon',
  alpine: 'alpine',
  wolfi: 'wolfi',
  chainguard: 'chainguard',
  fedora: 'fedora',
  ol: 'oracle',
  sles: 'sles',
};

/** Detects the OS from the release files of an image's final view. */
export const osReleaseDetector = {
  id: 'os-release',
  maxSize: 64 * 1024,
  wants(path: string, _entry?: LayerEntry): boolean {
    return RELEASE_PATHS.has(path);
  },
  parse(path: string, content: Buffer | string): OsRelease | undefined {
    return parseReleaseFile(path, content.toString('utf8'));
  },
};

/** Parses os-release's `KEY=value` lines (shell quoting, `#` comments). */
export function parseOsReleaseFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
      value = value.slice(1, -1);
      if (line[eq + 1] === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    }
    fields[line.slice(0, eq).trim()] = value;
  }
  return fields;
}

/** One release file → what it says about the OS; undefined when it names nothing we know. */
export function parseReleaseFile(path: string, text: string): OsRelease | undefined {
  switch (path) {
    case '/etc/os-release':
    case '/usr/lib/os-release':
      return fromOsRelease(parseOsReleaseFields(text));
    case '/etc/alpine-release': {
      const version = text.trim();
      return version ? { family: 'alpine', version, name: `Alpine Linux v${version.split('.').slice(0, 2).join('.')}` } : undefined;
    }
    case '/etc/debian_version': {
      const raw = text.trim();
      if (!raw) return undefined;
      // `12.5` on a release; `trixie/sid` on testing, where the codename is the version.
      const numeric = /^(\d+)(\.\d+)*$/.exec(raw);
      if (numeric) return { family: 'debian', version: numeric[1] ?? raw, name: `Debian GNU/Linux ${numeric[1]}` };
      const codename = raw.split('/')[0] ?? raw;
      return { family: 'debian', version: codename, codename, name: `Debian GNU/Linux ${raw}` };
    }
    case '/etc/system-release':
    case '/etc/redhat-release':
      return fromRedhatRelease(text.trim());
    default:
      return undefined;
  }
}

function fromOsRelease(fields: Record<string, string>): OsRelease | undefined {
  const id = (fields.ID ?? '').toLowerCase();
  let family: OsFamily | undefined = OS_RELEASE_IDS[id];
  if (!family) {
    const like = (fields.ID_LIKE ?? '').toLowerCase().split(/\s+/);
    if (id.startsWith('sle') || id.startsWith('opensuse')) family = 'sles';
    else if (like.includes('debian')) family = 'debian';
    else family = 'unknown';
  }
  const codename = fields.VERSION_CODENAME || fields.UBUNTU_CODENAME || undefined;
  let version = fields.VERSION_ID ?? '';
  if (!version && codename) version = codename; // Debian testing/sid carry no VERSION_ID
  const name = fields.PRETTY_NAME || fields.NAME || id;
  const release: OsRelease = { family, version, name };
  if (codename) release.codename = codename;
  if (isDistroless(fields)) release.distroless = true;
  return release;
}

function isDistroless(fields: Record<string, string>): boolean {
  return /distroless/i.test(fields.PRETTY_NAME ?? '') || /distroless/i.test(fields.HOME_URL ?? '');
}

/** `/etc/redhat-release` and Amazon's `/etc/system-release`: one line, `<Name> release <version> (<codename>)`. */
function fromRedhatRelease(line: string): OsRelease | undefined {
  const m = /^(.*?)\s+release\s+(\S+)(?:\s+\((.*)\))?/i.exec(line);
  if (!m) return undefined;
  const vendor = (m[1] ?? '').toLowerCase();
  const full = m[2] ?? '';
  let family: OsFamily;
  if (vendor.startsWith('amazon linux')) family = 'amazon';
  else if (vendor.startsWith('red hat')) family = 'rhel';
  else if (vendor.startsWith('centos')) family = 'centos';
  else if (vendor.startsWith('rocky')) family = 'rocky';
  else if (vendor.startsWith('almalinux')) family = 'almalinux';
  else if (vendor.startsWith('fedora')) family = 'fedora';
  else if (vendor.startsWith('oracle')) family = 'oracle';
  else return undefined;
  // Amazon Linux AMI writes `2018.03`; AL2 `2`; AL2023 `2023.4.20240401`: the release is the first part.
  const version = family === 'amazon' && /^20\d\d\.\d+\.\d+/.test(full) ? full.split('.')[0] ?? full : full;
  const release: OsRelease = { family, version, name: line };
  if (m[3]) release.codename = m[3];
  return release;
}

export interface OsDetectionHints {
  /** The final view has `/var/lib/dpkg/status.d/` entries and no `/var/lib/dpkg/status`: a distroless image. */
  dpkgStatusDOnly?: boolean;
}

/**
 * Combines the release files found in the final view (path → content) into one OsRelease: os-release
 * when present and known, else the first distribution-specific file that parses.
 */
export function detectOs(files: ReadonlyMap<string, Buffer | string>, hints: OsDetectionHints = {}): OsRelease | undefined {
  const parsed: OsRelease[] = [];
  for (const path of OS_RELEASE_PATHS) {
    const content = files.get(path);
    if (content === undefined) continue;
    const release = parseReleaseFile(path, content.toString());
    if (release) parsed.push(release);
  }
  let best = parsed.find((r) => r.family !== 'unknown') ?? parsed[0];
  if (!best) return undefined;
  best = { ...best };
  if (!best.version) {
    const sameFamily = parsed.find((r) => r.family === best?.family && r.version);
    if (sameFamily) best.version = sameFamily.version;
  }
  if (hints.dpkgStatusDOnly && (best.family === 'debian' || best.family === 'ubuntu')) best.distroless = true;
  return best;
}
