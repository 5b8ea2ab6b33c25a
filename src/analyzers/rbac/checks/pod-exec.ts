/**
 * rbac.pod-exec — interactive access to running pods.
 * Reads:   every binding's role rules (aggregation resolved) and subjects
 * Fails:   a subject granted create or get on pods/exec, pods/attach or pods/portforward (get
 *          suffices on API servers that accept exec over a WebSocket GET), update or patch on
 *          pods/ephemeralcontainers, or update or patch on pods (a new image runs new code).
 *          One finding per subject and scope.
 * Passes:  rules of every verb on every resource (rbac.cluster-admin reports those); Kubernetes'
 *          own component grants.
 */
import type { InventoryCheck } from '../../inventory.js';
import { CAPABILITIES, capabilityCheck } from '../capabilities.js';
import { rbacGraphsOf } from '../graph.js';

export const podExec: InventoryCheck = {
  id: 'rbac.pod-exec',
  run(inventory, ctx) {
    return capabilityCheck(rbacGraphsOf(inventory, ctx), CAPABILITIES.podExec, 'pod-exec', (who, where, actions) => ({
      en: `${who.en} can run commands in or reach into running pods ${where.en} (${actions}): it acts with their ServiceAccount tokens and reads their files, environment and ports`,
      zh: `${who.zh} ${where.zh}可在运行中的 Pod 内执行命令或访问其内部（${actions}）：可使用其服务账号令牌，读取其文件、环境变量和端口`,
    }));
  },
};
