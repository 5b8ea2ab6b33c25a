import {
  fingerprint,
  kubeObjectAsset,
  REPORT_SCHEMA_VERSION,

  summarise,
  type Asset,
  type Finding,
  type FindingStatus,
  type Report,
  type Severity,
} from '../../src/model/index.js';

/**
 * A deterministic estate for the platform storage benchmark, shaped like a bank's: 4 clusters,
 * 25 namespaces each, 20 teams; 70% of assets are workloads with ~35 misconfiguration findings
 * each, 30% are images with ~250 vulnerability findings each (so images hold three quarters of
 * the findings, as in real estates). Severities, statuses and controls follow realistic skews.
 * Reports group ~100 assets of one cluster, as `rampart cluster` uploads them.
 */

export const CLUSTERS = ['prod-sh', 'prod-bj', 'uat', 'dev'];
export const NAMESPACES_PER_CLUSTER = 25;
export const TEAMS = Array.from({ length: 20 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
export const CONTROLS = [
  'cis-k8s-1.12:5.2.2', 'cis-k8s-1.12:5.2.3', 'cis-k8s-1.12:5.2.4', 'cis-k8s-1.12:5.2.5', 'cis-k8s-1.12:5.2.7', 'cis-k8s-1.12:5.2.8',
  'cis-k8s-1.12:5.2.9', 'cis-k8s-1.12:5.7.3', 'mlps-2.0-l3:8.1.4.2 f', 'mlps-2.0-l3:8.1.4.4 c', 'pci-dss-4.0:2.2.5', 'pci-dss-4.0:6.3.3',
  'nsa-cisa:pod-security', 'pss:privileged', 'pss:capabilities', 'jrt-0167:7.1.3',
];
const POD_CHECKS = Array.from({ length: 31 }, (_, i) => `pod.check-${String(i).padStart(2, '0')}`);
const WORKLOAD_FINDINGS = 35;
const IMAGE_FINDINGS = 250;
const ASSETS_PER_REPORT = 100;

/** Small, fast, seedable PRNG (mulberry32): the same estate on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickSeverity(r: number): Severity {
  return r < 0.05 ? 'critical' : r < 0.25 ? 'high' : r < 0.6 ? 'medium' : r < 0.9 ? 'low' : 'info';
}

function pickStatus(r: number): FindingStatus {
  return r < 0.9 ? 'fail' : r < 0.97 ? 'waived' : 'not-evaluated';
}

export function namespaceName(cluster: number, ns: number): string {
  return `app-${cluster}-${String(ns).padStart(2, '0')}`;
}

export function teamOf(namespace: string): string {
  let h = 0;
  for (const c of namespace) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return TEAMS[h % TEAMS.length]!;
}

export function imageDigest(i: number): string {
  return 'sha256:' + (i.toString(16).padStart(8, '0') + 'e3b0c44298fc1c149afbf4c8996fb924').padEnd(64, '7');
}

export interface EstatePlan {
  assets: number;
  findings: number;
}

/** Assets needed for about `findings` findings (1,000,000 → 10,000 assets). */
export function plan(findings: number): EstatePlan {
  const perAsset = 0.7 * WORKLOAD_FINDINGS + 0.3 * IMAGE_FINDINGS;
  const assets = Math.max(10, Math.round(findings / perAsset));
  return { assets, findings: Math.round(assets * perAsset) };
}

function workloadFindings(asset: Asset, rand: () => number, scanTime: string): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < WORKLOAD_FINDINGS; i++) {
    const check = POD_CHECKS[i % POD_CHECKS.length]!;
    const subject = i < POD_CHECKS.length ? 'container:app' : 'container:sidecar';
    const severity = pickSeverity(rand());
    const c1 = CONTROLS[Math.floor(rand() * CONTROLS.length)]!;
    const c2 = CONTROLS[Math.floor(rand() * CONTROLS.length)]!;
    out.push({
      fingerprint: fingerprint(check, asset.ref, subject),
      checkId: check,
      severity,
      status: pickStatus(rand()),
      message: { en: `Container ${subject.slice(10)} of ${asset.name} fails ${check}: securityContext allows more than it needs`, zh: `${asset.name} 的容器 ${subject.slice(10)} 未通过 ${check}:securityContext 权限过宽` },
      asset,
      subject,
      container: subject.slice(10),
      location: { path: `spec.template.spec.containers[${i < POD_CHECKS.length ? 0 : 1}].securityContext`, file: `deploy/${asset.namespace}/${asset.objectName}.yaml`, line: 20 + i },
      evidence: `securityContext: {allowPrivilegeEscalation: true, scanned: ${scanTime.slice(0, 10)}}`,
      controls: c1 === c2 ? [c1] : [c1, c2],
    });
  }
  return out;
}

function imageFindings(asset: Asset, rand: () => number): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < IMAGE_FINDINGS; i++) {
    const os = i < IMAGE_FINDINGS * 0.6;
    const type = os ? 'deb' : 'npm';
    const name = os ? `lib${Math.floor(rand() * 400)}` : `pkg-${Math.floor(rand() * 2000)}`;
    const version = `1.${i % 17}.${i % 5}`;
    const purl = `pkg:${type}/${os ? 'debian/' : ''}${name}@${version}`;
    const id = `CVE-20${20 + (i % 5)}-${String(10000 + Math.floor(rand() * 80000))}`;
    const severity = pickSeverity(rand());
    out.push({
      fingerprint: fingerprint('image.vuln', asset.ref, `${purl}#${id}`),
      checkId: 'image.vuln',
      severity,
      status: pickStatus(rand()),
      message: { en: `${id} in ${name} ${version}`, zh: `${name} ${version} 存在 ${id}` },
      asset,
      subject: `${purl}#${id}`,
      location: { file: os ? '/var/lib/dpkg/status' : `/app/node_modules/${name}/package.json`, layer: 'sha256:' + '1'.repeat(64) },
      controls: ['mlps-2.0-l3:8.1.4.4 c', 'pci-dss-4.0:6.3.3'],
      package: { name, version, type, purl, layer: 'sha256:' + '1'.repeat(64) },
      vulnerability: {
        id,
        aliases: [],
        title: `${name}: out-of-bounds read in the parser`,
        status: 'fixed',
        installedVersion: version,
        fixedVersion: `${version}+deb12u1`,
        severitySource: os ? 'debian' : 'ghsa',
        cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, source: 'nvd' },
        dataSource: os ? 'debian' : 'ghsa',
      },
    });
  }
  return out;
}

/** The estate's assets, in upload order: index → asset. */
export function assetAt(i: number): Asset {
  const cluster = i % CLUSTERS.length;
  const ns = Math.floor(i / CLUSTERS.length) % NAMESPACES_PER_CLUSTER;
  const namespace = namespaceName(cluster, ns);
  if (i % 10 < 3) {
    return { type: 'image', ref: `image://${imageDigest(i)}`, name: `registry.bank.local/${namespace}/svc-${i}:1.${i % 9}` };
  }
  return kubeObjectAsset({ cluster: CLUSTERS[cluster]!, namespace, kind: 'Deployment', name: `svc-${i}` });
}

/** The reports uploading the estate: each ~100 assets of one cluster (images uploaded with them). */
export function* reports(estate: EstatePlan, scanTime: string, seed = 1): Generator<Report> {
  for (let first = 0; first < estate.assets; first += ASSETS_PER_REPORT) {
    const rand = random(seed * 1_000_003 + first);
    const findings: Finding[] = [];
    const images: Asset[] = [];
    for (let i = first; i < Math.min(estate.assets, first + ASSETS_PER_REPORT); i++) {
      const asset = assetAt(i);
      if (asset.type === 'image') {
        images.push(asset);
        findings.push(...imageFindings(asset, rand));
      } else findings.push(...workloadFindings(asset, rand, scanTime));
    }
    yield {
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: { name: 'rampart', version: '0.1.0' },
      command: 'cluster',
      scanTime,
      inputs: [],
      inputErrors: [],
      waivers: [],
      checks: {},
      controls: {},
      frameworks: {},
      namespaces: [],
      images: images.map((a) => ({ reference: a.name, ref: a.ref, configDigest: a.ref.slice(8), platform: 'linux/amd64', layers: 6, packages: 400 })),
      findings,
      summary: summarise(findings, ASSETS_PER_REPORT),
    };
  }
}

/** Routing as the governance layer would: the namespace's team; OS packages of images to the platform team. */
export function route(f: Finding): string | undefined {
  if (f.package && f.package.type === 'deb') return 'team-platform';
  if (f.asset.type === 'image') {
    const ns = /registry\.bank\.local\/([^/]+)\//.exec(f.asset.name)?.[1];
    return ns ? teamOf(ns) : undefined;
  }
  return f.asset.namespace ? teamOf(f.asset.namespace) : undefined;
}
