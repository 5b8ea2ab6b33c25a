import type { EventContext, FileEvent, KubeAuditEvent, NetworkEvent, ProcessEvent, ProcessInfo } from '../../../src/model/index.js';

/** Builders of runtime events for the tests: a payments API container unless told otherwise. */

let serial = 0;
const T0 = Date.parse('2026-11-20T08:00:00Z');

export function at(offsetMs: number): string {
  return new Date(T0 + offsetMs).toISOString();
}

export const API_CONTAINER: EventContext = {
  cluster: 'prod-eu',
  node: 'node-1',
  containerId: 'a'.repeat(64),
  containerName: 'app',
  image: 'registry.bank.example/payments/api:1.4.2',
  imageDigest: 'sha256:' + '1'.repeat(64),
  pod: 'api-7d9f8c6b5-x2x9k',
  namespace: 'payments',
  workload: { kind: 'Deployment', name: 'api' },
};

export const HOST: EventContext = { cluster: 'prod-eu', node: 'cp-1' };

export function proc(exe: string, args: string[] = [exe.slice(exe.lastIndexOf('/') + 1)], extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return { pid: 4242, ppid: 1, exe, name: exe.slice(exe.lastIndexOf('/') + 1).slice(0, 15), args, uid: 1000, euid: 1000, parent: { pid: 1, exe: '/usr/local/bin/api', name: 'api' }, ...extra };
}

export function exec(p: ProcessInfo, context: EventContext = API_CONTAINER, time = at(0)): ProcessEvent {
  return { kind: 'process', action: 'exec', id: `e${++serial}`, time, source: 'replay', context, process: p };
}

export function setuid(p: ProcessInfo, context: EventContext = API_CONTAINER, time = at(0)): ProcessEvent {
  return { kind: 'process', action: 'setuid', id: `e${++serial}`, time, source: 'replay', context, process: p };
}

export function file(action: FileEvent['action'], path: string, p: ProcessInfo = proc('/usr/local/bin/api'), context: EventContext = API_CONTAINER, time = at(0)): FileEvent {
  return { kind: 'file', action, path, id: `e${++serial}`, time, source: 'replay', context, process: p };
}

export function connect(address: string, port: number, p: ProcessInfo = proc('/usr/local/bin/api'), context: EventContext = API_CONTAINER, time = at(0), protocol: NetworkEvent['protocol'] = 'tcp'): NetworkEvent {
  return { kind: 'network', action: 'connect', protocol, remoteAddress: address, remotePort: port, id: `e${++serial}`, time, source: 'replay', context, process: p };
}

export function audit(fields: Partial<KubeAuditEvent> & Pick<KubeAuditEvent, 'verb' | 'requestURI'>): KubeAuditEvent {
  const id = `a${++serial}`;
  return {
    kind: 'k8s-audit',
    id,
    auditId: id,
    time: at(0),
    source: 'k8s-audit',
    context: { cluster: 'prod-eu' },
    stage: 'ResponseComplete',
    level: 'RequestResponse',
    user: { username: 'alice@bank.example', groups: ['system:authenticated'] },
    sourceIPs: ['10.20.0.5'],
    responseCode: 200,
    ...fields,
  };
}
