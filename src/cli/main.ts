#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { VERSION } from './version.js';

/**
 * Each command's module is loaded only when it runs: the image, database and cluster commands pull
 * in SQLite, zstd, registries and the Kubernetes client, and `rampart manifests` in a pipeline must
 * not pay for them at start-up. Help without a command loads them all to list them.
 */
const COMMANDS: Record<string, () => Promise<Command[]>> = {
  manifests: async () => [(await import('./commands/manifests.js')).manifestsCommand()],
  cluster: async () => [(await import('./commands/cluster.js')).clusterCommand()],
  node: async () => [(await import('./commands/node.js')).nodeCommand()],
  host: async () => [(await import('./commands/host.js')).hostCommand()],
  image: async () => [(await import('./commands/image.js')).imageCommand()],
  sbom: async () => [(await import('./commands/sbom.js')).sbomCommand()],
  db: async () => [(await import('./commands/db.js')).dbCommand()],
  rescan: async () => [(await import('./commands/rescan.js')).rescanCommand()],
  admission: async () => {
    const [{ admissionCommand }, { createImagePolicyFactory }, { lazyResultStore }] = await Promise.all([
      import('./commands/admission.js'),
      import('../policy/image-policy/index.js'),
      import('./scan-report.js'),
    ]);
    return [admissionCommand({ imagePolicy: createImagePolicyFactory({ resultStore: lazyResultStore() }) })];
  },
  rbac: async () => [(await import('./commands/rbac.js')).rbacCommand()],
  netpol: async () => [(await import('./commands/netpol.js')).netpolCommand()],
  checks: async () => [(await import('./commands/checks.js')).checksCommand()],
  frameworks: async () => [(await import('./commands/checks.js')).frameworksCommand()],
  runtime: async () => [(await import('./commands/runtime.js')).runtimeCommand()],
  server: async () => [(await import('./commands/server.js')).serverCommand()],
  audit: async () => [(await import('./commands/server.js')).auditCommand()],
};

// `rampart … | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/** The `rampart` command: a thin composition of sources, analyzers, policy and reporters. */
const program = new Command('rampart')
  .description('Container and Kubernetes security and compliance: workload posture, live clusters, images, vulnerabilities, access and network, with findings mapped to CIS, NSA/CISA, Pod Security Standards, MLPS 2.0 (等保2.0), JR/T 0167 and PCI DSS')
  .version(VERSION)
  .showSuggestionAfterError()
  .exitOverride()
  .configureOutput({ outputError: () => undefined })
  .addHelpText('after', '\nStart with:\n  rampart manifests k8s/\n  rampart image registry.bank.local/payments/api:1.4.2\n  rampart checks list --lang zh\n');

const named = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const wanted = named !== undefined && named in COMMANDS ? [named] : Object.keys(COMMANDS);
for (const name of wanted) for (const command of await COMMANDS[name]!()) program.addCommand(command);

for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
  command.exitOverride().configureOutput({ outputError: () => undefined });
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') process.exit(0);
    if (err.code === 'commander.help') process.exit(0);
    process.stderr.write(`rampart: ${err.message.replace(/^error: /, '')}\n`);
    process.exit(2);
  }
  // Anything else is a bug or an environment failure: one line, never a stack trace for the user.
  process.stderr.write(`rampart: ${(err as Error).message}\n`);
  if (process.env.RAMPART_DEBUG) console.error(err);
  process.exit(2);
}
