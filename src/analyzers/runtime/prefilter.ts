import type { ProcessInfo, RuntimeEvent } from '../../model/index.js';
import { basename, underAny } from './cel.js';

/**
 * A rule's cheap pre-test on indexed event fields, declared in the rule data next to its CEL
 * condition. Only events that pass it are turned into an activation and given to CEL, which is
 * an interpreter (hundreds of nanoseconds per operator): with prefilters, the common benign
 * event costs a few hash lookups. A prefilter must be implied by the condition — it may let
 * through events the condition rejects, never the other way round.
 *
 * Fields are ANDed; within a field any listed value matches. A list may be given inline or as
 * `{param: name}`, naming one of the rule's parameters so that overriding the parameter changes
 * both the prefilter and the condition.
 */
export type MatchList<T> = T[] | { param: string };

export interface MatchSpec {
  /** `event.action` (process, file, network) or the audit verb. */
  actions?: MatchList<string>;
  /** Executable basename or process name (`comm`): `bash` matches `/bin/bash` and busybox's `sh`. */
  exe?: MatchList<string>;
  /** File path is one of these or below one (a prefix ending in `/` is a plain string prefix). */
  path?: MatchList<string>;
  /** File path contains one of these. */
  pathContains?: MatchList<string>;
  remotePort?: MatchList<number>;
  remoteAddress?: MatchList<string>;
  /** Audit `objectRef.resource`, or `resource/subresource` (`pods/exec`). */
  auditResource?: MatchList<string>;
  /** Audit `user.username`. */
  auditUser?: MatchList<string>;
  /** The event is attributed to a container (true) or happened on the host (false). */
  inContainer?: boolean;
}

export type Prefilter = (event: RuntimeEvent) => boolean;

/** The engine runs one event's rules in a row: the basename is worked out once per process, not once per rule. */
let lastProcess: ProcessInfo | undefined;
let lastBasename = '';
function exeBasename(p: ProcessInfo): string {
  if (p !== lastProcess) {
    lastProcess = p;
    lastBasename = basename(p.exe);
  }
  return lastBasename;
}

const pass: Prefilter = () => true;

export function compilePrefilter(spec: MatchSpec | undefined, params: Record<string, unknown>, where: string): Prefilter {
  if (!spec) return pass;
  const tests: Prefilter[] = [];
  const strings = (name: keyof MatchSpec, list: MatchList<string> | undefined): Set<string> | undefined => (list === undefined ? undefined : new Set(resolve(name, list, params, where).map(String)));

  const actions = strings('actions', spec.actions);
  if (actions) tests.push((e) => actions.has(e.kind === 'k8s-audit' ? e.verb : e.action));

  const exe = strings('exe', spec.exe);
  if (exe) tests.push((e) => e.kind !== 'k8s-audit' && (exe.has(exeBasename(e.process)) || exe.has(e.process.name)));

  if (spec.path) {
    const prefixes = resolve('path', spec.path, params, where).map(String);
    tests.push((e) => e.kind === 'file' && underAny(e.path, prefixes));
  }
  if (spec.pathContains) {
    const parts = resolve('pathContains', spec.pathContains, params, where).map(String);
    tests.push((e) => e.kind === 'file' && parts.some((p) => e.path.includes(p)));
  }
  if (spec.remotePort) {
    const ports = new Set(resolve('remotePort', spec.remotePort, params, where).map(Number));
    tests.push((e) => e.kind === 'network' && e.remotePort !== undefined && ports.has(e.remotePort));
  }
  const addresses = strings('remoteAddress', spec.remoteAddress);
  if (addresses) tests.push((e) => e.kind === 'network' && e.remoteAddress !== undefined && addresses.has(e.remoteAddress.toLowerCase()));

  const resources = strings('auditResource', spec.auditResource);
  if (resources) {
    tests.push((e) => {
      if (e.kind !== 'k8s-audit' || !e.objectRef?.resource) return false;
      const r = e.objectRef.resource;
      return resources.has(r) || (e.objectRef.subresource !== undefined && resources.has(`${r}/${e.objectRef.subresource}`));
    });
  }
  const users = strings('auditUser', spec.auditUser);
  if (users) tests.push((e) => e.kind === 'k8s-audit' && users.has(e.user.username));
  if (spec.inContainer !== undefined) {
    const want = spec.inContainer;
    tests.push((e) => (e.context.containerId !== undefined && e.context.containerId !== '') === want);
  }
  if (tests.length === 0) return pass;
  if (tests.length === 1) return tests[0] as Prefilter;
  return (e) => {
    for (const t of tests) if (!t(e)) return false;
    return true;
  };
}

function resolve<T>(field: string, list: MatchList<T>, params: Record<string, unknown>, where: string): unknown[] {
  if (Array.isArray(list)) return list;
  const value = params[list.param];
  if (!Array.isArray(value)) throw new Error(`${where}: match.${field} names parameter ${list.param}, which is not a list parameter of the rule`);
  return value.map((v) => (typeof v === 'bigint' ? Number(v) : v));
}
