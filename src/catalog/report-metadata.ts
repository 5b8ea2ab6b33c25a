import type { Check, ControlKey, Finding, Report } from '../model/index.js';
import { controlKey } from '../model/index.js';
import { controlsOfCheck, type FrameworkIndex } from './frameworks.js';
import { getCheck } from './index.js';

/**
 * The catalogue and framework metadata a report carries for the checks its findings name, so
 * that every reporter renders titles, remediation and control texts from the report alone.
 */
export function reportMetadata(findings: readonly Finding[], frameworks: FrameworkIndex, extraChecks: readonly Check[] = []): Pick<Report, 'checks' | 'controls' | 'frameworks'> {
  const checks: Report['checks'] = {};
  const controls: Report['controls'] = {};
  const used: Report['frameworks'] = {};
  for (const id of new Set(findings.map((f) => f.checkId))) {
    const { target: _target, ...check } = extraChecks.find((c) => c.id === id) ?? getCheck(id);
    const keys: ControlKey[] = controlsOfCheck(frameworks, id);
    checks[id] = { ...check, controls: keys };
    for (const control of frameworks.controlsByCheck.get(id) ?? []) {
      controls[controlKey(control.framework, control.id)] = { framework: control.framework, id: control.id, title: control.title };
      const fw = frameworks.byId.get(control.framework);
      if (fw) {
        const entry: Report['frameworks'][string] = { id: fw.id, name: fw.name, version: fw.version, textProvenance: fw.textProvenance };
        if (fw.notes) entry.notes = fw.notes;
        used[fw.id] = entry;
      }
    }
  }
  return { checks, controls, frameworks: used };
}
