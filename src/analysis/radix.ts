/**
 * Stable LSD radix passes over 16-bit digits, for sorting big row sets by integer keys (the
 * timeline's groups, the goroutine table): positions are sorted, not values, so one key array
 * serves any number of passes and ties keep the order they came in.
 */

/** Scratch for sorting up to `n` positions. */
export interface RadixScratch {
  digits: Uint32Array;
  a: Int32Array;
  b: Int32Array;
  count: Int32Array;
}

export function radixScratch(n: number): RadixScratch {
  return { digits: new Uint32Array(n), a: new Int32Array(n), b: new Int32Array(n), count: new Int32Array(65537) };
}

/** One stable counting pass over 16 bits (from `shift`) of `digits` (by position): `from` → `to`. */
function radixPass(from: Int32Array, to: Int32Array, digits: Uint32Array, shift: number, count: Int32Array): void {
  const n = from.length;
  count.fill(0);
  for (let j = 0; j < n; j++) count[((digits[from[j]] >>> shift) & 0xffff) + 1]++;
  for (let d = 0; d < 65536; d++) count[d + 1] += count[d];
  for (let j = 0; j < n; j++) {
    const i = from[j];
    to[count[(digits[i] >>> shift) & 0xffff]++] = i;
  }
}

/**
 * Stably reorders the positions in `order` (length n) by the 32-bit `digits` of each position:
 * two passes, `spare` (length n) as the other buffer; the result is back in `order`.
 */
export function radixSort32(order: Int32Array, spare: Int32Array, digits: Uint32Array, count: Int32Array): void {
  radixPass(order, spare, digits, 0, count);
  radixPass(spare, order, digits, 16, count);
}
