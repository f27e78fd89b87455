/**
 * Builds the goroutine segment table (model/trace.ts TraceSegments) during the parse.
 *
 * Segments arrive in event order, interleaved across goroutines; the model stores them per
 * goroutine (CSR). They are appended to contiguous columns with the goroutine row of each, sized
 * from the input's size up front (busy traces keep at most ~0.3 segments per file byte; untouched
 * capacity is address space, not memory) and grown by half when that was not enough. `finish`
 * knows the count per goroutine: it turns the rows column into each segment's place in its
 * goroutine's run and moves the segments there in place, cycle by cycle, so the table needs no
 * second copy of the segments (that copy was the peak of a busy trace's parse). Within a goroutine
 * event order is time order, so each goroutine's run is sorted.
 *
 * Reduced detail (`mergeBelowNs` > 0): a goroutine's latest segment that lasted less than that is
 * overwritten by the next one, which keeps its start (the short state is merged into the next).
 */
import type { TraceSegments } from '../../model/trace';

/** segments per input byte the columns are first sized for (v1 traces: ~0.3, v2: ~0.11) */
const PER_BYTE = 0.32;
const MIN_CAPACITY = 1 << 16;

export class SegmentBuilder {
  /** segments kept */
  count = 0;
  private cap = 0;
  private row = new Int32Array(0);
  private start = new Float64Array(0);
  private state = new Uint8Array(0);
  /** reason codes: one byte each until a code above 255 is pushed */
  private reason: Uint8Array | Uint16Array = new Uint8Array(0);
  private stack = new Int32Array(0);
  private ctx = new Uint32Array(0);

  /** per goroutine row: segments kept, and (reduced detail) the index of its latest one */
  perRow = new Int32Array(1024);
  private latest = new Int32Array(0);
  mergeBelowNs = 0;

  /** `inputBytes`: the input's size, which the columns are first sized from; `max`: never more than this many segments */
  constructor(inputBytes = 0, max = Infinity) {
    this.alloc(Math.max(MIN_CAPACITY, Math.min(max, Math.ceil(inputBytes * PER_BYTE))));
  }

  /** From now on merge segments shorter than `ns` into the next (reduced detail). */
  reduce(ns: number): void {
    if (this.mergeBelowNs > 0) return;
    this.mergeBelowNs = ns;
    // the latest segment of each row, from the rows column
    const n = Math.max(this.perRow.length, 1024);
    this.latest = new Int32Array(n).fill(-1);
    for (let i = 0; i < this.count; i++) this.latest[this.row[i]] = i;
  }

  /** the next segment's start (a field, not an argument: no boxing of the double) */
  nextStart = 0;

  push(r: number, state: number, reason: number, stack: number, ctx: number): void {
    const start = this.nextStart;
    if (this.mergeBelowNs > 0 && this.merge(r, start, state, reason, stack, ctx)) return;
    const p = this.count;
    if (p === this.cap) this.alloc(this.cap + (this.cap >> 1));
    if (reason > 255 && this.reason instanceof Uint8Array) this.reason = Uint16Array.from(this.reason);
    this.row[p] = r;
    this.start[p] = start;
    this.state[p] = state;
    this.reason[p] = reason;
    this.stack[p] = stack;
    this.ctx[p] = ctx;
    if (r >= this.perRow.length) this.growRows(r);
    this.perRow[r]++;
    if (this.mergeBelowNs > 0) this.latest[r] = p;
    this.count++;
  }

  /** Reduced detail: overwrite the row's latest segment when it was shorter than the threshold. */
  private merge(r: number, start: number, state: number, reason: number, stack: number, ctx: number): boolean {
    if (r >= this.latest.length) this.growRows(r);
    const i = this.latest[r];
    if (i < 0) return false;
    if (start - this.start[i] >= this.mergeBelowNs) return false;
    if (reason > 255 && this.reason instanceof Uint8Array) this.reason = Uint16Array.from(this.reason);
    this.state[i] = state;
    this.reason[i] = reason;
    this.stack[i] = stack;
    this.ctx[i] = ctx;
    return true;
  }

  private growRows(r: number): void {
    let n = Math.max(1024, this.perRow.length);
    while (n <= r) n *= 2;
    const p = new Int32Array(n);
    p.set(this.perRow);
    this.perRow = p;
    if (this.mergeBelowNs > 0) {
      const l = new Int32Array(n).fill(-1);
      l.set(this.latest);
      this.latest = l;
    }
  }

  /** Columns for `cap` segments, the ones kept so far copied over. */
  private alloc(cap: number): void {
    const n = this.count;
    const grow = <T extends Int32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array>(a: T, b: T): T => {
      if (n > 0) b.set(a.subarray(0, n));
      return b;
    };
    this.row = grow(this.row, new Int32Array(cap));
    this.start = grow(this.start, new Float64Array(cap));
    this.state = grow(this.state, new Uint8Array(cap));
    this.reason = this.reason instanceof Uint16Array ? grow(this.reason, new Uint16Array(cap)) : grow(this.reason, new Uint8Array(cap));
    this.stack = grow(this.stack, new Int32Array(cap));
    this.ctx = grow(this.ctx, new Uint32Array(cap));
    this.cap = cap;
  }

  /**
   * The CSR table for `goroutines` rows; the builder is empty afterwards. Each column is scattered
   * to its goroutine-major order into memory the columns before it have given up: the starts into a
   * new array, the stacks and contexts into the old starts' buffer, the states and reasons into the
   * old stacks' one, each within the bytes the parse has already written (capacity never used stays
   * untouched). So the parse's peak is the builder's columns plus one column (31 bytes a segment,
   * not 41 as with a second copy of every column).
   */
  finish(goroutines: number, reasonIds: Int32Array, threads: Float64Array): TraceSegments {
    const n = this.count;
    const offset = new Int32Array(goroutines + 1);
    for (let r = 0; r < goroutines && r < this.perRow.length; r++) offset[r + 1] = offset[r] + this.perRow[r];
    // each segment's place: the next free one of its goroutine's run (the rows column becomes that)
    const dest = this.row;
    const cursor = offset.slice(0, goroutines);
    for (let i = 0; i < n; i++) dest[i] = cursor[dest[i]]++;
    const start = new Float64Array(n);
    scatterF64(dest, n, this.start, start);
    const freed8 = this.start.buffer;
    const stack = new Int32Array(freed8, 0, n);
    const ctx = new Uint32Array(freed8, 4 * n, n);
    scatterI32(dest, n, this.stack, stack);
    scatterU32(dest, n, this.ctx, ctx);
    const freed4 = this.stack.buffer;
    const state = new Uint8Array(freed4, 0, n);
    scatterU8(dest, n, this.state, state);
    const wide = reasonIds.length > 256 || this.reason instanceof Uint16Array;
    let reason: Uint8Array | Uint16Array;
    if (!wide) scatterU8(dest, n, this.reason as Uint8Array, (reason = new Uint8Array(freed4, n, n)));
    else {
      reason = new Uint16Array(freed4, 2 * n, n);
      if (this.reason instanceof Uint16Array) scatterU16(dest, n, this.reason, reason);
      else for (let i = 0; i < n; i++) reason[dest[i]] = this.reason[i];
    }
    const merged = this.mergeBelowNs;
    this.cap = 0;
    this.count = 0;
    this.row = new Int32Array(0);
    this.start = new Float64Array(0);
    this.state = new Uint8Array(0);
    this.reason = new Uint8Array(0);
    this.stack = new Int32Array(0);
    this.ctx = new Uint32Array(0);
    return { count: n, offset, start, state, reason, reasons: reasonIds, stack, ctx, threads, mergedBelowNs: merged };
  }
}

// One scatter per element type (each stays monomorphic in the JIT): out[dest[i]] = from[i].
function scatterF64(dest: Int32Array, n: number, from: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) out[dest[i]] = from[i];
}
function scatterI32(dest: Int32Array, n: number, from: Int32Array, out: Int32Array): void {
  for (let i = 0; i < n; i++) out[dest[i]] = from[i];
}
function scatterU32(dest: Int32Array, n: number, from: Uint32Array, out: Uint32Array): void {
  for (let i = 0; i < n; i++) out[dest[i]] = from[i];
}
function scatterU8(dest: Int32Array, n: number, from: Uint8Array, out: Uint8Array): void {
  for (let i = 0; i < n; i++) out[dest[i]] = from[i];
}
function scatterU16(dest: Int32Array, n: number, from: Uint16Array, out: Uint16Array): void {
  for (let i = 0; i < n; i++) out[dest[i]] = from[i];
}
