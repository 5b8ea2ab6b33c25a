import type { LayerEntry } from '../../model/image.js';
import type { Package } from '../../model/package.js';
import { MiB, type CatalogContext, type Cataloger } from './cataloger.js';
import { packagePurl } from './purl.js';

const INSTALLED_GEMSPEC = /\/specifications\/[^/]+\.gemspec$/;

/** A Ruby string literal as rubygems writes installed specs: `"x"`, `'x'`, `%q{x}`, `%q<x>`, optionally `.freeze`. */
const STRING = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|%q\{([^}]*)\}|%q<([^>]*)>)(?:\.freeze)?`;

function stringsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(STRING, 'g'))) out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

/** The value assigned to `<var>.<attr> =` in a gemspec (first one: later ones are conditional dependency blocks). */
function assigned(text: string, attr: string): string | undefined {
  const m = new RegExp(String.raw`^\s*\w+\.${attr}\s*=\s*(.+)$`, 'm').exec(text);
  return m?.[1];
}

/**
 * An installed gem's specification. Installed specs are generated Ruby; evaluating them is out of the
 * question, so this reads the literal assignments rubygems writes (and its `# stub:` header line).
 */
export function parseGemspec(text: string, path: string, ctx: CatalogContext = {}): Package[] {
  const stub = /^# stub: (\S+) (\S+)/m.exec(text);
  const name = stringsIn(assigned(text, 'name') ?? '')[0] ?? stub?.[1];
  const versionExpr = assigned(text, 'version');
  const version = (versionExpr && stringsIn(versionExpr)[0]) ?? stub?.[2];
  if (!name || !version) return [];
  const licenseExpr = assigned(text, 'licenses') ?? assigned(text, 'license');
  const pkg: Omit<Package, 'purl'> = { name, version, type: 'gem', licenses: licenseExpr ? stringsIn(licenseExpr) : [], path };
  return [{ ...pkg, purl: packagePurl(pkg, ctx.os) }];
}

export const rubyCataloger: Cataloger = {
  id: 'ruby',
  maxSize: 4 * MiB,
  wants(path: string, _entry?: LayerEntry): boolean {
    return INSTALLED_GEMSPEC.test(path);
  },
  parse(path: string, content: Buffer, ctx: CatalogContext): Package[] {
    return parseGemspec(content.toString('utf8'), path, ctx);
  },
};
