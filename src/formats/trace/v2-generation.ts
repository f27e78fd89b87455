/**
 * Go 1.22+ traces, layer 2 (Go's generation.go): one generation's tables, decoded from its
 * batches (v2-batches.ts) before any event is ordered: the frequency and clock snapshot (sync
 * batch), strings, stacks and CPU samples (docs §2.5–2.8). String and stack ids are only valid
 * inside their generation; `str`/`stk` map them to model ids (interned once per generation and id).
 */
import type { ModelBuilder } from '../../model/model';
import { uvarint, uvarintHot, varintEnd } from '../varint';
import { Ev, MAX_FRAMES, MAX_STRING_SIZE } from './spec';
import type { GenerationBatches } from './v2-batches';

/** A problem inside one generation: the generation (or the rest of it) is lost. */
export class GenError extends Error {}

const MAX_TABLE_ID = 1 << 24;

export class GenerationTables {
  /** ns per tick (Go's `freq.mul`: ticks × (1e9 / freq), truncated) */
  freqMul = 0;
  /** Unix ns of the generation start (formats 1.25+), else null */
  wallStartUnixNs: number | null = null;
  /** the generation's data, for strings decoded on first use */
  private data: Uint8Array = new Uint8Array(0);
  /** string id → offset of its bytes in `data` (−1 absent), and its length */
  private strOff = new Int32Array(0);
  private strLen = new Int32Array(0);
  /** string id → decoded text (filled on first use) and model string id (−1 not yet) */
  private strs: (string | undefined)[] = [];
  private strGlobal = new Int32Array(0);
  private readonly dec = new TextDecoder('utf-8', { fatal: false });
  /**
   * PC → model frame id, across generations: a PC is one frame for the whole trace (Go's reader
   * keeps one frame per PC), so after the first generation stacks resolve without their strings.
   */
  private readonly pcFrame = new Map<number, number>();
  /** stack id → offset into stackFrames (−1 absent); frames as (pc, func, file, line) quadruples */
  private stackOff = new Int32Array(0);
  private stackLen = new Int32Array(0);
  private stackGlobal = new Int32Array(0);
  /** reused across generations (no garbage per generation) */
  private stackFrames = new Float64Array(1 << 12);
  private readonly frameIds = new Int32Array(MAX_FRAMES);

  constructor(private readonly b: ModelBuilder) {}

  /** Decodes the tables of `g` (format `ver`); throws GenError when the generation is unusable. */
  load(g: GenerationBatches, ver: number): void {
    this.loadSync(g, ver);
    this.data = g.data;
    this.loadStrings(g);
    this.loadStacks(g);
  }

  // id → (offset, length) while a table is read: typed arrays kept across generations (−1: no
  // entry), not JS arrays indexed by id, whose holes and growth make the JIT recompile the loops
  private idOff = new Int32Array(1024).fill(-1);
  private idLen = new Int32Array(1024);

  /** Room for entry `id` in the id scratch (ids are checked below MAX_TABLE_ID first). */
  private idRoom(id: number): void {
    let n = this.idOff.length;
    while (n <= id) n *= 2;
    const o = new Int32Array(n).fill(-1);
    o.set(this.idOff);
    const l = new Int32Array(n);
    l.set(this.idLen);
    this.idOff = o;
    this.idLen = l;
  }

  /** Strings: where their bytes are (decoded when an event uses them). */
  private loadStrings(g: GenerationBatches): void {
    const d = g.data;
    let maxStr = 0;
    for (let i = 0; i < g.strings.length; i += 2) {
      let p = g.strings[i] + 1;
      const end = g.strings[i] + g.strings[i + 1];
      while (p < end) {
        if (d[p++] !== Ev.String) throw new GenError(`expected string event, got ${d[p - 1]}`);
        const id = this.uv(d, p, end);
        const len = this.uv(d, varintEnd, end);
        p = varintEnd;
        if (len > MAX_STRING_SIZE) throw new GenError(`invalid string size ${len}, maximum is ${MAX_STRING_SIZE}`);
        if (p + len > end) throw new GenError(`failed to read full string: wanted ${len} bytes`);
        if (id >= MAX_TABLE_ID || id < 0) throw new GenError(`string id ${id} too large`);
        if (id >= this.idOff.length) this.idRoom(id);
        if (this.idOff[id] >= 0) throw new GenError(`duplicate string id ${id}`);
        this.idOff[id] = p;
        this.idLen[id] = len;
        if (id > maxStr) maxStr = id;
        p += len;
      }
    }
    this.strOff = this.idOff.slice(0, maxStr + 1);
    this.strLen = this.idLen.slice(0, maxStr + 1);
    // string 0 is "" whatever the table says
    this.strOff[0] = -1;
    this.idOff.fill(-1, 0, maxStr + 1);
    this.idLen.fill(0, 0, maxStr + 1);
    this.strs = [];
    this.strGlobal = new Int32Array(maxStr + 1).fill(-1);
    this.strGlobal[0] = 0;
  }

  /** Stacks: their frames (pc, func, file, line) in one array, each stack's place in it by id. */
  private loadStacks(g: GenerationBatches): void {
    const d = g.data;
    const maxStr = this.strOff.length - 1;
    const strOff = this.strOff;
    let maxStk = 0;
    let frames = this.stackFrames;
    let nf = 0;
    for (let i = 0; i < g.stacks.length; i += 2) {
      let p = g.stacks[i] + 1;
      const end = g.stacks[i] + g.stacks[i + 1];
      while (p < end) {
        if (d[p++] !== Ev.Stack) throw new GenError(`expected stack event, got ${d[p - 1]}`);
        const id = this.uv(d, p, end);
        const n = this.uv(d, varintEnd, end);
        p = varintEnd;
        if (n > MAX_FRAMES) throw new GenError(`invalid stack size ${n}, maximum is ${MAX_FRAMES}`);
        if (id >= MAX_TABLE_ID || id < 0) throw new GenError(`stack id ${id} too large`);
        if (id >= this.idOff.length) this.idRoom(id);
        if (this.idOff[id] >= 0) throw new GenError(`duplicate stack id ${id}`);
        this.idOff[id] = nf;
        this.idLen[id] = n;
        // frames are most of a generation's tables: the hot-loop varint, checked once per frame
        for (let k = 0; k < n; k++) {
          let pc = d[p];
          if (pc < 0x80) p++;
          else {
            pc = uvarintHot(d, p);
            p = varintEnd;
          }
          let fn = d[p];
          if (fn < 0x80) p++;
          else {
            fn = uvarintHot(d, p);
            p = varintEnd;
          }
          let file = d[p];
          if (file < 0x80) p++;
          else {
            file = uvarintHot(d, p);
            p = varintEnd;
          }
          let line = d[p];
          if (line < 0x80) p++;
          else {
            line = uvarintHot(d, p);
            p = varintEnd;
          }
          if (!(p <= end && p > 0) || !(pc + line >= -1)) throw new GenError('truncated or malformed varint in a stack');
          if (fn !== 0 && !(fn <= maxStr && strOff[fn] >= 0)) throw new GenError(`found invalid func string ID ${fn} for stack ${id}`);
          if (file !== 0 && !(file <= maxStr && strOff[file] >= 0)) throw new GenError(`found invalid file string ID ${file} for stack ${id}`);
          if (nf + 4 > frames.length) {
            const x = new Float64Array(frames.length * 2);
            x.set(frames);
            frames = this.stackFrames = x;
          }
          frames[nf] = pc;
          frames[nf + 1] = fn;
          frames[nf + 2] = file;
          frames[nf + 3] = line;
          nf += 4;
        }
        if (id > maxStk) maxStk = id;
      }
    }
    this.stackOff = this.idOff.slice(0, maxStk + 1);
    this.stackLen = this.idLen.slice(0, maxStk + 1);
    this.idOff.fill(-1, 0, maxStk + 1);
    this.idLen.fill(0, 0, maxStk + 1);
    this.stackGlobal = new Int32Array(maxStk + 1).fill(-2);
  }

  private loadSync(g: GenerationBatches, ver: number): void {
    const d = g.data;
    let hasFreq = false;
    let hasClock = false;
    let clockTs = 0;
    let clockWallNs = 0;
    for (let i = 0; i < g.sync.length; i += 3) {
      let p = g.sync[i];
      const end = p + g.sync[i + 1];
      let last = g.sync[i + 2];
      if (ver >= 25) p++; // EvSync
      while (p < end) {
        const t = d[p++];
        if (t === Ev.Frequency) {
          if (hasFreq) throw new GenError('found multiple frequency events');
          const f = this.uv(d, p, end);
          p = varintEnd;
          if (!(f > 0)) throw new GenError(`invalid frequency ${f}`);
          this.freqMul = 1.0 / (f / 1e9);
          hasFreq = true;
        } else if (t === Ev.ClockSnapshot && ver >= 25) {
          if (hasClock) throw new GenError('found multiple clock snapshot events');
          hasClock = true;
          const dt = this.uv(d, p, end);
          this.uv(d, varintEnd, end); // mono
          const sec = this.uv(d, varintEnd, end);
          const nsec = this.uv(d, varintEnd, end);
          p = varintEnd;
          last += dt;
          clockTs = last;
          clockWallNs = sec * 1e9 + nsec;
        } else throw new GenError(`expected frequency or clock snapshot event, got ${t}`);
      }
    }
    if (!hasFreq) throw new GenError('no frequency event found');
    if (ver >= 25 && !hasClock) throw new GenError('no clock snapshot event found');
    this.wallStartUnixNs = hasClock ? clockWallNs - (this.mul(clockTs) - this.mul(g.minTs)) : null;
  }

  /** Checked varint read for tables (position after it in varintEnd). */
  private uv(d: Uint8Array, p: number, end: number): number {
    const x = uvarint(d, p, end);
    if (varintEnd < 0) throw new GenError(varintEnd === -1 ? 'truncated varint' : 'malformed varint');
    return x;
  }

  /** Ticks → ns as Go's reader converts them. */
  mul(ticks: number): number {
    return Math.trunc(ticks * this.freqMul);
  }

  /** CPU sample times (absolute ns), sorted. */
  cpuSamples(g: GenerationBatches): Float64Array {
    const d = g.data;
    const out: number[] = [];
    for (let i = 0; i < g.cpu.length; i += 2) {
      let p = g.cpu[i] + 1;
      const end = g.cpu[i] + g.cpu[i + 1];
      while (p < end) {
        if (d[p++] !== Ev.CPUSample) throw new GenError(`expected CPU sample event, got ${d[p - 1]}`);
        const ts = this.uv(d, p, end);
        for (let k = 0; k < 4; k++) this.uv(d, varintEnd, end); // m p g stack
        p = varintEnd;
        out.push(this.mul(ts));
      }
    }
    return Float64Array.from(out).sort();
  }

  /** Model string id of per-generation string `id`. */
  str(id: number): number {
    const g = id < this.strGlobal.length ? this.strGlobal[id] : -1;
    if (g >= 0) return g;
    return (this.strGlobal[id] = this.b.intern(this.text(id)));
  }

  /** The text of per-generation string `id` (decoded once; log messages are not interned). */
  text(id: number): string {
    if (id === 0) return '';
    let s = this.strs[id];
    if (s === undefined) {
      const o = id < this.strOff.length ? this.strOff[id] : -1;
      if (o < 0) throw new GenError(`found invalid string ID ${id}`);
      s = this.strs[id] = this.dec.decode(this.data.subarray(o, o + this.strLen[id]));
    }
    return s;
  }

  /** Model stack id of per-generation stack `id` (0 → −1). */
  stk(id: number): number {
    if (id === 0) return -1;
    const g = id < this.stackGlobal.length ? this.stackGlobal[id] : -3;
    if (g >= -1) return g;
    if (g === -3 || this.stackOff[id] < 0) throw new GenError(`found invalid stack ID ${id}`);
    const off = this.stackOff[id];
    const n = this.stackLen[id];
    const f = this.stackFrames;
    // the same PCs in an earlier generation: the same model stack (stacks repeat every generation)
    let h = n | 0;
    for (let k = 0; k < n; k++) {
      const pc = f[off + 4 * k];
      h = Math.imul(h ^ (pc | 0), 0x01000193) ^ Math.imul((pc / 4294967296) | 0, 0x2c1b3c6d);
    }
    h = (h ^ (h >>> 15)) >>> 0;
    const known = this.knownStack(h, off, n);
    if (known >= 0) return (this.stackGlobal[id] = known);
    const ids = this.frameIds;
    for (let k = 0; k < n; k++) {
      const o = off + 4 * k;
      const pc = f[o];
      let fr = this.pcFrame.get(pc);
      if (fr === undefined) {
        fr = this.b.frame(this.text(f[o + 1]), this.text(f[o + 2]), f[o + 3]);
        this.pcFrame.set(pc, fr);
      }
      ids[k] = fr;
    }
    const model = this.b.stackFromLeafFirst(ids, n);
    this.rememberStack(h, off, n, model);
    return (this.stackGlobal[id] = model);
  }

  // ---- stacks by their PCs, across generations: an open-addressing table over a PC arena ----
  private scTable = new Int32Array(1 << 12);
  private scOff: number[] = [];
  private scLen: number[] = [];
  private scModel: number[] = [];
  private scPcs = new Float64Array(1 << 12);
  private scPcsLen = 0;

  /** Model stack of a stack with the PCs at `off` (stride 4) in stackFrames, hash `h`; −1 unknown. */
  private knownStack(h: number, off: number, n: number): number {
    const t = this.scTable;
    const mask = t.length - 1;
    const f = this.stackFrames;
    for (let i = h & mask; t[i] !== 0; i = (i + 1) & mask) {
      const e = t[i] - 1;
      if (this.scLen[e] !== n) continue;
      const o = this.scOff[e];
      let k = 0;
      while (k < n && this.scPcs[o + k] === f[off + 4 * k]) k++;
      if (k === n) return this.scModel[e];
    }
    return -1;
  }

  private rememberStack(h: number, off: number, n: number, model: number): void {
    if (this.scPcsLen + n > this.scPcs.length) {
      let c = this.scPcs.length * 2;
      while (c < this.scPcsLen + n) c *= 2;
      const x = new Float64Array(c);
      x.set(this.scPcs);
      this.scPcs = x;
    }
    for (let k = 0; k < n; k++) this.scPcs[this.scPcsLen + k] = this.stackFrames[off + 4 * k];
    const e = this.scModel.length;
    this.scOff.push(this.scPcsLen);
    this.scLen.push(n);
    this.scModel.push(model);
    this.scPcsLen += n;
    if ((e + 1) * 2 > this.scTable.length) {
      // grow and rehash
      const t = new Int32Array(this.scTable.length * 2);
      const mask = t.length - 1;
      for (let j = 0; j < e; j++) {
        let hj = this.scLen[j] | 0;
        for (let k = 0; k < this.scLen[j]; k++) {
          const pc = this.scPcs[this.scOff[j] + k];
          hj = Math.imul(hj ^ (pc | 0), 0x01000193) ^ Math.imul((pc / 4294967296) | 0, 0x2c1b3c6d);
        }
        hj = (hj ^ (hj >>> 15)) >>> 0;
        let i = hj & mask;
        while (t[i] !== 0) i = (i + 1) & mask;
        t[i] = j + 1;
      }
      this.scTable = t;
    }
    const t = this.scTable;
    const mask = t.length - 1;
    let i = h & mask;
    while (t[i] !== 0) i = (i + 1) & mask;
    t[i] = e + 1;
  }
}
