export { AlertRouter, serializeAlert, type AlertSink, type SinkStats } from './sink.js';
export { JsonLinesSink, type JsonLinesSinkOptions } from './jsonl.js';
export { SyslogSink, type SyslogSinkOptions, type SyslogTransport, type SyslogTlsOptions } from './syslog.js';
export { formatSyslogMessage, isSyslogFacility, SYSLOG_FACILITIES, SYSLOG_SD_ID, SYSLOG_SEVERITY, type SyslogFacility, type SyslogFormatOptions } from './syslog-format.js';
export { WebhookSink, type WebhookSinkOptions } from './webhook.js';
export { DiskQueue, type DiskQueueOptions } from './disk-queue.js';
export { createRuntimeMetrics, type RuntimeMetrics, type SourceMetricsStats } from './metrics.js';
