import type { Check } from '../../model/index.js';

/** RBAC: effective permissions, risky grants and privilege-escalation paths. The controls each check evidences are in ../frameworks. */
export const rbacChecks: Check[] = [];
