import { hash, verify } from '@node-rs/argon2';

/**
 * Local account passwords: argon2id with OWASP's minimum parameters (19 MiB, 2 iterations, one
 * lane), stored as the PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) so the parameters travel
 * with each hash and can be raised later without breaking old ones.
 */

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which per-file transpilers cannot inline). */
const ARGON2ID = 2;

export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Why a password is not acceptable for `username`, or undefined when it is. */
export function passwordPolicyError(username: string, password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) return 'password must not be the username';
  return undefined;
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password and for a hash that is not a valid PHC string. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash with the same parameters, so a sign-in for an unknown user (or
 * an account without a password) costs what a real one does and does not reveal which usernames
 * exist by its timing.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(`rampart-dummy-${Math.random()}`);
  await verifyPassword(await dummyHash, password);
  return false;
}
