import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import { ROLES, type Role, type User } from '../../../model/platform.js';
import type { AuditTrail } from '../../../store/platform/audit-trail.js';
import type { IdentityStore } from '../../../store/platform/identity.js';
import { roleSeparationError } from './authorization.js';
import { systemClock, type Clock } from './clock.js';

/**
 * OIDC single sign-on (openid-client 6): authorization code flow with PKCE (S256), `state` and
 * `nonce`, the provider found by discovery from its issuer URL. Between redirect and callback the
 * server keeps the PKCE verifier and nonce under the state's hash (one use, ten minutes); the state
 * also rides in a cookie, so a callback only completes in the browser that started it.
 *
 * The identity provider is the source of truth for OIDC users' roles and teams: at every sign-in
 * the configured claim (e.g. `groups`) is mapped to roles and teams and stored, and a change of
 * roles ends the user's other sessions. A user is created at first sign-in (`auth: 'oidc'`), keyed
 * by issuer and `sub`; a username already held by another account is refused, never merged.
 */

export interface OidcOptions {
  /** Issuer URL; `<issuer>/.well-known/openid-configuration` must describe it. */
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** This server's callback URL, as registered with the provider. */
  redirectUri: string;
  /** Default `openid profile email`; add the scope that releases the group claim if the provider needs one. */
  scopes?: string[];
  /** Claim naming the user (default `preferred_username`, then `email`, then `sub`). */
  usernameClaim?: string;
  /** Claim listing the user's groups (default `groups`). */
  roleClaim?: string;
  /** Group → roles. */
  roleMapping: Record<string, Role[]>;
  /** Roles for users whose groups map to none; when empty (the default) such users are refused. */
  defaultRoles?: Role[];
  /** Claim listing team memberships (default: the role claim). */
  teamClaim?: string;
  /** Claim value → team ids; without it only values mapped in it count. Leave unset to take no teams from OIDC. */
  teamMapping?: Record<string, string[]>;
  /** Plain-HTTP issuer, for tests against a local provider only. */
  allowInsecureHttp?: boolean;
}

export class OidcSignInError extends Error {
  /** What the browser is told; `message` (audited) holds the reason. */
  readonly publicMessage = 'single sign-on failed';
}

const PENDING_MS = 10 * 60_000;
const ROLE_SET = new Set<string>(ROLES);

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function claimValues(claims: Record<string, unknown>, name: string): string[] {
  const value = claims[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

export function checkOidcOptions(options: OidcOptions): void {
  for (const field of ['issuer', 'clientId', 'redirectUri'] as const) if (!options[field]) throw new Error(`oidc: ${field} is required`);
  for (const [group, roles] of Object.entries(options.roleMapping)) {
    for (const role of roles) if (!ROLE_SET.has(role)) throw new Error(`oidc: roleMapping.${group}: unknown role ${role}`);
  }
  for (const role of options.defaultRoles ?? []) if (!ROLE_SET.has(role)) throw new Error(`oidc: defaultRoles: unknown role ${role}`);
}

export class OidcSignOn {
  private constructor(
    private readonly config: client.Configuration,
    readonly options: OidcOptions,
    private readonly identity: IdentityStore,
    private readonly audit: AuditTrail,
    private readonly now: Clock,
  ) {}

  /** Fetches the provider's discovery document; fails with the issuer named when it cannot. */
  static async discover(options: OidcOptions, deps: { identity: IdentityStore; audit: AuditTrail; now?: Clock }): Promise<OidcSignOn> {
    checkOidcOptions(options);
    let config: client.Configuration;
    try {
      config = await client.discovery(
        new URL(options.issuer),
        options.clientId,
        { redirect_uris: [options.redirectUri], response_types: ['code'] },
        options.clientSecret !== undefined ? client.ClientSecretBasic(options.clientSecret) : client.None(),
        options.allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : {},
      );
    } catch (err) {
      throw new Error(`oidc: discovery from ${options.issuer} failed: ${(err as Error).message}`, { cause: err });
    }
    return new OidcSignOn(config, options, deps.identity, deps.audit, deps.now ?? systemClock);
  }

  /** Starts a sign-in: the URL to send the browser to, and the state to keep in its cookie. */
  async begin(returnTo?: string): Promise<{ url: string; state: string }> {
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
    await this.identity.savePendingOidc({
      stateHash: sha256Hex(state), codeVerifier, nonce, expiresAt: new Date(this.now().getTime() + PENDING_MS).toISOString(),
      ...(returnTo !== undefined ? { returnTo } : {}),
    });
    const url = client.buildAuthorizationUrl(this.config, {
      redirect_uri: this.options.redirectUri,
      scope: (this.options.scopes ?? ['openid', 'profile', 'email']).join(' '),
      state,
      nonce,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
    });
    return { url: url.href, state };
  }

  /**
   * Completes a sign-in from the callback URL: checks the state against the browser's cookie,
   * redeems the code with the PKCE verifier, validates the ID token (signature, issuer, audience,
   * nonce), reads the user info, and creates or updates the user. Throws OidcSignInError (audited).
   */
  async complete(callbackUrl: URL, cookieState: string | undefined, sourceIp?: string): Promise<{ user: User; returnTo?: string }> {
    const fail = async (reason: string, actor = 'anonymous'): Promise<never> => {
      await this.audit.append({ actor, action: 'auth.sign-in-failed', outcome: 'failure', ...(sourceIp ? { sourceIp } : {}), details: { method: 'oidc', issuer: this.options.issuer, reason } });
      throw new OidcSignInError(reason);
    };
    const state = callbackUrl.searchParams.get('state');
    const providerError = callbackUrl.searchParams.get('error');
    if (providerError) return fail(`provider returned ${providerError}: ${callbackUrl.searchParams.get('error_description') ?? ''}`.trim());
    if (!state || !cookieState || state !== cookieState) return fail('state does not match the browser that started the sign-in');
    const pending = await this.identity.takePendingOidc(sha256Hex(state), this.now().toISOString());
    if (!pending) return fail('unknown, used or expired state');
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(this.config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) return fail('no ID token in the token response');
      const userInfo = await client.fetchUserInfo(this.config, tokens.access_token, idClaims.sub);
      claims = { ...idClaims, ...userInfo };
    } catch (err) {
      if (err instanceof OidcSignInError) throw err;
      return fail(`code exchange failed: ${(err as Error).message}`);
    }
    const user = await this.upsertUser(claims, sourceIp, fail);
    await this.audit.append({ actor: user.username, action: 'auth.sign-in', target: `user:${user.username}`, outcome: 'success', ...(sourceIp ? { sourceIp } : {}), details: { method: 'oidc', issuer: this.options.issuer } });
    return { user, ...(pending.returnTo !== undefined ? { returnTo: pending.returnTo } : {}) };
  }

  /** Roles and teams the claims map to. */
  mapClaims(claims: Record<string, unknown>): { roles: Role[]; teams: string[] } {
    const groups = claimValues(claims, this.options.roleClaim ?? 'groups');
    const roles = new Set<Role>();
    for (const group of groups) for (const role of this.options.roleMapping[group] ?? []) roles.add(role);
    if (!roles.size) for (const role of this.options.defaultRoles ?? []) roles.add(role);
    const teams = new Set<string>();
    if (this.options.teamMapping) {
      for (const value of claimValues(claims, this.options.teamClaim ?? this.options.roleClaim ?? 'groups')) {
        for (const team of this.options.teamMapping[value] ?? []) teams.add(team);
      }
    }
    return { roles: [...roles].sort(), teams: [...teams].sort() };
  }

  private async upsertUser(claims: Record<string, unknown>, sourceIp: string | undefined, fail: (reason: string, actor?: string) => Promise<never>): Promise<User> {
    const sub = typeof claims.sub === 'string' ? claims.sub : '';
    if (!sub) return fail('the ID token has no sub');
    const subject = `${this.options.issuer}|${sub}`;
    const named = [this.options.usernameClaim ?? 'preferred_username', 'email'].map((c) => claims[c]).find((v): v is string => typeof v === 'string' && v.length > 0);
    const username = named ?? sub;
    const { roles, teams } = this.mapClaims(claims);
    if (!roles.length) return fail(`no Rampart role is mapped from the ${this.options.roleClaim ?? 'groups'} claim`, username);
    const conflict = roleSeparationError(roles);
    if (conflict) return fail(conflict, username);
    const displayName = typeof claims.name === 'string' && claims.name ? claims.name : username;
    const email = typeof claims.email === 'string' ? claims.email : undefined;
    const ip = sourceIp ? { sourceIp } : {};

    const existing = await this.identity.findUserByOidcSubject(subject);
    if (!existing) {
      const clash = await this.identity.findUserByUsername(username);
      if (clash) return fail(`username ${username} is already held by another account`, username);
      const user = await this.identity.createUser({ username, displayName, roles, teams, auth: 'oidc', oidcSubject: subject, createdAt: this.now().toISOString(), ...(email !== undefined ? { email } : {}) });
      await this.audit.append({ actor: 'system', action: 'user.create', target: `user:${username}`, outcome: 'success', ...ip, details: { auth: 'oidc', issuer: this.options.issuer, roles, teams } });
      return user;
    }
    if (existing.disabled) return fail('the account is disabled', existing.username);
    const rolesChanged = await this.identity.setRoles(existing.id, roles);
    if (rolesChanged) await this.audit.append({ actor: 'system', action: 'user.role-change', target: `user:${existing.username}`, outcome: 'success', ...ip, details: { source: 'oidc', from: existing.roles, to: roles } });
    const teamsChanged = await this.identity.setTeams(existing.id, teams);
    if (teamsChanged) await this.audit.append({ actor: 'system', action: 'user.team-change', target: `user:${existing.username}`, outcome: 'success', ...ip, details: { source: 'oidc', from: existing.teams, to: teams } });
    await this.identity.updateProfile(existing.id, { displayName, ...(email !== undefined ? { email } : {}) });
    return (await this.identity.getUser(existing.id))!;
  }
}
