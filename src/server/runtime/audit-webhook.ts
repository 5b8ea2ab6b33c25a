import { notJsonMessage } from '../../sources/events/json-lines.js';
import { parseAuditEvents } from '../../sources/events/k8s-audit.js';
import { startReceiver, type ReceiverOptions, type RunningReceiver } from './receiver.js';

/**
 * The API server's audit webhook backend (`--audit-webhook-config-file`, a kubeconfig naming this
 * server): it POSTs `audit.k8s.io/v1` EventLists (batch mode, the default) or single Events
 * (blocking mode). Callers authenticate by the kubeconfig's client certificate, signed by
 * `auth.clientCa`, and/or its `token`, one of `auth.bearerTokens`.
 *
 * Answers: 200 once the events are queued (or dropped and counted when the queue is full);
 * 400 for a body that is not an Event or EventList (counted malformed); 401/403 for callers;
 * 413 above `bodyLimit` (default 32 MiB: a batch of 400 RequestResponse events of large lists).
 * /healthz is unauthenticated and answers only `ok`.
 */

export interface AuditWebhookOptions extends ReceiverOptions {
  /** Cluster name put on every event's context. */
  cluster?: string;
}

export type AuditWebhook = RunningReceiver;

export function startAuditWebhook(options: AuditWebhookOptions): Promise<AuditWebhook> {
  return startReceiver('k8s-audit-webhook', options, (body) => {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new Error(notJsonMessage(err), { cause: err });
    }
    return parseAuditEvents(value, { cluster: options.cluster });
  });
}
