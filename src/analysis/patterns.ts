/**
 * The leak patterns a goroutine group is classified into (classify.ts), with the text the UI and
 * the CLI show: a title, a one-paragraph explanation and a fix direction. Pure constants.
 *
 * `kind` decides how the report treats a pattern:
 * - 'leak'       blocked in a way that never resolves by itself unless another goroutine acts
 *                (channel, select, sync primitives): ranked as suspects;
 * - 'weak'       blocked on something outside the program (network, timers, syscalls) or a reason
 *                the input does not show: suspects, ranked after the 'leak' ones;
 * - 'background' runtime and well-known library goroutines: listed apart, never blamed;
 * - 'not-leak'   running/runnable or transient runtime states: not listed as suspects.
 */

export type PatternId =
  | 'chan-send'
  | 'chan-recv'
  | 'nil-chan'
  | 'select-no-cases'
  | 'select'
  | 'waitgroup'
  | 'mutex'
  | 'cond-wait'
  | 'once'
  | 'fd-mutex'
  | 'semaphore'
  | 'coroutine'
  | 'io-wait'
  | 'syscall'
  | 'sleep'
  | 'hidden'
  | 'unknown'
  | 'background'
  | 'busy'
  | 'transient';

export type PatternKind = 'leak' | 'weak' | 'background' | 'not-leak';

export interface PatternInfo {
  id: PatternId;
  kind: PatternKind;
  title: string;
  explanation: string;
  fix: string;
}

export const PATTERNS: Record<PatternId, PatternInfo> = {
  'chan-send': {
    id: 'chan-send',
    kind: 'leak',
    title: 'Send on a channel nobody receives from',
    explanation:
      'The goroutine is blocked sending on a channel: it is unbuffered and no receiver is ready, or its buffer is full. ' +
      'If the receiver has returned (a timeout, a cancelled request, an early error return), nobody will ever receive and the sender stays parked forever, keeping everything it references alive. This is the most common goroutine leak: a result channel abandoned by its reader.',
    fix:
      'Give the channel a buffer big enough for every send that may happen after the reader leaves (often 1 for a single result), or make the send a select that also waits on ctx.Done() or a done channel so the sender can give up.',
  },
  'chan-recv': {
    id: 'chan-recv',
    kind: 'leak',
    title: 'Receive from a channel nobody sends on or closes',
    explanation:
      'The goroutine is blocked receiving from a channel (`<-ch` or `for range ch`). No sender is ready and the channel is not closed. ' +
      'When the producers have exited without closing the channel, or the goroutine waits on a context\'s Done channel that is never cancelled, it waits forever.',
    fix:
      'Close the channel when the last sender is done (the sender side owns close), or select on the receive together with ctx.Done() / a done channel; make sure every context.WithCancel/WithTimeout has its cancel called.',
  },
  'nil-chan': {
    id: 'nil-chan',
    kind: 'leak',
    title: 'Send or receive on a nil channel',
    explanation:
      'A send or receive on a nil channel blocks forever by definition. This is almost always an uninitialised channel: a struct field or variable that was never assigned make(chan T), or a channel set to nil to disable a select case and then used outside the select.',
    fix:
      'Initialise the channel with make before any goroutine uses it (constructor, not lazily), and check code paths that set channels to nil.',
  },
  'select-no-cases': {
    id: 'select-no-cases',
    kind: 'leak',
    title: 'select {} — blocked forever on purpose',
    explanation:
      'An empty select statement never returns. In main it is a deliberate way to park forever; in any other goroutine it keeps that goroutine (and what it references) alive for the life of the process.',
    fix:
      'Replace select {} with a wait on something that ends: <-ctx.Done(), a done channel, or a signal channel, and return when it fires.',
  },
  select: {
    id: 'select',
    kind: 'leak',
    title: 'select whose cases never become ready',
    explanation:
      'The goroutine waits in a select and none of its cases can proceed: every channel it sends to has no receiver and every channel it receives from has no sender and is not closed. A typical cause is a ctx.Done() case on a context that is never cancelled, or a quit channel nobody closes.',
    fix:
      'Make sure one case always ends the wait: cancel the context (defer cancel()), close the quit channel when the owner stops, or add a timeout case; check each case\'s channel for a missing sender, receiver or close.',
  },
  waitgroup: {
    id: 'waitgroup',
    kind: 'leak',
    title: 'sync.WaitGroup.Wait without enough Done',
    explanation:
      'The goroutine waits for a WaitGroup counter to reach zero. One of the goroutines that was counted with Add never called Done (an early return or a panic path), Add was called with too large a number, or a counted goroutine is itself stuck.',
    fix:
      'Call wg.Add before starting each goroutine and defer wg.Done() as its first statement; check the goroutines counted by this WaitGroup for one that is blocked elsewhere in the report.',
  },
  mutex: {
    id: 'mutex',
    kind: 'leak',
    title: 'sync.Mutex / RWMutex lock held forever',
    explanation:
      'The goroutine waits to acquire a lock that another goroutine holds. Either the holder never unlocked it (a missing Unlock on an error path, a panic without defer), or the holder is itself blocked while holding it (a channel operation or another lock inside the critical section — a deadlock). RLock also waits while a writer holds or waits for the lock.',
    fix:
      'Unlock with defer right after Lock; do not block (channel operations, network calls, other locks) while holding the lock; take nested locks in one fixed order; never call RLock recursively.',
  },
  'cond-wait': {
    id: 'cond-wait',
    kind: 'leak',
    title: 'sync.Cond.Wait never signalled',
    explanation:
      'The goroutine waits on a sync.Cond and nothing calls Signal or Broadcast after the condition changes, or the condition it re-checks never becomes true.',
    fix:
      'Call Broadcast (or Signal) every time the state the waiters check changes, including on shutdown; consider a channel instead of sync.Cond, which composes with contexts and timeouts.',
  },
  once: {
    id: 'once',
    kind: 'leak',
    title: 'sync.Once.Do blocked behind a stuck first call',
    explanation:
      'The goroutine called Once.Do while another call of the same Once is still running its function. Every later caller waits on the Once\'s internal mutex until the first call returns; if that call is blocked (or calls Do on the same Once recursively), they wait forever.',
    fix:
      'Find the goroutine running the Once function (it is inside the function passed to Do) and see why it does not return; never call Do of the same Once from inside its function.',
  },
  'fd-mutex': {
    id: 'fd-mutex',
    kind: 'weak',
    title: 'Waiting for another operation on the same file or socket',
    explanation:
      'The goroutine waits for the internal lock of a file descriptor (internal/poll fdMutex): another goroutine is reading, writing or closing the same file or connection at the same time, and that operation is blocked.',
    fix:
      'Do not read (or write) one connection from two goroutines at once; set deadlines so the blocked operation returns; close the connection to unblock both.',
  },
  semaphore: {
    id: 'semaphore',
    kind: 'weak',
    title: 'Waiting on a runtime semaphore',
    explanation:
      'The goroutine waits on a runtime semaphore (semacquire) that is not a recognised sync type in its stack: for example runtime.GC, ReadMemStats or another runtime-internal wait. Usually transient.',
    fix: 'Look at the frames below the semaphore to see which operation waits and what it waits for.',
  },
  coroutine: {
    id: 'coroutine',
    kind: 'weak',
    title: 'iter.Pull coroutine never finished',
    explanation:
      'A coroutine created by iter.Pull is parked between calls of next. If the caller never exhausts the iterator nor calls stop, the coroutine (and what it holds) stays alive.',
    fix: 'Always call the stop function returned by iter.Pull (defer stop()).',
  },
  'io-wait': {
    id: 'io-wait',
    kind: 'weak',
    title: 'Network or pipe read/write without a deadline (IO wait)',
    explanation:
      'The goroutine waits in the network poller for a socket or pipe to become readable or writable. This is normal for servers (listeners, idle keep-alive connections); it is a leak when the peer is gone or silent and no deadline or cancellation will ever end the wait.',
    fix:
      'Set read/write deadlines (SetDeadline, http.Server timeouts, http.Client.Timeout), pass contexts to dialers and requests, and close connections when their owner stops.',
  },
  syscall: {
    id: 'syscall',
    kind: 'weak',
    title: 'Blocking system call',
    explanation:
      'The goroutine is inside a system call or C call that has not returned: a blocking read on a file, pipe or terminal, a wait for a child process, or C code. It also holds an OS thread.',
    fix: 'Use non-blocking I/O through os.File / net where possible, close the file descriptor to interrupt the call, or make the C call cancellable.',
  },
  sleep: {
    id: 'sleep',
    kind: 'weak',
    title: 'Sleeping (time.Sleep / timer)',
    explanation:
      'The goroutine is in time.Sleep. A goroutine that sleeps in a loop is usually a poller or a ticker; it leaks when nothing ever tells the loop to stop. A single very long sleep delays whatever comes after it.',
    fix: 'Replace time.Sleep in loops with a select on a time.Ticker / time.After and ctx.Done(), so the loop can be stopped.',
  },
  hidden: {
    id: 'hidden',
    kind: 'weak',
    title: 'Blocked or running — reason hidden by the profile',
    explanation:
      'This input (a debug=1 goroutine profile) hides the runtime frames at the top of each stack, and they are the only place that says whether the goroutine waits on a channel or a select or is running. The group is inferred from the stack alone and may be a channel operation, a select, or a busy goroutine.',
    fix: 'Capture a debug=2 dump (or the pprof protobuf, debug=0) of the same process to see the wait reason; then follow the fix of the pattern it shows.',
  },
  unknown: {
    id: 'unknown',
    kind: 'weak',
    title: 'Waiting for an unrecognised reason',
    explanation: 'The goroutine is parked with a wait reason this version of Parkscope does not know (a newer Go release, or a reason without a leak pattern).',
    fix: 'Read the wait reason and the frames below it; the Go source of the innermost frame says what it waits for.',
  },
  background: {
    id: 'background',
    kind: 'background',
    title: 'Background goroutine',
    explanation:
      'A goroutine of the Go runtime (GC workers, sweeper, scavenger, finalizer and cleanup goroutines, signal handling, the tracer) or a well-known library idle loop (HTTP server accept loop, idle connections, database/sql connection opener, the test harness). They are expected to be parked.',
    fix: 'Nothing to fix — unless their number grows between snapshots (for example one idle HTTP connection loop per request that is never closed).',
  },
  busy: {
    id: 'busy',
    kind: 'not-leak',
    title: 'Running or runnable',
    explanation: 'The goroutine was running or ready to run when the dump was taken: it is not blocked. Many of them at one site point to CPU work or a busy loop, not to a leak.',
    fix: 'Nothing for leaks; use a CPU profile if these goroutines are unexpectedly busy.',
  },
  transient: {
    id: 'transient',
    kind: 'not-leak',
    title: 'Transient runtime state',
    explanation: 'A short-lived runtime state (GC assist, stack copy, preemption, stop-the-world, panic in progress).',
    fix: 'Nothing to fix.',
  },
};

/** Order in which patterns are listed when everything else ties. */
export const PATTERN_ORDER: PatternId[] = Object.keys(PATTERNS) as PatternId[];
