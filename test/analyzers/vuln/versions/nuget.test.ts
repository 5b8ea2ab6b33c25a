import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareNuGet, isValidNuGet } from '../../../../src/analyzers/vuln/versions/nuget.js';
import { VersionError } from '../../../../src/analyzers/vuln/versions/version-error.js';
import { assertOrdered } from './helpers.js';

// Cases from NuGet.Client's NuGet.Versioning.Test (VersionComparerTests, NuGetVersionParseTest).
test('NuGet versions: four parts, missing parts are 0, prerelease labels case-insensitive, metadata ignored', () => {
  assertOrdered(compareNuGet, [
    ['0.0.0-alpha'],
    ['1.0.0-alpha', '1.0.0-ALPHA', '1.0-alpha'],
    ['1.0.0-alpha.1'],
    ['1.0.0-alpha.beta'],
    ['1.0.0-beta.2'],
    ['1.0.0-beta.11'],
    ['1.0.0-rc.1', '1.0.0-RC.1+build'],
    ['1.0.0', '1.0', '1', '1.0.0.0', '1.0.0+githash', '01.0.0'],
    ['1.0.0.1'],
    ['1.0.1-beta'],
    ['1.0.1'],
    ['1.0.10'],
    ['2.0.0'],
  ]);
  for (const bad of ['', 'a', '1.0.0.0.0', '1.0.0-', '1.0.0-beta..1', '2147483648.0.0', 'v1.0.0']) {
    assert.equal(isValidNuGet(bad), false, bad);
    assert.throws(() => compareNuGet(bad, '1.0.0'), VersionError);
  }
});
