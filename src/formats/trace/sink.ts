/**
 * TraceSink: receives the events Go's trace reader yields (its `Event` model, after ordering)
 * and builds the TraceModel: the CLI summary (counts exactly as `go tool trace -d=parsed`),
 * the goroutine table, lifecycle segments, P/thread segments, GC/STW ranges, tasks, regions,
 * logs and the state-flow statistics. Both the v2 reader (v2.ts) and the old-format converter
 * (v1.ts) feed it through `ev()` / `sync()`, so both formats produce the same model.
 *
 * Arguments of `ev(typ, time, g, p, m, a, b, c, d)`: `typ` is the v2 event type (spec.ts Ev),
 * `time` absolute ns, `g` the context goroutine *row* (−1 none), `p` the context P (−1 none),
 * `m` the context thread (−1 none); a..d per type (goroutine arguments are rows, stacks are
 * model stack ids (−1 none), strings are model string ids):
 *   ProcStatus      a=pid b=from ProcState c=to ProcState
 *   ProcStart       a=pid
 *   ProcStop        (P = p)
 *   ProcSteal       a=pid b=from ProcState d=victim thread (−1: none to update)
 *   GoCreate(Blocked) a=new row b=entry stack c=stack
 *   GoCreateSyscall a=new row
 *   GoStart         a=row
 *   GoStop/GoBlock  a=reason b=stack
 *   GoUnblock/GoSwitch(Destroy) a=row b=stack
 *   GoSyscallBegin  b=stack
 *   GoStatus(Stack) a=row b=from GoState c=to GoState d=stack
 *   STWBegin/STWEnd a=kind
 *   GCSweepActive   a=pid;  GCMarkAssistActive a=row
 *   GoLabel         a=label
 *   UserTaskBegin   a=id b=parent c=name;  UserTaskEnd a=id
 *   UserRegionBegin/End a=task b=name
 *   UserLog         a=task b=key c=value
 */
import type { ModelBuilder } from '../../model/model';
import { float64Column, int32Column, uint8Column, type Column } from '../../model/columns';
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
import { Ev } from './spec';
import { growF64, growI32, growU8, narrowInt } from './growable';

const NG = GO_STATES.length;
const NP = PROC_STATES.length;
const NT = THREAD_STATES.length;

/** Caps for the small tables; above them rows are dropped with a warning. */
const MAX_TASKS = 1_000_000;
const MAX_REGIONS = 2_000_000;
const MAX_LOGS = 1_000_000;

/**
 * Per-event detail is dropped during the parse once the segment tables (goroutine + P + thread)
 * hold this many rows. Measured at the peak (bench/trace-bench.ts, Node 20): a goroutine segment
 * costs 31–34 bytes (8.6 M segments of a 48 MB Go 1.27 trace add 289 MB; 10 M of a 34 MB Go 1.21
 * trace add 309 MB), P/thread segments 33: 8 M rows are ~270 MB. Dense traces have 0.18 (v2) to
 * 0.3 (v1) segments per file byte, so the cap is reached at ~27–44 MB of dense trace; sparser
 * traces keep their detail up to the size limit (parse-trace.ts DEFAULT_DETAIL_LIMIT).
 */
export const DEFAULT_MAX_SEGMENTS = 8_000_000;

type F64 = Column<Float64Array>;
type I32 = Column<Int32Array>;
type U8 = Column<Uint8Array>;

function goSegs(max: number) {
  return {
    goroutine: narrowInt(max),
    start: growF64(max),
    state: growU8(max),
    reason: narrowInt(max),
    stack: narrowInt(max),
    proc: narrowInt(max),
    thread: narrowInt(max),
    unblockedBy: narrowInt(max),
    unblockStack: narrowInt(max),
    next: growI32(max),
  };
}

function resSegs(max: number) {
  return { id: growF64(max), start: growF64(max), end: growF64(max), state: growU8(max), other: growF64(max) };
}

export interface SinkOptions {
  /** keep lifecycle / P / thread segments (per-event detail) */
  detail: boolean;
  /** drop the detail during the parse once this many segments (goroutine + P + thread) are held */
  maxSegments?: number;
}

export class TraceSink {
  /** events the reader yields (Syncs included) */
  events = 0;
  cpuSamples = 0;
  startNs = NaN;
  lastTs = -Infinity;
  /** relative time of the current generation's start (for backdating Undetermined states) */
  genStart = 0;
  syncs = 0;
  dropped: string[] = [];

  private readonly b: ModelBuilder;
  detail: boolean;

  // goroutines (rows)
  private readonly gIndex = new Map<number, number>();
  /** rows of goids below 2^22 (+1; 0 = none): the common case without hashing */
  private gDense = new Int32Array(1024);
  readonly g = {
    goid: float64Column(),
    creatorGoid: float64Column(),
    creator: int32Column(),
    createStack: int32Column(),
    startFunc: int32Column(),
    createdNs: float64Column(),
    endedNs: float64Column(),
    firstSeenNs: float64Column(),
    lastState: uint8Column(),
    lastReason: int32Column(),
    lastStack: int32Column(),
    lastChangeNs: float64Column(),
    runningNs: float64Column(),
    runnableNs: float64Column(),
    waitingNs: float64Column(),
    syscallNs: float64Column(),
    blocks: int32Column(),
    syscalls: int32Column(),
    starts: int32Column(),
    label: int32Column(),
    flags: uint8Column(),
    firstSegment: int32Column(),
    /** last segment (−1) — internal */
    lastSegment: int32Column(),
    /** pending unblock info for the next Runnable segment */
    /** ordering state (v2 reader): wire status 0 = absent */
    oStatus: uint8Column(),
    oSeqGen: float64Column(),
    oSeq: float64Column(),
  };

  // counts
  readonly goTransM = new Float64Array(NG * NG);
  readonly goTime = new Float64Array(NG);
  readonly procTrans = new Float64Array(NP * NP);
  readonly procTime = new Float64Array(NP);
  readonly threadTrans = new Float64Array(NT * NT);
  readonly threadTime = new Float64Array(NT);
  /** Running→Waiting without a reason (the ones with a reason are in the reason transitions) */
  private blocksNoReason = 0;
  /** (from, to, reason) counts in first-seen order; rtIndex: reason → row per from*NG+to (−1 none) */
  private readonly rtIndex = new Map<number, Int32Array>();
  /** rtIndex for reason ids below 65536 */
  private readonly rtDense: (Int32Array | undefined)[] = [];
  private readonly rtKey: number[] = [];
  private readonly rtN: number[] = [];

  // segments
  private readonly seg: ReturnType<typeof goSegs>;
  /** segments (all three tables) allowed before the detail is dropped */
  readonly maxSegments: number;
  /** the detail was dropped during the parse because of maxSegments */
  detailOverflow = false;
  /** the end of a goroutine's previous life while it is being created again */
  private endedBefore = -1;

  // procs
  private readonly pIndex = new Map<number, number>();
  private readonly pState: number[] = [];
  private readonly pSince: number[] = [];
  private readonly pThread: number[] = [];
  private readonly pOpenSeg: number[] = [];
  private readonly pId: number[] = [];
  private readonly pSeg: ReturnType<typeof resSegs>;

  // threads
  private readonly tIndex = new Map<number, number>();
  private readonly tId: number[] = [];
  private readonly tState: number[] = [];
  private readonly tSince: number[] = [];
  private readonly tP: number[] = [];
  private readonly tSys: boolean[] = [];
  private readonly tOpenSeg: number[] = [];
  private readonly tSeg: ReturnType<typeof resSegs>;

  // ranges
  private readonly gcR = { start: float64Column(), end: float64Column(), kind: int32Column(), goroutine: int32Column() };
  private readonly stwR = { start: float64Column(), end: float64Column(), kind: int32Column(), goroutine: int32Column() };
  private gcOpen = -1;
  private readonly stwOpen = new Map<number, number>();
  private readonly tasks = { id: float64Column(), parent: float64Column(), name: int32Column(), start: float64Column(), end: float64Column() };
  private readonly taskOpen = new Map<number, number>();
  private readonly regions = { task: float64Column(), name: int32Column(), goroutine: int32Column(), start: float64Column(), end: float64Column() };
  private readonly regionOpen = new Map<number, number[]>();
  private readonly logs = { time: float64Column(), task: float64Column(), goroutine: int32Column(), key: int32Column(), value: int32Column() };
  private capWarned = new Set<string>();
  warnings: string[] = [];

  constructor(b: ModelBuilder, opts: SinkOptions) {
    this.b = b;
    this.detail = opts.detail;
    this.maxSegments = opts.maxSegments ?? DEFAULT_MAX_SEGMENTS;
    const cap = this.maxSegments + 1;
    this.seg = goSegs(cap);
    this.pSeg = resSegs(cap);
    this.tSeg = resSegs(cap);
  }

  // ---- goroutine rows ----------------------------------------------------------------------

  /** Row of goroutine `goid`, created if new. */
  row(goid: number): number {
    if (goid >= 0 && goid < this.gDense.length) {
      const d = this.gDense[goid];
      if (d > 0) return d - 1;
    }
    let r = this.gIndex.get(goid);
    if (r === undefined) {
      const g = this.g;
      r = g.goid.push(goid);
      g.creatorGoid.push(-1);
      g.creator.push(-1);
      g.createStack.push(-1);
      g.startFunc.push(0);
      g.createdNs.push(-1);
      g.endedNs.push(-1);
      g.firstSeenNs.push(-1);
      g.lastState.push(GoState.NotExist);
      g.lastReason.push(0);
      g.lastStack.push(-1);
      g.lastChangeNs.push(-1);
      g.runningNs.push(0);
      g.runnableNs.push(0);
      g.waitingNs.push(0);
      g.syscallNs.push(0);
      g.blocks.push(0);
      g.syscalls.push(0);
      g.starts.push(0);
      g.label.push(0);
      g.flags.push(0);
      g.firstSegment.push(-1);
      g.lastSegment.push(-1);
      g.oStatus.push(0);
      g.oSeqGen.push(0);
      g.oSeq.push(0);
      this.gIndex.set(goid, r);
      if (goid >= 0 && goid < 1 << 22 && Number.isInteger(goid)) {
        if (goid >= this.gDense.length) {
          let l = this.gDense.length;
          while (l <= goid) l *= 2;
          const n = new Int32Array(l);
          n.set(this.gDense);
          this.gDense = n;
        }
        this.gDense[goid] = r + 1;
      }
    }
    return r;
  }

  /** Row of goroutine `goid` or −1. */
  rowIfAny(goid: number): number {
    if (goid >= 0 && goid < this.gDense.length) {
      const d = this.gDense[goid];
      if (d > 0) return d - 1;
    }
    return this.gIndex.get(goid) ?? -1;
  }

  goidOf(row: number): number {
    return row < 0 ? -1 : this.g.goid.data[row];
  }

  // ---- time --------------------------------------------------------------------------------

  /** Go's reader makes reported times strictly increasing; returns the relative time. */
  private t(abs: number): number {
    if (abs <= this.lastTs) abs = this.lastTs + 1;
    this.lastTs = abs;
    return abs - this.startNs;
  }

  /** A Sync event at absolute time `abs` (a generation start, or the end with `final`). */
  sync(abs: number, final = false): void {
    this.events++;
    this.syncs++;
    if (Number.isNaN(this.startNs)) this.startNs = abs <= this.lastTs ? this.lastTs + 1 : abs;
    const t = this.t(abs);
    if (!final) this.genStart = t;
  }

  cpuSample(abs: number): void {
    this.events++;
    this.cpuSamples++;
    this.t(abs);
  }

  /** Events that only count (metrics, experimental events, sweep/assist ranges). */
  plain(abs: number): void {
    this.events++;
    this.t(abs);
  }

  // ---- the event switch --------------------------------------------------------------------

  ev(typ: number, abs: number, g: number, p: number, m: number, a: number, b: number, c: number, d: number): void {
    this.events++;
    const t = this.t(abs);
    switch (typ) {
      case Ev.ProcStatus:
        this.procTrans1(t, a, b, c, m);
        if (c === ProcState.Running) this.threadP(t, m, a);
        return;
      case Ev.ProcStart:
        this.procTrans1(t, a, ProcState.Idle, ProcState.Running, m);
        this.threadP(t, m, a);
        return;
      case Ev.ProcStop:
        this.procTrans1(t, p, ProcState.Running, ProcState.Idle, m);
        this.threadP(t, m, -1);
        return;
      case Ev.ProcSteal:
        this.procTrans1(t, a, b, ProcState.Idle, -1);
        if (d !== -1 && d !== -2) this.threadP(t, d, -1);
        return;
      case Ev.GoCreate:
      case Ev.GoCreateBlocked: {
        const st = typ === Ev.GoCreate ? GoState.Runnable : GoState.Waiting;
        this.goTrans(t, a, GoState.NotExist, st, 0, c, p, m, g, -1);
        const G = this.g;
        G.creator.data[a] = g;
        G.creatorGoid.data[a] = this.goidOf(g);
        G.createStack.data[a] = c;
        if (b >= 0) G.startFunc.data[a] = this.b.strings.intern(this.funcOfStack(b, true));
        if (typ === Ev.GoCreateBlocked) G.flags.data[a] |= TraceGFlag.Coroutine;
        return;
      }
      case Ev.GoCreateSyscall:
        this.goTrans(t, a, GoState.NotExist, GoState.Syscall, 0, -1, p, m, -1, -1);
        this.g.flags.data[a] |= TraceGFlag.Cgo;
        this.threadSys(t, m, true);
        return;
      case Ev.GoStart:
        this.goTrans(t, a, GoState.Runnable, GoState.Running, 0, -1, p, m, -1, -1);
        return;
      case Ev.GoDestroy:
        this.goTrans(t, g, GoState.Running, GoState.NotExist, 0, -1, p, m, -1, -1);
        return;
      case Ev.GoDestroySyscall:
        this.goTrans(t, g, GoState.Syscall, GoState.NotExist, 0, -1, p, m, -1, -1);
        this.threadSys(t, m, false);
        return;
      case Ev.GoStop:
        this.goTrans(t, g, GoState.Running, GoState.Runnable, a, b, p, m, -1, -1);
        return;
      case Ev.GoBlock:
        this.goTrans(t, g, GoState.Running, GoState.Waiting, a, b, p, m, -1, -1);
        return;
      case Ev.GoUnblock:
      case Ev.GoSwitch:
      case Ev.GoSwitchDestroy:
        this.goTrans(t, a, GoState.Waiting, GoState.Runnable, 0, -1, p, m, g, b);
        return;
      case Ev.GoSyscallBegin:
        this.goTrans(t, g, GoState.Running, GoState.Syscall, 0, b, p, m, -1, -1);
        this.threadSys(t, m, true);
        return;
      case Ev.GoSyscallEnd:
        this.goTrans(t, g, GoState.Syscall, GoState.Running, 0, -1, p, m, -1, -1);
        this.threadSys(t, m, false);
        return;
      case Ev.GoSyscallEndBlocked:
        this.goTrans(t, g, GoState.Syscall, GoState.Runnable, 0, -1, p, m, -1, -1);
        this.threadSys(t, m, false);
        return;
      case Ev.GoStatus:
      case Ev.GoStatusStack:
        this.goTrans(t, a, b, c, 0, d, p, m, -1, -1);
        if (c === GoState.Syscall && m !== -1) this.threadSys(t, m, true);
        return;
      case Ev.STWBegin:
        this.stwOpen.set(g, this.range(this.stwR, t, a, g));
        return;
      case Ev.STWEnd: {
        const r = this.stwOpen.get(g);
        if (r !== undefined) {
          this.stwR.end.data[r] = t;
          this.stwOpen.delete(g);
        }
        return;
      }
      case Ev.GCBegin:
        this.gcOpen = this.range(this.gcR, t, 0, -1);
        return;
      case Ev.GCActive:
        if (this.gcOpen < 0) this.gcOpen = this.range(this.gcR, this.genStart, 0, -1);
        return;
      case Ev.GCEnd:
        if (this.gcOpen >= 0) this.gcR.end.data[this.gcOpen] = t;
        else this.gcR.end.data[this.range(this.gcR, -1, 0, -1)] = t;
        this.gcOpen = -1;
        return;
      case Ev.GoLabel:
        if (g >= 0) this.g.label.data[g] = a;
        return;
      case Ev.UserTaskBegin: {
        if (!this.capOk('tasks', this.tasks.id.length, MAX_TASKS)) return;
        const T = this.tasks;
        const r = T.id.push(a);
        T.parent.push(b);
        T.name.push(c);
        T.start.push(t);
        T.end.push(-1);
        this.taskOpen.set(a, r);
        return;
      }
      case Ev.UserTaskEnd: {
        const r = this.taskOpen.get(a);
        if (r !== undefined) {
          this.tasks.end.data[r] = t;
          this.taskOpen.delete(a);
        } else if (this.capOk('tasks', this.tasks.id.length, MAX_TASKS)) {
          const T = this.tasks;
          T.id.push(a);
          T.parent.push(-1);
          T.name.push(0);
          T.start.push(-1);
          T.end.push(t);
        }
        return;
      }
      case Ev.UserRegionBegin: {
        if (!this.capOk('regions', this.regions.task.length, MAX_REGIONS)) return;
        const R = this.regions;
        const r = R.task.push(a);
        R.name.push(b);
        R.goroutine.push(g);
        R.start.push(t);
        R.end.push(-1);
        let open = this.regionOpen.get(g);
        if (!open) this.regionOpen.set(g, (open = []));
        open.push(r);
        return;
      }
      case Ev.UserRegionEnd: {
        const open = this.regionOpen.get(g);
        if (open && open.length) {
          this.regions.end.data[open.pop()!] = t;
        } else if (this.capOk('regions', this.regions.task.length, MAX_REGIONS)) {
          const R = this.regions;
          R.task.push(a);
          R.name.push(b);
          R.goroutine.push(g);
          R.start.push(-1);
          R.end.push(t);
        }
        return;
      }
      case Ev.UserLog: {
        if (!this.capOk('logs', this.logs.time.length, MAX_LOGS)) return;
        const L = this.logs;
        L.time.push(t);
        L.task.push(a);
        L.goroutine.push(g);
        L.key.push(b);
        L.value.push(c);
        return;
      }
      default:
        return; // metrics, sweep and assist ranges, active ranges: counted only
    }
  }

  private capOk(what: string, n: number, max: number): boolean {
    if (n < max) return true;
    if (!this.capWarned.has(what)) {
      this.capWarned.add(what);
      this.warnings.push(`more than ${max} user ${what}: the rest are counted but not kept`);
    }
    return false;
  }

  private range(r: { start: F64; end: F64; kind: I32; goroutine: I32 }, t: number, kind: number, g: number): number {
    const i = r.start.push(t);
    r.end.push(-1);
    r.kind.push(kind);
    r.goroutine.push(g);
    return i;
  }

  /** The function name of a stack's outermost (entry) or innermost frame. */
  private funcOfStack(stack: number, outermost: boolean): string {
    const b = this.b;
    let s = stack;
    if (!outermost) return b.strings.get(b.frameFunc.data[b.stackFrame.data[s]]);
    while (b.stackParent.data[s] >= 0) s = b.stackParent.data[s];
    return b.strings.get(b.frameFunc.data[b.stackFrame.data[s]]);
  }

  // ---- goroutine transitions ---------------------------------------------------------------

  goTrans(t: number, r: number, from: number, to: number, reason: number, stack: number, p: number, m: number, by: number, byStack: number): void {
    this.goTransM[from * NG + to]++;
    if (reason !== 0) {
      let ix = reason < 65536 ? this.rtDense[reason] : this.rtIndex.get(reason);
      if (ix === undefined) {
        ix = new Int32Array(NG * NG).fill(-1);
        if (reason < 65536) {
          while (this.rtDense.length < reason) this.rtDense.push(undefined);
          this.rtDense[reason] = ix;
        } else this.rtIndex.set(reason, ix);
      }
      const ft = from * NG + to;
      let j = ix[ft];
      if (j < 0) {
        j = ix[ft] = this.rtKey.length;
        this.rtKey.push(ft * 0x10000000 + reason);
        this.rtN.push(0);
      }
      this.rtN[j]++;
    } else if (from === GoState.Running && to === GoState.Waiting) this.blocksNoReason++;
    if (r < 0) return;
    const G = this.g;
    if (from === to) {
      // a status restated at a generation boundary: not a state change
      if (stack >= 0 && G.lastStack.data[r] < 0) G.lastStack.data[r] = stack;
      this.nameFromStatus(r, stack);
      return;
    }
    let since = t;
    if (from === GoState.Undetermined) {
      since = this.genStart;
      G.flags.data[r] |= TraceGFlag.PreExisting;
      G.firstSeenNs.data[r] = since;
      this.nameFromStatus(r, stack);
    } else if (from === GoState.NotExist) {
      this.endedBefore = G.endedNs.data[r];
      G.flags.data[r] |= TraceGFlag.Created;
      G.createdNs.data[r] = t;
      if (G.firstSeenNs.data[r] < 0) G.firstSeenNs.data[r] = t;
    } else {
      // lastState / lastChangeNs: the state used for time accounting and since when (X→X restatements change neither)
      const cur = G.lastState.data[r];
      const dt = t - G.lastChangeNs.data[r];
      this.goTime[cur] += dt;
      switch (cur) {
        case GoState.Running:
          G.runningNs.data[r] += dt;
          break;
        case GoState.Runnable:
          G.runnableNs.data[r] += dt;
          break;
        case GoState.Waiting:
          G.waitingNs.data[r] += dt;
          break;
        case GoState.Syscall:
          G.syscallNs.data[r] += dt;
          break;
      }
    }
    G.lastState.data[r] = to;
    G.lastReason.data[r] = reason;
    G.lastStack.data[r] = stack;
    G.lastChangeNs.data[r] = since;
    if (to === GoState.NotExist) {
      G.flags.data[r] |= TraceGFlag.Ended;
      G.endedNs.data[r] = t;
    } else if (from === GoState.Running) {
      if (to === GoState.Waiting) G.blocks.data[r]++;
      else if (to === GoState.Syscall) G.syscalls.data[r]++;
    } else if (to === GoState.Running && from === GoState.Runnable) G.starts.data[r]++;

    if (!this.detail || to === GoState.NotExist) return;
    // a segment ends where the goroutine's next one starts (no end column): a goroutine id that
    // comes back after its end (cgo callbacks) gets a NotExist segment for the gap
    if (from === GoState.NotExist && G.lastSegment.data[r] >= 0) this.pushSeg(r, this.endedBefore, GoState.NotExist, 0, -1, -1, -1, -1, -1);
    const run = to === GoState.Running || to === GoState.Syscall;
    this.pushSeg(r, since, to, reason, stack, run ? p : -1, run ? m : -1, by, byStack);
  }

  private pushSeg(r: number, start: number, state: number, reason: number, stack: number, p: number, m: number, by: number, byStack: number): void {
    if (this.segmentCount >= this.maxSegments) {
      this.dropDetail();
      return;
    }
    const S = this.seg;
    const G = this.g;
    const i = S.goroutine.push(r);
    S.start.push(start);
    S.state.push(state);
    S.reason.push(reason);
    S.stack.push(stack);
    S.proc.push(p);
    S.thread.push(m);
    S.unblockedBy.push(by);
    S.unblockStack.push(byStack);
    S.next.push(-1);
    const last = G.lastSegment.data[r];
    if (last >= 0) S.next.data[last] = i;
    else G.firstSegment.data[r] = i;
    G.lastSegment.data[r] = i;
  }

  /** Too many segments for memory: keep the lifecycles and counts, drop the tables. */
  private dropDetail(): void {
    this.detail = false;
    this.detailOverflow = true;
    for (const c of Object.values(this.seg)) c.clear();
    for (const c of Object.values(this.pSeg)) c.clear();
    for (const c of Object.values(this.tSeg)) c.clear();
    this.g.firstSegment.data.fill(-1);
    this.g.lastSegment.data.fill(-1);
    this.pOpenSeg.fill(-1);
    this.tOpenSeg.fill(-1);
  }

  /** segments held in the three tables */
  get segmentCount(): number {
    return this.seg.goroutine.length + this.pSeg.id.length + this.tSeg.id.length;
  }

  /** Pre-existing goroutines: name them after the outermost frame of the first stack seen. */
  private nameFromStatus(r: number, stack: number): void {
    if (stack >= 0 && this.g.startFunc.data[r] === 0) this.g.startFunc.data[r] = this.b.strings.intern(this.funcOfStack(stack, true));
  }

  // ---- procs and threads -------------------------------------------------------------------

  private procRow(pid: number): number {
    let r = this.pIndex.get(pid);
    if (r === undefined) {
      r = this.pId.length;
      this.pId.push(pid);
      this.pState.push(ProcState.NotExist);
      this.pSince.push(0);
      this.pThread.push(-1);
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
    this.pThread[r] = to === ProcState.Running ? m : -1;
    if (!this.detail) return;
    if (this.segmentCount >= this.maxSegments) return this.dropDetail();
    const S = this.pSeg;
    const open = this.pOpenSeg[r];
    if (open >= 0) S.end.data[open] = t;
    const i = S.id.push(pid);
    S.start.push(since);
    S.end.push(-1);
    S.state.push(to);
    S.other.push(to === ProcState.Running ? m : -1);
    this.pOpenSeg[r] = i;
  }

  private threadRow(m: number): number {
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

  private threadP(t: number, m: number, p: number): void {
    if (m < 0) return;
    const r = this.threadRow(m);
    this.tP[r] = p;
    this.threadUpdate(t, r);
  }

  private threadSys(t: number, m: number, on: boolean): void {
    if (m < 0) return;
    const r = this.threadRow(m);
    this.tSys[r] = on;
    this.threadUpdate(t, r);
  }

  private threadUpdate(t: number, r: number): void {
    const to = this.tP[r] >= 0 ? ThreadState.Running : this.tSys[r] ? ThreadState.Syscall : ThreadState.Idle;
    const from = this.tState[r];
    if (from === to) return;
    this.threadTrans[from * NT + to]++;
    this.threadTime[from] += t - this.tSince[r];
    this.tState[r] = to;
    this.tSince[r] = t;
    if (!this.detail) return;
    if (this.segmentCount >= this.maxSegments) return this.dropDetail();
    const S = this.tSeg;
    const open = this.tOpenSeg[r];
    if (open >= 0) S.end.data[open] = t;
    const i = S.id.push(this.tId[r]);
    S.start.push(t);
    S.end.push(-1);
    S.state.push(to);
    S.other.push(this.tP[r]);
    this.tOpenSeg[r] = i;
  }

  // ---- the result --------------------------------------------------------------------------

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
    const G = this.g;
    const n = G.goid.length;
    // close open states
    for (let r = 0; r < n; r++) {
      const cur = G.lastState.data[r];
      if (cur === GoState.NotExist) continue;
      const dt = end - G.lastChangeNs.data[r];
      this.goTime[cur] += dt;
      if (cur === GoState.Running) G.runningNs.data[r] += dt;
      else if (cur === GoState.Runnable) G.runnableNs.data[r] += dt;
      else if (cur === GoState.Waiting) G.waitingNs.data[r] += dt;
      else if (cur === GoState.Syscall) G.syscallNs.data[r] += dt;
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
    // summary
    const transitions: Record<string, number> = {};
    const tl: [string, number][] = [];
    for (let f = 0; f < NG; f++) for (let to = 0; to < NG; to++) if (this.goTransM[f * NG + to]) tl.push([`${GO_STATES[f]}->${GO_STATES[to]}`, this.goTransM[f * NG + to]]);
    for (const [k, v] of sortCounts(tl)) transitions[k] = v;
    const blockReasons: Record<string, number> = {};
    const br: [string, number][] = this.blocksNoReason > 0 ? [[str(0), this.blocksNoReason]] : [];
    const RW = GoState.Running * NG + GoState.Waiting;
    for (let j = 0; j < this.rtKey.length; j++) if (Math.floor(this.rtKey[j] / 0x10000000) === RW) br.push([str(this.rtKey[j] % 0x10000000), this.rtN[j]]);
    for (const [k, v] of sortCounts(br)) blockReasons[k] = (blockReasons[k] ?? 0) + v;
    const atEndMap = new Map<string, number>();
    const siteMap = new Map<string, [number, number, number, number]>();
    let alive = 0;
    let seen = 0;
    for (let r = 0; r < n; r++) {
      seen++;
      const s = G.lastState.data[r];
      if (s === GoState.NotExist) continue;
      alive++;
      const k = `${GO_STATES[s]}|${str(G.lastReason.data[r])}`;
      atEndMap.set(k, (atEndMap.get(k) ?? 0) + 1);
      const sk = `${s}|${G.lastReason.data[r]}|${G.lastStack.data[r]}`;
      const e = siteMap.get(sk);
      if (e) e[3]++;
      else siteMap.set(sk, [s, G.lastReason.data[r], G.lastStack.data[r], 1]);
    }
    const atEnd: Record<string, number> = {};
    for (const [k, v] of sortCounts([...atEndMap])) atEnd[k] = v;
    const summary: TraceSummary = {
      version: `go 1.${info.version}`,
      events: this.events,
      goroutines: seen,
      created: countFrom(this.goTransM, GoState.NotExist, true),
      destroyed: countFrom(this.goTransM, GoState.NotExist, false),
      transitions,
      blockReasons,
      aliveAtEnd: alive,
      atEnd,
    };

    const sites = [...siteMap.values()].sort((a, b) => b[3] - a[3] || a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const rt = this.rtKey.map((k, j) => [k, this.rtN[j]] as [number, number]);
    const S = this.seg;
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
      detail: { full: this.detail, message: info.detailMessage, thresholdBytes: info.thresholdBytes },
      goroutines: {
        count: n,
        goid: G.goid.trimmed(),
        creatorGoid: G.creatorGoid.trimmed(),
        creator: G.creator.trimmed(),
        createStack: G.createStack.trimmed(),
        startFunc: G.startFunc.trimmed(),
        createdNs: G.createdNs.trimmed(),
        endedNs: G.endedNs.trimmed(),
        firstSeenNs: G.firstSeenNs.trimmed(),
        lastState: G.lastState.trimmed(),
        lastReason: G.lastReason.trimmed(),
        lastStack: G.lastStack.trimmed(),
        lastChangeNs: G.lastChangeNs.trimmed(),
        runningNs: G.runningNs.trimmed(),
        runnableNs: G.runnableNs.trimmed(),
        waitingNs: G.waitingNs.trimmed(),
        syscallNs: G.syscallNs.trimmed(),
        blocks: G.blocks.trimmed(),
        syscalls: G.syscalls.trimmed(),
        starts: G.starts.trimmed(),
        label: G.label.trimmed(),
        flags: G.flags.trimmed(),
        firstSegment: G.firstSegment.trimmed(),
      },
      segments: {
        count: S.goroutine.length,
        goroutine: S.goroutine.take(),
        start: S.start.take(),
        state: S.state.take(),
        reason: S.reason.take(),
        stack: S.stack.take(),
        proc: S.proc.take(),
        thread: S.thread.take(),
        unblockedBy: S.unblockedBy.take(),
        unblockStack: S.unblockStack.take(),
        next: S.next.take(),
      },
      procSegments: freezeRes(this.pSeg),
      threadSegments: freezeRes(this.tSeg),
      gc: freezeRange(this.gcR),
      stw: freezeRange(this.stwR),
      tasks: {
        count: this.tasks.id.length,
        id: this.tasks.id.trimmed(),
        parent: this.tasks.parent.trimmed(),
        name: this.tasks.name.trimmed(),
        start: this.tasks.start.trimmed(),
        end: this.tasks.end.trimmed(),
      },
      regions: {
        count: this.regions.task.length,
        task: this.regions.task.trimmed(),
        name: this.regions.name.trimmed(),
        goroutine: this.regions.goroutine.trimmed(),
        start: this.regions.start.trimmed(),
        end: this.regions.end.trimmed(),
      },
      logs: {
        count: this.logs.time.length,
        time: this.logs.time.trimmed(),
        task: this.logs.task.trimmed(),
        goroutine: this.logs.goroutine.trimmed(),
        key: this.logs.key.trimmed(),
        value: this.logs.value.trimmed(),
      },
      goroutineFlow: { states: [...GO_STATES], transitions: this.goTransM.slice(), timeInState: this.goTime.slice() },
      procFlow: { states: [...PROC_STATES], transitions: this.procTrans.slice(), timeInState: this.procTime.slice() },
      threadFlow: { states: [...THREAD_STATES], transitions: this.threadTrans.slice(), timeInState: this.threadTime.slice() },
      reasonTransitions: {
        count: rt.length,
        from: Uint8Array.from(rt, ([k]) => Math.floor(k / 0x10000000 / NG)),
        to: Uint8Array.from(rt, ([k]) => Math.floor(k / 0x10000000) % NG),
        reason: Int32Array.from(rt, ([k]) => k % 0x10000000),
        n: Float64Array.from(rt, ([, v]) => v),
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

function countFrom(m: Float64Array, s: number, from: boolean): number {
  let n = 0;
  for (let i = 0; i < NG; i++) n += from ? (i === s ? 0 : m[s * NG + i]) : i === s ? 0 : m[i * NG + s];
  return n;
}

function sortCounts(l: [string, number][]): [string, number][] {
  return l.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function freezeRes(s: ReturnType<typeof resSegs>): TraceResourceSegments {
  return { count: s.id.length, id: s.id.take(), start: s.start.take(), end: s.end.take(), state: s.state.take(), other: s.other.take() };
}

function freezeRange(r: { start: F64; end: F64; kind: I32; goroutine: I32 }) {
  return { count: r.start.length, start: r.start.trimmed(), end: r.end.trimmed(), kind: r.kind.trimmed(), goroutine: r.goroutine.trimmed() };
}

export type { U8 };
