import { fingerprint, imageAsset, kubeObjectAsset, type Finding, type Severity } from '../../../../src/model/index.js';

/** Findings as the analyzers make them, for the governance tests: a workload's and an image's. */

export function workloadFinding(o: { check: string; severity?: Severity; cluster?: string; namespace: string; name: string; status?: Finding['status']; controls?: string[] }): Finding {
  const asset = kubeObjectAsset({ cluster: o.cluster, namespace: o.namespace, kind: 'Deployment', name: o.name });
  return {
    fingerprint: fingerprint(o.check, asset.ref, 'container:app'),
    checkId: o.check,
    severity: o.severity ?? 'high',
    status: o.status ?? 'fail',
    message: { en: `${o.check} on ${o.name}`, zh: `${o.name} 上的 ${o.check}` },
    asset,
    subject: 'container:app',
    container: 'app',
    location: { file: 'deploy.yaml', line: 12 },
    controls: o.controls ?? [],
  };
}

export function vulnFinding(o: { image: string; purl: string; id: string; severity?: Severity; controls?: string[] }): Finding {
  const asset = imageAsset({ reference: o.image, manifestDigest: `sha256:${'a'.repeat(64)}`, configDigest: `sha256:${'b'.repeat(64)}` });
  const type = /^pkg:([^/]+)\//.exec(o.purl)![1]!;
  const name = o.purl.replace(/^pkg:[^/]+\/(?:[^/]+\/)?([^@]+)@.*$/, '$1');
  return {
    fingerprint: fingerprint('image.vuln', asset.ref, `${o.purl}:${o.id}`),
    checkId: 'image.vuln',
    severity: o.severity ?? 'critical',
    status: 'fail',
    message: { en: `${o.id} in ${name}`, zh: `${name} 中的 ${o.id}` },
    asset,
    subject: `package:${name}`,
    location: {},
    controls: o.controls ?? [],
    package: { name, version: '1.0', type, purl: o.purl },
    vulnerability: { id: o.id, aliases: [], status: 'fixed', installedVersion: '1.0', fixedVersion: '1.1', severitySource: 'nvd', dataSource: 'test' },
  };
}
