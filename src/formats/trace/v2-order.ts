/**
 * Go 1.22+ traces, layer 3 (Go 1.27's order.go and batchcursor.go): the ordering of one
 * generation's per-thread event streams into the one stream Go's reader yields, and the
 * scheduler state that validates it (docs §4). A cursor per thread decodes its batches one event
 * at a time; a min-heap by time (Go's own heap, for identical tie-breaking) offers the earliest
 * event; `advance` dispatches it to one small function per event kind, which checks that it can
 * happen now (sequence numbers, states), updates the state and reports it to the sink's method for
 * that kind. When the earliest event cannot advance, the others are tried in time order; when none
 * can, the generation cannot be ordered (GenError).
 *
 * State kept across generations: per goroutine row status and sequence (typed arrays), per P,
 * per thread its goroutine and P (MState), GC sequence, active tasks, open ranges and regions.
 */
import { GoState, ProcState } from '../../model/trace';
import { uvarintHot, varintEnd } from '../varint';
import { ARG_COUNT, Ev, GSTATUS_TO_STATE, GoStatus, PSTATUS_TO_STATE, ProcStatus, evName } from './spec';
import type { TraceSink } from './sink';
import type { GenerationBatches } from './v2-batches';
import { GenError, type GenerationTables } from './v2-generation';

const NONE = -1;
/** sequence counters are (generation, n): stored as gen × 2^32 + n */
const GEN_SCALE = 2 ** 32;

/** A thread's scheduling context (Go's mState); `row` is the sink's thread row. */
interface MState {
  g: number;
  p: number;
  row: number;
}

interface PState {
  status: number;
  seq: number;
  /** open ranges: GCSweepBegin */
  ranges: number[];
}

/** One thread's events in one generation (Go's batchCursor) and the event it offers. */
class Cursor {
  /** [offset, length, ts] triples into the generation buffer */
  batches: number[];
  bi = -3;
  off = 0;
  end = 0;
  // current event; `time` is also the base of the next event's delta
  typ = 0;
  time = 0;
  a0 = 0;
  a1 = 0;
  a2 = 0;
  a3 = 0;
  /** offset of the current event (for messages) */
  evOff = 0;
  constructor(
    readonly m: number,
    readonly ms: MState | null,
    batches: number[],
  ) {
    this.batches = batches;
  }
}

export class Ordering {
  private initialGen = 0;
  private gen = 0;
  private genBase = 0;
  private tables: GenerationTables | null = null;
  private readonly mStates = new Map<number, MState>();
  private readonly pStates: (PState | undefined)[] = [];
  private gcSeq = 0;
  /** 0 undetermined, 1 not running, 2 running */
  private gcState = 0;
  /** task id → sink task row (its name and parent) */
  private readonly activeTasks = new Map<number, number>();
  // per goroutine row: wire status (0 = no state) and sequence counter
  private gStatus = new Uint8Array(1024);
  private gSeq = new Float64Array(1024);
  /** open STW / mark-assist ranges per goroutine row: (type × 2^24 + STW kind) keys */
  private readonly gRanges = new Map<number, number[]>();
  // open user regions per goroutine row, as a linked stack in a pool
  private regTop = new Int32Array(1024).fill(-1);
  private regTask: number[] = [];
  private regName: number[] = [];
  private regPrev: number[] = [];
  private regRow: number[] = [];
  private regFree = -1;

  constructor(private readonly sink: TraceSink) {}

  // ---- the merge ---------------------------------------------------------------------------

  /** Orders generation `g` (its tables loaded) and reports every event to the sink. */
  orderGeneration(g: GenerationBatches, tables: GenerationTables): void {
    const sink = this.sink;
    const gen = g.gen;
    if (this.initialGen === 0) this.initialGen = gen;
    this.gen = gen;
    this.genBase = gen * GEN_SCALE;
    this.tables = tables;
    const cpu = tables.cpuSamples(g);
    let ci = 0;
    const heap: Cursor[] = [];
    const d = g.data;
    const mul = tables.freqMul;
    for (let k = 0; k < g.threads.length; k++) {
      const m = g.threads[k];
      const c = new Cursor(m, m === NONE ? null : this.mState(m), g.threadBatches[k]);
      if (nextEvent(c, d, mul)) heapInsert(heap, c);
    }
    sink.sync(tables.mul(g.minTs));
    for (;;) {
      if (ci < cpu.length && (heap.length === 0 || cpu[ci] < heap[0].time)) {
        sink.cpuSample(cpu[ci++]);
        continue;
      }
      if (heap.length === 0) break;
      const top = heap[0];
      if (this.advance(top)) {
        if (nextEvent(top, d, mul)) heapUpdate(heap, 0);
        else heapRemove(heap, 0);
        continue;
      }
      // rare: the earliest event must wait; try the others in time order (Go sorts the heap)
      heap.sort((a, b) => a.time - b.time);
      let ok = false;
      for (let i = 1; i < heap.length; i++) {
        const c = heap[i];
        if (this.advance(c)) {
          if (nextEvent(c, d, mul)) heapUpdate(heap, i);
          else heapRemove(heap, i);
          ok = true;
          break;
        }
      }
      if (!ok) {
        const c = heap[0];
        throw new GenError(`no event can be ordered next (failed to advance; first waiting: ${evName(c.typ)} on thread ${c.m} at offset ${c.evOff} of the generation's data)`);
      }
    }
    this.tables = null;
  }

  private mState(m: number): MState {
    let ms = this.mStates.get(m);
    if (!ms) {
      ms = { g: NONE, p: NONE, row: this.sink.threadRow(m) };
      this.mStates.set(m, ms);
    }
    return ms;
  }

  // ---- dispatch (Go's orderingDispatch) ------------------------------------------------------

  /** Applies the cursor's event if it can happen now and reports it; false: it must wait. */
  private advance(c: Cursor): boolean {
    // the time of whatever the sink is told next (see TraceSink.abs)
    this.sink.abs = c.time;
    // the most frequent kinds first (a switch is a chain of comparisons)
    switch (c.typ) {
      case Ev.GoStart:
        return this.goStart(c);
      case Ev.GoDestroy:
      case Ev.GoStop:
      case Ev.GoBlock:
        return this.goStopExec(c);
      case Ev.GoUnblock:
        return this.goUnblock(c);
      case Ev.GoCreate:
      case Ev.GoCreateBlocked:
        return this.goCreate(c);
      case Ev.UserRegionBegin:
        return this.userRegionBegin(c);
      case Ev.UserRegionEnd:
        return this.userRegionEnd(c);
      case Ev.HeapAlloc:
      case Ev.HeapGoal:
        return this.heapMetric(c);
      case Ev.GoSyscallBegin:
        return this.goSyscallBegin(c);
      case Ev.GoSyscallEnd:
        return this.goSyscallEnd(c);
      case Ev.ProcsChange:
      case Ev.GoLabel:
      case Ev.UserLog:
        return this.annotation(c);
      case Ev.UserTaskBegin:
        return this.userTaskBegin(c);
      case Ev.UserTaskEnd:
        return this.userTaskEnd(c);
      case Ev.ProcStart:
        return this.procStart(c);
      case Ev.ProcStop:
        return this.procStop(c);
      case Ev.GoStatus:
      case Ev.GoStatusStack:
        return this.goStatus(c);
      case Ev.ProcStatus:
        return this.procStatus(c);
      case Ev.ProcSteal:
        return this.procSteal(c);
      case Ev.GoCreateSyscall:
        return this.goCreateSyscall(c);
      case Ev.GoSwitch:
      case Ev.GoSwitchDestroy:
        return this.goSwitch(c);
      case Ev.GoSyscallEndBlocked:
        return this.goSyscallEndBlocked(c);
      case Ev.GoDestroySyscall:
        return this.goDestroySyscall(c);
      case Ev.GCActive:
        return this.gcActive(c);
      case Ev.GCBegin:
        return this.gcBegin(c);
      case Ev.GCEnd:
        return this.gcEnd(c);
      case Ev.GCSweepBegin:
        return this.gcSweepBegin(c);
      case Ev.GCSweepActive:
        return this.gcSweepActive(c);
      case Ev.GCSweepEnd:
        return this.gcSweepEnd(c);
      case Ev.STWBegin:
      case Ev.GCMarkAssistBegin:
        return this.goRangeBegin(c);
      case Ev.STWEnd:
      case Ev.GCMarkAssistEnd:
        return this.goRangeEnd(c);
      case Ev.GCMarkAssistActive:
        return this.goRangeActive(c);
      default:
        if (c.typ >= Ev.Span && c.typ <= Ev.GoroutineStackFree) return this.allocFree(c);
        throw new GenError(`bad event type found while ordering: ${c.typ}`);
    }
  }

  // ---- procs ---------------------------------------------------------------------------------

  private procStatus(c: Cursor): boolean {
    const pid = c.a0;
    let status = c.a1;
    if (!(status > 0 && status <= 4)) throw new GenError(`invalid status for proc ${pid}: ${status}`);
    let oldState: number = PSTATUS_TO_STATE[status];
    const s = this.pStates[pid];
    if (s) {
      if (status === ProcStatus.SyscallAbandoned && s.status === ProcStatus.Syscall) {
        // a special case of Syscall: no information lost, promote it
        oldState = ProcState.Running;
        status = ProcStatus.Syscall;
      } else if (status === ProcStatus.SyscallAbandoned && s.status === ProcStatus.SyscallAbandoned) {
        oldState = ProcState.Idle;
      } else if (s.status !== status) throw new GenError(`inconsistent status for proc ${pid}: old ${s.status} vs. new ${status}`);
      s.seq = this.genBase;
    } else {
      if (!Number.isInteger(pid) || pid < 0 || pid > 0xffffff) throw new GenError(`invalid proc id ${pid}`);
      this.pStates[pid] = { status, seq: this.genBase, ranges: [] };
      oldState = this.gen === this.initialGen ? ProcState.Undetermined : ProcState.NotExist;
    }
    const ms = c.ms;
    let m = ms ? ms.row : NONE;
    if (status === ProcStatus.SyscallAbandoned && oldState === ProcState.Running) {
      // about to be stolen: report it on the thread it is bound to (rare, so a scan)
      let found = false;
      for (const st of this.mStates.values()) {
        if (st.p === pid) {
          m = st.row;
          found = true;
        }
      }
      if (!found) throw new GenError(`failed to find sched context for proc ${pid} that's about to be stolen`);
    }
    if (ms && (status === ProcStatus.Running || status === ProcStatus.Syscall)) ms.p = pid;
    this.sink.procStatus(pid, oldState, PSTATUS_TO_STATE[status], m);
    return true;
  }

  private procStart(c: Cursor): boolean {
    const pid = c.a0;
    const s = this.pStates[pid];
    const ms = c.ms;
    if (!s || s.status !== ProcStatus.Idle || s.seq + 1 !== this.genBase + c.a1 || (ms !== null && ms.p !== NONE)) return false;
    const m = this.need(c, 0, 1);
    s.status = ProcStatus.Running;
    s.seq = this.genBase + c.a1;
    m.p = pid;
    this.sink.procStart(pid, m.row);
    return true;
  }

  private procStop(c: Cursor): boolean {
    const curP = c.ms ? c.ms.p : NONE;
    const s = this.pStates[curP];
    if (!s) throw new GenError(`ProcStop for proc (${curP}) that doesn't exist`);
    if (s.status !== ProcStatus.Running && s.status !== ProcStatus.Syscall) throw new GenError(`ProcStop event for proc that's not Running or Syscall`);
    const m = this.need(c, 2, 1);
    s.status = ProcStatus.Idle;
    m.p = NONE;
    this.sink.procStop(curP, m.row);
    return true;
  }

  private procSteal(c: Cursor): boolean {
    const pid = c.a0;
    const s = this.pStates[pid];
    if (!s || (s.status !== ProcStatus.Syscall && s.status !== ProcStatus.SyscallAbandoned) || s.seq + 1 !== this.genBase + c.a1) return false;
    const m = this.need(c, 1, 1);
    const old = s.status;
    s.status = ProcStatus.Idle;
    s.seq = this.genBase + c.a1;
    if (old === ProcStatus.SyscallAbandoned) {
      // information lost: leave every thread alone
      this.sink.procSteal(pid, ProcState.Idle, NONE);
      return true;
    }
    const mid = c.a2;
    if (mid === c.m) {
      if (m.p !== pid) throw new GenError(`tried to self-steal proc ${pid} (thread ${mid}), but got proc ${m.p} instead`);
      m.p = NONE;
      this.sink.procSteal(pid, ProcState.Running, m.row);
      return true;
    }
    const vs = this.mStates.get(mid);
    if (!vs) throw new GenError(`stole proc from non-existent thread ${mid}`);
    if (vs.p !== pid) throw new GenError(`tried to steal proc ${pid} from thread ${mid}, but got proc ${vs.p} instead`);
    vs.p = NONE;
    this.sink.procSteal(pid, ProcState.Running, vs.row);
    return true;
  }

  // ---- goroutines ----------------------------------------------------------------------------

  /** Room for goroutine row `r` in the per-row arrays. */
  private fit(r: number): void {
    if (r < this.gStatus.length) return;
    let n = this.gStatus.length;
    while (n <= r) n *= 2;
    const st = new Uint8Array(n);
    st.set(this.gStatus);
    this.gStatus = st;
    const sq = new Float64Array(n);
    sq.set(this.gSeq);
    this.gSeq = sq;
    const rt = new Int32Array(n).fill(-1);
    rt.set(this.regTop);
    this.regTop = rt;
  }

  /** Row of `goid` when it has a state, else −1. */
  private known(goid: number): number {
    const r = this.sink.rowIfAny(goid);
    return r >= 0 && r < this.gStatus.length && this.gStatus[r] !== 0 ? r : -1;
  }

  private goStatus(c: Cursor): boolean {
    const goid = c.a0;
    const mid = c.a1;
    const status = c.a2;
    if (!(status > 0 && status <= 4)) throw new GenError(`invalid status for goroutine ${goid}: ${status}`);
    let oldState: number = GSTATUS_TO_STATE[status];
    let r = this.known(goid);
    if (r >= 0) {
      if (this.gStatus[r] !== status) throw new GenError(`inconsistent status for goroutine ${goid}: old ${this.gStatus[r]} vs. new ${status}`);
      this.gSeq[r] = this.genBase;
    } else if (this.gen === this.initialGen) {
      r = this.sink.row(goid);
      this.fit(r);
      this.gStatus[r] = status;
      this.gSeq[r] = this.genBase;
      oldState = GoState.Undetermined;
    } else throw new GenError(`found goroutine status for new goroutine after the first generation: id=${goid} status=${status}`);
    const ms = c.ms;
    let m = ms ? ms.row : NONE;
    if (status === GoStatus.Running) {
      if (ms) ms.g = r;
    } else if (status === GoStatus.Syscall) {
      if (mid === NONE) throw new GenError(`found goroutine ${goid} in syscall without a thread`);
      if (mid === c.m) {
        if (this.gen !== this.initialGen && (ms ? ms.g : NONE) !== r) throw new GenError(`inconsistent thread for syscalling goroutine ${goid}: thread has goroutine ${this.sink.goidOf(ms ? ms.g : NONE)}`);
        if (ms) ms.g = r;
      } else {
        // a goroutine sitting in a syscall on another thread for the whole generation
        const os = this.mStates.get(mid);
        if (os) {
          if (os.g !== r) throw new GenError(`inconsistent thread for syscalling goroutine ${goid}: thread has goroutine ${this.sink.goidOf(os.g)}`);
          m = os.row;
        } else m = this.mState(mid).row;
        this.mStates.get(mid)!.g = r;
      }
    }
    const stack = c.typ === Ev.GoStatusStack ? this.stk(c.a3) : -1;
    this.sink.goStatus(r, oldState, GSTATUS_TO_STATE[status], stack, ms ? ms.p : NONE, m);
    return true;
  }

  private goCreate(c: Cursor): boolean {
    const m = this.need(c, 2, 1);
    const curG = m.g;
    if (curG >= 0 && this.gStatus[curG] !== 0 && this.gStatus[curG] !== GoStatus.Running) throw new GenError(`${evName(c.typ)} event for goroutine that's not Running`);
    const goid = c.a0;
    if (this.known(goid) >= 0) throw new GenError(`tried to create goroutine (${goid}) that already exists`);
    const newStack = this.stk(c.a1);
    const stack = this.stk(c.a2);
    const r = this.sink.row(goid);
    this.fit(r);
    const blocked = c.typ === Ev.GoCreateBlocked;
    this.gStatus[r] = blocked ? GoStatus.Waiting : GoStatus.Runnable;
    this.gSeq[r] = this.genBase;
    this.sink.goCreate(curG, r, newStack, stack, blocked);
    return true;
  }

  private goCreateSyscall(c: Cursor): boolean {
    const m = this.need(c, 1, 0);
    const goid = c.a0;
    if (this.known(goid) >= 0) throw new GenError(`tried to create goroutine (${goid}) in syscall that already exists`);
    const r = this.sink.row(goid);
    this.fit(r);
    this.gStatus[r] = GoStatus.Syscall;
    this.gSeq[r] = this.genBase;
    m.g = r;
    this.sink.goCreateSyscall(r, m.p, m.row);
    return true;
  }

  private goStart(c: Cursor): boolean {
    const r = this.known(c.a0);
    if (r < 0 || this.gStatus[r] !== GoStatus.Runnable || this.gSeq[r] + 1 !== this.genBase + c.a1) return false;
    const m = this.need(c, 2, 0);
    this.gStatus[r] = GoStatus.Running;
    this.gSeq[r] = this.genBase + c.a1;
    m.g = r;
    this.sink.goStart(r, m.p, m.row);
    return true;
  }

  /** The running goroutine of the cursor's thread, checked (Go: userGoReqs and a Running state). */
  private running(c: Cursor): MState {
    const m = this.need(c, 2, 2);
    const g = m.g;
    if (this.gStatus[g] === 0) throw new GenError(`event ${evName(c.typ)} for goroutine (${this.sink.goidOf(g)}) that doesn't exist`);
    if (this.gStatus[g] !== GoStatus.Running) throw new GenError(`${evName(c.typ)} event for goroutine that's not Running`);
    return m;
  }

  private goStopExec(c: Cursor): boolean {
    const m = this.running(c);
    const g = m.g;
    m.g = NONE;
    if (c.typ === Ev.GoDestroy) {
      this.deleteG(g);
      this.sink.goDestroy(g);
    } else if (c.typ === Ev.GoStop) {
      this.gStatus[g] = GoStatus.Runnable;
      this.sink.goStop(g, this.str(c.a0), this.stk(c.a1));
    } else {
      this.gStatus[g] = GoStatus.Waiting;
      this.sink.goBlock(g, this.str(c.a0), this.stk(c.a1));
    }
    return true;
  }

  private goUnblock(c: Cursor): boolean {
    const r = this.known(c.a0);
    if (r < 0 || this.gStatus[r] !== GoStatus.Waiting || this.gSeq[r] + 1 !== this.genBase + c.a1) return false;
    this.gStatus[r] = GoStatus.Runnable;
    this.gSeq[r] = this.genBase + c.a1;
    this.sink.goUnblock(r, c.ms ? c.ms.g : NONE, this.stk(c.a2));
    return true;
  }

  /** GoSwitch(Destroy): the next goroutine unblocked, the current one blocked (or ended), the next started. */
  private goSwitch(c: Cursor): boolean {
    const m = this.running(c);
    const cur = m.g;
    const r = this.known(c.a0);
    if (r < 0 || this.gStatus[r] !== GoStatus.Waiting || this.gSeq[r] + 1 !== this.genBase + c.a1) return false;
    this.sink.goUnblock(r, cur, -1);
    if (c.typ === Ev.GoSwitch) {
      this.gStatus[cur] = GoStatus.Waiting;
      this.sink.goBlock(cur, 0, -1);
    } else {
      this.deleteG(cur);
      this.sink.goDestroy(cur);
    }
    this.gStatus[r] = GoStatus.Running;
    this.gSeq[r] = this.genBase + c.a1;
    m.g = r;
    this.sink.goStart(r, m.p, m.row);
    return true;
  }

  private goSyscallBegin(c: Cursor): boolean {
    const m = this.running(c);
    const g = m.g;
    this.gStatus[g] = GoStatus.Syscall;
    const s = this.pStates[m.p];
    if (!s) throw new GenError(`uninitialized proc ${m.p} found during GoSyscallBegin`);
    s.status = ProcStatus.Syscall;
    // the P's sequence number disambiguates steals; it must match here (a running P)
    if (s.seq + 1 !== this.genBase + c.a0) throw new GenError(`failed to advance GoSyscallBegin: can't make sequence: ${s.seq - this.genBase} -> ${c.a0} (gen=${this.gen})`);
    s.seq = this.genBase + c.a0;
    this.sink.goSyscallBegin(g, m.p, m.row, this.stk(c.a1));
    return true;
  }

  private goSyscallEnd(c: Cursor): boolean {
    const m = this.need(c, 2, 2);
    const g = m.g;
    if (this.gStatus[g] === 0) throw new GenError(`event GoSyscallEnd for goroutine (${this.sink.goidOf(g)}) that doesn't exist`);
    if (this.gStatus[g] !== GoStatus.Syscall) throw new GenError(`GoSyscallEnd event for goroutine that's not Syscall`);
    this.gStatus[g] = GoStatus.Running;
    const s = this.pStates[m.p];
    if (!s) throw new GenError(`uninitialized proc ${m.p} found during GoSyscallEnd`);
    if (s.status !== ProcStatus.Syscall) throw new GenError(`expected proc ${m.p} in state Syscall, but got ${s.status} instead`);
    s.status = ProcStatus.Running;
    this.sink.goSyscallEnd(g, m.p, m.row);
    return true;
  }

  private goSyscallEndBlocked(c: Cursor): boolean {
    // waits until its thread lost the P of the syscall (ProcSteal, ProcStop)
    const curP = c.ms ? c.ms.p : NONE;
    if (curP !== NONE) {
      const s = this.pStates[curP];
      if (!s) throw new GenError(`uninitialized proc ${curP} found during GoSyscallEndBlocked`);
      if (s.status === ProcStatus.Syscall) return false;
    }
    const m = this.need(c, 1, 2);
    const g = m.g;
    if (this.gStatus[g] === 0) throw new GenError(`event GoSyscallEndBlocked for goroutine (${this.sink.goidOf(g)}) that doesn't exist`);
    if (this.gStatus[g] !== GoStatus.Syscall) throw new GenError(`GoSyscallEndBlocked event for goroutine that's not Syscall`);
    this.gStatus[g] = GoStatus.Runnable;
    m.g = NONE;
    this.sink.goSyscallEndBlocked(g, m.row);
    return true;
  }

  private goDestroySyscall(c: Cursor): boolean {
    const m = this.need(c, 1, 2);
    const g = m.g;
    if (this.gStatus[g] === 0) throw new GenError(`event GoDestroySyscall for goroutine (${this.sink.goidOf(g)}) that doesn't exist`);
    if (this.gStatus[g] !== GoStatus.Syscall) throw new GenError(`GoDestroySyscall event for goroutine that's not Syscall`);
    this.deleteG(g);
    m.g = NONE;
    if (m.p !== NONE) {
      // the thread may be reused by the OS: the P is abandoned (Go reports a ProcSteal first)
      const s = this.pStates[m.p];
      if (!s) throw new GenError(`found invalid proc ${m.p} during GoDestroySyscall`);
      if (s.status !== ProcStatus.Syscall) throw new GenError(`proc ${m.p} in unexpected state ${s.status} during GoDestroySyscall`);
      s.status = ProcStatus.SyscallAbandoned;
      const p = m.p;
      m.p = NONE;
      this.sink.procSteal(p, ProcState.Running, m.row);
    }
    this.sink.goDestroySyscall(g, m.row);
    return true;
  }

  private deleteG(r: number): void {
    this.gStatus[r] = 0;
    if (this.gRanges.size > 0) this.gRanges.delete(r);
    // drop its open regions
    for (let i = this.regTop[r]; i >= 0; ) {
      const prev = this.regPrev[i];
      this.regPrev[i] = this.regFree;
      this.regFree = i;
      i = prev;
    }
    this.regTop[r] = -1;
  }

  // ---- user annotations ----------------------------------------------------------------------

  private userTaskBegin(c: Cursor): boolean {
    const id = c.a0;
    if (this.activeTasks.has(id)) throw new GenError(`task ID conflict: ${id}`);
    const name = this.str(c.a2);
    this.need(c, 2, 2);
    this.stk(c.a3);
    // parent 0 means no parent (not the background task)
    this.activeTasks.set(id, this.sink.taskBegin(id, c.a1, name));
    return true;
  }

  private userTaskEnd(c: Cursor): boolean {
    const row = this.activeTasks.get(c.a0);
    if (row !== undefined) this.activeTasks.delete(c.a0);
    this.need(c, 2, 2);
    this.stk(c.a1);
    this.sink.taskEnd(c.a0, row ?? -1);
    return true;
  }

  private userRegionBegin(c: Cursor): boolean {
    const m = this.need(c, 2, 2);
    const name = this.str(c.a1);
    const g = m.g;
    if (this.gStatus[g] === 0) throw new GenError(`encountered UserRegionBegin without known state for current goroutine ${this.sink.goidOf(g)}`);
    this.stk(c.a2);
    const row = this.sink.regionBegin(g, c.a0, name);
    let i = this.regFree;
    if (i >= 0) this.regFree = this.regPrev[i];
    else {
      i = this.regTask.length;
      this.regTask.push(0);
      this.regName.push(0);
      this.regPrev.push(-1);
      this.regRow.push(-1);
    }
    this.regTask[i] = c.a0;
    this.regName[i] = name;
    this.regRow[i] = row;
    this.regPrev[i] = this.regTop[g];
    this.regTop[g] = i;
    return true;
  }

  private userRegionEnd(c: Cursor): boolean {
    const m = this.need(c, 2, 2);
    const name = this.str(c.a1);
    const g = m.g;
    if (this.gStatus[g] === 0) throw new GenError(`encountered UserRegionEnd without known state for current goroutine ${this.sink.goidOf(g)}`);
    this.stk(c.a2);
    const i = this.regTop[g];
    let row = -1;
    if (i >= 0) {
      // regions that began before the trace are unknown; others must nest
      if (this.regTask[i] !== c.a0 || this.regName[i] !== name)
        throw new GenError(`misuse of region in goroutine ${this.sink.goidOf(g)}: region end when the inner-most active region start event is different`);
      row = this.regRow[i];
      this.regTop[g] = this.regPrev[i];
      this.regPrev[i] = this.regFree;
      this.regFree = i;
    }
    this.sink.regionEnd(g, row, c.a0, name);
    return true;
  }

  private annotation(c: Cursor): boolean {
    const m = this.need(c, 2, 2);
    switch (c.typ) {
      case Ev.GoLabel:
        this.sink.goLabel(m.g, this.str(c.a0));
        return true;
      case Ev.UserLog:
        this.stk(c.a3);
        this.sink.log(m.g, c.a0, this.str(c.a1), this.tables!.text(c.a2));
        return true;
      default: // ProcsChange
        this.stk(c.a1);
        this.sink.other();
        return true;
    }
  }

  // ---- GC, sweeps, ranges, metrics -------------------------------------------------------------

  private gcActive(c: Cursor): boolean {
    const seq = c.a0;
    if (this.gen === this.initialGen) {
      if (this.gcState !== 0) throw new GenError(`GCActive in the first generation isn't first GC event`);
      this.gcSeq = seq;
      this.gcState = 2;
      this.sink.gcActive();
      return true;
    }
    if (seq !== this.gcSeq + 1) return false;
    if (this.gcState !== 2) throw new GenError(`encountered GCActive while GC was not in progress`);
    this.gcSeq = seq;
    this.need(c, 2, 2);
    this.sink.gcActive();
    return true;
  }

  private gcBegin(c: Cursor): boolean {
    const seq = c.a0;
    if (this.gcState === 0) {
      this.gcSeq = seq;
      this.gcState = 2;
      this.stk(c.a1);
      this.sink.gcBegin();
      return true;
    }
    if (seq !== this.gcSeq + 1) return false;
    if (this.gcState === 2) throw new GenError(`encountered GCBegin while GC was already in progress`);
    this.gcSeq = seq;
    this.gcState = 2;
    this.need(c, 2, 2);
    this.stk(c.a1);
    this.sink.gcBegin();
    return true;
  }

  private gcEnd(c: Cursor): boolean {
    const seq = c.a0;
    if (seq !== this.gcSeq + 1) return false;
    if (this.gcState === 1) throw new GenError(`encountered GCEnd when GC was not in progress`);
    if (this.gcState === 0) throw new GenError(`encountered GCEnd when GC was in an undetermined state`);
    this.gcSeq = seq;
    this.gcState = 1;
    this.need(c, 2, 2);
    this.sink.gcEnd();
    return true;
  }

  private gcSweepBegin(c: Cursor): boolean {
    const m = this.need(c, 2, 1);
    const s = this.pStates[m.p]!;
    if (s.ranges.includes(Ev.GCSweepBegin)) throw new GenError(`discovered event already in-flight for when starting event GCSweepBegin`);
    s.ranges.push(Ev.GCSweepBegin);
    this.stk(c.a0);
    this.sink.other();
    return true;
  }

  private gcSweepActive(c: Cursor): boolean {
    const s = this.pStates[c.a0];
    if (!s) throw new GenError(`encountered GCSweepActive for unknown proc ${c.a0}`);
    activeRange(s.ranges, Ev.GCSweepBegin, this.gen === this.initialGen);
    this.sink.other();
    return true;
  }

  private gcSweepEnd(c: Cursor): boolean {
    const m = this.need(c, 2, 1);
    const s = this.pStates[m.p]!;
    const i = s.ranges.indexOf(Ev.GCSweepBegin);
    if (i < 0) throw new GenError(`tried to end event GCSweepBegin, but not in-flight`);
    s.ranges[i] = s.ranges[s.ranges.length - 1];
    s.ranges.length--;
    this.sink.other();
    return true;
  }

  /** STWBegin, GCMarkAssistBegin: a range on the current goroutine. */
  private goRangeBegin(c: Cursor): boolean {
    const m = this.need(c, 2, 2);
    const stw = c.typ === Ev.STWBegin;
    const desc = stw ? c.a0 : 0;
    const g = m.g;
    if (this.gStatus[g] === 0) throw new GenError(`encountered event of type ${c.typ} without known state for current goroutine ${this.sink.goidOf(g)}`);
    const key = c.typ * 0x1000000 + desc;
    let rs = this.gRanges.get(g);
    if (!rs) this.gRanges.set(g, (rs = []));
    if (rs.includes(key)) throw new GenError(`discovered event already in-flight for when starting event ${evName(c.typ)}`);
    rs.push(key);
    this.stk(stw ? c.a1 : c.a0);
    if (stw) this.sink.stwBegin(g, this.str(desc));
    else this.sink.other();
    return true;
  }

  private goRangeEnd(c: Cursor): boolean {
    const m = this.need(c, 2, 2);
    const g = m.g;
    if (this.gStatus[g] === 0) throw new GenError(`encountered event of type ${c.typ} without known state for current goroutine ${this.sink.goidOf(g)}`);
    const st = c.typ === Ev.STWEnd ? Ev.STWBegin : Ev.GCMarkAssistBegin;
    const rs = this.gRanges.get(g) ?? [];
    let idx = -1;
    for (let i = 0; i < rs.length; i++)
      if (Math.floor(rs[i] / 0x1000000) === st) {
        idx = i;
        break;
      }
    if (idx < 0) throw new GenError(`tried to end event ${evName(st)}, but not in-flight`);
    rs[idx] = rs[rs.length - 1];
    rs.length--;
    if (c.typ === Ev.STWEnd) this.sink.stwEnd(g);
    else this.sink.other();
    return true;
  }

  private goRangeActive(c: Cursor): boolean {
    const r = this.known(c.a0);
    if (r < 0) throw new GenError(`uninitialized goroutine ${c.a0} found during GCMarkAssistActive`);
    let rs = this.gRanges.get(r);
    if (!rs) this.gRanges.set(r, (rs = []));
    activeRange(rs, Ev.GCMarkAssistBegin * 0x1000000, this.gen === this.initialGen);
    this.sink.other();
    return true;
  }

  private heapMetric(c: Cursor): boolean {
    this.need(c, 2, 1);
    this.sink.other();
    return true;
  }

  private allocFree(c: Cursor): boolean {
    this.need(c, 1, 1);
    this.sink.other();
    return true;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private str(id: number): number {
    return this.tables!.str(id);
  }

  private stk(id: number): number {
    return this.tables!.stk(id);
  }

  /**
   * Go's validateCtx: the event needs a thread; P and G: 0 must not have, 1 may have, 2 must have.
   * Returns the thread's state.
   */
  private need(c: Cursor, p: 0 | 1 | 2, g: 0 | 1 | 2): MState {
    const ms = c.ms;
    if (ms === null) throw new GenError(`${evName(c.typ)}: expected a thread but didn't have one`);
    if (p === 2 && ms.p === NONE) throw new GenError(`${evName(c.typ)} on thread ${c.m}: expected a proc but didn't have one`);
    if (p === 0 && ms.p !== NONE) throw new GenError(`${evName(c.typ)} on thread ${c.m}: expected no proc but had one`);
    if (g === 2 && ms.g === NONE) throw new GenError(`${evName(c.typ)} on thread ${c.m}: expected a goroutine but didn't have one`);
    if (g === 0 && ms.g !== NONE) throw new GenError(`${evName(c.typ)} on thread ${c.m}: expected no goroutine but had one`);
    return ms;
  }
}

function activeRange(rs: number[], key: number, initial: boolean): void {
  if (initial) {
    if (rs.includes(key)) throw new GenError(`found named active range already in first gen`);
    rs.push(key);
  } else if (!rs.includes(key)) throw new GenError(`resource is missing active range`);
}

// ---- event decoding (Go's batchCursor.nextEvent) --------------------------------------------------

/** Decodes the cursor's next event into its fields; false at the end of its batches. */
function nextEvent(c: Cursor, d: Uint8Array, mul: number): boolean {
  while (c.off >= c.end) {
    c.bi += 3;
    if (c.bi >= c.batches.length) return false;
    c.off = c.batches[c.bi];
    c.end = c.off + c.batches[c.bi + 1];
    c.time = Math.trunc(c.batches[c.bi + 2] * mul);
  }
  let p = c.off;
  const end = c.end;
  const typ = d[p++];
  const n = ARG_COUNT[typ];
  if (n < 0) throw new GenError(`found invalid event type ${typ} in the batch of thread ${c.m}`);
  c.typ = typ;
  // dt: ticks since the previous event of the batch, converted delta by delta as Go does. One-byte
  // values (most) are read inline; a longer value that is malformed or cut comes out NaN, or -1 for
  // 2^64−1 (valid only as a "none" argument), and is checked right there.
  let x = d[p];
  if (x < 0x80) p++;
  else {
    x = uvarintHot(d, p);
    p = varintEnd;
    if (!(x >= 0)) throw new GenError('found invalid uvarint for timestamp');
  }
  c.time += Math.trunc(x * mul);
  if (n > 1) {
    x = d[p];
    if (x < 0x80) p++;
    else if (!((x = uvarintHot(d, p)) >= -1)) badArg(c);
    else p = varintEnd;
    c.a0 = x;
    if (n > 2) {
      x = d[p];
      if (x < 0x80) p++;
      else if (!((x = uvarintHot(d, p)) >= -1)) badArg(c);
      else p = varintEnd;
      c.a1 = x;
      if (n > 3) {
        x = d[p];
        if (x < 0x80) p++;
        else if (!((x = uvarintHot(d, p)) >= -1)) badArg(c);
        else p = varintEnd;
        c.a2 = x;
        if (n > 4) {
          x = d[p];
          if (x < 0x80) p++;
          else if (!((x = uvarintHot(d, p)) >= -1)) badArg(c);
          else p = varintEnd;
          c.a3 = x;
        }
      }
    }
  }
  if (p > end) throw new GenError(`event ${evName(typ)} runs past the end of its batch`);
  c.evOff = c.off;
  c.off = p;
  return true;
}

function badArg(c: Cursor): never {
  throw new GenError(`malformed argument in event ${evName(c.typ)} of thread ${c.m} at offset ${c.evOff} of the generation's data`);
}

// ---- Go's binary heap of cursors (batchcursor.go), for identical tie-breaking ---------------------

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
