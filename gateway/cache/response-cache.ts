/**
 * The response cache: finished public answers (after the result pass: nothing withheld, no probes
 * left), bounded by bytes (caches.ts ByteLru), each living at most `ttlMs`, indexed by the subjects
 * they depend on so that a change to one enterprise drops only its answers.
 *
 * A request that was computing while anything was invalidated does not store what it computed (it
 * may have read before the change): every invalidation advances `epoch`, and `set` is given the
 * epoch its request started in.
 *
 * Once the budget is full, a new answer gets in only if its key has been asked for more often than
 * the least recently used entry's (frequency-sketch.ts: why a loop over more keys than fit would
 * otherwise miss every time).
 */
import type { Pulls } from '../metering/operation-usage.ts';
import { ByteLru } from '../caches.ts';
import { FrequencySketch } from './frequency-sketch.ts';

/** An answer as it goes out (the HTTP body), with what metering counted when it was computed. */
export interface CachedAnswer {
  /**
   * `{"data":…}` and a newline, exactly as Apollo Server writes a result without errors, in UTF-8:
   * served as it is at the door (front-door.ts), decoded and parsed only when a hit is found inside
   * Apollo Server. As bytes a hit is written without encoding the text again and measuring it for
   * Content-Length (~5 µs of a ~50 µs hit for a 4,000-character archive with Chinese names), and it
   * takes ~1.3 bytes per character (JSON is mostly ASCII) where a string with any Chinese takes 2,
   * and parsed objects ~6.
   */
  body: Buffer;
  /**
   * Archive and person-record pulls, the fields touched and the operation's name, as counted for
   * a metered caller; null when the answer was computed for a caller who is not metered (a metered
   * caller then computes it afresh once, and the entry is replaced with its counts).
   */
  metered: Pulls | null;
}

interface Entry {
  answer: CachedAnswer;
  expiresAt: number;
  /** Null: depends on every subject. */
  subjects: string[] | null;
}

/** A key's heap per character: two once it holds anything beyond Latin-1 (a Chinese variable). */
const KEY_BYTES_PER_CHAR = 2;
const ENTRY_OVERHEAD_BYTES = 512;
/**
 * Counters of the admission sketch per byte of budget: 1,024 per MB, ~10 per entry of a full
 * archive answer (~10 kB as text); Caffeine keeps 16 per entry. Its memory is 1/1,024 of the budget.
 */
const SKETCH_COUNTERS_PER_BYTE = 1 / 1_024;

export interface ResponseCacheOptions {
  bytes: number;
  ttlMs: number;
  now?: () => number;
}

export class ResponseCache {
  private readonly lru: ByteLru<string, Entry>;
  private readonly bySubject = new Map<string, Set<string>>();
  private readonly global = new Set<string>();
  private readonly now: () => number;
  private readonly sketch: FrequencySketch;
  /** Advances at every invalidation. */
  epoch = 0;
  /** While suspended nothing is served or stored (a gateway whose change follower has not caught up). */
  private suspended = false;
  /** `refused`: answers not admitted because the cache was full of more requested ones. */
  readonly stats = { hits: 0, misses: 0, stored: 0, refused: 0, invalidated: 0 };

  constructor(private readonly opts: ResponseCacheOptions) {
    this.now = opts.now ?? Date.now;
    this.sketch = new FrequencySketch(opts.bytes * SKETCH_COUNTERS_PER_BYTE);
    // `metered.fields` is the plan's own list, shared, not counted again.
    this.lru = new ByteLru(opts.bytes,
      (e, key) => ENTRY_OVERHEAD_BYTES + key.length * KEY_BYTES_PER_CHAR + e.answer.body.length,
      (key, e) => this.unindex(key, e));
  }

  get size(): number { return this.lru.size; }
  get bytes(): number { return this.lru.bytes; }
  /** Subjects with an answer indexed under them (tests: the index follows evictions). */
  get indexedSubjects(): number { return this.bySubject.size; }

  get(key: string): CachedAnswer | undefined {
    if (this.suspended) return undefined;
    this.sketch.increment(key);
    const e = this.lru.get(key);
    if (e && e.expiresAt > this.now()) {
      this.stats.hits++;
      return e.answer;
    }
    if (e) this.drop(key, e);
    this.stats.misses++;
    return undefined;
  }

  /**
   * Stores the answer unless something was invalidated since `startedAt` (an epoch); returns whether
   * it did. Given a function, calls it only once the answer is to be stored: its body is the whole
   * answer as JSON, wasted on one the cache refuses (a page of 50 enterprises is ~100 kB of it).
   */
  set(key: string, answer: CachedAnswer | (() => CachedAnswer), subjects: string[] | null, startedAt: number): boolean {
    if (startedAt !== this.epoch || this.suspended) return false;
    const old = this.lru.get(key);
    if (old) this.drop(key, old);
    else if (!this.admits(key)) {
      this.stats.refused++;
      return false;
    }
    const entry: Entry = { answer: typeof answer === 'function' ? answer() : answer, expiresAt: this.now() + this.opts.ttlMs, subjects };
    this.lru.set(key, entry);
    if (this.lru.get(key) !== entry) return false; // larger than the whole budget
    if (subjects) {
      for (const s of subjects) {
        let keys = this.bySubject.get(s);
        if (!keys) this.bySubject.set(s, (keys = new Set()));
        keys.add(key);
      }
    } else {
      this.global.add(key);
    }
    this.stats.stored++;
    return true;
  }

  /**
   * Whether a new answer for `key` may take room: always while an average entry still fits, else
   * only if `key` was asked for more often than the entry it would push out (a tie keeps the
   * incumbent: a loop then keeps what it has instead of replacing it just before it is asked for).
   */
  private admits(key: string): boolean {
    const size = this.lru.size;
    if (size === 0 || this.lru.bytes + this.lru.bytes / size <= this.lru.maxBytes) return true;
    const victim = this.lru.oldestKey()!;
    return this.sketch.frequency(key) > this.sketch.frequency(victim);
  }

  /** Drops every answer that depends on one of `subjects`, and every answer that depends on all. */
  invalidate(subjects: Iterable<string>): void {
    this.epoch++;
    if (this.suspended) return; // empty
    const keys = new Set(this.global);
    for (const s of subjects) for (const k of this.bySubject.get(s) ?? []) keys.add(k);
    for (const k of keys) {
      const e = this.lru.get(k);
      if (e) this.drop(k, e);
    }
    this.stats.invalidated += keys.size;
  }

  /** Serve nothing until `resume` (and keep nothing: it is cleared on both sides). */
  suspend(): void { this.suspended = true; this.clear(); }
  resume(): void { this.clear(); this.suspended = false; }

  /** Drops everything (a write through this gateway whose subjects are not known here). */
  clear(): void {
    this.epoch++;
    this.stats.invalidated += this.lru.size;
    this.lru.clear();
    this.bySubject.clear();
    this.global.clear();
  }

  private drop(key: string, e: Entry): void {
    this.lru.delete(key);
    this.unindex(key, e);
  }

  private unindex(key: string, e: Entry): void {
    if (!e.subjects) { this.global.delete(key); return; }
    for (const s of e.subjects) {
      const keys = this.bySubject.get(s);
      keys?.delete(key);
      if (keys?.size === 0) this.bySubject.delete(s);
    }
  }
}
