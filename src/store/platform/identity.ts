import { randomUUID } from 'node:crypto';
import { PERMISSIONS, ROLES, type Permission, type Role, type User } from '../../model/platform.js';
import type { Migration, SqlDatabase, SqlExecutor } from '../sql/database.js';

/**
 * Storage for who may act: users with their roles and team memberships, local password hashes,
 * sessions, API tokens, failed sign-in attempts and lockouts, and pending OIDC sign-ins. Secrets
 * never reach this layer in the clear: sessions, tokens and OIDC states are stored as SHA-256
 * hashes, passwords as argon2id PHC strings (hashing is the server's business).
 *
 * Changing a user's roles or disabling the user deletes their sessions in the same transaction, so
 * nobody keeps acting with rights they no longer hold.
 */

export const IDENTITY_MIGRATIONS: readonly Migration[] = [
  `
CREATE TABLE identity_users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  email TEXT,
  auth TEXT NOT NULL,
  password_hash TEXT,
  oidc_subject TEXT UNIQUE,
  disabled INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE identity_user_roles (
  user_id TEXT NOT NULL REFERENCES identity_users (id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
);
CREATE TABLE identity_user_teams (
  user_id TEXT NOT NULL REFERENCES identity_users (id) ON DELETE CASCADE,
  team_id TEXT NOT NULL,
  PRIMARY KEY (user_id, team_id)
);
CREATE INDEX identity_user_teams_team ON identity_user_teams (team_id);
CREATE TABLE identity_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES identity_users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  source_ip TEXT
);
CREATE INDEX identity_sessions_user ON identity_sessions (user_id);
CREATE TABLE identity_tokens (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  name TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES identity_users (id) ON DELETE CASCADE,
  scopes TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  last_used_at TEXT
);
CREATE INDEX identity_tokens_user ON identity_tokens (user_id);
CREATE TABLE identity_failed_sign_ins (
  subject_kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  time TEXT NOT NULL
);
CREATE INDEX identity_failed_sign_ins_subject ON identity_failed_sign_ins (subject_kind, subject, time);
CREATE TABLE identity_oidc_pending (
  state_hash TEXT PRIMARY KEY,
  code_verifier TEXT NOT NULL,
  nonce TEXT NOT NULL,
  return_to TEXT,
  expires_at TEXT NOT NULL
);
`,
];

export interface NewUser {
  username: string;
  displayName?: string;
  email?: string;
  roles: Role[];
  teams?: string[];
  auth: User['auth'];
  /** argon2id PHC string, for local accounts. */
  passwordHash?: string;
  /** `issuer|sub`, for OIDC accounts. */
  oidcSubject?: string;
  createdAt?: string;
}

export interface SessionRecord {
  idHash: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  /** Absolute expiry; the idle timeout is checked against `lastSeenAt`. */
  expiresAt: string;
  sourceIp?: string;
}

export interface TokenRecord {
  id: string;
  name: string;
  userId: string;
  scopes: Permission[];
  createdBy: string;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

export interface PendingOidcSignIn {
  stateHash: string;
  codeVerifier: string;
  nonce: string;
  returnTo?: string;
  expiresAt: string;
}

export type FailureSubject = 'account' | 'ip';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  auth: string;
  disabled: number;
  created_at: string;
}

interface TokenRow {
  id: string;
  secret_hash: string;
  name: string;
  user_id: string;
  scopes: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

const ROLE_SET = new Set<string>(ROLES);
const PERMISSION_SET = new Set<string>(PERMISSIONS);

function checkRoles(roles: readonly string[]): Role[] {
  for (const role of roles) if (!ROLE_SET.has(role)) throw new Error(`unknown role ${JSON.stringify(role)}: expected one of ${ROLES.join(', ')}`);
  return [...new Set(roles as Role[])].sort();
}

function checkScopes(scopes: readonly string[]): Permission[] {
  for (const scope of scopes) if (!PERMISSION_SET.has(scope)) throw new Error(`unknown token scope ${JSON.stringify(scope)}: expected permissions from ${PERMISSIONS.join(', ')}`);
  return [...new Set(scopes as Permission[])].sort();
}

function tokenFromRow(row: TokenRow): TokenRecord {
  const token: TokenRecord = {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    scopes: JSON.parse(row.scopes) as Permission[],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
  if (row.expires_at != null) token.expiresAt = row.expires_at;
  if (row.revoked_at != null) token.revokedAt = row.revoked_at;
  if (row.last_used_at != null) token.lastUsedAt = row.last_used_at;
  return token;
}

export class IdentityStore {
  private constructor(readonly db: SqlDatabase) {}

  /** Applies the `identity` component's migrations and returns the store. */
  static async open(db: SqlDatabase): Promise<IdentityStore> {
    await db.migrate('identity', IDENTITY_MIGRATIONS);
    return new IdentityStore(db);
  }

  // ---- users

  async createUser(input: NewUser, tx?: SqlExecutor): Promise<User> {
    const username = input.username.trim();
    if (!username) throw new Error('user: username is required');
    const roles = checkRoles(input.roles);
    const teams = [...new Set(input.teams ?? [])].sort();
    const id = randomUUID();
    const createdAt = input.createdAt ?? new Date().toISOString();
    const work = async (t: SqlExecutor) => {
      const existing = await t.get('SELECT id FROM identity_users WHERE username = ?', [username]);
      if (existing) throw new Error(`user ${username} already exists`);
      await t.run(
        'INSERT INTO identity_users (id, username, display_name, email, auth, password_hash, oidc_subject, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)',
        [id, username, input.displayName ?? username, input.email ?? null, input.auth, input.passwordHash ?? null, input.oidcSubject ?? null, createdAt],
      );
      for (const role of roles) await t.run('INSERT INTO identity_user_roles (user_id, role) VALUES (?, ?)', [id, role]);
      for (const team of teams) await t.run('INSERT INTO identity_user_teams (user_id, team_id) VALUES (?, ?)', [id, team]);
    };
    if (tx) await work(tx);
    else await this.db.transaction(work);
    const user: User = { id, username, displayName: input.displayName ?? username, roles, teams, auth: input.auth, disabled: false, createdAt };
    if (input.email !== undefined) user.email = input.email;
    return user;
  }

  private async hydrate(row: UserRow | undefined, ex: SqlExecutor = this.db): Promise<User | undefined> {
    if (!row) return undefined;
    const roles = await ex.all<{ role: Role }>('SELECT role FROM identity_user_roles WHERE user_id = ? ORDER BY role', [row.id]);
    const teams = await ex.all<{ team_id: string }>('SELECT team_id FROM identity_user_teams WHERE user_id = ? ORDER BY team_id', [row.id]);
    const user: User = {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      roles: roles.map((r) => r.role),
      teams: teams.map((t) => t.team_id),
      auth: row.auth as User['auth'],
      disabled: Boolean(row.disabled),
      createdAt: row.created_at,
    };
    if (row.email != null) user.email = row.email;
    return user;
  }

  async getUser(id: string): Promise<User | undefined> {
    return this.hydrate(await this.db.get<UserRow>('SELECT * FROM identity_users WHERE id = ?', [id]));
  }

  async findUserByUsername(username: string): Promise<User | undefined> {
    return this.hydrate(await this.db.get<UserRow>('SELECT * FROM identity_users WHERE username = ?', [username]));
  }

  async findUserByOidcSubject(subject: string): Promise<User | undefined> {
    return this.hydrate(await this.db.get<UserRow>('SELECT * FROM identity_users WHERE oidc_subject = ?', [subject]));
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db.all<UserRow>('SELECT * FROM identity_users ORDER BY username');
    const users: User[] = [];
    for (const row of rows) users.push((await this.hydrate(row))!);
    return users;
  }

  /** Members of a team (for notifications and the console). */
  async listTeamMembers(teamId: string): Promise<User[]> {
    const rows = await this.db.all<UserRow>('SELECT u.* FROM identity_users u JOIN identity_user_teams t ON t.user_id = u.id WHERE t.team_id = ? ORDER BY u.username', [teamId]);
    const users: User[] = [];
    for (const row of rows) users.push((await this.hydrate(row))!);
    return users;
  }

  async getPasswordHash(userId: string): Promise<string | undefined> {
    const row = await this.db.get<{ password_hash: string | null }>('SELECT password_hash FROM identity_users WHERE id = ?', [userId]);
    return row?.password_hash ?? undefined;
  }

  /** Sets a new password hash and ends the user's sessions (a password change signs out everywhere). */
  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { changes } = await tx.run("UPDATE identity_users SET password_hash = ? WHERE id = ? AND auth = 'local'", [passwordHash, userId]);
      if (!changes) throw new Error(`user ${userId}: no local account to set a password on`);
      await tx.run('DELETE FROM identity_sessions WHERE user_id = ?', [userId]);
    });
  }

  /** Replaces the roles; returns whether they changed (sessions are revoked only then). */
  async setRoles(userId: string, roles: readonly Role[], tx?: SqlExecutor): Promise<boolean> {
    const wanted = checkRoles(roles);
    const work = async (t: SqlExecutor) => {
      const current = (await t.all<{ role: string }>('SELECT role FROM identity_user_roles WHERE user_id = ? ORDER BY role', [userId])).map((r) => r.role);
      if (current.join(',') === wanted.join(',')) return false;
      await t.run('DELETE FROM identity_user_roles WHERE user_id = ?', [userId]);
      for (const role of wanted) await t.run('INSERT INTO identity_user_roles (user_id, role) VALUES (?, ?)', [userId, role]);
      await t.run('DELETE FROM identity_sessions WHERE user_id = ?', [userId]);
      return true;
    };
    return tx ? work(tx) : this.db.transaction(work);
  }

  /** Replaces team memberships; returns whether they changed. Sessions read teams live, so they stay. */
  async setTeams(userId: string, teams: readonly string[], tx?: SqlExecutor): Promise<boolean> {
    const wanted = [...new Set(teams)].sort();
    const work = async (t: SqlExecutor) => {
      const current = (await t.all<{ team_id: string }>('SELECT team_id FROM identity_user_teams WHERE user_id = ? ORDER BY team_id', [userId])).map((r) => r.team_id);
      if (current.join('\n') === wanted.join('\n')) return false;
      await t.run('DELETE FROM identity_user_teams WHERE user_id = ?', [userId]);
      for (const team of wanted) await t.run('INSERT INTO identity_user_teams (user_id, team_id) VALUES (?, ?)', [userId, team]);
      return true;
    };
    return tx ? work(tx) : this.db.transaction(work);
  }

  async updateProfile(userId: string, profile: { displayName?: string; email?: string }, tx?: SqlExecutor): Promise<void> {
    const ex = tx ?? this.db;
    if (profile.displayName !== undefined) await ex.run('UPDATE identity_users SET display_name = ? WHERE id = ?', [profile.displayName, userId]);
    if (profile.email !== undefined) await ex.run('UPDATE identity_users SET email = ? WHERE id = ?', [profile.email, userId]);
  }

  /** Disabling deletes the user's sessions; their tokens stop working because authentication checks the owner. */
  async setDisabled(userId: string, disabled: boolean): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { changes } = await tx.run('UPDATE identity_users SET disabled = ? WHERE id = ?', [disabled ? 1 : 0, userId]);
      if (!changes) throw new Error(`user ${userId} does not exist`);
      if (disabled) await tx.run('DELETE FROM identity_sessions WHERE user_id = ?', [userId]);
    });
  }

  // ---- failed sign-ins and lockouts

  async recordFailedSignIn(kind: FailureSubject, subject: string, time: string): Promise<void> {
    await this.db.run('INSERT INTO identity_failed_sign_ins (subject_kind, subject, time) VALUES (?, ?, ?)', [kind, subject, time]);
  }

  async countFailedSignIns(kind: FailureSubject, subject: string, since: string): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM identity_failed_sign_ins WHERE subject_kind = ? AND subject = ? AND time >= ?', [kind, subject, since]);
    return Number(row?.n ?? 0);
  }

  async clearFailedSignIns(kind: FailureSubject, subject: string): Promise<void> {
    await this.db.run('DELETE FROM identity_failed_sign_ins WHERE subject_kind = ? AND subject = ?', [kind, subject]);
  }

  /** Forgets failures older than `before` (housekeeping; the window never looks that far back). */
  async pruneFailedSignIns(before: string): Promise<number> {
    return (await this.db.run('DELETE FROM identity_failed_sign_ins WHERE time < ?', [before])).changes;
  }

  async lockUser(userId: string, until: string): Promise<void> {
    await this.db.run('UPDATE identity_users SET locked_until = ? WHERE id = ?', [until, userId]);
  }

  async unlockUser(userId: string): Promise<void> {
    await this.db.run('UPDATE identity_users SET locked_until = NULL WHERE id = ?', [userId]);
  }

  async lockedUntil(userId: string): Promise<string | undefined> {
    const row = await this.db.get<{ locked_until: string | null }>('SELECT locked_until FROM identity_users WHERE id = ?', [userId]);
    return row?.locked_until ?? undefined;
  }

  // ---- sessions

  async createSession(session: SessionRecord): Promise<void> {
    await this.db.run('INSERT INTO identity_sessions (id_hash, user_id, created_at, last_seen_at, expires_at, source_ip) VALUES (?, ?, ?, ?, ?, ?)', [
      session.idHash, session.userId, session.createdAt, session.lastSeenAt, session.expiresAt, session.sourceIp ?? null,
    ]);
  }

  async getSession(idHash: string): Promise<SessionRecord | undefined> {
    const row = await this.db.get<{ id_hash: string; user_id: string; created_at: string; last_seen_at: string; expires_at: string; source_ip: string | null }>('SELECT * FROM identity_sessions WHERE id_hash = ?', [idHash]);
    if (!row) return undefined;
    const session: SessionRecord = { idHash: row.id_hash, userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at };
    if (row.source_ip != null) session.sourceIp = row.source_ip;
    return session;
  }

  async touchSession(idHash: string, lastSeenAt: string): Promise<void> {
    await this.db.run('UPDATE identity_sessions SET last_seen_at = ? WHERE id_hash = ?', [lastSeenAt, idHash]);
  }

  async deleteSession(idHash: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM identity_sessions WHERE id_hash = ?', [idHash])).changes > 0;
  }

  async deleteUserSessions(userId: string): Promise<number> {
    return (await this.db.run('DELETE FROM identity_sessions WHERE user_id = ?', [userId])).changes;
  }

  async countUserSessions(userId: string): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM identity_sessions WHERE user_id = ?', [userId]);
    return Number(row?.n ?? 0);
  }

  /** Removes sessions past their absolute expiry or idle since before `idleBefore`. */
  async pruneSessions(now: string, idleBefore: string): Promise<number> {
    return (await this.db.run('DELETE FROM identity_sessions WHERE expires_at <= ? OR last_seen_at < ?', [now, idleBefore])).changes;
  }

  // ---- API tokens

  async createToken(token: Omit<TokenRecord, 'revokedAt' | 'lastUsedAt'> & { secretHash: string }): Promise<TokenRecord> {
    const scopes = checkScopes(token.scopes);
    if (!scopes.length) throw new Error(`token ${token.name}: at least one scope is required`);
    await this.db.run('INSERT INTO identity_tokens (id, secret_hash, name, user_id, scopes, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      token.id, token.secretHash, token.name, token.userId, JSON.stringify(scopes), token.createdBy, token.createdAt, token.expiresAt ?? null,
    ]);
    const record: TokenRecord = { id: token.id, name: token.name, userId: token.userId, scopes, createdBy: token.createdBy, createdAt: token.createdAt };
    if (token.expiresAt !== undefined) record.expiresAt = token.expiresAt;
    return record;
  }

  /** The token and its stored secret hash, for authentication. */
  async getTokenWithSecret(id: string): Promise<{ token: TokenRecord; secretHash: string } | undefined> {
    const row = await this.db.get<TokenRow>('SELECT * FROM identity_tokens WHERE id = ?', [id]);
    return row ? { token: tokenFromRow(row), secretHash: row.secret_hash } : undefined;
  }

  async getToken(id: string): Promise<TokenRecord | undefined> {
    return (await this.getTokenWithSecret(id))?.token;
  }

  async listTokens(userId?: string): Promise<TokenRecord[]> {
    const rows = userId === undefined
      ? await this.db.all<TokenRow>('SELECT * FROM identity_tokens ORDER BY created_at, id')
      : await this.db.all<TokenRow>('SELECT * FROM identity_tokens WHERE user_id = ? ORDER BY created_at, id', [userId]);
    return rows.map(tokenFromRow);
  }

  async revokeToken(id: string, time: string): Promise<boolean> {
    return (await this.db.run('UPDATE identity_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [time, id])).changes > 0;
  }

  async touchToken(id: string, time: string): Promise<void> {
    await this.db.run('UPDATE identity_tokens SET last_used_at = ? WHERE id = ?', [time, id]);
  }

  // ---- pending OIDC sign-ins (state, nonce and PKCE verifier between redirect and callback)

  async savePendingOidc(pending: PendingOidcSignIn): Promise<void> {
    await this.db.run('INSERT INTO identity_oidc_pending (state_hash, code_verifier, nonce, return_to, expires_at) VALUES (?, ?, ?, ?, ?)', [
      pending.stateHash, pending.codeVerifier, pending.nonce, pending.returnTo ?? null, pending.expiresAt,
    ]);
  }

  /** Returns and deletes the pending sign-in (each state is good for one callback only). */
  async takePendingOidc(stateHash: string, now: string): Promise<PendingOidcSignIn | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM identity_oidc_pending WHERE expires_at <= ?', [now]);
      const row = await tx.get<{ state_hash: string; code_verifier: string; nonce: string; return_to: string | null; expires_at: string }>('SELECT * FROM identity_oidc_pending WHERE state_hash = ?', [stateHash]);
      if (!row) return undefined;
      await tx.run('DELETE FROM identity_oidc_pending WHERE state_hash = ?', [stateHash]);
      const pending: PendingOidcSignIn = { stateHash: row.state_hash, codeVerifier: row.code_verifier, nonce: row.nonce, expiresAt: row.expires_at };
      if (row.return_to != null) pending.returnTo = row.return_to;
      return pending;
    });
  }
}
