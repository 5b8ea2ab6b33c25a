import type { Role, User } from '../../../../src/model/platform.js';
import { hashPassword } from '../../../../src/server/platform/auth/passwords.js';
import { SessionManager } from '../../../../src/server/platform/auth/sessions.js';
import { PasswordSignIn } from '../../../../src/server/platform/auth/sign-in.js';
import { TokenService } from '../../../../src/server/platform/auth/tokens.js';
import { AuditTrail } from '../../../../src/store/platform/audit-trail.js';
import { IdentityStore } from '../../../../src/store/platform/identity.js';
import type { SqlDatabase } from '../../../../src/store/sql/database.js';

/** A clock the test moves by hand, so timeouts are crossed without sleeping. */
export class ManualClock {
  private t: number;
  constructor(start = '2026-05-01T08:00:00.000Z') {
    this.t = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.t);
  advanceMinutes(minutes: number): void {
    this.t += minutes * 60_000;
  }
}

export interface AuthParts {
  clock: ManualClock;
  identity: IdentityStore;
  audit: AuditTrail;
  signIn: PasswordSignIn;
  sessions: SessionManager;
  tokens: TokenService;
  /** Creates a local user with `password` (hashed for real). */
  addUser(username: string, roles: Role[], teams?: string[], password?: string): Promise<User>;
}

export const PASSWORD = 'correct horse battery staple';

/** One real argon2id hash of PASSWORD per test process: hashing is deliberately slow. */
let passwordHash: Promise<string> | undefined;

export async function authParts(db: SqlDatabase, clock = new ManualClock()): Promise<AuthParts> {
  const identity = await IdentityStore.open(db);
  const audit = await AuditTrail.open(db, { now: clock.now });
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  return {
    clock,
    identity,
    audit,
    signIn: new PasswordSignIn(identity, audit, { now: clock.now }),
    sessions: new SessionManager(identity, { now: clock.now }),
    tokens: new TokenService(identity, audit, { now: clock.now }),
    addUser: async (username, roles, teams = [], password) =>
      identity.createUser({ username, roles, teams, auth: 'local', passwordHash: password === undefined ? hash : await hashPassword(password), createdAt: clock.now().toISOString() }),
  };
}
