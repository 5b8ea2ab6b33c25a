/**
 * network.mtls-not-enforced — pod-to-pod traffic to a workload not mutually authenticated and
 * encrypted by a service mesh.
 * Reads:   Istio sidecar injection (namespace label istio-injection / istio.io/rev, pod label or
 *          annotation sidecar.istio.io/inject), ambient enrolment (istio.io/dataplane-mode),
 *          PeerAuthentication (mesh, namespace, workload and port level), Linkerd injection and
 *          default inbound policy annotations, proxy-bypass port annotations (see mesh.ts)
 * Fails:   the workload is not in a mesh; or it is, but accepts plaintext (PERMISSIVE, the Istio
 *          default; Linkerd's default all-unauthenticated policy) or has mTLS disabled; or some
 *          of its ports do (portLevelMtls, ports excluded from the proxy).
 * Passes:  meshed with STRICT mTLS (Istio) or an authenticated-only default inbound policy
 *          (Linkerd) on every port. Encryption done by the application itself (TLS to the
 *          database) or by the CNI (WireGuard, IPsec) cannot be seen in manifests: waive with
 *          that reason.
 */
import type { Localized } from '../../model/index.js';
import type { InventoryCheck, InventoryViolation } from '../inventory.js';
import { meshModel, type EncryptionVerdict, type WorkloadEncryption } from './mesh.js';
import { networkModel } from './model.js';
import { workloadAsset } from './scope.js';

const VERDICT: Record<EncryptionVerdict, Localized> = {
  strict: { en: 'mutual TLS required', zh: '强制双向 TLS' },
  permissive: { en: 'mutual TLS between meshed pods, plaintext still accepted', zh: '网格内 Pod 之间使用双向 TLS，但仍接受明文' },
  disabled: { en: 'in the mesh with mutual TLS disabled', zh: '已加入网格但双向 TLS 被禁用' },
  none: { en: 'not in a service mesh, so plaintext', zh: '未加入服务网格，明文传输' },
};

const MESH: Record<string, string> = { istio: 'Istio sidecar', 'istio-ambient': 'Istio ambient', linkerd: 'Linkerd' };

export function describeEncryption(w: WorkloadEncryption): Localized {
  const head = w.mesh ? `${MESH[w.mesh]}, ` : '';
  const ports = w.ports.length
    ? { en: `; port(s) ${w.ports.map((p) => `${p.port}: ${VERDICT[p.verdict].en} (${p.source.text.en})`).join('; ')}`, zh: `；端口 ${w.ports.map((p) => `${p.port}：${VERDICT[p.verdict].zh}（${p.source.text.zh}）`).join('；')}` }
    : { en: '', zh: '' };
  const why = w.decidedBy ?? (w.mesh ? undefined : w.injection);
  return {
    en: `${head}${VERDICT[w.verdict].en}${why ? ` (${why.text.en})` : ''}${ports.en}`,
    zh: `${head}${VERDICT[w.verdict].zh}${why ? `（${why.text.zh}）` : ''}${ports.zh}`,
  };
}

export const mtlsNotEnforced: InventoryCheck = {
  id: 'network.mtls-not-enforced',
  run(inventory, ctx) {
    const model = networkModel(inventory, ctx.inputError);
    const out: InventoryViolation[] = [];
    for (const w of meshModel(model).workloads) {
      if (w.encrypted) continue;
      const text = describeEncryption(w);
      // Point at what decides: the PeerAuthentication that sets the weak mode, or the workload.
      const weakPort = w.ports.find((p) => p.source.resource);
      const policy = w.verdict !== 'strict' ? w.decidedBy?.resource : weakPort?.source.resource;
      const violation: InventoryViolation = {
        resource: policy ?? w.pod.view.resource,
        path: !policy ? [...w.pod.view.metadataPath] : w.verdict !== 'strict' ? ['spec', 'mtls', 'mode'] : ['spec', 'portLevelMtls', String(weakPort?.port)],
        subject: 'mtls',
        message: {
          en: `traffic to ${w.pod.label} is not required to be mutually authenticated and encrypted: ${text.en}`,
          zh: `访问 ${w.pod.label} 的流量未被强制双向认证和加密：${text.zh}`,
        },
        evidence: w.mesh ? `${w.mesh}: ${w.verdict}${w.ports.length ? `, ports ${w.ports.map((p) => `${p.port}=${p.verdict}`).join(',')}` : ''}` : `no mesh: ${w.injection.text.en}`,
      };
      if (policy) violation.asset = workloadAsset(w.pod);
      out.push(violation);
    }
    return out;
  },
};
