import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DOCKER_HUB } from './reference.js';

/**
 * Registry credentials: explicit username and password (the CLI reads the password from standard
 * input), else `~/.docker/config.json` `auths` (base64 `auth`, or `username`/`password`).
 * Credential helpers (`credHelpers`, `credsStore`) are external programs and are not run; when one
 * is configured for a registry that asks for credentials, the error says so. Credentials never
 * appear in messages.
 */

export interface Credentials {
  username: string;
  password: string;
}

export interface CredentialOptions {
  username?: string;
  password?: string;
  /** Path of a Docker client config; defaults to $DOCKER_CONFIG/config.json or ~/.docker/config.json. */
  dockerConfig?: string;
}

export type CredentialLookup =
  | { kind: 'found'; credentials: Credentials; from: string }
  | { kind: 'none' }
  /** A credential helper would hold them; it is not supported. */
  | { kind: 'helper'; helper: string; from: string }
  | { kind: 'invalid'; reason: string; from: string };

const HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

export async function lookupCredentials(registry: string, options: CredentialOptions): Promise<CredentialLookup> {
  if (options.username !== undefined || options.password !== undefined) {
    if (!options.username || options.password === undefined) return { kind: 'invalid', reason: 'a username needs a password and a password a username', from: 'the command line' };
    return { kind: 'found', credentials: { username: options.username, password: options.password }, from: 'the command line' };
  }
  const file = options.dockerConfig ?? path.join(process.env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker'), 'config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { kind: 'none' };
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'is not valid JSON', from: file };
  }
  if (typeof config !== 'object' || config === null) return { kind: 'none' };
  const { auths, credHelpers, credsStore } = config as { auths?: unknown; credHelpers?: unknown; credsStore?: unknown };
  const wanted = registry === DOCKER_HUB ? HUB_KEYS.map(hostOf) : [hostOf(registry)];
  if (typeof auths === 'object' && auths !== null) {
    for (const [key, value] of Object.entries(auths as Record<string, unknown>)) {
      if (!wanted.includes(hostOf(key)) || typeof value !== 'object' || value === null) continue;
      const entry = value as { auth?: unknown; username?: unknown; password?: unknown; identitytoken?: unknown };
      if (typeof entry.auth === 'string' && entry.auth !== '') {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon <= 0) return { kind: 'invalid', reason: `has an "auth" for ${key} that is not base64 of user:password`, from: file };
        return { kind: 'found', credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }, from: file };
      }
      if (typeof entry.username === 'string' && typeof entry.password === 'string') {
        return { kind: 'found', credentials: { username: entry.username, password: entry.password }, from: file };
      }
      if (typeof entry.identitytoken === 'string') return { kind: 'helper', helper: 'identitytoken (OAuth refresh token)', from: file };
    }
  }
  if (typeof credHelpers === 'object' && credHelpers !== null) {
    for (const [key, helper] of Object.entries(credHelpers as Record<string, unknown>)) {
      if (wanted.includes(hostOf(key)) && typeof helper === 'string') return { kind: 'helper', helper: `credHelpers "${helper}"`, from: file };
    }
  }
  if (typeof credsStore === 'string' && credsStore !== '') return { kind: 'helper', helper: `credsStore "${credsStore}"`, from: file };
  return { kind: 'none' };
}

/** `https://host:5000/v1/` → `host:5000`. */
function hostOf(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}
