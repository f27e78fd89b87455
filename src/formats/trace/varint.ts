/**
 * Unsigned LEB128 varints as JavaScript numbers (docs/go-execution-trace-format.md §2.1).
 * Exact below 2^53; 2^64−1 ("none": NoThread, NoProc) decodes to −1; other values ≥ 2^53 are
 * approximate (they do not occur in runtime-written traces). At most 10 bytes.
 *
 * `uv(buf, pos)` returns the value and leaves the position after it in `vpos` (a module
 * variable, so the hot loop allocates nothing). On a malformed or cut varint it returns NaN and
 * sets `vpos` to −1; callers check `vpos < 0` (or the end bound) once per event.
 */

export let vpos = 0;

const TWO53 = 2 ** 53;

export function uv(b: Uint8Array, p: number): number {
  let c = b[p];
  if (c < 0x80) {
    vpos = p + 1;
    return c;
  }
  let x = c & 0x7f;
  let mul = 128;
  for (let i = 1; i < 10; i++) {
    c = b[p + i];
    if (c === undefined) break;
    if (c < 0x80) {
      if (i === 9 && c > 1) break; // overflows 64 bits
      x += c * mul;
      vpos = p + i + 1;
      if (x >= TWO53) return bigValue(b, p, i + 1);
      return x;
    }
    x += (c & 0x7f) * mul;
    mul *= 128;
  }
  vpos = -1;
  return NaN;
}

/** Exact decode of a long varint: 2^64−1 → −1, otherwise the nearest double. */
function bigValue(b: Uint8Array, p: number, n: number): number {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 7n) | BigInt(b[p + i] & 0x7f);
  if (v === 0xffffffffffffffffn) return -1;
  return Number(v);
}

/** For tests and the few callers that need both: [value, next position] or null if malformed. */
export function readUvarint(b: Uint8Array, p: number): [number, number] | null {
  const v = uv(b, p);
  if (vpos < 0) return null;
  return [v, vpos];
}
