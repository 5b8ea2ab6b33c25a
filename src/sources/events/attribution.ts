/**
 * The workload that owns a pod, for events that know little more than the pod's name (audit
 * events, Falco's `k8s.pod.name`, a container runtime's labels). Baselines are kept per workload,
 * so a wrong guess splits one workload's baseline; owner references are used whenever given,
 * then the labels controllers put on their pods, and the pod name's shape only as a last resort.
 */

export interface PodIdentity {
  name: string;
  ownerReferences?: { kind: string; name: string }[];
  labels?: Record<string, string>;
}

export interface WorkloadRef {
  kind: string;
  name: string;
}

// The alphabet Kubernetes uses for generated suffixes (rand.String and the pod-template-hash):
// consonants and digits without vowels or look-alikes, so names never spell words.
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`);
// A CronJob's Job is named `<cronjob>-<scheduled time in minutes since the epoch>`.
const CRONJOB_JOB = /^(.+)-\d{8,}$/;
const CRONJOB_POD = new RegExp(`^(.+)-\\d{8,}-${SAFE}{5}$`);
const REPLICASET_OF_DEPLOYMENT = new RegExp(`^(.+)-${SAFE}{6,10}$`);
const STATEFULSET_POD = /^(.+)-(0|[1-9]\d{0,3})$/;
const GENERATED_POD = new RegExp(`^(.+)-${SAFE}{5}$`);

export function workloadFromPod(pod: PodIdentity): WorkloadRef {
  const owner = pod.ownerReferences?.[0];
  if (owner) return fromOwner(owner, pod.labels);
  const labels = pod.labels ?? {};

  const templateHash = labels['pod-template-hash'];
  if (templateHash) {
    const suffix = new RegExp(`^(.+)-${escape(templateHash)}-${SAFE}{5}$`).exec(pod.name);
    if (suffix) return { kind: 'Deployment', name: suffix[1] as string };
  }
  const jobName = labels['batch.kubernetes.io/job-name'] ?? labels['job-name'];
  if (jobName) return fromJob(jobName);
  if (labels['statefulset.kubernetes.io/pod-name'] !== undefined || labels['apps.kubernetes.io/pod-index'] !== undefined) {
    const ordinal = STATEFULSET_POD.exec(pod.name);
    if (ordinal) return { kind: 'StatefulSet', name: ordinal[1] as string };
  }
  if (labels['controller-revision-hash'] !== undefined && labels['pod-template-generation'] !== undefined) {
    const generated = GENERATED_POD.exec(pod.name);
    if (generated) return { kind: 'DaemonSet', name: generated[1] as string };
  }

  // Name shape only: most specific pattern first.
  let m = CRONJOB_POD.exec(pod.name);
  if (m) return { kind: 'CronJob', name: m[1] as string };
  m = DEPLOYMENT_POD.exec(pod.name);
  if (m) return { kind: 'Deployment', name: m[1] as string };
  m = STATEFULSET_POD.exec(pod.name);
  if (m) return { kind: 'StatefulSet', name: m[1] as string };
  // `-<5 chars>` alone is a DaemonSet or a Job's pod; DaemonSets run everywhere and are far more
  // common as the subject of runtime events, so that is the guess.
  m = GENERATED_POD.exec(pod.name);
  if (m) return { kind: 'DaemonSet', name: m[1] as string };
  return { kind: 'Pod', name: pod.name };
}

function fromOwner(owner: { kind: string; name: string }, labels: Record<string, string> | undefined): WorkloadRef {
  if (owner.kind === 'ReplicaSet') {
    // A Deployment names its ReplicaSets `<deployment>-<pod-template-hash>`; a bare ReplicaSet has no such label.
    const hash = labels?.['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1) };
    const m = REPLICASET_OF_DEPLOYMENT.exec(owner.name);
    if (m) return { kind: 'Deployment', name: m[1] as string };
    return { kind: 'ReplicaSet', name: owner.name };
  }
  if (owner.kind === 'Job') return fromJob(owner.name);
  return { kind: owner.kind, name: owner.name };
}

function fromJob(jobName: string): WorkloadRef {
  const m = CRONJOB_JOB.exec(jobName);
  return m ? { kind: 'CronJob', name: m[1] as string } : { kind: 'Job', name: jobName };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
