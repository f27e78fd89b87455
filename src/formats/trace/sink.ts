/**
 * TraceSink: receives the events Go's trace reader yields (its `Event` model, after ordering),
 * one typed method per event kind, and builds the TraceModel: the CLI summary (counts exactly as
 * `go tool trace -d=parsed`), the goroutine table, lifecycle segments (segments.ts), P and
 * thread segments, GC/STW ranges, tasks, regions, logs and the state-flow statistics. Both the
 * v2 ordering (v2-order.ts) and the old-format converter (v1-convert.ts) feed it, so both
 * formats produce the same model. No method allocates per event.
 *
 * Conventions: the event's time is not an argument but the field `abs` (absolute ns), set before
 * each call (a double passed to a call V8 does not inline is boxed: an allocation per event); the
 * sink makes reported times strictly increasing, as Go's reader does, and relative to the first
 * Sync. Arguments: goroutines are model *rows*
 * (row()/rowIfAny() map goids; −1 none); `p` a P id (−1 none); `m` a thread *row* (threadRow();
 * −1 none); stacks are model stack ids (−1 none), strings model string ids (0 = "").
 */
import type { ModelBuilder } from '../../model/model';
import { float64Column, int32Column, uint8Column } from '../../model/columns';
import {
  GO_STATES,
  GoState,
  PROC_STATES,
  ProcState,
  THREAD_STATES,
  ThreadState,
  TraceGFlag,
  type TraceModel,
  type TraceResourceSegments,
  type TraceSummary,
} from '../../model/trace';
import { SegmentBuilder } from './segments';

const NG = GO_STATES.length;
const NG2 = NG * NG;
const NP = PROC_STATES.length;
const NT = THREAD_STATES.length;

/** Caps for the small tables; above them rows are dropped with a warning. */
const MAX_TASKS = 1_000_000;
const MAX_REGIONS = 4_000_000;
const MAX_LOGS = 2_000_000;
/** goids below this are mapped through a dense table (4 bytes per goid up to the largest seen) */
const DENSE_GOIDS = 1 << 24;
/** internal flag: the goroutine's last transition was a status restatement (Go reports reason "") */
const RESTATED = 128;

/** Reduced detail merges goroutine segments shorter than this into the next one. */
export const REDUCED_MERGE_NS = 1000;

export interface SinkOptions {
  /** 'reduced': merge goroutine segments shorter than REDUCED_MERGE_NS from the start */
  reduced: boolean;
  /** switch to reduced detail during the parse once this many goroutine segments are kept */
  maxSegments?: number;
  /** the input's size, to size the tables */
  sizeHint?: number;
}

/** Above this many segments detail is reduced during the parse (≈ 18 bytes each in the model). */
export const DEFAULT_MAX_SEGMENTS = 48_000_000;

export class TraceSink {
  /** events the reader yields (Syncs included) */
  events = 0;
  cpuSamples = 0;
  startNs = NaN;
  lastTs = -Infinity;
  /** relative time of the current generation's start (for backdating Undetermined states) */
  genStart = 0;
  syncs = 0;
  warnings: string[] = [];

  private readonly b: ModelBuilder;
  readonly maxSegments: number;
  /** why detail was reduced during the parse (null: not) */
  reducedDuringParse = false;

  // goroutine rows
  private readonly gIndex = new Map<number, number>();
  private gDense = new Int32Array(1 << 12);
  /** goroutine table columns (plain typed arrays, grown together; see TraceGoroutines) */
  private gCap = 0;
  private gCount = 0;
  private gGoid = new Float64Array(0);
  private gCreator = new Int32Array(0);
  private gCreateStack = new Int32Array(0);
  private gStartFunc = new Int32Array(0);
  private gCreatedNs = new Float64Array(0);
  private gEndedNs = new Float64Array(0);
  private gLastState = new Uint8Array(0);
  private gLastReason = new Int32Array(0);
  private gLastStack = new Int32Array(0);
  private gLastChangeNs = new Float64Array(0);
  private gRunningNs = new Float64Array(0);
  private gRunnableNs = new Float64Array(0);
  private gWaitingNs = new Float64Array(0);
  private gSyscallNs = new Float64Array(0);
  private gBlocks = new Int32Array(0);
  private gSyscalls = new Int32Array(0);
  private gStarts = new Int32Array(0);
  private gLabel = new Int32Array(0);
  private gFlags = new Uint8Array(0);
  /** model stack id → entry function string id + 1 (0 = not looked up) */
  private funcOfStackCache = new Int32Array(256);

  // counts
  private readonly goTransM = new Float64Array(NG2);
  private readonly goTime = new Float64Array(NG);
  private readonly procTrans = new Float64Array(NP * NP);
  private readonly procTime = new Float64Array(NP);
  private readonly threadTrans = new Float64Array(NT * NT);
  private readonly threadTime = new Float64Array(NT);
  /** reason codes: string id → code + 1 (dense), code → string id; code 0 = "" */
  private reasonCode = new Int32Array(64);
  private readonly reasonIds: number[] = [0];
  /** goroutine transitions by reason code: [code * NG² + from * NG + to] */
  private reasonTrans = new Float64Array(16 * NG2);

  // segments
  private readonly seg: SegmentBuilder;

  // procs (rows by P id)
  private readonly pIndex = new Map<number, number>();
  private readonly pId: number[] = [];
  private readonly pState: number[] = [];
  private readonly pSince: number[] = [];
  private readonly pOpenSeg: number[] = [];
  private readonly pSeg = resCols();

  // threads (rows by thread id)
  private readonly tIndex = new Map<number, number>();
  private readonly tId: number[] = [];
  private readonly tState: number[] = [];
  private readonly tSince: number[] = [];
  private readonly tP: number[] = [];
  private readonly tSys: boolean[] = [];
  private readonly tOpenSeg: number[] = [];
  private readonly tSeg = resCols();

  // ranges and annotations
  private readonly gcR = rangeCols();
  private readonly stwR = rangeCols();
  private gcOpen = -1;
  private readonly stwOpen = new Map<number, number>();
  private readonly tasks;
  private readonly regions;
  private readonly logs;
  private readonly capWarned = new Set<string>();

  constructor(b: ModelBuilder, opts: SinkOptions) {
    this.b = b;
    this.maxSegments = opts.maxSegments ?? DEFAULT_MAX_SEGMENTS;
    this.seg = new SegmentBuilder(opts.sizeHint ?? 0, this.maxSegments);
    if (opts.reduced) this.seg.reduce(REDUCED_MERGE_NS);
    // annotated busy traces have a region per ~75 bytes and a task or log per ~300: sized from the
    // file so the columns rarely grow (untouched capacity is address space, not memory)
    const hint = opts.sizeHint ?? 0;
    const rc = Math.min(MAX_REGIONS, Math.max(1024, Math.ceil(hint / 64)));
    const tc = Math.min(MAX_TASKS, Math.max(1024, Math.ceil(hint / 256)));
    const lc = Math.min(MAX_LOGS, Math.max(1024, Math.ceil(hint / 256)));
    this.tasks = { id: float64Column(tc), parent: float64Column(tc), name: int32Column(tc), start: float64Column(tc), end: float64Column(tc) };
    this.regions = { task: float64Column(rc), name: int32Column(rc), goroutine: int32Column(rc), start: float64Column(rc), end: float64Column(rc) };
    this.logs = { time: float64Column(lc), task: float64Column(lc), goroutine: int32Column(lc), key: int32Column(lc), message: int32Column(lc), messages: [] as string[] };
    // busy traces hold about one goroutine per 50 bytes: start there (bounded) so that the table
    // rarely grows; untouched capacity costs address space, not memory
    this.growG(Math.min(Math.max(1024, Math.ceil((opts.sizeHint ?? 0) / 48)), 1 << 22));
  }

  private growG(min: number): void {
    let cap = this.gCap === 0 ? min : this.gCap;
    while (cap < min) cap *= 2;
    const f64 = (a: Float64Array) => {
      const x = new Float64Array(cap);
      x.set(a);
      return x;
    };
    const i32 = (a: Int32Array) => {
      const x = new Int32Array(cap);
      x.set(a);
      return x;
    };
    const u8 = (a: Uint8Array) => {
      const x = new Uint8Array(cap);
      x.set(a);
      return x;
    };
    this.gGoid = f64(this.gGoid);
    this.gCreator = i32(this.gCreator);
    this.gCreateStack = i32(this.gCreateStack);
    this.gStartFunc = i32(this.gStartFunc);
    this.gCreatedNs = f64(this.gCreatedNs);
    this.gEndedNs = f64(this.gEndedNs);
    this.gLastState = u8(this.gLastState);
    this.gLastReason = i32(this.gLastReason);
    this.gLastStack = i32(this.gLastStack);
    this.gLastChangeNs = f64(this.gLastChangeNs);
    this.gRunningNs = f64(this.gRunningNs);
    this.gRunnableNs = f64(this.gRunnableNs);
    this.gWaitingNs = f64(this.gWaitingNs);
    this.gSyscallNs = f64(this.gSyscallNs);
    this.gBlocks = i32(this.gBlocks);
    this.gSyscalls = i32(this.gSyscalls);
    this.gStarts = i32(this.gStarts);
    this.gLabel = i32(this.gLabel);
    this.gFlags = u8(this.gFlags);
    this.gCap = cap;
  }

  get reduced(): boolean {
    return this.seg.mergeBelowNs > 0;
  }

  // ---- rows ----------------------------------------------------------------------------------

  /** Row of goroutine `goid`, created if new. */
  row(goid: number): number {
    if (goid >= 0 && goid < this.gDense.length) {
      const d = this.gDense[goid];
      if (d > 0) return d - 1;
    }
    const r0 = this.gIndex.get(goid);
    if (r0 !== undefined) return r0;
    const r = this.gCount++;
    if (r >= this.gCap) this.growG(r + 1);
    this.gGoid[r] = goid;
    this.gCreator[r] = -1;
    this.gCreateStack[r] = -1;
    this.gCreatedNs[r] = -1;
    this.gEndedNs[r] = -1;
    this.gLastState[r] = GoState.NotExist;
    this.gLastStack[r] = -1;
    this.gLastChangeNs[r] = -1;
    if (goid >= 0 && goid < DENSE_GOIDS && Number.isInteger(goid)) {
      if (goid >= this.gDense.length) {
        let l = this.gDense.length;
        while (l <= goid) l *= 2;
        const n = new Int32Array(l);
        n.set(this.gDense);
        this.gDense = n;
      }
      this.gDense[goid] = r + 1;
    } else this.gIndex.set(goid, r);
    return r;
  }

  /** Row of goroutine `goid` or −1. */
  rowIfAny(goid: number): number {
    if (goid >= 0 && goid < this.gDense.length) {
      const d = this.gDense[goid];
      if (d > 0) return d - 1;
      if (goid < DENSE_GOIDS) return -1;
    }
    return this.gIndex.get(goid) ?? -1;
  }

  goidOf(row: number): number {
    return row < 0 ? -1 : this.gGoid[row];
  }

  /** Row of thread `m` (an OS thread id in v2, a runtime M number in v1), created if new. */
  threadRow(m: number): number {
    let r = this.tIndex.get(m);
    if (r === undefined) {
      r = this.tId.length;
      this.tId.push(m);
      this.tState.push(ThreadState.Undetermined);
      this.tSince.push(this.genStart);
      this.tP.push(-1);
      this.tSys.push(false);
      this.tOpenSeg.push(-1);
      this.tIndex.set(m, r);
    }
    return r;
  }

  threadIdOf(m: number): number {
    return m < 0 ? -1 : this.tId[m];
  }

  // ---- time ----------------------------------------------------------------------------------

  /**
   * The event's time (absolute ns), set by the caller before each event method: a double argument
   * across a call that is not inlined is boxed (one allocation per event), a field store is not.
   */
  abs = 0;
  /** the current event's relative time (after tick) */
  private now = 0;
  /** a segment's start, handed to pushSeg the same way */
  private segStart = 0;

  /** Go's reader makes reported times strictly increasing; returns the relative time. */
  private tick(): number {
    this.events++;
    let abs = this.abs;
    if (abs <= this.lastTs) abs = this.lastTs + 1;
    this.lastTs = abs;
    return (this.now = abs - this.startNs);
  }

  /** A Sync event at absolute time `abs` (a generation start, or the end with `final`). */
  sync(abs: number, final = false): void {
    this.syncs++;
    if (Number.isNaN(this.startNs)) this.startNs = abs <= this.lastTs ? this.lastTs + 1 : abs;
    this.abs = abs;
    const t = this.tick();
    if (!final) this.genStart = t;
  }

  cpuSample(abs: number): void {
    this.cpuSamples++;
    this.abs = abs;
    this.tick();
  }

  /** Events that only count (metrics, ProcsChange, sweep and assist ranges, experimental events). */
  other(): void {
    this.tick();
  }

  // ---- procs ---------------------------------------------------------------------------------

  procStatus(pid: number, from: number, to: number, m: number): void {
    const t = this.tick();
    this.procTrans1(t, pid, from, to, m);
    if (to === ProcState.Running) this.threadP(t, m, pid);
  }

  procStart(pid: number, m: number): void {
    const t = this.tick();
    this.procTrans1(t, pid, ProcState.Idle, ProcState.Running, m);
    this.threadP(t, m, pid);
  }

  procStop(pid: number, m: number): void {
    const t = this.tick();
    this.procTrans1(t, pid, ProcState.Running, ProcState.Idle, m);
    this.threadP(t, m, -1);
  }

  /** `victim`: the thread that lost the P (−1 when unknown: the P was SyscallAbandoned). */
  procSteal(pid: number, from: number, victim: number): void {
    const t = this.tick();
    this.procTrans1(t, pid, from, ProcState.Idle, -1);
    if (victim >= 0) this.threadP(t, victim, -1);
  }

  // ---- goroutines ----------------------------------------------------------------------------

  /** `parent`: the creating goroutine (−1 none); `entryStack` the new goroutine's one-frame entry stack, `stack` where `go` ran. */
  goCreate(parent: number, r: number, entryStack: number, stack: number, blocked: boolean): void {
    const t = this.tick();
    const to = blocked ? GoState.Waiting : GoState.Runnable;
    if (this.gLastState[r] === GoState.NotExist && this.gEndedNs[r] < 0 && this.gFlags[r] === 0) {
      // a new goroutine (the common case: not an id coming back), without the general case's branches
      this.goTransM[GoState.NotExist * NG + to]++;
      this.reasonTrans[GoState.NotExist * NG + to]++;
      this.gFlags[r] = TraceGFlag.Created;
      this.gCreatedNs[r] = t;
      this.gLastState[r] = to;
      this.gLastStack[r] = stack;
      this.gLastChangeNs[r] = t;
      this.segStart = t;
    this.pushSeg(r, to, 0, stack, 0);
    } else this.trans(r, GoState.NotExist, to, 0, stack, stack, 0);
    this.gCreator[r] = parent;
    this.gCreateStack[r] = stack;
    if (entryStack >= 0) this.gStartFunc[r] = this.entryFunc(entryStack);
    if (blocked) this.gFlags[r] |= TraceGFlag.Coroutine;
  }

  goCreateSyscall(r: number, p: number, m: number): void {
    const t = this.tick();
    this.trans(r, GoState.NotExist, GoState.Syscall, 0, -1, -1, pack(m, p));
    this.gFlags[r] |= TraceGFlag.Cgo;
    this.threadSys(t, m, true);
  }

  goStart(r: number, p: number, m: number): void {
    const t = this.tick();
    if (r < 0 || this.gLastState[r] !== GoState.Runnable) return this.trans(r, GoState.Runnable, GoState.Running, 0, -1, -1, pack(m, p));
    // the most frequent transition, without the general case's branches
    this.goTransM[GoState.Runnable * NG + GoState.Running]++;
    this.reasonTrans[GoState.Runnable * NG + GoState.Running]++;
    this.gFlags[r] &= ~RESTATED;
    const dt = t - this.gLastChangeNs[r];
    this.goTime[GoState.Runnable] += dt;
    this.gRunnableNs[r] += dt;
    this.gLastState[r] = GoState.Running;
    this.gLastReason[r] = 0;
    this.gLastStack[r] = -1;
    this.gLastChangeNs[r] = t;
    this.gStarts[r]++;
    this.segStart = t;
    this.pushSeg(r, GoState.Running, 0, -1, pack(m, p));
  }

  goStop(r: number, reason: number, stack: number): void {
    this.tick();
    this.trans(r, GoState.Running, GoState.Runnable, reason, stack, stack, 0);
  }

  goBlock(r: number, reason: number, stack: number): void {
    const t = this.tick();
    if (r < 0 || this.gLastState[r] !== GoState.Running) return this.trans(r, GoState.Running, GoState.Waiting, reason, stack, stack, 0);
    const ft = GoState.Running * NG + GoState.Waiting;
    this.goTransM[ft]++;
    const code = reason === 0 ? 0 : this.codeOf(reason);
    this.reasonTrans[code * NG2 + ft]++;
    this.gFlags[r] &= ~RESTATED;
    const dt = t - this.gLastChangeNs[r];
    this.goTime[GoState.Running] += dt;
    this.gRunningNs[r] += dt;
    this.gLastState[r] = GoState.Waiting;
    this.gLastReason[r] = reason;
    this.gLastStack[r] = stack;
    this.gLastChangeNs[r] = t;
    this.gBlocks[r]++;
    this.segStart = t;
    this.pushSeg(r, GoState.Waiting, code, stack, 0);
  }

  goDestroy(r: number): void {
    const t = this.tick();
    if (r < 0 || this.gLastState[r] !== GoState.Running) return this.trans(r, GoState.Running, GoState.NotExist, 0, -1, -1, 0);
    this.goTransM[GoState.Running * NG + GoState.NotExist]++;
    this.reasonTrans[GoState.Running * NG + GoState.NotExist]++;
    const dt = t - this.gLastChangeNs[r];
    this.goTime[GoState.Running] += dt;
    this.gRunningNs[r] += dt;
    this.gFlags[r] = (this.gFlags[r] & ~RESTATED) | TraceGFlag.Ended;
    this.gLastState[r] = GoState.NotExist;
    this.gLastReason[r] = 0;
    this.gLastStack[r] = -1;
    this.gLastChangeNs[r] = t;
    this.gEndedNs[r] = t;
  }

  /** `by`: the goroutine that unblocked it (−1: netpoller, timers, scheduler); `stack` its stack. */
  goUnblock(r: number, by: number, stack: number): void {
    const t = this.tick();
    if (r < 0 || this.gLastState[r] !== GoState.Waiting) return this.trans(r, GoState.Waiting, GoState.Runnable, 0, stack, -1, by >= 0 ? by + 2 : 1);
    this.goTransM[GoState.Waiting * NG + GoState.Runnable]++;
    this.reasonTrans[GoState.Waiting * NG + GoState.Runnable]++;
    this.gFlags[r] &= ~RESTATED;
    const dt = t - this.gLastChangeNs[r];
    this.goTime[GoState.Waiting] += dt;
    this.gWaitingNs[r] += dt;
    this.gLastState[r] = GoState.Runnable;
    this.gLastReason[r] = 0;
    this.gLastStack[r] = -1;
    this.gLastChangeNs[r] = t;
    this.segStart = t;
    this.pushSeg(r, GoState.Runnable, 0, stack, by >= 0 ? by + 2 : 1);
  }

  goSyscallBegin(r: number, p: number, m: number, stack: number): void {
    const t = this.tick();
    this.trans(r, GoState.Running, GoState.Syscall, 0, stack, stack, pack(m, p));
    this.threadSys(t, m, true);
  }

  goSyscallEnd(r: number, p: number, m: number): void {
    const t = this.tick();
    this.trans(r, GoState.Syscall, GoState.Running, 0, -1, -1, pack(m, p));
    this.threadSys(t, m, false);
  }

  goSyscallEndBlocked(r: number, m: number): void {
    const t = this.tick();
    this.trans(r, GoState.Syscall, GoState.Runnable, 0, -1, -1, 0);
    this.threadSys(t, m, false);
  }

  goDestroySyscall(r: number, m: number): void {
    const t = this.tick();
    this.trans(r, GoState.Syscall, GoState.NotExist, 0, -1, -1, 0);
    this.threadSys(t, m, false);
  }

  /** A status event: `from` Undetermined (first generation) or equal to `to` (a restatement). */
  goStatus(r: number, from: number, to: number, stack: number, p: number, m: number): void {
    const t = this.tick();
    const run = to === GoState.Running || to === GoState.Syscall;
    this.trans(r, from, to, 0, stack, stack, run ? pack(m, p) : 0);
    if (to === GoState.Syscall && m >= 0) this.threadSys(t, m, true);
  }

  goLabel(g: number, label: number): void {
    this.tick();
    if (g >= 0) this.gLabel[g] = label;
  }

  // ---- GC, STW -------------------------------------------------------------------------------

  stwBegin(g: number, kind: number): void {
    const t = this.tick();
    this.stwOpen.set(g, range(this.stwR, t, kind, g));
  }

  stwEnd(g: number): void {
    const t = this.tick();
    const r = this.stwOpen.get(g);
    if (r !== undefined) {
      this.stwR.end.data[r] = t;
      this.stwOpen.delete(g);
    }
  }

  gcActive(): void {
    this.tick();
    if (this.gcOpen < 0) this.gcOpen = range(this.gcR, this.genStart, 0, -1);
  }

  gcBegin(): void {
    this.gcOpen = range(this.gcR, this.tick(), 0, -1);
  }

  gcEnd(): void {
    const t = this.tick();
    if (this.gcOpen >= 0) this.gcR.end.data[this.gcOpen] = t;
    else this.gcR.end.data[range(this.gcR, -1, 0, -1)] = t;
    this.gcOpen = -1;
  }

  // ---- user annotations ----------------------------------------------------------------------

  /** Returns the task's row (−1 over the cap), which taskEnd gets back. */
  taskBegin(id: number, parent: number, name: number): number {
    const t = this.tick();
    if (!this.capOk('tasks', this.tasks.id.length, MAX_TASKS)) return -1;
    const T = this.tasks;
    const r = T.id.push(id);
    T.parent.push(parent);
    T.name.push(name);
    T.start.push(t);
    T.end.push(-1);
    return r;
  }

  /** `row`: from taskBegin, or −1 for a task that began before the trace. */
  taskEnd(id: number, row: number): void {
    const t = this.tick();
    if (row >= 0) this.tasks.end.data[row] = t;
    else if (this.capOk('tasks', this.tasks.id.length, MAX_TASKS)) {
      const T = this.tasks;
      T.id.push(id);
      T.parent.push(-1);
      T.name.push(0);
      T.start.push(-1);
      T.end.push(t);
    }
  }

  taskName(row: number): number {
    return row >= 0 ? this.tasks.name.data[row] : 0;
  }

  taskParent(row: number): number {
    return row >= 0 ? this.tasks.parent.data[row] : 0;
  }

  /** Returns the region's row (−1 over the cap), which regionEnd gets back. */
  regionBegin(g: number, task: number, name: number): number {
    const t = this.tick();
    if (!this.capOk('regions', this.regions.task.length, MAX_REGIONS)) return -1;
    const R = this.regions;
    const r = R.task.push(task);
    R.name.push(name);
    R.goroutine.push(g);
    R.start.push(t);
    R.end.push(-1);
    return r;
  }

  /** `row`: from regionBegin, or −1 for a region that began before the trace. */
  regionEnd(g: number, row: number, task: number, name: number): void {
    const t = this.tick();
    if (row >= 0) this.regions.end.data[row] = t;
    else if (this.capOk('regions', this.regions.task.length, MAX_REGIONS)) {
      const R = this.regions;
      R.task.push(task);
      R.name.push(name);
      R.goroutine.push(g);
      R.start.push(-1);
      R.end.push(t);
    }
  }

  /** `key` a string id, `message` the message itself. */
  log(g: number, task: number, key: number, message: string): void {
    const t = this.tick();
    if (!this.capOk('logs', this.logs.time.length, MAX_LOGS)) return;
    const L = this.logs;
    L.time.push(t);
    L.task.push(task);
    L.goroutine.push(g);
    L.key.push(key);
    L.message.push(L.messages.length);
    L.messages.push(message);
  }

  private capOk(what: string, n: number, max: number): boolean {
    if (n < max) return true;
    if (!this.capWarned.has(what)) {
      this.capWarned.add(what);
      this.warnings.push(`more than ${max} user ${what}: the rest are counted but not kept`);
    }
    return false;
  }

  // ---- goroutine transitions -----------------------------------------------------------------

  /** Code of reason string id `id` (0 for ""). */
  private codeOf(id: number): number {
    if (id === 0) return 0;
    if (id >= this.reasonCode.length) {
      let n = this.reasonCode.length;
      while (n <= id) n *= 2;
      const c = new Int32Array(n);
      c.set(this.reasonCode);
      this.reasonCode = c;
    }
    const c = this.reasonCode[id];
    if (c > 0) return c - 1;
    const code = this.reasonIds.length;
    this.reasonIds.push(id);
    this.reasonCode[id] = code + 1;
    if ((code + 1) * NG2 > this.reasonTrans.length) {
      const n = new Float64Array(this.reasonTrans.length * 2);
      n.set(this.reasonTrans);
      this.reasonTrans = n;
    }
    return code;
  }

  /**
   * One goroutine state transition: counts, the goroutine table, and the segment it starts.
   * `segStack` goes to the segment, `lastStack` to the table (an unblock's stack is the waker's,
   * not the goroutine's); `ctx` is the segment's packed P/thread or unblocker (model/trace.ts).
   */
  private trans(r: number, from: number, to: number, reason: number, segStack: number, lastStack: number, ctx: number): void {
    const t = this.now;
    const ft = from * NG + to;
    this.goTransM[ft]++;
    const code = reason === 0 ? 0 : this.codeOf(reason);
    this.reasonTrans[code * NG2 + ft]++;
    if (r < 0) return;
    const flags = this.gFlags;
    if (from === to) {
      // a status restated at a generation boundary: not a state change (Go reports reason "")
      if (lastStack >= 0 && this.gLastStack[r] < 0) this.gLastStack[r] = lastStack;
      this.nameFromStatus(r, lastStack);
      flags[r] |= RESTATED;
      return;
    }
    flags[r] &= ~RESTATED;
    let since = t;
    if (from === GoState.Undetermined) {
      since = this.genStart;
      flags[r] |= TraceGFlag.PreExisting;
      this.nameFromStatus(r, lastStack);
    } else if (from === GoState.NotExist) {
      flags[r] |= TraceGFlag.Created;
      this.gCreatedNs[r] = t;
      // a goroutine id that comes back after its end (cgo callbacks): a NotExist segment for the gap
      const ended = this.gEndedNs[r];
      if (ended >= 0) {
        this.segStart = ended;
    this.pushSeg(r, GoState.NotExist, 0, -1, 0);
        this.gEndedNs[r] = -1;
      }
    } else {
      // time accounting: the state held since lastChangeNs
      const dt = t - this.gLastChangeNs[r];
      const cur = this.gLastState[r];
      this.goTime[cur] += dt;
      if (cur === GoState.Running) this.gRunningNs[r] += dt;
      else if (cur === GoState.Runnable) this.gRunnableNs[r] += dt;
      else if (cur === GoState.Waiting) this.gWaitingNs[r] += dt;
      else if (cur === GoState.Syscall) this.gSyscallNs[r] += dt;
    }
    this.gLastState[r] = to;
    this.gLastReason[r] = reason;
    this.gLastStack[r] = lastStack;
    this.gLastChangeNs[r] = since;
    if (to === GoState.NotExist) {
      flags[r] |= TraceGFlag.Ended;
      this.gEndedNs[r] = t;
      return;
    }
    if (from === GoState.Running) {
      if (to === GoState.Waiting) this.gBlocks[r]++;
      else if (to === GoState.Syscall) this.gSyscalls[r]++;
    } else if (to === GoState.Running && from === GoState.Runnable) this.gStarts[r]++;
    this.segStart = since;
    this.pushSeg(r, to, code, segStack, ctx);
  }

  private pushSeg(r: number, state: number, code: number, stack: number, ctx: number): void {
    const s = this.seg;
    s.nextStart = this.segStart;
    s.push(r, state, code, stack, ctx);
    if (s.count >= this.maxSegments && !this.reduced) {
      s.reduce(REDUCED_MERGE_NS);
      this.reducedDuringParse = true;
    }
  }

  /** Pre-existing goroutines: name them after the outermost frame of the first stack seen. */
  private nameFromStatus(r: number, stack: number): void {
    if (stack >= 0 && this.gStartFunc[r] === 0) this.gStartFunc[r] = this.entryFunc(stack);
  }

  /** String id of the function of a stack's outermost frame (the entry function), cached per stack. */
  private entryFunc(stack: number): number {
    if (stack >= this.funcOfStackCache.length) {
      let n = this.funcOfStackCache.length;
      while (n <= stack) n *= 2;
      const c = new Int32Array(n);
      c.set(this.funcOfStackCache);
      this.funcOfStackCache = c;
    }
    const c = this.funcOfStackCache[stack];
    if (c > 0) return c - 1;
    const b = this.b;
    let s = stack;
    while (b.stackParent.data[s] >= 0) s = b.stackParent.data[s];
    const f = b.frameFunc.data[b.stackFrame.data[s]];
    this.funcOfStackCache[stack] = f + 1;
    return f;
  }

  // ---- procs and threads -----------------------------------------------------------------------

  private procRow(pid: number): number {
    let r = this.pIndex.get(pid);
    if (r === undefined) {
      r = this.pId.length;
      this.pId.push(pid);
      this.pState.push(ProcState.NotExist);
      this.pSince.push(0);
      this.pOpenSeg.push(-1);
      this.pIndex.set(pid, r);
    }
    return r;
  }

  private procTrans1(t: number, pid: number, from: number, to: number, m: number): void {
    this.procTrans[from * NP + to]++;
    if (pid < 0) return;
    const r = this.procRow(pid);
    if (from === to) return;
    let since = t;
    if (from === ProcState.Undetermined) since = this.genStart;
    else if (from !== ProcState.NotExist) this.procTime[this.pState[r]] += t - this.pSince[r];
    this.pState[r] = to;
    this.pSince[r] = since;
    const S = this.pSeg;
    const open = this.pOpenSeg[r];
    if (open >= 0) S.end.data[open] = t;
    this.pOpenSeg[r] = S.res.push(r);
    S.start.push(since);
    S.end.push(-1);
    S.state.push(to);
    S.other.push(to === ProcState.Running ? this.threadIdOf(m) : -1);
  }

  private threadP(t: number, m: number, p: number): void {
    if (m < 0) return;
    this.tP[m] = p;
    this.threadUpdate(t, m);
  }

  private threadSys(t: number, m: number, on: boolean): void {
    if (m < 0) return;
    this.tSys[m] = on;
    this.threadUpdate(t, m);
  }

  private threadUpdate(t: number, r: number): void {
    const to = this.tP[r] >= 0 ? ThreadState.Running : this.tSys[r] ? ThreadState.Syscall : ThreadState.Idle;
    const from = this.tState[r];
    if (from === to) return;
    this.threadTrans[from * NT + to]++;
    this.threadTime[from] += t - this.tSince[r];
    this.tState[r] = to;
    this.tSince[r] = t;
    const S = this.tSeg;
    const open = this.tOpenSeg[r];
    if (open >= 0) S.end.data[open] = t;
    this.tOpenSeg[r] = S.res.push(r);
    S.start.push(t);
    S.end.push(-1);
    S.state.push(to);
    S.other.push(this.tP[r]);
  }

  // ---- the result ----------------------------------------------------------------------------

  finish(info: {
    version: number;
    family: 'v1' | 'v2';
    writtenBy: string;
    generations: number;
    droppedGenerations: number;
    incomplete: boolean;
    wallStartUnixNs: number | null;
    detailMessage: string | null;
    thresholdBytes: number;
  }): TraceModel {
    const end = Number.isFinite(this.lastTs) && !Number.isNaN(this.startNs) ? this.lastTs - this.startNs : 0;
    const n = this.gCount;
    // close open states
    for (let r = 0; r < n; r++) {
      const cur = this.gLastState[r];
      if (cur === GoState.NotExist) continue;
      const dt = end - this.gLastChangeNs[r];
      this.goTime[cur] += dt;
      if (cur === GoState.Running) this.gRunningNs[r] += dt;
      else if (cur === GoState.Runnable) this.gRunnableNs[r] += dt;
      else if (cur === GoState.Waiting) this.gWaitingNs[r] += dt;
      else if (cur === GoState.Syscall) this.gSyscallNs[r] += dt;
    }
    for (let r = 0; r < this.pId.length; r++) {
      const s = this.pState[r];
      if (s !== ProcState.NotExist) this.procTime[s] += end - this.pSince[r];
      if (this.pOpenSeg[r] >= 0) this.pSeg.end.data[this.pOpenSeg[r]] = end;
    }
    for (let r = 0; r < this.tId.length; r++) {
      this.threadTime[this.tState[r]] += end - this.tSince[r];
      if (this.tOpenSeg[r] >= 0) this.tSeg.end.data[this.tOpenSeg[r]] = end;
    }

    const str = (id: number) => this.b.strings.get(id);
    const codes = this.reasonIds.length;
    const RT = this.reasonTrans;
    // summary
    const transitions: Record<string, number> = {};
    const tl: [string, number][] = [];
    for (let f = 0; f < NG; f++) for (let to = 0; to < NG; to++) if (this.goTransM[f * NG + to]) tl.push([`${GO_STATES[f]}->${GO_STATES[to]}`, this.goTransM[f * NG + to]]);
    for (const [k, v] of sortCounts(tl)) transitions[k] = v;
    const br = new Map<string, number>();
    const RW = GoState.Running * NG + GoState.Waiting;
    for (let c = 0; c < codes; c++) {
      const v = RT[c * NG2 + RW];
      if (v > 0) br.set(str(this.reasonIds[c]), (br.get(str(this.reasonIds[c])) ?? 0) + v);
    }
    const blockReasons: Record<string, number> = {};
    for (const [k, v] of sortCounts([...br])) blockReasons[k] = v;
    const atEndGo = new Map<string, number>();
    const atEndKnown = new Map<string, number>();
    const siteMap = new Map<string, [number, number, number, number]>();
    let alive = 0;
    const flags = this.gFlags;
    for (let r = 0; r < n; r++) {
      const s = this.gLastState[r];
      if (s === GoState.NotExist) continue;
      alive++;
      const reason = this.gLastReason[r];
      const known = `${GO_STATES[s]}|${str(reason)}`;
      atEndKnown.set(known, (atEndKnown.get(known) ?? 0) + 1);
      const last = flags[r] & RESTATED ? `${GO_STATES[s]}|` : known;
      atEndGo.set(last, (atEndGo.get(last) ?? 0) + 1);
      const sk = `${s}|${reason}|${this.gLastStack[r]}`;
      const e = siteMap.get(sk);
      if (e) e[3]++;
      else siteMap.set(sk, [s, reason, this.gLastStack[r], 1]);
    }
    for (let r = 0; r < n; r++) flags[r] &= ~RESTATED;
    const record = (m: Map<string, number>) => {
      const o: Record<string, number> = {};
      for (const [k, v] of sortCounts([...m])) o[k] = v;
      return o;
    };
    const reduced = this.reduced;
    const segments = this.seg.finish(n, Int32Array.from(this.reasonIds), Float64Array.from(this.tId));
    const summary: TraceSummary = {
      version: `go 1.${info.version}`,
      events: this.events,
      goroutines: n,
      created: countFrom(this.goTransM, GoState.NotExist, true),
      destroyed: countFrom(this.goTransM, GoState.NotExist, false),
      transitions,
      blockReasons,
      aliveAtEnd: alive,
      atEnd: record(atEndGo),
      atEndLastKnown: record(atEndKnown),
      detail: reduced ? 'reduced' : 'full',
      segments: segments.count,
    };
    const sites = [...siteMap.values()].sort((a, b) => b[3] - a[3] || a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const rt: [number, number, number, number][] = [];
    for (let c = 1; c < codes; c++) for (let ft = 0; ft < NG2; ft++) if (RT[c * NG2 + ft] > 0) rt.push([Math.floor(ft / NG), ft % NG, this.reasonIds[c], RT[c * NG2 + ft]]);
    return {
      summary,
      formatVersion: info.version,
      writtenBy: info.writtenBy,
      family: info.family,
      startNs: Number.isNaN(this.startNs) ? 0 : this.startNs,
      durationNs: end,
      generations: info.generations,
      droppedGenerations: info.droppedGenerations,
      incomplete: info.incomplete,
      wallStartUnixNs: info.wallStartUnixNs,
      cpuSamples: this.cpuSamples,
      detail: { full: !reduced, level: reduced ? 'reduced' : 'full', message: info.detailMessage, thresholdBytes: info.thresholdBytes },
      goroutines: {
        count: n,
        goid: exact(this.gGoid, n),
        creator: exact(this.gCreator, n),
        createStack: exact(this.gCreateStack, n),
        startFunc: exact(this.gStartFunc, n),
        createdNs: exact(this.gCreatedNs, n),
        endedNs: exact(this.gEndedNs, n),
        lastState: exact(this.gLastState, n),
        lastReason: exact(this.gLastReason, n),
        lastStack: exact(this.gLastStack, n),
        lastChangeNs: exact(this.gLastChangeNs, n),
        runningNs: exact(this.gRunningNs, n),
        runnableNs: exact(this.gRunnableNs, n),
        waitingNs: exact(this.gWaitingNs, n),
        syscallNs: exact(this.gSyscallNs, n),
        blocks: exact(this.gBlocks, n),
        syscalls: exact(this.gSyscalls, n),
        starts: exact(this.gStarts, n),
        label: exact(this.gLabel, n),
        flags: exact(this.gFlags, n),
      },
      segments,
      procSegments: freezeRes(this.pSeg, this.pId),
      threadSegments: freezeRes(this.tSeg, this.tId),
      gc: freezeRange(this.gcR),
      stw: freezeRange(this.stwR),
      tasks: {
        count: this.tasks.id.length,
        id: this.tasks.id.take(),
        parent: this.tasks.parent.take(),
        name: this.tasks.name.take(),
        start: this.tasks.start.take(),
        end: this.tasks.end.take(),
      },
      regions: {
        count: this.regions.task.length,
        task: this.regions.task.take(),
        name: this.regions.name.take(),
        goroutine: this.regions.goroutine.take(),
        start: this.regions.start.take(),
        end: this.regions.end.take(),
      },
      logs: {
        count: this.logs.time.length,
        time: this.logs.time.take(),
        task: this.logs.task.take(),
        goroutine: this.logs.goroutine.take(),
        key: this.logs.key.take(),
        message: this.logs.message.take(),
        messages: this.logs.messages,
      },
      goroutineFlow: { states: [...GO_STATES], transitions: this.goTransM.slice(), timeInState: this.goTime.slice() },
      procFlow: { states: [...PROC_STATES], transitions: this.procTrans.slice(), timeInState: this.procTime.slice() },
      threadFlow: { states: [...THREAD_STATES], transitions: this.threadTrans.slice(), timeInState: this.threadTime.slice() },
      reasonTransitions: {
        count: rt.length,
        from: Uint8Array.from(rt, (x) => x[0]),
        to: Uint8Array.from(rt, (x) => x[1]),
        reason: Int32Array.from(rt, (x) => x[2]),
        n: Float64Array.from(rt, (x) => x[3]),
      },
      atEnd: {
        count: sites.length,
        state: Uint8Array.from(sites, (s) => s[0]),
        reason: Int32Array.from(sites, (s) => s[1]),
        stack: Int32Array.from(sites, (s) => s[2]),
        goroutines: Int32Array.from(sites, (s) => s[3]),
      },
    };
  }
}

/**
 * The first `n` items of a table column: a view when the slack is small (the untouched capacity
 * was never written, so it costs address space, not memory), else an exact copy.
 */
function exact<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number): T {
  return (n >= a.length - (a.length >> 3) ? a.subarray(0, n) : a.slice(0, n)) as T;
}

/** Running/Syscall segment context: (thread row + 1) << 16 | (P + 1); 0 for parts that do not fit. */
function pack(m: number, p: number): number {
  const mm = m >= 0 && m < 0xffff ? m + 1 : 0;
  const pp = p >= 0 && p < 0xffff ? p + 1 : 0;
  return mm * 0x10000 + pp;
}

function resCols() {
  return { res: int32Column(), start: float64Column(), end: float64Column(), state: uint8Column(), other: float64Column() };
}

function rangeCols() {
  return { start: float64Column(), end: float64Column(), kind: int32Column(), goroutine: int32Column() };
}

function range(r: ReturnType<typeof rangeCols>, t: number, kind: number, g: number): number {
  const i = r.start.push(t);
  r.end.push(-1);
  r.kind.push(kind);
  r.goroutine.push(g);
  return i;
}

function countFrom(m: Float64Array, s: number, from: boolean): number {
  let n = 0;
  for (let i = 0; i < NG; i++) n += from ? (i === s ? 0 : m[s * NG + i]) : i === s ? 0 : m[i * NG + s];
  return n;
}

function sortCounts(l: [string, number][]): [string, number][] {
  return l.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** P or thread segments in event order → per resource (CSR), each resource's run in time order. */
function freezeRes(s: ReturnType<typeof resCols>, ids: number[]): TraceResourceSegments {
  const n = s.res.length;
  const k = ids.length;
  const offset = new Int32Array(k + 1);
  const res = s.res.data;
  for (let i = 0; i < n; i++) offset[res[i] + 1]++;
  for (let j = 0; j < k; j++) offset[j + 1] += offset[j];
  const cur = offset.slice(0, k);
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const state = new Uint8Array(n);
  const other = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = cur[res[i]]++;
    start[d] = s.start.data[i];
    end[d] = s.end.data[i];
    state[d] = s.state.data[i];
    other[d] = s.other.data[i];
  }
  return { count: n, ids: Float64Array.from(ids), offset, start, end, state, other };
}

function freezeRange(r: ReturnType<typeof rangeCols>) {
  return { count: r.start.length, start: r.start.take(), end: r.end.take(), kind: r.kind.take(), goroutine: r.goroutine.take() };
}

