import { Command, InvalidArgumentError, Option } from 'commander';
import { CHECKS, findCheck, loadFrameworks } from '../../catalog/index.js';
import type { Check, Lang } from '../../model/index.js';
import { defaultLang, parseLang } from '../options.js';

const HEAD = {
  id: { en: 'ID', zh: '检查项' },
  severity: { en: 'SEVERITY', zh: '级别' },
  title: { en: 'TITLE', zh: '标题' },
  description: { en: 'What and why', zh: '说明' },
  remediation: { en: 'How to fix', zh: '修复建议' },
  controls: { en: 'Compliance controls', zh: '合规控制项' },
  pss: { en: 'Pod Security Standards', zh: 'Pod 安全标准' },
  references: { en: 'References', zh: '参考' },
  none: { en: '(no mapped controls)', zh: '(未映射控制项)' },
} as const;

export function checksCommand(): Command {
  const checks = new Command('checks').description('The check catalogue: list checks, or explain one');
  checks
    .command('list')
    .description('List checks, optionally only those evidencing a framework')
    .option('--framework <id>', 'only checks mapped to this framework (see: rampart frameworks)')
    .addOption(new Option('--lang <lang>', 'en or zh').default(defaultLang()).argParser(parseLang))
    .addOption(new Option('--format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExamples:\n  rampart checks list\n  rampart checks list --framework cis-k8s-1.12 --lang zh\n')
    .action((options: { framework?: string; lang: Lang; format: 'table' | 'json' }) => {
      const index = loadFrameworks();
      let selected: readonly Check[] = CHECKS;
      if (options.framework) {
        const fw = index.byId.get(options.framework);
        if (!fw) throw new InvalidArgumentError(`--framework: unknown framework "${options.framework}" (known: ${index.frameworks.map((f) => f.id).join(', ')})`);
        const ids = new Set(fw.controls.flatMap((c) => c.checks));
        selected = CHECKS.filter((c) => ids.has(c.id));
      }
      if (options.format === 'json') {
        const withControls = selected.map((c) => ({ ...c, controls: (index.controlsByCheck.get(c.id) ?? []).map((k) => `${k.framework}:${k.id}`) }));
        process.stdout.write(`${JSON.stringify(withControls, null, 2)}\n`);
        return;
      }
      const lang = options.lang;
      const idWidth = Math.max(...selected.map((c) => c.id.length), HEAD.id[lang].length);
      process.stdout.write(`${HEAD.id[lang].padEnd(idWidth)}  ${HEAD.severity[lang].padEnd(8)}  ${HEAD.title[lang]}\n`);
      for (const c of selected) {
        const controls = options.framework
          ? (index.controlsByCheck.get(c.id) ?? []).filter((k) => k.framework === options.framework).map((k) => k.id).join(', ')
          : '';
        process.stdout.write(`${c.id.padEnd(idWidth)}  ${c.severity.padEnd(8)}  ${c.title[lang]}${controls ? `  [${controls}]` : ''}\n`);
      }
    });
  checks
    .command('explain')
    .description('Explain one check: what it looks for, why it matters, how to fix it, which controls it evidences')
    .argument('<id>', 'check id, e.g. pod.privileged')
    .addOption(new Option('--lang <lang>', 'en or zh').default(defaultLang()).argParser(parseLang))
    .addHelpText('after', '\nExample:\n  rampart checks explain pod.privileged --lang zh\n')
    .action((id: string, options: { lang: Lang }) => {
      const check = findCheck(id);
      if (!check) {
        const near = CHECKS.filter((c) => c.id.includes(id.split('.').pop() ?? id)).map((c) => c.id);
        throw new InvalidArgumentError(`unknown check id "${id}"${near.length ? ` (did you mean: ${near.slice(0, 3).join(', ')}?)` : ' (see: rampart checks list)'}`);
      }
      process.stdout.write(explain(check, options.lang));
    });
  return checks;
}

/** What, why, how to fix and which controls, for one catalogue entry (also used by `rampart runtime rules explain`). */
export function explain(check: Check, lang: Lang): string {
  const index = loadFrameworks();
  const lines = [`${check.id}  [${check.severity}]  ${check.title[lang]}`, '', `${HEAD.description[lang]}:`, `  ${check.description[lang]}`, '', `${HEAD.remediation[lang]}:`, `  ${check.remediation[lang]}`, ''];
  if (check.pss) lines.push(`${HEAD.pss[lang]}: ${check.pss.level} (${check.pss.control})`, '');
  lines.push(`${HEAD.controls[lang]}:`);
  const controls = index.controlsByCheck.get(check.id) ?? [];
  if (controls.length === 0) lines.push(`  ${HEAD.none[lang]}`);
  for (const c of controls) {
    const fw = index.byId.get(c.framework);
    lines.push(`  ${fw ? fw.name[lang] : c.framework} ${c.id}: ${c.title[lang]}`);
  }
  if (check.references?.length) lines.push('', `${HEAD.references[lang]}:`, ...check.references.map((r) => `  ${r}`));
  return `${lines.join('\n')}\n`;
}

export function frameworksCommand(): Command {
  return new Command('frameworks')
    .description('List the compliance frameworks checks are mapped to')
    .addOption(new Option('--lang <lang>', 'en or zh').default(defaultLang()).argParser(parseLang))
    .action((options: { lang: Lang }) => {
      for (const fw of loadFrameworks().frameworks) {
        const mapped = fw.controls.filter((c) => c.checks.length > 0).length;
        process.stdout.write(`${fw.id.padEnd(16)}  ${fw.name[options.lang]} ${fw.version}  (${mapped}/${fw.controls.length} controls with automated checks)\n`);
      }
    });
}
