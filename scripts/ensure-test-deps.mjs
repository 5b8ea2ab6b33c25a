// Installs the system packages the test suite drives for real when they are missing: Debian's
// chromium (HTML report), the CNCF registry, skopeo and umoci (image pulls and real image layers),
// rpm (real rpm databases), mmdebstrap (a real Debian root from the Debian mirror), and the Debian packages whose files are real language artefacts
// (Python dist-info, Java jars, Ruby gemspecs); auditd and tcpdump (the runtime node sensor),
// rsyslog with TLS (a real syslog receiver), PostgreSQL (the platform's shared store), docker.io
// (CIS Docker host checks against a real dockerd) aiosmtpd (a real SMTP receiver) and a
// CJK font (Chinese compliance reports printed to PDF). `apt-get update` once, then `apt-get install -y`.
// Runs before `npm test`; a no-op when everything is present.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const needed = [
  { pkg: 'chromium', file: '/usr/bin/chromium' },
  { pkg: 'docker-registry', file: '/usr/bin/docker-registry' },
  { pkg: 'skopeo', file: '/usr/bin/skopeo' },
  { pkg: 'umoci', file: '/usr/bin/umoci' },
  { pkg: 'rpm', file: '/usr/bin/rpmbuild' },
  { pkg: 'apache2-utils', file: '/usr/bin/htpasswd' },
  { pkg: 'openssl', file: '/usr/bin/openssl' },
  { pkg: 'zstd', file: '/usr/bin/zstd' },
  { pkg: 'bzip2', file: '/usr/bin/bzip2' },
  { pkg: 'busybox-static', file: '/bin/busybox' },
  { pkg: 'mmdebstrap', file: '/usr/bin/mmdebstrap' },
  { pkg: 'python3-requests', file: '/usr/lib/python3/dist-packages/requests/__init__.py' },
  { pkg: 'libjackson2-core-java', file: '/usr/share/java/jackson-core.jar' },
  { pkg: 'ruby-rack', file: '/usr/share/doc/ruby-rack/copyright' },
  { pkg: 'auditd', file: '/usr/sbin/auditctl' },
  { pkg: 'tcpdump', file: '/usr/bin/tcpdump' },
  { pkg: 'runc', file: '/usr/sbin/runc' },
  { pkg: 'iproute2', file: '/usr/bin/ip' },
  { pkg: 'curl', file: '/usr/bin/curl' },
  { pkg: 'rsyslog', file: '/usr/sbin/rsyslogd' },
  { pkg: 'rsyslog-gnutls', file: '/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so' },
  { pkg: 'postgresql', file: '/usr/lib/postgresql/15/bin/initdb' },
  { pkg: 'docker.io', file: '/usr/sbin/dockerd' },
  { pkg: 'fonts-wqy-zenhei', file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc' },
  { pkg: 'python3-aiosmtpd', file: '/usr/lib/python3/dist-packages/aiosmtpd/__init__.py' },
];
const missing = needed.filter((n) => !existsSync(n.file));
if (missing.length === 0) process.exit(0);

const names = missing.map((m) => m.pkg).join(' ');
const isRoot = process.getuid?.() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!hasApt || !isRoot) {
  console.error(`ensure-test-deps: the tests need ${names} (Debian packages); install them with: sudo apt-get install -y ${names}`);
  process.exit(1);
}
console.error(`ensure-test-deps: installing ${names} (Debian packages) for the tests ...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing.map((m) => m.pkg)]]) {
  const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) {
    console.error(`ensure-test-deps: apt-get ${args[0]} failed (exit ${r.status})`);
    process.exit(1);
  }
}
