/**
 * Old trace format ("v1": headers go 1.11, 1.19, 1.21), layer 1: Go 1.27's
 * internal/trace/internal/tracev1 — the event parser and its frontier ordering. The old format
 * keeps the frequency and the stack table at the end of the file, so the whole file is needed
 * before the first event can be ordered. `next()` yields the events in Go's final order;
 * v1-convert.ts turns them into the v2 event model (tracev1.go).
 */
import { ParseError } from '../types';
import { uvarint, varintEnd } from '../varint';

// old-format event types
/** old-format event types */
export const E = {
  None: 0,
  Batch: 1,
  Frequency: 2,
  Stack: 3,
  Gomaxprocs: 4,
  ProcStart: 5,
  ProcStop: 6,
  GCStart: 7,
  GCDone: 8,
  STWStart: 9,
  STWDone: 10,
  GCSweepStart: 11,
  GCSweepDone: 12,
  GoCreate: 13,
  GoStart: 14,
  GoEnd: 15,
  GoStop: 16,
  GoSched: 17,
  GoPreempt: 18,
  GoSleep: 19,
  GoBlock: 20,
  GoUnblock: 21,
  GoBlockSend: 22,
  GoBlockRecv: 23,
  GoBlockSelect: 24,
  GoBlockSync: 25,
  GoBlockCond: 26,
  GoBlockNet: 27,
  GoSysCall: 28,
  GoSysExit: 29,
  GoSysBlock: 30,
  GoWaiting: 31,
  GoInSyscall: 32,
  HeapAlloc: 33,
  HeapGoal: 34,
  TimerGoroutine: 35,
  FutileWakeup: 36,
  String: 37,
  GoStartLocal: 38,
  GoUnblockLocal: 39,
  GoSysExitLocal: 40,
  GoStartLabel: 41,
  GoBlockGC: 42,
  GCMarkAssistStart: 43,
  GCMarkAssistDone: 44,
  UserTaskCreate: 45,
  UserTaskEnd: 46,
  UserRegion: 47,
  UserLog: 48,
  CPUSample: 49,
  Count: 50,
} as const;

/** [number of args (without timestamp), has stack, min version] per old event type. */
const DESC: [number, boolean, number][] = [];
(
  [
    [E.Batch, 2, false, 5], [E.Frequency, 1, false, 5], [E.Stack, 2, false, 5], [E.Gomaxprocs, 1, true, 5],
    [E.ProcStart, 1, false, 5], [E.ProcStop, 0, false, 5], [E.GCStart, 1, true, 5], [E.GCDone, 0, false, 5],
    [E.STWStart, 1, false, 5], [E.STWDone, 0, false, 5], [E.GCSweepStart, 0, true, 5], [E.GCSweepDone, 2, false, 5],
    [E.GoCreate, 2, true, 5], [E.GoStart, 2, false, 5], [E.GoEnd, 0, false, 5], [E.GoStop, 0, true, 5],
    [E.GoSched, 0, true, 5], [E.GoPreempt, 0, true, 5], [E.GoSleep, 0, true, 5], [E.GoBlock, 0, true, 5],
    [E.GoUnblock, 2, true, 5], [E.GoBlockSend, 0, true, 5], [E.GoBlockRecv, 0, true, 5], [E.GoBlockSelect, 0, true, 5],
    [E.GoBlockSync, 0, true, 5], [E.GoBlockCond, 0, true, 5], [E.GoBlockNet, 0, true, 5], [E.GoSysCall, 0, true, 5],
    [E.GoSysExit, 3, false, 5], [E.GoSysBlock, 0, false, 5], [E.GoWaiting, 1, false, 5], [E.GoInSyscall, 1, false, 5],
    [E.HeapAlloc, 1, false, 5], [E.HeapGoal, 1, false, 5], [E.TimerGoroutine, 1, false, 5], [E.FutileWakeup, 0, false, 5],
    [E.String, 0, false, 7], [E.GoStartLocal, 1, false, 7], [E.GoUnblockLocal, 1, true, 7], [E.GoSysExitLocal, 2, false, 7],
    [E.GoStartLabel, 3, false, 8], [E.GoBlockGC, 0, true, 8], [E.GCMarkAssistStart, 0, true, 9], [E.GCMarkAssistDone, 0, false, 9],
    [E.UserTaskCreate, 3, true, 11], [E.UserTaskEnd, 1, true, 11], [E.UserRegion, 3, true, 11], [E.UserLog, 2, true, 11],
    [E.CPUSample, 3, true, 19],
  ] as const
).forEach(([t, n, s, v]) => (DESC[t] = [n, s, v]));

/** flat copies of DESC for the decoder: min version (255: no such event), has stack, argument count with timestamp and stack */
const DESC_VER = new Uint8Array(64).fill(255);
const DESC_STACK = new Uint8Array(64);
const ARGNUM = new Uint8Array(64);
DESC.forEach(([n, stack, v], t) => {
  if (t === E.None) return;
  DESC_VER[t] = v;
  DESC_STACK[t] = stack ? 1 : 0;
  ARGNUM[t] = n + (stack ? 1 : 0) + (t !== E.Batch && t !== E.Frequency && t !== E.TimerGoroutine ? 1 : 0);
});

/** how an event changes the P's current goroutine: 1 = starts a0, 2 = ends it, 3 = is about a0 (g = a0) */
const G_EFFECT = new Uint8Array(64);
for (const t of [E.GoStart, E.GoStartLocal, E.GoStartLabel]) G_EFFECT[t] = 1;
for (const t of [E.GoEnd, E.GoStop, E.GoSched, E.GoPreempt, E.GoSleep, E.GoBlock, E.GoBlockSend, E.GoBlockRecv, E.GoBlockSelect, E.GoBlockSync, E.GoBlockCond, E.GoBlockNet, E.GoSysBlock, E.GoBlockGC]) G_EFFECT[t] = 2;
for (const t of [E.GoSysExit, E.GoWaiting, E.GoInSyscall]) G_EFFECT[t] = 3;
/** events with inline arguments (at most 3 with the timestamp) that the batch decoder takes on its fast path */
const FAST = new Uint8Array(64);
for (let t = 0; t < 64; t++)
  FAST[t] = DESC_VER[t] !== 255 && ARGNUM[t] <= 3 && t !== E.Batch && t !== E.String && t !== E.Frequency && t !== E.TimerGoroutine && t !== E.Stack && t !== E.CPUSample && t !== E.UserLog ? 1 : 0;

/** Go 1.27's tracev1.go: the GoBlock reason of each old blocking event */
export const BLOCK_REASON: Record<number, string> = {
  [E.GoStop]: 'forever',
  [E.GoSleep]: 'sleep',
  [E.GoBlock]: '',
  [E.GoBlockSend]: 'chan send',
  [E.GoBlockRecv]: 'chan receive',
  [E.GoBlockSelect]: 'select',
  [E.GoBlockSync]: 'sync',
  [E.GoBlockCond]: 'sync.(*Cond).Wait',
  [E.GoBlockNet]: 'network',
  [E.GoBlockGC]: 'GC mark assist wait for work',
};

/** STW kinds of format 1.21 (index = the STWStart argument) */
export const STW_REASONS = [
  '', 'GC mark termination', 'GC sweep termination', 'write heap dump', 'goroutine profile', 'goroutine profile cleanup',
  'all goroutine stack trace', 'read mem stats', 'AllThreadsSyscall', 'GOMAXPROCS', 'start trace', 'stop trace',
  'CountPagesInUse (test)', 'ReadMetricsSlow (test)', 'ReadMemStatsSlow (test)', 'PageCachePagesLeaked (test)', 'ResetDebugLog (test)',
];

const FAKE_P = 1000000;
const TIMER_P = FAKE_P + 1;
const NETPOLL_P = FAKE_P + 2;
const SYSCALL_P = FAKE_P + 3;
const GC_P = FAKE_P + 4;
const PROFILE_P = FAKE_P + 5;

// g ordering statuses
const gDead = 0;
const gRunnable = 1;
const gRunning = 2;
const gWaiting = 3;
const NOSEQ = -1;
const SEQINC = -2;
const UNORDERED = -1;
const GARBAGE = -2;

/** Growable event columns. */
class Events {
  n = 0;
  cap: number;
  ts: Float64Array;
  g: Float64Array;
  a0: Float64Array;
  a1: Float64Array;
  a2: Float64Array;
  a3: Float64Array;
  stk: Float64Array;
  p: Int32Array;
  typ: Uint8Array;
  constructor(cap = 1024) {
    this.cap = cap;
    this.ts = new Float64Array(cap);
    this.g = new Float64Array(cap);
    this.a0 = new Float64Array(cap);
    this.a1 = new Float64Array(cap);
    this.a2 = new Float64Array(cap);
    this.a3 = new Float64Array(cap);
    this.stk = new Float64Array(cap);
    this.p = new Int32Array(cap);
    this.typ = new Uint8Array(cap);
  }
  private grow(): void {
    const c = this.cap * 2;
    const g64 = (a: Float64Array) => {
      const n = new Float64Array(c);
      n.set(a);
      return n;
    };
    this.ts = g64(this.ts);
    this.g = g64(this.g);
    this.a0 = g64(this.a0);
    this.a1 = g64(this.a1);
    this.a2 = g64(this.a2);
    this.a3 = g64(this.a3);
    this.stk = g64(this.stk);
    const p = new Int32Array(c);
    p.set(this.p);
    this.p = p;
    const t = new Uint8Array(c);
    t.set(this.typ);
    this.typ = t;
    this.cap = c;
  }
  push(typ: number, ts: number, g: number, p: number, a0: number, a1: number, a2: number, a3: number, stk: number): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.typ[i] = typ;
    this.ts[i] = ts;
    this.g[i] = g;
    this.p[i] = p;
    this.a0[i] = a0;
    this.a1[i] = a1;
    this.a2[i] = a2;
    this.a3[i] = a3;
    this.stk[i] = stk;
    return i;
  }
  copyFrom(src: Events, i: number): number {
    return this.push(src.typ[i], src.ts[i], src.g[i], src.p[i], src.a0[i], src.a1[i], src.a2[i], src.a3[i], src.stk[i]);
  }
}

class V1Error extends Error {}

function newProc(pid: number, batches: number[], idx: number, ev: Events | null): Proc {
  return { pid, idx, key: 0, sk: 0, si: -1, siseq: 0, sist: 0, snseq: 0, snst: 0, batches, bi: 0, ev: ev ?? new Events(64), ei: 0, fi: 0, done: false };
}

const ABSENT = 255;

/**
 * Per-goroutine state of the passes, by slot: goids below 2^22 index a dense table, others
 * (and the ordering's pseudo keys) go through a Map.
 */
class Slots {
  private dense = new Int32Array(1024).fill(-1);
  private readonly sparse = new Map<number, number>();
  n = 0;
  private cap = 1024;
  /** ordering: sequence number and status */
  gseq = new Float64Array(1024);
  gst = new Uint8Array(1024);
  /** first pass: time of the last GoSysBlock/GoInSyscall; merge index of a pending GoSysCall */
  sysBlock = new Float64Array(1024);
  pendSys = new Float64Array(1024).fill(-1);
  /** post-processing: state (ABSENT = not seen), new-stack id of the GoCreate (NaN none), type of the last state change */
  pst = new Uint8Array(1024).fill(ABSENT);
  pcreate = new Float64Array(1024).fill(NaN);
  plast = new Uint8Array(1024);

  slot(g: number): number {
    if (g >= 0 && g < 4194304) {
      if (g < this.dense.length) {
        const s = this.dense[g];
        if (s >= 0) return s;
      } else {
        let l = this.dense.length;
        while (l <= g) l *= 2;
        const d = new Int32Array(l).fill(-1);
        d.set(this.dense);
        this.dense = d;
      }
      const s = this.add();
      this.dense[g] = s;
      return s;
    }
    let s = this.sparse.get(g);
    if (s === undefined) this.sparse.set(g, (s = this.add()));
    return s;
  }

  /** slot for post-processing: created as dead when not seen yet */
  get(g: number): number {
    const s = this.slot(g);
    if (this.pst[s] === ABSENT) this.pst[s] = gDead;
    return s;
  }

  resetPost(): void {
    this.pst.fill(ABSENT);
    this.pcreate.fill(NaN);
    this.plast.fill(0);
  }

  private add(): number {
    if (this.n === this.cap) {
      const c = this.cap * 2;
      const f64 = (a: Float64Array, v: number) => {
        const x = new Float64Array(c).fill(v);
        x.set(a);
        return x;
      };
      const u8 = (a: Uint8Array, v: number) => {
        const x = new Uint8Array(c).fill(v);
        x.set(a);
        return x;
      };
      this.gseq = f64(this.gseq, 0);
      this.gst = u8(this.gst, 0);
      this.sysBlock = f64(this.sysBlock, 0);
      this.pendSys = f64(this.pendSys, -1);
      this.pst = u8(this.pst, ABSENT);
      this.pcreate = f64(this.pcreate, NaN);
      this.plast = u8(this.plast, 0);
      this.cap = c;
    }
    return this.n++;
  }
}

interface Proc {
  pid: number;
  /** index in the procs list (what the first pass records per event) */
  idx: number;
  /** time of its event waiting in the frontier */
  key: number;
  /** that event's goroutine state transition (Go's stateTransition) */
  sk: number;
  /** slot of sk */
  si: number;
  siseq: number;
  sist: number;
  snseq: number;
  snst: number;
  batches: number[]; // offsets
  bi: number;
  ev: Events;
  ei: number;
  /** index of its event waiting in the frontier */
  fi: number;
  done: boolean;
}

export class V1Parser {
  private readonly d: Uint8Array;
  private readonly ver: number;
  private off = 0;
  private readonly strings = new Map<number, string>();
  private readonly inline: string[] = [];
  private readonly inlineIdx = new Map<string, number>();
  private readonly stacks = new Map<number, number[]>();
  private readonly pcs = new Map<number, [number, number, number]>();
  private ticksPerSec = 0;
  private readonly timerGoids = new Set<number>();
  private readonly batchOffsets = new Map<number, number[]>();
  private readonly cpu = new Events(64);
  private readonly slots = new Slots();
  // parseEvent state
  private lastTs = 0;
  private lastG = 0;
  private lastP = 0;
  private readonly lastGs = new Map<number, number>();
  private args = new Float64Array(4200);
  /** number of values in args */
  private na = 0;
  private sarg = '';

  constructor(data: Uint8Array, version: number) {
    this.d = data;
    this.ver = version;
  }

  /** Reads the tables and orders the events (first pass); then next() yields them in Go's final order. */
  prepare(): { strings: Map<number, string>; inline: string[]; stacks: Map<number, number[]>; pcs: Map<number, [number, number, number]> } {
    try {
      this.collect();
      this.order();
      if (this.ticksPerSec === 0)
        throw new V1Error('no frequency event: this old-format trace was not stopped cleanly (the frequency and the stack table are written only when tracing stops), so it cannot be read');
      this.nsPerTick = 1e9 / this.ticksPerSec;
      this.startReplay();
      return { strings: this.strings, inline: this.inline, stacks: this.stacks, pcs: this.pcs };
    } catch (e) {
      if (e instanceof V1Error) throw new ParseError(`old-format trace (go 1.${this.ver}): ${e.message}`);
      throw e;
    }
  }

  private val(): number {
    const d = this.d;
    const p = this.off;
    const c0 = d[p];
    if (c0 < 0x80) {
      this.off = p + 1;
      return c0;
    }
    const x = uvarint(d, p, d.length);
    if (varintEnd < 0) throw new V1Error(varintEnd === -1 ? `malformed varint at byte ${16 + p}: the file is truncated` : `malformed varint at byte ${16 + p}`);
    this.off = varintEnd;
    return x;
  }

  /**
   * Reads one raw event at `off`: returns its type (E.None for strings), args in this.args.
   * `full`: decode args (else skip them, except for CPU samples).
   */
  private raw(full: boolean): number {
    const d = this.d;
    const at = this.off;
    const b = d[this.off++];
    const typ = b & 0x3f;
    const narg = (b >> 6) + 1;
    if (!(DESC_VER[typ] <= this.ver)) throw new V1Error(`unknown event type ${typ} at byte ${16 + at}`);
    const args = this.args;
    this.na = 0;
    if (typ === E.String) {
      const id = this.val();
      const len = this.val();
      if (this.off + len > d.length) throw new V1Error(`string at byte ${16 + at} runs past the end of the file: the trace is truncated`);
      if (!full) {
        if (id === 0) throw new V1Error('string has invalid id 0');
        if (this.strings.has(id) && this.strings.get(id) !== '') throw new V1Error(`string has duplicate id ${id}`);
        if (len === 0) throw new V1Error('string has invalid length 0');
        if (len > 1e6) throw new V1Error(`string has too large length ${len}`);
        this.strings.set(id, new TextDecoder().decode(d.subarray(this.off, this.off + len)));
      }
      this.off += len;
      return E.None;
    }
    if (typ === E.Batch) {
      if (narg !== 2) throw new V1Error(`EvBatch has wrong number of arguments at byte ${16 + at}`);
      args[0] = this.val();
      args[1] = this.val();
      this.na = 2;
      return typ;
    }
    if (narg <= 3) {
      let off = this.off;
      if (full || typ === E.Frequency) {
        for (let i = 0; i < narg; i++) {
          const c = d[off];
          if (c < 0x80) {
            args[i] = c;
            off++;
          } else {
            this.off = off;
            args[i] = this.val();
            off = this.off;
          }
        }
      } else {
        // first pass: skip the arguments
        for (let i = 0; i < narg; i++) {
          let j = 0;
          for (;;) {
            const c = d[off + j];
            if (c === undefined) throw new V1Error(`malformed varint at byte ${16 + off}: the file is truncated`);
            if (c < 0x80) break;
            if (++j === 10) throw new V1Error(`malformed varint at byte ${16 + off}`);
          }
          off += j + 1;
        }
      }
      this.off = off;
      this.na = narg;
    } else {
      const len = this.val();
      if (len > 2048) throw new V1Error(`length-prefixed argument too big at byte ${16 + at}: ${len} bytes, limit is 2048`);
      const end = this.off + len;
      if (end > d.length) throw new V1Error(`event at byte ${16 + at} runs past the end of the file: the trace is truncated`);
      if (full || typ === E.CPUSample || typ === E.Stack) {
        let k = 0;
        while (this.off < end) args[k++] = this.val();
        this.na = k;
        if (this.off !== end) throw new V1Error(`malformed event at byte ${16 + at}`);
      }
      this.off = end;
      if (typ === E.UserLog) {
        const n = this.val();
        if (n > 1e6) throw new V1Error(`string is too large (len=${n})`);
        if (this.off + n > d.length) throw new V1Error('the file is truncated inside a log message');
        this.sarg = full ? new TextDecoder().decode(d.subarray(this.off, this.off + n)) : '';
        this.off += n;
      }
    }
    return typ;
  }

  private argNum(typ: number): number {
    return typ === E.Stack ? this.na : ARGNUM[typ];
  }

  /** First pass: batch offsets per P, CPU samples, strings, stacks, frequency. */
  private collect(): void {
    let curP = 0;
    this.off = 0;
    while (this.off < this.d.length) {
      const at = this.off;
      const typ = this.raw(false);
      if (typ === E.None) continue;
      if (typ === E.Batch) {
        const pid = this.args[0] === -1 ? -1 : this.args[0];
        if (pid > 0x7fffffff) throw new V1Error(`processor ID ${pid} is too large`);
        let l = this.batchOffsets.get(pid);
        if (!l) this.batchOffsets.set(pid, (l = []));
        l.push(at);
        curP = pid;
      }
      if (!this.batchOffsets.has(curP)) throw new V1Error(`read event ${typ} with current P of ${curP}, but P has no batches yet`);
      if (typ === E.CPUSample) {
        const a = this.args;
        if (this.na !== this.argNum(typ)) throw new V1Error(`CPU sample has wrong number of arguments`);
        // [ts, realTs, p, g, stk]
        this.cpu.push(E.CPUSample, a[1], a[3], a[2] === -1 ? -1 : a[2], 0, 0, 0, 0, a[4]);
      } else if (typ === E.Frequency) {
        // args skipped in this pass: re-read
        this.off = at;
        this.raw(true);
        this.ticksPerSec = this.args[0];
        if (this.ticksPerSec <= 0) throw new V1Error('time stamps out of order (bad frequency)');
      } else if (typ === E.TimerGoroutine) {
        this.off = at;
        this.raw(true);
        this.timerGoids.add(this.args[0]);
      } else if (typ === E.Stack) {
        const a = this.args;
        if (this.na < 2) throw new V1Error('EvStack has wrong number of arguments');
        const size = a[1];
        if (size > 1000) throw new V1Error(`EvStack has bad number of frames: ${size}`);
        if (this.na !== 2 + 4 * size) throw new V1Error('EvStack has wrong number of arguments');
        const id = a[0];
        if (id !== 0 && size > 0) {
          const pcs: number[] = [];
          for (let i = 0; i < size; i++) {
            const pc = a[2 + i * 4];
            pcs.push(pc);
            if (!this.pcs.has(pc)) this.pcs.set(pc, [a[3 + i * 4], a[4 + i * 4], a[5 + i * 4]]);
          }
          this.stacks.set(id, pcs);
        }
      }
    }
    // sort CPU samples by time (stable)
    const c = this.cpu;
    const idx = Array.from({ length: c.n }, (_, i) => i).sort((x, y) => c.ts[x] - c.ts[y] || x - y);
    const sorted = new Events(Math.max(16, c.n));
    for (const i of idx) sorted.copyFrom(c, i);
    this.cpuSorted = sorted;
  }

  private cpuSorted = new Events(16);

  /** Loads the next batch of a P into proc.ev. */
  private loadBatch(pr: Proc): boolean {
    if (pr.bi >= pr.batches.length) return false;
    this.off = pr.batches[pr.bi++];
    const ev = pr.ev;
    ev.n = 0;
    let gotHeader = false;
    const d = this.d;
    const ver = this.ver;
    while (this.off < d.length) {
      // fast path: an event with its arguments inline (the common case), decoded here
      const at = this.off;
      const b = d[at];
      const ft = b & 0x3f;
      const narg = (b >> 6) + 1;
      if (FAST[ft] === 1 && DESC_VER[ft] <= ver && ARGNUM[ft] === narg) {
        let off = at + 1;
        let v0: number;
        let v1 = 0;
        let v2 = 0;
        let c = d[off];
        if (c < 0x80) {
          v0 = c;
          off++;
        } else {
          this.off = off;
          v0 = this.val();
          off = this.off;
        }
        if (narg > 1) {
          c = d[off];
          if (c < 0x80) {
            v1 = c;
            off++;
          } else {
            this.off = off;
            v1 = this.val();
            off = this.off;
          }
          if (narg > 2) {
            c = d[off];
            if (c < 0x80) {
              v2 = c;
              off++;
            } else {
              this.off = off;
              v2 = this.val();
              off = this.off;
            }
          }
        }
        this.off = off;
        const ts = this.lastTs + v0;
        this.lastTs = ts;
        // arguments after the timestamp, the stack id last
        let a0 = 0;
        let a1 = 0;
        let stk = 0;
        if (DESC_STACK[ft] === 1) {
          if (narg === 2) stk = v1;
          else {
            a0 = v1;
            stk = v2;
          }
        } else {
          a0 = v1;
          a1 = v2;
        }
        let g = this.lastG;
        const eff = G_EFFECT[ft];
        if (eff === 1) g = this.lastG = a0;
        else if (eff === 2) this.lastG = 0;
        else if (eff === 3) g = a0;
        ev.push(ft, ts, g, this.lastP, a0, a1, 0, 0, stk);
        continue;
      }
      const typ = this.raw(true);
      if (typ === E.None || typ === E.CPUSample) continue;
      if (typ === E.Batch) {
        if (gotHeader) break;
        gotHeader = true;
      }
      this.parseEvent(typ, ev);
    }
    pr.ei = 0;
    return true;
  }

  private parseEvent(typ: number, out: Events): void {
    const a = this.args;
    const narg = this.argNum(typ);
    if (this.na !== narg) throw new V1Error(`event type ${typ} has wrong number of arguments: want ${narg}, got ${this.na}`);
    switch (typ) {
      case E.Batch:
        this.lastGs.set(this.lastP, this.lastG);
        this.lastP = a[0] === -1 ? -1 : a[0];
        this.lastG = this.lastGs.get(this.lastP) ?? 0;
        this.lastTs = a[1];
        return;
      case E.Frequency:
      case E.TimerGoroutine:
      case E.Stack:
      case E.CPUSample:
        return;
    }
    const ts = this.lastTs + a[0];
    this.lastTs = ts;
    // arguments after the timestamp, the stack id last
    const hasStk = DESC_STACK[typ] === 1;
    const nar = narg - 1 - (hasStk ? 1 : 0);
    const a0 = nar > 0 ? a[1] : 0;
    const a1 = nar > 1 ? a[2] : 0;
    const a2 = nar > 2 ? a[3] : 0;
    let a3 = 0;
    const stk = hasStk ? a[narg - 1] : 0;
    let g = this.lastG;
    switch (typ) {
      case E.GoStart:
      case E.GoStartLocal:
      case E.GoStartLabel:
        this.lastG = a0;
        g = a0;
        break;
      case E.GoEnd:
      case E.GoStop:
      case E.GoSched:
      case E.GoPreempt:
      case E.GoSleep:
      case E.GoBlock:
      case E.GoBlockSend:
      case E.GoBlockRecv:
      case E.GoBlockSelect:
      case E.GoBlockSync:
      case E.GoBlockCond:
      case E.GoBlockNet:
      case E.GoSysBlock:
      case E.GoBlockGC:
        this.lastG = 0;
        break;
      case E.GoSysExit:
      case E.GoWaiting:
      case E.GoInSyscall:
        g = a0;
        break;
      case E.UserLog: {
        let id = this.inlineIdx.get(this.sarg);
        if (id === undefined) {
          id = this.inline.length;
          this.inlineIdx.set(this.sarg, id);
          this.inline.push(this.sarg);
        }
        a3 = id;
        break;
      }
    }
    out.push(typ, ts, g, this.lastP, a0, a1, a2, a3, stk);
  }

  // Go's stateTransition, results in fields (no allocation per event)
  private sk = 0;
  private siseq = 0;
  private sist = 0;
  private snseq = 0;
  private snst = 0;
  private st(ev: Events, i: number): void {
    switch (ev.typ[i]) {
      case E.GoCreate:
        return this.set(ev.a0[i], 0, gDead, 1, gRunnable);
      case E.GoWaiting:
      case E.GoInSyscall:
        return this.set(ev.g[i], 1, gRunnable, 2, gWaiting);
      case E.GoStart:
      case E.GoStartLabel:
        return this.set(ev.g[i], ev.a1[i], gRunnable, ev.a1[i] + 1, gRunning);
      case E.GoStartLocal:
        return this.set(ev.g[i], NOSEQ, gRunnable, SEQINC, gRunning);
      case E.GoBlock:
      case E.GoBlockSend:
      case E.GoBlockRecv:
      case E.GoBlockSelect:
      case E.GoBlockSync:
      case E.GoBlockCond:
      case E.GoBlockNet:
      case E.GoSleep:
      case E.GoSysBlock:
      case E.GoBlockGC:
        return this.set(ev.g[i], NOSEQ, gRunning, NOSEQ, gWaiting);
      case E.GoSched:
      case E.GoPreempt:
        return this.set(ev.g[i], NOSEQ, gRunning, NOSEQ, gRunnable);
      case E.GoUnblock:
      case E.GoSysExit:
        return this.set(ev.a0[i], ev.a1[i], gWaiting, ev.a1[i] + 1, gRunnable);
      case E.GoUnblockLocal:
      case E.GoSysExitLocal:
        return this.set(ev.a0[i], NOSEQ, gWaiting, SEQINC, gRunnable);
      case E.GCStart:
        return this.set(GARBAGE, ev.a0[i], gDead, ev.a0[i] + 1, gDead);
      default:
        return this.set(UNORDERED, 0, 0, 0, 0);
    }
  }
  private set(k: number, iseq: number, ist: number, nseq: number, nst: number): void {
    this.sk = k;
    this.siseq = iseq;
    this.sist = ist;
    this.snseq = nseq;
    this.snst = nst;
  }

  /** Go's frontier ordering of the per-P batches (tracev1 parseEventBatches), first pass. */
  private order(): void {
    const procs: Proc[] = [];
    for (const [pid, batches] of this.batchOffsets) procs.push(newProc(pid, batches, procs.length, null));
    procs.push(newProc(PROFILE_P, [], procs.length, this.cpuSorted));
    this.procs = procs;
    const sl = this.slots;
    let cap = Math.max(1024, Math.ceil(this.d.length / 3));
    // which proc each event came from, in merge order: 1 byte per event unless there are many Ps
    const ordArray = (n: number): Uint8Array | Uint16Array | Uint32Array =>
      procs.length <= 256 ? new Uint8Array(n) : procs.length <= 65536 ? new Uint16Array(n) : new Uint32Array(n);
    let ord = ordArray(cap);
    let blk = new Uint8Array((cap >> 3) + 1);
    let n = 0;
    let prevTs = -Infinity;
    let tsBad = false;
    let sysErr: string | null = null;
    /** GoSysCalls whose goroutine has had no event since */
    let pending = 0;
    const frontier: Proc[] = []; // heap by the time of each proc's pending event `fi`
    const avail: Proc[] = procs.slice();
    let na = avail.length;
    for (;;) {
      for (let i = 0; i < na; i++) {
        const pr = avail[i];
        let ev = pr.ev;
        if (pr.ei >= ev.n) {
          let ok = true;
          while (pr.ei >= pr.ev.n) {
            if (pr.pid === PROFILE_P || !this.loadBatch(pr)) {
              ok = false;
              break;
            }
          }
          if (!ok) {
            pr.done = true;
            avail[i] = avail[--na];
            i--;
            continue;
          }
          ev = pr.ev;
        }
        const ei = pr.ei;
        this.st(ev, ei);
        let si = -1;
        if (this.sk !== UNORDERED) {
          si = sl.slot(this.sk);
          if (!((this.siseq === NOSEQ || this.siseq === sl.gseq[si]) && this.sist === sl.gst[si])) continue;
        }
        avail[i] = avail[--na];
        pr.si = si;
        pr.sk = this.sk;
        pr.siseq = this.siseq;
        pr.sist = this.sist;
        pr.snseq = this.snseq;
        pr.snst = this.snst;
        pr.fi = ei;
        pr.key = ev.ts[ei];
        pr.ei = ei + 1;
        let j = frontier.length;
        frontier.push(pr);
        const key = pr.key;
        while (j > 0) {
          const p = (j - 1) >> 1;
          const fp = frontier[p];
          if (!(key < fp.key)) break;
          frontier[j] = fp;
          j = p;
        }
        frontier[j] = pr;
        i--;
      }
      if (frontier.length === 0) {
        for (const pr of procs) if (!pr.done) throw new V1Error('no consistent ordering of events possible (Go cannot order this trace either; traces with cgo callbacks from C threads often fail this way)');
        break;
      }
      // pop
      const pr = frontier[0];
      const last = frontier.pop()!;
      const fl = frontier.length;
      if (fl > 0) {
        const key = last.key;
        let i = 0;
        for (;;) {
          const j1 = 2 * i + 1;
          if (j1 >= fl) break;
          let j = j1;
          if (j1 + 1 < fl && frontier[j1 + 1].key < frontier[j1].key) j = j1 + 1;
          if (!(frontier[j].key < key)) break;
          frontier[i] = frontier[j];
          i = j;
        }
        frontier[i] = last;
      }
      const ev = pr.ev;
      const ei = pr.fi;
      if (pr.sk !== UNORDERED) {
        const si = pr.si;
        if (!((pr.siseq === NOSEQ || pr.siseq === sl.gseq[si]) && pr.sist === sl.gst[si])) throw new V1Error('encountered impossible goroutine state transition');
        sl.gseq[si] = pr.snseq === NOSEQ ? sl.gseq[si] : pr.snseq === SEQINC ? sl.gseq[si] + 1 : pr.snseq;
        sl.gst[si] = pr.snst;
      }
      avail[na++] = pr;
      // record the order and what later passes need
      if (n === cap) {
        cap = Math.ceil(cap * 1.5);
        const o = ordArray(cap);
        o.set(ord);
        ord = o;
        const bb = new Uint8Array((cap >> 3) + 1);
        bb.set(blk);
        blk = bb;
      }
      const k = n++;
      ord[k] = pr.idx;
      const ts = ev.ts[ei];
      if (ts < prevTs) tsBad = true;
      prevTs = ts;
      const typ = ev.typ[ei];
      const g = ev.g[ei];
      // GoSysCall: whether the goroutine's next event is GoSysBlock (tracev1.go looks ahead)
      if (pending > 0 || typ === E.GoSysCall) {
        const sg = sl.slot(g);
        const ps = sl.pendSys[sg];
        if (ps >= 0) {
          if (typ === E.GoSysBlock) blk[ps >> 3] |= 1 << (ps & 7);
          sl.pendSys[sg] = -1;
          pending--;
        }
        if (typ === E.GoSysCall) {
          sl.pendSys[sg] = k;
          pending++;
        }
      }
      // GoSysExit carries the real exit time
      if (typ === E.GoSysBlock || typ === E.GoInSyscall) sl.sysBlock[sl.slot(g)] = ts;
      else if ((typ === E.GoSysExit || typ === E.GoSysExitLocal) && sysErr === null) {
        const rt = ev.a2[ei];
        if (rt !== 0) {
          const block = sl.sysBlock[sl.slot(g)];
          if (block === 0) sysErr = 'stray syscall exit';
          else if (rt < block) sysErr = 'time stamps out of order';
          else {
            this.moved.push(k, rt, g);
            continue;
          }
        }
      }
      if (this.firstTs === Infinity) this.firstTs = ts;
    }
    if (tsBad) throw new V1Error('time stamps out of order');
    if (sysErr !== null) throw new V1Error(sysErr);
    this.n = n;
    this.ord = ord;
    this.blk = blk;
    // moved exits in their final order: by (new time, original index)
    const mv = this.moved;
    const m = mv.length / 3;
    const idx = new Int32Array(m);
    for (let i = 0; i < m; i++) idx[i] = i;
    idx.sort((x, y) => mv[x * 3 + 1] - mv[y * 3 + 1] || x - y);
    const mt = new Float64Array(m);
    const mk = new Float64Array(m);
    const mg = new Float64Array(m);
    this.movedK = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      this.movedK[i] = mv[i * 3];
      const x = idx[i];
      mk[i] = mv[x * 3];
      mt[i] = mv[x * 3 + 1];
      mg[i] = mv[x * 3 + 2];
    }
    this.mt = mt;
    this.mk = mk;
    this.mg = mg;
    this.moved.length = 0;
  }

  // first-pass results
  private procs: Proc[] = [];
  private n = 0;
  private ord: Uint8Array | Uint16Array | Uint32Array = new Uint8Array(0);
  private blk = new Uint8Array(0);
  private readonly moved: number[] = [];
  /** original indexes of moved GoSysExits, ascending */
  private movedK = new Float64Array(0);
  /** moved GoSysExits in final order: time, original index, goroutine */
  private mt = new Float64Array(0);
  private mk = new Float64Array(0);
  private mg = new Float64Array(0);
  private minTs = 0;
  /** time of the first event that keeps its place */
  private firstTs = Infinity;
  private nsPerTick = 1;

  // second pass (replay) cursor
  private k = 0;
  private mi = 0;
  private mki = 0;
  /** decoded event k waiting: its proc, -1 none */
  private pendP: Proc | null = null;
  private pendI = 0;

  /** The current event after next(): old-format type (Local variants renamed), ns from the first event, g, P, args, stack, GoSysCall blocked. */
  typ = 0;
  ts = 0;
  g = 0;
  p = 0;
  a0 = 0;
  a1 = 0;
  a2 = 0;
  a3 = 0;
  stk = 0;
  blocked = false;

  /** number of events the replay yields */
  get events(): number {
    return this.n;
  }

  private startReplay(): void {
    for (const pr of this.procs) {
      pr.bi = 0;
      pr.ei = 0;
      if (pr.pid !== PROFILE_P) pr.ev.n = 0;
    }
    this.lastTs = 0;
    this.lastG = 0;
    this.lastP = 0;
    this.lastGs.clear();
    this.k = 0;
    this.mi = 0;
    this.mki = 0;
    this.pendP = null;
    const sl = this.slots;
    sl.resetPost();
    sl.pst[sl.slot(0)] = gRunning;
    // trace start: the time of the first event in final order
    let maxId = 0;
    for (const id of this.stacks.keys()) if (id > maxId) maxId = id;
    if (maxId < 1 << 24) {
      const ok = new Uint8Array(maxId + 1);
      for (const [id, pcs] of this.stacks) if (id >= 0 && pcs.length > 0) ok[id] = 1;
      this.stackOk = ok;
    }
    this.minTs = this.mt.length > 0 ? Math.min(this.mt[0], this.firstTs) : this.firstTs;
  }

  /** Advances to the next event in final order; false at the end. */
  next(): boolean {
    try {
      return this.step();
    } catch (e) {
      if (e instanceof V1Error) throw new ParseError(`old-format trace (go 1.${this.ver}): ${e.message}`);
      throw e;
    }
  }

  private decodeAt(k: number): void {
    const pr = this.procs[this.ord[k]];
    while (pr.ei >= pr.ev.n) if (pr.pid === PROFILE_P || !this.loadBatch(pr)) throw new V1Error('internal: replay ran out of events');
    this.pendP = pr;
    this.pendI = pr.ei++;
  }

  private step(): boolean {
    const mk = this.movedK;
    // skip moved exits at their original place
    for (;;) {
      if (this.pendP === null && this.k < this.n) this.decodeAt(this.k);
      if (this.pendP !== null && this.mki < mk.length && mk[this.mki] === this.k) {
        this.mki++;
        this.k++;
        this.pendP = null;
        continue;
      }
      break;
    }
    const pr = this.pendP;
    const mi = this.mi;
    if (mi < this.mt.length && (pr === null || this.mt[mi] < pr.ev.ts[this.pendI] || (this.mt[mi] === pr.ev.ts[this.pendI] && this.mk[mi] < this.k))) {
      this.mi++;
      const g = this.mg[mi];
      this.typ = E.GoSysExit;
      this.ts = Math.trunc((this.mt[mi] - this.minTs) * this.nsPerTick);
      this.g = g;
      this.p = SYSCALL_P;
      this.a0 = g;
      this.a1 = 0;
      this.a2 = this.mt[mi];
      this.a3 = 0;
      this.stk = 0;
      this.blocked = false;
      this.post();
      return true;
    }
    if (pr === null) return false;
    const ev = pr.ev;
    const i = this.pendI;
    const k = this.k++;
    this.pendP = null;
    let typ = ev.typ[i];
    if (typ === E.GoStartLocal) typ = E.GoStart;
    else if (typ === E.GoUnblockLocal) typ = E.GoUnblock;
    else if (typ === E.GoSysExitLocal) typ = E.GoSysExit;
    this.typ = typ;
    this.ts = Math.trunc((ev.ts[i] - this.minTs) * this.nsPerTick);
    const g = ev.g[i];
    this.g = g;
    let p = ev.p[i];
    if (typ === E.GoUnblock && this.timerGoids.has(g)) p = TIMER_P;
    else if (typ === E.GoSysExit) p = SYSCALL_P;
    this.p = p;
    this.a0 = ev.a0[i];
    this.a1 = ev.a1[i];
    this.a2 = ev.a2[i];
    this.a3 = ev.a3[i];
    this.stk = ev.stk[i];
    this.blocked = typ === E.GoSysCall && (this.blk[k >> 3] & (1 << (k & 7))) !== 0;
    this.post();
    return true;
  }

  /** Go's postProcessTrace for the current event: changes to events and its consistency checks on goroutines. */
  private post(): void {
    const sl = this.slots;
    const t = this.typ;
    const g = this.g;
    switch (t) {
      case E.GoCreate: {
        const s = sl.slot(this.a0);
        if (sl.pst[s] !== ABSENT) throw new V1Error(`g ${this.a0} already exists (time ${this.ts})`);
        sl.pst[s] = gRunnable;
        sl.pcreate[s] = this.a1;
        sl.plast[s] = t;
        break;
      }
      case E.GoWaiting:
      case E.GoInSyscall: {
        const s = sl.get(g);
        if (sl.pst[s] !== gRunnable) throw new V1Error(`g ${g} is not runnable before ${t === E.GoWaiting ? 'EvGoWaiting' : 'EvGoInSyscall'} (time ${this.ts})`);
        sl.pst[s] = gWaiting;
        sl.plast[s] = t;
        break;
      }
      case E.GoStart:
      case E.GoStartLabel: {
        const s = sl.get(g);
        if (sl.pst[s] !== gRunnable) throw new V1Error(`g ${g} is not runnable before start (time ${this.ts})`);
        sl.pst[s] = gRunning;
        if (sl.pcreate[s] === sl.pcreate[s]) {
          this.stk = sl.pcreate[s];
          sl.pcreate[s] = NaN;
        }
        break;
      }
      case E.GoEnd:
      case E.GoStop:
        sl.pst[sl.get(g)] = gDead;
        break;
      case E.GoSched:
      case E.GoPreempt: {
        const s = sl.get(g);
        sl.pst[s] = gRunnable;
        sl.plast[s] = t;
        break;
      }
      case E.GoUnblock: {
        const s1 = sl.get(this.a0);
        if (sl.pst[s1] !== gWaiting) throw new V1Error(`g ${this.a0} is not waiting before unpark (time ${this.ts})`);
        if (sl.plast[s1] === E.GoBlockNet) this.p = NETPOLL_P;
        sl.pst[s1] = gRunnable;
        sl.plast[s1] = t;
        break;
      }
      case E.GoSysBlock:
        sl.pst[sl.get(g)] = gWaiting;
        break;
      case E.GoSysExit: {
        const s = sl.get(g);
        if (sl.pst[s] !== gWaiting) throw new V1Error(`g ${g} is not waiting during syscall exit (time ${this.ts})`);
        sl.pst[s] = gRunnable;
        sl.plast[s] = t;
        break;
      }
      case E.GoSleep:
      case E.GoBlock:
      case E.GoBlockSend:
      case E.GoBlockRecv:
      case E.GoBlockSelect:
      case E.GoBlockSync:
      case E.GoBlockCond:
      case E.GoBlockNet:
      case E.GoBlockGC: {
        const s = sl.get(g);
        if (sl.pst[s] !== gRunning) throw new V1Error(`g ${g} is not running while blocking (time ${this.ts})`);
        sl.pst[s] = gWaiting;
        sl.plast[s] = t;
        break;
      }
      case E.GCStart:
        this.p = GC_P;
        break;
    }
    const st = this.stk;
    if (st !== 0 && !this.hasStack(st)) this.stk = 0;
  }

  /** stack ids with frames (dense by id when the ids are small) */
  private stackOk: Uint8Array | null = null;
  private hasStack(id: number): boolean {
    const ok = this.stackOk;
    if (ok !== null) return id >= 0 && id < ok.length && ok[id] === 1;
    return (this.stacks.get(id)?.length ?? 0) > 0;
  }
}
