/**
 * When failed sign-ins lock an account: `maxFailures` wrong passwords within `windowMinutes` lock
 * it for `lockMinutes`. Failures are also counted per source address, which stops one client from
 * guessing across many accounts (`maxFailuresPerSource` within the same window); a source over its
 * limit is refused until its failures age out of the window.
 */
export interface LockoutPolicy {
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
  maxFailuresPerSource: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15, maxFailuresPerSource: 50 };

export function lockoutPolicy(overrides: Partial<LockoutPolicy> = {}): LockoutPolicy {
  const policy = { ...DEFAULT_LOCKOUT_POLICY, ...overrides };
  for (const [key, value] of Object.entries(policy)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`lockout policy: ${key} must be a positive integer, not ${value}`);
  }
  return policy;
}
