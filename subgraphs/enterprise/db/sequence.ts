/**
 * Sequence numbers for the append-only logs (the change log, the partner cities' list feed): one
 * counter row per log, incremented inside the writing transaction. The increment locks that row
 * until commit, so writers are serialized and a higher number is never visible before a lower one
 * (a reader paging by `seq > cursor` never skips an entry committed late).
 */

/** The counter row's upsert, as a log's Prisma delegate offers it. */
type CounterUpsert = (args: {
  where: { id: number };
  create: { id: number; value: number };
  update: { value: { increment: number } };
}) => Promise<{ value: number }>;

/** Reserves `count` consecutive numbers and returns the first. */
export async function reserveSequence(upsert: CounterUpsert, count: number): Promise<number> {
  const { value } = await upsert({ where: { id: 1 }, create: { id: 1, value: count }, update: { value: { increment: count } } });
  return value - count + 1;
}
