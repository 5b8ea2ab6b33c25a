import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InstallResult } from '../../store/vulndb/install.js';
import { DEFAULT_MAX_AGE_DAYS, resolveDbDir } from '../../store/vulndb/location.js';
import { Progress } from '../progress.js';

// Each subcommand loads what it needs when it runs: `rampart db status` should not load every
// importer, nor a scan that registers this command the zstd WASM.

const DB_DIR_HELP = 'database folder (default: $RAMPART_DB_DIR, else $XDG_DATA_HOME/rampart/db, else ~/.local/share/rampart/db)';

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name}: expected a positive number`);
    return n;
  };
}

function zstdLevel(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 22) throw new InvalidArgumentError('expected a zstd level from 1 to 22');
  return n;
}

const collectFiles = (value: string, previous: string[] = []): string[] => [...previous, value];

function trustOption(): Option {
  return new Option('--trust <file>', 'trusted public key, PEM (repeatable)').argParser(collectFiles).default([], 'the keys in <db dir>/trusted/');
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function reportInstalled(result: InstallResult): void {
  const m = result.manifest;
  process.stderr.write(
    `rampart: installed ${result.dbFile}: built ${m.built}, ${m.counts.vulnerabilities} vulnerabilities, ${m.counts.affected} affected-package records from ${m.sources.length} sources (signed by key ${result.keyId})\n`,
  );
}

export function dbCommand(): Command {
  const db = new Command('db')
    .description('The offline vulnerability database: build a signed bundle from publisher feeds, import or fetch it, show its state')
    .addHelpText(
      'after',
      `
The database is one SQLite file in the database folder. It travels as a signed, zstd-compressed
bundle (rampart-db.tar.zst); imports verify the signature, checksum and schema, then swap the file
atomically, so a failed or tampered import leaves the previous database in place.

Examples:
  rampart db keygen --out db                      # once, on the build host: db.key (secret), db.pub
  rampart db build --from vulndata/ --output rampart-db.tar.zst --sign-key db.key
  rampart db import rampart-db.tar.zst --trust db.pub
  rampart db update --mirror https://mirror.bank.local/rampart/ --ca-cert bank-ca.pem --trust db.pub
  rampart db status
`,
    );

  db.command('build')
    .description('Build the database from a folder of publisher feeds and write a signed bundle')
    .requiredOption('--from <dir>', 'folder of feeds (OSV, distribution trackers, OVAL, NVD, KEV, EPSS…), searched recursively')
    .option('-o, --output <file>', 'bundle to write', 'rampart-db.tar.zst')
    .requiredOption('--sign-key <file>', 'Ed25519 (or ECDSA) private key, PEM; see: rampart db keygen')
    .option('--install', 'also install the new database locally (verified with the signing key\'s public half)')
    .option('--db-dir <dir>', `with --install: ${DB_DIR_HELP}`)
    .addOption(new Option('--level <n>', 'zstd compression level, 1–22 (19 makes a bundle ~10 % smaller and takes ~15 times longer)').default(9).argParser(zstdLevel))
    .option('--no-progress', 'do not show progress on a terminal')
    .addHelpText(
      'after',
      `
Each file goes to the first importer that recognises its path; files none recognises are counted and
skipped. Records an importer cannot understand are reported and skipped.

Exit codes: 0 built, 2 an input file could not be read (the bundle is still written) or bad arguments.

Examples:
  rampart db build --from ../shared/vulndata --output rampart-db.tar.zst --sign-key db.key
  rampart db build --from feeds/ --sign-key db.key --install      # one host builds and uses it
`,
    )
    .action(async (options: { from: string; output: string; signKey: string; level: number; progress: boolean; install?: boolean; dbDir?: string }) => {
      const { readPrivateKey } = await import('../../store/vulndb/signing.js');
      // The key is read first: a bad key should fail in a second, not after the build.
      const signingKey = await readPrivateKey(options.signKey);
      const [{ IMPORTERS }, { buildVulnDb }, { writeBundle }, { SCHEMA_VERSION }] = await Promise.all([
        import('../../analyzers/vuln/importers/index.js'),
        import('../../store/vulndb/writer.js'),
        import('../../store/vulndb/bundle.js'),
        import('../../store/vulndb/schema.js'),
      ]);
      const started = Date.now();
      const progress = new Progress(options.progress);
      const dbFile = `${options.output}.${process.pid}.db`;
      await mkdir(path.dirname(path.resolve(options.output)), { recursive: true });
      try {
        const result = await buildVulnDb({
          from: options.from,
          output: dbFile,
          importers: IMPORTERS,
          onFile: (rel) => progress.update(`rampart: reading ${rel}`),
        });
        progress.update('rampart: compressing and signing');
        const { size } = await writeBundle({ dbFile, output: options.output, signingKey, schemaVersion: SCHEMA_VERSION, built: result.built, sources: result.sources, counts: result.counts, level: options.level });
        progress.done();
        for (const p of result.problems.slice(0, 20)) process.stderr.write(`rampart: ${p}\n`);
        if (result.problems.length > 20) process.stderr.write(`rampart: … and ${result.problems.length - 20} more records skipped\n`);
        for (const f of result.failed) process.stderr.write(`rampart: ${f}\n`);
        const c = result.counts;
        process.stderr.write(
          `rampart: wrote ${options.output} (${mb(size)}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${c.vulnerabilities} vulnerabilities, ${c.affected} affected-package records, ${c.namespaces} namespaces, from ${result.files.read} files (${result.files.unmatched.length} not recognised, ${result.problems.length} records skipped)\n`,
        );
        for (const s of result.sources) process.stderr.write(`rampart:   ${s.name}: ${s.records} records${s.date ? `, ${s.date}` : ''}\n`);
        if (result.files.read === 0) process.stderr.write(`rampart: warning: no file under ${options.from} was recognised by an importer\n`);
        if (options.install) {
          const { installBundle } = await import('../../store/vulndb/install.js');
          reportInstalled(await installBundle(options.output, { dbDir: resolveDbDir(options.dbDir), trusted: [createPublicKey(signingKey)] }));
        }
        process.exitCode = result.failed.length > 0 ? 2 : 0;
      } finally {
        progress.done();
        await rm(dbFile, { force: true });
      }
    });

  db.command('import')
    .description('Verify a bundle and install it, replacing the current database atomically')
    .argument('<bundle>', 'rampart-db.tar.zst')
    .addOption(trustOption())
    .option('--db-dir <dir>', DB_DIR_HELP)
    .addHelpText('after', '\nExit codes: 0 installed, 2 refused (bad signature, checksum, schema or file); the previous database is kept.\n\nExample:\n  rampart db import rampart-db.tar.zst --trust db.pub\n')
    .action(async (bundle: string, options: { trust: string[]; dbDir?: string }) => {
      const { installBundle, trustedKeys } = await import('../../store/vulndb/install.js');
      const dbDir = resolveDbDir(options.dbDir);
      const trusted = await trustedKeys(options.trust, dbDir);
      reportInstalled(await installBundle(bundle, { dbDir, trusted }));
    });

  db.command('update')
    .description('Fetch <mirror>/rampart-db.tar.zst over HTTP(S) and install it as import does')
    .option('--mirror <url>', 'base URL of your mirror (or $RAMPART_DB_MIRROR); there is no default internet source')
    .option('--ca-cert <file>', "PEM CA certificate(s) for the mirror, added to Node's bundled roots")
    .addOption(new Option('--timeout <seconds>', 'connect and idle timeout').default(60).argParser(positiveNumber('--timeout')))
    .addOption(trustOption())
    .option('--db-dir <dir>', DB_DIR_HELP)
    .option('--no-progress', 'do not show progress on a terminal')
    .addHelpText('after', '\nExit codes: 0 installed, 2 download failed or bundle refused; the previous database is kept.\n\nExample:\n  rampart db update --mirror https://mirror.bank.local/rampart/ --ca-cert bank-ca.pem --trust db.pub\n')
    .action(async (options: { mirror?: string; caCert?: string; timeout: number; trust: string[]; dbDir?: string; progress: boolean }) => {
      const mirror = options.mirror ?? process.env.RAMPART_DB_MIRROR;
      if (!mirror) throw new InvalidArgumentError('--mirror <url> is required (or set RAMPART_DB_MIRROR)');
      const [{ trustedKeys }, { updateFromMirror }] = await Promise.all([import('../../store/vulndb/install.js'), import('../../store/vulndb/mirror.js')]);
      const dbDir = resolveDbDir(options.dbDir);
      const trusted = await trustedKeys(options.trust, dbDir);
      const progress = new Progress(options.progress);
      try {
        const result = await updateFromMirror({
          mirror,
          dbDir,
          trusted,
          timeoutSeconds: options.timeout,
          ...(options.caCert ? { caCert: options.caCert } : {}),
          onProgress: (received, total) => progress.update(`rampart: downloading ${mb(received)}${total ? ` of ${mb(total)}` : ''}`),
        });
        progress.done();
        reportInstalled(result);
      } finally {
        progress.done();
      }
    });

  db.command('status')
    .description('Show the installed database: build time, age, sources, counts')
    .option('--db-dir <dir>', DB_DIR_HELP)
    .addOption(new Option('--max-age <days>', 'warn when the database is older than this').default(DEFAULT_MAX_AGE_DAYS).argParser(positiveNumber('--max-age')))
    .addOption(new Option('--format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExit codes: 0 a database is installed (a stale one warns on standard error), 2 none is installed.\n\nExample:\n  rampart db status --max-age 3\n')
    .action(async (options: { dbDir?: string; maxAge: number; format: 'table' | 'json' }) => {
      const { formatStatus, readStatus } = await import('../../store/vulndb/status.js');
      const status = readStatus(resolveDbDir(options.dbDir), { maxAgeDays: options.maxAge });
      process.stdout.write(options.format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
      if (status.stale) process.stderr.write(`rampart: warning: the database is older than ${options.maxAge} days; run "rampart db update" or import a newer bundle\n`);
    });

  db.command('keygen')
    .description('Make an Ed25519 key pair for signing bundles: <out>.key (private, mode 0600) and <out>.pub')
    .option('--out <prefix>', 'file name prefix', 'rampart-db')
    .option('--force', 'overwrite existing key files')
    .addHelpText('after', '\nKeep the .key on the build host only; give the .pub to every site that imports.\n\nExample:\n  rampart db keygen --out db\n')
    .action(async (options: { out: string; force?: boolean }) => {
      const privateFile = `${options.out}.key`;
      const publicFile = `${options.out}.pub`;
      for (const f of [privateFile, publicFile]) {
        if (!options.force && existsSync(f)) throw new Error(`${f} exists: refusing to overwrite a key (use --force)`);
      }
      const { generateSigningKeys } = await import('../../store/vulndb/signing.js');
      const keys = generateSigningKeys();
      await writeFile(privateFile, keys.privateKey, { mode: 0o600, flag: options.force ? 'w' : 'wx' });
      await writeFile(publicFile, keys.publicKey, { mode: 0o644, flag: options.force ? 'w' : 'wx' });
      // An existing file keeps its mode on overwrite: make sure the private key is not readable by others.
      await chmod(privateFile, 0o600);
      process.stderr.write(`rampart: wrote ${privateFile} (keep it secret) and ${publicFile}\n`);
    });

  return db;
}
