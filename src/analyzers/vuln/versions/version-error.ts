import type { VersionScheme } from '../../../model/advisory.js';

/** A version string its scheme cannot read. The message is one line naming the scheme and the version. */
export class VersionError extends Error {
  constructor(
    readonly scheme: VersionScheme,
    readonly version: string,
    readonly reason: string,
  ) {
    super(`invalid ${scheme} version ${JSON.stringify(version)}: ${reason}`);
    this.name = 'VersionError';
  }
}

/** A range or requirement expression (npm range, PEP 440 specifier, Maven range…) that cannot be read. */
export class VersionRangeError extends Error {
  constructor(
    readonly scheme: VersionScheme,
    readonly range: string,
    readonly reason: string,
  ) {
    super(`invalid ${scheme} range ${JSON.stringify(range)}: ${reason}`);
    this.name = 'VersionRangeError';
  }
}
