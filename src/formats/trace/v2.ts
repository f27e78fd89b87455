/**
 * Reader for the Go 1.22+ trace format ("v2": headers go 1.22, 1.23, 1.25, 1.26).
 *
 * Bytes are pushed in any slicing (`push`); batches are cut out as soon as they are complete
 * and copied into one buffer per generation, so memory holds one generation at a time. When a
 * generation is complete (0x34 in 1.26, the first batch of the next generation before, or the
 * end of the file) its tables are decoded and its per-thread event streams are merged with the
 * ordering rules of Go 1.27's reader (internal/trace/order.go; the spec's §4): the earliest
 * ready event first, sequence numbers and state checks deciding readiness. Every event Go's
 * reader would yield is handed to the TraceSink.
 */
import type { ModelBuilder } from '../../model/model';
import { GoState, ProcState } from '../../model/trace';
import { ParseError } from '../types';
import { ARG_COUNT, Ev, GSTATUS_TO_STATE, GoStatus, MAX_BATCH_SIZE, MAX_FRAMES, MAX_STRING_SIZE, PSTATUS_TO_STATE, ProcStatus, STACK_ARGS, STRING_ARGS, evName } from './spec';
import type { TraceSink } from './sink';

/** A problem inside one generation: the generation (or the rest of it) is lost. */
export class GenError extends Error {}

const NONE = -1;
const MAX_TABLE_ID = 1 << 24;

interface MState {
  g: number; // goroutine row or −1
  p: number; // P id or −1
}

interface PState {
  status: number; // wire ProcStatus
  seqGen: number;
  seq: number;
  ranges: number[];
}

class Cursor {
  m: number;
  ms: MState | null;
  /** [dataOff, len, tsTicks] triples into the generation buffer */
  batches: number[] = [];
  bi = 0;
  off = 0;
  end = 0;
  lastTs = 0;
  fresh = true;
  // current event
  typ = 0;
  time = 0;
  a0 = 0;
  a1 = 0;
  a2 = 0;
  a3 = 0;
  a4 = 0;
  evOff = 0;
  constructor(m: number, ms: MState | null) {
    this.m = m;
    this.ms = ms;
  }
}

const enum BK {
  Events,
  Strings,
  Stacks,
  CPU,
  Sync,
  Exp,
}

export interface V2Result {
  generations: number;
  dropped: number;
  incomplete: boolean;
  wallStartUnixNs: number | null;
}

export class V2Reader {
  private readonly sink: TraceSink;
  private readonly b: ModelBuilder;
  private readonly ver: number;
  private readonly warn: (msg: string) => void;

  // streaming input
  private buf: Uint8Array = new Uint8Array(0);
  private len = 0;
  private owned = false;
  private pos = 0;
  /** file offset of buf[0] */
  private base = 16;
  private stopped = false;

  // current generation
  private gen = 0;
  private genStartOff = 16;
  private data = new Uint8Array(1 << 16);
  private dataLen = 0;
  private minTs = 0;
  private cursorsByM = new Map<number, Cursor>();
  private cursorList: Cursor[] = [];
  private stringBatches: number[] = [];
  private stackBatches: number[] = [];
  private cpuBatches: number[] = [];
  private syncBatches: number[] = [];
  private hasEventBatch = false;
  private batchCount = 0;

  // generation tables
  private freqMul = 0;
  private hasFreq = false;
  private hasClock = false;
  private clockTs = 0;
  private clockWallNs = 0;
  private strs: (string | undefined)[] = [];
  private strGlobal: Int32Array = new Int32Array(0);
  /** stack id → offset into stackFrames (−1 absent); frames as func, file, line triples */
  private stackOff: Int32Array = new Int32Array(0);
  private stackLen: Int32Array = new Int32Array(0);
  private stackGlobal: Int32Array = new Int32Array(0);
  private stackFrames: number[] = [];
  private frameIds: number[] = [];

  // ordering state (persists across generations)
  private initialGen = 0;
  private readonly mStates = new Map<number, MState>();
  private readonly pStates = new Map<number, PState>();
  private gcSeq = 0;
  private gcState = 0; // 0 undetermined, 1 not running, 2 running
  private readonly activeTasks = new Map<number, { name: number; parent: number }>();
  private readonly gRanges = new Map<number, number[]>();
  private readonly gRegions = new Map<number, number[]>();

  // results
  generations = 0;
  dropped = 0;
  incomplete = false;
  wallStartUnixNs: number | null = null;
  /** the first problem reported (a format error, truncation, a broken generation) */
  firstProblem: string | null = null;

  constructor(b: ModelBuilder, sink: TraceSink, version: number, warn: (msg: string) => void) {
    this.b = b;
    this.sink = sink;
    this.ver = version;
    this.warn = warn;
  }

  // ---- byte input --------------------------------------------------------------------------

  /** Feed the bytes after the 16-byte header. Any slicing works; the pending bytes of an incomplete batch are kept in a growable buffer. */
  push(chunk: Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    if (this.pos >= this.len) {
      this.base += this.len;
      this.buf = chunk; // zero-copy: batches are copied out of it
      this.len = chunk.length;
      this.pos = 0;
      this.owned = false;
    } else if (this.owned && this.buf.length - this.len >= chunk.length) {
      this.buf.set(chunk, this.len);
      this.len += chunk.length;
    } else {
      const rest = this.len - this.pos;
      const nb = new Uint8Array(Math.max(1 << 17, 2 * (rest + chunk.length)));
      nb.set(this.buf.subarray(this.pos, this.len), 0);
      nb.set(chunk, rest);
      this.base += this.pos;
      this.buf = nb;
      this.len = rest + chunk.length;
      this.pos = 0;
      this.owned = true;
    }
    this.scan(false);
  }

  /** End of input. */
  end(): V2Result {
    if (!this.stopped) {
      this.scan(true);
      if (!this.stopped) this.finishAtEof();
    }
    this.sink.sync(this.sink.lastTs, true);
    return { generations: this.generations, dropped: this.dropped, incomplete: this.incomplete, wallStartUnixNs: this.wallStartUnixNs };
  }

  private finishAtEof(): void {
    if (this.ver >= 26) {
      if (this.batchCount > 0 && this.hasEventBatch) {
        this.lose(`the trace ends inside generation ${this.gen} (no end-of-generation marker after byte ${this.genStartOff}): the file is truncated; generation ${this.gen} was dropped`);
      }
      return;
    }
    if (this.batchCount > 0) this.processGeneration();
  }

  private lose(msg: string): void {
    this.firstProblem ??= msg;
    this.incomplete = true;
    this.dropped++;
    this.warn(msg);
  }

  private problem(msg: string): void {
    this.firstProblem ??= msg;
    this.warn(msg);
  }

  /** Cut complete batches out of the buffer. */
  private scan(eof: boolean): void {
    const buf = this.buf.length === this.len ? this.buf : this.buf.subarray(0, this.len);
    let p = this.pos;
    while (p < buf.length && !this.stopped) {
      const start = p;
      const off = this.base + start;
      const t = buf[p];
      if (t === Ev.EndOfGeneration) {
        p++;
        this.pos = p;
        if (this.ver < 26 || this.gen === 0) {
          this.stop(`unexpected end-of-generation byte at byte ${off}${this.ver < 26 ? ` (format go 1.${this.ver} has none)` : ''}`);
          return;
        }
        this.processGeneration();
        continue;
      }
      if (t !== Ev.EventBatch && t !== Ev.ExperimentalBatch) {
        this.stop(`expected a batch at byte ${off}, found byte 0x${t.toString(16).padStart(2, '0')}: the trace is corrupt`);
        return;
      }
      p++;
      let exp = 0;
      if (t === Ev.ExperimentalBatch) {
        if (p >= buf.length) {
          p = start;
          break;
        }
        exp = buf[p++];
      }
      const h = this.header(buf, p);
      if (h === null) {
        if (p + 40 <= buf.length) {
          this.stop(`malformed batch header at byte ${off}`);
          return;
        }
        p = start;
        break; // need more bytes
      }
      const [gen, m, ts, size, dataStart] = h;
      if (size > MAX_BATCH_SIZE) {
        this.stop(`invalid batch size ${size} at byte ${off} (maximum is ${MAX_BATCH_SIZE})`);
        return;
      }
      if (dataStart + size > buf.length) {
        p = start;
        break; // need more bytes
      }
      p = dataStart + size;
      this.pos = p;
      if (gen === 0) {
        this.stop(`invalid generation number 0 in the batch at byte ${off}`);
        return;
      }
      if (this.gen === 0) {
        this.gen = gen;
        this.genStartOff = off;
      } else if (gen !== this.gen) {
        if (this.ver < 26 && gen === this.gen + 1) {
          this.processGeneration();
          if (this.stopped) return;
          this.gen = gen;
          this.genStartOff = off;
        } else {
          this.stop(
            this.ver >= 26
              ? `batch of generation ${gen} at byte ${off} inside generation ${this.gen}: missing end-of-generation marker, or interleaved generations`
              : `generations out of order at byte ${off} (generation ${gen} after ${this.gen})`,
          );
          return;
        }
      }
      this.addBatch(buf, dataStart, size, m, ts, exp);
    }
    this.pos = p;
    if (eof && this.pos < buf.length && !this.stopped) {
      const off = this.base + this.pos;
      const msg = `the file ends inside the batch at byte ${off} (${buf.length - this.pos} bytes left): the trace is truncated`;
      if (this.batchCount > 0) this.lose(`${msg}; generation ${this.gen} was dropped`);
      else {
        this.incomplete = true;
        this.problem(msg);
      }
      this.stopped = true;
    }
  }

  /** A fatal format error in the byte stream: keep complete generations, drop the current. */
  private stop(msg: string): void {
    this.stopped = true;
    if (this.batchCount > 0 && this.ver < 26 && this.gen !== 0) {
      // Go processes the generation read so far before reporting a read error (spill semantics)
      this.processGeneration();
      this.incomplete = true;
      this.problem(`${msg}; the rest of the trace was not read`);
      return;
    }
    if (this.batchCount > 0) this.lose(`${msg}; generation ${this.gen} was dropped and the rest of the trace was not read`);
    else {
      this.incomplete = true;
      this.problem(`${msg}; the rest of the trace was not read`);
    }
  }

  private header(buf: Uint8Array, p: number): [number, number, number, number, number] | null {
    const r: number[] = [];
    for (let i = 0; i < 4; i++) {
      let x = 0;
      let mul = 1;
      let j = 0;
      let ok = false;
      for (; j < 10; j++) {
        const c = buf[p + j];
        if (c === undefined) return null;
        x += (c & 0x7f) * mul;
        mul *= 128;
        if (c < 0x80) {
          ok = true;
          break;
        }
      }
      if (!ok) return null;
      if (x >= 2 ** 63) x = -1; // 2^64−1: no thread
      r.push(x);
      p += j + 1;
    }
    return [r[0], r[1], r[2], r[3], p];
  }

  private addBatch(src: Uint8Array, start: number, size: number, m: number, ts: number, exp: number): void {
    this.batchCount++;
    if (this.minTs === 0 || ts < this.minTs) this.minTs = ts;
    // copy the data into the generation buffer
    if (this.dataLen + size > this.data.length) {
      let cap = this.data.length * 2;
      while (cap < this.dataLen + size) cap *= 2;
      const nd = new Uint8Array(cap);
      nd.set(this.data.subarray(0, this.dataLen));
      this.data = nd;
    }
    const off = this.dataLen;
    this.data.set(src.subarray(start, start + size), off);
    this.dataLen += size;
    if (exp !== 0) return; // experimental batches (AllocFree): opaque, not needed here
    const kind = size === 0 ? BK.Events : this.kindOf(src[start]);
    switch (kind) {
      case BK.Strings:
        this.stringBatches.push(off, size);
        return;
      case BK.Stacks:
        this.stackBatches.push(off, size);
        return;
      case BK.CPU:
        this.cpuBatches.push(off, size);
        return;
      case BK.Sync:
        this.syncBatches.push(off, size, ts);
        return;
      default: {
        this.hasEventBatch = true;
        let c = this.cursorsByM.get(m);
        if (!c) {
          c = new Cursor(m, null);
          this.cursorsByM.set(m, c);
          this.cursorList.push(c);
        }
        c.batches.push(off, size, ts);
      }
    }
  }

  private kindOf(b0: number): BK {
    switch (b0) {
      case Ev.Strings:
        return BK.Strings;
      case Ev.Stacks:
        return BK.Stacks;
      case Ev.CPUSamples:
        return BK.CPU;
      case Ev.Frequency:
        return this.ver < 25 ? BK.Sync : BK.Events;
      case Ev.Sync:
        return this.ver >= 25 ? BK.Sync : BK.Events;
      default:
        return BK.Events;
    }
  }

  // ---- generation processing ---------------------------------------------------------------

  private resetGeneration(): void {
    this.gen = 0;
    this.dataLen = 0;
    this.minTs = 0;
    this.cursorsByM = new Map();
    this.cursorList = [];
    this.stringBatches = [];
    this.stackBatches = [];
    this.cpuBatches = [];
    this.syncBatches = [];
    this.hasEventBatch = false;
    this.batchCount = 0;
    this.strs = [];
    this.stackFrames = [];
    this.hasFreq = false;
    this.hasClock = false;
  }

  private processGeneration(): void {
    const gen = this.gen;
    const at = this.genStartOff;
    let tablesOk = false;
    try {
      this.loadTables();
      tablesOk = true;
      this.generations++;
      this.merge(gen);
    } catch (e) {
      if (!(e instanceof GenError)) throw e;
      this.stopped = true;
      this.incomplete = true;
      if (!tablesOk) {
        this.dropped++;
        this.problem(`generation ${gen} (starting at byte ${at}) is unusable: ${e.message}; it and the rest of the trace were dropped`);
      } else {
        this.problem(`broken trace in generation ${gen} (starting at byte ${at}): ${e.message}; events from there on are lost`);
      }
    }
    this.resetGeneration();
  }

  private loadTables(): void {
    const d = this.data;
    // sync
    for (let i = 0; i < this.syncBatches.length; i += 3) {
      let p = this.syncBatches[i];
      const end = p + this.syncBatches[i + 1];
      let last = this.syncBatches[i + 2];
      if (this.ver >= 25) p++; // EvSync
      while (p < end) {
        const t = d[p++];
        if (t === Ev.Frequency) {
          if (this.hasFreq) throw new GenError('found multiple frequency events');
          const [f, np] = this.uvx(d, p, end);
          p = np;
          if (!(f > 0)) throw new GenError(`invalid frequency ${f}`);
          this.freqMul = 1.0 / (f / 1e9);
          this.hasFreq = true;
        } else if (t === Ev.ClockSnapshot && this.ver >= 25) {
          if (this.hasClock) throw new GenError('found multiple clock snapshot events');
          this.hasClock = true;
          const [dt, p1] = this.uvx(d, p, end);
          const [, p2] = this.uvx(d, p1, end);
          const [sec, p3] = this.uvx(d, p2, end);
          const [nsec, p4] = this.uvx(d, p3, end);
          p = p4;
          last += dt;
          this.clockTs = last;
          this.clockWallNs = sec * 1e9 + nsec;
        } else throw new GenError(`expected frequency or clock snapshot event, got ${t}`);
      }
    }
    if (!this.hasFreq) throw new GenError('no frequency event found');
    if (this.ver >= 25 && !this.hasClock) throw new GenError('no clock snapshot event found');
    if (this.wallStartUnixNs === null && this.hasClock) {
      const genStartNs = this.mul(this.minTs);
      this.wallStartUnixNs = this.clockWallNs - (this.mul(this.clockTs) - genStartNs);
    }

    // strings
    const strs: (string | undefined)[] = [];
    let maxStr = 0;
    const dec = new TextDecoder('utf-8', { fatal: false });
    for (let i = 0; i < this.stringBatches.length; i += 2) {
      let p = this.stringBatches[i] + 1;
      const end = this.stringBatches[i] + this.stringBatches[i + 1];
      while (p < end) {
        if (d[p++] !== Ev.String) throw new GenError(`expected string event, got ${d[p - 1]}`);
        const [id, p1] = this.uvx(d, p, end);
        const [len, p2] = this.uvx(d, p1, end);
        if (len > MAX_STRING_SIZE) throw new GenError(`invalid string size ${len}, maximum is ${MAX_STRING_SIZE}`);
        if (p2 + len > end) throw new GenError(`failed to read full string: wanted ${len} bytes`);
        if (id >= MAX_TABLE_ID || id < 0) throw new GenError(`string id ${id} too large`);
        if (strs[id] !== undefined) throw new GenError(`duplicate string id ${id}`);
        strs[id] = dec.decode(d.subarray(p2, p2 + len));
        if (id > maxStr) maxStr = id;
        p = p2 + len;
      }
    }
    this.strs = strs;
    this.strGlobal = new Int32Array(maxStr + 1).fill(-1);
    this.strGlobal[0] = 0;

    // stacks
    let maxStk = 0;
    const frames: number[] = [];
    const offs: number[] = [];
    const lens: number[] = [];
    for (let i = 0; i < this.stackBatches.length; i += 2) {
      let p = this.stackBatches[i] + 1;
      const end = this.stackBatches[i] + this.stackBatches[i + 1];
      while (p < end) {
        if (d[p++] !== Ev.Stack) throw new GenError(`expected stack event, got ${d[p - 1]}`);
        const [id, p1] = this.uvx(d, p, end);
        const [n, p2] = this.uvx(d, p1, end);
        if (n > MAX_FRAMES) throw new GenError(`invalid stack size ${n}, maximum is ${MAX_FRAMES}`);
        if (id >= MAX_TABLE_ID || id < 0) throw new GenError(`stack id ${id} too large`);
        if (offs[id] !== undefined) throw new GenError(`duplicate stack id ${id}`);
        p = p2;
        offs[id] = frames.length;
        lens[id] = n;
        for (let k = 0; k < n; k++) {
          const [, q1] = this.uvx(d, p, end); // pc
          const [fn, q2] = this.uvx(d, q1, end);
          const [file, q3] = this.uvx(d, q2, end);
          const [line, q4] = this.uvx(d, q3, end);
          p = q4;
          if (strs[fn] === undefined && fn !== 0) throw new GenError(`found invalid func string ID ${fn} for stack ${id}`);
          if (strs[file] === undefined && file !== 0) throw new GenError(`found invalid file string ID ${file} for stack ${id}`);
          frames.push(fn, file, line);
        }
        if (id > maxStk) maxStk = id;
      }
    }
    this.stackFrames = frames;
    this.stackOff = new Int32Array(maxStk + 1).fill(-1);
    this.stackLen = new Int32Array(maxStk + 1);
    for (let id = 0; id <= maxStk; id++) {
      if (offs[id] !== undefined) {
        this.stackOff[id] = offs[id];
        this.stackLen[id] = lens[id];
      }
    }
    this.stackGlobal = new Int32Array(maxStk + 1).fill(-2);
  }

  /** Checked varint read for tables: [value, next]. */
  private uvx(d: Uint8Array, p: number, end: number): [number, number] {
    let x = 0;
    let mul = 1;
    for (let j = 0; j < 10; j++) {
      if (p + j >= end) throw new GenError('truncated varint');
      const c = d[p + j];
      x += (c & 0x7f) * mul;
      mul *= 128;
      if (c < 0x80) {
        if (x >= 2 ** 63) x = -1;
        return [x, p + j + 1];
      }
    }
    throw new GenError('malformed varint');
  }

  private mul(ticks: number): number {
    return Math.trunc(ticks * this.freqMul);
  }

  /** Model string id of per-generation string `id`. */
  private str(id: number): number {
    const g = id < this.strGlobal.length ? this.strGlobal[id] : -1;
    if (g >= 0) return g;
    const s = this.strs[id];
    if (s === undefined) throw new GenError(`found invalid string ID ${id}`);
    return (this.strGlobal[id] = this.b.intern(s));
  }

  /** Model stack id of per-generation stack `id` (0 → −1). */
  private stk(id: number): number {
    if (id === 0) return -1;
    const g = id < this.stackGlobal.length ? this.stackGlobal[id] : -3;
    if (g !== -2) {
      if (g === -3 || this.stackOff[id] < 0) throw new GenError(`found invalid stack ID ${id}`);
      return g;
    }
    if (this.stackOff[id] < 0) throw new GenError(`found invalid stack ID ${id}`);
    const off = this.stackOff[id];
    const n = this.stackLen[id];
    const ids = this.frameIds;
    ids.length = n;
    const f = this.stackFrames;
    for (let k = 0; k < n; k++) {
      const o = off + 3 * k;
      ids[k] = this.b.frame(this.strs[f[o]] ?? '', this.strs[f[o + 1]] ?? '', f[o + 2]);
    }
    return (this.stackGlobal[id] = this.b.stackFromLeafFirst(ids, n));
  }

  // ---- the merge ---------------------------------------------------------------------------

  private merge(gen: number): void {
    const sink = this.sink;
    // CPU samples
    const cpu = this.cpuSamples();
    let ci = 0;
    // frontier
    const heap: Cursor[] = [];
    for (const c of this.cursorList) {
      if (c.m !== NONE) {
        let ms = this.mStates.get(c.m);
        if (!ms) {
          ms = { g: -1, p: -1 };
          this.mStates.set(c.m, ms);
        }
        c.ms = ms;
      }
      c.bi = -1;
      c.off = 0;
      c.end = 0;
      if (this.next(c)) heapInsert(heap, c);
    }
    sink.sync(this.mul(this.minTs));
    for (;;) {
      if (ci < cpu.length && (heap.length === 0 || cpu[ci] < heap[0].time)) {
        sink.cpuSample(cpu[ci++]);
        continue;
      }
      if (heap.length === 0) break;
      if (this.advance(heap[0], gen)) {
        if (this.next(heap[0])) heapUpdate(heap, 0);
        else heapRemove(heap, 0);
        continue;
      }
      heap.sort((a, b) => a.time - b.time);
      let ok = false;
      for (let i = 1; i < heap.length; i++) {
        if (this.advance(heap[i], gen)) {
          if (this.next(heap[i])) heapUpdate(heap, i);
          else heapRemove(heap, i);
          ok = true;
          break;
        }
      }
      if (!ok) {
        const c = heap[0];
        throw new GenError(`no event can be ordered next (failed to advance; first waiting: ${evName(c.typ)} on thread ${c.m} at byte ${this.batchFileOff(c)})`);
      }
    }
  }

  private batchFileOff(c: Cursor): string {
    return `offset ${c.evOff} of the generation's data`;
  }

  /** Decoded and sorted CPU sample times (absolute ns). */
  private cpuSamples(): Float64Array {
    const d = this.data;
    const out: number[] = [];
    for (let i = 0; i < this.cpuBatches.length; i += 2) {
      let p = this.cpuBatches[i] + 1;
      const end = this.cpuBatches[i] + this.cpuBatches[i + 1];
      while (p < end) {
        if (d[p++] !== Ev.CPUSample) throw new GenError(`expected CPU sample event, got ${d[p - 1]}`);
        const [ts, p1] = this.uvx(d, p, end);
        const [, p2] = this.uvx(d, p1, end);
        const [, p3] = this.uvx(d, p2, end);
        const [, p4] = this.uvx(d, p3, end);
        const [, p5] = this.uvx(d, p4, end);
        p = p5;
        out.push(this.mul(ts));
      }
    }
    return Float64Array.from(out).sort();
  }

  /** Decode the cursor's next event; false at the end of its batches. */
  private next(c: Cursor): boolean {
    const d = this.data;
    while (c.off >= c.end) {
      c.bi++;
      if (c.bi * 3 >= c.batches.length) return false;
      c.off = c.batches[c.bi * 3];
      c.end = c.off + c.batches[c.bi * 3 + 1];
      c.fresh = true;
    }
    if (c.fresh) {
      c.lastTs = this.mul(c.batches[c.bi * 3 + 2]);
      c.fresh = false;
    }
    let p = c.off;
    c.evOff = p;
    const typ = d[p++];
    const n = ARG_COUNT[typ];
    if (n < 0) throw new GenError(`found invalid event type ${typ} in the batch of thread ${c.m}`);
    c.typ = typ;
    const end = c.end;
    // dt
    let x = 0;
    let v = d[p++];
    if (v < 0x80) x = v;
    else {
      x = v & 0x7f;
      let mul = 128;
      for (let j = 1; ; j++) {
        v = d[p++];
        if (j >= 10 || p > end) throw new GenError('found invalid uvarint for timestamp');
        x += (v & 0x7f) * mul;
        if (v < 0x80) break;
        mul *= 128;
      }
    }
    const t = Math.trunc(x * this.freqMul) + c.lastTs;
    c.time = t;
    c.lastTs = t;
    for (let i = 1; i < n; i++) {
      v = d[p++];
      if (v < 0x80) x = v;
      else {
        x = v & 0x7f;
        let mul = 128;
        for (let j = 1; ; j++) {
          v = d[p++];
          if (j >= 10 || p > end) throw new GenError(`found invalid uvarint in ${evName(typ)}`);
          x += (v & 0x7f) * mul;
          if (v < 0x80) break;
          mul *= 128;
        }
        if (x >= 9007199254740992) x = x >= 2 ** 63 ? -1 : x;
      }
      switch (i) {
        case 1:
          c.a0 = x;
          break;
        case 2:
          c.a1 = x;
          break;
        case 3:
          c.a2 = x;
          break;
        default:
          c.a3 = x;
      }
    }
    if (p > end) throw new GenError(`event ${evName(typ)} runs past the end of its batch`);
    c.off = p;
    return true;
  }

  private arg(c: Cursor, i: number): number {
    return i === 0 ? c.a0 : i === 1 ? c.a1 : i === 2 ? c.a2 : c.a3;
  }

  /** Go's validateTableIDs: every stack and string id of the event must exist. */
  private validate(c: Cursor): void {
    const sa = STACK_ARGS[c.typ];
    for (let i = 0; i < sa.length; i++) this.stk(this.arg(c, sa[i]));
    const ta = STRING_ARGS[c.typ];
    for (let i = 0; i < ta.length; i++) this.str(this.arg(c, ta[i]));
  }

  // ---- ordering (Go 1.27 order.go) -----------------------------------------------------------

  /** Applies the cursor's event if it is ready; reports it to the sink. */
  private advance(c: Cursor, gen: number): boolean {
    if (this.initialGen === 0) this.initialGen = gen;
    const ms = c.ms;
    const m = c.m;
    const curG = ms ? ms.g : -1;
    const curP = ms ? ms.p : -1;
    const sink = this.sink;
    const G = sink.g;
    const typ = c.typ;
    const t = c.time;
    switch (typ) {
      case Ev.ProcStatus: {
        const pid = c.a0;
        let status = c.a1;
        if (status <= 0 || status > 4) throw new GenError(`invalid status for proc ${pid}: ${status}`);
        let oldState: number = PSTATUS_TO_STATE[status];
        const s = this.pStates.get(pid);
        if (s) {
          if (status === ProcStatus.SyscallAbandoned && s.status === ProcStatus.Syscall) {
            oldState = ProcState.Running;
            status = ProcStatus.Syscall;
          } else if (status === ProcStatus.SyscallAbandoned && s.status === ProcStatus.SyscallAbandoned) {
            oldState = ProcState.Idle;
          } else if (s.status !== status) throw new GenError(`inconsistent status for proc ${pid}: old ${s.status} vs. new ${status}`);
          s.seqGen = gen;
          s.seq = 0;
        } else {
          this.pStates.set(pid, { status, seqGen: gen, seq: 0, ranges: [] });
          oldState = gen === this.initialGen ? ProcState.Undetermined : ProcState.NotExist;
        }
        let rm = m;
        let rg = curG;
        let rp = curP;
        if (status === ProcStatus.SyscallAbandoned && oldState === ProcState.Running) {
          let found = false;
          for (const [mid, st] of this.mStates) {
            if (st.p === pid) {
              rm = mid;
              rp = pid;
              rg = st.g;
              found = true;
            }
          }
          if (!found) throw new GenError(`failed to find sched context for proc ${pid} that's about to be stolen`);
        }
        if (ms && (status === ProcStatus.Running || status === ProcStatus.Syscall)) ms.p = pid;
        sink.ev(typ, t, rg, rp, rm, pid, oldState, PSTATUS_TO_STATE[status], 0);
        return true;
      }
      case Ev.ProcStart: {
        const pid = c.a0;
        const s = this.pStates.get(pid);
        if (!s || s.status !== ProcStatus.Idle || !(s.seqGen === gen && c.a1 === s.seq + 1) || curP !== NONE) return false;
        this.need(c, true, 0, 1);
        s.status = ProcStatus.Running;
        s.seq = c.a1;
        ms!.p = pid;
        sink.ev(typ, t, curG, curP, m, pid, 0, 0, 0);
        return true;
      }
      case Ev.ProcStop: {
        const s = this.pStates.get(curP);
        if (!s) throw new GenError(`ProcStop for proc (${curP}) that doesn't exist`);
        if (s.status !== ProcStatus.Running && s.status !== ProcStatus.Syscall) throw new GenError(`ProcStop event for proc that's not Running or Syscall`);
        this.need(c, true, 2, 1);
        s.status = ProcStatus.Idle;
        ms!.p = NONE;
        sink.ev(typ, t, curG, curP, m, curP, 0, 0, 0);
        return true;
      }
      case Ev.ProcSteal: {
        const pid = c.a0;
        const s = this.pStates.get(pid);
        if (!s || (s.status !== ProcStatus.Syscall && s.status !== ProcStatus.SyscallAbandoned) || !(s.seqGen === gen && c.a1 === s.seq + 1)) return false;
        this.need(c, true, 1, 1);
        const old = s.status;
        s.status = ProcStatus.Idle;
        s.seq = c.a1;
        if (old === ProcStatus.SyscallAbandoned) {
          sink.ev(typ, t, curG, curP, m, pid, ProcState.Idle, 0, -2);
          return true;
        }
        const mid = c.a2;
        if (mid === m) {
          if (curP !== pid) throw new GenError(`tried to self-steal proc ${pid} (thread ${mid}), but got proc ${curP} instead`);
          ms!.p = NONE;
          sink.ev(typ, t, curG, curP, m, pid, ProcState.Running, 0, mid);
          return true;
        }
        const vs = this.mStates.get(mid);
        if (!vs) throw new GenError(`stole proc from non-existent thread ${mid}`);
        if (vs.p !== pid) throw new GenError(`tried to steal proc ${pid} from thread ${mid}, but got proc ${vs.p} instead`);
        vs.p = NONE;
        sink.ev(typ, t, curG, curP, m, pid, ProcState.Running, 0, mid);
        return true;
      }
      case Ev.GoStatus:
      case Ev.GoStatusStack: {
        const goid = c.a0;
        const mid = c.a1;
        const status = c.a2;
        if (status <= 0 || status > 4) throw new GenError(`invalid status for goroutine ${goid}: ${status}`);
        let oldState: number = GSTATUS_TO_STATE[status];
        let r = sink.rowIfAny(goid);
        if (r >= 0 && G.oStatus.data[r] !== 0) {
          if (G.oStatus.data[r] !== status) throw new GenError(`inconsistent status for goroutine ${goid}: old ${G.oStatus.data[r]} vs. new ${status}`);
          G.oSeqGen.data[r] = gen;
          G.oSeq.data[r] = 0;
        } else if (gen === this.initialGen) {
          r = sink.row(goid);
          G.oStatus.data[r] = status;
          G.oSeqGen.data[r] = gen;
          G.oSeq.data[r] = 0;
          oldState = GoState.Undetermined;
        } else throw new GenError(`found goroutine status for new goroutine after the first generation: id=${goid} status=${status}`);
        let rm = m;
        let rg = curG;
        if (status === GoStatus.Running) {
          if (ms) ms.g = r;
        } else if (status === GoStatus.Syscall) {
          if (mid === NONE) throw new GenError(`found goroutine ${goid} in syscall without a thread`);
          if (mid === m) {
            if (gen !== this.initialGen && curG !== r) throw new GenError(`inconsistent thread for syscalling goroutine ${goid}: thread has goroutine ${sink.goidOf(curG)}`);
            if (ms) ms.g = r;
          } else {
            const os = this.mStates.get(mid);
            if (os) {
              if (os.g !== r) throw new GenError(`inconsistent thread for syscalling goroutine ${goid}: thread has goroutine ${sink.goidOf(os.g)}`);
              rg = os.g;
            } else this.mStates.set(mid, { g: r, p: NONE });
            rm = mid;
          }
        }
        const stack = typ === Ev.GoStatusStack ? this.stk(c.a3) : -1;
        sink.ev(typ, t, rg, curP, rm, r, oldState, GSTATUS_TO_STATE[status], stack);
        return true;
      }
      case Ev.GoCreate:
      case Ev.GoCreateBlocked: {
        this.need(c, true, 2, 1);
        if (curG >= 0 && G.oStatus.data[curG] !== 0 && G.oStatus.data[curG] !== GoStatus.Running) throw new GenError(`${evName(typ)} event for goroutine that's not Running`);
        const goid = c.a0;
        let r = sink.rowIfAny(goid);
        if (r >= 0 && G.oStatus.data[r] !== 0) throw new GenError(`tried to create goroutine (${goid}) that already exists`);
        const newStack = this.stk(c.a1);
        const stack = this.stk(c.a2);
        r = sink.row(goid);
        G.oStatus.data[r] = typ === Ev.GoCreateBlocked ? GoStatus.Waiting : GoStatus.Runnable;
        G.oSeqGen.data[r] = gen;
        G.oSeq.data[r] = 0;
        sink.ev(typ, t, curG, curP, m, r, newStack, stack, 0);
        return true;
      }
      case Ev.GoCreateSyscall: {
        this.need(c, true, 1, 0);
        const goid = c.a0;
        let r = sink.rowIfAny(goid);
        if (r >= 0 && G.oStatus.data[r] !== 0) throw new GenError(`tried to create goroutine (${goid}) in syscall that already exists`);
        r = sink.row(goid);
        G.oStatus.data[r] = GoStatus.Syscall;
        G.oSeqGen.data[r] = gen;
        G.oSeq.data[r] = 0;
        ms!.g = r;
        sink.ev(typ, t, curG, curP, m, r, 0, 0, 0);
        return true;
      }
      case Ev.GoStart: {
        const r = sink.rowIfAny(c.a0);
        if (r < 0 || G.oStatus.data[r] !== GoStatus.Runnable || !(G.oSeqGen.data[r] === gen && c.a1 === G.oSeq.data[r] + 1)) return false;
        this.need(c, true, 2, 0);
        G.oStatus.data[r] = GoStatus.Running;
        G.oSeq.data[r] = c.a1;
        ms!.g = r;
        sink.ev(typ, t, curG, curP, m, r, 0, 0, 0);
        return true;
      }
      case Ev.GoDestroy:
      case Ev.GoStop:
      case Ev.GoBlock: {
        this.need(c, true, 2, 2);
        if (G.oStatus.data[curG] === 0) throw new GenError(`event ${evName(typ)} for goroutine (${sink.goidOf(curG)}) that doesn't exist`);
        if (G.oStatus.data[curG] !== GoStatus.Running) throw new GenError(`${evName(typ)} event for goroutine that's not Running`);
        if (typ === Ev.GoDestroy) this.deleteG(curG);
        else G.oStatus.data[curG] = typ === Ev.GoStop ? GoStatus.Runnable : GoStatus.Waiting;
        ms!.g = NONE;
        if (typ === Ev.GoDestroy) sink.ev(typ, t, curG, curP, m, 0, 0, 0, 0);
        else sink.ev(typ, t, curG, curP, m, this.str(c.a0), this.stk(c.a1), 0, 0);
        return true;
      }
      case Ev.GoUnblock: {
        const r = sink.rowIfAny(c.a0);
        if (r < 0 || G.oStatus.data[r] !== GoStatus.Waiting || !(G.oSeqGen.data[r] === gen && c.a1 === G.oSeq.data[r] + 1)) return false;
        G.oStatus.data[r] = GoStatus.Runnable;
        G.oSeq.data[r] = c.a1;
        sink.ev(typ, t, curG, curP, m, r, this.stk(c.a2), 0, 0);
        return true;
      }
      case Ev.GoSwitch:
      case Ev.GoSwitchDestroy: {
        this.need(c, true, 2, 2);
        if (G.oStatus.data[curG] === 0) throw new GenError(`event ${evName(typ)} for goroutine (${sink.goidOf(curG)}) that doesn't exist`);
        if (G.oStatus.data[curG] !== GoStatus.Running) throw new GenError(`${evName(typ)} event for goroutine that's not Running`);
        const r = sink.rowIfAny(c.a0);
        if (r < 0 || G.oStatus.data[r] !== GoStatus.Waiting || !(G.oSeqGen.data[r] === gen && c.a1 === G.oSeq.data[r] + 1)) return false;
        sink.ev(typ, t, curG, curP, m, r, -1, 0, 0);
        if (typ === Ev.GoSwitch) {
          G.oStatus.data[curG] = GoStatus.Waiting;
          sink.ev(Ev.GoBlock, t, curG, curP, m, 0, -1, 0, 0);
        } else {
          this.deleteG(curG);
          sink.ev(Ev.GoDestroy, t, curG, curP, m, 0, 0, 0, 0);
        }
        G.oStatus.data[r] = GoStatus.Running;
        G.oSeq.data[r] = c.a1;
        ms!.g = r;
        sink.ev(Ev.GoStart, t, NONE, curP, m, r, 0, 0, 0);
        return true;
      }
      case Ev.GoSyscallBegin: {
        this.need(c, true, 2, 2);
        if (G.oStatus.data[curG] === 0) throw new GenError(`event GoSyscallBegin for goroutine (${sink.goidOf(curG)}) that doesn't exist`);
        if (G.oStatus.data[curG] !== GoStatus.Running) throw new GenError(`GoSyscallBegin event for goroutine that's not Running`);
        G.oStatus.data[curG] = GoStatus.Syscall;
        const s = this.pStates.get(curP);
        if (!s) throw new GenError(`uninitialized proc ${curP} found during GoSyscallBegin`);
        s.status = ProcStatus.Syscall;
        if (!(s.seqGen === gen && c.a0 === s.seq + 1)) throw new GenError(`failed to advance GoSyscallBegin: can't make sequence: ${s.seq} (gen=${s.seqGen}) -> ${c.a0} (gen=${gen})`);
        s.seq = c.a0;
        sink.ev(typ, t, curG, curP, m, 0, this.stk(c.a1), 0, 0);
        return true;
      }
      case Ev.GoSyscallEnd: {
        this.need(c, true, 2, 2);
        if (G.oStatus.data[curG] === 0) throw new GenError(`event GoSyscallEnd for goroutine (${sink.goidOf(curG)}) that doesn't exist`);
        if (G.oStatus.data[curG] !== GoStatus.Syscall) throw new GenError(`GoSyscallEnd event for goroutine that's not Syscall`);
        G.oStatus.data[curG] = GoStatus.Running;
        const s = this.pStates.get(curP);
        if (!s) throw new GenError(`uninitialized proc ${curP} found during GoSyscallEnd`);
        if (s.status !== ProcStatus.Syscall) throw new GenError(`expected proc ${curP} in state Syscall, but got ${s.status} instead`);
        s.status = ProcStatus.Running;
        sink.ev(typ, t, curG, curP, m, 0, 0, 0, 0);
        return true;
      }
      case Ev.GoSyscallEndBlocked: {
        if (curP !== NONE) {
          const s = this.pStates.get(curP);
          if (!s) throw new GenError(`uninitialized proc ${curP} found during GoSyscallEndBlocked`);
          if (s.status === ProcStatus.Syscall) return false;
        }
        this.need(c, true, 1, 2);
        if (G.oStatus.data[curG] === 0) throw new GenError(`event GoSyscallEndBlocked for goroutine (${sink.goidOf(curG)}) that doesn't exist`);
        if (G.oStatus.data[curG] !== GoStatus.Syscall) throw new GenError(`GoSyscallEndBlocked event for goroutine that's not Syscall`);
        G.oStatus.data[curG] = GoStatus.Runnable;
        ms!.g = NONE;
        sink.ev(typ, t, curG, curP, m, 0, 0, 0, 0);
        return true;
      }
      case Ev.GoDestroySyscall: {
        this.need(c, true, 1, 2);
        if (G.oStatus.data[curG] === 0) throw new GenError(`event GoDestroySyscall for goroutine (${sink.goidOf(curG)}) that doesn't exist`);
        if (G.oStatus.data[curG] !== GoStatus.Syscall) throw new GenError(`GoDestroySyscall event for goroutine that's not Syscall`);
        this.deleteG(curG);
        ms!.g = NONE;
        if (curP !== NONE) {
          const s = this.pStates.get(curP);
          if (!s) throw new GenError(`found invalid proc ${curP} during GoDestroySyscall`);
          if (s.status !== ProcStatus.Syscall) throw new GenError(`proc ${curP} in unexpected state ${s.status} during GoDestroySyscall`);
          s.status = ProcStatus.SyscallAbandoned;
          ms!.p = NONE;
          sink.ev(Ev.ProcSteal, t, curG, curP, m, curP, ProcState.Running, 0, m);
        }
        sink.ev(typ, t, curG, curP, m, 0, 0, 0, 0);
        return true;
      }
      case Ev.UserTaskBegin: {
        const id = c.a0;
        if (this.activeTasks.has(id)) throw new GenError(`task ID conflict: ${id}`);
        const parent = c.a1;
        const name = this.str(c.a2);
        this.activeTasks.set(id, { name, parent });
        this.need(c, true, 2, 2);
        this.validate(c);
        sink.ev(typ, t, curG, curP, m, id, parent, name, 0);
        return true;
      }
      case Ev.UserTaskEnd: {
        this.activeTasks.delete(c.a0);
        this.need(c, true, 2, 2);
        this.validate(c);
        sink.ev(typ, t, curG, curP, m, c.a0, 0, 0, 0);
        return true;
      }
      case Ev.UserRegionBegin:
      case Ev.UserRegionEnd: {
        this.need(c, true, 2, 2);
        const name = this.str(c.a1);
        if (G.oStatus.data[curG] === 0) throw new GenError(`encountered ${evName(typ)} without known state for current goroutine ${sink.goidOf(curG)}`);
        let regs = this.gRegions.get(curG);
        if (typ === Ev.UserRegionBegin) {
          if (!regs) this.gRegions.set(curG, (regs = []));
          regs.push(c.a0, name);
        } else if (regs && regs.length) {
          const n = regs.length;
          if (regs[n - 2] !== c.a0 || regs[n - 1] !== name)
            throw new GenError(`misuse of region in goroutine ${sink.goidOf(curG)}: region end when the inner-most active region start event is different`);
          regs.length = n - 2;
        }
        this.validate(c);
        sink.ev(typ, t, curG, curP, m, c.a0, name, 0, 0);
        return true;
      }
      case Ev.GCActive: {
        const seq = c.a0;
        if (gen === this.initialGen) {
          if (this.gcState !== 0) throw new GenError(`GCActive in the first generation isn't first GC event`);
          this.gcSeq = seq;
          this.gcState = 2;
          sink.ev(typ, t, curG, curP, m, 0, 0, 0, 0);
          return true;
        }
        if (seq !== this.gcSeq + 1) return false;
        if (this.gcState !== 2) throw new GenError(`encountered GCActive while GC was not in progress`);
        this.gcSeq = seq;
        this.need(c, true, 2, 2);
        sink.ev(typ, t, curG, curP, m, 0, 0, 0, 0);
        return true;
      }
      case Ev.GCBegin: {
        const seq = c.a0;
        if (this.gcState === 0) {
          this.gcSeq = seq;
          this.gcState = 2;
          this.validate(c);
          sink.ev(typ, t, curG, curP, m, 0, 0, 0, 0);
          return true;
        }
        if (seq !== this.gcSeq + 1) return false;
        if (this.gcState === 2) throw new GenError(`encountered GCBegin while GC was already in progress`);
        this.gcSeq = seq;
        this.gcState = 2;
        this.need(c, true, 2, 2);
        this.validate(c);
        sink.ev(typ, t, curG, curP, m, 0, 0, 0, 0);
        return true;
      }
      case Ev.GCEnd: {
        const seq = c.a0;
        if (seq !== this.gcSeq + 1) return false;
        if (this.gcState === 1) throw new GenError(`encountered GCEnd when GC was not in progress`);
        if (this.gcState === 0) throw new GenError(`encountered GCEnd when GC was in an undetermined state`);
        this.gcSeq = seq;
        this.gcState = 1;
        this.need(c, true, 2, 2);
        sink.ev(typ, t, curG, curP, m, 0, 0, 0, 0);
        return true;
      }
      case Ev.GCSweepBegin: {
        this.need(c, true, 2, 1);
        const s = this.pStates.get(curP)!;
        if (s.ranges.includes(Ev.GCSweepBegin)) throw new GenError(`discovered event already in-flight for when starting event GCSweepBegin`);
        s.ranges.push(Ev.GCSweepBegin);
        this.validate(c);
        sink.plain(t);
        return true;
      }
      case Ev.GCSweepActive: {
        const s = this.pStates.get(c.a0);
        if (!s) throw new GenError(`encountered GCSweepActive for unknown proc ${c.a0}`);
        this.activeRange(s.ranges, Ev.GCSweepBegin, gen === this.initialGen);
        sink.plain(t);
        return true;
      }
      case Ev.GCSweepEnd: {
        this.need(c, true, 2, 1);
        const s = this.pStates.get(curP)!;
        const i = s.ranges.indexOf(Ev.GCSweepBegin);
        if (i < 0) throw new GenError(`tried to end event GCSweepBegin, but not in-flight`);
        s.ranges[i] = s.ranges[s.ranges.length - 1];
        s.ranges.length--;
        sink.plain(t);
        return true;
      }
      case Ev.STWBegin:
      case Ev.GCMarkAssistBegin: {
        this.need(c, true, 2, 2);
        const desc = typ === Ev.STWBegin ? c.a0 : 0;
        if (G.oStatus.data[curG] === 0) throw new GenError(`encountered event of type ${typ} without known state for current goroutine ${sink.goidOf(curG)}`);
        const key = typ * 0x1000000 + desc;
        let rs = this.gRanges.get(curG);
        if (!rs) this.gRanges.set(curG, (rs = []));
        if (rs.includes(key)) throw new GenError(`discovered event already in-flight for when starting event ${evName(typ)}`);
        rs.push(key);
        this.validate(c);
        if (typ === Ev.STWBegin) sink.ev(typ, t, curG, curP, m, this.str(desc), 0, 0, 0);
        else sink.plain(t);
        return true;
      }
      case Ev.STWEnd:
      case Ev.GCMarkAssistEnd: {
        this.need(c, true, 2, 2);
        if (G.oStatus.data[curG] === 0) throw new GenError(`encountered event of type ${typ} without known state for current goroutine ${sink.goidOf(curG)}`);
        const st = typ === Ev.STWEnd ? Ev.STWBegin : Ev.GCMarkAssistBegin;
        const rs = this.gRanges.get(curG) ?? [];
        let idx = -1;
        for (let i = 0; i < rs.length; i++)
          if (Math.floor(rs[i] / 0x1000000) === st) {
            idx = i;
            break;
          }
        if (idx < 0) throw new GenError(`tried to end event ${evName(st)}, but not in-flight`);
        const desc = rs[idx] % 0x1000000;
        rs[idx] = rs[rs.length - 1];
        rs.length--;
        if (typ === Ev.STWEnd) sink.ev(typ, t, curG, curP, m, this.str(desc), 0, 0, 0);
        else sink.plain(t);
        return true;
      }
      case Ev.GCMarkAssistActive: {
        const r = sink.rowIfAny(c.a0);
        if (r < 0 || G.oStatus.data[r] === 0) throw new GenError(`uninitialized goroutine ${c.a0} found during GCMarkAssistActive`);
        let rs = this.gRanges.get(r);
        if (!rs) this.gRanges.set(r, (rs = []));
        this.activeRange(rs, Ev.GCMarkAssistBegin * 0x1000000, gen === this.initialGen);
        sink.plain(t);
        return true;
      }
      case Ev.HeapAlloc:
      case Ev.HeapGoal:
        this.need(c, true, 2, 1);
        sink.plain(t);
        return true;
      case Ev.ProcsChange:
      case Ev.GoLabel:
      case Ev.UserLog:
        this.need(c, true, 2, 2);
        this.validate(c);
        if (typ === Ev.GoLabel) sink.ev(typ, t, curG, curP, m, this.str(c.a0), 0, 0, 0);
        else if (typ === Ev.UserLog) sink.ev(typ, t, curG, curP, m, c.a0, this.str(c.a1), this.str(c.a2), 0);
        else sink.plain(t);
        return true;
      default:
        if (typ >= 128 && typ <= 136) {
          this.need(c, true, 1, 1);
          sink.plain(t);
          return true;
        }
        throw new GenError(`bad event type found while ordering: ${typ}`);
    }
  }

  private deleteG(r: number): void {
    this.sink.g.oStatus.data[r] = 0;
    this.gRanges.delete(r);
    this.gRegions.delete(r);
  }

  private activeRange(rs: number[], key: number, initial: boolean): void {
    if (initial) {
      if (rs.includes(key)) throw new GenError(`found named active range already in first gen`);
      rs.push(key);
    } else if (!rs.includes(key)) throw new GenError(`resource is missing active range`);
  }

  /**
   * Go's validateCtx. Constraints: 0 must not have, 1 may have, 2 must have — for P and G; the
   * thread is either required (true) or not checked.
   */
  private need(c: Cursor, mNeeded: boolean, p: 0 | 1 | 2, g: 0 | 1 | 2): void {
    const ms = c.ms;
    if (mNeeded && (c.m === NONE || !ms)) throw new GenError(`${evName(c.typ)}: expected a thread but didn't have one`);
    if (!ms) return;
    if (p === 2 && ms.p === NONE) throw new GenError(`${evName(c.typ)} on thread ${c.m}: expected a proc but didn't have one`);
    if (p === 0 && ms.p !== NONE) throw new GenError(`${evName(c.typ)} on thread ${c.m}: expected no proc but had one`);
    if (g === 2 && ms.g === NONE) throw new GenError(`${evName(c.typ)} on thread ${c.m}: expected a goroutine but didn't have one`);
    if (g === 0 && ms.g !== NONE) throw new GenError(`${evName(c.typ)} on thread ${c.m}: expected no goroutine but had one`);
  }
}

// ---- Go's binary heap of cursors (batchcursor.go), for identical tie-breaking ----------------

function heapInsert(h: Cursor[], c: Cursor): void {
  h.push(c);
  siftUp(h, h.length - 1);
}

function heapUpdate(h: Cursor[], i: number): void {
  if (siftUp(h, i) !== i) return;
  siftDown(h, i);
}

function heapRemove(h: Cursor[], i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    const t = h[p];
    h[p] = h[i];
    h[i] = t;
    i = p;
  }
  const last = h.length - 1;
  const t = h[0];
  h[0] = h[last];
  h[last] = t;
  h.length = last;
  siftDown(h, 0);
}

function siftUp(h: Cursor[], i: number): number {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!(h[p].time > h[i].time)) break;
    const t = h[p];
    h[p] = h[i];
    h[i] = t;
    i = p;
  }
  return i;
}

function siftDown(h: Cursor[], i: number): number {
  const n = h.length;
  for (;;) {
    let m = i;
    let mt = i < n ? h[i].time : Infinity;
    const l = 2 * i + 1;
    const r = l + 1;
    if (l < n && h[l].time < mt) {
      mt = h[l].time;
      m = l;
    }
    if (r < n && h[r].time < mt) m = r;
    if (m === i) return i;
    const t = h[i];
    h[i] = h[m];
    h[m] = t;
    i = m;
  }
}

export { ParseError };
