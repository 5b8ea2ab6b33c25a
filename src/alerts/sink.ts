import type { Finding } from '../model/index.js';

/**
 * Where runtime alerts go. An alert is a Finding with `runtime` detail. Every sink serialises an
 * alert the same way (see `serializeAlert`) and keeps its own queue, so `send` never blocks and
 * never throws: what cannot be delivered is counted, never silently lost.
 */

/**
 * Counts every sink keeps. `sent`: alerts delivered (for stream transports: handed to the
 * kernel). `failed`: delivery attempts that did not succeed (an alert retried three times counts
 * three). `queued`: alerts waiting now. `dropped`: alerts lost for good — queue bound reached,
 * rejected by the receiver, or still queued in memory when the sink closed.
 */
export interface SinkStats {
  sent: number;
  failed: number;
  queued: number;
  dropped: number;
  /** The last delivery error, one line, credentials never included. */
  lastError?: string;
}

export interface AlertSink {
  /** Names the sink in stats and metrics (`jsonl`, `syslog`, `webhook`, or the user's own). */
  readonly name: string;
  /** Queues the alert and returns at once. */
  send(alert: Finding): void;
  /** Resolves once every alert sent before the call is delivered or durably stored (each sink documents which), or dropped. */
  flush(): Promise<void>;
  /** Flushes what it can, then releases sockets and files. Sends after close are dropped and counted. */
  close(): Promise<void>;
  stats(): SinkStats;
}

/**
 * The one wire shape of an alert, for every sink: the Finding as the engine produced it (evidence
 * already masked), as a single-line JSON object with the Finding's own field names — `checkId`,
 * `severity`, `message.en`/`message.zh`, `asset`, `fingerprint`, `runtime.{eventId,eventTime,
 * mitre,pod,process…}`. Receivers may deduplicate on `fingerprint` + `runtime.eventId`: delivery is
 * at least once.
 */
export function serializeAlert(alert: Finding): string {
  // JSON.stringify escapes U+2028/2029 and never emits a raw newline, so the result is one line.
  return JSON.stringify(alert);
}

export function emptyStats(): SinkStats {
  return { sent: 0, failed: 0, queued: 0, dropped: 0 };
}

/** `message` of an error as one line, for `lastError`. */
export function errorLine(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const text = e?.message ?? String(err);
  const line = text.split('\n')[0] ?? '';
  return e?.code && !line.includes(e.code) ? `${e.code} ${line}` : line;
}

/**
 * Sends every alert to every sink. Sinks are independent: each queues on its own, so a slow or
 * dead receiver never delays another; a sink that throws (it should not) is counted as a drop for
 * that sink alone.
 */
export class AlertRouter implements AlertSink {
  readonly name = 'router';
  private readonly routerDrops = new Map<string, number>();

  constructor(readonly sinks: readonly AlertSink[]) {
    const names = new Set<string>();
    for (const sink of sinks) {
      if (names.has(sink.name)) throw new Error(`alert sinks: two sinks are named "${sink.name}"; give each a distinct name`);
      names.add(sink.name);
    }
  }

  send(alert: Finding): void {
    for (const sink of this.sinks) {
      try {
        sink.send(alert);
      } catch {
        this.routerDrops.set(sink.name, (this.routerDrops.get(sink.name) ?? 0) + 1);
      }
    }
  }

  async flush(): Promise<void> {
    await Promise.allSettled(this.sinks.map((s) => s.flush()));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.sinks.map((s) => s.close()));
  }

  /** Totals over all sinks; `perSink()` has them one by one. */
  stats(): SinkStats {
    const total = emptyStats();
    for (const s of Object.values(this.perSink())) {
      total.sent += s.sent;
      total.failed += s.failed;
      total.queued += s.queued;
      total.dropped += s.dropped;
    }
    return total;
  }

  perSink(): Record<string, SinkStats> {
    const out: Record<string, SinkStats> = {};
    for (const sink of this.sinks) {
      const s = { ...sink.stats() };
      s.dropped += this.routerDrops.get(sink.name) ?? 0;
      out[sink.name] = s;
    }
    return out;
  }
}
