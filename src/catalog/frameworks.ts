import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jsyaml from 'js-yaml';
import type { Control, ControlKey, Framework } from '../model/index.js';
import { controlKey } from '../model/index.js';
import { packageRoot } from './package-root.js';

/**
 * Compliance frameworks are data: one YAML file each under src/catalog/frameworks, listing the
 * framework's controls and the check ids that evidence each. A new framework or benchmark version
 * is a new file; no code changes.
 */

export interface FrameworkIndex {
  frameworks: Framework[];
  byId: Map<string, Framework>;
  /** Controls evidenced by each check id. */
  controlsByCheck: Map<string, Control[]>;
  control(key: ControlKey): Control | undefined;
}

export function frameworksDir(): string {
  return path.join(packageRoot(), 'src', 'catalog', 'frameworks');
}

let cached: FrameworkIndex | undefined;

export function loadFrameworks(dir: string = frameworksDir()): FrameworkIndex {
  if (cached && dir === frameworksDir()) return cached;
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const frameworks = files.map((f) => parseFramework(path.join(dir, f)));
  const index = indexFrameworks(frameworks);
  if (dir === frameworksDir()) cached = index;
  return index;
}

export function indexFrameworks(frameworks: Framework[]): FrameworkIndex {
  const byId = new Map(frameworks.map((f) => [f.id, f]));
  const controlsByCheck = new Map<string, Control[]>();
  const byKey = new Map<ControlKey, Control>();
  for (const fw of frameworks) {
    for (const control of fw.controls) {
      byKey.set(controlKey(fw.id, control.id), control);
      for (const check of control.checks) {
        const list = controlsByCheck.get(check) ?? [];
        list.push(control);
        controlsByCheck.set(check, list);
      }
    }
  }
  return { frameworks, byId, controlsByCheck, control: (key) => byKey.get(key) };
}

export function controlsOfCheck(index: FrameworkIndex, checkId: string): ControlKey[] {
  return (index.controlsByCheck.get(checkId) ?? []).map((c) => controlKey(c.framework, c.id));
}

function parseFramework(file: string): Framework {
  const raw = jsyaml.load(readFileSync(file, 'utf8')) as Omit<Framework, 'controls'> & {
    controls: (Omit<Control, 'framework' | 'checks'> & { checks?: string[] })[];
  };
  if (!raw || typeof raw.id !== 'string' || !Array.isArray(raw.controls)) {
    throw new Error(`${file}: not a framework file (expected id and controls)`);
  }
  return {
    ...raw,
    controls: raw.controls.map((c) => ({ ...c, id: String(c.id), framework: raw.id, checks: c.checks ?? [] })),
  };
}
