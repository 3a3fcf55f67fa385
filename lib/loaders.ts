/**
 * DataLoader's contract ("same length, same order as the keys") lives here, once.
 */
import DataLoader from 'dataloader';

/** One value (or null) per key, in key order. */
export function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** All rows per key (empty array for a miss), in key order; rows keep their input order. */
export function groupByKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const k of keys) map.set(k, []);
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k) ?? []);
}

/** A per-request loader: batches every key asked for in one tick into one call of `fetch`. */
export function loader<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, maxBatchSize = 1000): DataLoader<K, V> {
  return new DataLoader<K, V>(fetch, { maxBatchSize });
}
