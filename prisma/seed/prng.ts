/**
 * A small seeded PRNG (mulberry32) and the helpers the generator draws with. Every entity gets its
 * own generator, seeded from (stream, index), so entity n is the same whatever the seed's size and
 * whatever was drawn before it.
 */
import { fmix32 } from '../../lib/hash.ts';

/** The one seed of the demo data set. Change it and every generated value changes. */
export const BASE_SEED = 0x5eed_c6ed;

/** Independent streams, one per kind of entity. */
export const Stream = {
  ENTERPRISE: 1,
  PERSON: 2,
  SOCIAL_ORG: 3,
  FINANCE: 4,
  PLATFORM: 5,
  PERSON_ID: 6,
  ENTERPRISE_CODE: 7,
  SOCIAL_ORG_CODE: 8,
} as const;


/** A 32-bit seed for entity `index` of `stream`. */
export function seedFor(stream: number, index: number, base = BASE_SEED): number {
  // `index` may exceed 2^32 in theory; split it so no bits are lost.
  const lo = index >>> 0;
  const hi = Math.floor(index / 0x1_0000_0000) >>> 0;
  return fmix32(fmix32(fmix32(base ^ Math.imul(stream, 0x9e3779b1)) ^ lo) ^ Math.imul(hi, 0x27d4eb2f));
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static for(stream: number, index: number): Rng {
    return new Rng(seedFor(stream, index));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Roughly normal (Irwin–Hall of 4 uniforms), mean `mean`, standard deviation `sd`. */
  normal(mean: number, sd: number): number {
    const s = this.next() + this.next() + this.next() + this.next();
    return mean + (s - 2) * sd * Math.sqrt(3);
  }

  /** Log-uniform in [lo, hi]. */
  logUniform(lo: number, hi: number): number {
    return Math.exp(Math.log(lo) + this.next() * (Math.log(hi) - Math.log(lo)));
  }

  /** `n` hexadecimal digits. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += this.u32().toString(16).padStart(8, '0');
    return out.slice(0, n);
  }
}

/** A weighted choice, precomputed once. */
export class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    const kept = entries.filter(([, w]) => w > 0);
    if (kept.length === 0) throw new RangeError('Weighted needs at least one entry with a positive weight');
    this.items = kept.map(([item]) => item);
    let sum = 0;
    this.cumulative = kept.map(([, w]) => (sum += w));
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/**
 * A bijection of [0, size): i → (a·i + b) mod size, with a coprime to size. Spreads consecutive
 * indexes over the whole range while keeping them distinct (codes and ids that never collide).
 */
export function affinePermutation(size: number, stream: number): (i: number) => number {
  if (!Number.isSafeInteger(size) || size < 2) throw new RangeError(`affinePermutation: size must be an integer ≥ 2; got ${size}`);
  const rng = Rng.for(stream, 0);
  const draw = () => Number(((BigInt(rng.u32()) << 32n) | BigInt(rng.u32())) % BigInt(size));
  let a = Math.max(2, draw());
  while (gcd(a, size) !== 1) a = a + 1 < size ? a + 1 : 2;
  const b = draw();
  // a·i can exceed 2^53 for large sizes: multiply in BigInt only when it might.
  if (a * size < Number.MAX_SAFE_INTEGER) {
    return (i) => {
      if (i < 0 || i >= size) throw new RangeError(`permutation index ${i} outside [0, ${size})`);
      return (a * i + b) % size;
    };
  }
  const A = BigInt(a);
  const B = BigInt(b);
  const S = BigInt(size);
  return (i) => {
    if (i < 0 || i >= size) throw new RangeError(`permutation index ${i} outside [0, ${size})`);
    return Number((A * BigInt(i) + B) % S);
  };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
