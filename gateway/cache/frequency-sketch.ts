/**
 * How often each key was asked for lately, approximately and in fixed memory: a count-min sketch
 * of 4-bit counters (TinyLFU, Einziger & Friedman, as Caffeine uses it). The response cache admits
 * a new answer only when it has been asked for more often than the answer it would push out.
 *
 * Why: a pure LRU is at its worst on a loop over more keys than it holds, which is what a bank
 * walking its loan book, or the bench's single-archive workload, sends. Every request then misses,
 * stores an answer and evicts one that would have been asked for next, so the cache costs its
 * stores and the churn of old-space garbage and serves nothing (issue 18: ~19% of single-archive
 * throughput, zero hits). With the sketch, the entries it holds stay, and that share of the loop
 * hits; a key that really is hot (asked for again and again) still gets in after a few misses.
 *
 * Counters halve once `width` increments have been counted (each touches four counters: about four
 * counts per counter, well below the cap of 15), so old popularity fades.
 */

import { fmix32 } from '../../lib/hash.ts';

const MAX_COUNT = 15;
const HASHES = 4;

export class FrequencySketch {
  private readonly counts: Uint8Array;
  private readonly mask: number;
  private additions = 0;
  private readonly resetAfter: number;

  /** `width`: counters, rounded up to a power of two (at least 4,096). */
  constructor(width: number) {
    let w = 4096;
    while (w < width) w *= 2;
    this.counts = new Uint8Array(w);
    this.mask = w - 1;
    this.resetAfter = w;
  }

  /** Counts one request for `key`. */
  increment(key: string): void {
    const h = hash(key);
    let added = false;
    for (let i = 0; i < HASHES; i++) {
      const at = this.index(h, i);
      if (this.counts[at]! < MAX_COUNT) {
        this.counts[at]!++;
        added = true;
      }
    }
    if (added && ++this.additions >= this.resetAfter) this.halve();
  }

  /** The estimated number of recent requests for `key` (never below the true count, capped at 15). */
  frequency(key: string): number {
    const h = hash(key);
    let min = MAX_COUNT;
    for (let i = 0; i < HASHES; i++) min = Math.min(min, this.counts[this.index(h, i)]!);
    return min;
  }

  private index(h: number, i: number): number {
    // Double hashing: the i-th probe of one 32-bit hash (Kirsch & Mitzenmacher).
    return (h + Math.imul(i, (h >>> 16) | 1)) & this.mask;
  }

  private halve(): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] = this.counts[i]! >>> 1;
    this.additions = Math.floor(this.additions / 2);
  }
}

/** FNV-1a over the UTF-16 code units, finished with a murmur3 mix so that the low bits spread. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}
