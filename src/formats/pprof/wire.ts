/**
 * Protobuf wire-format reader for profile.proto (docs §4.1, §4.4).
 *
 * Numbers, not bigint, on the hot path: a varint is accumulated in a float64, exact up to 2^53.
 * Callers pick the reading that fits the field:
 *   - `uint()`   ids, string indices, counts, lengths: exact below 2^53 (ids above that are rejected
 *                by the caller, never silently merged);
 *   - `int64()`  signed int64 (two's complement, not zig-zag): a 10-byte varint (a negative value)
 *                goes through BigInt.asIntN(64) — rare, so the slow path costs nothing in practice;
 *   - `uint64Big()` addresses (`[vsyscall]` at 0xffffffffff600000 > 2^53): exact bigint, used only
 *                where the value is kept (unsymbolised locations).
 * Every error is a ParseError naming the byte offset (in the decompressed protobuf).
 */
import { ParseError } from '../types';

const POW2: number[] = [];
for (let i = 0; i <= 70; i++) POW2.push(2 ** i);

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

export class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  fail(msg: string, at = this.pos): never {
    throw new ParseError(`pprof: ${msg} at byte ${at}`);
  }

  /** Unsigned varint as a number (exact below 2^53). */
  uint(end: number): number {
    const b = this.buf;
    let p = this.pos;
    if (p >= end) this.fail('truncated varint', p);
    let c = b[p++];
    if (c < 0x80) {
      this.pos = p;
      return c;
    }
    const start = p - 1;
    let x = c & 0x7f;
    let shift = 7;
    for (;;) {
      if (p >= end) this.fail(`truncated varint (started at byte ${start})`, p);
      c = b[p++];
      x += (c & 0x7f) * POW2[shift];
      if (c < 0x80) break;
      shift += 7;
      if (shift > 63) this.fail('varint longer than 10 bytes', start);
    }
    this.pos = p;
    return x;
  }

  /** int64 field: two's complement varint. */
  int64(end: number): number {
    const start = this.pos;
    const x = this.uint(end);
    if (x < 9223372036854775808) return x;
    this.pos = start;
    return Number(BigInt.asIntN(64, this.uint64Big(end)));
  }

  /** Exact unsigned 64-bit varint. */
  uint64Big(end: number): bigint {
    const b = this.buf;
    let p = this.pos;
    const start = p;
    let x = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (p >= end) this.fail(`truncated varint (started at byte ${start})`, p);
      const c = b[p++];
      x |= BigInt(c & 0x7f) << shift;
      if (c < 0x80) {
        this.pos = p;
        return BigInt.asUintN(64, x);
      }
      shift += 7n;
    }
    this.fail('varint longer than 10 bytes', start);
  }

  /** A length prefix; returns the end of the payload (checked against `end`). */
  len(end: number, field: number): number {
    const at = this.pos;
    const n = this.uint(end);
    const e = this.pos + n;
    if (e > end) this.fail(`field ${field}: length ${n} runs past the end of its message (byte ${end})`, at);
    return e;
  }

  /** Skips one value of wire type `wt`; `keyAt` is where its key started (for messages). */
  skip(wt: number, end: number, field: number, keyAt: number): void {
    switch (wt) {
      case WIRE_VARINT:
        this.uint(end);
        return;
      case WIRE_I64:
        if (this.pos + 8 > end) this.fail(`field ${field}: fixed64 runs past the end of its message`, keyAt);
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.pos = this.len(end, field);
        return;
      case WIRE_I32:
        if (this.pos + 4 > end) this.fail(`field ${field}: fixed32 runs past the end of its message`, keyAt);
        this.pos += 4;
        return;
      default:
        this.fail(`invalid wire type ${wt} (field ${field})`, keyAt);
    }
  }
}
