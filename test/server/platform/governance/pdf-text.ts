import { inflateSync } from 'node:zlib';

/**
 * Reads back the text of a PDF that Chromium printed, for tests (no poppler here): walks the
 * objects, inflates FlateDecode streams, maps each Type0 font's glyph ids to Unicode through its
 * ToUnicode CMap and decodes the hex strings shown by Tj/TJ in page content streams. Enough for
 * Skia's output (no object streams, direct /Length); not a general PDF parser.
 */

interface FontMap {
  map: Map<number, string>;
  hexDigits: number;
}

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

export interface PdfInfo {
  pages: number;
  /** Text of each page, runs joined without separators, lines by newline. */
  text: string[];
}

export function readPdf(pdf: Buffer): PdfInfo {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF: no %PDF- header');
  const objects = parseObjects(pdf);
  const cmaps = new Map<string, FontMap>();
  const fontCmap = (fontRef: string): FontMap => {
    let font = cmaps.get(fontRef);
    if (font) return font;
    const dict = objects.get(fontRef)?.dict ?? '';
    // Type0 (CID) fonts show 2-byte glyph ids; simple and Type3 fonts (Skia's synthetic bold) 1 byte.
    font = { map: new Map(), hexDigits: /\/Subtype \/Type0/.test(dict) ? 4 : 2 };
    const ref = /\/ToUnicode (\d+) 0 R/.exec(dict)?.[1];
    const cmap = ref ? objects.get(ref)?.stream?.toString('latin1') : undefined;
    if (cmap) parseCmap(cmap, font.map);
    cmaps.set(fontRef, font);
    return font;
  };
  const pages = [...objects.values()].filter((o) => /\/Type \/Page\b(?!s)/.test(o.dict));
  const text = pages.map((page) => {
    const fonts = new Map<string, string>();
    const fontDict = /\/Font <<([^>]*)>>/.exec(page.dict)?.[1] ?? '';
    for (const m of fontDict.matchAll(/\/(\S+) (\d+) 0 R/g)) fonts.set(m[1]!, m[2]!);
    const contentRefs = /\/Contents (?:\[([^\]]*)\]|(\d+) 0 R)/.exec(page.dict);
    const refs = contentRefs?.[1] ? [...contentRefs[1].matchAll(/(\d+) 0 R/g)].map((m) => m[1]!) : contentRefs?.[2] ? [contentRefs[2]] : [];
    let out = '';
    for (const ref of refs) {
      const content = objects.get(ref)?.stream?.toString('latin1') ?? '';
      let font: FontMap = { map: new Map(), hexDigits: 4 };
      // Tokens: font selection, hex strings, and the end of each text object (a line break).
      for (const m of content.matchAll(/\/(\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|\b(ET)\b/g)) {
        if (m[1] !== undefined) font = fontCmap(fonts.get(m[1]) ?? '');
        else if (m[2] !== undefined) {
          const w = font.hexDigits;
          for (let i = 0; i + w <= m[2].length; i += w) out += font.map.get(parseInt(m[2].slice(i, i + w), 16)) ?? '';
        } else if (m[3] === 'ET') out += '\n';
      }
    }
    return out.replace(/\n+/g, '\n');
  });
  return { pages: pages.length, text };
}

function parseObjects(pdf: Buffer): Map<string, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<string, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = header.exec(text))) {
    const start = header.lastIndex;
    const end = text.indexOf('endobj', start);
    const streamAt = text.indexOf('stream', start);
    if (streamAt !== -1 && streamAt < end) {
      const dict = text.slice(start, streamAt);
      const length = Number(/\/Length (\d+)(?! 0 R)/.exec(dict)?.[1]);
      const dataStart = streamAt + 'stream'.length + (text[streamAt + 6] === '\r' ? 2 : 1);
      const dataEnd = Number.isFinite(length) ? dataStart + length : text.indexOf('endstream', dataStart);
      let stream = pdf.subarray(dataStart, dataEnd);
      if (/\/Filter \/FlateDecode/.test(dict)) stream = inflateSync(stream);
      objects.set(m[1]!, { dict, stream });
      header.lastIndex = text.indexOf('endobj', dataEnd) + 6;
    } else {
      objects.set(m[1]!, { dict: text.slice(start, end) });
      header.lastIndex = end + 6;
    }
  }
  return objects;
}

function parseCmap(cmap: string, map: Map<number, string>): void {
  const utf16 = (hex: string): string => {
    const units: number[] = [];
    for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const e of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(e[1]!, 16), utf16(e[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const e of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
      const lo = parseInt(e[1]!, 16);
      const hi = parseInt(e[2]!, 16);
      if (e[3] !== undefined) {
        const base = utf16(e[3]);
        const first = base.charCodeAt(base.length - 1);
        for (let g = lo; g <= hi; g++) map.set(g, base.slice(0, -1) + String.fromCharCode(first + g - lo));
      } else {
        const list = [...e[4]!.matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => utf16(x[1]!));
        for (let g = lo; g <= hi; g++) map.set(g, list[g - lo] ?? '');
      }
    }
  }
}
