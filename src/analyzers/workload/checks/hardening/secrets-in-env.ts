/**
 * pod.secrets-in-env — CIS Kubernetes 5.4.1 (prefer Secrets as files over environment variables).
 * Reads:   spec.{containers,initContainers,ephemeralContainers}[*].env[*].valueFrom.secretKeyRef
 *          spec.{containers,initContainers,ephemeralContainers}[*].envFrom[*].secretRef
 * Passes:  no environment variable is filled from a Secret. Secrets mounted as volumes pass.
 * Ephemeral containers are included: a debug container that pulls a Secret into its environment
 * exposes it just the same. Evidence names the Secret and key, never a value.
 */
import type { WorkloadCheck, Violation } from '../../check.js';
import { isRecord } from '../../../../model/index.js';
import { containersOf } from '../../pod-spec.js';

export const secretsInEnv: WorkloadCheck = {
  id: 'pod.secrets-in-env',
  run(pod) {
    const out: Violation[] = [];
    for (const c of containersOf(pod)) {
      // One finding per variable or envFrom entry, each with its own subject so that waiving one
      // Secret does not waive the others; repeats of the same name are reported once.
      const seen = new Set<string>();
      const add = (v: Violation): void => {
        if (seen.has(v.subject)) return;
        seen.add(v.subject);
        out.push(v);
      };
      c.spec.env?.forEach((env, i) => {
        const ref: unknown = env.valueFrom?.secretKeyRef;
        if (!isRecord(ref)) return;
        const variable = text(env.name);
        const secret = text(ref.name);
        const key = text(ref.key);
        add({
          path: [...c.path, 'env', i, 'valueFrom', 'secretKeyRef'],
          subject: `${c.subject}/env:${variable}`,
          container: c.name,
          message: {
            en: `container "${c.name}" reads key "${key}" of Secret "${secret}" into environment variable ${variable}`,
            zh: `容器“${c.name}”通过环境变量 ${variable} 读取 Secret“${secret}”的键“${key}”`,
          },
          evidence: `env ${variable}: secretKeyRef ${secret}/${key}`,
        });
      });
      c.spec.envFrom?.forEach((source, i) => {
        const ref: unknown = source.secretRef;
        if (!isRecord(ref)) return;
        const secret = text(ref.name);
        const prefix = typeof source.prefix === 'string' && source.prefix ? ` (prefix ${source.prefix})` : '';
        add({
          path: [...c.path, 'envFrom', i, 'secretRef'],
          subject: `${c.subject}/envFrom:${secret}`,
          container: c.name,
          message: {
            en: `container "${c.name}" loads every key of Secret "${secret}" as environment variables${prefix}`,
            zh: `容器“${c.name}”将 Secret“${secret}”的全部键加载为环境变量${prefix ? `(前缀 ${String(source.prefix)})` : ''}`,
          },
          evidence: `envFrom secretRef ${secret}${prefix}`,
        });
      });
    }
    return out;
  },
};

function text(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : '(unnamed)';
}
