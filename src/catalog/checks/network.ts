import type { Check } from '../../model/index.js';

/** Network: NetworkPolicy reachability, exposure, egress and pod-to-pod encryption. The controls each check evidences are in ../frameworks. */
export const networkChecks: Check[] = [];
