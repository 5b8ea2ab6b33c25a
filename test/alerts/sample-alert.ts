import { fingerprint, kubeObjectAsset, type Finding, type Severity } from '../../src/model/index.js';

/** A runtime alert as the rules engine raises it: a shell in a payments container. */
export function sampleAlert(options: { n?: number; severity?: Severity; checkId?: string } = {}): Finding {
  const n = options.n ?? 1;
  const checkId = options.checkId ?? 'runtime.shell-in-container';
  const asset = kubeObjectAsset({ cluster: 'prod', namespace: 'payments', kind: 'Deployment', name: 'api' });
  return {
    fingerprint: fingerprint(checkId, asset.ref, 'container:app'),
    checkId,
    severity: options.severity ?? 'high',
    status: 'fail',
    message: {
      en: `Shell /bin/sh started in container app of payments/Deployment/api (alert ${n})`,
      zh: `容器 payments/Deployment/api 的 app 中启动了 shell /bin/sh（告警 ${n}）`,
    },
    asset,
    subject: 'container:app',
    container: 'app',
    location: {},
    evidence: '/bin/sh -c "curl -H Authorization: Bearer ey************Qk"',
    controls: [],
    runtime: {
      eventId: `evt-${n}`,
      eventTime: '2026-11-23T10:00:00.000Z',
      eventKind: 'process',
      source: 'auditd',
      mitre: ['T1059.004', 'T1609'],
      node: 'node-a',
      pod: 'api-7d9f8-xk2lp',
      containerId: 'c'.repeat(64),
      process: { exe: '/bin/sh', args: ['sh', '-c', 'id'], pid: 4242, parent: '/usr/bin/containerd-shim', uid: 0 },
    },
  };
}
