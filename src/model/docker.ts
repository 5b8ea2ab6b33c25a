import type { ImageInfo } from './image.js';
import type { FileStat } from './node.js';

/** What the Docker Engine's `/version` says about itself. */
export interface EngineVersion {
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
}

/**
 * What `rampart host` reads from a Docker host: the daemon's command line and daemon.json, what the
 * Engine API says (`/version`, `/info`, every running container inspected, the images), the audit
 * rules, the mounts, and the mode and owner of the files the CIS Docker Benchmark names. The docker
 * source fills it; the docker analyzer judges it. Paths are host paths, never prefixed with --root.
 */

export interface DockerdProcess {
  pid: number;
  argv: string[];
}

/** dockerd's flags: every occurrence kept, since several repeat (`--insecure-registry`, `--default-ulimit`, `-H`). */
export interface DaemonFlags {
  values: Record<string, string[]>;
  /** `process 1234`. */
  origin: string;
}

export interface DaemonJson {
  path: string;
  exists: boolean;
  content?: Record<string, unknown>;
  error?: string;
}

export interface AuditRules {
  /** One rule per line, as `auditctl -l` prints them or as the rules files hold them. */
  rules: string[];
  /** Where they came from: `auditctl -l`, `/etc/audit/rules.d/docker.rules`. */
  sources: string[];
  /** Why no rules source could be read at all. */
  error?: string;
}

export interface ContainerInput {
  id: string;
  /** Without the leading slash. */
  name: string;
  /** `GET /containers/{id}/json` as the daemon answered. */
  inspect: Record<string, unknown>;
  /** The CMD column of `GET /containers/{id}/top`. */
  processes?: string[];
  topError?: string;
}

export interface DockerHostSnapshot {
  hostname: string;
  root: string;
  /** `unix:///var/run/docker.sock`. */
  dockerHost: string;
  version?: EngineVersion;
  /** `GET /info`. */
  info?: Record<string, unknown>;
  /** Why the Engine API could not be read: containers, images and API-reported settings are then unseen. */
  engineError?: string;
  dockerd?: DockerdProcess;
  flags?: DaemonFlags;
  daemonJson: DaemonJson;
  auditRules: AuditRules;
  /** Mount points of the host (from mountinfo) and of /etc/fstab. */
  mounts: { points: string[]; source: string; error?: string };
  /** Where the files CIS names are on this host (docker.service may be under /lib or /usr/lib): logical name → host path. */
  paths: Record<string, string>;
  /** Mode and owner of every file the checks need, by host path. */
  stats: Record<string, FileStat>;
  /** Registry certificate files under /etc/docker/certs.d. */
  registryCerts: string[];
  /** Members of the `docker` group from the root's /etc/group; undefined when there is no such group. */
  dockerGroup?: string[];
  containers: ContainerInput[];
  containersError?: string;
  images: ImageInfo[];
  imagesError?: string;
  /** Problems reading the host that are not any one check's input. */
  errors: string[];
}
