/**
 * Falco alerts as Falco writes them with `json_output: true`, `json_include_output_property: true`
 * and `json_include_tags_property: true` (https://falco.org/docs/concepts/outputs/formatting/):
 * `output_fields` holds exactly the fields the rule's output format prints, with `null` or
 * `<NA>` for values Falco could not resolve; the rule outputs below are those of the stock
 * falco_rules.yaml (`%container.info` expanded with the Kubernetes fields).
 */

type Json = Record<string, unknown>;

const CONTAINER = {
  'container.id': '8f2a7c9d1b3e',
  'container.image.repository': 'registry.example.com/payments/api',
  'container.image.tag': '1.4.2',
  'container.name': 'api',
  'k8s.ns.name': 'payments',
  'k8s.pod.name': 'api-7d9c6b8f5-x2k4z',
};
const CONTAINER_TEXT = 'container_id=8f2a7c9d1b3e container_image=registry.example.com/payments/api container_image_tag=1.4.2 container_name=api k8s_ns=payments k8s_pod_name=api-7d9c6b8f5-x2k4z';

/** `kubectl exec -it … -- sh`: Falco's "Terminal shell in container". */
export function terminalShell(): Json {
  return {
    hostname: 'worker-2',
    output: `09:31:07.541872933: Notice A shell was spawned in a container with an attached terminal (evt_type=execve user=root user_uid=0 user_loginuid=-1 process=sh proc_exepath=/bin/busybox parent=runc command=sh -i terminal=34816 exe_flags=EXE_WRITABLE ${CONTAINER_TEXT})`,
    output_fields: {
      ...CONTAINER,
      'evt.arg.flags': 'EXE_WRITABLE',
      'evt.type': 'execve',
      'proc.cmdline': 'sh -i',
      'proc.exepath': '/bin/busybox',
      'proc.name': 'sh',
      'proc.pname': 'runc',
      'proc.tty': 34816,
      'user.loginuid': -1,
      'user.name': 'root',
      'user.uid': 0,
    },
    priority: 'Notice',
    rule: 'Terminal shell in container',
    source: 'syscall',
    tags: ['T1059', 'container', 'maturity_stable', 'mitre_execution', 'shell'],
    time: '2025-03-04T09:31:07.541872933Z',
  };
}

/** "Write below etc": the open flags are not printed; the rule says it was a write. */
export function writeBelowEtc(): Json {
  return {
    hostname: 'worker-2',
    output: `09:32:11.003214577: Error File below /etc opened for writing (file=/etc/ld.so.preload pcmdline=sh -i gparent=runc ggparent=containerd-shim gggparent=<NA> evt_type=openat user=root user_uid=0 user_loginuid=-1 process=tee proc_exepath=/usr/bin/tee parent=sh command=tee /etc/ld.so.preload terminal=34816 ${CONTAINER_TEXT})`,
    output_fields: {
      ...CONTAINER,
      'evt.type': 'openat',
      'fd.name': '/etc/ld.so.preload',
      'proc.aname[2]': 'runc',
      'proc.aname[3]': 'containerd-shim',
      'proc.aname[4]': null,
      'proc.cmdline': 'tee /etc/ld.so.preload',
      'proc.exepath': '/usr/bin/tee',
      'proc.name': 'tee',
      'proc.pcmdline': 'sh -i',
      'proc.pname': 'sh',
      'proc.tty': 34816,
      'user.loginuid': -1,
      'user.name': 'root',
      'user.uid': 0,
    },
    priority: 'Error',
    rule: 'Write below etc',
    source: 'syscall',
    tags: ['filesystem', 'mitre_persistence'],
    time: '2025-03-04T09:32:11.003214577Z',
  };
}

/** "Read sensitive file untrusted" with the flags printed by a site's customised output. */
export function readShadow(): Json {
  return {
    hostname: 'worker-2',
    output: `09:33:40.117722301: Warning Sensitive file opened for reading by non-trusted program (file=/etc/shadow flags=O_RDONLY|O_CLOEXEC evt_type=openat user=root user_uid=0 process=cat proc_exepath=/bin/cat parent=sh command=cat /etc/shadow ${CONTAINER_TEXT})`,
    output_fields: {
      ...CONTAINER,
      'evt.arg.flags': 'O_RDONLY|O_CLOEXEC',
      'evt.type': 'openat',
      'fd.name': '/etc/shadow',
      'proc.cmdline': 'cat /etc/shadow',
      'proc.exepath': '/bin/cat',
      'proc.name': 'cat',
      'proc.pid': 48213,
      'proc.ppid': 48190,
      'proc.pname': 'sh',
      'user.uid': 0,
    },
    priority: 'Warning',
    rule: 'Read sensitive file untrusted',
    source: 'syscall',
    tags: ['T1555', 'container', 'filesystem', 'host', 'mitre_credential_access'],
    time: '2025-03-04T09:33:40.117722301Z',
  };
}

/** "Contact EC2 Instance Metadata Service From Container", relayed by Falcosidekick (which adds `uuid`). */
export function metadataConnect(): Json {
  return {
    uuid: '3f0c2a8e-5b7d-4e19-a6c4-9d8e7f6a5b4c',
    hostname: 'worker-2',
    output: `09:34:02.880119003: Notice Outbound connection to EC2 instance metadata service (connection=10.244.1.17:43822->169.254.169.254:80 lport=43822 rport=80 fd_type=ipv4 fd_proto=tcp evt_type=connect user=root user_uid=0 process=curl proc_exepath=/usr/bin/curl parent=sh command=curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/ terminal=0 ${CONTAINER_TEXT})`,
    output_fields: {
      ...CONTAINER,
      'evt.type': 'connect',
      'fd.l4proto': 'tcp',
      'fd.lport': 43822,
      'fd.name': '10.244.1.17:43822->169.254.169.254:80',
      'fd.rport': 80,
      'fd.type': 'ipv4',
      'proc.cmdline': 'curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'proc.exepath': '/usr/bin/curl',
      'proc.name': 'curl',
      'proc.pname': 'sh',
      'proc.tty': 0,
      'user.uid': 0,
    },
    priority: 'Notice',
    rule: 'Contact EC2 Instance Metadata Service From Container',
    source: 'syscall',
    tags: ['T1565', 'container', 'network', 'mitre_discovery'],
    time: '2025-03-04T09:34:02.880119003Z',
  };
}

/** A site rule on inbound connections to a shell: an accept with the client/server fields. */
export function inboundAccept(): Json {
  return {
    hostname: 'worker-3',
    output: '09:35:15.000412998: Warning Inbound connection accepted by a shell (client=198.51.100.7:51544 server=10.244.2.9:4444 proto=tcp process=nc command=nc -lvp 4444)',
    output_fields: {
      'container.id': 'c41b7e92a0d5',
      'container.name': 'worker',
      'evt.type': 'accept4',
      'fd.cip': '198.51.100.7',
      'fd.cport': 51544,
      'fd.l4proto': 'tcp',
      'fd.sip': '10.244.2.9',
      'fd.sport': 4444,
      'k8s.ns.name': 'batch',
      'k8s.pod.name': 'report-28993440-z7r2k',
      'proc.cmdline': 'nc -lvp 4444',
      'proc.exepath': '/usr/bin/nc.openbsd',
      'proc.name': 'nc',
      'proc.pid': 5121,
    },
    priority: 'Warning',
    rule: 'Inbound connection to shell',
    source: 'syscall',
    tags: ['network', 'mitre_command_and_control'],
    time: '2025-03-04T09:35:15.000412998Z',
  };
}

/** "Non sudo setuid": evt.arg.uid is printed with the user name. */
export function nonSudoSetuid(): Json {
  return {
    hostname: 'worker-2',
    output: `09:36:44.512000117: Notice Unexpected setuid call by non-sudo, non-root program (arg_uid=0(root) evt_type=setuid user=app user_uid=1000 user_loginuid=-1 process=exploit proc_exepath=/tmp/exploit parent=sh command=exploit --password=hunter2hunter2 terminal=0 ${CONTAINER_TEXT})`,
    output_fields: {
      ...CONTAINER,
      'evt.arg.uid': '0(root)',
      'evt.type': 'setuid',
      'proc.cmdline': 'exploit --password=hunter2hunter2',
      'proc.exepath': '/tmp/exploit',
      'proc.name': 'exploit',
      'proc.pname': 'sh',
      'proc.tty': 0,
      'user.loginuid': -1,
      'user.name': 'app',
      'user.uid': 1000,
    },
    priority: 'Notice',
    rule: 'Non sudo setuid',
    source: 'syscall',
    tags: ['T1548.001', 'host', 'container', 'users', 'mitre_privilege_escalation'],
    time: '2025-03-04T09:36:44.512000117Z',
  };
}

/** A rule whose output prints no evt.type: still a process event from its proc fields. */
export function packageManagement(): Json {
  return {
    hostname: 'worker-2',
    output: `09:37:30.101010101: Error Package management process launched in container (user=root command=apt-get install -y netcat-openbsd ${CONTAINER_TEXT})`,
    output_fields: { ...CONTAINER, 'proc.cmdline': 'apt-get install -y netcat-openbsd', 'proc.name': 'apt-get', 'user.name': 'root' },
    priority: 'Error',
    rule: 'Launch Package Management Process in Container',
    source: 'syscall',
    tags: ['T1505', 'container', 'mitre_persistence', 'process', 'software_mgmt'],
    time: '2025-03-04T09:37:30.101010101Z',
  };
}

/** An alert of the k8saudit plugin: no process at all. */
export function pluginAlert(): Json {
  return {
    hostname: 'falco-k8saudit-0',
    output: '09:38:00.000000000: Warning Attach/Exec to pod (user=alice@example.com pod=api-7d9c6b8f5-x2k4z resource=pods ns=payments action=exec command=sh)',
    output_fields: { 'ka.user.name': 'alice@example.com', 'ka.target.name': 'api-7d9c6b8f5-x2k4z', 'ka.target.namespace': 'payments', 'ka.uri.param[command]': 'sh' },
    priority: 'Warning',
    rule: 'Attach/Exec Pod',
    source: 'k8s_audit',
    tags: ['k8s'],
    time: '2025-03-04T09:38:00.000000000Z',
  };
}
