/**
 * Ids and sequence numbers for the enterprise subgraph's logs and collected records.
 */
import { randomFillSync } from 'node:crypto';


// The counter's reservation is shared with the person subgraph's log: lib/db/change-log.ts.
export { reserveSequence, type CounterUpsert } from '../../../lib/db/change-log.ts';

/**
 * A UUID version 7 (RFC 9562): the millisecond first, then a counter within the millisecond, then
 * random bits. Collected records and their archive rows take these ids because each id is an
 * index key: random v4 ids land on random pages of ever larger B-trees (a bulk load of a million
 * rows slowed down as its tables grew, the page cache missing on nearly every insert), while
 * time-ordered ids are appended at the right edge. Unique as v4 is for our purposes (74 random
 * bits per millisecond beside a 12-bit counter); they reveal when a row was made, which the row
 * says anyway.
 */
export function timeOrderedId(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    // More than 4,096 ids in one millisecond: borrow the next one (order is kept).
    lastMs++;
    counter = 0;
  }
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = Buffer.allocUnsafe(16);
  b.writeUIntBE(lastMs, 0, 6);
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  pool.copy(b, 8, poolAt, poolAt + 8);
  poolAt += 8;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

let lastMs = 0;
let counter = 0;
/** Random bytes drawn 8 at a time (one randomFillSync per 512 ids). */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
