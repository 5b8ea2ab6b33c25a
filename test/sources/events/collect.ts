import assert from 'node:assert/strict';

/** Drains an event stream in the background so a test can wait for the n-th item as it arrives. */
export class Collector<T> {
  readonly items: T[] = [];
  readonly done: Promise<void>;

  constructor(stream: AsyncIterable<T>) {
    this.done = (async () => {
      for await (const item of stream) this.items.push(item);
    })();
  }

  async waitFor(count: number, what: string, ms = 4000): Promise<T[]> {
    const deadline = Date.now() + ms;
    while (this.items.length < count) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: have ${this.items.length} of ${count}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.items;
  }
}

export async function settle(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
