/**
 * The one normalized model every view reads (see ../../README.md, docs/architecture).
 *
 * Struct-of-arrays tables with integer ids. Parsers write through `ModelBuilder`; `freeze()`
 * produces a `Model`, a plain object of typed arrays and a few small objects. The web worker keeps
 * it and answers the page's questions from it (src/worker); `ModelView` (read.ts) wraps it for lookups.
 */
import { DEFAULT_STRING_LIMITS, ModelLimitError, StringTableBuilder, type FrozenStrings, type StringLimits } from './strings';
import { Column, float64Column, int32Column, uint16Column, uint8Column } from './columns';
import type { TraceModel } from './trace';
import type { SchedSnapshot } from './sched';

/** The CLI's `format` values (docs/cli-summary.md). */
export type InputFormat =
  | 'goroutine-dump'
  | 'goroutine-profile-text'
  | 'pprof'
  | 'execution-trace'
  | 'schedtrace';

/** Bit flags of a goroutine row. */
export const GFlag = {
  /** `, locked to thread` */
  Locked: 1,
  /** ` (leaked)` in the header, or a row of a goroutineleak profile */
  Leaked: 2,
  /** ` (durable)` (synctest) */
  Durable: 4,
  /** ` (scan)` */
  Scan: 8,
  /** the input ended inside this goroutine's block, or a frame was cut */
  Truncated: 16,
  /** `goroutine running on other thread; stack unavailable` */
  NoStack: 32,
  /** `goroutine 0` — an M's scheduler stack (g0), not a real goroutine */
  G0: 64,
  /** an elision marker was printed: the stack shown is not complete */
  Elided: 128,
  /** the row aggregates goroutines (debug=1 record, pprof sample): no id, no state */
  Aggregated: 256,
} as const;

/** Bit flags of a frame row. */
export const FrameFlag = {
  /** printed with `(...)`: inlined into the next (outer) frame */
  Inlined: 1,
} as const;

export interface ValueType {
  type: string;
  unit: string;
}

export interface Preamble {
  /** the first `panic: …` line's value, chained panics joined by newlines */
  panic?: string;
  /** `fatal error: …` */
  fatal?: string;
  /** `SIGQUIT: quit`, `SIGSEGV: segmentation violation`, … */
  signal?: string;
  /** `goroutine profile: total N` / `goroutineleak profile: total N` */
  declaredTotal?: number;
  /** `go test` timeout: the running tests listed */
  runningTests?: string[];
}

export type SnapshotKind =
  | 'traceback' // debug=2, panic, SIGQUIT, runtime.Stack, go test timeout
  | 'profile' // debug=1 text or pprof protobuf of the goroutine / goroutineleak profile
  | 'time-profile' // pprof whose values are blocked time (go tool trace -pprof=, block, mutex)
  | 'schedtrace' // one SCHED block
  | 'trace-end'; // an execution trace's goroutines as they ended (not part of the CLI's snapshots)

export interface Snapshot {
  /** index into Model.inputs */
  input: number;
  kind: SnapshotKind;
  /** e.g. "dump 2 of 3", "SCHED 1203ms" */
  label: string;
  /** Unix ms when known (pprof time_nanos, a log timestamp), else null */
  timeMs: number | null;
  /** ms since program start for schedtrace snapshots, else null */
  uptimeMs: number | null;
  goVersion: string | null;
  /** goroutine rows [rowStart, rowEnd) */
  rowStart: number;
  rowEnd: number;
  /** whether rows carry states / ids (false for debug=1 and pprof) */
  hasStates: boolean;
  hasIds: boolean;
  /** a goroutineleak profile: every row is a proven leak */
  leakProfile: boolean;
  /** what `weight` means ("goroutines" count by default) and, for time profiles, `value2` */
  weightType: ValueType;
  value2Type: ValueType | null;
  preamble: Preamble;
  /** 1-based line in the input where this snapshot starts (text formats) */
  line: number | null;
  sched: SchedSnapshot | null;
}

/** An input opened from a Parkscope snapshot (a shared link or a `.parkscope` file, src/share). */
export interface InputOrigin {
  kind: 'parkscope-snapshot';
  /** encoding version it was written in */
  version: number;
  /** Unix ms when it was made */
  createdMs: number;
  /** what a reduced snapshot left out, in sentences (empty: everything was kept) */
  leftOut: string[];
  /** what redaction changed before it was shared, in sentences */
  redacted: string[];
}

export interface InputInfo {
  file: string;
  bytes: number;
  format: InputFormat | null;
  goVersion: string | null;
  error: string | null;
  warnings: string[];
  /** snapshots [snapshotStart, snapshotEnd) */
  snapshotStart: number;
  snapshotEnd: number;
  /** index into Model.traces, or -1 */
  trace: number;
  /**
   * The series this input belongs to: inputs of one series are snapshots of one process, compared
   * with each other (growth, persisting ids). Files loaded together form one series; an execution
   * trace is always a series of its own. -1 until the loader assigns it (see formats/load.ts).
   */
  series: number;
  /** set when the input came from a Parkscope snapshot rather than from the file it names */
  origin?: InputOrigin;
}

/** An ancestor section (`[originating from goroutine N]:`, GODEBUG=tracebackancestors). */
export interface Ancestor {
  row: number;
  goid: number;
  stack: number;
  createdBy: number;
}

export interface FrozenGoroutines {
  count: number;
  goid: Float64Array;
  snapshot: Int32Array;
  state: Int32Array;
  waitMinutes: Int32Array;
  flags: Uint16Array;
  stack: Int32Array;
  createdBy: Int32Array;
  creatorGoid: Float64Array;
  labels: Int32Array;
  weight: Float64Array;
  value2: Float64Array;
  thread: Int32Array;
  bubble: Int32Array;
}

/**
 * Argument words of traceback frames (the dump parser, formats/dump/parse-dump.ts), for the
 * wait-for analysis (analysis/waitfor.ts): the pointer-like words (0x1000 and up, at most 12 hex
 * digits) of every frame line's argument list, `runtime.chanrecv(0xc00001e0c0, …)`,
 * `sync.(*WaitGroup).Wait(0xc0000b2000)`. Goroutine row r's words are [rowEnd[r - 1], rowEnd[r])
 * (from 0 for row 0); rows of other formats have none. A word is an address id — `addr[id]` is the
 * value, equal values share one id, so grouping by object is grouping by id — and its `info`:
 * bits 0–9 the frame's index in the row's stack (innermost 0), bits 10–14 the word's position in
 * the argument list (31: 31 or later), bit 15 (ArgInfo.Stale) set when Go printed `?` after it
 * (Go 1.17+: the value may be stale, a hint and never proof).
 */
export interface FrozenArgs {
  count: number;
  rowEnd: Int32Array;
  word: Int32Array;
  info: Uint16Array;
  addrCount: number;
  addr: Float64Array;
}

/** Fields of `FrozenArgs.info`. */
export const ArgInfo = {
  FrameMask: 0x3ff,
  PositionShift: 10,
  PositionMask: 0x1f,
  Stale: 0x8000,
} as const;

export interface Model {
  version: 1;
  strings: FrozenStrings;
  frames: { count: number; func: Int32Array; file: Int32Array; line: Int32Array; flags: Uint8Array };
  /** prefix tree: a stack names its innermost frame and the stack it was called from (-1: none) */
  stacks: { count: number; frame: Int32Array; parent: Int32Array };
  /** label set i = pairs data[offsets[i]..offsets[i+1]) as key, value string ids, sorted by key; set 0 is empty */
  labelSets: { count: number; offsets: Int32Array; data: Int32Array };
  goroutines: FrozenGoroutines;
  /** argument words of traceback frames, by goroutine row */
  args: FrozenArgs;
  ancestors: Ancestor[];
  snapshots: Snapshot[];
  inputs: InputInfo[];
  traces: TraceModel[];
}

export interface BuilderMark {
  strings: number;
  frames: number;
  stacks: number;
  labelSets: number;
  goroutines: number;
  ancestors: number;
  snapshots: number;
  inputs: number;
  traces: number;
  /** distinct argument addresses */
  argAddrs: number;
}

/** Values of one goroutine row; unset fields take the defaults below. */
export interface GoroutineRow {
  goid?: number;
  snapshot: number;
  state?: number;
  waitMinutes?: number;
  flags?: number;
  stack?: number;
  createdBy?: number;
  creatorGoid?: number;
  labels?: number;
  weight?: number;
  value2?: number;
  thread?: number;
  bubble?: number;
}

function mix4(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(c + 0x165667b1, 0xc2b2ae35) ^ (d << 27);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}

/** Hash of an argument word (an integer below 2^53): its low and high 32 bits mixed. */
function addrHash(value: number): number {
  const lo = value >>> 0;
  const hi = (value / 4294967296) | 0;
  let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}

/** What one model may hold before an input is refused (strings.ts holds the names' limits). */
export interface ModelLimits extends StringLimits {
  goroutines: number;
}

export const DEFAULT_MODEL_LIMITS: ModelLimits = { ...DEFAULT_STRING_LIMITS, goroutines: 25_000_000 };

export class ModelBuilder {
  readonly strings: StringTableBuilder;

  constructor(readonly limits: ModelLimits = DEFAULT_MODEL_LIMITS) {
    this.strings = new StringTableBuilder(limits);
  }

  readonly frameFunc = int32Column();
  readonly frameFile = int32Column();
  readonly frameLine = int32Column();
  readonly frameFlags = uint8Column();
  /** open-addressing hash of (func, file, line, flags) string ids → frame id + 1 */
  private frameTable = new Int32Array(1 << 12);

  readonly stackFrame = int32Column();
  readonly stackParent = int32Column();
  /** open-addressing hash of (parent, frame) → stack id + 1; typed, so no GC and no heap numbers */
  private stackTable = new Int32Array(1 << 12);
  private stackMask = (1 << 12) - 1;

  /** label sets: pairs (key, value string ids) in one arena; set i = data[offsets[i] .. offsets[i+1]) */
  private readonly labelData = int32Column();
  private readonly labelOffsets = (() => {
    const c = int32Column();
    c.push(0);
    c.push(0); // set 0: the empty set
    return c;
  })();
  /** open-addressing hash of a set's pairs → set id + 1 */
  private labelTable = new Int32Array(1 << 10);

  readonly g = {
    goid: float64Column(),
    snapshot: int32Column(),
    state: int32Column(),
    waitMinutes: int32Column(),
    flags: uint16Column(),
    stack: int32Column(),
    createdBy: int32Column(),
    creatorGoid: float64Column(),
    labels: int32Column(),
    weight: float64Column(),
    value2: float64Column(),
    thread: int32Column(),
    bubble: int32Column(),
  };

  /** argument words of traceback frames (Model.args) */
  readonly args = new ArgArena();

  readonly ancestors: Ancestor[] = [];
  readonly snapshots: Snapshot[] = [];
  readonly inputs: InputInfo[] = [];
  readonly traces: TraceModel[] = [];

  intern(s: string): number {
    return this.strings.intern(s);
  }

  /** A frame (function, file, line); identical frames share one id. */
  frame(func: string, file: string, line: number, flags = 0): number {
    return this.frameOfIds(this.strings.intern(func), this.strings.intern(file), line, flags);
  }

  /** A frame from interned function and file names. */
  frameOfIds(func: number, file: number, line: number, flags = 0): number {
    const fu = this.frameFunc.data;
    const fi = this.frameFile.data;
    const li = this.frameLine.data;
    const fl = this.frameFlags.data;
    const mask = this.frameTable.length - 1;
    let h = mix4(func, file, line, flags) & mask;
    for (;;) {
      const v = this.frameTable[h];
      if (v === 0) break;
      const id = v - 1;
      if (fu[id] === func && fi[id] === file && li[id] === line && fl[id] === flags) return id;
      h = (h + 1) & mask;
    }
    const id = this.frameFunc.push(func);
    this.frameFile.push(file);
    this.frameLine.push(line);
    this.frameFlags.push(flags);
    this.frameTable[h] = id + 1;
    if (this.frameFunc.length * 2 > this.frameTable.length) this.rehashFrames(this.frameTable.length * 2);
    return id;
  }

  private rehashFrames(size: number): void {
    this.frameTable = new Int32Array(size);
    const mask = size - 1;
    const fu = this.frameFunc.data;
    const fi = this.frameFile.data;
    const li = this.frameLine.data;
    const fl = this.frameFlags.data;
    for (let id = 0; id < this.frameFunc.length; id++) {
      let h = mix4(fu[id], fi[id], li[id], fl[id]) & mask;
      while (this.frameTable[h] !== 0) h = (h + 1) & mask;
      this.frameTable[h] = id + 1;
    }
  }

  /** The stack whose innermost frame is `frame`, called from stack `parent` (-1 = outermost). */
  stack(parent: number, frame: number): number {
    const sf = this.stackFrame.data;
    const sp = this.stackParent.data;
    let h = Math.imul(parent + 1, 0x9e3779b1) ^ Math.imul(frame, 0x85ebca6b);
    h = (h ^ (h >>> 15)) & this.stackMask;
    for (;;) {
      const v = this.stackTable[h];
      if (v === 0) break;
      const id = v - 1;
      if (sf[id] === frame && sp[id] === parent) return id;
      h = (h + 1) & this.stackMask;
    }
    const id = this.stackFrame.push(frame);
    this.stackParent.push(parent);
    this.stackTable[h] = id + 1;
    if (this.stackFrame.length * 2 > this.stackTable.length) this.rehashStacks(this.stackTable.length * 2);
    return id;
  }

  private rehashStacks(size: number): void {
    this.stackTable = new Int32Array(size);
    this.stackMask = size - 1;
    const sf = this.stackFrame.data;
    const sp = this.stackParent.data;
    for (let id = 0; id < this.stackFrame.length; id++) {
      let h = Math.imul(sp[id] + 1, 0x9e3779b1) ^ Math.imul(sf[id], 0x85ebca6b);
      h = (h ^ (h >>> 15)) & this.stackMask;
      while (this.stackTable[h] !== 0) h = (h + 1) & this.stackMask;
      this.stackTable[h] = id + 1;
    }
  }

  /** Interns a stack given innermost-first frame ids; -1 for an empty stack. */
  stackFromLeafFirst(frames: ArrayLike<number>, count = frames.length): number {
    let s = -1;
    for (let i = count - 1; i >= 0; i--) s = this.stack(s, frames[i]);
    return s;
  }

  /** Interns a label set from [key, value] string pairs (order does not matter). 0 = empty set. */
  labelSet(pairs: [string, string][]): number {
    if (pairs.length === 0) return 0;
    let sorted = pairs;
    for (let i = 1; i < pairs.length; i++) {
      const a = pairs[i - 1];
      const b = pairs[i];
      if (a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])) {
        sorted = [...pairs].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
        break;
      }
    }
    const ids = this.labelScratch.length >= sorted.length * 2 ? this.labelScratch : (this.labelScratch = new Int32Array(sorted.length * 4));
    for (let i = 0; i < sorted.length; i++) {
      ids[2 * i] = this.strings.intern(sorted[i][0]);
      ids[2 * i + 1] = this.strings.intern(sorted[i][1]);
    }
    return this.labelSetOfIds(ids, sorted.length * 2);
  }

  private labelScratch = new Int32Array(16);

  /** A label set from `n` string ids (key, value, key, value, … sorted by key string). */
  labelSetOfIds(ids: Int32Array, n: number): number {
    if (n === 0) return 0;
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ ids[i], 0x01000193);
    const mask = this.labelTable.length - 1;
    h = (h ^ (h >>> 15)) & mask;
    const off = this.labelOffsets.data;
    const data = this.labelData.data;
    for (;;) {
      const v = this.labelTable[h];
      if (v === 0) break;
      const id = v - 1;
      const a = off[id];
      if (off[id + 1] - a === n) {
        let same = true;
        for (let i = 0; i < n; i++)
          if (data[a + i] !== ids[i]) {
            same = false;
            break;
          }
        if (same) return id;
      }
      h = (h + 1) & mask;
    }
    for (let i = 0; i < n; i++) this.labelData.push(ids[i]);
    const id = this.labelOffsets.length - 1;
    this.labelOffsets.push(this.labelData.length);
    this.labelTable[h] = id + 1;
    if (this.labelSetCount * 2 > this.labelTable.length) this.rehashLabels(this.labelTable.length * 2);
    return id;
  }

  get labelSetCount(): number {
    return this.labelOffsets.length - 1;
  }

  private rehashLabels(size: number): void {
    this.labelTable = new Int32Array(size);
    const mask = size - 1;
    const off = this.labelOffsets.data;
    const data = this.labelData.data;
    for (let id = 1; id < this.labelSetCount; id++) {
      let h = 0x811c9dc5 | 0;
      for (let i = off[id]; i < off[id + 1]; i++) h = Math.imul(h ^ data[i], 0x01000193);
      h = (h ^ (h >>> 15)) & mask;
      while (this.labelTable[h] !== 0) h = (h + 1) & mask;
      this.labelTable[h] = id + 1;
    }
  }

  /** The id of argument word `value` (an integer below 2^53), interned on first sight. */
  argAddress(value: number): number {
    return this.args.address(value);
  }

  /** An argument word of the goroutine row added next (see FrozenArgs for `info`). */
  pushArg(addressId: number, info: number): void {
    this.args.pushMany(Int32Array.of(addressId), Uint16Array.of(info), 1);
  }

  addGoroutine(r: GoroutineRow): number {
    const g = this.g;
    if (g.goid.length >= this.limits.goroutines) throw new ModelLimitError(`more than ${this.limits.goroutines.toLocaleString('en-US')} goroutines: more than one model keeps in memory; load fewer or smaller files`);
    this.args.endRow();
    g.goid.push(r.goid ?? -1);
    g.snapshot.push(r.snapshot);
    g.state.push(r.state ?? 0);
    g.waitMinutes.push(r.waitMinutes ?? -1);
    g.flags.push(r.flags ?? 0);
    g.stack.push(r.stack ?? -1);
    g.createdBy.push(r.createdBy ?? -1);
    g.creatorGoid.push(r.creatorGoid ?? -1);
    g.labels.push(r.labels ?? 0);
    g.weight.push(r.weight ?? 1);
    g.value2.push(r.value2 ?? 0);
    g.thread.push(r.thread ?? -1);
    return g.bubble.push(r.bubble ?? -1);
  }

  /**
   * Appends `n` goroutine rows of `snapshot` at once from columns (a trace's goroutine table: one
   * row per trace goroutine, millions of them); the fields not given are those addGoroutine
   * defaults to (no wait minutes, flags, labels, thread or bubble; weight 1).
   */
  addGoroutineColumns(snapshot: number, n: number, c: { goid: ArrayLike<number>; state: ArrayLike<number>; stack: ArrayLike<number>; createdBy: ArrayLike<number>; creatorGoid: ArrayLike<number>; value2: ArrayLike<number> }): void {
    const g = this.g;
    if (g.goid.length + n > this.limits.goroutines) throw new ModelLimitError(`more than ${this.limits.goroutines.toLocaleString('en-US')} goroutines: more than one model keeps in memory; load fewer or smaller files`);
    for (const col of [c.goid, c.state, c.stack, c.createdBy, c.creatorGoid, c.value2]) if (col.length !== n) throw new RangeError(`addGoroutineColumns: a column of ${col.length} rows, not ${n}`);
    this.args.endRows(n);
    g.goid.pushAll(c.goid);
    g.snapshot.pushFill(snapshot, n);
    g.state.pushAll(c.state);
    g.waitMinutes.pushFill(-1, n);
    g.flags.pushFill(0, n);
    g.stack.pushAll(c.stack);
    g.createdBy.pushAll(c.createdBy);
    g.creatorGoid.pushAll(c.creatorGoid);
    g.labels.pushFill(0, n);
    g.weight.pushFill(1, n);
    g.value2.pushAll(c.value2);
    g.thread.pushFill(-1, n);
    g.bubble.pushFill(-1, n);
  }

  get goroutineCount(): number {
    return this.g.goid.length;
  }

  /** Starts an input; returns its index. */
  addInput(file: string, bytes: number): number {
    this.inputs.push({
      file,
      bytes,
      format: null,
      goVersion: null,
      error: null,
      warnings: [],
      snapshotStart: this.snapshots.length,
      snapshotEnd: this.snapshots.length,
      trace: -1,
      series: -1,
    });
    return this.inputs.length - 1;
  }

  /** Starts a snapshot of input `input`; rows added until the next call belong to it. */
  addSnapshot(input: number, init: Partial<Snapshot> & Pick<Snapshot, 'kind'>): number {
    const snap: Snapshot = {
      input,
      label: '',
      timeMs: null,
      uptimeMs: null,
      goVersion: null,
      rowStart: this.goroutineCount,
      rowEnd: this.goroutineCount,
      hasStates: init.kind === 'traceback' || init.kind === 'schedtrace',
      hasIds: init.kind === 'traceback' || init.kind === 'schedtrace',
      leakProfile: false,
      weightType: { type: 'goroutine', unit: 'count' },
      value2Type: null,
      preamble: {},
      line: null,
      sched: null,
      ...init,
    };
    this.snapshots.push(snap);
    this.inputs[input].snapshotEnd = this.snapshots.length;
    return this.snapshots.length - 1;
  }

  /** Closes a snapshot at the current row count. */
  endSnapshot(index: number): void {
    this.snapshots[index].rowEnd = this.goroutineCount;
  }

  mark(): BuilderMark {
    return {
      strings: this.strings.size,
      frames: this.frameFunc.length,
      stacks: this.stackFrame.length,
      labelSets: this.labelSetCount,
      goroutines: this.goroutineCount,
      ancestors: this.ancestors.length,
      snapshots: this.snapshots.length,
      inputs: this.inputs.length,
      traces: this.traces.length,
      argAddrs: this.args.addrs,
    };
  }

  /** Undoes everything added since `m` (a file that failed keeps nothing half-parsed). */
  rollback(m: BuilderMark): void {
    this.strings.truncate(m.strings);
    for (const c of [this.frameFunc, this.frameFile, this.frameLine, this.frameFlags]) c.truncate(m.frames);
    this.rehashFrames(this.frameTable.length);
    this.stackFrame.truncate(m.stacks);
    this.stackParent.truncate(m.stacks);
    this.rehashStacks(this.stackTable.length);
    this.labelOffsets.truncate(m.labelSets + 1);
    this.labelData.truncate(this.labelOffsets.data[m.labelSets]);
    this.rehashLabels(this.labelTable.length);
    for (const c of Object.values(this.g) as Column<Int32Array>[]) c.truncate(m.goroutines);
    this.args.truncate(m.goroutines, m.argAddrs);
    this.ancestors.length = m.ancestors;
    this.snapshots.length = m.snapshots;
    this.inputs.length = m.inputs;
    this.traces.length = m.traces;
  }

  /**
   * The model as it is now, for reading (the worker keeps it; the CLI and tests read it). Typed
   * columns are views of the builder's own buffers, trace models are shared: nothing is copied but
   * the string table, so freezing after every load costs little. Later additions are not seen
   * (each view has its own length) and, because loads only append and roll back at most to the
   * state of the last freeze, never change what a frozen model shows.
   */
  freeze(): Model {
    const g = this.g;
    const v = <T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(c: Column<T>): T => c.data.subarray(0, c.length) as T;
    return {
      version: 1,
      strings: this.strings.freeze(),
      frames: { count: this.frameFunc.length, func: v(this.frameFunc), file: v(this.frameFile), line: v(this.frameLine), flags: v(this.frameFlags) },
      stacks: { count: this.stackFrame.length, frame: v(this.stackFrame), parent: v(this.stackParent) },
      labelSets: { count: this.labelSetCount, offsets: v(this.labelOffsets), data: v(this.labelData) },
      goroutines: {
        count: this.goroutineCount,
        goid: v(g.goid),
        snapshot: v(g.snapshot),
        state: v(g.state),
        waitMinutes: v(g.waitMinutes),
        flags: v(g.flags),
        stack: v(g.stack),
        createdBy: v(g.createdBy),
        creatorGoid: v(g.creatorGoid),
        labels: v(g.labels),
        weight: v(g.weight),
        value2: v(g.value2),
        thread: v(g.thread),
        bubble: v(g.bubble),
      },
      args: this.args.freeze(),
      ancestors: this.ancestors.map((a) => ({ ...a })),
      snapshots: this.snapshots.map((s) => ({ ...s })),
      inputs: this.inputs.map((i) => ({ ...i, warnings: [...i.warnings] })),
      traces: [...this.traces],
    };
  }
}

/**
 * The builder's argument words (Model.args) in plain typed arrays of its own — the dump parser
 * writes a few per goroutine, so its fields keep one shape (no shared Column class) — with the
 * addresses interned in an open-addressing hash (value → id + 1).
 */
export class ArgArena {
  private rowEnd = new Int32Array(1024);
  rows = 0;
  private word = new Int32Array(4096);
  private info = new Uint16Array(4096);
  count = 0;
  private addr = new Float64Array(1024);
  addrs = 0;
  private table = new Int32Array(1 << 12);

  /** The id of `value` (an integer below 2^53), interned on first sight. */
  address(value: number): number {
    const table = this.table;
    const addr = this.addr;
    const mask = table.length - 1;
    let h = addrHash(value) & mask;
    for (;;) {
      const v = table[h];
      if (v === 0) break;
      if (addr[v - 1] === value) return v - 1;
      h = (h + 1) & mask;
    }
    if (this.addrs === addr.length) {
      const next = new Float64Array(addr.length * 2);
      next.set(addr);
      this.addr = next;
    }
    const id = this.addrs++;
    this.addr[id] = value;
    table[h] = id + 1;
    if (this.addrs * 2 > table.length) this.rehash(table.length * 2);
    return id;
  }

  private rehash(size: number): void {
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.addrs; id++) {
      let h = addrHash(this.addr[id]) & mask;
      while (table[h] !== 0) h = (h + 1) & mask;
      table[h] = id + 1;
    }
    this.table = table;
  }

  /** The first `n` of `ids` / `infos` as words of the row ended next. */
  pushMany(ids: Int32Array, infos: Uint16Array, n: number): void {
    const need = this.count + n;
    if (need > this.word.length) {
      const size = Math.max(this.word.length * 2, need);
      const w = new Int32Array(size);
      w.set(this.word);
      this.word = w;
      const f = new Uint16Array(size);
      f.set(this.info);
      this.info = f;
    }
    // a loop: a goroutine has a few words, and subarray() allocates
    const word = this.word;
    const info = this.info;
    for (let i = 0, at = this.count; i < n; i++, at++) {
      word[at] = ids[i];
      info[at] = infos[i];
    }
    this.count = need;
  }

  /** `n` goroutine rows without words were added. */
  endRows(n: number): void {
    if (this.rows + n > this.rowEnd.length) {
      let cap = this.rowEnd.length * 2;
      while (cap < this.rows + n) cap *= 2;
      const next = new Int32Array(cap);
      next.set(this.rowEnd.subarray(0, this.rows));
      this.rowEnd = next;
    }
    this.rowEnd.fill(this.count, this.rows, this.rows + n);
    this.rows += n;
  }

  /** A goroutine row was added: its words are those pushed since the last row. */
  endRow(): void {
    if (this.rows === this.rowEnd.length) {
      const next = new Int32Array(this.rowEnd.length * 2);
      next.set(this.rowEnd);
      this.rowEnd = next;
    }
    this.rowEnd[this.rows++] = this.count;
  }

  /** Back to `rows` rows and `addrs` addresses (ModelBuilder.rollback). */
  truncate(rows: number, addrs: number): void {
    this.rows = Math.min(this.rows, rows);
    this.count = this.rows > 0 ? this.rowEnd[this.rows - 1] : 0;
    if (addrs < this.addrs) {
      this.addrs = addrs;
      this.rehash(this.table.length);
    }
  }

  freeze(): FrozenArgs {
    return {
      count: this.count,
      rowEnd: this.rowEnd.subarray(0, this.rows),
      word: this.word.subarray(0, this.count),
      info: this.info.subarray(0, this.count),
      addrCount: this.addrs,
      addr: this.addr.subarray(0, this.addrs),
    };
  }
}
