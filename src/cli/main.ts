#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { checksCommand, frameworksCommand } from './commands/checks.js';
import { dbCommand } from './commands/db.js';
import { imageCommand } from './commands/image.js';
import { manifestsCommand } from './commands/manifests.js';
import { netpolCommand } from './commands/netpol.js';
import { rbacCommand } from './commands/rbac.js';
import { rescanCommand } from './commands/rescan.js';
import { sbomCommand } from './commands/sbom.js';
import { VERSION } from './version.js';

/** The `rampart` command: a thin composition of sources, analyzers, policy and reporters. */
const program = new Command('rampart')
  .description('Container and Kubernetes security and compliance: workload posture, images, vulnerabilities, access and network, with findings mapped to CIS, NSA/CISA, Pod Security Standards, MLPS 2.0 (等保2.0), JR/T 0167 and PCI DSS')
  .version(VERSION)
  .showSuggestionAfterError()
  .exitOverride()
  .configureOutput({ outputError: () => undefined })
  .addCommand(manifestsCommand())
  .addCommand(imageCommand())
  .addCommand(sbomCommand())
  .addCommand(dbCommand())
  .addCommand(rescanCommand())
  .addCommand(checksCommand())
  .addCommand(frameworksCommand())
  .addCommand(netpolCommand())
  .addCommand(rbacCommand())
  .addHelpText('after', '\nStart with:\n  rampart manifests k8s/\n  rampart image registry.bank.local/payments/api:1.4.2\n  rampart checks list --lang zh\n');

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
