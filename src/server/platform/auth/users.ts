import type { Role, User } from '../../../model/platform.js';
import type { AuditTrail } from '../../../store/platform/audit-trail.js';
import type { IdentityStore } from '../../../store/platform/identity.js';
import { roleSeparationError } from './authorization.js';
import { hashPassword, passwordPolicyError, verifyPassword } from './passwords.js';
import type { Actor } from './tokens.js';

/**
 * Account administration as the `users:manage` routes (and a user changing their own password)
 * need it: each change is checked (password policy, separation of duties), applied, and audited.
 * Roles of OIDC accounts come from the identity provider at each sign-in, so they are not edited
 * here. Errors are single-line messages naming the field, fit for a 400 answer.
 */

export interface NewLocalUser {
  username: string;
  password: string;
  displayName?: string;
  email?: string;
  roles: Role[];
  teams?: string[];
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export class UserAdministration {
  constructor(
    private readonly identity: IdentityStore,
    private readonly audit: AuditTrail,
  ) {}

  private async record(actor: Actor, action: string, user: Pick<User, 'username'>, details?: Record<string, unknown>): Promise<void> {
    await this.audit.append({ actor: actor.name, action, target: `user:${user.username}`, outcome: 'success', ...(actor.sourceIp ? { sourceIp: actor.sourceIp } : {}), ...(details ? { details } : {}) });
  }

  private async existing(userId: string): Promise<User> {
    const user = await this.identity.getUser(userId);
    if (!user) throw new Error(`user ${userId} does not exist`);
    return user;
  }

  async createLocalUser(actor: Actor, input: NewLocalUser): Promise<User> {
    const username = input.username.trim();
    if (!USERNAME.test(username)) throw new Error(`username ${JSON.stringify(input.username)}: use 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit`);
    const policy = passwordPolicyError(username, input.password);
    if (policy) throw new Error(policy);
    const separation = roleSeparationError(input.roles);
    if (separation) throw new Error(separation);
    const user = await this.identity.createUser({
      username, roles: input.roles, teams: input.teams ?? [], auth: 'local', passwordHash: await hashPassword(input.password),
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}), ...(input.email !== undefined ? { email: input.email } : {}),
    });
    await this.record(actor, 'user.create', user, { auth: 'local', roles: user.roles, teams: user.teams });
    return user;
  }

  async setRoles(actor: Actor, userId: string, roles: Role[]): Promise<User> {
    const user = await this.existing(userId);
    if (user.auth === 'oidc') throw new Error(`user ${user.username}: roles of single sign-on accounts come from the identity provider's groups`);
    if (actor.userId === userId) throw new Error('roles: nobody changes their own roles');
    const separation = roleSeparationError(roles);
    if (separation) throw new Error(separation);
    if (await this.identity.setRoles(userId, roles)) await this.record(actor, 'user.role-change', user, { from: user.roles, to: [...new Set(roles)].sort() });
    return this.existing(userId);
  }

  async setTeams(actor: Actor, userId: string, teams: string[]): Promise<User> {
    const user = await this.existing(userId);
    if (await this.identity.setTeams(userId, teams)) await this.record(actor, 'user.team-change', user, { from: user.teams, to: [...new Set(teams)].sort() });
    return this.existing(userId);
  }

  async setDisabled(actor: Actor, userId: string, disabled: boolean): Promise<User> {
    const user = await this.existing(userId);
    if (disabled && actor.userId === userId) throw new Error('disabled: nobody disables their own account');
    await this.identity.setDisabled(userId, disabled);
    await this.record(actor, disabled ? 'user.disable' : 'user.enable', user);
    return this.existing(userId);
  }

  /** An administrator sets a new password (the user's sessions end). */
  async resetPassword(actor: Actor, userId: string, password: string): Promise<void> {
    const user = await this.existing(userId);
    const policy = passwordPolicyError(user.username, password);
    if (policy) throw new Error(policy);
    await this.identity.setPasswordHash(userId, await hashPassword(password));
    await this.identity.unlockUser(userId);
    await this.record(actor, 'user.password-reset', user);
  }

  /** A user changes their own password, proving the current one (all their sessions end). */
  async changeOwnPassword(user: User, current: string, next: string, sourceIp?: string): Promise<void> {
    const hash = await this.identity.getPasswordHash(user.id);
    const actor = { name: user.username, ...(sourceIp ? { sourceIp } : {}) };
    if (!hash || !(await verifyPassword(hash, current))) {
      await this.audit.append({ actor: actor.name, action: 'user.password-change', target: `user:${user.username}`, outcome: 'failure', ...(sourceIp ? { sourceIp } : {}), details: { reason: 'current password wrong' } });
      throw new Error('current password: does not match');
    }
    const policy = passwordPolicyError(user.username, next);
    if (policy) throw new Error(policy);
    await this.identity.setPasswordHash(user.id, await hashPassword(next));
    await this.record(actor, 'user.password-change', user);
  }

  /** Lifts a lockout before it runs out. */
  async unlock(actor: Actor, userId: string): Promise<void> {
    const user = await this.existing(userId);
    await this.identity.unlockUser(userId);
    await this.identity.clearFailedSignIns('account', userId);
    await this.record(actor, 'user.unlock', user);
  }
}
