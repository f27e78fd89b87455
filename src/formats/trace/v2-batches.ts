/**
 * Go 1.22+ traces, layer 1 (Go's batch.go / generation.go readGeneration): the streaming batch
 * cutter. Bytes are pushed in any slicing; batch headers are read as soon as they are complete
 * and their data copied into one buffer per generation (memory holds one generation at a time),
 * bucketed by kind (docs §2.3): strings, stacks, CPU samples, the sync batch, and the event
 * batches of each thread in file order. A generation is complete at 0x34 (format 1.26), at the
 * first batch of the next generation (1.22–1.25) or at the end of the file; then the owner
 * decodes and orders it (v2-generation.ts, v2-order.ts).
 */
import { Ev, MAX_BATCH_SIZE } from './spec';
import { VARINT_MALFORMED, uvarint, varintEnd } from '../varint';

/** One generation's batches. Offsets are into `data`. */
export interface GenerationBatches {
  gen: number;
  /** file offset of its first batch */
  fileOffset: number;
  data: Uint8Array;
  /** smallest batch timestamp (ticks), all batch kinds */
  minTs: number;
  /** (offset, length) pairs */
  strings: number[];
  stacks: number[];
  cpu: number[];
  /** (offset, length, ts) triples */
  sync: number[];
  /** thread ids with event batches, in order of their first batch; and each one's (offset, length, ts) triples */
  threads: number[];
  threadBatches: number[][];
  hasEventBatch: boolean;
  batchCount: number;
}

/** What the cutter reports to its owner (v2.ts). */
export interface BatchOwner {
  /** a complete generation: decode and order it (it may stop the cutter) */
  generation(g: GenerationBatches): void;
  /** the current generation is lost (truncated, corrupt) */
  lose(msg: string): void;
  /** a problem that loses no generation (or one the owner already processed) */
  problem(msg: string): void;
}

const enum Kind {
  Events,
  Strings,
  Stacks,
  CPU,
  Sync,
}

export class BatchCutter {
  /** no more input is read (an error, or the owner stopped) */
  stopped = false;
  incomplete = false;

  // streaming input
  private buf: Uint8Array = new Uint8Array(0);
  private len = 0;
  private owned = false;
  private pos = 0;
  /** file offset of buf[0] */
  private base = 16;

  // the generation being collected
  private g: GenerationBatches = emptyGeneration(new Uint8Array(1 << 16));
  private dataLen = 0;
  private readonly threadIndex = new Map<number, number>();

  /** `sizeHint`: the file's size; the generation buffer reserves it (address space, not memory, until written) */
  constructor(
    private readonly ver: number,
    private readonly owner: BatchOwner,
    sizeHint = 0,
  ) {
    if (sizeHint > 1 << 16) this.g.data = new Uint8Array(Math.min(sizeHint, 1 << 30));
  }

  /**
   * Feed the bytes after the 16-byte header. Complete batches are read from the chunk in place;
   * a batch cut by the chunk's end is completed in a small joined buffer (its start, plus at most
   * one batch's worth of the next chunk), so no chunk is copied whole.
   */
  push(chunk: Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    if (this.pos >= this.len) {
      this.base += this.len;
      this.buf = chunk;
      this.len = chunk.length;
      this.pos = 0;
      this.owned = false;
      this.scan(false);
      return;
    }
    if (this.owned && this.buf.length - this.len >= chunk.length) {
      // small chunks: append to the joined buffer
      this.buf.set(chunk, this.len);
      this.len += chunk.length;
      this.scan(false);
      return;
    }
    const rest = this.len - this.pos;
    const k = Math.min(chunk.length, MAX_BATCH_SIZE + 64);
    const nb = new Uint8Array(Math.max(1 << 17, 2 * (rest + k)));
    nb.set(this.buf.subarray(this.pos, this.len), 0);
    nb.set(chunk.subarray(0, k), rest);
    this.base += this.pos;
    this.buf = nb;
    this.len = rest + k;
    this.pos = 0;
    this.owned = true;
    this.scan(false);
    if (this.stopped || k === chunk.length) return;
    if (this.pos >= rest) {
      // the cut batch is complete: go on in the chunk itself
      this.base += rest;
      this.buf = chunk;
      this.len = chunk.length;
      this.pos -= rest;
      this.owned = false;
      this.scan(false);
    } else this.push(chunk.subarray(k)); // not reached for valid batches (≤ 64 KiB)
  }

  /** End of input: the last generation, or what the end of the file says about it. */
  end(): void {
    if (!this.stopped) {
      this.scan(true);
      if (!this.stopped) {
        const g = this.g;
        if (this.ver >= 26) {
          if (g.batchCount > 0 && g.hasEventBatch)
            this.owner.lose(`the trace ends inside generation ${g.gen} (no end-of-generation marker after byte ${g.fileOffset}): the file is truncated; generation ${g.gen} was dropped`);
        } else if (g.batchCount > 0) this.emit();
      }
    }
    // let the buffers go before the model is built
    this.g = emptyGeneration(new Uint8Array(0));
    this.buf = new Uint8Array(0);
    this.len = 0;
  }

  private emit(): void {
    this.owner.generation(this.g);
    // reuse the data buffer for the next generation
    this.g = emptyGeneration(this.g.data);
    this.dataLen = 0;
    this.threadIndex.clear();
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
        if (this.ver < 26 || this.g.gen === 0) {
          this.fail(`unexpected end-of-generation byte at byte ${off}${this.ver < 26 ? ` (format go 1.${this.ver} has none)` : ''}`);
          return;
        }
        this.emit();
        continue;
      }
      if (t !== Ev.EventBatch && t !== Ev.ExperimentalBatch) {
        this.fail(`expected a batch at byte ${off}, found byte 0x${t.toString(16).padStart(2, '0')}: the trace is corrupt`);
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
      // header: gen m ts size (the size is a 10-byte varint)
      const gen = uvarint(buf, p, buf.length);
      const e1 = varintEnd;
      const m = e1 < 0 ? 0 : uvarint(buf, e1, buf.length);
      const e2 = e1 < 0 ? e1 : varintEnd;
      const ts = e2 < 0 ? 0 : uvarint(buf, e2, buf.length);
      const e3 = e2 < 0 ? e2 : varintEnd;
      const size = e3 < 0 ? 0 : uvarint(buf, e3, buf.length);
      const dataStart = e3 < 0 ? e3 : varintEnd;
      if (dataStart < 0) {
        if (dataStart === VARINT_MALFORMED || p + 40 <= buf.length) {
          this.fail(`malformed batch header at byte ${off}`);
          return;
        }
        p = start;
        break; // need more bytes
      }
      if (size > MAX_BATCH_SIZE) {
        this.fail(`invalid batch size ${size} at byte ${off} (maximum is ${MAX_BATCH_SIZE})`);
        return;
      }
      if (dataStart + size > buf.length) {
        p = start;
        break; // need more bytes
      }
      p = dataStart + size;
      this.pos = p;
      if (gen === 0) {
        this.fail(`invalid generation number 0 in the batch at byte ${off}`);
        return;
      }
      const g = this.g;
      if (g.gen === 0) {
        g.gen = gen;
        g.fileOffset = off;
      } else if (gen !== g.gen) {
        if (this.ver < 26 && gen === g.gen + 1) {
          this.emit();
          if (this.stopped) return;
          this.g.gen = gen;
          this.g.fileOffset = off;
        } else {
          this.fail(
            this.ver >= 26
              ? `batch of generation ${gen} at byte ${off} inside generation ${g.gen}: missing end-of-generation marker, or interleaved generations`
              : `generations out of order at byte ${off} (generation ${gen} after ${g.gen})`,
          );
          return;
        }
      }
      this.add(buf, dataStart, size, m, ts, exp);
    }
    this.pos = p;
    if (eof && this.pos < buf.length && !this.stopped) {
      const off = this.base + this.pos;
      const msg = `the file ends inside the batch at byte ${off} (${buf.length - this.pos} bytes left): the trace is truncated`;
      this.incomplete = true;
      if (this.g.batchCount > 0) this.owner.lose(`${msg}; generation ${this.g.gen} was dropped`);
      else this.owner.problem(msg);
      this.stopped = true;
    }
  }

  /** A fatal format error in the byte stream: keep complete generations, drop the current one. */
  private fail(msg: string): void {
    this.stopped = true;
    this.incomplete = true;
    const g = this.g;
    if (g.batchCount > 0 && this.ver < 26 && g.gen !== 0) {
      // Go processes the generation read so far before reporting a read error (spill semantics)
      this.emit();
      this.owner.problem(`${msg}; the rest of the trace was not read`);
      return;
    }
    if (g.batchCount > 0) this.owner.lose(`${msg}; generation ${g.gen} was dropped and the rest of the trace was not read`);
    else this.owner.problem(`${msg}; the rest of the trace was not read`);
  }

  private add(src: Uint8Array, start: number, size: number, m: number, ts: number, exp: number): void {
    const g = this.g;
    g.batchCount++;
    if (g.minTs === 0 || ts < g.minTs) g.minTs = ts;
    if (this.dataLen + size > g.data.length) {
      let cap = Math.max(1 << 16, g.data.length * 2);
      while (cap < this.dataLen + size) cap *= 2;
      const nd = new Uint8Array(cap);
      nd.set(g.data.subarray(0, this.dataLen));
      g.data = nd;
    }
    const off = this.dataLen;
    g.data.set(src.subarray(start, start + size), off);
    this.dataLen += size;
    if (exp !== 0) return; // experimental batches (AllocFree): opaque, not needed here
    switch (size === 0 ? Kind.Events : this.kindOf(src[start])) {
      case Kind.Strings:
        g.strings.push(off, size);
        return;
      case Kind.Stacks:
        g.stacks.push(off, size);
        return;
      case Kind.CPU:
        g.cpu.push(off, size);
        return;
      case Kind.Sync:
        g.sync.push(off, size, ts);
        return;
      default: {
        g.hasEventBatch = true;
        let k = this.threadIndex.get(m);
        if (k === undefined) {
          k = g.threads.length;
          this.threadIndex.set(m, k);
          g.threads.push(m);
          g.threadBatches.push([]);
        }
        g.threadBatches[k].push(off, size, ts);
      }
    }
  }

  private kindOf(b0: number): Kind {
    switch (b0) {
      case Ev.Strings:
        return Kind.Strings;
      case Ev.Stacks:
        return Kind.Stacks;
      case Ev.CPUSamples:
        return Kind.CPU;
      case Ev.Frequency:
        return this.ver < 25 ? Kind.Sync : Kind.Events;
      case Ev.Sync:
        return this.ver >= 25 ? Kind.Sync : Kind.Events;
      default:
        return Kind.Events;
    }
  }
}

function emptyGeneration(data: Uint8Array): GenerationBatches {
  return { gen: 0, fileOffset: 16, data, minTs: 0, strings: [], stacks: [], cpu: [], sync: [], threads: [], threadBatches: [], hasEventBatch: false, batchCount: 0 };
}
