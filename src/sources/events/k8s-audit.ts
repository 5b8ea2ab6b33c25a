import { maskSecret } from '../../model/mask.js';
import type { EventContext, KubeAuditEvent } from '../../model/event.js';
import { workloadFromPod } from './attribution.js';

/**
 * Kubernetes audit events in the `audit.k8s.io/v1` wire format
 * (https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/): an `Event` per line in
 * the API server's log backend, an `EventList` per POST from its webhook backend.
 *
 * Secret values the API server recorded at Request/RequestResponse level (a Secret's data, a
 * TokenRequest's token, a TokenReview's token) are masked here, before anything downstream can
 * print or store them.
 */

export const AUDIT_API_VERSION = 'audit.k8s.io/v1';
const STAGES = new Set<KubeAuditEvent['stage']>(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']);
const LEVELS = new Set<KubeAuditEvent['level']>(['None', 'Metadata', 'Request', 'RequestResponse']);

export interface AuditParseOptions {
  /** Cluster name put on every event's context. */
  cluster?: string;
}

export interface AuditParseResult {
  events: KubeAuditEvent[];
  /** One single-line message per item that was not a valid Event (`items[3].verb: …`). */
  errors: string[];
}

type Json = Record<string, unknown>;

/**
 * One `audit.k8s.io/v1` Event. The event id is `auditID/stage`: the API server logs one event
 * per stage of a request under the same auditID, and ids must be unique within a source.
 * Throws a single-line Error naming the field at fault.
 */
export function parseAuditEvent(value: unknown, options: AuditParseOptions = {}): KubeAuditEvent {
  return toEvent(value, '', options);
}

/** An Event or an EventList (the webhook backend's batch); bad items are reported and skipped, the rest kept. */
export function parseAuditEvents(value: unknown, options: AuditParseOptions = {}): AuditParseResult {
  const root = asObject(value, '');
  checkApiVersion(root, '');
  if (root.kind === 'Event') return { events: [toEvent(root, '', options)], errors: [] };
  if (root.kind !== 'EventList') throw new Error(`kind: expected Event or EventList, got ${describe(root.kind)}`);
  if (root.items == null) return { events: [], errors: [] }; // an empty list serialises items as null
  if (!Array.isArray(root.items)) throw new Error(`items: expected an array, got ${describe(root.items)}`);
  const events: KubeAuditEvent[] = [];
  const errors: string[] = [];
  root.items.forEach((item: unknown, index: number) => {
    try {
      // Items of a list carry no apiVersion/kind of their own on the wire.
      events.push(toEvent(item, `items[${index}].`, options, true));
    } catch (err) {
      errors.push((err as Error).message);
    }
  });
  return { events, errors };
}

function toEvent(value: unknown, at: string, options: AuditParseOptions, inList = false): KubeAuditEvent {
  const e = asObject(value, at);
  if (!inList || e.apiVersion !== undefined) checkApiVersion(e, at);
  if (!inList || e.kind !== undefined) {
    if (e.kind !== 'Event') throw new Error(`${at}kind: expected Event, got ${describe(e.kind)}`);
  }
  const auditId = requiredString(e, 'auditID', at);
  // Later errors name the event too, so an operator can find it in the API server's log.
  try {
    return toEventFields(e, at, auditId, options);
  } catch (err) {
    throw new Error(`${(err as Error).message} (auditID ${auditId})`, { cause: err });
  }
}

function toEventFields(e: Json, at: string, auditId: string, options: AuditParseOptions): KubeAuditEvent {
  const stage = requiredString(e, 'stage', at) as KubeAuditEvent['stage'];
  if (!STAGES.has(stage)) throw new Error(`${at}stage: unknown stage ${describe(stage)}`);
  const level = requiredString(e, 'level', at) as KubeAuditEvent['level'];
  if (!LEVELS.has(level)) throw new Error(`${at}level: unknown level ${describe(level)}`);
  const verb = requiredString(e, 'verb', at);
  const requestURI = requiredString(e, 'requestURI', at);
  const time = requiredString(e, 'stageTimestamp', at);
  if (Number.isNaN(Date.parse(time))) throw new Error(`${at}stageTimestamp: not a timestamp: ${describe(time)}`);

  // user is required; its username is not: events of requests that failed authentication carry `user: {}`.
  const userObject = asObject(e.user, `${at}user`);
  const user: KubeAuditEvent['user'] = {
    username: optionalString(userObject, 'username', `${at}user.`) ?? '',
    groups: stringArray(userObject.groups, `${at}user.groups`),
  };
  if (typeof userObject.uid === 'string') user.uid = userObject.uid;

  const event: KubeAuditEvent = {
    kind: 'k8s-audit',
    id: `${auditId}/${stage}`,
    time,
    source: 'k8s-audit',
    context: {},
    auditId,
    stage,
    level,
    verb,
    requestURI,
    user,
    sourceIPs: stringArray(e.sourceIPs, `${at}sourceIPs`),
  };
  if (e.impersonatedUser != null) {
    const imp = asObject(e.impersonatedUser, `${at}impersonatedUser`);
    event.impersonatedUser = { username: requiredString(imp, 'username', `${at}impersonatedUser.`), groups: stringArray(imp.groups, `${at}impersonatedUser.groups`) };
  }
  if (typeof e.userAgent === 'string') event.userAgent = e.userAgent;
  if (e.objectRef != null) {
    const ref = asObject(e.objectRef, `${at}objectRef`);
    const objectRef: NonNullable<KubeAuditEvent['objectRef']> = {};
    for (const key of ['resource', 'subresource', 'namespace', 'name', 'apiGroup', 'apiVersion'] as const) {
      const field = ref[key];
      if (typeof field === 'string' && field !== '') objectRef[key] = field;
    }
    event.objectRef = objectRef;
  }
  if (e.responseStatus != null) {
    const code = asObject(e.responseStatus, `${at}responseStatus`).code;
    if (typeof code === 'number') event.responseCode = code;
  }
  if (e.requestObject !== undefined) event.requestObject = maskSecrets(e.requestObject, event.objectRef);
  if (e.responseObject !== undefined) event.responseObject = maskSecrets(e.responseObject, event.objectRef);
  if (e.annotations != null) {
    const annotations: Record<string, string> = {};
    for (const [key, v] of Object.entries(asObject(e.annotations, `${at}annotations`))) if (typeof v === 'string') annotations[key] = v;
    event.annotations = annotations;
  }
  event.context = contextOf(event, options);
  return event;
}

function contextOf(event: KubeAuditEvent, options: AuditParseOptions): EventContext {
  const context: EventContext = {};
  if (options.cluster) context.cluster = options.cluster;
  const ref = event.objectRef;
  if (ref?.namespace) context.namespace = ref.namespace;
  if (ref?.resource === 'pods' && (ref.apiGroup ?? '') === '') {
    // A create of a pod named by generateName has no name until the response; take it from there.
    const metadata = objectMetadata(event.responseObject) ?? objectMetadata(event.requestObject);
    const name = ref.name ?? (typeof metadata?.name === 'string' ? metadata.name : undefined);
    if (name) {
      context.pod = name;
      context.workload = workloadFromPod({ name, ownerReferences: ownerReferences(metadata), labels: labelsOf(metadata) });
    }
  }
  return context;
}

/** Masks the values the API server writes into audit events when the policy level keeps bodies. */
function maskSecrets(body: unknown, ref: KubeAuditEvent['objectRef']): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const object = body as Json;
  if (object.kind === 'Secret' || (ref?.resource === 'secrets' && !ref.subresource)) return maskMaps(object, ['data', 'stringData']);
  if (object.kind === 'SecretList' && Array.isArray(object.items)) {
    return { ...object, items: object.items.map((item: unknown) => (item && typeof item === 'object' ? maskMaps(item as Json, ['data', 'stringData']) : item)) };
  }
  if (object.kind === 'TokenRequest') return maskField(object, 'status', 'token');
  if (object.kind === 'TokenReview') return maskField(object, 'spec', 'token');
  return body;
}

function maskMaps(object: Json, keys: string[]): Json {
  const copy: Json = { ...object };
  for (const key of keys) {
    const map = object[key];
    if (map && typeof map === 'object' && !Array.isArray(map)) {
      copy[key] = Object.fromEntries(Object.entries(map as Json).map(([k, v]) => [k, typeof v === 'string' ? maskSecret(v) : v]));
    }
  }
  return copy;
}

function maskField(object: Json, parent: string, key: string): Json {
  const holder = object[parent];
  if (!holder || typeof holder !== 'object' || typeof (holder as Json)[key] !== 'string') return object;
  return { ...object, [parent]: { ...(holder as Json), [key]: maskSecret((holder as Json)[key] as string) } };
}

function objectMetadata(body: unknown): Json | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const metadata = (body as Json).metadata;
  return metadata && typeof metadata === 'object' ? (metadata as Json) : undefined;
}

function ownerReferences(metadata: Json | undefined): { kind: string; name: string }[] | undefined {
  if (!Array.isArray(metadata?.ownerReferences)) return undefined;
  const owners = (metadata.ownerReferences as unknown[]).filter(
    (o): o is { kind: string; name: string } => !!o && typeof (o as Json).kind === 'string' && typeof (o as Json).name === 'string',
  );
  // The controller owner is the one that decides the workload.
  owners.sort((a, b) => Number((b as Json).controller === true) - Number((a as Json).controller === true));
  return owners.length ? owners.map((o) => ({ kind: o.kind, name: o.name })) : undefined;
}

function labelsOf(metadata: Json | undefined): Record<string, string> | undefined {
  const labels = metadata?.labels;
  if (!labels || typeof labels !== 'object') return undefined;
  return Object.fromEntries(Object.entries(labels as Json).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function checkApiVersion(object: Json, at: string): void {
  if (object.apiVersion !== AUDIT_API_VERSION) throw new Error(`${at}apiVersion: expected ${AUDIT_API_VERSION}, got ${describe(object.apiVersion)}`);
}

function asObject(value: unknown, at: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${at.replace(/[. ]$/, '') || 'audit event'}: expected an object, got ${describe(value)}`);
  }
  return value as Json;
}

function requiredString(object: Json, key: string, at: string): string {
  const value = object[key];
  if (value === undefined || value === null) throw new Error(`${at}${key}: missing`);
  if (typeof value !== 'string') throw new Error(`${at}${key}: expected a string, got ${describe(value)}`);
  return value;
}

function optionalString(object: Json, key: string, at: string): string | undefined {
  const value = object[key];
  if (value == null) return undefined;
  if (typeof value !== 'string') throw new Error(`${at}${key}: expected a string, got ${describe(value)}`);
  return value;
}

function stringArray(value: unknown, at: string): string[] {
  if (value == null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`${at}: expected an array of strings`);
  return value as string[];
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}
