/**
 * Names of the syscalls the node sensor's audit rules select, by the `arch` field of a SYSCALL
 * record. auditd's ENRICHED log format names the syscall itself (`SYSCALL=openat`); RAW logs
 * carry only the number, which means something different on every architecture.
 * Numbers from the kernel's syscall tables (as `ausyscall <arch> --dump` prints them).
 */

const X86_64: Record<number, string> = {
  2: 'open', 42: 'connect', 59: 'execve', 76: 'truncate', 77: 'ftruncate', 82: 'rename', 83: 'mkdir', 84: 'rmdir',
  85: 'creat', 86: 'link', 87: 'unlink', 88: 'symlink', 90: 'chmod', 91: 'fchmod', 92: 'chown', 93: 'fchown',
  94: 'lchown', 105: 'setuid', 113: 'setreuid', 117: 'setresuid', 133: 'mknod', 188: 'setxattr', 189: 'lsetxattr',
  190: 'fsetxattr', 197: 'removexattr', 198: 'lremovexattr', 199: 'fremovexattr', 257: 'openat', 258: 'mkdirat',
  259: 'mknodat', 260: 'fchownat', 263: 'unlinkat', 264: 'renameat', 265: 'linkat', 266: 'symlinkat', 268: 'fchmodat',
  280: 'utimensat', 316: 'renameat2', 322: 'execveat', 437: 'openat2', 452: 'fchmodat2',
};

const AARCH64: Record<number, string> = {
  5: 'setxattr', 6: 'lsetxattr', 7: 'fsetxattr', 14: 'removexattr', 15: 'lremovexattr', 16: 'fremovexattr',
  33: 'mknodat', 34: 'mkdirat', 35: 'unlinkat', 36: 'symlinkat', 37: 'linkat', 38: 'renameat', 45: 'truncate',
  46: 'ftruncate', 52: 'fchmod', 53: 'fchmodat', 54: 'fchownat', 55: 'fchown', 56: 'openat', 88: 'utimensat',
  145: 'setreuid', 146: 'setuid', 147: 'setresuid', 203: 'connect', 221: 'execve', 276: 'renameat2', 281: 'execveat',
  437: 'openat2', 452: 'fchmodat2',
};

const I386: Record<number, string> = {
  5: 'open', 8: 'creat', 9: 'link', 10: 'unlink', 11: 'execve', 14: 'mknod', 15: 'chmod', 16: 'lchown', 23: 'setuid',
  38: 'rename', 39: 'mkdir', 40: 'rmdir', 70: 'setreuid', 83: 'symlink', 92: 'truncate', 93: 'ftruncate', 94: 'fchmod',
  95: 'fchown', 164: 'setresuid', 182: 'chown', 198: 'lchown', 203: 'setreuid', 207: 'fchown', 208: 'setresuid',
  212: 'chown', 213: 'setuid', 226: 'setxattr', 227: 'lsetxattr', 228: 'fsetxattr', 235: 'removexattr',
  236: 'lremovexattr', 237: 'fremovexattr', 295: 'openat', 296: 'mkdirat', 297: 'mknodat', 298: 'fchownat',
  301: 'unlinkat', 302: 'renameat', 303: 'linkat', 304: 'symlinkat', 306: 'fchmodat', 320: 'utimensat',
  353: 'renameat2', 358: 'execveat', 362: 'connect', 437: 'openat2', 452: 'fchmodat2',
};

/** `arch` as the kernel logs it (AUDIT_ARCH_* in hex, lower case). */
const TABLES: Record<string, Record<number, string>> = {
  c000003e: X86_64,
  c00000b7: AARCH64,
  '40000003': I386,
};

/** The syscall's name, or undefined for an architecture or number outside the sensor's rules. */
export function syscallName(arch: string | undefined, syscall: number): string | undefined {
  if (arch === undefined) return undefined;
  return TABLES[arch.toLowerCase()]?.[syscall];
}
