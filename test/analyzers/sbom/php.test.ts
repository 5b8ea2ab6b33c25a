import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseComposer, phpCataloger } from '../../../src/analyzers/sbom/php.js';

const entry = (path: string) => ({ path, layer: 0, type: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 10 });

test('php: composer.lock packages and packages-dev', () => {
  const lock = {
    _readme: ['This file locks the dependencies of your project to a known state'],
    'content-hash': 'e3b0c44298fc1c149afbf4c8996fb924',
    packages: [
      { name: 'monolog/monolog', version: '3.5.0', source: { type: 'git', url: 'https://github.com/Seldaek/monolog.git', reference: 'c915e2634718dbc8a4a15c61b0e62e7a44e14448' }, type: 'library', license: ['MIT'] },
      { name: 'psr/log', version: '3.0.0', type: 'library', license: ['MIT'] },
    ],
    'packages-dev': [{ name: 'phpunit/phpunit', version: '10.5.5', type: 'library', license: ['BSD-3-Clause'] }],
    aliases: [],
    'minimum-stability': 'stable',
    'plugin-api-version': '2.6.0',
  };
  const packages = phpCataloger.parse('/var/www/composer.lock', Buffer.from(JSON.stringify(lock)), {}) as ReturnType<typeof parseComposer>;
  assert.deepEqual(packages.map((p) => `${p.name}@${p.version}`), ['monolog/monolog@3.5.0', 'psr/log@3.0.0', 'phpunit/phpunit@10.5.5']);
  assert.equal(packages[0]?.purl, 'pkg:composer/monolog/monolog@3.5.0');
  assert.equal(packages[0]?.namespace, 'monolog');
  assert.deepEqual(packages[2]?.licenses, ['BSD-3-Clause']);
});

test('php: vendor/composer/installed.json of Composer 1 (list) and 2 (object)', () => {
  const v2 = { packages: [{ name: 'guzzlehttp/guzzle', version: '7.8.1', version_normalized: '7.8.1.0', license: ['MIT'] }], dev: true, 'dev-package-names': [] };
  assert.equal(parseComposer(JSON.stringify(v2), '/app/vendor/composer/installed.json')[0]?.version, '7.8.1');
  assert.equal(parseComposer(JSON.stringify([{ name: 'a/b', version: 'v1.0.0' }]), '/app/vendor/composer/installed.json')[0]?.name, 'a/b');
  assert.ok(phpCataloger.wants('/app/vendor/composer/installed.json', entry('')));
  assert.ok(!phpCataloger.wants('/app/vendor/x/y/composer.lock', entry('')));
  assert.throws(() => parseComposer('{', '/app/composer.lock'), /^Error: \/app\/composer.lock: invalid JSON/);
});
