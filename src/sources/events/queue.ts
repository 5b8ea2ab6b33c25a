import type { EventSource, EventSourceStats, RuntimeEvent } from '../../model/event.js';

/**
 * A bounded queue between a producer that must never wait (the API server's audit webhook,
 * Falco's HTTP output) and one consumer reading `events()`. `push()` returns at once: when the
 * queue is full the event is dropped and counted, because blocking the producer would stall the
 * API server or make Falco drop events of its own, uncounted.
 */

export interface EventQueueOptions {
  name: string;
  /** Events held before new ones are dropped. */
  capacity: number;
  /** Called on each drop with the running total, so the owner can log them (rate-limited by the owner). */
  onDrop?: (dropped: number) => void;
}

export class EventQueue implements EventSource {
  readonly name: string;
  private readonly capacity: number;
  private readonly onDrop?: (dropped: number) => void;
  // A ring buffer: shift() on a large array is O(n) and the webhook can hold tens of thousands.
  private readonly ring: (RuntimeEvent | undefined)[];
  private head = 0;
  private size = 0;
  private counts: EventSourceStats = { received: 0, dropped: 0, malformed: 0 };
  private closed = false;
  private consumed = false;
  private wake?: () => void;

  constructor(options: EventQueueOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) throw new Error(`event queue ${options.name}: capacity must be a positive integer, got ${options.capacity}`);
    this.name = options.name;
    this.capacity = options.capacity;
    this.onDrop = options.onDrop;
    this.ring = new Array<RuntimeEvent | undefined>(options.capacity);
  }

  /** Queues one event; false when it was dropped (queue full or closed). Never blocks. */
  push(event: RuntimeEvent): boolean {
    this.counts.received++;
    if (this.closed || this.size === this.capacity) {
      this.counts.dropped++;
      this.onDrop?.(this.counts.dropped);
      return false;
    }
    this.ring[(this.head + this.size) % this.capacity] = event;
    this.size++;
    this.wake?.();
    return true;
  }

  /** Counts input that could not be read as an event (a bad request body, an unparseable item). */
  countMalformed(count = 1): void {
    this.counts.malformed += count;
  }

  /** Events waiting for the consumer. */
  get length(): number {
    return this.size;
  }

  stats(): EventSourceStats {
    return { ...this.counts };
  }

  /** One consumer only: two would each see part of the stream, which no caller wants. */
  events(): AsyncIterable<RuntimeEvent> {
    if (this.consumed) throw new Error(`event queue ${this.name}: events() was already called; a queue has one consumer`);
    this.consumed = true;
    return { [Symbol.asyncIterator]: () => this.drain() };
  }

  private async *drain(): AsyncGenerator<RuntimeEvent> {
    for (;;) {
      while (this.size > 0) {
        const event = this.ring[this.head] as RuntimeEvent;
        this.ring[this.head] = undefined;
        this.head = (this.head + 1) % this.capacity;
        this.size--;
        yield event;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  /** Stops accepting events; the consumer still gets what was already queued, then `events()` ends. */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
  }
}
