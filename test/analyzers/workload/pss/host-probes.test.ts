import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostProbes } from '../../../../src/analyzers/workload/checks/pss/host-probes.js';
import { ctr, everyKind, run, subjects } from './fixtures.js';

const probeHost = { livenessProbe: { httpGet: { host: '169.254.169.254', port: 80, path: '/' } } };

test('pod.host-probes is a 1.34 rule: passes at 33, fails at 34 and latest', async () => {
  const spec = { containers: [ctr('app', undefined, probeHost)] };
  assert.deepEqual(await run(hostProbes, spec, 33), []);
  assert.equal((await run(hostProbes, spec, 34)).length, 1);
  assert.equal((await run(hostProbes, spec, 'latest')).length, 1);
});

test('pod.host-probes reads the host of every probe and lifecycle handler, httpGet and tcpSocket', async () => {
  const handlers = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle.postStart', 'lifecycle.preStop'];
  for (const handler of handlers) {
    for (const action of ['httpGet', 'tcpSocket']) {
      const target = { [action]: { host: 'evil.example', port: 80 } };
      const fields = handler.startsWith('lifecycle.') ? { lifecycle: { [handler.slice('lifecycle.'.length)]: target } } : { [handler]: target };
      const found = await run(hostProbes, { containers: [ctr('app', undefined, fields)] });
      assert.equal(found.length, 1, `${handler}.${action}`);
      assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, ...handler.split('.'), action, 'host']);
      assert.equal(found[0]?.evidence, `${handler}.${action}.host: evil.example`);
    }
  }
});

test('pod.host-probes lists every offending host of a container in one finding', async () => {
  const found = await run(hostProbes, {
    containers: [
      ctr('app', undefined, {
        readinessProbe: { tcpSocket: { host: '10.0.0.1', port: 5432 } },
        lifecycle: { preStop: { httpGet: { host: 'node.local', port: 80 } } },
      }),
    ],
  });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'readinessProbe', 'tcpSocket', 'host']);
  assert.equal(found[0]?.evidence, 'readinessProbe.tcpSocket.host: 10.0.0.1; lifecycle.preStop.httpGet.host: node.local');
});

test('pod.host-probes checks init and ephemeral containers', async () => {
  assert.deepEqual(subjects(await run(hostProbes, everyKind(undefined, probeHost))), ['container:app', 'container:setup', 'container:debug']);
});

test('pod.host-probes passes an empty or absent host and exec probes', async () => {
  const fields = {
    livenessProbe: { httpGet: { host: '', port: 80 } },
    readinessProbe: { tcpSocket: { port: 80 } },
    startupProbe: { exec: { command: ['true'] } },
    lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
  };
  assert.deepEqual(await run(hostProbes, everyKind(undefined, fields)), []);
});
