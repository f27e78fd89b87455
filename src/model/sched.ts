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
}
