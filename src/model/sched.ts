/**
 * GODEBUG=schedtrace=N[,scheddetail=1] snapshots: one per `SCHED` block. Goroutine (`G…`) lines
 * become goroutine rows of the snapshot; P and M lines are kept here, with their bindings, for
 * the G/M/P state-flow diagram. Counts are small (GOMAXPROCS, threads), so plain objects.
 */
export interface SchedProc {
  id: number;
  /** runtime P status: 0 idle, 1 running, 2 syscall, 3 gcstop, 4 dead */
  status: number;
  schedtick: number;
  syscalltick: number;
  /** M bound to this P, -1 = nil */
  m: number;
  runqsize: number;
  gfreecnt: number;
  timerslen: number | null;
}

export interface SchedThread {
  id: number;
  /** P held, -1 = none */
  p: number;
  /** goroutine running on it, -1 = none */
  curg: number;
  mallocing: number;
  throwing: number;
  preemptoff: string;
  locks: number;
  dying: number;
  spinning: boolean;
  blocked: boolean;
  /** goroutine locked to this thread, -1 = none */
  lockedg: number;
}

export interface SchedSnapshot {
  /** `SCHED 1203ms`: ms since program start */
  uptimeMs: number;
  gomaxprocs: number;
  idleprocs: number;
  threads: number;
  spinningthreads: number;
  needspinning: number | null;
  idlethreads: number;
  /** global run queue length */
  runqueue: number;
  /** per-P local run queue lengths (the `[0 0]` list) */
  localRunqueues: number[];
  /** scheddetail=1 only; null when the log has no detail lines */
  gcwaiting: number | null;
  nmidlelocked: number | null;
  stopwait: number | null;
  sysmonwait: number | null;
  procs: SchedProc[];
  threadsDetail: SchedThread[];
  /** Go 1.26+ without scheddetail: per-P schedtick list (`schedticks=[ 25 44 ]`), else null */
  schedticks: number[] | null;
  /**
   * scheddetail=1: raw `status=` of each goroutine row of this snapshot, in row order (the
   * runtime's _G* constant, with the 0x1000 _Gscan bit when set). Rows keep the wait reason as
   * their state; this keeps the status code the state-flow diagram needs.
   */
  goroutineStatus: number[];
  /** G lines with status 6 (_Gdead): not goroutine rows, counted here */
  deadGoroutines: number;
}

/** Runtime goroutine status names (src/runtime/traceback.go gStatusStrings, Go 1.19–1.27). */
export const G_STATUS_NAMES: Record<number, string> = {
  0: 'idle',
  1: 'runnable',
  2: 'running',
  3: 'syscall',
  4: 'waiting',
  6: 'dead',
  8: 'copystack',
  9: 'preempted',
  10: 'leaked',
  11: 'waiting for cgo callback',
};

/** _Gscan: set while the GC scans the stack; the base status is `status & ~G_SCAN`. */
export const G_SCAN = 0x1000;
export const G_DEAD = 6;

export function gStatusName(status: number): string {
  return G_STATUS_NAMES[status & ~G_SCAN] ?? '???';
}
