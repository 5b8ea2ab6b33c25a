import type { Check } from '../model/index.js';
import { admissionImageChecks } from './checks/admission-image.js';
import { hardeningChecks } from './checks/hardening.js';
import { imageChecks } from './checks/image.js';
import { namespaceChecks } from './checks/namespace.js';
import { networkChecks } from './checks/network.js';
import { nodeChecks } from './checks/node.js';
import { pssChecks } from './checks/pss.js';
import { rbacChecks } from './checks/rbac.js';
import { vulnChecks } from './checks/vuln.js';
import { clusterChecks } from './checks/cluster.js';
import { runtimeChecks } from './checks/runtime.js';
import { hostDockerChecks } from './checks/host.js';

/** The one check catalogue every layer draws from. */
export const CHECKS: readonly Check[] = [...pssChecks, ...hardeningChecks, ...namespaceChecks, ...rbacChecks, ...networkChecks, ...vulnChecks, ...imageChecks, ...admissionImageChecks, ...clusterChecks, ...nodeChecks, ...runtimeChecks, ...hostDockerChecks];

const byId = new Map(CHECKS.map((c) => [c.id, c]));

export function findCheck(id: string): Check | undefined {
  return byId.get(id);
}

export function getCheck(id: string): Check {
  const check = byId.get(id);
  if (!check) throw new Error(`unknown check id: ${id}`);
  return check;
}

export { loadFrameworks, controlsOfCheck, type FrameworkIndex } from './frameworks.js';
