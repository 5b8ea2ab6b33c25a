/**
 * NetworkPolicy (networking.k8s.io/v1) read as the API server reads it: defaulting and
 * validation as upstream applies them, so that what the engine evaluates is what a cluster would
 * enforce, and what a cluster would refuse is an input error rather than a silent guess.
 *
 * - `spec.podSelector` absent decodes as `{}`: every pod of the namespace.
 * - `policyTypes` absent or empty: `Ingress`, plus `Egress` when `egress` holds at least one rule
 *   (so `egress: []` alone does not isolate egress, while `ingress: []` isolates ingress).
 * - `from` / `to` absent or empty: every source / destination. `ports` absent or empty: every port.
 * - A peer sets `ipBlock` alone, or `podSelector` and/or `namespaceSelector`; an empty peer is refused.
 *   `podSelector` alone means pods of the policy's own namespace.
 * - `protocol` defaults to TCP; `port` is a number 1–65535 or an IANA service name (resolved per
 *   destination pod against its container port names); `endPort` needs a numeric `port` and is
 *   not below it.
 * - `ipBlock.cidr` must be a CIDR; each `except` must lie strictly inside it.
 */
import { isRecord, type KubeResource, type ObjectPath } from '../../model/index.js';
import { parseSelector, SelectorError, type LabelSelector } from '../label-selector.js';
import { IpSet, parseCidr, type Cidr } from './ip.js';
import { isProtocol, MAX_PORT, type Protocol } from './ports.js';

export type Direction = 'ingress' | 'egress';

export interface PodPeer {
  kind: 'pods';
  /** Undefined: the policy's own namespace. */
  namespaceSelector?: LabelSelector;
  /** Undefined: every pod of the selected namespaces. */
  podSelector?: LabelSelector;
  path: ObjectPath;
}

export interface IpBlockPeer {
  kind: 'ipBlock';
  cidr: Cidr;
  except: Cidr[];
  /** `cidr` minus `except`. */
  addresses: IpSet;
  path: ObjectPath;
}

export type Peer = PodPeer | IpBlockPeer;

export interface PortRule {
  protocol: Protocol;
  /** Undefined: every port of the protocol. */
  port?: number | string;
  endPort?: number;
  path: ObjectPath;
}

export interface ParsedRule {
  direction: Direction;
  index: number;
  path: ObjectPath;
  /** Undefined: every peer (the rule has no `from` / `to`, or an empty list). */
  peers?: Peer[];
  /** Undefined: every port. */
  ports?: PortRule[];
}

export interface ParsedPolicy {
  resource: KubeResource;
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  /** Directions the policy isolates, after defaulting. */
  types: { ingress: boolean; egress: boolean };
  /** True when policyTypes was written (non-empty); false when defaulted. */
  typesWritten: boolean;
  ingress: ParsedRule[];
  egress: ParsedRule[];
}

export interface PolicyProblem {
  path: ObjectPath;
  message: string;
}

/** A namespace for objects that set none, as kubectl would apply them in the default context. */
export const DEFAULT_NAMESPACE = 'default';

/** `Kubernetes` IANA_SVC_NAME: 1–15 lower-case letters, digits and single inner hyphens, at least one letter. */
const SERVICE_NAME = /^(?=.*[a-z])[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,14}$/;

export function isPortName(value: string): boolean {
  return SERVICE_NAME.test(value);
}

/**
 * Parses one NetworkPolicy. Returns the policy, or the problems that make the API server refuse
 * it (every one found, each with the path of the field at fault).
 */
export function parseNetworkPolicy(resource: KubeResource): { policy?: ParsedPolicy; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  const spec = resource.object.spec;
  if (!isRecord(spec)) return { problems: [{ path: ['spec'], message: 'expected a NetworkPolicy spec (a mapping)' }] };
  const podSelector = selectorAt(spec.podSelector, ['spec', 'podSelector'], problems) ?? {};
  const ingress = rulesAt(spec, 'ingress', problems);
  const egress = rulesAt(spec, 'egress', problems);
  let types = { ingress: true, egress: egress.length > 0 };
  let typesWritten = false;
  const written = spec.policyTypes;
  if (written !== undefined && written !== null) {
    if (!Array.isArray(written)) problems.push({ path: ['spec', 'policyTypes'], message: 'expected a list of Ingress and/or Egress' });
    else if (written.length > 0) {
      typesWritten = true;
      types = { ingress: false, egress: false };
      written.forEach((t: unknown, i) => {
        if (t === 'Ingress') types.ingress = true;
        else if (t === 'Egress') types.egress = true;
        else problems.push({ path: ['spec', 'policyTypes', i], message: `expected Ingress or Egress (got ${JSON.stringify(t)})` });
      });
    }
  }
  if (problems.length) return { problems };
  return {
    policy: { resource, namespace: resource.namespace ?? DEFAULT_NAMESPACE, name: resource.name, podSelector, types, typesWritten, ingress, egress },
    problems,
  };
}

function selectorAt(value: unknown, path: ObjectPath, problems: PolicyProblem[]): LabelSelector | undefined {
  try {
    return parseSelector(value);
  } catch (err) {
    if (!(err instanceof SelectorError)) throw err;
    problems.push({ path: [...path, ...err.field], message: err.message });
    return undefined;
  }
}

function rulesAt(spec: Record<string, unknown>, direction: Direction, problems: PolicyProblem[]): ParsedRule[] {
  const value = spec[direction];
  const at: ObjectPath = ['spec', direction];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ path: at, message: `expected a list of ${direction} rules` });
    return [];
  }
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  return value.flatMap((raw: unknown, index): ParsedRule[] => {
    const path = [...at, index];
    if (raw === null) return [{ direction, index, path }];
    if (!isRecord(raw)) {
      problems.push({ path, message: `expected a rule (a mapping with ${peersKey} and ports)` });
      return [];
    }
    const rule: ParsedRule = { direction, index, path };
    const peers = peersAt(raw[peersKey], [...path, peersKey], problems);
    if (peers) rule.peers = peers;
    const ports = portsAt(raw.ports, [...path, 'ports'], problems);
    if (ports) rule.ports = ports;
    return [rule];
  });
}

function peersAt(value: unknown, at: ObjectPath, problems: PolicyProblem[]): Peer[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problems.push({ path: at, message: 'expected a list of peers' });
    return undefined;
  }
  if (value.length === 0) return undefined;
  const peers: Peer[] = [];
  value.forEach((raw: unknown, i) => {
    const path = [...at, i];
    if (!isRecord(raw)) {
      problems.push({ path, message: 'expected a peer (podSelector, namespaceSelector or ipBlock)' });
      return;
    }
    const has = (k: string): boolean => raw[k] !== undefined && raw[k] !== null;
    if (has('ipBlock')) {
      if (has('podSelector') || has('namespaceSelector')) {
        problems.push({ path, message: 'a peer may set ipBlock or podSelector/namespaceSelector, not both (the API server refuses it)' });
        return;
      }
      const block = ipBlockAt(raw.ipBlock, [...path, 'ipBlock'], problems);
      if (block) peers.push(block);
      return;
    }
    if (!has('podSelector') && !has('namespaceSelector')) {
      problems.push({ path, message: 'empty peer: set podSelector, namespaceSelector or ipBlock (the API server refuses an empty one)' });
      return;
    }
    const peer: PodPeer = { kind: 'pods', path };
    if (has('namespaceSelector')) {
      const s = selectorAt(raw.namespaceSelector, [...path, 'namespaceSelector'], problems);
      if (s) peer.namespaceSelector = s;
    }
    if (has('podSelector')) {
      const s = selectorAt(raw.podSelector, [...path, 'podSelector'], problems);
      if (s) peer.podSelector = s;
    }
    peers.push(peer);
  });
  return peers;
}

function ipBlockAt(value: unknown, at: ObjectPath, problems: PolicyProblem[]): IpBlockPeer | undefined {
  if (!isRecord(value)) {
    problems.push({ path: at, message: 'expected {cidr, except}' });
    return undefined;
  }
  const cidr = typeof value.cidr === 'string' ? parseCidr(value.cidr.trim()) : undefined;
  if (!cidr || typeof value.cidr !== 'string' || !value.cidr.includes('/')) {
    problems.push({ path: [...at, 'cidr'], message: `expected a CIDR such as 10.0.0.0/8 (got ${JSON.stringify(value.cidr)})` });
    return undefined;
  }
  const except: Cidr[] = [];
  const rawExcept = value.except ?? [];
  if (!Array.isArray(rawExcept)) {
    problems.push({ path: [...at, 'except'], message: 'expected a list of CIDRs' });
    return undefined;
  }
  let ok = true;
  rawExcept.forEach((e: unknown, i) => {
    const c = typeof e === 'string' && e.includes('/') ? parseCidr(e.trim()) : undefined;
    if (!c) {
      problems.push({ path: [...at, 'except', i], message: `expected a CIDR (got ${JSON.stringify(e)})` });
      ok = false;
    } else if (c.family !== cidr.family || c.lo < cidr.lo || c.hi > cidr.hi || c.prefix <= cidr.prefix) {
      problems.push({ path: [...at, 'except', i], message: `${c.text} is not strictly inside ${cidr.text} (the API server refuses it)` });
      ok = false;
    } else {
      except.push(c);
    }
  });
  if (!ok) return undefined;
  return { kind: 'ipBlock', cidr, except, addresses: IpSet.of([cidr]).subtract(IpSet.of(except)), path: at };
}

function portsAt(value: unknown, at: ObjectPath, problems: PolicyProblem[]): PortRule[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problems.push({ path: at, message: 'expected a list of ports' });
    return undefined;
  }
  if (value.length === 0) return undefined;
  const out: PortRule[] = [];
  value.forEach((raw: unknown, i) => {
    const path = [...at, i];
    if (!isRecord(raw)) {
      problems.push({ path, message: 'expected {protocol, port, endPort}' });
      return;
    }
    const protocol = raw.protocol ?? 'TCP';
    if (typeof protocol !== 'string' || !isProtocol(protocol)) {
      problems.push({ path: [...path, 'protocol'], message: `expected TCP, UDP or SCTP (got ${JSON.stringify(raw.protocol)})` });
      return;
    }
    const rule: PortRule = { protocol, path };
    const port = raw.port;
    if (port !== undefined && port !== null) {
      if (typeof port === 'number') {
        if (!Number.isInteger(port) || port < 1 || port > MAX_PORT) {
          problems.push({ path: [...path, 'port'], message: `expected a port number 1-${MAX_PORT} or a port name (got ${port})` });
          return;
        }
        rule.port = port;
      } else if (typeof port === 'string') {
        if (/^\d+$/.test(port)) {
          problems.push({ path: [...path, 'port'], message: `"${port}" is a string, which Kubernetes reads as a port name and refuses: write the number unquoted` });
          return;
        }
        if (!isPortName(port)) {
          problems.push({ path: [...path, 'port'], message: `"${port}" is not a valid port name (1-15 lower-case letters, digits and inner hyphens)` });
          return;
        }
        rule.port = port;
      } else {
        problems.push({ path: [...path, 'port'], message: `expected a port number or name (got ${JSON.stringify(port)})` });
        return;
      }
    }
    const endPort = raw.endPort;
    if (endPort !== undefined && endPort !== null) {
      if (typeof endPort !== 'number' || !Number.isInteger(endPort) || endPort < 1 || endPort > MAX_PORT) {
        problems.push({ path: [...path, 'endPort'], message: `expected a port number 1-${MAX_PORT} (got ${JSON.stringify(endPort)})` });
        return;
      }
      if (rule.port === undefined) {
        problems.push({ path: [...path, 'endPort'], message: 'endPort needs port to be set' });
        return;
      }
      if (typeof rule.port === 'string') {
        problems.push({ path: [...path, 'endPort'], message: 'endPort needs a numeric port, not a port name' });
        return;
      }
      if (endPort < rule.port) {
        problems.push({ path: [...path, 'endPort'], message: `endPort ${endPort} is below port ${rule.port}` });
        return;
      }
      rule.endPort = endPort;
    }
    out.push(rule);
  });
  return out;
}
