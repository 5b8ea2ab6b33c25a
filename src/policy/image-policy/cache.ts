/**
 * A time-limited cache of promises: concurrent callers for one key share one computation (a pod
 * whose containers use one image verifies it once), and a result is reused until it expires.
 * A computation that rejects or is marked not cacheable is dropped, so failures are retried.
 */
export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, { expires: number; value: Promise<V> }>();
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    /** Results that should not be kept (errors, so that a registry outage is retried). */
    private readonly keep: (value: V) => boolean = () => true,
  ) {}

  get(key: string, compute: () => Promise<V>): Promise<V> {
    const now = this.now();
    const found = this.entries.get(key);
    if (found && found.expires > now) {
      this.hits++;
      return found.value;
    }
    this.misses++;
    const value = compute();
    this.entries.set(key, { expires: now + this.ttlMs, value });
    value.then(
      (v) => {
        if (!this.keep(v) && this.entries.get(key)?.value === value) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key)?.value === value) this.entries.delete(key);
      },
    );
    if (this.entries.size > 10_000) this.evictExpired(now);
    return value;
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size };
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
  }
}
