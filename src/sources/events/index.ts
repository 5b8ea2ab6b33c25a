export { workloadFromPod, type PodIdentity, type WorkloadRef } from './attribution.js';
export { AuditLogSource, type AuditLogOptions } from './audit-log.js';
export { FalcoFileSource, parseFalcoAlert, type FalcoEvent, type FalcoFileOptions, type FalcoParseOptions } from './falco.js';
export { JsonLinesSource, notJsonMessage, type JsonLinesOptions, type LineParser } from './json-lines.js';
export { AUDIT_API_VERSION, parseAuditEvent, parseAuditEvents, type AuditParseOptions, type AuditParseResult } from './k8s-audit.js';
export { maskArgs } from './mask-args.js';
export { EventQueue, type EventQueueOptions } from './queue.js';
export { LogTail, streamLines, tailLines, type Line, type LogTailOptions, type TailOptions } from './tail.js';
