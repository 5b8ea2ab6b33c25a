import type { AdvisoryNamespace, OsRelease } from '../../model/index.js';
import { DEBIAN_RELEASES, UBUNTU_RELEASES } from './releases.js';

/**
 * Which advisory namespace holds the vendor's data for an OS release, as the vendors key their
 * streams: Debian by major (`debian:12`), Ubuntu by `YY.MM`, Alpine by minor (`alpine:3.19` from
 * VERSION_ID `3.19.1`) or `alpine:edge`, the RPM family by major (`rhel:9`, `almalinux:9`), Amazon
 * by its generation (`amazon:2`, `amazon:2023`).
 *
 * `candidates` lists the namespaces to try in order: Rocky, Alma, CentOS and Oracle rebuild RHEL
 * with the same package names and NEVRs (bar the dist tag), so when the database holds nothing for
 * their own namespace the matcher falls back to `rhel:N` — a fallback the matcher reports in its
 * notes, because the rebuild can lag Red Hat's fix by days.
 */
export interface OsNamespaces {
  candidates: AdvisoryNamespace[];
}

function major(version: string): string | undefined {
  return /^(\d+)/.exec(version.trim())?.[1];
}

/** Candidate namespaces for an OS release, most specific first; none when the family has no vendor feed we know. */
export function osNamespaces(os: OsRelease): OsNamespaces {
  const version = os.version.trim().toLowerCase();
  const codename = os.codename?.trim().toLowerCase();
  switch (os.family) {
    case 'debian': {
      // testing/sid report a codename (`trixie/sid`) or nothing numeric: the codename picks the release.
      // sid is keyed `debian:unstable`, as the tracker names it.
      const n = major(version) ?? DEBIAN_RELEASES[codename ?? ''] ?? DEBIAN_RELEASES[version.split('/')[0] ?? ''];
      if (n) return { candidates: [`debian:${n}`] };
      return { candidates: version.includes('sid') ? ['debian:unstable'] : [] };
    }
    case 'ubuntu': {
      const m = /^(\d{2}\.\d{2})/.exec(version);
      const v = m?.[1] ?? UBUNTU_RELEASES[codename ?? ''];
      return { candidates: v ? [`ubuntu:${v}`] : [] };
    }
    case 'alpine':
    case 'wolfi':
    case 'chainguard': {
      if (os.family !== 'alpine') return { candidates: [os.family] };
      // Edge reports the next release with a pre-release suffix (`3.21.0_alpha20240807`).
      if (version === 'edge' || /_(alpha|beta|rc)/.test(version)) return { candidates: ['alpine:edge'] };
      const m = /^(\d+\.\d+)/.exec(version);
      return { candidates: m ? [`alpine:${m[1]}`] : [] };
    }
    case 'rhel':
      return rpmFamily(undefined, version);
    case 'centos':
    case 'rocky':
    case 'almalinux':
    case 'oracle':
      return rpmFamily(os.family, version);
    case 'amazon': {
      // VERSION_ID `2`, `2023`, or (Amazon Linux 1) `2018.03`.
      const v = /^(\d{4})\.\d{2}$/.test(version) ? '1' : major(version);
      return { candidates: v ? [`amazon:${v}`] : [] };
    }
    case 'fedora': {
      const n = major(version);
      return { candidates: n ? [`fedora:${n}`] : [] };
    }
    case 'sles': {
      // SUSE streams are per service pack: `15.5`.
      const m = /^(\d+(?:\.\d+)?)/.exec(version);
      return { candidates: m ? [`sles:${m[1]}`] : [] };
    }
    case 'distroless':
    case 'unknown':
      return { candidates: [] };
  }
}

function rpmFamily(own: string | undefined, version: string): OsNamespaces {
  const n = major(version);
  if (!n) return { candidates: [] };
  return { candidates: own ? [`${own}:${n}`, `rhel:${n}`] : [`rhel:${n}`] };
}

/** The label used in notes: `alpine:3.22` for an OS release, whatever namespace it would map to. */
export function osLabel(os: OsRelease): string {
  return `${os.family}:${os.version}`;
}
