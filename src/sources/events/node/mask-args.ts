import { maskSecret } from '../../../model/mask.js';

/**
 * Masks the secrets people put on command lines before argv leaves the sensor: option values
 * named like credentials (`--password=…`, `--token …`), `NAME=value` pairs with such names,
 * credentials in URLs, `user:password` after curl's `-u`, `Authorization:` headers, and the
 * glued `-pSECRET` of the MySQL/MariaDB clients.
 */

const SECRET_NAME = /(pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credentials?|auth)$/i;
// Options that take the secret as the next argument; narrower than SECRET_NAME so flags such as `--no-auth` keep the URL after them.
const SEPARATE_VALUE_NAME = /(pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|access[-_]?key|secret[-_]?key)$/i;
const OPTION_WITH_VALUE = /^(--?[A-Za-z0-9][\w.-]*)=(.+)$/s;
const OPTION_ALONE = /^--?[A-Za-z0-9][\w.-]*$/;
const ENV_PAIR = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/s;
const URL_CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:)([^@/\s]+)(@)/i;
const AUTH_HEADER = /^((?:proxy-)?authorization:\s*(?:\S+\s+)?)(\S.*)$/i;
// Programs whose `-p` is a password: glued (`-pSECRET`) for the MySQL clients, either way for sshpass.
const PASSWORD_P_PROGRAMS = new Set(['sshpass', 'mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlshow', 'mysqlcheck', 'mariadb', 'mariadb-dump', 'mariadb-admin']);
const USER_OPTIONS = new Set(['-u', '--user', '-U', '--proxy-user']);
const HEADER_OPTIONS = new Set(['-H', '--header', '--proxy-header']);

export function maskArgv(argv: string[]): string[] {
  if (argv.length === 0) return argv;
  const program = (argv[0] ?? '').split('/').pop() ?? '';
  const passwordP = PASSWORD_P_PROGRAMS.has(program);
  const out = argv.slice();
  for (let i = 1; i < out.length; i++) {
    const arg = out[i] as string;
    const previous = out[i - 1] as string;
    let masked = maskOne(arg);
    if (masked === arg) {
      if (OPTION_ALONE.test(previous) && SEPARATE_VALUE_NAME.test(previous.replace(/^-+/, '')) && !arg.startsWith('-')) masked = maskSecret(arg);
      else if (passwordP && program === 'sshpass' && previous === '-p') masked = maskSecret(arg);
      else if (USER_OPTIONS.has(previous) && arg.includes(':')) masked = maskUserPassword(arg);
      else if (HEADER_OPTIONS.has(previous)) masked = maskHeader(arg);
    }
    if (masked === arg && passwordP && /^-p.+/.test(arg)) masked = `-p${maskSecret(arg.slice(2))}`;
    out[i] = masked;
  }
  return out;
}

function maskOne(arg: string): string {
  const option = OPTION_WITH_VALUE.exec(arg);
  if (option && SECRET_NAME.test((option[1] as string).replace(/^-+/, ''))) return `${option[1]}=${maskSecret(option[2] as string)}`;
  const env = ENV_PAIR.exec(arg);
  if (env && SECRET_NAME.test(env[1] as string)) return `${env[1]}=${maskSecret(env[2] as string)}`;
  const url = URL_CREDENTIALS.exec(arg);
  if (url) return arg.replace(URL_CREDENTIALS, (_m, head: string, secret: string, at: string) => `${head}${maskSecret(secret)}${at}`);
  return maskHeader(arg);
}

function maskHeader(arg: string): string {
  const header = AUTH_HEADER.exec(arg);
  return header ? `${header[1]}${maskSecret(header[2] as string)}` : arg;
}

function maskUserPassword(arg: string): string {
  const colon = arg.indexOf(':');
  return `${arg.slice(0, colon + 1)}${maskSecret(arg.slice(colon + 1))}`;
}
