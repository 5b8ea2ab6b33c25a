import type { Readable } from 'node:stream';
import type { EventSource, EventSourceStats, RuntimeEvent } from '../../model/event.js';
import { streamLines, tailLines, type Line, type TailOptions } from './tail.js';

/**
 * An event source over a file (or stdin) of JSON lines: the audit log the API server writes and
 * Falco's file output are both this shape. A line that is not an event is counted, reported as
 * `file:line: message` and skipped; the stream carries on.
 */

export interface JsonLinesOptions extends Omit<TailOptions, 'signal'> {
  /** Called once per bad line with `file:line: message`; never with the line's content (it may hold secrets). */
  onError?: (message: string) => void;
  /** The stream read when the path is `-` (default process.stdin). */
  stdin?: Readable;
}

/**
 * Turns one parsed line into events. Throws a single-line Error for a line that is not an event;
 * returns `errors` for parts of a line that were not (items of a list), each counted as malformed.
 */
export type LineParser = (value: unknown) => { events: RuntimeEvent[]; errors?: string[] };

export class JsonLinesSource implements EventSource {
  readonly name: string;
  private readonly abort = new AbortController();
  private readonly counts: EventSourceStats = { received: 0, dropped: 0, malformed: 0 };
  private started = false;

  constructor(
    name: string,
    private readonly path: string,
    private readonly options: JsonLinesOptions,
    private readonly parse: LineParser,
  ) {
    this.name = name;
  }

  events(): AsyncIterable<RuntimeEvent> {
    if (this.started) throw new Error(`${this.name}: events() was already called; a file source is read once`);
    this.started = true;
    return this.read();
  }

  private async *read(): AsyncGenerator<RuntimeEvent> {
    const signal = this.abort.signal;
    const label = this.path === '-' ? 'stdin' : this.path;
    const lines: AsyncIterable<Line> =
      this.path === '-' ? streamLines(this.options.stdin ?? process.stdin, { signal }) : tailLines(this.path, { ...this.options, signal });
    for await (const line of lines) {
      const where = `${label}:${line.lineNo}`;
      if (line.tooLong !== undefined) {
        this.malformed(`${where}: line of ${line.tooLong} bytes is longer than the limit; skipped`);
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch (err) {
        this.malformed(`${where}: ${notJsonMessage(err)}`);
        continue;
      }
      let parsed: ReturnType<LineParser>;
      try {
        parsed = this.parse(value);
      } catch (err) {
        this.malformed(`${where}: ${(err as Error).message}`);
        continue;
      }
      for (const error of parsed.errors ?? []) this.malformed(`${where}: ${error}`);
      for (const event of parsed.events) {
        this.counts.received++;
        yield event;
      }
    }
  }

  private malformed(message: string): void {
    this.counts.malformed++;
    this.options.onError?.(message);
  }

  stats(): EventSourceStats {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    this.abort.abort();
  }
}

/**
 * Why a text is not JSON, without quoting it: V8's messages embed a slice of the input, which
 * may be part of a secret.
 */
export function notJsonMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/end of JSON input/i.test(message)) return 'not JSON: unexpected end of input';
  const position = /position (\d+)/.exec(message);
  return position ? `not JSON: syntax error at character ${position[1]}` : 'not JSON';
}
