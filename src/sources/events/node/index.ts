/** The node sensor (kernel audit) and the on-alert packet capture, for the `rampart runtime agent` command. */
export { NodeSensor, type NodeSensorOptions, type NodeSensorDetails } from './sensor.js';
export { DEFAULT_WATCHES, type WatchSpec } from './audit-rules.js';
export { capturePodTraffic, type CaptureOptions, type CaptureResult } from './capture.js';
export { startAuditDaemon, type AuditDaemon, type AuditDaemonOptions } from './audit-daemon.js';
export { ContainerResolver, containerFromCgroup, type ContainerMetadata, type ContainerRef } from './containers.js';
