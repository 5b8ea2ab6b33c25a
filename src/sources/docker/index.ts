/** The Docker host source: the Engine API over its socket, dockerd's flags and daemon.json, audit rules and host files. */
export { DockerEngineClient, DockerEngineError, DockerEngineApiError, socketPathOf } from './engine.js';
export { parseDockerdFlags } from './flags.js';
export { imageFromEngine } from './images.js';
export { readDockerHost, HOST_PATH_CANDIDATES, type ReadDockerHostOptions } from './host.js';
export type { AuditRules, ContainerInput, DaemonFlags, DaemonJson, DockerdProcess, DockerHostSnapshot } from '../../model/index.js';
