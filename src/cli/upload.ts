import https from 'node:https';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import type { Report } from '../model/index.js';
import { jsonChunks } from '../reporters/json.js';

/** Where `--upload` sends a finished report: the platform server's scan endpoint, with a scanner token. */
export interface UploadOptions {
  upload?: string;
  uploadCa?: string;
  uploadCluster?: string;
}

/**
 * Sends the report to `POST <server>/api/v1/scans`. The token comes from $RAMPART_TOKEN (never
 * from the command line, where `ps` would show it). Resolves to a one-line summary; rejects with
 * one line naming the server (origin only) and what went wrong.
 */
export async function uploadReport(report: Report, options: UploadOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const server = options.upload!;
  let url: URL;
  try {
    url = new URL('/api/v1/scans', server);
  } catch {
    throw new Error(`--upload: "${server}" is not a URL (e.g. https://rampart.bank.local)`);
  }
  if (options.uploadCluster) url.searchParams.set('cluster', options.uploadCluster);
  const token = env.RAMPART_TOKEN;
  if (!token) throw new Error('--upload: set RAMPART_TOKEN to an API token with the scans:upload scope (rampart server issue-token)');
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`--upload: ${url.origin} is plain HTTP; the token must travel over HTTPS`);
  const body = Buffer.from([...jsonChunks(report)].join(''));
  const ca = options.uploadCa ? readFileSync(options.uploadCa) : undefined;
  const transport = url.protocol === 'https:' ? https : http;
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = transport.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${token}` }, ...(ca ? { ca } : {}), timeout: 120_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer within 120 s')));
    request.on('error', (err) => reject(new Error(`--upload: ${url.origin}: ${err.message}`)));
    request.end(body);
  });
  let answer: Record<string, unknown> = {};
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: reported by status below
  }
  if (status !== 201) throw new Error(`--upload: ${url.origin} answered ${status}${typeof answer.error === 'string' ? `: ${answer.error}` : ''}`);
  return `uploaded to ${url.origin}: scan ${String(answer.scanId)}, ${String(answer.findings)} findings (${String(answer.new)} new, ${String(answer.resolved)} resolved)`;
}
