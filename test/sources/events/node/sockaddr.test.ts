import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSockaddr, formatIPv6 } from '../../../../src/sources/events/node/sockaddr.js';
import { decodeProcAddress, parseSocketTable, type SocketInfo } from '../../../../src/sources/events/node/sockets.js';

test('decodes AF_INET as logged by this machine (curl to 127.0.0.1:9)', () => {
  assert.deepEqual(decodeSockaddr('020000097F0000010000000000000000'), { family: 'inet', address: '127.0.0.1', port: 9 });
});

test('decodes AF_INET6: loopback, a global address with a zero run, and IPv4-mapped', () => {
  const v6 = (port: string, addr: string) => `0A00${port}00000000${addr}00000000`;
  assert.deepEqual(decodeSockaddr(v6('1F90', '00000000000000000000000000000001')), { family: 'inet6', address: '::1', port: 8080 });
  assert.deepEqual(decodeSockaddr(v6('01BB', '20010DB8000000000000000000000042')), { family: 'inet6', address: '2001:db8::42', port: 443 });
  assert.deepEqual(decodeSockaddr(v6('0050', '00000000000000000000FFFFA9FEA9FE')), { family: 'inet6', address: '::ffff:169.254.169.254', port: 80 });
});

test('decodes AF_UNIX paths (recorded nscd socket with trailing garbage) and abstract names', () => {
  const recorded = '01002F7661722F72756E2F6E7363642F736F636B65740000E0A55F23277F00000A000000';
  assert.deepEqual(decodeSockaddr(recorded), { family: 'unix', path: '/var/run/nscd/socket' });
  const abstract = `0100${Buffer.from('\0containerd-shim/abc').toString('hex')}0000`;
  assert.deepEqual(decodeSockaddr(abstract), { family: 'unix', path: '@containerd-shim/abc' });
});

test('netlink is "other"; bad input is one clear error', () => {
  assert.deepEqual(decodeSockaddr('100000000000000000000000'), { family: 'other', familyNumber: 16 });
  assert.throws(() => decodeSockaddr('zz'), /not hex/);
  assert.throws(() => decodeSockaddr('0200'), /AF_INET saddr is 2 bytes/);
});

test('formats IPv6 per RFC 5952: only runs of two or more zero groups collapse, the first longest wins', () => {
  const bytes = (groups: number[]) => Buffer.from(groups.flatMap((g) => [g >> 8, g & 0xff]));
  assert.equal(formatIPv6(bytes([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])), '2001:db8:0:1:1:1:1:1');
  assert.equal(formatIPv6(bytes([0x2001, 0, 0, 1, 0, 0, 0, 1])), '2001:0:0:1::1');
  assert.equal(formatIPv6(bytes([0, 0, 0, 0, 0, 0, 0, 0])), '::');
});

test('reads /proc/net tcp and tcp6 rows (little-endian words) by socket inode', () => {
  const tcp = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:1F90 0100007F:A2C4 01 00000000:00000000 00:00000000 00000000     0        0 123456 1 0000000000000000 20 4 30 10 -1',
    '   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 0 1',
  ].join('\n');
  const into = new Map<string, SocketInfo>();
  parseSocketTable(tcp, 'tcp', false, into);
  assert.deepEqual(into.get('123456'), { protocol: 'tcp', localAddress: '127.0.0.1', localPort: 8080 });
  assert.equal(into.size, 1);
  assert.equal(decodeProcAddress('00000000000000000000000001000000', true), '::1');
});
