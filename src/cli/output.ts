import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Lang, Report } from '../model/index.js';
import { REPORTERS, type Format } from '../reporters/index.js';
import { jsonChunks } from '../reporters/json.js';
import { uploadReport, type UploadOptions } from './upload.js';

/** Writes the report's outputs, then sends it to the platform server when `--upload` asks; an upload failure is one line on stderr and exit code 2. */
export async function deliverReport(report: Report, main: { format: Format; file?: string } | undefined, options: { report: { format: Format; file: string }[]; lang: Lang } & UploadOptions): Promise<{ written: string[]; uploadFailed: boolean }> {
  const written = await writeOutputs(report, main, options.report, options.lang);
  for (const file of written) process.stderr.write(`rampart: wrote ${file}\n`);
  if (!options.upload) return { written, uploadFailed: false };
  try {
    process.stderr.write(`rampart: ${await uploadReport(report, options)}\n`);
    return { written, uploadFailed: false };
  } catch (err) {
    process.stderr.write(`rampart: ${(err as Error).message}\n`);
    return { written, uploadFailed: true };
  }
}

/** Writes the main output (stdout or --output; none when the command's main output is something else) and any extra `--report FORMAT=FILE` outputs. */
export async function writeOutputs(
  report: Report,
  main: { format: Format; file?: string } | undefined,
  extra: { format: Format; file: string }[],
  lang: Lang,
): Promise<string[]> {
  const written: string[] = [];
  if (main?.file) {
    await writeFileSafely(main.file, render(report, main.format, lang, false));
    written.push(main.file);
  } else if (main) {
    const useColor = main.format === 'table' && process.stdout.isTTY === true && !process.env.NO_COLOR;
    await writeChunks(process.stdout, render(report, main.format, lang, useColor));
  }
  for (const { format, file } of extra) {
    await writeFileSafely(file, render(report, format, lang, false));
    written.push(file);
  }
  return written;
}

/** JSON is produced in pieces (reports can be large); every other format as one text. */
function render(report: Report, format: Format, lang: Lang, color: boolean): Iterable<string> {
  return format === 'json' ? jsonChunks(report) : [REPORTERS[format](report, { lang, color })];
}

/** Writes pieces in batches of about 1 MB: one write per finding would wait on the disk 30,000 times. */
async function writeChunks(stream: Writable, chunks: Iterable<string>): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const ok = stream.write(batch.join(''));
    batch = [];
    size = 0;
    if (!ok) await once(stream, 'drain');
  };
  for (const chunk of chunks) {
    batch.push(chunk);
    size += chunk.length;
    if (size >= 1 << 20) await flush();
  }
  await flush();
}

/** Writes to a temporary file then renames, so a crash never leaves a half-written report behind. */
export async function writeFileSafely(file: string, chunks: Iterable<string>): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const stream = createWriteStream(tmp, { encoding: 'utf8' });
  try {
    await writeChunks(stream, chunks);
    stream.end();
    await once(stream, 'finish');
    await rename(tmp, file);
  } catch (err) {
    stream.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
}
