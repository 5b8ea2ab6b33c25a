/**
 * The `saddr=` field of a SOCKADDR audit record: the socket address a process passed to
 * connect/bind, logged as hex bytes of a `struct sockaddr_*`. The family is in the host's byte
 * order (little-endian on x86_64 and arm64), the port in network order.
 */
import { formatIPv6Groups } from '../../../model/index.js';

export type SocketAddress =
  | { family: 'inet' | 'inet6'; address: string; port: number }
  | { family: 'unix'; path: string }
  | { family: 'other'; familyNumber: number };

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;

/** Decodes a saddr hex string; throws a one-line error when it is not hex or too short for its family. */
export function decodeSockaddr(hex: string): SocketAddress {
  if (!/^(?:[0-9A-Fa-f]{2})+$/.test(hex)) throw new Error(`SOCKADDR saddr is not hex: ${JSON.stringify(hex.slice(0, 40))}`);
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length < 2) throw new Error(`SOCKADDR saddr is ${bytes.length} byte(s), too short for a family`);
  const little = bytes.readUInt16LE(0);
  // A big-endian host logs the family as 00 0A; read it as such when the low byte is zero.
  const family = little > 0xff && bytes[0] === 0 ? bytes.readUInt16BE(0) : little;
  if (family === AF_INET) {
    if (bytes.length < 8) throw new Error(`SOCKADDR AF_INET saddr is ${bytes.length} bytes, expected at least 8`);
    return { family: 'inet', port: bytes.readUInt16BE(2), address: `${bytes[4]}.${bytes[5]}.${bytes[6]}.${bytes[7]}` };
  }
  if (family === AF_INET6) {
    if (bytes.length < 24) throw new Error(`SOCKADDR AF_INET6 saddr is ${bytes.length} bytes, expected at least 24`);
    return { family: 'inet6', port: bytes.readUInt16BE(2), address: formatIPv6(bytes.subarray(8, 24)) };
  }
  if (family === AF_UNIX) {
    const rest = bytes.subarray(2);
    if (rest.length > 0 && rest[0] === 0) {
      // Abstract socket: the name is every byte after the NUL up to the address length; trailing NULs are padding.
      let end = rest.length;
      while (end > 1 && rest[end - 1] === 0) end--;
      return { family: 'unix', path: `@${rest.subarray(1, end).toString('utf8')}` };
    }
    const nul = rest.indexOf(0);
    return { family: 'unix', path: rest.subarray(0, nul < 0 ? rest.length : nul).toString('utf8') };
  }
  return { family: 'other', familyNumber: family };
}

/** RFC 5952 text form: lower case, longest run of two or more zero groups as `::`, IPv4-mapped as `::ffff:a.b.c.d`. */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  return formatIPv6Groups(groups);
}
