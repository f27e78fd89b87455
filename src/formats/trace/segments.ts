/**
 * Builds the goroutine segment table (model/trace.ts TraceSegments) during the parse.
 *
 * Segments arrive in event order, interleaved across goroutines; the model stores them per
 * goroutine (CSR). They are appended to fixed-size chunks (plain typed arrays: no widening copies,
 * no doubling slack, fast in V8's hot loops), with the goroutine row of each. `finish` knows the
 * count per goroutine, so it scatters the chunks in one pass into exact-size columns, each
 * segment to the next place of its goroutine's run, and drops each chunk once copied. Within a
 * goroutine event order is time order, so each goroutine's run is sorted.
 *
 * Reduced detail (`mergeBelowNs` > 0): a goroutine's latest segment that lasted less than that is
 * overwritten by the next one, which keeps its start (the short state is merged into the next).
 */
import type { TraceSegments } from '../../model/trace';

const SHIFT = 16;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;
const EMPTY_F64 = new Float64Array(0);
const EMPTY_I32 = new Int32Array(0);
const EMPTY_U32 = new Uint32Array(0);
const EMPTY_U8 = new Uint8Array(0);
const EMPTY_U16 = new Uint16Array(0);

export class SegmentBuilder {
  /** segments kept */
  count = 0;
  private rows: Int32Array[] = [];
  private starts: Float64Array[] = [];
  private states: Uint8Array[] = [];
  private reasons: Uint16Array[] = [];
  private stacks: Int32Array[] = [];
  private ctxs: Uint32Array[] = [];
  // the chunk being filled
  private cRow = new Int32Array(0);
  private cStart = new Float64Array(0);
  private cState = new Uint8Array(0);
  private cReason = new Uint16Array(0);
  private cStack = new Int32Array(0);
  private cCtx = new Uint32Array(0);
  private pos = CHUNK;

  /** per goroutine row: segments kept, and (reduced detail) the index of its latest one */
  perRow = new Int32Array(1024);
  private latest = new Int32Array(0);
  mergeBelowNs = 0;

  /** From now on merge segments shorter than `ns` into the next (reduced detail). */
  reduce(ns: number): void {
    if (this.mergeBelowNs > 0) return;
    this.mergeBelowNs = ns;
    // the latest segment of each row, from the rows column
    const n = Math.max(this.perRow.length, 1024);
    this.latest = new Int32Array(n).fill(-1);
    for (let i = 0; i < this.count; i++) this.latest[this.rows[i >>> SHIFT][i & MASK]] = i;
  }

  /** the next segment's start (a field, not an argument: no boxing of the double) */
  nextStart = 0;

  push(r: number, state: number, reason: number, stack: number, ctx: number): void {
    const start = this.nextStart;
    if (this.mergeBelowNs > 0 && this.merge(r, start, state, reason, stack, ctx)) return;
    if (this.pos === CHUNK) this.newChunk();
    const p = this.pos++;
    this.cRow[p] = r;
    this.cStart[p] = start;
    this.cState[p] = state;
    this.cReason[p] = reason;
    this.cStack[p] = stack;
    this.cCtx[p] = ctx;
    if (r >= this.perRow.length) this.growRows(r);
    this.perRow[r]++;
    if (this.mergeBelowNs > 0) this.latest[r] = this.count;
    this.count++;
  }

  /** Reduced detail: overwrite the row's latest segment when it was shorter than the threshold. */
  private merge(r: number, start: number, state: number, reason: number, stack: number, ctx: number): boolean {
    if (r >= this.latest.length) this.growRows(r);
    const i = this.latest[r];
    if (i < 0) return false;
    const c = i >>> SHIFT;
    const o = i & MASK;
    const st = this.starts[c];
    if (start - st[o] >= this.mergeBelowNs) return false;
    this.states[c][o] = state;
    this.reasons[c][o] = reason;
    this.stacks[c][o] = stack;
    this.ctxs[c][o] = ctx;
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

  private newChunk(): void {
    this.cRow = new Int32Array(CHUNK);
    this.cStart = new Float64Array(CHUNK);
    this.cState = new Uint8Array(CHUNK);
    this.cReason = new Uint16Array(CHUNK);
    this.cStack = new Int32Array(CHUNK);
    this.cCtx = new Uint32Array(CHUNK);
    this.rows.push(this.cRow);
    this.starts.push(this.cStart);
    this.states.push(this.cState);
    this.reasons.push(this.cReason);
    this.stacks.push(this.cStack);
    this.ctxs.push(this.cCtx);
    this.pos = 0;
  }

  /** The CSR table for `goroutines` rows; the builder is empty afterwards. */
  finish(goroutines: number, reasonIds: Int32Array, threads: Float64Array): TraceSegments {
    const n = this.count;
    const offset = new Int32Array(goroutines + 1);
    for (let r = 0; r < goroutines && r < this.perRow.length; r++) offset[r + 1] = offset[r] + this.perRow[r];
    // one pass: each segment goes to the next free place of its goroutine's run, all columns at
    // once; each chunk is let go as soon as it is copied
    const cursor = offset.slice(0, goroutines);
    const start = new Float64Array(n);
    const state = new Uint8Array(n);
    const stack = new Int32Array(n);
    const ctx = new Uint32Array(n);
    const wide = reasonIds.length > 256;
    const reason8 = wide ? new Uint8Array(0) : new Uint8Array(n);
    const reason16 = wide ? new Uint16Array(n) : new Uint16Array(0);
    for (let c = 0; c < this.rows.length; c++) {
      const rows = this.rows[c];
      const st = this.starts[c];
      const sa = this.states[c];
      const re = this.reasons[c];
      const sk = this.stacks[c];
      const cx = this.ctxs[c];
      const e = Math.min(CHUNK, n - c * CHUNK);
      if (wide)
        for (let j = 0; j < e; j++) {
          const d = cursor[rows[j]]++;
          start[d] = st[j];
          state[d] = sa[j];
          reason16[d] = re[j];
          stack[d] = sk[j];
          ctx[d] = cx[j];
        }
      else
        for (let j = 0; j < e; j++) {
          const d = cursor[rows[j]]++;
          start[d] = st[j];
          state[d] = sa[j];
          reason8[d] = re[j];
          stack[d] = sk[j];
          ctx[d] = cx[j];
        }
      this.rows[c] = EMPTY_I32;
      this.starts[c] = EMPTY_F64;
      this.states[c] = EMPTY_U8;
      this.reasons[c] = EMPTY_U16;
      this.stacks[c] = EMPTY_I32;
      this.ctxs[c] = EMPTY_U32;
    }
    const reason = wide ? reason16 : reason8;
    const merged = this.mergeBelowNs;
    this.rows = [];
    this.starts = [];
    this.states = [];
    this.reasons = [];
    this.stacks = [];
    this.ctxs = [];
    this.pos = CHUNK;
    this.count = 0;
    return { count: n, offset, start, state, reason, reasons: reasonIds, stack, ctx, threads, mergedBelowNs: merged };
  }
}
