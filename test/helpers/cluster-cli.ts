/** Runs `rampart cluster` from source until main.ts registers it: `node --import tsx test/helpers/cluster-cli.ts ARGS`. */
import { clusterCommand } from '../../src/cli/commands/cluster.js';

await clusterCommand().parseAsync(process.argv.slice(2), { from: 'user' });
