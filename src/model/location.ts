/** A path into a Kubernetes object, as segments: `['spec', 'containers', 1, 'securityContext']`. */
export type PathSegment = string | number;
export type ObjectPath = readonly PathSegment[];

export interface Location {
  /** File the object was read from (`-` for standard input); absent for live sources. */
  file?: string;
  /** 1-based line of the field, or of its nearest existing parent when the field is absent. */
  line?: number;
  /** JSON path, `spec.template.spec.containers[1].securityContext`. */
  path?: string;
  /** For a file inside an image (`file` is then its absolute path there): the diffId of the layer that holds it. */
  layer?: string;
}

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Renders segments as a JSON path; keys with dots or slashes (annotations) get brackets. */
export function formatPath(path: ObjectPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (SIMPLE_KEY.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
