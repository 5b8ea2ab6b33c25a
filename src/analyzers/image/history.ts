import type { ImageInfo } from '../../model/index.js';

/** One build step as the image history records it, reduced to the Dockerfile instruction and its arguments. */
export interface HistoryInstruction {
  /** Index into `config.history`. */
  index: number;
  /** `RUN`, `ADD`, `COPY`, `ENV`…; a bare shell command (the legacy builder's RUN) is `RUN`. */
  instruction: string;
  /** For RUN: the shell command, without the build-argument prefix and the `/bin/sh -c`. */
  args: string;
  emptyLayer: boolean;
}

/**
 * Reads the three shapes `created_by` comes in: the legacy builder's `/bin/sh -c #(nop) ADD file:… in /`
 * and `/bin/sh -c apt-get update`, and BuildKit's `RUN /bin/sh -c apt-get update # buildkit`. RUN
 * steps that saw build arguments are prefixed with `|N NAME=value…`.
 */
export function historyInstructions(image: Pick<ImageInfo, 'config'>): HistoryInstruction[] {
  const out: HistoryInstruction[] = [];
  image.config.history.forEach((entry, index) => {
    if (!entry.createdBy) return;
    const text = entry.createdBy.trim().replace(/\s*#\s*buildkit\s*$/, '');
    const emptyLayer = entry.emptyLayer === true;
    const nop = /#\(nop\)\s*([A-Z]+)\b\s*([\s\S]*)$/.exec(text);
    if (nop) {
      out.push({ index, instruction: nop[1] as string, args: (nop[2] as string).trim(), emptyLayer });
      return;
    }
    const named = /^([A-Z]+)\s+([\s\S]*)$/.exec(text);
    if (named && named[1] !== 'RUN') {
      out.push({ index, instruction: named[1] as string, args: (named[2] as string).trim(), emptyLayer });
      return;
    }
    out.push({ index, instruction: 'RUN', args: shellCommand(named ? (named[2] as string) : text), emptyLayer });
  });
  return out;
}

function shellCommand(text: string): string {
  return text
    .trim()
    .replace(/^\|\d+\s+(?:\S+=\S*\s+)*/, '')
    .replace(/^(?:\/bin\/(?:ba|da)?sh|\/usr\/bin\/(?:ba)?sh|sh|bash)(?:\s+\S+)*?\s+-c\s+/, '')
    .trim();
}
