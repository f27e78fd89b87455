/**
 * Protobuf wire-format reader for profile.proto (docs §4.1, §4.4).
 *
 * Numbers, not bigint, on the hot path: varints come from the shared decoder (../varint.ts), exact up to 2^53.
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
import { VARINT_MALFORMED, uvarint, uvarintBig, varintEnd } from '../varint';

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

  /** Unsigned varint as a number (exact below 2^53; larger values, 2^64−1 included, come out ≥ 2^53). */
  uint(end: number): number {
    const p = this.pos;
    const x = uvarint(this.buf, p, end);
    const e = varintEnd;
    if (e < 0) {
      if (e === VARINT_MALFORMED) this.fail('varint longer than 10 bytes', p);
      if (p >= end) this.fail('truncated varint', p);
      this.fail(`truncated varint (started at byte ${p})`, end);
    }
    this.pos = e;
    return x === -1 ? 2 ** 64 : x; // the shared decoder's "none" (2^64−1) is a plain large value here
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
    const start = this.pos;
    const v = uvarintBig(this.buf, start, end);
    if (v === null) this.fail(varintEnd === VARINT_MALFORMED ? 'varint longer than 10 bytes' : `truncated varint (started at byte ${start})`, varintEnd === VARINT_MALFORMED ? start : end);
    this.pos = varintEnd;
    return BigInt.asUintN(64, v);
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
