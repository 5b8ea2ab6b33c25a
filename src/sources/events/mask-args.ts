import { maskSecret } from '../../model/mask.js';

/**
 * Masks the secrets people put on command lines before an argv leaves its source (Falco alerts,
 * the node sensor): values of options and `NAME=value`/`Name: value` pairs whose names say
 * credential (`--password=…`, `--token …`, `DB_PASSWORD=…`, `X-Api-Key: …`), credentials in URLs
 * anywhere in an argument, `Authorization` headers and `Bearer …` tokens (keeping the scheme),
 * curl's `-u user:password`, sshpass's `-p`, and the glued `-pSECRET` of the MySQL/MariaDB clients.
 * The program (argv[0]) is kept as it is.
 */

// Anywhere in a name: `PGPASSWORD`, `AWS_SECRET_ACCESS_KEY`, `--db-token`, `-passin`. `pass` must
// not run on into a longer word (`--passive`).
const SECRET_WORD = /pass(?:word|wd|phrase|in|out)?(?![a-z])|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credentials?/i;
// `auth` only as the end of a name (`--basic-auth`), so `--authorization-mode` and `--authentication-kubeconfig` are not secrets.
const AUTH_NAME = /auth$|^(?:proxy-)?authorization$/i;
// `--token-auth-file=/etc/…`, `--service-account-key-file`, `--password-stdin`: names of places or modes, not secrets.
const NAMES_A_PLACE = /[-_.](?:file|path|dir|directory|mode|ttl|url|stdin)$/i;
// `--password=x`, `DB_PASSWORD=x`, `-Dpassword=x`, `auth.password=x`, `Authorization: Bearer x`, `X-Api-Key:x`.
const NAME_AND_VALUE = /^(-{0,2}[A-Za-z_][\w.-]*)(\s*[=:])(.+)$/s;
const OPTION_ALONE = /^--?[A-Za-z0-9][\w.-]*$/;
// The user-info of a URL (`postgres://app:pw@db`, `redis://:pw@host`), anywhere in an argument (`sh -c "curl https://u:pw@h"`).
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)([^/\s@]+)@/gi;
// A token after its scheme inside a longer argument.
const INLINE_TOKEN = /\b(Bearer|Basic|token)(\s+)([A-Za-z0-9._~+/=-]{8,})/gi;
// Programs whose `-p` is a password: glued (`-pSECRET`) for the MySQL clients, either way for sshpass.
const GLUED_P_PROGRAMS = new Set(['mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlshow', 'mysqlcheck', 'mariadb', 'mariadb-dump', 'mariadb-admin', 'sshpass']);
// curl's `user:password` options; other programs' `-u 0:0` is a uid:gid.
const CURL_USER_OPTIONS = new Set(['-u', '--user', '-U', '--proxy-user']);

export function maskArgs(args: readonly string[]): string[] {
  if (args.length === 0) return [];
  // The program whose options are being read: argv[0], or one a wrapper runs (`env X=1 curl -u …`, `sudo mysql -p…`).
  let program = baseName(args[0] as string);
  const out = [args[0] as string];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i] as string;
    out.push(maskArg(arg, args[i - 1] as string, program));
    if (GLUED_P_PROGRAMS.has(baseName(arg)) || baseName(arg) === 'curl') program = baseName(arg);
  }
  return out;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function maskArg(arg: string, previous: string, program: string): string {
  // The value of the option or header word before it.
  if (OPTION_ALONE.test(previous) && takesSecretValue(previous) && !arg.startsWith('-')) return maskSecret(arg);
  if (/^(?:Bearer|Basic)$/i.test(previous)) return maskSecret(arg); // a header split into words (Falco's proc.cmdline is space-joined)
  if (program === 'sshpass' && previous === '-p') return maskSecret(arg);
  if (program === 'curl' && CURL_USER_OPTIONS.has(previous) && arg.includes(':')) {
    const colon = arg.indexOf(':');
    return `${arg.slice(0, colon + 1)}${maskSecret(arg.slice(colon + 1))}`;
  }
  // A value glued to its secret name.
  const pair = NAME_AND_VALUE.exec(arg);
  if (pair && isSecretName(pair[1] as string)) return `${pair[1]}${pair[2]}${maskValue(pair[1] as string, pair[3] as string)}`;
  // One level down: `--from-literal=password=…`, `--set=db.password=…`.
  const inner = pair ? NAME_AND_VALUE.exec(pair[3] as string) : null;
  if (pair && inner && isSecretName(inner[1] as string)) return `${pair[1]}${pair[2]}${inner[1]}${inner[2]}${maskValue(inner[1] as string, inner[3] as string)}`;
  if (GLUED_P_PROGRAMS.has(program) && /^-p.+/.test(arg) && !/^-pass/i.test(arg)) return `-p${maskSecret(arg.slice(2))}`;
  return maskInline(arg);
}

function isSecretName(name: string): boolean {
  const bare = name.replace(/^-+/, '');
  return (SECRET_WORD.test(bare) || AUTH_NAME.test(bare)) && !NAMES_A_PLACE.test(bare);
}

/** An option standing alone whose next argument is its secret; `--no-auth` and the like take none. */
function takesSecretValue(option: string): boolean {
  return isSecretName(option) && !/^--?no-/i.test(option);
}

/** Keeps a leading space and an authorization scheme readable (`Authorization: Bearer ey***ig`). */
function maskValue(name: string, value: string): string {
  const lead = /^\s*/.exec(value)?.[0] ?? '';
  const rest = value.slice(lead.length);
  const scheme = /^authorization$/i.test(name.replace(/^(?:-+|proxy-)/i, '')) ? /^(\S+\s+)(\S.*)$/s.exec(rest) : /^((?:Bearer|Basic|token)\s+)(\S.*)$/is.exec(rest);
  return scheme ? `${lead}${scheme[1]}${maskSecret(scheme[2] as string)}` : `${lead}${maskSecret(rest)}`;
}

function maskInline(arg: string): string {
  return arg
    .replace(URL_PASSWORD, (_m, head: string, secret: string) => `${head}${maskSecret(secret)}@`)
    .replace(INLINE_TOKEN, (_m, scheme: string, space: string, token: string) => `${scheme}${space}${maskSecret(token)}`);
}
