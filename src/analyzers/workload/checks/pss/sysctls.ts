/**
 * pod.sysctls — Pod Security Standards baseline, PSA check `sysctls`.
 * Reads:   spec.securityContext.sysctls[*].name
 * Allowed: the "safe" namespaced sysctls of the policy version (names compared exactly):
 *          1.0   kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies,
 *                net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start
 *          1.27  + net.ipv4.ip_local_reserved_ports
 *          1.29  + net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout,
 *                  net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes
 *          1.32  + net.ipv4.tcp_rmem, net.ipv4.tcp_wmem
 *          1.37  + net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat
 * One finding per forbidden sysctl, so that one can be waived without the others.
 */
import type { Violation, WorkloadCheck } from '../../check.js';
import { pssVersionAtLeast, type PssVersion } from '../../check.js';
import { show } from './fields.js';

const SAFE_SYSCTLS: readonly { since: number; names: readonly string[] }[] = [
  {
    since: 0,
    names: [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    ],
  },
  { since: 27, names: ['net.ipv4.ip_local_reserved_ports'] },
  { since: 29, names: ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'] },
  { since: 32, names: ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'] },
  { since: 37, names: ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'] },
];

const safeByVersion = new Map<PssVersion, ReadonlySet<string>>();

export function safeSysctls(version: PssVersion): ReadonlySet<string> {
  let safe = safeByVersion.get(version);
  if (!safe) {
    safe = new Set(SAFE_SYSCTLS.filter((s) => pssVersionAtLeast(version, s.since)).flatMap((s) => s.names));
    safeByVersion.set(version, safe);
  }
  return safe;
}

export const sysctls: WorkloadCheck = {
  id: 'pod.sysctls',
  run(pod, ctx) {
    const safe = safeSysctls(ctx.pssVersion);
    const out: Violation[] = [];
    const seen = new Set<string>();
    (pod.spec.securityContext?.sysctls ?? []).forEach((sysctl, i) => {
      const name: unknown = sysctl.name;
      if (typeof name === 'string' && safe.has(name)) return;
      const shown = show(name);
      // A repeated name is one finding: the subject must stay unique within the pod.
      if (seen.has(shown)) return;
      seen.add(shown);
      out.push({
        path: [...pod.specPath, 'securityContext', 'sysctls', i, 'name'],
        subject: `sysctl:${shown}`,
        message: {
          en: `pod sets sysctl ${shown}, which is not in the safe set for this policy version`,
          zh: `Pod 设置了 sysctl ${shown}，它不在当前策略版本允许的安全 sysctl 集合内`,
        },
        evidence: `sysctls: ${shown}=${show(sysctl.value)}`,
      });
    });
    return out;
  },
};
