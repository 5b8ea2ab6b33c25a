import { JsonLinesSource, type JsonLinesOptions } from './json-lines.js';
import { parseAuditEvents, type AuditParseOptions } from './k8s-audit.js';

/**
 * The API server's log backend (`--audit-log-path`): one `audit.k8s.io/v1` Event per line
 * (`--audit-log-format=json`, the default). Followed like `tail -F`, across the backend's own
 * rotation (`--audit-log-maxsize` renames the file and starts a new one) and copytruncate.
 */

export interface AuditLogOptions extends JsonLinesOptions, AuditParseOptions {}

export class AuditLogSource extends JsonLinesSource {
  constructor(path: string, options: AuditLogOptions = {}) {
    // A line may also hold an EventList (a saved webhook batch): its good items are kept.
    super(`k8s-audit-log:${path}`, path, options, (value) => parseAuditEvents(value, { cluster: options.cluster }));
  }
}
