/**
 * Execution-trace data in the model. Owned by src/formats/trace (see its README).
 * Everything large is a typed array so a TraceModel crosses the worker boundary by transfer.
 *
 * Conventions:
 * - Times are ns relative to the trace start (the first generation's Sync), as Float64Array.
 *   -1 means "unknown / before the trace" (created before tracing) or "not ended" (alive at end).
 * - Strings are ids into the model's string table (0 = ""), stacks are model stack ids
 *   (-1 = no stack), frames are model frame ids: all shared with the other views.
 * - Goroutines are referred to by row in `goroutines` (not by goid) unless a column says goid.
 * - State numbers are Go's reader states (index into `goStateNames` / `procStateNames` /
 *   `threadStateNames`).
 * - Plain objects, arrays and typed arrays only (no Map/Set/class): the model is cloned and
 *   transferred to the UI thread.
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
  atEnd: Record<string, number>;
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
  /** goid of the goroutine that created it, -1 if none/unknown (runtime, before the trace) */
  creatorGoid: Float64Array;
  /** row of the creator, -1 if none/unknown */
  creator: Int32Array;
  /** stack of the `go` statement (GoCreate stack), -1 if unknown */
  createStack: Int32Array;
  /** entry function (GoCreate new_stack frame; for pre-existing goroutines the outermost frame of the first stack seen), string id, 0 if unknown */
  startFunc: Int32Array;
  createdNs: Float64Array;
  endedNs: Float64Array;
  /** first event mentioning it (for pre-existing goroutines: the generation start it was backdated to) */
  firstSeenNs: Float64Array;
  /** state at the end of the trace (GO_STATES); NotExist if it ended */
  lastState: Uint8Array;
  /** reason of the last state change (GoBlock/GoStop reason), string id */
  lastReason: Int32Array;
  /** stack of the last state change: the park site for a goroutine blocked at the end */
  lastStack: Int32Array;
  /** when it entered its last state */
  lastChangeNs: Float64Array;
  /** total time per state (ns) */
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
  /** first lifecycle segment of this goroutine, -1 (segments chain through `segments.next`) */
  firstSegment: Int32Array;
}

/**
 * Goroutine lifecycle segments: one row per state a goroutine was in, chained per goroutine in
 * time order. NotExist rows appear only for a goroutine id that exists again after its end (the
 * goroutines of cgo callbacks): the gap between the two lives. There is no end column: a segment
 * ends where the next one of its goroutine starts; see `segmentEnd`. The integer columns are
 * Int16Array when every value fits (the common case: half the memory), else Int32Array.
 */
export interface TraceSegments {
  count: number;
  /** row in `goroutines` */
  goroutine: Int16Array | Int32Array;
  start: Float64Array;
  /** GO_STATES index */
  state: Uint8Array;
  /** reason of the transition that started it (GoBlock / GoStop reason), string id */
  reason: Int16Array | Int32Array;
  /** stack of the transition that started it: park site (Waiting), syscall site, preemption/yield site, creation site */
  stack: Int16Array | Int32Array;
  /** P and thread while Running / in Syscall, -1 otherwise */
  proc: Int16Array | Int32Array;
  thread: Int16Array | Int32Array;
  /** for a Runnable segment after Waiting: the goroutine row that unblocked it (-1: netpoller, timers, scheduler) and its stack */
  unblockedBy: Int16Array | Int32Array;
  unblockStack: Int16Array | Int32Array;
  /** next segment of the same goroutine, -1 */
  next: Int32Array;
}

/** P (proc) or thread intervals. */
export interface TraceResourceSegments {
  count: number;
  /** P id (procSegments) or thread id (threadSegments) */
  id: Float64Array;
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
  key: Int32Array;
  value: Int32Array;
}

/**
 * State-flow statistics (the G/M/P diagram's edges). `transitions` is a square matrix
 * [from * states.length + to] of counts; `timeInState` the total ns spent in each state,
 * summed over resources, up to the end of the trace.
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

/** Goroutines not dead at the end of the trace, grouped by (state, reason, stack). */
export interface TraceParkSites {
  count: number;
  state: Uint8Array;
  reason: Int32Array;
  /** park stack (the GoBlock stack, or the status stack of goroutines blocked the whole time); -1 unknown */
  stack: Int32Array;
  goroutines: Int32Array;
}

export interface TraceDetail {
  /** false when per-event detail (segments) was dropped to keep memory bounded */
  full: boolean;
  /** why detail was dropped (shown in the UI), null when full */
  message: string | null;
  /** the input size above which detail is dropped */
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
  /** goroutines alive at the end, by state/reason/stack: the leak candidates of a trace */
  atEnd: TraceParkSites;
}

/**
 * End of lifecycle segment `i`: the start of the goroutine's next segment; for its last segment
 * the time it ended (`endedNs`) or, when it is still alive, the end of the trace.
 */
export function segmentEnd(t: TraceModel, i: number): number {
  const next = t.segments.next[i];
  if (next >= 0) return t.segments.start[next];
  const r = t.segments.goroutine[i];
  return t.goroutines.lastState[r] === GoState.NotExist && t.goroutines.endedNs[r] >= 0 ? t.goroutines.endedNs[r] : t.durationNs;
}
