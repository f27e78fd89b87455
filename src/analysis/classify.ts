/**
 * Leak-pattern classification of a goroutine (group) from its wait reason and the shape of its
 * stack (docs/goroutine-dump-formats.md §5, go-execution-trace-format.md §5.5). Pure.
 *
 * Three inputs, one result:
 * - traceback dumps: the wait reason decides, frames refine it (`semacquire` is Mutex, RWMutex,
 *   WaitGroup, Once or an fd lock depending on the frames; Go 1.19 prints `semacquire` for all);
 * - profiles without states: pprof protobuf stacks start at runtime.gopark and the runtime frame
 *   below it names the operation (chanrecv1, selectgo, block, semacquire1 …); debug=1 text hides
 *   those leading runtime frames, so only sync/poll/sleep stubs and the user frames are left;
 * - execution traces: the GoBlock reason (`chan receive`, `sync`, `forever`, `network` …),
 *   refined by the park stack.
 */
import type { PatternId } from './patterns';
import { isStdFunc, packageOf } from './park-site';

export type Confidence = 'reason' | 'stack' | 'inferred';

export interface Classification {
  pattern: PatternId;
  /** where the pattern comes from: the wait reason, runtime frames of the stack, or a guess from what is left */
  confidence: Confidence;
  /** a short qualifier: which lock, which background goroutine, why it was inferred */
  detail: string | null;
}

const BACKGROUND_STATES = new Set([
  'GC sweep wait',
  'GC scavenge wait',
  'GC worker (idle)',
  'force gc (idle)',
  'finalizer wait',
  'cleanup wait',
  'GOMAXPROCS updater (idle)',
  'trace reader (blocked)',
  'timer goroutine (idle)',
  'synctest.Run',
  'synctest.Wait',
  'debug call',
]);

const TRANSIENT_STATES = new Set([
  'GC assist marking',
  'GC assist wait',
  'GC worker (active)',
  'GC mark termination',
  'garbage collection',
  'garbage collection scan',
  'GC weak to strong wait',
  'wait for GC cycle',
  'trace goroutine status',
  'trace proc status',
  'page trace flush',
  'flushing proc caches',
  'stopping the world',
  'preempted',
  'dumping heap',
  'panicwait',
  'copystack',
  'dead',
  'idle',
]);

/**
 * Library and harness functions whose goroutines are normal infrastructure when nothing of the
 * user's is innermost to them (§5.3). Matched as exact names, or as prefixes when ending in '*'.
 */
const IDLE_LOOPS: [string, string][] = [
  ['os/signal.loop', 'signal handling (os/signal.loop)'],
  ['os/signal.signal_recv', 'signal handling (os/signal.loop)'],
  ['os/signal.Notify.func*', 'signal handling (os/signal)'],
  ['net/http.(*Server).Serve', 'HTTP server accept loop'],
  ['net/http.(*conn).serve', 'HTTP server connection'],
  ['net/http.(*persistConn).readLoop', 'HTTP client connection read loop'],
  ['net/http.(*persistConn).writeLoop', 'HTTP client connection write loop'],
  ['net/http.(*http2ClientConn).readLoop', 'HTTP/2 client connection'],
  ['net/http.(*http2serverConn).serve', 'HTTP/2 server connection'],
  ['database/sql.(*DB).connectionOpener', 'database/sql connection opener'],
  ['database/sql.(*DB).connectionResetter', 'database/sql connection resetter'],
  ['database/sql.(*DB).connectionCleaner', 'database/sql connection cleaner'],
  ['testing.(*T).Run', 'test harness'],
  ['testing.(*T).Parallel', 'test harness'],
  ['testing.runTests', 'test harness'],
  ['testing.(*M).Run', 'test harness'],
  ['testing.(*M).startAlarm*', 'test harness (timeout alarm)'],
  ['testing.runFuzzing', 'test harness'],
  ['testing.runFuzzTests', 'test harness'],
  ['runtime/trace.Start.func*', 'execution tracer'],
  ['runtime/trace.(*traceMultiplexer)*', 'execution tracer'],
  ['runtime/pprof.profileWriter', 'CPU profiler'],
  ['unique.runtime_registerUniqueMapCleanup*', 'unique package cleanup'],
];

function idleLoop(func: string): string | null {
  for (const [name, what] of IDLE_LOOPS) {
    if (name.endsWith('*') ? func.startsWith(name.slice(0, -1)) : func === name) return what;
  }
  return null;
}

const RUNTIME_ENTRY: Record<string, string> = {
  'runtime.forcegchelper': 'periodic GC helper',
  'runtime.bgsweep': 'GC sweeper',
  'runtime.bgscavenge': 'GC scavenger',
  'runtime.gcBgMarkWorker': 'GC worker',
  'runtime.runfinq': 'finalizer goroutine',
  'runtime.runFinalizers': 'finalizer goroutine',
  'runtime.runCleanups': 'cleanup goroutine',
  'runtime.updateMaxProcsGoroutine': 'GOMAXPROCS updater',
  'runtime.ensureSigM.func1': 'signal mask handler (ensureSigM)',
  'runtime.traceStartReadCPU.func1': 'execution tracer',
  'runtime.(*traceAdvancerState).start.func1': 'execution tracer',
  'runtime.unique_runtime_registerUniqueMapCleanup.func2': 'unique package cleanup',
};

function isRuntimePkg(f: string): boolean {
  return f.startsWith('runtime.');
}

/**
 * Background goroutine? `funcs` innermost first; `createdBy` the `created by` function ('' if none).
 * Returns a description or null.
 */
export function backgroundOf(funcs: readonly string[], createdBy: string, state: string | null): string | null {
  if (state !== null && BACKGROUND_STATES.has(state)) return `runtime goroutine (${state})`;
  let onlyRuntime = funcs.length > 0;
  for (const f of funcs) {
    if (f === 'runtime.goexit') continue;
    if (!isRuntimePkg(f)) {
      onlyRuntime = false;
      break;
    }
  }
  if (onlyRuntime) {
    // the entry function is the outermost frame other than goexit (and its .gowrapN wrapper)
    for (let i = funcs.length - 1; i >= 0; i--) {
      const f = funcs[i].replace(/\.gowrap\d+$/, '');
      const what = RUNTIME_ENTRY[f];
      if (what) return what;
    }
    return 'runtime goroutine';
  }
  if (createdBy && (isRuntimePkg(createdBy) || createdBy === 'unique.runtime_registerUniqueMapCleanup') && funcs.every((f) => isStdFunc(f))) {
    return 'runtime goroutine';
  }
  for (const f of funcs) {
    const what = idleLoop(f);
    if (what) return what;
    if (!isStdFunc(f)) break;
  }
  return null;
}

/** The lock operation a stack waits in, from its sync frames (innermost first). */
function syncKind(funcs: readonly string[]): { pattern: PatternId; detail: string | null } | null {
  let mutex: string | null = null;
  let once = false;
  let wg = false;
  let cond = false;
  let fd = false;
  let sema = false;
  for (const f of funcs) {
    if (!isStdFunc(f)) break;
    if (f === 'sync.(*Once).doSlow' || f === 'sync.(*Once).Do' || f.startsWith('sync.OnceFunc') || f.startsWith('sync.OnceValue')) once = true;
    else if (f === 'sync.(*WaitGroup).Wait' || f === 'sync.runtime_SemacquireWaitGroup') wg = true;
    else if (f === 'sync.(*Cond).Wait' || f === 'sync.runtime_notifyListWait') cond = true;
    else if (f === 'sync.(*RWMutex).RLock' || f === 'sync.runtime_SemacquireRWMutexR') mutex ??= 'RWMutex.RLock';
    else if (f === 'sync.(*RWMutex).Lock' || f === 'sync.runtime_SemacquireRWMutex') mutex = 'RWMutex.Lock';
    else if (f === 'sync.(*Mutex).Lock' || f === 'sync.(*Mutex).lockSlow' || f === 'internal/sync.(*Mutex).Lock' || f === 'internal/sync.(*Mutex).lockSlow')
      mutex ??= 'Mutex.Lock';
    else if (f.startsWith('internal/poll.(*fdMutex).') || f === 'internal/poll.runtime_Semacquire') fd = true;
    else if (f === 'runtime.semacquire1' || f === 'sync.runtime_Semacquire' || f === 'sync.runtime_SemacquireMutex' || f === 'internal/sync.runtime_SemacquireMutex' || f === 'runtime.semacquire')
      sema = true;
  }
  // RWMutex.Lock waits on its inner Mutex first: the RWMutex frame is outer, so it wins over Mutex.Lock
  if (once) return { pattern: 'once', detail: 'Once.Do' };
  if (wg) return { pattern: 'waitgroup', detail: 'WaitGroup.Wait' };
  if (cond) return { pattern: 'cond-wait', detail: 'Cond.Wait' };
  if (mutex) return { pattern: 'mutex', detail: mutex };
  if (fd) return { pattern: 'fd-mutex', detail: 'internal/poll fdMutex' };
  if (sema) return { pattern: 'semaphore', detail: null };
  return null;
}

function isSyscallFunc(f: string): boolean {
  return (
    f.startsWith('syscall.Syscall') ||
    f.startsWith('syscall.RawSyscall') ||
    f.startsWith('syscall.syscall') ||
    f.startsWith('syscall.rawsyscall') ||
    f.startsWith('internal/runtime/syscall.') ||
    f.startsWith('internal/syscall/unix.') ||
    f === 'runtime.cgocall' ||
    f === 'runtime.asmcgocall'
  );
}

/** What the frames alone say (pprof stacks, trace park stacks, debug=1 stubs), or null. */
export function patternFromFrames(funcs: readonly string[]): Classification | null {
  for (const f of funcs) {
    if (!isStdFunc(f)) break;
    switch (f) {
      case 'runtime.asyncPreempt':
      case 'runtime.asyncPreempt2':
      case 'runtime.Gosched':
      case 'runtime.goschedIfBusy':
        return { pattern: 'busy', confidence: 'stack', detail: 'preempted while running' };
      case 'runtime.chansend':
      case 'runtime.chansend1':
        return { pattern: 'chan-send', confidence: 'stack', detail: 'a send on a nil channel has the same frames' };
      case 'runtime.chanrecv':
      case 'runtime.chanrecv1':
      case 'runtime.chanrecv2':
        return { pattern: 'chan-recv', confidence: 'stack', detail: 'a receive on a nil channel has the same frames' };
      case 'runtime.selectgo':
        return { pattern: 'select', confidence: 'stack', detail: null };
      case 'runtime.block':
        return { pattern: 'select-no-cases', confidence: 'stack', detail: null };
      case 'runtime.netpollblock':
      case 'internal/poll.runtime_pollWait':
      case 'internal/poll.(*pollDesc).wait':
        return { pattern: 'io-wait', confidence: 'stack', detail: null };
      case 'time.Sleep':
      case 'runtime.timeSleep':
        return { pattern: 'sleep', confidence: 'stack', detail: null };
      case 'runtime.coroswitch':
        return { pattern: 'coroutine', confidence: 'stack', detail: null };
    }
    if (isSyscallFunc(f)) return { pattern: 'syscall', confidence: 'inferred', detail: 'in a system call (no state in this input)' };
    const s = syncKind([f, ...funcs.slice(funcs.indexOf(f) + 1)]);
    if (s) return { pattern: s.pattern, confidence: 'stack', detail: s.detail };
  }
  return null;
}

/** `main.main` is the park site: the main goroutine parked on purpose. */
function mainIdle(funcs: readonly string[], pattern: PatternId): boolean {
  if (pattern !== 'select-no-cases' && pattern !== 'waitgroup') return false;
  for (const f of funcs) if (!isStdFunc(f)) return f === 'main.main';
  return false;
}

/**
 * Classifies a goroutine of a traceback or profile. `state` is the wait reason / status as
 * printed (null when the input has no states: debug=1, pprof); `funcs` innermost first.
 */
export function classifyGoroutine(state: string | null, funcs: readonly string[], createdBy = ''): Classification {
  const bg = backgroundOf(funcs, createdBy, state);
  if (bg) return { pattern: 'background', confidence: state !== null ? 'reason' : 'stack', detail: bg };
  const c = state !== null ? classifyByReason(state, funcs) : classifyByStack(funcs);
  if (mainIdle(funcs, c.pattern)) return { pattern: 'background', confidence: c.confidence, detail: 'main goroutine parked on purpose' };
  return c;
}

function classifyByReason(state: string, funcs: readonly string[]): Classification {
  const r = (pattern: PatternId, detail: string | null = null): Classification => ({ pattern, confidence: 'reason', detail });
  switch (state) {
    case 'running':
    case 'runnable':
      return r('busy', state);
    case 'chan send':
      return r('chan-send');
    case 'chan receive':
      return r('chan-recv');
    case 'chan send (nil chan)':
      return r('nil-chan', 'send');
    case 'chan receive (nil chan)':
      return r('nil-chan', 'receive');
    case 'select':
      return r('select');
    case 'select (no cases)':
      return r('select-no-cases');
    case 'sync.Cond.Wait':
      return r('cond-wait');
    case 'sync.WaitGroup.Wait':
      return r('waitgroup');
    case 'sync.Mutex.Lock':
    case 'sync.RWMutex.RLock':
    case 'sync.RWMutex.Lock': {
      const s = syncKind(funcs);
      if (s && s.pattern === 'once') return r('once', 'Once.Do');
      return r('mutex', state.slice('sync.'.length));
    }
    case 'semacquire': {
      // Go 1.19: Mutex, RWMutex and WaitGroup; ≤1.23: WaitGroup; all: fd locks, runtime semaphores
      const s = syncKind(funcs);
      if (s) return { pattern: s.pattern, confidence: 'stack', detail: s.detail ? `semacquire: ${s.detail}` : 'semacquire' };
      return r('semaphore', 'semacquire');
    }
    case 'IO wait':
      return r('io-wait');
    case 'sleep':
      return r('sleep');
    case 'syscall':
      return r('syscall');
    case 'coroutine':
      return r('coroutine');
    case 'waiting':
    case '': {
      const f = patternFromFrames(funcs);
      return f ?? r('unknown', 'parked without a reason');
    }
  }
  if (TRANSIENT_STATES.has(state)) return r('transient', state);
  if (state.startsWith('GC ')) return r('transient', state);
  const f = patternFromFrames(funcs);
  if (f) return { ...f, detail: `wait reason "${state}"` };
  return r('unknown', state);
}

function classifyByStack(funcs: readonly string[]): Classification {
  if (funcs.length === 0) return { pattern: 'unknown', confidence: 'inferred', detail: 'no stack' };
  const f = patternFromFrames(funcs);
  if (f) return f;
  const top = funcs[0];
  if (isRuntimePkg(top)) {
    // pprof: a parked goroutine's stack starts at gopark; anything else is on its way or running
    if (top === 'runtime.gopark' || top === 'runtime.goparkunlock') return { pattern: 'unknown', confidence: 'stack', detail: 'parked (runtime.gopark) at an unrecognised call' };
    return { pattern: 'busy', confidence: 'stack', detail: 'not parked: the stack does not start at runtime.gopark' };
  }
  if (top.startsWith('runtime/pprof.')) return { pattern: 'busy', confidence: 'inferred', detail: 'writing the profile' };
  // debug=1 text: leading runtime frames are hidden, so channel operations, selects and running
  // goroutines all start at the user's frame
  return { pattern: 'hidden', confidence: 'inferred', detail: 'runtime frames hidden by the profile (debug=1)' };
}

/**
 * Classifies a goroutine of an execution trace from its last state, its GoBlock reason and park
 * stack (go-execution-trace-format.md §5.5). `state` is the Go reader's state name.
 */
export function classifyTraceGoroutine(state: string, reason: string, funcs: readonly string[], startFunc = ''): Classification {
  const all = startFunc && !funcs.includes(startFunc) ? [...funcs, startFunc] : funcs;
  const bg = backgroundOf(all, '', null);
  if (bg) return { pattern: 'background', confidence: 'stack', detail: bg };
  if (startFunc.startsWith('runtime.') && !funcs.some((f) => !isStdFunc(f))) return { pattern: 'background', confidence: 'stack', detail: 'runtime goroutine' };
  const r = (pattern: PatternId, detail: string | null = null): Classification => ({ pattern, confidence: 'reason', detail });
  if (state === 'Running' || state === 'Runnable') return r('busy', state);
  if (state === 'Syscall') return r('syscall');
  if (state !== 'Waiting') return r('unknown', state);
  const fromFrames = patternFromFrames(funcs);
  switch (reason) {
    case 'chan send':
      return r('chan-send');
    case 'chan receive':
      return r('chan-recv');
    case 'select':
      return r('select');
    case 'forever':
      // nil channels and select {}: runtime.block for select {}, chan frames for a nil channel
      if (fromFrames?.pattern === 'select-no-cases') return r('select-no-cases');
      if (fromFrames?.pattern === 'chan-send' || fromFrames?.pattern === 'chan-recv') return r('nil-chan', fromFrames.pattern === 'chan-send' ? 'send' : 'receive');
      return r('select-no-cases', 'blocked forever');
    case 'sync': {
      const s = syncKind(funcs);
      return s ? { pattern: s.pattern, confidence: 'reason', detail: s.detail } : r('semaphore', 'sync');
    }
    case 'sync.(*Cond).Wait':
      return r('cond-wait');
    case 'network':
      return r('io-wait');
    case 'sleep':
      return r('sleep');
    case 'system goroutine wait':
    case 'synctest':
      return r('background', reason);
    case 'preempted':
    case 'GC mark assist wait for work':
    case 'GC background sweeper wait':
    case 'wait until GC ends':
    case 'GC weak to strong wait':
    case 'wait for debug call':
      return r('transient', reason);
    case '':
      if (fromFrames) return fromFrames;
      return {
        pattern: 'unknown',
        confidence: 'inferred',
        detail: funcs.length ? 'blocked without a reason in the trace' : 'no reason and no stack in the trace: it was already blocked when tracing started (traces before Go 1.23 record no stack for it)',
      };
  }
  return fromFrames ?? r('unknown', reason);
}

/** Hosting sites whose module paths have three elements (github.com/org/repo); others have two (k8s.io/client-go). */
const THREE_ELEMENT_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'go.googlesource.com', 'gitee.com', 'codeberg.org']);

/** The module a package most likely belongs to: `k8s.io/client-go/tools/cache` → `k8s.io/client-go`. */
export function moduleRootOf(pkg: string): string {
  const parts = pkg.split('/');
  if (parts.length === 1 || !parts[0].includes('.')) return pkg === 'main' ? 'main' : parts[0];
  return parts.slice(0, THREE_ELEMENT_HOSTS.has(parts[0]) ? 3 : 2).join('/');
}

/**
 * The program's own modules in a snapshot: `main`, and the module of every test function a
 * goroutine runs (the frame testing.tRunner calls). `funcs` is each stack's functions, innermost first.
 */
export function ownModules(stacks: Iterable<readonly string[]>): Set<string> {
  const out = new Set<string>();
  for (const funcs of stacks) {
    for (let i = 0; i < funcs.length; i++) {
      if (funcs[i].startsWith('main.')) out.add('main');
      if (funcs[i] === 'testing.tRunner' && i > 0) out.add(moduleRootOf(packageOf(funcs[i - 1])));
    }
  }
  return out;
}

/** Idle waits of a library loop: a select, a receive, a Cond.Wait — never a send or a lock. */
const IDLE_PATTERNS = new Set<PatternId>(['select', 'chan-recv', 'cond-wait']);

/**
 * A library's idle loop (issue #9): a goroutine waiting in select, a receive or Cond.Wait whose
 * frames outside the standard library are all library code — vendored (`/vendor/` in the path),
 * from the module cache (`/pkg/mod/`), or of a module that is not the program's own (`own`, see
 * ownModules) — e.g. an informer's reflector or a watcher idling in a for-select over a stop
 * channel, a context and a ticker. Null for anything else (the program's own code, std loops are
 * background already). `funcs`, `files` innermost first.
 */
export function libraryIdleLoop(pattern: PatternId, funcs: readonly string[], files: readonly string[], own: ReadonlySet<string>): { module: string; text: string; explanation: string } | null {
  if (!IDLE_PATTERNS.has(pattern)) return null;
  let module: string | null = null;
  for (let i = 0; i < funcs.length; i++) {
    const f = funcs[i];
    if (isStdFunc(f)) continue;
    const pkg = packageOf(f);
    const root = moduleRootOf(pkg);
    const file = files[i] ?? '';
    const vendored = file.includes('/vendor/') || file.includes('/pkg/mod/');
    const foreign = own.size > 0 && root !== 'main' && !own.has(root) && pkg.split('/')[0].includes('.');
    if (!vendored && !foreign) return null;
    module ??= root;
  }
  if (module === null) return null;
  const what = pattern === 'select' ? 'select' : pattern === 'cond-wait' ? 'Cond.Wait' : 'receive';
  return {
    module,
    text: `library idle loop (${module})`,
    explanation: `It waits in a ${what} inside ${module}, library code (vendored or not this program's own module), with none of the program's own frames on its stack: a library's idle loop — an informer, a watcher, a ticker loop — waiting for its stop channel or context. Ranked after the goroutines that wait on each other; it matters if it grows, or if it never stops when its owner does.`,
  };
}
