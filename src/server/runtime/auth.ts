import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { PeerCertificate, TLSSocket } from 'node:tls';

/**
 * Who may post events to Rampart's receivers (the audit webhook, the Falco HTTP input). Every
 * caller is authenticated, by either or both of:
 * - a client certificate signed by `clientCa` — what the API server presents from the kubeconfig
 *   of `--audit-webhook-config-file` (`client-certificate`/`client-key`), and what Falco's
 *   http_output sends with `mtls: true`; optionally limited to certificates whose CN or DNS
 *   SAN is in `allowedClientNames`;
 * - a bearer token (`Authorization: Bearer …`, the kubeconfig's `token`), compared in constant time.
 *
 * Any credential presented must be valid: a wrong token is not excused by a good certificate.
 * No acceptable credential → 401; a certificate presented but not trusted or not allowed → 403.
 */

export interface CallerAuthOptions {
  /** PEM bundle of the CAs whose client certificates are accepted. */
  clientCa?: string | Buffer;
  /** Accepted bearer tokens (at least 16 characters each). */
  bearerTokens?: string[];
  /** With clientCa: only these certificate subjects (CN or DNS SAN) are accepted. */
  allowedClientNames?: string[];
  /** Require both a client certificate and a token (default: either suffices). */
  requireBoth?: boolean;
}

export type AuthResult =
  | { ok: true; caller: string }
  | { ok: false; status: 401 | 403; reason: string };

export interface CallerAuth {
  /** TLS server options: ask for a client certificate but let the HTTP layer answer 401/403 (clients with only a token still connect). */
  tls: { ca?: string | Buffer; requestCert: boolean; rejectUnauthorized: false };
  /** Bearer challenge for 401 responses, when tokens are accepted. */
  challenge?: string;
  authenticate(request: IncomingMessage): AuthResult;
}

const MIN_TOKEN_LENGTH = 16;

export function createCallerAuth(options: CallerAuthOptions, what: string): CallerAuth {
  const tokens = (options.bearerTokens ?? []).map((t) => t.trim());
  if (!options.clientCa && tokens.length === 0) {
    throw new Error(`${what}: no caller authentication configured: give a client CA, a bearer token, or both`);
  }
  tokens.forEach((token, i) => {
    if (token.length < MIN_TOKEN_LENGTH) throw new Error(`${what}: bearer token ${i + 1} is shorter than ${MIN_TOKEN_LENGTH} characters`);
  });
  if (options.requireBoth && (!options.clientCa || tokens.length === 0)) throw new Error(`${what}: requireBoth needs a client CA and a bearer token`);
  const digests = tokens.map((t) => createHash('sha256').update(t).digest());
  const allowedNames = options.allowedClientNames?.length ? new Set(options.allowedClientNames) : undefined;

  const checkToken = (header: string | string[] | undefined): AuthResult | undefined => {
    if (header === undefined) return undefined;
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m || digests.length === 0) return { ok: false, status: 401, reason: 'bearer token not accepted' };
    const presented = createHash('sha256').update(m[1] as string).digest();
    // Compare against every token, never stopping early, so timing says nothing about which matched.
    let match = -1;
    digests.forEach((digest, i) => {
      if (timingSafeEqual(presented, digest) && match === -1) match = i;
    });
    return match === -1 ? { ok: false, status: 401, reason: 'bearer token not accepted' } : { ok: true, caller: `token #${match + 1}` };
  };

  const checkCertificate = (request: IncomingMessage): AuthResult | undefined => {
    if (!options.clientCa) return undefined;
    const socket = request.socket as TLSSocket;
    const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
    if (!peer || Object.keys(peer).length === 0) return undefined;
    if (!socket.authorized) return { ok: false, status: 403, reason: `client certificate not trusted (${String(socket.authorizationError ?? 'unknown')})` };
    const names = subjectNames(peer);
    if (allowedNames && !names.some((n) => allowedNames.has(n))) return { ok: false, status: 403, reason: `client certificate ${names[0] ?? '(no name)'} is not an allowed caller` };
    return { ok: true, caller: `certificate ${names[0] ?? '(no name)'}` };
  };

  return {
    tls: { ...(options.clientCa ? { ca: options.clientCa } : {}), requestCert: !!options.clientCa, rejectUnauthorized: false },
    ...(digests.length ? { challenge: 'Bearer' } : {}),
    authenticate(request) {
      const byCertificate = checkCertificate(request);
      const byToken = checkToken(request.headers.authorization);
      const failed = [byCertificate, byToken].find((r) => r && !r.ok);
      if (failed) return failed;
      if (options.requireBoth) {
        if (byCertificate?.ok && byToken?.ok) return { ok: true, caller: `${byCertificate.caller} + ${byToken.caller}` };
        return { ok: false, status: 401, reason: 'a client certificate and a bearer token are both required' };
      }
      return byCertificate ?? byToken ?? { ok: false, status: 401, reason: 'authentication required' };
    },
  };
}

function subjectNames(peer: PeerCertificate): string[] {
  const names: string[] = [];
  const cn = peer.subject?.CN;
  if (typeof cn === 'string') names.push(cn);
  else if (Array.isArray(cn)) names.push(...(cn as string[]));
  for (const entry of (peer.subjectaltname ?? '').split(',')) {
    const m = /^\s*DNS:(.+)$/.exec(entry);
    if (m) names.push((m[1] as string).trim());
  }
  return names;
}
