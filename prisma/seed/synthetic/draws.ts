/**
 * Draws and helpers the generators share (no state: every draw takes the caller's Rng).
 */
import { Rng, Weighted } from '../prng.ts';
import { INDUSTRIES } from '../vocabulary/industries.ts';
import { DISTRICTS } from '../vocabulary/places.ts';

export const districtPick = new Weighted(DISTRICTS.map((d) => [d, d.weight] as const));

/** Items of `list` that apply to industry section `code` (an empty `industries` applies to all). */
export function byIndustry<T extends { industries: string }>(list: readonly T[]): Map<string, T[]> {
  return new Map(INDUSTRIES.map((s) => [s.code, list.filter((x) => x.industries === '' || x.industries.includes(s.code))]));
}

/** Fills `{name}` placeholders; a placeholder without a value is an error in the vocabulary. */
export function fill(template: string, v: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (!(k in v)) throw new Error(`vocabulary template '${template}' needs {${k}}`);
    return String(v[k]);
  });
}

/** A day in [from, to] (day numbers); `from` is clamped to `to`. */
export function dayBetween(rng: Rng, from: number, to: number): number {
  return from >= to ? to : rng.int(from, to);
}
