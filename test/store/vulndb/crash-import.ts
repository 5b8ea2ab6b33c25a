/**
 * Child process for the crash test: runs a real import and kills itself with SIGKILL at the worst
 * moment, after the new database is written and checked and just before the rename.
 * Usage: node --import tsx crash-import.ts <bundle> <db dir> <trusted.pub>
 */
import { installBundle } from '../../../src/store/vulndb/install.js';
import { readPublicKey } from '../../../src/store/vulndb/signing.js';

const [bundle, dbDir, pub] = process.argv.slice(2) as [string, string, string];
await installBundle(bundle, {
  dbDir,
  trusted: [await readPublicKey(pub)],
  beforeRename: (temp) => {
    process.stdout.write(`${temp}\n`, () => process.kill(process.pid, 'SIGKILL'));
    // Never returns: the write callback kills the process before the rename can run.
    return new Promise<void>(() => undefined);
  },
});
