import http from 'node:http';
import type { EngineVersion } from '../../model/index.js';

/**
 * A Docker Engine API client over the daemon's unix socket (node:http with `socketPath`). The API
 * version is negotiated once from `GET /version`: the daemon's own version, capped at the newest
 * this client was written against, so an older daemon is spoken to in its own version. Errors are
 * one line naming the socket and what went wrong: missing socket, permission denied, no answer.
 */

/** The newest Engine API version whose fields the host checks read. */
const CLIENT_MAX_API = '1.45';
/** Docker 1.13, the oldest API that has every endpoint used here. */
const CLIENT_MIN_API = '1.25';

export class DockerEngineError extends Error {}


export class DockerEngineClient {
  /** The negotiated API version, after `connect()`. */
  apiVersion = CLIENT_MIN_API;
  version: EngineVersion | undefined;

  constructor(
    /** `unix:///var/run/docker.sock` or a bare socket path. */
    readonly host: string,
    private readonly timeoutMs = 15_000,
  ) {}

  get socketPath(): string {
    return socketPathOf(this.host);
  }

  /** Reads `/version` and settles the API version every later request uses. */
  async connect(): Promise<EngineVersion> {
    const body = await this.request('GET', '/version', false);
    if (!isRecord(body) || typeof body.ApiVersion !== 'string' || typeof body.Version !== 'string') throw new DockerEngineError(`${this.host}: GET /version: not a Docker Engine version document`);
    const version = body as unknown as EngineVersion;
    const server = version.ApiVersion;
    if (compareApi(server, CLIENT_MIN_API) < 0) throw new DockerEngineError(`${this.host}: Docker Engine API ${server} is older than ${CLIENT_MIN_API} (Docker 1.13), which this scan needs`);
    this.apiVersion = compareApi(server, CLIENT_MAX_API) > 0 ? CLIENT_MAX_API : server;
    this.version = version;
    return version;
  }

  /** GET `/v<api><path>` as JSON. */
  async get(path: string): Promise<unknown> {
    return this.request('GET', path, true);
  }

  private request(method: string, path: string, versioned: boolean): Promise<unknown> {
    const fullPath = versioned ? `/v${this.apiVersion}${path}` : path;
    const socketPath = this.socketPath;
    return new Promise((resolve, reject) => {
      const fail = (message: string): void => reject(new DockerEngineError(`${this.host}: ${message}`));
      const req = http.request({ socketPath, method, path: fullPath, headers: { Accept: 'application/json', Host: 'docker' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => fail(`${method} ${path}: ${err.message}`));
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            return fail(`${method} ${path}: ${status} answer is not JSON: ${text.slice(0, 120).split('\n')[0]}`);
          }
          if (status < 200 || status >= 300) {
            const message = isRecord(body) && typeof body.message === 'string' ? body.message : http.STATUS_CODES[status] ?? 'error';
            return reject(new DockerEngineApiError(`${this.host}: ${method} ${path}: ${status} ${message}`, status));
          }
          resolve(body);
        });
      });
      const timer = setTimeout(() => {
        req.destroy();
        fail(`the Docker daemon is not responding (no answer to ${method} ${path} within ${(this.timeoutMs / 1000).toFixed(this.timeoutMs % 1000 ? 1 : 0)} s)`);
      }, this.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (err.code === 'ENOENT') fail(`socket ${socketPath} not found: is dockerd running, and is --docker-host right?`);
        else if (err.code === 'EACCES' || err.code === 'EPERM') fail(`permission denied on ${socketPath}: run as root or as a member of the docker group`);
        else if (err.code === 'ECONNREFUSED') fail(`connection refused on ${socketPath}: the Docker daemon is not running`);
        else fail(`${method} ${path}: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' '));
      });
      req.end();
    });
  }
}

export class DockerEngineApiError extends DockerEngineError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** `unix:///var/run/docker.sock` → `/var/run/docker.sock`; tcp:// and ssh:// are refused. */
export function socketPathOf(host: string): string {
  if (host.startsWith('unix://')) return host.slice('unix://'.length);
  if (host.startsWith('/')) return host;
  throw new DockerEngineError(`--docker-host ${host}: only unix:// sockets are supported (the host checks read local files too)`);
}

/** `1.41` vs `1.45`: negative, zero or positive. */
export function compareApi(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
