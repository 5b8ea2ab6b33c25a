/**
 * The three host-namespace checks share one rule (PSA check `hostNamespaces`): the pod-level
 * boolean must be false or unset. Rampart reports them under separate ids so that each can be
 * waived and mapped on its own; pod.host-network, pod.host-pid and pod.host-ipc build on this.
 */
import type { Localized } from '../../../../model/index.js';
import type { WorkloadCheck } from '../../check.js';
import { specSubject } from './fields.js';

export function hostNamespaceCheck(id: string, field: 'hostNetwork' | 'hostPID' | 'hostIPC', message: Localized): WorkloadCheck {
  return {
    id,
    run(pod) {
      if (pod.spec[field] !== true) return [];
      return [{ path: [...pod.specPath, field], subject: specSubject(field), message, evidence: `${field}: true` }];
    },
  };
}
