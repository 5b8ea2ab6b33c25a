import { readFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { PERMISSIONS, ROLES, type AuditEntry, type Permission, type Role } from '../../model/index.js';
import { formatAuditSyslog } from '../../store/platform/audit-trail.js';
import { buildPlatformApp } from '../../server/platform/app.js';
import type { OidcOptions } from '../../server/platform/auth/oidc.js';
import { Platform } from '../../server/platform/platform.js';
import { defaultResultStore } from '../scan-report.js';

/**
 * `rampart server`: the governance platform. One process on SQLite for a team (`--data`), or any
 * number of replicas on PostgreSQL (`--database`, or $RAMPART_DATABASE_URL so the password stays
 * off the command line). Sub-commands set up the first accounts and scanner tokens from the
 * machine itself, audited as `cli`.
 */

interface DatabaseOptions {
  data?: string;
  database?: string;
}

interface ServerOptions extends DatabaseOptions {
  listen: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp?: boolean;
  oidcConfig?: string;
  tickSeconds: number;
  console: boolean;
}

function databaseOf(options: DatabaseOptions, env: NodeJS.ProcessEnv = process.env): { database: string; label: string } {
  const url = options.database ?? env.RAMPART_DATABASE_URL;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new InvalidArgumentError(`--database: "${url.replace(/\/\/[^@]*@/, '//…@')}" is not a postgres:// URL`);
    const parsed = new URL(url);
    return { database: url, label: `PostgreSQL ${parsed.pathname.slice(1) || 'postgres'}@${parsed.hostname}` };
  }
  const dir = options.data ?? path.dirname(defaultResultStore(env));
  const file = path.join(path.resolve(dir), 'platform.db');
  return { database: file, label: `SQLite ${file}` };
}

function withDatabaseOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'directory of the embedded SQLite database (default $RAMPART_DATA_DIR or ~/.local/share/rampart)')
    .option('--database <url>', 'PostgreSQL for a shared deployment, postgres://user@host/db (better: $RAMPART_DATABASE_URL, so the password is not on the command line)');
}

function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value);
  if (!match) throw new InvalidArgumentError(`"${value}" must be HOST:PORT, e.g. 0.0.0.0:8443 or :8443`);
  const port = Number(match[3]);
  if (port > 65535) throw new InvalidArgumentError(`port ${port} is out of range`);
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port };
}

function readOidcConfig(file: string): OidcOptions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InvalidArgumentError(`--oidc-config ${file}: ${(err as Error).message}`);
  }
  const config = parsed as Partial<OidcOptions> & { clientSecretFile?: string };
  for (const field of ['issuer', 'clientId', 'redirectUri', 'roleMapping'] as const) if (!config[field]) throw new InvalidArgumentError(`--oidc-config ${file}: ${field} is required`);
  if (config.clientSecretFile) config.clientSecret = readFileSync(config.clientSecretFile, 'utf8').trim();
  delete config.clientSecretFile;
  return config as OidcOptions;
}

async function runServer(options: ServerOptions): Promise<void> {
  const { host, port } = parseListen(options.listen);
  if (!options.insecureHttp && !(options.tlsCert && options.tlsKey)) throw new InvalidArgumentError('--tls-cert and --tls-key are required (sessions and tokens must travel over HTTPS); --insecure-http only behind a TLS-terminating proxy');
  const { database, label } = databaseOf(options);
  const platform = await Platform.open({ database, ...(options.oidcConfig ? { oidc: readOidcConfig(options.oidcConfig) } : {}) });
  const consolePlugin = options.console ? await loadConsole() : undefined;
  const app = await buildPlatformApp({
    platform,
    databaseLabel: label,
    logger: true,
    ...(options.tlsCert && options.tlsKey ? { tls: { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) } } : {}),
    ...(consolePlugin ? { console: consolePlugin } : {}),
  });
  // Waiver expiry and warnings: every replica may run it, the workflow claims each change once.
  const timer = setInterval(() => {
    platform.tick().catch((err: unknown) => app.log.error({ err }, 'waiver expiry job failed'));
  }, options.tickSeconds * 1000);
  timer.unref();
  await platform.tick();
  const stop = async (): Promise<void> => {
    clearInterval(timer);
    await app.close();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen({ host, port });
  process.stderr.write(`rampart: server on ${options.insecureHttp ? 'http' : 'https'}://${host.includes(':') ? `[${host}]` : host}:${port} (${label})\n`);
}

/** The console is optional: a server built without `npm run build` still serves the API. */
async function loadConsole(): Promise<Parameters<typeof buildPlatformApp>[0]['console']> {
  try {
    const module = (await import('../../server/platform/console.js')) as { consolePlugin?: Parameters<typeof buildPlatformApp>[0]['console'] };
    return module.consolePlugin;
  } catch {
    return undefined;
  }
}

async function withPlatform<T>(options: DatabaseOptions, work: (platform: Platform) => Promise<T>): Promise<T> {
  const platform = await Platform.open({ database: databaseOf(options).database });
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}

function parseRoles(value: string): Role[] {
  const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
  for (const role of roles) if (!(ROLES as readonly string[]).includes(role)) throw new InvalidArgumentError(`"${role}" is not one of ${ROLES.join(', ')}`);
  return roles as Role[];
}

function parseScopes(value: string): Permission[] {
  const scopes = value.split(',').map((r) => r.trim()).filter(Boolean);
  for (const scope of scopes) if (!(PERMISSIONS as readonly string[]).includes(scope)) throw new InvalidArgumentError(`"${scope}" is not one of ${PERMISSIONS.join(', ')}`);
  return scopes as Permission[];
}

const CLI_ACTOR = { name: 'cli' };

export function serverCommand(): Command {
  const server = withDatabaseOptions(new Command('server').description('Run the governance platform: findings from every scan, routed to their owners, waivers with approval and expiry, audit trail, compliance reports and the web console'))
    .option('--listen <host:port>', 'address to listen on', '0.0.0.0:8443')
    .option('--tls-cert <file>', 'server certificate (PEM)')
    .option('--tls-key <file>', 'server private key (PEM)')
    .option('--insecure-http', 'plain HTTP, only behind a TLS-terminating proxy')
    .option('--oidc-config <file>', 'single sign-on: JSON with issuer, clientId, clientSecretFile, redirectUri, roleMapping {group: [roles]}')
    .addOption(new Option('--tick-seconds <n>', 'how often waiver expiry is checked').default(60).argParser((v) => Number(v)))
    .option('--no-console', 'serve the API only')
    .addHelpText(
      'after',
      `
Roles (MLPS 2.0 separation of duties, 三权分立): system-admin (accounts, settings, tokens),
security-admin (policy, routing, waiver decisions), auditor (read-only, audit trail), member
(own teams' findings, waiver requests). No one approves their own waiver.

First start on one machine:
  echo "$ADMIN_PASSWORD" | rampart server add-user admin --roles system-admin --data ./rampart-data
  rampart server --data ./rampart-data --tls-cert tls.crt --tls-key tls.key
  rampart server issue-token --owner ci-scanner --name gitlab --scopes scans:upload --data ./rampart-data
  RAMPART_TOKEN=rmp_… rampart manifests k8s/ --upload https://rampart.bank.local

Shared deployment: RAMPART_DATABASE_URL=postgres://rampart@db.bank.local/rampart rampart server …
`,
    )
    .action(async (options: ServerOptions) => {
      await runServer(options);
    });

  server.addCommand(
    withDatabaseOptions(new Command('add-user').description('create a local account; the password is read from standard input'))
      .argument('<username>')
      .requiredOption('--roles <list>', `comma-separated: ${ROLES.join(', ')}`, parseRoles)
      .option('--teams <list>', 'team ids the user belongs to', (v: string) => v.split(',').filter(Boolean))
      .action(async function (this: Command, username: string) {
        const options = this.optsWithGlobals<DatabaseOptions & { roles: Role[]; teams?: string[] }>();
        const password = (await text(process.stdin)).replace(/\r?\n$/, '');
        if (!password) throw new InvalidArgumentError('standard input held no password');
        await withPlatform(options, async (platform) => {
          const user = await platform.users.createLocalUser(CLI_ACTOR, { username, password, roles: options.roles, ...(options.teams ? { teams: options.teams } : {}) });
          process.stderr.write(`rampart: created ${user.username} (${user.roles.join(', ')})\n`);
        });
      }),
  );
  server.addCommand(
    withDatabaseOptions(new Command('issue-token').description('issue an API token for a scanner; printed once, stored only as a hash'))
      .requiredOption('--owner <username>', 'the account the token acts for (its roles cap the scopes)')
      .requiredOption('--name <name>', 'what the token is for, e.g. gitlab-ci')
      .option('--scopes <list>', 'permissions, e.g. scans:upload', parseScopes, ['scans:upload'] as Permission[])
      .option('--expires <date>', 'ISO date after which the token stops working')
      .action(async function (this: Command) {
        const options = this.optsWithGlobals<DatabaseOptions & { owner: string; name: string; scopes: Permission[]; expires?: string }>();
        await withPlatform(options, async (platform) => {
          const owner = await platform.identity.findUserByUsername(options.owner);
          if (!owner) throw new InvalidArgumentError(`--owner: no user "${options.owner}" (rampart server add-user)`);
          const issued = await platform.tokens.issue({ owner, name: options.name, scopes: options.scopes, ...(options.expires ? { expiresAt: new Date(options.expires).toISOString() } : {}) }, CLI_ACTOR);
          process.stdout.write(`${issued.token}\n`);
        });
      }),
  );
  return server;
}

export function auditCommand(): Command {
  const audit = new Command('audit').description("The platform's audit trail");
  audit.addCommand(
    withDatabaseOptions(new Command('verify').description('recompute the hash chain of the audit trail; exit 1 at the first entry that was changed or removed')).action(async (options: DatabaseOptions) => {
      await withPlatform(options, async (platform) => {
        const result = await platform.audit.verify();
        if (result.ok) process.stdout.write(`audit trail intact: ${result.entries} entries (seq ${result.firstSeq}–${result.lastSeq})\n`);
        else {
          process.stdout.write(`audit trail BROKEN at seq ${result.seq}: ${result.reason}\n`);
          process.exitCode = 1;
        }
      });
    }),
  );
  audit.addCommand(
    withDatabaseOptions(new Command('export').description('write the audit trail to standard output: JSON lines, or RFC 5424 syslog lines for a SIEM'))
      .addOption(new Option('--format <format>', 'jsonl or syslog').choices(['jsonl', 'syslog']).default('jsonl'))
      .action(async (options: DatabaseOptions & { format: 'jsonl' | 'syslog' }) => {
        await withPlatform(options, async (platform) => {
          if (options.format === 'jsonl') {
            for await (const line of platform.audit.exportJsonLines()) process.stdout.write(line);
            return;
          }
          for await (const line of platform.audit.exportJsonLines()) process.stdout.write(`${formatAuditSyslog(JSON.parse(line) as AuditEntry)}\n`);
        });
      }),
  );
  audit.addCommand(
    withDatabaseOptions(new Command('purge').description('remove entries older than the retention period; the chain stays verifiable from an anchor, and the purge itself is recorded'))
      .option('--older-than-days <n>', 'retention in days (MLPS 2.0 asks for at least 180)', (v) => Number(v), 180)
      .option('--force', 'allow a retention shorter than 180 days')
      .action(async (options: DatabaseOptions & { olderThanDays: number; force?: boolean }) => {
        await withPlatform(options, async (platform) => {
          const result = await platform.audit.purgeOlderThan(options.olderThanDays, { actor: 'cli', ...(options.force ? { force: true } : {}) });
          process.stderr.write(`rampart: purged ${result.purged} audit entries older than ${options.olderThanDays} days (anchor seq ${result.anchorSeq})\n`);
        });
      }),
  );
  return audit;
}
