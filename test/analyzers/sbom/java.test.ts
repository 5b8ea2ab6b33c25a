import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { javaCataloger, nameFromFileName, parseJavaArchive, parseManifest } from '../../../src/analyzers/sbom/java.js';
import { requireTool } from './tools.js';

const JACKSON = '/usr/share/java/jackson-core-2.14.1.jar';
let dir: string;
let war: Buffer;

/** Builds a war (with Python's zipfile) holding the real jackson-core jar, a manifest-only jar and a bare jar. */
before(async () => {
  assert.ok(existsSync(JACKSON), `${JACKSON} missing: apt-get install -y libjackson2-core-java`);
  requireTool('python3', 'python3');
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-java-'));
  const script = `
import io, sys, zipfile
def jar(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()
manifest = ('Manifest-Version: 1.0\\r\\nBundle-ManifestVersion: 2\\r\\nBundle-SymbolicName: org.example.bundle;singleton:=true\\r\\n'
            'Bundle-Version: 3.1.0\\r\\nBundle-License: https://www.apache.org/licenses/LICENSE-2.0.txt\\r\\n'
            'Implementation-Title: example-bundle-with-a-title-long-enough-to-wrap-the-seventy-two-byte-l\\r\\n ine\\r\\n\\r\\n')
inner = jar({'META-INF/MANIFEST.MF': manifest, 'org/example/A.class': b'\\xca\\xfe\\xba\\xbe'})
bare = jar({'x/Y.class': b'\\xca\\xfe\\xba\\xbe'})
lib = jar({'BOOT-INF/lib/bare-lib-0.5.jar': bare})
war = jar({'WEB-INF/lib/jackson-core-2.14.1.jar': open(sys.argv[1], 'rb').read(),
           'WEB-INF/lib/bundle.jar': inner, 'WEB-INF/lib/app-lib.jar': lib, 'WEB-INF/web.xml': '<web-app/>'})
open(sys.argv[2], 'wb').write(war)
`;
  execFileSync('python3', ['-c', script, JACKSON, path.join(dir, 'app.war')]);
  war = await readFile(path.join(dir, 'app.war'));
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('java: the real jackson-core jar of libjackson2-core-java, by its pom.properties', async () => {
  const packages = await parseJavaArchive(readFileSync(JACKSON), '/usr/share/java/jackson-core-2.14.1.jar');
  assert.equal(packages.length, 1);
  assert.equal(packages[0]?.name, 'com.fasterxml.jackson.core:jackson-core');
  assert.equal(packages[0]?.namespace, 'com.fasterxml.jackson.core');
  assert.equal(packages[0]?.version, '2.14.1');
  assert.equal(packages[0]?.purl, 'pkg:maven/com.fasterxml.jackson.core/jackson-core@2.14.1');
});

test('java: nested archives in a war: pom.properties, MANIFEST.MF fallback, file name as last resort', async () => {
  const packages = await javaCataloger.parse('/srv/app.war', war, {});
  const byPath = new Map(packages.map((p) => [p.path, p]));
  assert.equal(byPath.get('/srv/app.war!/WEB-INF/lib/jackson-core-2.14.1.jar')?.name, 'com.fasterxml.jackson.core:jackson-core');
  const bundle = byPath.get('/srv/app.war!/WEB-INF/lib/bundle.jar');
  assert.equal(bundle?.version, '3.1.0');
  assert.equal(bundle?.name, 'org.example.bundle:example-bundle-with-a-title-long-enough-to-wrap-the-seventy-two-byte-line');
  assert.deepEqual(bundle?.licenses, ['https://www.apache.org/licenses/LICENSE-2.0.txt']);
  const bare = byPath.get('/srv/app.war!/WEB-INF/lib/app-lib.jar!/BOOT-INF/lib/bare-lib-0.5.jar');
  assert.equal(bare?.name, 'bare-lib');
  assert.equal(bare?.version, '0.5');
  // the war itself and app-lib.jar carry no version anywhere: no package is invented for them
  assert.equal(packages.length, 3);
});

test('java: manifest continuation lines, file names, and a broken archive named in the error', async () => {
  assert.equal(parseManifest('Implementation-Title: abc\r\n def\r\nImplementation-Version: 1\r\n\r\nName: x\r\nImplementation-Version: 2\r\n')['Implementation-Title'], 'abcdef');
  assert.deepEqual(nameFromFileName('/x/commons-lang3-3.12.0.jar'), { artifact: 'commons-lang3', version: '3.12.0' });
  assert.deepEqual(nameFromFileName('/x/guava-31.1-jre.jar'), { artifact: 'guava', version: '31.1-jre' });
  assert.ok(javaCataloger.wants('/app/lib/x.ear', { path: '/app/lib/x.ear', layer: 0, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1 }));
  await assert.rejects(parseJavaArchive(Buffer.from('not a zip'), '/app/broken.jar'), /^Error: \/app\/broken.jar: not a readable Java archive/);
});
