import type { WorkloadCheck } from '../../check.js';
import { appArmor } from './apparmor.js';
import { capabilitiesBaseline } from './capabilities-baseline.js';
import { capabilitiesRestricted } from './capabilities-restricted.js';
import { hostIpc } from './host-ipc.js';
import { hostNetwork } from './host-network.js';
import { hostPath } from './host-path.js';
import { hostPid } from './host-pid.js';
import { hostPorts } from './host-ports.js';
import { hostProbes } from './host-probes.js';
import { hostProcess } from './host-process.js';
import { privilegeEscalation } from './privilege-escalation.js';
import { privileged } from './privileged.js';
import { procMount } from './proc-mount.js';
import { procMountRestricted } from './proc-mount-restricted.js';
import { runAsNonRoot } from './run-as-non-root.js';
import { runAsUserRoot } from './run-as-user-root.js';
import { seccompRequired } from './seccomp-required.js';
import { seccompUnconfined } from './seccomp-unconfined.js';
import { seLinux } from './selinux.js';
import { sysctls } from './sysctls.js';
import { volumeTypes } from './volume-types.js';

/**
 * Pod Security Standards checks, baseline then restricted. Where upstream lets a restricted check
 * replace a baseline one, the restricted check here reports only what the baseline check does
 * not, so running both is the restricted evaluation and nothing is reported twice.
 */
export const PSS_CHECKS: readonly WorkloadCheck[] = [
  hostProcess,
  hostNetwork,
  hostPid,
  hostIpc,
  privileged,
  capabilitiesBaseline,
  hostPath,
  hostPorts,
  hostProbes,
  appArmor,
  seLinux,
  procMount,
  seccompUnconfined,
  sysctls,
  volumeTypes,
  privilegeEscalation,
  runAsNonRoot,
  runAsUserRoot,
  seccompRequired,
  capabilitiesRestricted,
  procMountRestricted,
];
