import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dotnetCataloger, parseDepsJson } from '../../../src/analyzers/sbom/dotnet.js';

test('dotnet: deps.json libraries of type package, not the project itself', () => {
  const deps = {
    runtimeTarget: { name: '.NETCoreApp,Version=v8.0', signature: '' },
    compilationOptions: {},
    targets: { '.NETCoreApp,Version=v8.0': { 'WebApp/1.0.0': { dependencies: { 'Newtonsoft.Json': '13.0.3' }, runtime: { 'WebApp.dll': {} } } } },
    libraries: {
      'WebApp/1.0.0': { type: 'project', serviceable: false, sha512: '' },
      'Newtonsoft.Json/13.0.3': { type: 'package', serviceable: true, sha512: 'sha512-HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ==', path: 'newtonsoft.json/13.0.3', hashPath: 'newtonsoft.json.13.0.3.nupkg.sha512' },
      'System.Text.Json/8.0.0': { type: 'reference', serviceable: false, sha512: '' },
    },
  };
  const path = '/app/WebApp.deps.json';
  assert.ok(dotnetCataloger.wants(path, { path, layer: 0, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 10 }));
  const packages = parseDepsJson(JSON.stringify(deps), path);
  assert.deepEqual(packages.map((p) => p.purl), ['pkg:nuget/Newtonsoft.Json@13.0.3']);
  assert.throws(() => parseDepsJson('nope', path), /^Error: \/app\/WebApp.deps.json: invalid JSON/);
});
