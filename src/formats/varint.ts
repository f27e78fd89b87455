/**
 * Unsigned LEB128 varints (protobuf, Go execution traces) as JavaScript numbers: one module, one
 * set of overflow rules for every binary format.
 *
 * - Exact below 2^53 (accumulated by multiplication: `<<` would cut at 32 bits).
 * - At most 10 bytes; a 10th byte above 1 overflows 64 bits: malformed.
 * - Values from 2^53 to 2^64−1 decode to the nearest double, except exactly 2^64−1, which decodes
 *   to −1 (the traces' "none": NoThread, NoProc; a pprof int64 −1). `uvarintBig` is exact.
 *
 * `uvarint` is the checked reading (bounds `end`, errors reported in `varintEnd`); `uvarintHot` is
 * the hot-loop variant for parsers that check once per record that they stayed inside it (it may
 * read past `end` into `undefined`, which ends the value as NaN). Both return the value and leave the
 * position after it in the module variable `varintEnd`, so no call allocates.
 */

/** Position after the last value read; after a failed `uvarint`, VARINT_TRUNCATED or VARINT_MALFORMED. */
export let varintEnd = 0;
/** `uvarint` hit `end` (or the end of the buffer) inside the value. */
export const VARINT_TRUNCATED = -1;
/** more than 10 bytes, or a value above 2^64−1 */
export const VARINT_MALFORMED = -2;

const TWO53 = 2 ** 53;

/** Checked read of the varint at `p`, which must end before `end`. NaN when malformed (see varintEnd). */
export function uvarint(b: Uint8Array, p: number, end: number): number {
  if (p >= end) {
    varintEnd = VARINT_TRUNCATED;
    return NaN;
  }
  let c = b[p];
  if (c < 0x80) {
    varintEnd = p + 1;
    return c;
  }
  let x = c & 0x7f;
  let mul = 128;
  for (let i = 1; i < 10; i++) {
    if (p + i >= end) {
      varintEnd = VARINT_TRUNCATED;
      return NaN;
    }
    c = b[p + i];
    if (c < 0x80) {
      if (i === 9 && c > 1) break;
      x += c * mul;
      varintEnd = p + i + 1;
      return x < TWO53 ? x : big(b, p, i + 1);
    }
    x += (c & 0x7f) * mul;
    mul *= 128;
  }
  varintEnd = VARINT_MALFORMED;
  return NaN;
}

/**
 * Hot-loop read: no bounds parameter. A value cut by the end of the buffer reads `undefined` and
 * comes out NaN (NaN compares false with everything: callers check `varintEnd <= end` and the value
 * once per record). Over-long values give NaN and VARINT_MALFORMED.
 */
export function uvarintHot(b: Uint8Array, p: number): number {
  let c = b[p];
  if (c < 0x80) {
    varintEnd = p + 1;
    return c;
  }
  let x = c & 0x7f;
  let mul = 128;
  for (let i = 1; i < 10; i++) {
    c = b[p + i];
    if (c < 0x80) {
      if (i === 9 && c > 1) break;
      x += c * mul;
      varintEnd = p + i + 1;
      return x < TWO53 ? x : big(b, p, i + 1);
    }
    if (c === undefined) {
      varintEnd = p + i + 1;
      return NaN;
    }
    x += (c & 0x7f) * mul;
    mul *= 128;
  }
  varintEnd = VARINT_MALFORMED;
  return NaN;
}

/** Exact 64-bit value of the varint at `p` (for addresses above 2^53); null when malformed. */
export function uvarintBig(b: Uint8Array, p: number, end: number): bigint | null {
  let v = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (p + i >= end) {
      varintEnd = VARINT_TRUNCATED;
      return null;
    }
    const c = b[p + i];
    v |= BigInt(c & 0x7f) << shift;
    if (c < 0x80) {
      if (i === 9 && c > 1) break;
      varintEnd = p + i + 1;
      return v;
    }
    shift += 7n;
  }
  varintEnd = VARINT_MALFORMED;
  return null;
}

/** A value of `n` bytes at `p` that is at least 2^53: −1 for 2^64−1, else the nearest double. */
function big(b: Uint8Array, p: number, n: number): number {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 7n) | BigInt(b[p + i] & 0x7f);
  return v === 0xffffffffffffffffn ? -1 : Number(v);
}

/** [value, next position] or null when malformed or cut (tests, table decoders). */
export function readUvarint(b: Uint8Array, p: number, end = b.length): [number, number] | null {
  const v = uvarint(b, p, end);
  return varintEnd < 0 ? null : [v, varintEnd];
}
