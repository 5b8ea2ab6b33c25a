import type { User } from '../../../model/platform.js';
import type { AuditTrail } from '../../../store/platform/audit-trail.js';
import type { IdentityStore } from '../../../store/platform/identity.js';
import { systemClock, type Clock } from './clock.js';
import { lockoutPolicy, type LockoutPolicy } from './lockout.js';
import { verifyDummyPassword, verifyPassword } from './passwords.js';

/**
 * Local account sign-in with lockout. Every refusal — unknown user, wrong password, locked,
 * disabled, OIDC-only account, too many failures from the source — answers with the same message
 * after the same argon2 work, so a caller learns nothing about which it was; the audit trail
 * records the real reason.
 */

export const SIGN_IN_FAILED = 'invalid username or password';

export type SignInResult = { ok: true; user: User } | { ok: false; error: typeof SIGN_IN_FAILED };

export interface SignInRequest {
  username: string;
  password: string;
  sourceIp?: string;
}

export class PasswordSignIn {
  readonly policy: LockoutPolicy;
  private readonly now: Clock;

  constructor(
    private readonly identity: IdentityStore,
    private readonly audit: AuditTrail,
    options: { lockout?: Partial<LockoutPolicy>; now?: Clock } = {},
  ) {
    this.policy = lockoutPolicy(options.lockout);
    this.now = options.now ?? systemClock;
  }

  async signIn(request: SignInRequest): Promise<SignInResult> {
    const now = this.now();
    const windowStart = new Date(now.getTime() - this.policy.windowMinutes * 60_000).toISOString();
    const username = String(request.username ?? '').trim();
    const password = String(request.password ?? '');
    const source = request.sourceIp;
    const fail = async (reason: string, user?: User): Promise<SignInResult> => {
      if (source) await this.identity.recordFailedSignIn('ip', source, now.toISOString());
      await this.audit.append({
        actor: user?.username ?? (username || '(empty)'), action: 'auth.sign-in-failed', target: `user:${user?.username ?? username}`, outcome: 'failure',
        ...(source ? { sourceIp: source } : {}), details: { method: 'password', reason }, time: now.toISOString(),
      });
      return { ok: false, error: SIGN_IN_FAILED };
    };

    if (source && (await this.identity.countFailedSignIns('ip', source, windowStart)) >= this.policy.maxFailuresPerSource) {
      await verifyDummyPassword(password);
      return fail('source-rate-limited');
    }
    const user = username ? await this.identity.findUserByUsername(username) : undefined;
    const hash = user && user.auth === 'local' ? await this.identity.getPasswordHash(user.id) : undefined;
    if (!user || !hash) {
      await verifyDummyPassword(password);
      return fail(user ? 'no-local-password' : 'unknown-user', user);
    }
    const correct = await verifyPassword(hash, password);
    const lockedUntil = await this.identity.lockedUntil(user.id);
    if (lockedUntil && Date.parse(lockedUntil) > now.getTime()) return fail(correct ? 'locked (correct password)' : 'locked', user);
    if (user.disabled) return fail('disabled', user);
    if (!correct) {
      await this.identity.recordFailedSignIn('account', user.id, now.toISOString());
      const failures = await this.identity.countFailedSignIns('account', user.id, windowStart);
      const result = await fail('wrong-password', user);
      if (failures >= this.policy.maxFailures) {
        const until = new Date(now.getTime() + this.policy.lockMinutes * 60_000).toISOString();
        await this.identity.lockUser(user.id, until);
        // The lock starts a fresh count: after it ends the user has the full number of tries again.
        await this.identity.clearFailedSignIns('account', user.id);
        await this.audit.append({
          actor: 'system', action: 'auth.account-locked', target: `user:${user.username}`, outcome: 'success', ...(source ? { sourceIp: source } : {}),
          details: { failures, windowMinutes: this.policy.windowMinutes, lockedUntil: until }, time: now.toISOString(),
        });
      }
      return result;
    }
    if (lockedUntil) await this.identity.unlockUser(user.id);
    await this.identity.clearFailedSignIns('account', user.id);
    await this.audit.append({ actor: user.username, action: 'auth.sign-in', target: `user:${user.username}`, outcome: 'success', ...(source ? { sourceIp: source } : {}), details: { method: 'password' }, time: now.toISOString() });
    return { ok: true, user };
  }
}
