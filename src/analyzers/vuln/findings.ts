import type { Asset, ControlKey, Finding, Localized, VulnerabilityDetail } from '../../model/index.js';
import { fingerprint } from '../../model/index.js';
import type { VulnMatch } from './matcher.js';
import { versionlessPurl } from './purl-key.js';
import { chooseSeverity } from './severity.js';

export const VULN_CHECK_ID = 'image.vuln';

export interface VulnFindingOptions {
  /** Compliance controls `image.vuln` evidences (from the framework index). */
  controls?: ControlKey[];
}

/**
 * Turns matches into `image.vuln` findings on one asset (an image, or the SBOM document standing
 * for one).
 *
 * Identity: fingerprint(check, asset, `<purl without version>#<vuln id>`). The version (and the
 * qualifiers that move with it: epoch, distro) is left out so that a package bumped to a version
 * that is still vulnerable keeps its finding — and its waiver and history. When the image holds
 * the same package more than once (two `node_modules` copies), the file path is added to tell them
 * apart.
 */
export function vulnFindings(matches: readonly VulnMatch[], asset: Asset, options: VulnFindingOptions = {}): Finding[] {
  const keys = matches.map((m) => `${versionlessPurl(m.package)}#${m.vulnId}`);
  const paths = new Map<string, Set<string>>();
  keys.forEach((key, i) => {
    const set = paths.get(key) ?? new Set<string>();
    set.add(matches[i]!.package.path);
    paths.set(key, set);
  });
  return matches.map((m, i) => {
    const key = keys[i]!;
    const subject = (paths.get(key)?.size ?? 0) > 1 ? `${key}@${m.package.path}` : key;
    return vulnFinding(m, asset, subject, options.controls ?? []);
  });
}

function vendorName(m: VulnMatch): string {
  const ns = m.namespace.split(':')[0] ?? m.namespace;
  if (m.namespace.includes(':')) return ns === 'rhel' ? 'redhat' : ns;
  if (/ghsa|github/i.test(m.record.source) || m.record.vulnId.startsWith('GHSA-')) return 'ghsa';
  return m.record.source;
}

function vulnFinding(m: VulnMatch, asset: Asset, subject: string, controls: ControlKey[]): Finding {
  const pkg = m.package;
  const choice = chooseSeverity(m.record.severity ? { severity: m.record.severity, name: vendorName(m) } : undefined, m.vulnerability.cvss);
  const detail: VulnerabilityDetail = {
    id: m.vulnId,
    aliases: m.aliases,
    status: m.status,
    installedVersion: pkg.version,
    severitySource: choice.source,
    dataSource: m.dataSources.join(','),
  };
  const title = m.vulnerability.summary;
  if (title) detail.title = title;
  if (m.fixedVersion) detail.fixedVersion = m.fixedVersion;
  if (choice.cvss) detail.cvss = choice.cvss;
  if (m.vulnerability.kev) detail.kev = m.vulnerability.kev;
  if (m.vulnerability.epss) detail.epss = { score: m.vulnerability.epss.score, percentile: m.vulnerability.epss.percentile };
  if (m.record.advisory) detail.advisory = m.record.advisory;

  const finding: Finding = {
    fingerprint: fingerprint(VULN_CHECK_ID, asset.ref, subject),
    checkId: VULN_CHECK_ID,
    severity: choice.severity,
    status: 'fail',
    message: message(m),
    asset,
    subject,
    location: { file: pkg.path },
    evidence: evidence(m),
    controls,
    vulnerability: detail,
    package: { name: pkg.name, version: pkg.version, type: pkg.type, purl: pkg.purl, path: pkg.path },
  };
  if (pkg.layer) {
    finding.location.layer = pkg.layer;
    finding.package!.layer = pkg.layer;
  }
  return finding;
}

function evidence(m: VulnMatch): string {
  const pkg = m.package;
  const via = m.matchedName !== pkg.name ? ` (source package ${m.matchedName} ${m.installedVersion})` : '';
  return `${pkg.purl}${via}`;
}

const STATUS_TEXT: Record<Exclude<VulnMatch['status'], 'fixed'>, Localized> = {
  affected: { en: 'no fix is available yet', zh: '尚无修复版本' },
  'will-not-fix': { en: 'the vendor will not fix it', zh: '厂商不会修复' },
  'fix-deferred': { en: 'the vendor has deferred the fix', zh: '厂商已推迟修复' },
  'end-of-life': { en: 'the release is out of support and gets no fix', zh: '该发行版本已停止支持，不会修复' },
};

function message(m: VulnMatch): Localized {
  const pkg = m.package;
  const head = { en: `${pkg.name} ${pkg.version} is affected by ${m.vulnId}`, zh: `${pkg.name} ${pkg.version} 受 ${m.vulnId} 影响` };
  if (m.status === 'fixed' && m.fixedVersion) {
    return { en: `${head.en}; fixed in ${m.fixedVersion}`, zh: `${head.zh}；已在 ${m.fixedVersion} 中修复` };
  }
  const tail = STATUS_TEXT[m.status === 'fixed' ? 'affected' : m.status];
  return { en: `${head.en}; ${tail.en}`, zh: `${head.zh}；${tail.zh}` };
}
