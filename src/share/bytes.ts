/**
 * Byte-level writing and reading for the snapshot encoding: unsigned and zigzag varints (exact up
 * to 2^53), float64, UTF-8 strings. The reader checks every length against what is left and
 * throws SnapshotError, never a RangeError: a tampered input must not reach another exception.
 */
import { SnapshotError } from './errors';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export class ByteWriter {
  private buf = new Uint8Array(1 << 12);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }

  byte(v: number): void {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
  }

  /** Unsigned varint, 7 bits a byte (exact for integers below 2^53). */
  uint(v: number): void {
    if (!(v >= 0) || !Number.isSafeInteger(v)) throw new Error(`uint out of range: ${v}`);
    this.room(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  /** Signed integer as a zigzag varint. */
  int(v: number): void {
    this.uint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Length-prefixed UTF-8. */
  str(s: string): void {
    const b = enc.encode(s);
    this.uint(b.length);
    this.bytes(b);
  }

  /** A nested block, length-prefixed (sections, so a reader can skip what it does not know). */
  block(write: (w: ByteWriter) => void): void {
    const w = new ByteWriter();
    write(w);
    this.uint(w.length);
    this.bytes(w.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Bytes a zigzag varint of `v` takes (for choosing a column's coding). */
export function intSize(v: number): number {
  let u = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (u >= 0x80) {
    u = Math.floor(u / 0x80);
    n++;
  }
  return n;
}

export class ByteReader {
  pos = 0;
  private readonly view: DataView;

  constructor(
    readonly buf: Uint8Array,
    /** what this reader reads, for messages */
    readonly what = 'snapshot',
    /** values all readers of one snapshot may still decode: runs and constants are cheap to write, so a tampered count must not allocate gigabytes */
    readonly budget = { values: 64 * buf.length + (1 << 20) },
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Takes `n` values from the budget. */
  spend(n: number, what: string): void {
    this.budget.values -= n;
    if (this.budget.values < 0) throw new SnapshotError('too-large', `${this.what}: ${what} would decode to more values than a snapshot of this size can hold`);
  }

  get left(): number {
    return this.buf.length - this.pos;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  private need(n: number): void {
    if (n > this.buf.length - this.pos) throw new SnapshotError('corrupt', `${this.what} ends inside a value (byte ${this.pos} of ${this.buf.length})`);
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  uint(): number {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      this.need(1);
      const c = this.buf[this.pos++];
      v += (c & 0x7f) * mul;
      if (c < 0x80) {
        if (!Number.isSafeInteger(v)) break;
        return v;
      }
      mul *= 0x80;
    }
    throw new SnapshotError('corrupt', `${this.what}: a number is too long at byte ${this.pos}`);
  }

  int(): number {
    const u = this.uint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** An unsigned varint that must be below `limit` (a count or an index). */
  uintBelow(limit: number, what: string): number {
    const v = this.uint();
    if (v >= limit) throw new SnapshotError('corrupt', `${this.what}: ${what} ${v} is out of range (limit ${limit})`);
    return v;
  }

  /** A count of items that each take at least `minBytes` bytes: never more than what is left allows. */
  count(what: string, minBytes = 1): number {
    const n = this.uint();
    if (minBytes > 0 && n > this.left / minBytes) throw new SnapshotError('corrupt', `${this.what}: ${n} ${what} cannot fit in the ${this.left} bytes left`);
    return n;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  str(): string {
    const n = this.uint();
    const b = this.bytes(n);
    try {
      return dec.decode(b);
    } catch {
      throw new SnapshotError('corrupt', `${this.what}: a string is not valid UTF-8`);
    }
  }

  /** The next length-prefixed block as its own reader. */
  block(what: string): ByteReader {
    const n = this.uint();
    return new ByteReader(this.bytes(n), what, this.budget);
  }
}
