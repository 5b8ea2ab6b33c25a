import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseGemspec, rubyCataloger } from '../../../src/analyzers/sbom/ruby.js';
import type { Package } from '../../../src/model/package.js';

test('ruby: the real installed gemspec of ruby-rack', () => {
  const files = execFileSync('dpkg', ['-L', 'ruby-rack'], { encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.gemspec'));
  const spec = files.find((f) => f.includes('/specifications/'));
  assert.ok(spec, 'ruby-rack ships no installed gemspec: apt-get install -y ruby-rack');
  const debianVersion = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'ruby-rack'], { encoding: 'utf8' });
  assert.ok(rubyCataloger.wants(spec, { path: spec, layer: 0, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 10 }));
  const [rack] = rubyCataloger.parse(spec, readFileSync(spec), {}) as Package[];
  assert.equal(rack?.name, 'rack');
  assert.ok(debianVersion.startsWith(rack?.version ?? 'none'), `${rack?.version} vs Debian ${debianVersion}`);
  assert.deepEqual(rack?.licenses, ['MIT']);
  assert.equal(rack?.purl, `pkg:gem/rack@${rack?.version}`);
});

test('ruby: %q literals, a single licence, and the stub line as fallback', () => {
  const spec = "# stub: nokogiri 1.16.0 x86_64-linux lib\nGem::Specification.new do |s|\n  s.name = %q{nokogiri}\n  s.version = Gem::Version.new(\"1.16.0\")\n  s.license = 'MIT'\nend\n";
  const [pkg] = parseGemspec(spec, '/usr/local/bundle/specifications/nokogiri-1.16.0-x86_64-linux.gemspec');
  assert.equal(pkg?.name, 'nokogiri');
  assert.equal(pkg?.version, '1.16.0');
  assert.deepEqual(pkg?.licenses, ['MIT']);
  assert.equal(parseGemspec('# stub: rake 13.0.6 ruby lib\n', '/x/specifications/rake.gemspec')[0]?.version, '13.0.6');
  assert.deepEqual(parseGemspec('puts 1', '/x/specifications/y.gemspec'), []);
});
