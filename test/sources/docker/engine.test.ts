import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { DockerEngineClient, parseDockerdFlags, socketPathOf } from '../../../src/sources/docker/index.js';
import { tempDir } from '../../helpers/images.js';

/** The Engine API client's errors and dockerd's command-line parsing, against local sockets. */

test('dockerd flags: long and short forms, values as separate words, bare booleans, repeated list flags', () => {
  const flags = parseDockerdFlags(['-H', 'fd://', '--host=tcp://0.0.0.0:2376', '--tlsverify', '--icc=false', '--live-restore', '-l', 'warn', '--insecure-registry', 'a:5000', '--insecure-registry=b:5000', '--default-ulimit', 'nofile=100:200', '-D', '--graph', '/srv/docker'], 'process 7');
  assert.deepEqual(flags.values.host, ['fd://', 'tcp://0.0.0.0:2376']);
  assert.deepEqual(flags.values.tlsverify, ['true']);
  assert.deepEqual(flags.values.icc, ['false']);
  assert.deepEqual(flags.values['live-restore'], ['true']);
  assert.deepEqual(flags.values['log-level'], ['warn']);
  assert.deepEqual(flags.values['insecure-registry'], ['a:5000', 'b:5000']);
  assert.deepEqual(flags.values['default-ulimit'], ['nofile=100:200']);
  assert.deepEqual(flags.values.debug, ['true']);
  assert.deepEqual(flags.values['data-root'], ['/srv/docker']);
  assert.equal(flags.origin, 'process 7');
});

test('a missing socket is one clear line; tcp:// hosts are refused', async () => {
  const dir = await tempDir('rampart-engine-');
  const client = new DockerEngineClient(`unix://${path.join(dir, 'docker.sock')}`);
  await assert.rejects(client.connect(), (err: Error) => /^unix:\/\/.*docker\.sock: socket .*docker\.sock not found: is dockerd running/.test(err.message) && !err.message.includes('\n'));
  assert.throws(() => socketPathOf('tcp://10.0.0.1:2376'), /only unix:\/\/ sockets are supported/);
});

test('a daemon that accepts but never answers times out with "not responding" (a silent local unix socket)', async () => {
  const dir = await tempDir('rampart-engine-');
  const sock = path.join(dir, 'silent.sock');
  const server = net.createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  try {
    const client = new DockerEngineClient(`unix://${sock}`, 300);
    await assert.rejects(client.connect(), /the Docker daemon is not responding \(no answer to GET \/version within 0\.3 s\)/);
  } finally {
    server.close();
  }
});

test('API version is negotiated from /version: an older daemon is spoken to in its own version (Engine wire format served locally)', async () => {
  const dir = await tempDir('rampart-engine-');
  const sock = path.join(dir, 'docker.sock');
  const seen: string[] = [];
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url === '/version') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41', MinAPIVersion: '1.12' }));
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'page not found' }));
  });
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  try {
    const client = new DockerEngineClient(`unix://${sock}`);
    await client.connect();
    assert.equal(client.apiVersion, '1.41');
    await assert.rejects(client.get('/nope'), /GET \/nope: 404 page not found/);
    assert.deepEqual(seen, ['/version', '/v1.41/nope']);
  } finally {
    server.close();
  }
});
