import { randomFillSync } from 'node:crypto';

/** Maximum value of the 12-bit counter in `rand_a` before the next id moves to the next millisecond. */
const MAX_COUNTER = 0xfff;

/** Random bytes that one id uses. */
const BYTES_PER_ID = 10;
/** Random bytes drawn from the system at once: one call per 409 ids rather than one per id. */
const POOL_BYTES = 4096;

let lastMillis = -1;
let counter = 0;
const pool = new Uint8Array(POOL_BYTES);
let poolOffset = POOL_BYTES;

/**
 * Returns a new UUID version 7 (RFC 9562 §5.7): a 48-bit Unix time in milliseconds,
 * a 12-bit counter and 62 random bits. Ids made by one process sort in the order they
 * were made, even within one millisecond or when the clock steps back (RFC 9562 §6.2,
 * method 1). SCIM resources get these ids so that rows made together sit together in
 * the store's indexes: a random id would put each new user and each new membership on
 * a different B-tree page.
 */
export function newTimeOrderedId(nowMillis: number = Date.now()): string {
  if (poolOffset + BYTES_PER_ID > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const random = pool.subarray(poolOffset, poolOffset + BYTES_PER_ID);
  poolOffset += BYTES_PER_ID;
  let millis = Math.max(nowMillis, lastMillis);
  if (millis === lastMillis) {
    counter++;
    if (counter > MAX_COUNTER) {
      millis++;
      counter = 0;
    }
  } else {
    // A fresh millisecond starts the counter below its midpoint, so that at least 2,048 ids fit in it.
    counter = ((random[0]! << 8) | random[1]!) & 0x7ff;
  }
  lastMillis = millis;

  const hex = millis.toString(16).padStart(12, '0');
  const versionAndCounter = (0x7000 | counter).toString(16);
  const variantAndRandom = (0x8000 | (((random[2]! << 8) | random[3]!) & 0x3fff)).toString(16);
  const tail = Buffer.from(random.subarray(4, 10)).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${versionAndCounter}-${variantAndRandom}-${tail}`;
}
