/**
 * Execution-trace data in the model. Owned by src/formats/trace (see its README).
 * Everything large is a typed array; the model is kept in the worker, and views ask it questions
 * through the read functions at the end of this file (segments of a goroutine in a time range,
 * transition counts, states at a time, time by stack) so that no consumer depends on the layout.
 *
 * Conventions:
 * - Times are ns relative to the trace start (the first generation's Sync), as Float64Array.
 *   -1 means "unknown / before the trace" (created before tracing) or "not ended" (alive at end).
 * - Strings are ids into the model's string table (0 = ""), stacks are model stack ids
 *   (-1 = no stack), frames are model frame ids: all shared with the other views.
 * - Goroutines are referred to by row in `goroutines` (not by goid) unless a column says goid.
 * - State numbers are Go's reader states (index into `goStateNames` / `procStateNames` /
 *   `threadStateNames`).
 * - Plain objects, arrays and typed arrays only (no Map/Set/class): the model can be cloned and
 *   transferred.
 */
export interface TraceSummary {
  /** as the CLI contract's `trace` object (docs/cli-summary.md) */
  version: string;
  events: number;
  goroutines: number;
  created: number;
  destroyed: number;
  transitions: Record<string, number>;
  blockReasons: Record<string, number>;
  aliveAtEnd: number;
  /** alive goroutines by "State|reason" of their last transition as Go's reader reports it (a status restatement has reason "") */
  atEnd: Record<string, number>;
  /** the same goroutines by state and the reason of the transition that entered that state (last known) */
  atEndLastKnown: Record<string, number>;
  /** "full": every goroutine, P and thread segment kept; "reduced": see TraceDetail */
  detail: 'full' | 'reduced';
  /** goroutine state segments kept */
  segments: number;
}

/** Go's goroutine states, in this order (GoState in internal/trace). */
export const GO_STATES = ['Undetermined', 'NotExist', 'Runnable', 'Running', 'Waiting', 'Syscall'] as const;
export const GoState = { Undetermined: 0, NotExist: 1, Runnable: 2, Running: 3, Waiting: 4, Syscall: 5 } as const;
/** Go's proc states (ProcState in internal/trace). */
export const PROC_STATES = ['Undetermined', 'NotExist', 'Running', 'Idle'] as const;
export const ProcState = { Undetermined: 0, NotExist: 1, Running: 2, Idle: 3 } as const;
/** Thread states derived from the thread's context (threads have no events of their own). */
export const THREAD_STATES = ['Undetermined', 'Running', 'Syscall', 'Idle'] as const;
export const ThreadState = { Undetermined: 0, Running: 1, Syscall: 2, Idle: 3 } as const;

/** Bits of TraceGoroutines.flags. */
export const TraceGFlag = {
  /** created during the trace (GoCreate, GoCreateBlocked, GoCreateSyscall) */
  Created: 1,
  /** existed before the trace (first seen through a status event: Undetermined→X) */
  PreExisting: 2,
  /** ended during the trace */
  Ended: 4,
  /** created as a coroutine (GoCreateBlocked, iter.Pull) */
  Coroutine: 8,
  /** created by a C thread calling into Go (GoCreateSyscall) */
  Cgo: 16,
} as const;

/** One row per distinct goroutine id seen. */
export interface TraceGoroutines {
  count: number;
  goid: Float64Array;
  /** row of the goroutine that created it, -1 if none/unknown (runtime, before the trace); its goid: goroutineCreatorGoid */
  creator: Int32Array;
  /** stack of the `go` statement (GoCreate stack), -1 if unknown */
  createStack: Int32Array;
  /** entry function (GoCreate new_stack frame; for pre-existing goroutines the outermost frame of the first stack seen), string id, 0 if unknown */
  startFunc: Int32Array;
  /** -1: existed before the trace (first seen: goroutineFirstSeen) */
  createdNs: Float64Array;
  /** -1: alive at the end */
  endedNs: Float64Array;
  /** state at the end of the trace (GO_STATES); NotExist if it ended */
  lastState: Uint8Array;
  /** last known reason: of the transition that entered `lastState` (GoBlock/GoStop reason), string id */
  lastReason: Int32Array;
  /** stack of that transition: the park site for a goroutine blocked at the end */
  lastStack: Int32Array;
  /** when it entered its last state */
  lastChangeNs: Float64Array;
  /** total time per state (ns), exact whatever the level of detail */
  runningNs: Float64Array;
  runnableNs: Float64Array;
  waitingNs: Float64Array;
  syscallNs: Float64Array;
  /** Running→Waiting transitions */
  blocks: Int32Array;
  /** Running→Syscall transitions */
  syscalls: Int32Array;
  /** Runnable→Running transitions */
  starts: Int32Array;
  /** last GoLabel (GC worker labels, old-format GoStartLabel), string id */
  label: Int32Array;
  /** TraceGFlag bits */
  flags: Uint8Array;
}

/**
 * Goroutine lifecycle segments, one per state a goroutine entered, stored per goroutine
 * (CSR): the segments of goroutine row r are `offset[r] .. offset[r+1]-1`, sorted by start, so
 * a binary search finds the one at a time (findSegment). A segment ends where the next one of its
 * goroutine starts, the last one at the goroutine's end or the end of the trace (segmentEnd).
 * NotExist segments appear only for a goroutine id that exists again after its end (cgo callbacks):
 * the gap between two lives. Read through the functions below; the columns are compact:
 * ~18 bytes per segment.
 */
export interface TraceSegments {
  count: number;
  /** goroutines.count + 1 entries */
  offset: Int32Array;
  start: Float64Array;
  /** GO_STATES index */
  state: Uint8Array;
  /** reason of the transition that started it (GoBlock / GoStop reason), as a code into `reasons` */
  reason: Uint8Array | Uint16Array;
  /** string id of each reason code; code 0 is "" */
  reasons: Int32Array;
  /** stack of the transition that started it: park site (Waiting), syscall site, preemption/yield site (Runnable after GoStop), the waker's stack (Runnable after an unblock), creation site (Runnable after creation); -1 none */
  stack: Int32Array;
  /**
   * Running / Syscall: (thread index + 1) << 16 | (P + 1), 0 unknown (thread ids in `threads`);
   * Runnable: 0 not after a block, 1 unblocked by no goroutine (netpoller, timers, scheduler), row + 2 unblocked by that goroutine.
   * Read with segmentProc / segmentThread / segmentUnblockedBy.
   */
  ctx: Uint32Array;
  /** thread ids by thread index (the same index as threadSegments' resources) */
  threads: Float64Array;
  /** reduced detail: segments shorter than this were merged into the goroutine's next one (0: none merged) */
  mergedBelowNs: number;
}

/**
 * P (proc) or thread intervals, stored per resource like TraceSegments: the segments of resource
 * k (`ids[k]`, a P id or a thread id) are `offset[k] .. offset[k+1]-1`, sorted by start.
 */
export interface TraceResourceSegments {
  count: number;
  /** P ids (procSegments) or thread ids (threadSegments), by resource index */
  ids: Float64Array;
  offset: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** PROC_STATES or THREAD_STATES index */
  state: Uint8Array;
  /** procSegments: thread that held the P (-1); threadSegments: the P held (-1) */
  other: Float64Array;
}

export interface TraceRanges {
  count: number;
  start: Float64Array;
  /** -1 when still open at the end of the trace */
  end: Float64Array;
  /** STW kind (string id) for stw; 0 for GC */
  kind: Int32Array;
  /** goroutine row that ran it (STW, mark assist) or -1 */
  goroutine: Int32Array;
}

export interface TraceTasks {
  count: number;
  id: Float64Array;
  parent: Float64Array;
  name: Int32Array;
  /** -1 when it began before the trace */
  start: Float64Array;
  /** -1 when still open */
  end: Float64Array;
}

export interface TraceRegions {
  count: number;
  task: Float64Array;
  name: Int32Array;
  goroutine: Int32Array;
  start: Float64Array;
  end: Float64Array;
}

export interface TraceLogs {
  count: number;
  time: Float64Array;
  task: Float64Array;
  goroutine: Int32Array;
  /** string id (keys repeat: interned) */
  key: Int32Array;
  /** index into `messages`: a log message is usually unique, so it is not interned in the model's string table */
  message: Int32Array;
  messages: string[];
}

/**
 * State-flow statistics (the G/M/P diagram's edges) over the whole trace. `transitions` is a
 * square matrix [from * states.length + to] of counts; `timeInState` the total ns spent in each
 * state, summed over resources, up to the end of the trace. For a time range use
 * transitionCounts / stateCountsAt.
 */
export interface TraceStateFlow {
  states: string[];
  transitions: Float64Array;
  timeInState: Float64Array;
}

/** Goroutine transitions by (from, to, reason): reasons of GoBlock / GoStop kept apart. */
export interface TraceReasonTransitions {
  count: number;
  from: Uint8Array;
  to: Uint8Array;
  reason: Int32Array;
  n: Float64Array;
}

/** Goroutines not dead at the end of the trace, grouped by (state, last known reason, stack). */
export interface TraceParkSites {
  count: number;
  state: Uint8Array;
  reason: Int32Array;
  /** park stack (the GoBlock stack, or the status stack of goroutines blocked the whole time); -1 unknown */
  stack: Int32Array;
  goroutines: Int32Array;
}

export interface TraceDetail {
  /** true when every segment was kept (level 'full') */
  full: boolean;
  /** 'full': every goroutine, P and thread segment; 'reduced': goroutine segments shorter than segments.mergedBelowNs merged into the next one */
  level: 'full' | 'reduced';
  /** what was reduced and why (shown in the UI), null when full */
  message: string | null;
  /** the input size above which detail is reduced */
  thresholdBytes: number;
}

export interface TraceModel {
  summary: TraceSummary;
  /** header format number N of `go 1.N trace` */
  formatVersion: number;
  /** which Go releases write this header, e.g. "Go 1.26–1.27" */
  writtenBy: string;
  /** 'v1' = Go 1.11–1.21 format converted like Go 1.27's reader; 'v2' = Go 1.22+ */
  family: 'v1' | 'v2';
  /** absolute trace-clock time (ns) of the trace start; relative times add this */
  startNs: number;
  durationNs: number;
  /** generations read (v1: 1) and generations dropped (truncation, errors) */
  generations: number;
  droppedGenerations: number;
  /** the trace ended early: a truncated file or an error in a generation (see the input's warnings) */
  incomplete: boolean;
  /** Unix ns wall-clock time of the trace start (formats 1.25+ ClockSnapshot), else null */
  wallStartUnixNs: number | null;
  /** CPU profile samples in the trace */
  cpuSamples: number;
  detail: TraceDetail;

  goroutines: TraceGoroutines;
  segments: TraceSegments;
  procSegments: TraceResourceSegments;
  threadSegments: TraceResourceSegments;
  /** GC concurrent mark phases */
  gc: TraceRanges;
  /** stop-the-world ranges */
  stw: TraceRanges;
  tasks: TraceTasks;
  regions: TraceRegions;
  logs: TraceLogs;

  goroutineFlow: TraceStateFlow;
  procFlow: TraceStateFlow;
  threadFlow: TraceStateFlow;
  reasonTransitions: TraceReasonTransitions;
  /** goroutines alive at the end, by state/last known reason/stack: the leak candidates of a trace */
  atEnd: TraceParkSites;
}

// ---- read functions ---------------------------------------------------------------------------
// Small, allocation-free accessors: consumers (timeline, state-flow diagram, flame graph, detail
// pane) use these, not the columns, so the storage can change without them.

/** Number of lifecycle segments of goroutine row `r`. */
export function goroutineSegmentCount(t: TraceModel, r: number): number {
  return t.segments.offset[r + 1] - t.segments.offset[r];
}

/** Index of the first segment of goroutine row `r` (its segments are consecutive). */
export function goroutineFirstSegment(t: TraceModel, r: number): number {
  return t.segments.offset[r];
}

/** Goroutine row of segment `i` (a binary search over the offsets). */
export function segmentGoroutine(t: TraceModel, i: number): number {
  const o = t.segments.offset;
  let lo = 0;
  let hi = t.goroutines.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (o[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function segmentStart(t: TraceModel, i: number): number {
  return t.segments.start[i];
}

/**
 * End of segment `i` of goroutine row `r`: the start of the goroutine's next segment; for its last
 * segment the time it ended (`endedNs`) or, when it is still alive, the end of the trace.
 */
export function segmentEnd(t: TraceModel, i: number, r: number = segmentGoroutine(t, i)): number {
  const s = t.segments;
  if (i + 1 < s.offset[r + 1]) return s.start[i + 1];
  return t.goroutines.lastState[r] === GoState.NotExist && t.goroutines.endedNs[r] >= 0 ? t.goroutines.endedNs[r] : t.durationNs;
}

/** GO_STATES index of segment `i`. */
export function segmentState(t: TraceModel, i: number): number {
  return t.segments.state[i];
}

/** Reason (string id, 0 = none) of the transition that started segment `i`. */
export function segmentReason(t: TraceModel, i: number): number {
  return t.segments.reasons[t.segments.reason[i]];
}

/** Stack of the transition that started segment `i` (-1 none); see TraceSegments.stack. */
export function segmentStack(t: TraceModel, i: number): number {
  return t.segments.stack[i];
}

/** P of a Running or Syscall segment, -1 otherwise or unknown. */
export function segmentProc(t: TraceModel, i: number): number {
  const st = t.segments.state[i];
  if (st !== GoState.Running && st !== GoState.Syscall) return -1;
  return (t.segments.ctx[i] & 0xffff) - 1;
}

/** Thread id of a Running or Syscall segment, -1 otherwise or unknown. */
export function segmentThread(t: TraceModel, i: number): number {
  const st = t.segments.state[i];
  if (st !== GoState.Running && st !== GoState.Syscall) return -1;
  const k = (t.segments.ctx[i] >>> 16) - 1;
  return k >= 0 ? t.segments.threads[k] : -1;
}

/** For a Runnable segment after a block: the goroutine row that unblocked it; -1 when none (netpoller, timers, scheduler) or not after a block. */
export function segmentUnblockedBy(t: TraceModel, i: number): number {
  return t.segments.state[i] === GoState.Runnable && t.segments.ctx[i] >= 2 ? t.segments.ctx[i] - 2 : -1;
}

/** For a Runnable segment after a block: the waker's stack (-1 none). @public read API of the trace model */
export function segmentUnblockStack(t: TraceModel, i: number): number {
  return t.segments.state[i] === GoState.Runnable && t.segments.ctx[i] >= 1 ? t.segments.stack[i] : -1;
}

/**
 * The segment of goroutine row `r` in progress at `time`: the last one starting at or before it;
 * its first segment when `time` is earlier; -1 when it has none. Segments of [t0, t1] are
 * findSegment(t, r, t0) onwards while segmentStart < t1.
 */
export function findSegment(t: TraceModel, r: number, time: number): number {
  const o = t.segments.offset;
  const st = t.segments.start;
  let lo = o[r];
  let hi = o[r + 1] - 1;
  if (hi < lo) return -1;
  if (st[lo] > time) return lo;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (st[mid] <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** State of goroutine row `r` at `time` (NotExist before it was first seen or after it ended). */
export function goroutineStateAt(t: TraceModel, r: number, time: number): number {
  const i = findSegment(t, r, time);
  if (i < 0 || t.segments.start[i] > time || segmentEnd(t, i, r) <= time) return GoState.NotExist;
  return t.segments.state[i];
}

/** When goroutine row `r` was first seen (its creation, or the generation start it was backdated to). */
export function goroutineFirstSeen(t: TraceModel, r: number): number {
  const i = t.segments.offset[r];
  return i < t.segments.offset[r + 1] ? t.segments.start[i] : t.goroutines.createdNs[r];
}

/** goid of the goroutine that created row `r`, -1 if none or unknown. */
export function goroutineCreatorGoid(t: TraceModel, r: number): number {
  const c = t.goroutines.creator[r];
  return c >= 0 ? t.goroutines.goid[c] : -1;
}

/** Total ns goroutine row `r` spent in GO_STATES `state` (exact, from the goroutine table). */
export function goroutineTimeInState(t: TraceModel, r: number, state: number): number {
  const g = t.goroutines;
  switch (state) {
    case GoState.Running:
      return g.runningNs[r];
    case GoState.Runnable:
      return g.runnableNs[r];
    case GoState.Waiting:
      return g.waitingNs[r];
    case GoState.Syscall:
      return g.syscallNs[r];
    default:
      return 0;
  }
}

/**
 * Calls `visit(r, left, entered, time)` for every goroutine transition in [t0, t1), goroutine by
 * goroutine in time order: `entered` is the segment the goroutine entered, or -1 when it ended
 * (at `time` = its endedNs); `left` the segment it left, or -1 when `entered` is its first (it was
 * created, or existed before the trace: TraceGFlag.PreExisting). Transitions are state changes (a
 * segment's start, a goroutine's end); status restatements at generation boundaries (X→X) are not
 * segments and are not visited. In reduced detail merged segments are missing. transitionCounts
 * and the state-flow diagram count with it, so they agree by construction.
 */
export function eachGoroutineTransition(t: TraceModel, t0: number, t1: number, visit: (r: number, left: number, entered: number, time: number) => void): void {
  const s = t.segments;
  const g = t.goroutines;
  for (let r = 0; r < g.count; r++) {
    const a = s.offset[r];
    const b = s.offset[r + 1];
    if (a === b) continue;
    let i = findSegment(t, r, t0);
    if (s.start[i] < t0) i++;
    for (; i < b && s.start[i] < t1; i++) visit(r, i === a ? -1 : i - 1, i, s.start[i]);
    const e = g.endedNs[r];
    if (g.lastState[r] === GoState.NotExist && e >= t0 && e < t1) visit(r, b - 1, -1, e);
  }
}

/**
 * Goroutine transitions that happen in [t0, t1) (eachGoroutineTransition), counted into `out`
 * (length reasons.length × NG × NG, NG = GO_STATES.length, not cleared):
 * out[(code * NG + from) * NG + to] with `code` an index into t.segments.reasons (0 for an end).
 */
export function transitionCounts(t: TraceModel, t0: number, t1: number, out: Float64Array): void {
  const NG = GO_STATES.length;
  const s = t.segments;
  const flags = t.goroutines.flags;
  eachGoroutineTransition(t, t0, t1, (r, left, entered) => {
    const from = left >= 0 ? s.state[left] : flags[r] & TraceGFlag.PreExisting ? GoState.Undetermined : GoState.NotExist;
    if (entered < 0) out[from * NG + GoState.NotExist]++;
    else out[(s.reason[entered] * NG + from) * NG + s.state[entered]]++;
  });
}

/** Number of goroutines in each GO_STATES state at `time`, added into `out` (length GO_STATES.length). */
export function stateCountsAt(t: TraceModel, time: number, out: Float64Array): void {
  for (let r = 0; r < t.goroutines.count; r++) out[goroutineStateAt(t, r, time)]++;
}

/** Number of segments of resource index `k` of procSegments / threadSegments (its id: s.ids[k]). */
export function resourceSegmentCount(s: TraceResourceSegments, k: number): number {
  return s.offset[k + 1] - s.offset[k];
}

/** Index of the first segment of resource index `k` (its segments are consecutive, by start; each has start, end, state, other). */
export function resourceFirstSegment(s: TraceResourceSegments, k: number): number {
  return s.offset[k];
}

/**
 * P or thread state changes in [t0, t1), counted into `out` (length n × n, n = PROC_STATES or
 * THREAD_STATES length, not cleared) as out[from * n + to]; a resource's first segment counts
 * from state 0 (Undetermined).
 */
export function resourceTransitionCounts(s: TraceResourceSegments, n: number, t0: number, t1: number, out: Float64Array): void {
  for (let k = 0; k < s.ids.length; k++) {
    const a = s.offset[k];
    for (let i = a; i < s.offset[k + 1]; i++) {
      if (s.start[i] < t0 || s.start[i] >= t1) continue;
      out[(i === a ? 0 : s.state[i - 1]) * n + s.state[i]]++;
    }
  }
}

/** Segment of resource index `k` (procSegments / threadSegments) in progress at `time`; as findSegment. */
export function findResourceSegment(s: TraceResourceSegments, k: number, time: number): number {
  let lo = s.offset[k];
  let hi = s.offset[k + 1] - 1;
  if (hi < lo) return -1;
  if (s.start[lo] > time) return lo;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (s.start[mid] <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Number of Ps (procSegments) or threads (threadSegments) in each state at `time`, added into `out`; resources not yet seen count as state 0 (Undetermined). */
export function resourceStateCountsAt(s: TraceResourceSegments, time: number, out: Float64Array): void {
  for (let k = 0; k < s.ids.length; k++) {
    const i = findResourceSegment(s, k, time);
    out[i >= 0 && s.start[i] <= time && time < s.end[i] ? s.state[i] : 0]++;
  }
}

/**
 * Time goroutines spent in `state` within [t0, t1), by the stack of the transition that entered it
 * (`go tool trace -pprof` semantics: -pprof=sync is Waiting with a reason containing "chan",
 * "sync" or "select", =net Waiting "network", =syscall Syscall, =sched Runnable), added into
 * `time` and `count` at index stack + 1 (index 0: segments without a stack; length ≥ the model's
 * stack count + 1). `reasonOk` (indexed by reason code, 1 = counted) filters reasons; null counts
 * every reason. Like Go's tool, a segment still open at the end of the trace counts only when
 * `countOpen` is set, and with `fromFirstRun` each goroutine's time counts only from its first
 * Running state on (Go clips the profiles to that: a new goroutine's wait to be scheduled is not in
 * -pprof=sched).
 */
export function timeByStack(
  t: TraceModel,
  state: number,
  reasonOk: Uint8Array | null,
  t0: number,
  t1: number,
  opts: { countOpen: boolean; fromFirstRun: boolean },
  time: Float64Array,
  count: Float64Array,
): void {
  const s = t.segments;
  const g = t.goroutines;
  for (let r = 0; r < g.count; r++) {
    const a0 = s.offset[r];
    const b = s.offset[r + 1];
    let from = t0;
    if (opts.fromFirstRun) {
      for (let i = a0; i < b; i++)
        if (s.state[i] === GoState.Running) {
          from = Math.max(t0, s.start[i]);
          break;
        }
    }
    for (let i = a0; i < b; i++) {
      if (s.state[i] !== state || (reasonOk !== null && reasonOk[s.reason[i]] !== 1)) continue;
      const open = i + 1 === b && !(g.lastState[r] === GoState.NotExist && g.endedNs[r] >= 0);
      if (open && !opts.countOpen) continue;
      const a = Math.max(from, s.start[i]);
      const e = Math.min(t1, segmentEnd(t, i, r));
      if (e <= a) continue;
      const k = s.stack[i] + 1;
      time[k] += e - a;
      count[k]++;
    }
  }
}
