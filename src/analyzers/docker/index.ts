import { HOST_CHECK_INFO } from '../../catalog/checks/host.js';
import type { FrameworkIndex } from '../../catalog/index.js';
import type { Asset, Finding } from '../../model/index.js';
import type { DockerHostSnapshot } from '../../model/index.js';
import { NodeFindings } from '../node/context.js';
import { containerSection } from './containers.js';
import { daemonSection, filesSection, hostSection } from './daemon.js';

export { watches } from './daemon.js';
export { DaemonSettings } from './settings.js';

export interface DockerHostAnalysisOptions {
  frameworks: FrameworkIndex;
  /** Check ids to run; all host checks when absent. */
  enabled?: ReadonlySet<string>;
}

export interface DockerHostAnalysisResult {
  findings: Finding[];
  /** Automated checks that saw their input and ran (pass or fail). */
  evaluated: string[];
}

/** Every Docker host check id: the catalogue has one entry for each. */
export const DOCKER_HOST_CHECK_IDS: readonly string[] = [...HOST_CHECK_INFO.keys()];

/**
 * CIS Docker Benchmark v1.6.0 sections 1, 2, 3 and 5 on one Docker host. Checks whose input could
 * not be seen (no Engine API, no dockerd command line, a file the host does not have) are reported
 * as not evaluated with the reason; manual checks are listed as not evaluated, saying what to look
 * at. Section 4 is the image checks, which the caller runs on `snapshot.images`.
 */
export function analyzeDockerHost(snapshot: DockerHostSnapshot, options: DockerHostAnalysisOptions): DockerHostAnalysisResult {
  const out = new NodeFindings(hostAsset(snapshot.hostname), options.frameworks, options.enabled);
  hostSection(snapshot, out);
  daemonSection(snapshot, out);
  filesSection(snapshot, out);
  containerSection(snapshot, out);
  return { findings: out.findings, evaluated: [...out.evaluated].sort() };
}

/** A Docker host as an asset: `host://<hostname>`, kind Host. */
export function hostAsset(hostname: string): Asset {
  return { type: 'host', ref: `host://${hostname}`, name: hostname, objectName: hostname, kind: 'Host' };
}
