/**
 * Wire constants of the Go execution trace formats (docs/go-execution-trace-format.md §3, §6).
 * v2 event numbers are Go 1.27's `internal/trace/tracev2`; the old format's (v1) numbers are
 * in v1.ts.
 */

export const Ev = {
  EventBatch: 1,
  Stacks: 2,
  Stack: 3,
  Strings: 4,
  String: 5,
  CPUSamples: 6,
  CPUSample: 7,
  Frequency: 8,
  ProcsChange: 9,
  ProcStart: 10,
  ProcStop: 11,
  ProcSteal: 12,
  ProcStatus: 13,
  GoCreate: 14,
  GoCreateSyscall: 15,
  GoStart: 16,
  GoDestroy: 17,
  GoDestroySyscall: 18,
  GoStop: 19,
  GoBlock: 20,
  GoUnblock: 21,
  GoSyscallBegin: 22,
  GoSyscallEnd: 23,
  GoSyscallEndBlocked: 24,
  GoStatus: 25,
  STWBegin: 26,
  STWEnd: 27,
  GCActive: 28,
  GCBegin: 29,
  GCEnd: 30,
  GCSweepActive: 31,
  GCSweepBegin: 32,
  GCSweepEnd: 33,
  GCMarkAssistActive: 34,
  GCMarkAssistBegin: 35,
  GCMarkAssistEnd: 36,
  HeapAlloc: 37,
  HeapGoal: 38,
  GoLabel: 39,
  UserTaskBegin: 40,
  UserTaskEnd: 41,
  UserRegionBegin: 42,
  UserRegionEnd: 43,
  UserLog: 44,
  GoSwitch: 45,
  GoSwitchDestroy: 46,
  GoCreateBlocked: 47,
  GoStatusStack: 48,
  ExperimentalBatch: 49,
  Sync: 50,
  ClockSnapshot: 51,
  EndOfGeneration: 52,
  // experimental AllocFree events (1.23+)
  Span: 128,
  GoroutineStackFree: 136,
} as const;

/** Number of uvarints after the type byte (dt included) of timed events that may appear in an M's batch; -1 = not allowed. */
export const ARG_COUNT = new Int8Array(256).fill(-1);
(
  [
    [9, 3], [10, 3], [11, 1], [12, 4], [13, 3], [14, 4], [15, 2], [16, 3], [17, 1], [18, 1], [19, 3], [20, 3],
    [21, 4], [22, 3], [23, 1], [24, 1], [25, 4], [26, 3], [27, 1], [28, 2], [29, 3], [30, 2], [31, 2], [32, 2],
    [33, 3], [34, 2], [35, 2], [36, 1], [37, 2], [38, 2], [39, 2], [40, 5], [41, 3], [42, 4], [43, 4], [44, 5],
    [45, 3], [46, 3], [47, 4], [48, 5], [128, 4], [129, 4], [130, 2], [131, 3], [132, 3], [133, 2], [134, 3],
    [135, 3], [136, 2],
  ] as const
).forEach(([t, n]) => (ARG_COUNT[t] = n));

export const EV_NAMES: Record<number, string> = {
  9: 'ProcsChange', 10: 'ProcStart', 11: 'ProcStop', 12: 'ProcSteal', 13: 'ProcStatus', 14: 'GoCreate',
  15: 'GoCreateSyscall', 16: 'GoStart', 17: 'GoDestroy', 18: 'GoDestroySyscall', 19: 'GoStop', 20: 'GoBlock',
  21: 'GoUnblock', 22: 'GoSyscallBegin', 23: 'GoSyscallEnd', 24: 'GoSyscallEndBlocked', 25: 'GoStatus',
  26: 'STWBegin', 27: 'STWEnd', 28: 'GCActive', 29: 'GCBegin', 30: 'GCEnd', 31: 'GCSweepActive',
  32: 'GCSweepBegin', 33: 'GCSweepEnd', 34: 'GCMarkAssistActive', 35: 'GCMarkAssistBegin', 36: 'GCMarkAssistEnd',
  37: 'HeapAlloc', 38: 'HeapGoal', 39: 'GoLabel', 40: 'UserTaskBegin', 41: 'UserTaskEnd', 42: 'UserRegionBegin',
  43: 'UserRegionEnd', 44: 'UserLog', 45: 'GoSwitch', 46: 'GoSwitchDestroy', 47: 'GoCreateBlocked',
  48: 'GoStatusStack', 51: 'ClockSnapshot',
};

export function evName(t: number): string {
  return EV_NAMES[t] ?? (t >= 128 && t <= 136 ? `experimental event ${t}` : `event type ${t}`);
}

/** Wire goroutine status → reader GoState (GO_STATES index). 0 = bad. */
export const GSTATUS_TO_STATE = [0, 2, 3, 5, 4] as const; // Runnable, Running, Syscall, Waiting
/** Wire proc status → reader ProcState: Running, Idle, Syscall→Running, SyscallAbandoned→Idle. */
export const PSTATUS_TO_STATE = [0, 2, 3, 2, 3] as const;

export const GoStatus = { Bad: 0, Runnable: 1, Running: 2, Syscall: 3, Waiting: 4 } as const;
export const ProcStatus = { Bad: 0, Running: 1, Idle: 2, Syscall: 3, SyscallAbandoned: 4 } as const;

/** Which Go releases write a header version. */
export function writtenBy(n: number): string {
  switch (n) {
    case 11:
      return 'Go 1.11–1.18';
    case 19:
      return 'Go 1.19–1.20';
    case 21:
      return 'Go 1.21';
    case 22:
      return 'Go 1.22';
    case 23:
      return 'Go 1.23–1.24';
    case 25:
      return 'Go 1.25';
    case 26:
      return 'Go 1.26–1.27';
    default:
      return `unknown (format go 1.${n})`;
  }
}

export const MAX_BATCH_SIZE = 65536;
export const MAX_STRING_SIZE = 1024;
export const MAX_FRAMES = 128;
