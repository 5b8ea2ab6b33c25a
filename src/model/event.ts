/**
 * Runtime events: what a node sensor, the Kubernetes audit backend or Falco saw happen. Every
 * source turns its own records into this one shape, attributed as far as it can to node,
 * container, pod, namespace and owning workload, so rules and baselines never care where an
 * event came from.
 */

export type RuntimeEventKind = 'process' | 'file' | 'network' | 'k8s-audit';

/** Where an event came from: the kernel facility or the product that reported it. */
export type RuntimeEventSource = 'k8s-audit' | 'auditd' | 'bpftrace' | 'falco' | 'replay';

/**
 * Who the event belongs to. Baselines are kept per workload (`cluster/namespace/kind/name`) and
 * container name, never per pod: pods come and go, their workload stays.
 */
export interface EventContext {
  cluster?: string;
  node?: string;
  /** Full container id as the runtime reports it (64 hex for Docker/containerd/CRI-O). */
  containerId?: string;
  /** The container's name in its pod spec (`app`), from the runtime's metadata. */
  containerName?: string;
  /** Image reference and, when known, its digest: a new digest restarts learning for the container. */
  image?: string;
  imageDigest?: string;
  pod?: string;
  namespace?: string;
  /** The top owner of the pod (`Deployment/api`); for a bare pod, the pod itself. */
  workload?: { kind: string; name: string };
}

/** The process that acted. `exe` is the resolved executable path; `args` the full argv (secrets masked by the source). */
export interface ProcessInfo {
  pid: number;
  ppid?: number;
  exe: string;
  /** Short name (comm), e.g. `sh`. */
  name: string;
  args: string[];
  uid?: number;
  /** Effective uid: differs from `uid` after setuid. */
  euid?: number;
  /** The login uid the kernel keeps across su/sudo (auditd `auid`), unset as 4294967295. */
  auid?: number;
  cwd?: string;
  /** Attached to a terminal: shells opened with `kubectl exec -it` are. */
  tty?: boolean;
  parent?: { pid?: number; exe?: string; name?: string };
}

interface EventBase {
  /** Unique within its source (auditd serial, audit event id, Falco uuid or a counter). */
  id: string;
  /** ISO 8601 time the event happened. */
  time: string;
  source: RuntimeEventSource;
  context: EventContext;
  /** When another engine (Falco) reported the event: its own rule and priority, kept for context. */
  upstream?: { engine: string; rule: string; priority?: string; output?: string };
}

export interface ProcessEvent extends EventBase {
  kind: 'process';
  /** `exec`: a new program; `setuid`: the process changed identity (setuid/setresuid/capset). */
  action: 'exec' | 'setuid';
  process: ProcessInfo;
}

export interface FileEvent extends EventBase {
  kind: 'file';
  action: 'open-read' | 'open-write' | 'create' | 'unlink' | 'rename' | 'chmod';
  path: string;
  process: ProcessInfo;
}

export interface NetworkEvent extends EventBase {
  kind: 'network';
  action: 'connect' | 'accept' | 'listen';
  protocol: 'tcp' | 'udp' | 'unix' | 'other';
  remoteAddress?: string;
  remotePort?: number;
  localAddress?: string;
  localPort?: number;
  process: ProcessInfo;
}

/** The fields of an `audit.k8s.io/v1` Event that rules and baselines read, plus the whole request/response objects when the policy level kept them. */
export interface KubeAuditEvent extends EventBase {
  kind: 'k8s-audit';
  auditId: string;
  stage: 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';
  level: 'None' | 'Metadata' | 'Request' | 'RequestResponse';
  verb: string;
  requestURI: string;
  user: { username: string; uid?: string; groups: string[] };
  impersonatedUser?: { username: string; groups: string[] };
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string; apiGroup?: string; apiVersion?: string };
  responseCode?: number;
  requestObject?: unknown;
  responseObject?: unknown;
  annotations?: Record<string, string>;
}

export type RuntimeEvent = ProcessEvent | FileEvent | NetworkEvent | KubeAuditEvent;

/**
 * Counts every source keeps and reports: drops are never silent. `dropped` is events lost
 * (queue full, kernel backlog, parse failure of a record that was an event); `malformed` is input
 * that could not be read as an event at all.
 */
export interface EventSourceStats {
  received: number;
  dropped: number;
  malformed: number;
}

/** A stream of events from one source. Sources never throw on one bad record: they count it and carry on. */
export interface EventSource {
  readonly name: string;
  events(): AsyncIterable<RuntimeEvent>;
  stats(): EventSourceStats;
  /** Stop producing; `events()` then ends. */
  close(): Promise<void>;
}

/** `cluster/namespace/Kind/name` of the event's workload, or undefined when the event is not attributed to one. */
export function workloadKey(context: EventContext): string | undefined {
  if (!context.workload) return undefined;
  return `${context.cluster ?? ''}/${context.namespace ?? ''}/${context.workload.kind}/${context.workload.name}`;
}

/**
 * What an alert finding carries about the event that raised it, so an operator can see what
 * happened without the raw stream, and why it was judged abnormal.
 */
export interface RuntimeAlertDetail {
  eventId: string;
  eventTime: string;
  eventKind: RuntimeEventKind;
  source: RuntimeEventSource;
  /** MITRE ATT&CK technique ids, e.g. `T1059.004`. */
  mitre: string[];
  node?: string;
  pod?: string;
  containerId?: string;
  process?: { exe: string; args: string[]; pid: number; parent?: string; uid?: number };
  file?: string;
  connection?: { protocol: string; address?: string; port?: number; direction: 'outbound' | 'inbound' | 'listen' };
  audit?: { user: string; verb: string; resource?: string; namespace?: string; name?: string; sourceIPs: string[]; responseCode?: number };
  /** For baseline alerts: what the learned baseline holds that the event did not match. */
  baseline?: { kind: BaselineEntryKind; value: string; learnedEntries: number };
  /** Events folded into this alert since it was first raised (repeats are counted, not re-sent). */
  count?: number;
}

/** What a baseline learns per workload container. */
export type BaselineEntryKind = 'exec' | 'chain' | 'outbound' | 'write';
