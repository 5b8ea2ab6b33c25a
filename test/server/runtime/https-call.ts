import { request } from 'node:https';
import { gzipSync } from 'node:zlib';

export interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One HTTPS request with node's client, a new connection each time (client certificates are per connection). */
export function call(url: string, options: { path?: string; method?: string; body?: unknown; ca: string; cert?: string; key?: string; token?: string; gzip?: boolean }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const text = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const payload = text === undefined ? undefined : options.gzip ? gzipSync(text) : Buffer.from(text);
    const req = request(
      new URL(options.path ?? '/', url),
      {
        method: options.method ?? (payload ? 'POST' : 'GET'),
        ca: options.ca,
        agent: false,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          ...(options.gzip ? { 'content-encoding': 'gzip' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        ...(options.cert ? { cert: options.cert, key: options.key } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
