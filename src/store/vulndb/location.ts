import os from 'node:os';
import path from 'node:path';

/** Where the installed database lives: `--db-dir`, else $RAMPART_DB_DIR, else the XDG data folder. */
export function defaultDbDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RAMPART_DB_DIR) return path.resolve(env.RAMPART_DB_DIR);
  const dataHome = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'rampart', 'db');
}

export function resolveDbDir(dbDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return dbDir ? path.resolve(dbDir) : defaultDbDir(env);
}

export const DB_FILE = 'vuln.db';

export function dbFilePath(dbDir: string): string {
  return path.join(dbDir, DB_FILE);
}

/** Public keys trusted when `--trust` is not given: `<db dir>/trusted/*.pub` or `*.pem`. */
export function trustedKeyDir(dbDir: string): string {
  return path.join(dbDir, 'trusted');
}

/** Prefix of files an import or download writes before the rename; followed by the writer's pid. */
export const TEMP_PREFIX = '.incoming-';

/** A database older than this many days makes scans and `rampart db status` warn; `--max-age` changes it. */
export const DEFAULT_MAX_AGE_DAYS = 7;
