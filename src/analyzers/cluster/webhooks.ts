import type { KubeResource, ObjectPath } from '../../model/index.js';
import { isRecord } from '../../model/index.js';
import type { ObjectCheck } from '../inventory.js';
import { formatSelector, matchesSelector, parseSelector, SelectorError, selectsEverything, type LabelSelector } from '../label-selector.js';
import type { Violation } from '../workload/check.js';

/**
 * Admission webhook configurations (Validating/MutatingWebhookConfiguration, admissionregistration
 * v1): webhooks that enforce policy but let requests through when they are down, webhooks that
 * can stop the cluster from repairing itself, and webhooks that hold up every request too long.
 */

const WEBHOOK_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

/** Names that mark a webhook as a security control: policy engines, image verification, runtime security. */
const SECURITY_HINT = /gatekeeper|kyverno|kubewarden|\bopa\b|policy|polaris|jspolicy|sigstore|cosign|connaisseur|ratify|kritis|image-?verif|neuvector|stackrox|twistlock|prisma|aqua|sysdig|falco|security|psp/i;

/** Every namespace carries this immutable label (Kubernetes 1.21+), so selectors can be evaluated without reading it. */
const KUBE_SYSTEM_LABELS = { 'kubernetes.io/metadata.name': 'kube-system' };

interface Webhook {
  name: string;
  index: number;
  value: Record<string, unknown>;
}

function webhooksOf(resource: KubeResource): Webhook[] {
  if (!WEBHOOK_KINDS.has(resource.kind) || !Array.isArray(resource.object.webhooks)) return [];
  const out: Webhook[] = [];
  resource.object.webhooks.forEach((value: unknown, index: number) => {
    if (isRecord(value)) out.push({ name: typeof value.name === 'string' ? value.name : `#${index}`, index, value });
  });
  return out;
}

/** `Fail` unless set otherwise: the v1 default (v1beta1 defaulted to Ignore, and the API server stores the default it applied). */
function failurePolicy(w: Webhook): string {
  return typeof w.value.failurePolicy === 'string' ? w.value.failurePolicy : 'Fail';
}

function serviceOf(w: Webhook): string {
  const cc = w.value.clientConfig;
  if (isRecord(cc) && isRecord(cc.service)) return `${String(cc.service.namespace ?? '')}/${String(cc.service.name ?? '')}`;
  if (isRecord(cc) && typeof cc.url === 'string') return cc.url;
  return '';
}

function isSecurityWebhook(resource: KubeResource, w: Webhook): boolean {
  return SECURITY_HINT.test(`${resource.name} ${w.name} ${serviceOf(w)}`);
}

/** Whether the webhook's rules intercept the creation of pods (what a cluster needs to heal itself). */
function interceptsPodCreation(w: Webhook): boolean {
  if (!Array.isArray(w.value.rules)) return false;
  return w.value.rules.some((rule: unknown) => {
    if (!isRecord(rule)) return false;
    const ops = Array.isArray(rule.operations) ? rule.operations : [];
    const resources = Array.isArray(rule.resources) ? rule.resources : [];
    const groups = Array.isArray(rule.apiGroups) ? rule.apiGroups : [];
    return (ops.includes('*') || ops.includes('CREATE')) && (groups.includes('*') || groups.includes('')) && (resources.includes('*') || resources.includes('pods') || resources.includes('*/*'));
  });
}

const path = (w: Webhook, ...rest: ObjectPath): ObjectPath => ['webhooks', w.index, ...rest];

export const webhookFailOpen: ObjectCheck = {
  id: 'cluster.webhook-fail-open',
  run(resource: KubeResource): Violation[] {
    return webhooksOf(resource)
      .filter((w) => failurePolicy(w) === 'Ignore' && isSecurityWebhook(resource, w))
      .map((w) => ({
        path: path(w, 'failurePolicy'),
        subject: `webhook:${w.name}`,
        message: {
          en: `Security webhook ${w.name} fails open (failurePolicy: Ignore): while ${serviceOf(w) || 'its backend'} is down or slow, requests are admitted unchecked`,
          zh: `安全类 Webhook ${w.name} 失败时放行（failurePolicy: Ignore）：${serviceOf(w) || '其后端'}不可用或超时期间，请求将不经检查直接准入`,
        },
        evidence: 'failurePolicy: Ignore',
      }));
  },
};

export const webhookBlocksSystem: ObjectCheck = {
  id: 'cluster.webhook-blocks-system',
  run(resource: KubeResource): Violation[] {
    const out: Violation[] = [];
    for (const w of webhooksOf(resource)) {
      if (failurePolicy(w) !== 'Fail' || !interceptsPodCreation(w)) continue;
      let selector: LabelSelector;
      let objectSelector: LabelSelector;
      try {
        selector = w.value.namespaceSelector === undefined ? {} : parseSelector(w.value.namespaceSelector);
        objectSelector = w.value.objectSelector === undefined ? {} : parseSelector(w.value.objectSelector);
      } catch (err) {
        if (err instanceof SelectorError) continue;
        throw err;
      }
      // An object selector narrows the webhook to labelled pods; system pods rarely carry them.
      if (!selectsEverything(objectSelector)) continue;
      if (!matchesSelector(selector, KUBE_SYSTEM_LABELS)) continue;
      out.push({
        path: path(w, 'namespaceSelector'),
        subject: `webhook:${w.name}`,
        message: {
          en: `Webhook ${w.name} (failurePolicy: Fail) intercepts pod creation in kube-system: if ${serviceOf(w) || 'its backend'} is unavailable, system pods (DNS, CNI, the webhook's own) cannot be recreated`,
          zh: `Webhook ${w.name}（failurePolicy: Fail）拦截 kube-system 中的 Pod 创建：若 ${serviceOf(w) || '其后端'}不可用，系统 Pod（DNS、CNI 以及该 Webhook 自身）将无法重建`,
        },
        evidence: `namespaceSelector: ${w.value.namespaceSelector === undefined ? '(none: every namespace)' : formatSelector(selector)}`,
      });
    }
    return out;
  },
};

export const webhookTimeout: ObjectCheck = {
  id: 'cluster.webhook-timeout',
  run(resource: KubeResource): Violation[] {
    return webhooksOf(resource)
      .filter((w) => typeof w.value.timeoutSeconds === 'number' && w.value.timeoutSeconds > 10)
      .map((w) => ({
        path: path(w, 'timeoutSeconds'),
        subject: `webhook:${w.name}`,
        message: {
          en: `Webhook ${w.name} may hold each matching request for up to ${String(w.value.timeoutSeconds)} s (more than 10 s)`,
          zh: `Webhook ${w.name} 对每个匹配请求最长可阻塞 ${String(w.value.timeoutSeconds)} 秒（超过 10 秒）`,
        },
        evidence: `timeoutSeconds: ${String(w.value.timeoutSeconds)}`,
      }));
  },
};

export const WEBHOOK_CHECKS: readonly ObjectCheck[] = [webhookFailOpen, webhookBlocksSystem, webhookTimeout];
