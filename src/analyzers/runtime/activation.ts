import type { EventContext, KubeAuditEvent, ProcessInfo, RuntimeEvent } from '../../model/index.js';
import { basename, dirname } from './cel.js';

/**
 * The variables a rule condition sees, built from one event. Every field is always present, with
 * a neutral value when the source did not report it (`''` for text, `-1` for numbers, `false`,
 * empty lists), so conditions read plainly without `has()` guards; only `audit.requestObject`
 * and `audit.podSpec` hold arbitrary objects and need `has()` or `.?field.orValue()`. CEL integers
 * are BigInt, so every number is one.
 *
 * - `event`: id, kind, action, source, time
 * - `container`: inContainer, id, name, image, imageDigest, pod, namespace, cluster, node, workloadKind, workloadName
 * - `proc` (process, file, network events): exe, name, basename, args, cmdline, pid, ppid, uid, euid, auid, tty, cwd, parent {exe, name, basename, pid}
 * - `file`: path, dir, basename, action
 * - `net`: action, protocol, remoteAddress, remotePort, localAddress, localPort
 * - `audit`: verb, stage, level, requestURI, path (without query), user {username, groups}, impersonatedUser,
 *   sourceIP, sourceIPs, userAgent, resource, subresource, namespace, name, apiGroup, responseCode,
 *   requestObject, podSpec (the pod spec inside a Pod, workload or CronJob request), annotations
 * - `params`: the rule's parameters (set by the engine per rule)
 */
export interface Activation {
  event: Record<string, unknown>;
  container: Record<string, unknown>;
  proc: Record<string, unknown>;
  file: Record<string, unknown>;
  net: Record<string, unknown>;
  audit: Record<string, unknown>;
  params: Record<string, unknown>;
}

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

const int = (n: number | undefined): bigint => (n === undefined || !Number.isFinite(n) ? -1n : BigInt(Math.trunc(n)));

export function activationOf(event: RuntimeEvent): Activation {
  const act: Activation = {
    event: { id: event.id, kind: event.kind, action: event.kind === 'k8s-audit' ? event.verb : event.action, source: event.source, time: event.time },
    container: containerOf(event.context),
    proc: EMPTY,
    file: EMPTY,
    net: EMPTY,
    audit: EMPTY,
    params: EMPTY,
  };
  switch (event.kind) {
    case 'process':
      act.proc = procOf(event.process);
      break;
    case 'file':
      act.proc = procOf(event.process);
      act.file = { path: event.path, dir: dirname(event.path), basename: basename(event.path), action: event.action };
      break;
    case 'network':
      act.proc = procOf(event.process);
      act.net = {
        action: event.action,
        protocol: event.protocol,
        remoteAddress: event.remoteAddress ?? '',
        remotePort: int(event.remotePort),
        localAddress: event.localAddress ?? '',
        localPort: int(event.localPort),
      };
      break;
    case 'k8s-audit':
      act.audit = auditOf(event);
      break;
  }
  return act;
}

function containerOf(c: EventContext): Record<string, unknown> {
  return {
    inContainer: c.containerId !== undefined && c.containerId !== '',
    id: c.containerId ?? '',
    name: c.containerName ?? '',
    image: c.image ?? '',
    imageDigest: c.imageDigest ?? '',
    pod: c.pod ?? '',
    namespace: c.namespace ?? '',
    cluster: c.cluster ?? '',
    node: c.node ?? '',
    workloadKind: c.workload?.kind ?? '',
    workloadName: c.workload?.name ?? '',
  };
}

function procOf(p: ProcessInfo): Record<string, unknown> {
  const parentExe = p.parent?.exe ?? '';
  const parentName = p.parent?.name ?? '';
  return {
    exe: p.exe,
    name: p.name,
    basename: basename(p.exe),
    args: p.args,
    cmdline: p.args.join(' '),
    pid: int(p.pid),
    ppid: int(p.ppid ?? p.parent?.pid),
    uid: int(p.uid),
    euid: int(p.euid ?? p.uid),
    auid: int(p.auid),
    tty: p.tty === true,
    cwd: p.cwd ?? '',
    parent: { exe: parentExe, name: parentName, basename: parentExe ? basename(parentExe) : parentName, pid: int(p.parent?.pid ?? p.ppid) },
  };
}

function auditOf(e: KubeAuditEvent): Record<string, unknown> {
  const q = e.requestURI.indexOf('?');
  const ref = e.objectRef ?? {};
  return {
    verb: e.verb,
    stage: e.stage,
    level: e.level,
    requestURI: e.requestURI,
    path: q < 0 ? e.requestURI : e.requestURI.slice(0, q),
    user: { username: e.user.username, groups: e.user.groups },
    impersonatedUser: e.impersonatedUser?.username ?? '',
    sourceIP: e.sourceIPs[0] ?? '',
    sourceIPs: e.sourceIPs,
    userAgent: e.userAgent ?? '',
    resource: ref.resource ?? '',
    subresource: ref.subresource ?? '',
    namespace: ref.namespace ?? '',
    name: ref.name ?? '',
    apiGroup: ref.apiGroup ?? '',
    responseCode: int(e.responseCode),
    requestObject: isObject(e.requestObject) ? e.requestObject : EMPTY,
    podSpec: podSpecOf(e.requestObject),
    annotations: e.annotations ?? EMPTY,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The pod spec a request carries: a Pod's own, a workload's template, or a CronJob's job template. */
export function podSpecOf(object: unknown): Record<string, unknown> {
  if (!isObject(object)) return EMPTY;
  const spec = object.spec;
  if (!isObject(spec)) return EMPTY;
  if (object.kind === 'Pod' || Array.isArray(spec.containers)) return spec;
  const template = isObject(spec.template) ? spec.template : isObject(spec.jobTemplate) && isObject(spec.jobTemplate.spec) && isObject(spec.jobTemplate.spec.template) ? spec.jobTemplate.spec.template : undefined;
  return template && isObject(template.spec) ? template.spec : EMPTY;
}

/** Reads `a.b.c` from the activation, for subject templates. */
export function lookupPath(act: Activation, path: string): unknown {
  let cur: unknown = act;
  for (const seg of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}
