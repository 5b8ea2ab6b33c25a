import type { Localized } from '../../model/index.js';
import { KUBERNETES_RELEASES, type KubernetesRelease } from './releases.js';

/**
 * The API server's reported version (`GET /version`) against upstream support. Minor versions are
 * read from `minor` ("33", "33+" on some managed platforms) or, failing that, `gitVersion`.
 */

export interface VersionVerdict {
  minor: number;
  /** Present when the minor is past its end of life on the scan date. */
  unsupported?: { endOfLife: string; message: Localized };
  /** Set when the table has no entry for this minor (older than the table counts as unsupported). */
  unknown?: boolean;
}

export function parseMinor(version: { major: string; minor: string; gitVersion: string }): number | undefined {
  const minor = /^(\d+)/.exec(version.minor);
  if (version.major.replace(/\D/g, '') === '1' && minor) return Number(minor[1]);
  const git = /^v?1\.(\d+)\./.exec(version.gitVersion);
  return git ? Number(git[1]) : undefined;
}

export function judgeVersion(version: { major: string; minor: string; gitVersion: string }, today: Date, releases: readonly KubernetesRelease[] = KUBERNETES_RELEASES): VersionVerdict | undefined {
  const minor = parseMinor(version);
  if (minor === undefined) return undefined;
  const day = today.toISOString().slice(0, 10);
  const oldest = releases[0];
  const release = releases.find((r) => r.minor === minor);
  if (!release) {
    if (oldest && minor < oldest.minor) {
      const endOfLife = `before ${oldest.endOfLife}`;
      return { minor, unsupported: { endOfLife, message: eolMessage(version.gitVersion, minor, endOfLife, supportedOn(releases, day)) } };
    }
    return { minor, unknown: true };
  }
  if (release.endOfLife >= day) return { minor };
  return { minor, unsupported: { endOfLife: release.endOfLife, message: eolMessage(version.gitVersion, minor, release.endOfLife, supportedOn(releases, day)) } };
}

function supportedOn(releases: readonly KubernetesRelease[], day: string): string {
  const live = releases.filter((r) => r.released <= day && r.endOfLife >= day).map((r) => `1.${r.minor}`);
  return live.join(', ') || 'none in the table';
}

function eolMessage(gitVersion: string, minor: number, endOfLife: string, supported: string): Localized {
  return {
    en: `API server runs ${gitVersion} (1.${minor}), out of upstream support since ${endOfLife}: no more security fixes (supported: ${supported})`,
    zh: `API Server 运行 ${gitVersion}（1.${minor}），自 ${endOfLife} 起已停止上游支持，不再获得安全修复（受支持版本：${supported}）`,
  };
}
