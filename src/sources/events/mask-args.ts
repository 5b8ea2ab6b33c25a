import { maskSecret } from '../../model/mask.js';

/**
 * Masks secrets people pass on command lines before an event leaves its source: values of
 * password/token/key flags (`--password=x`, `--token x`, `-p'x'` is too ambiguous and kept),
 * `NAME=value` assignments whose name says secret, and passwords in URLs.
 */

const SECRET_NAME = '(?:pass(?:word|wd)?|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|client[-_]?secret|credentials?)';
// `--token-auth-file=/etc/…`, `--service-account-key-file`: names of places, not secrets.
const NAMES_A_PLACE = /[-_](?:file|path|dir|directory|mode|ttl|url)$/i;
const FLAG_WITH_VALUE = new RegExp(`^(--?[\\w-]*${SECRET_NAME}[\\w-]*[=:])(.+)$`, 'i');
const FLAG_ALONE = new RegExp(`^--?[\\w-]*${SECRET_NAME}[\\w-]*$`, 'i');
const ASSIGNMENT = new RegExp(`^([A-Za-z_][\\w]*${SECRET_NAME}[\\w]*=)(.+)$`, 'i');
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)([^/\s@]+)(@.*)$/i;
const BEARER = /^(Authorization:\s*(?:Bearer|Basic)\s+)(.+)$/i;

export function maskArgs(args: string[]): string[] {
  let maskNext = false;
  return args.map((arg, index) => {
    if (maskNext) {
      maskNext = false;
      return maskSecret(arg);
    }
    if (index === 0) return arg;
    let m = BEARER.exec(arg) ?? FLAG_WITH_VALUE.exec(arg) ?? ASSIGNMENT.exec(arg);
    if (m && !NAMES_A_PLACE.test((m[1] as string).slice(0, -1))) return `${m[1]}${maskSecret(m[2] as string)}`;
    m = URL_PASSWORD.exec(arg);
    if (m) return `${m[1]}${maskSecret(m[2] as string)}${m[3]}`;
    // `Bearer` alone: a header split into words (Falco's proc.cmdline is space-joined).
    if ((FLAG_ALONE.test(arg) && !NAMES_A_PLACE.test(arg)) || /^(?:Bearer|Basic)$/i.test(arg)) maskNext = true;
    return arg;
  });
}
