import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIp, IpSet, parseCidr, parseIp, PUBLIC_INTERNET } from '../../../src/analyzers/network/ip.js';
import { ALL_PORTS, EMPTY_PORTS, PortSets } from '../../../src/analyzers/network/ports.js';

test('IPv4 and IPv6 addresses parse and print canonically; malformed ones are refused', () => {
  assert.equal(formatIp(6, parseIp('fd00:ec2:0:0:0:0:0:254')?.value ?? 0n), 'fd00:ec2::254');
  assert.equal(formatIp(6, parseIp('::ffff:192.0.2.1')?.value ?? 0n), '::ffff:c000:201');
  assert.equal(formatIp(6, parseIp('2001:db8:0:0:1:0:0:1')?.value ?? 0n), '2001:db8::1:0:0:1', 'the first of two equal zero runs is compressed');
  assert.equal(formatIp(4, parseIp('10.1.2.3')?.value ?? 0n), '10.1.2.3');
  for (const bad of ['10.1.2', '10.1.2.256', '010.1.2.3', '1::2::3', 'fe80::1%eth0', 'alpha/web', '']) assert.equal(parseIp(bad), undefined, bad);
  assert.equal(parseCidr('10.1.2.3/8')?.text, '10.0.0.0/8', 'host bits are cleared');
  assert.equal(parseCidr('10.0.0.0/33'), undefined);
  assert.equal(parseCidr('::/0')?.text, '::/0');
});

test('address sets: subtract, intersect, cover, and the fewest CIDRs for the result', () => {
  const cidr = (t: string) => parseCidr(t) as NonNullable<ReturnType<typeof parseCidr>>;
  const set = IpSet.of([cidr('10.0.0.0/8')]).subtract(IpSet.of([cidr('10.128.0.0/9')]));
  assert.deepEqual(set.toCidrs(), ['10.0.0.0/9']);
  assert.ok(set.covers(cidr('10.1.0.0/16')));
  assert.ok(!set.covers(cidr('10.0.0.0/8')));
  assert.ok(set.overlaps(cidr('10.0.0.0/8')));
  assert.deepEqual(IpSet.of([cidr('192.168.0.0/24'), cidr('192.168.1.0/24')]).toCidrs(), ['192.168.0.0/23'], 'adjacent blocks merge');
  assert.ok(!PUBLIC_INTERNET.overlaps(cidr('172.16.0.0/12')));
  assert.ok(!PUBLIC_INTERNET.overlaps(cidr('fd00::/8')));
  assert.ok(PUBLIC_INTERNET.covers(cidr('8.8.8.8')));
  assert.ok(PUBLIC_INTERNET.covers(cidr('2400:3200::1')));
  assert.ok(IpSet.ALL.coversFamily(6));
});

test('port sets are interned: equal sets share an id, unions and intersections are exact', () => {
  const sets = new PortSets();
  const a = sets.range('TCP', 80, 90);
  const b = sets.range('TCP', 85, 100);
  assert.equal(sets.range('TCP', 80, 90), a);
  assert.equal(sets.format(sets.union(a, b)), 'TCP 80-100');
  assert.equal(sets.format(sets.intersect(a, b)), 'TCP 85-90');
  assert.equal(sets.intersect(a, sets.range('UDP', 80, 90)), EMPTY_PORTS);
  assert.equal(sets.union(a, ALL_PORTS), ALL_PORTS);
  assert.equal(sets.format(sets.union(sets.range('TCP', 1, 65535), sets.range('UDP', 53))), 'TCP (all ports); UDP 53');
  assert.ok(sets.contains(ALL_PORTS, 'SCTP', 1));
  assert.ok(!sets.contains(a, 'TCP', 91));
});
