import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Permission, Principal, User } from '../../../model/platform.js';
import type { AuditTrail } from '../../../store/platform/audit-trail.js';
import type { IdentityStore, TokenRecord } from '../../../store/platform/identity.js';
import { rolePermissions } from './authorization.js';
import { systemClock, type Clock } from './clock.js';

/**
 * API tokens for scanners and agents: `rmp_<id>_<secret>`, where the id (12 random bytes, hex) finds
 * the record and the secret (32 random bytes, base64url) proves possession. Only the secret's
 * SHA-256 is stored, the whole token is shown once at issue. A token acts as its owning user but
 * only within its scopes: its scopes must be permissions the owner holds when issued, and at each
 * use the effective rights are scopes ∩ the owner's current roles (see authorization.ts). Disabling
 * the owner stops the token.
 */

export const TOKEN_PREFIX = 'rmp_';
const TOKEN_PATTERN = /^rmp_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;

/** Who performs an administrative action, for the audit trail (and self-service checks). */
export interface Actor {
  name: string;
  /** The acting user's id, when a user (not a token or the system) acts. */
  userId?: string;
  sourceIp?: string;
}

export interface IssueTokenRequest {
  owner: User;
  name: string;
  scopes: Permission[];
  /** ISO timestamp; omitted for a token that does not expire. */
  expiresAt?: string;
}

export type TokenAuthentication =
  | { ok: true; principal: Principal; token: TokenRecord }
  | { ok: false; tokenId?: string; reason: 'malformed' | 'unknown' | 'wrong-secret' | 'revoked' | 'expired' | 'owner-disabled' };

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `rmp_<id>_…` shortened for logs and audit: the id, never the secret. */
export function describeToken(token: string): string {
  const match = /^rmp_([0-9a-f]{24})_/.exec(token);
  return match ? `token:${match[1]}` : 'token:(malformed)';
}

export class TokenService {
  private readonly now: Clock;

  constructor(
    private readonly identity: IdentityStore,
    private readonly audit: AuditTrail,
    options: { now?: Clock } = {},
  ) {
    this.now = options.now ?? systemClock;
  }

  /** Creates a token; the returned `token` string is the only time the secret is visible. */
  async issue(request: IssueTokenRequest, actor: Actor): Promise<{ token: string; record: TokenRecord }> {
    const name = request.name.trim();
    if (!name) throw new Error('token: name is required');
    if (!request.scopes.length) throw new Error(`token ${name}: at least one scope is required`);
    if (request.owner.disabled) throw new Error(`token ${name}: owner ${request.owner.username} is disabled`);
    const held = rolePermissions(request.owner.roles);
    const beyond = request.scopes.filter((scope) => !held.has(scope));
    if (beyond.length) throw new Error(`token ${name}: owner ${request.owner.username} does not hold ${beyond.join(', ')}, so the token cannot either`);
    const now = this.now();
    if (request.expiresAt !== undefined && !(Date.parse(request.expiresAt) > now.getTime())) throw new Error(`token ${name}: expiresAt ${request.expiresAt} is not a future timestamp`);
    const id = randomBytes(12).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record = await this.identity.createToken({
      id,
      secretHash: sha256Hex(secret),
      name,
      userId: request.owner.id,
      scopes: request.scopes,
      createdBy: actor.name,
      createdAt: now.toISOString(),
      ...(request.expiresAt !== undefined ? { expiresAt: new Date(request.expiresAt).toISOString() } : {}),
    });
    await this.audit.append({
      actor: actor.name, action: 'token.issue', target: `token:${id}`, outcome: 'success', ...(actor.sourceIp ? { sourceIp: actor.sourceIp } : {}),
      details: { name, owner: request.owner.username, scopes: record.scopes, expiresAt: record.expiresAt ?? null },
    });
    return { token: `${TOKEN_PREFIX}${id}_${secret}`, record };
  }

  async revoke(id: string, actor: Actor): Promise<boolean> {
    const revoked = await this.identity.revokeToken(id, this.now().toISOString());
    await this.audit.append({ actor: actor.name, action: 'token.revoke', target: `token:${id}`, outcome: revoked ? 'success' : 'failure', ...(actor.sourceIp ? { sourceIp: actor.sourceIp } : {}), ...(revoked ? {} : { details: { reason: 'unknown or already revoked' } }) });
    return revoked;
  }

  /** Checks a bearer token; on success records its last use. The caller audits failures. */
  async authenticate(presented: string): Promise<TokenAuthentication> {
    const match = TOKEN_PATTERN.exec(presented);
    if (!match) return { ok: false, reason: 'malformed' };
    const [, id, secret] = match as unknown as [string, string, string];
    const found = await this.identity.getTokenWithSecret(id);
    // Hash even when the id is unknown, so both paths cost the same.
    const presentedHash = Buffer.from(sha256Hex(secret), 'hex');
    if (!found) return { ok: false, tokenId: id, reason: 'unknown' };
    const storedHash = Buffer.from(found.secretHash, 'hex');
    if (storedHash.length !== presentedHash.length || !timingSafeEqual(storedHash, presentedHash)) return { ok: false, tokenId: id, reason: 'wrong-secret' };
    const { token } = found;
    const now = this.now();
    if (token.revokedAt) return { ok: false, tokenId: id, reason: 'revoked' };
    if (token.expiresAt && now.getTime() >= Date.parse(token.expiresAt)) return { ok: false, tokenId: id, reason: 'expired' };
    const owner = await this.identity.getUser(token.userId);
    if (!owner || owner.disabled) return { ok: false, tokenId: id, reason: 'owner-disabled' };
    await this.identity.touchToken(id, now.toISOString());
    token.lastUsedAt = now.toISOString();
    return {
      ok: true,
      token,
      principal: { kind: 'token', id, name: `${owner.username}/${token.name}`, roles: [...owner.roles], teams: [...owner.teams], scopes: [...token.scopes] },
    };
  }
}
