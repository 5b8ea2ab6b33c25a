import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * Which cluster to talk to and as whom: a kubeconfig (`--kubeconfig`, else $KUBECONFIG, else
 * ~/.kube/config, else the pod's in-cluster service account) and a context in it (`--context`,
 * else the current one). Token, client-certificate, exec and auth-provider users and custom CAs
 * are handled by @kubernetes/client-node when each request is prepared.
 */

export interface ClusterTarget {
  kubeConfig: KubeConfig;
  /** The context's name (`in-cluster` inside a pod): findings name the cluster by it. */
  context: string;
  /** API server URL, e.g. `https://10.0.0.1:6443`. */
  server: string;
  /** The context's default namespace, if it sets one. */
  namespace?: string;
}

export class ClusterConfigError extends Error {}

export interface ClusterConfigOptions {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
}

export function loadClusterTarget(options: ClusterConfigOptions = {}): ClusterTarget {
  const env = options.env ?? process.env;
  const kc = new KubeConfig();
  try {
    if (options.kubeconfig) {
      if (!existsSync(options.kubeconfig)) throw new ClusterConfigError(`${options.kubeconfig}: kubeconfig not found`);
      kc.loadFromFile(options.kubeconfig);
    } else if (!env.KUBECONFIG && !defaultKubeconfigExists(env) && env.KUBERNETES_SERVICE_HOST) {
      kc.loadFromCluster();
    } else {
      kc.loadFromDefault();
    }
  } catch (err) {
    if (err instanceof ClusterConfigError) throw err;
    throw new ClusterConfigError(`${options.kubeconfig ?? env.KUBECONFIG ?? 'kubeconfig'}: cannot load: ${firstLine(err)}`);
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new ClusterConfigError(`context "${options.context}" not found in the kubeconfig (contexts: ${known.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  // With no kubeconfig at all, client-node falls back to an unauthenticated http://localhost:8080.
  if (!cluster || (kc.getCurrentContext() === 'loaded-context' && cluster.server === 'http://localhost:8080')) {
    throw new ClusterConfigError('no kubeconfig found: pass --kubeconfig, set KUBECONFIG, or run inside a pod with a service account');
  }
  if (!/^https?:\/\//.test(cluster.server)) throw new ClusterConfigError(`context "${kc.getCurrentContext()}": cluster server "${cluster.server}" is not an http(s) URL`);
  const target: ClusterTarget = { kubeConfig: kc, context: kc.getCurrentContext(), server: cluster.server.replace(/\/+$/, '') };
  const namespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
  if (namespace) target.namespace = namespace;
  return target;
}

function defaultKubeconfigExists(env: NodeJS.ProcessEnv): boolean {
  const home = env.HOME ?? env.USERPROFILE;
  return home !== undefined && existsSync(`${home}/.kube/config`);
}

function firstLine(err: unknown): string {
  return String((err as Error).message ?? err).split('\n')[0] ?? '';
}
