/**
 * What a blocked goroutine waits on, from one traceback stack: the operation (from the wait reason,
 * refined by the frames, as classify.ts does) and which frame's argument word names the object —
 * `runtime.chanrecv(0xc00001e0c0, 0x0, 0x1)`, `internal/sync.(*Mutex).lockSlow(0xc000124010)`,
 * `sync.(*WaitGroup).Wait(0xc0000b2000)`. Level-1 tracebacks (debug=2, runtime.Stack, panics)
 * hide runtime frames, so channel addresses show only in SIGQUIT / GOTRACEBACK=system dumps, or
 * when the user's own frame has the channel as an argument; the sync frames are printed at every
 * level. Pure; per stack, so the analysis computes it once per (state, stack).
 */
import { isStdFunc } from './park-site';

export const WAIT_OPS = [
  'none',
  'chan-receive',
  'chan-send',
  'nil-chan-receive',
  'nil-chan-send',
  'select',
  'select-no-cases',
  'mutex',
  'rwmutex-read',
  'rwmutex-write',
  'waitgroup',
  'cond',
  'once',
  'semaphore',
] as const;

export type WaitOp = (typeof WAIT_OPS)[number];

/** The kind of object an operation waits on (what a group of waiters shares). */
export type WaitObjectKind = 'chan' | 'nil-chan' | 'select-no-cases' | 'mutex' | 'rwmutex' | 'waitgroup' | 'cond' | 'once' | 'semaphore';

export function objectKindOf(op: WaitOp): WaitObjectKind | null {
  switch (op) {
    case 'chan-receive':
    case 'chan-send':
      return 'chan';
    case 'nil-chan-receive':
    case 'nil-chan-send':
      return 'nil-chan';
    case 'select-no-cases':
      return 'select-no-cases';
    case 'mutex':
      return 'mutex';
    case 'rwmutex-read':
    case 'rwmutex-write':
      return 'rwmutex';
    case 'waitgroup':
      return 'waitgroup';
    case 'cond':
      return 'cond';
    case 'once':
      return 'once';
    case 'semaphore':
      return 'semaphore';
    default:
      return null;
  }
}

/** Locks: a goroutine that references one outside its own wait on it may hold it. */
export function isLockOp(op: WaitOp): boolean {
  return op === 'mutex' || op === 'rwmutex-read' || op === 'rwmutex-write' || op === 'once';
}

/** A frame whose argument word names the object: the word at `position`, minus `offset` (a field's address). */
interface ObjectFrame {
  kind: WaitObjectKind;
  position: number;
  offset: number;
}

/**
 * Frames that take the object as an argument. Offsets turn a semaphore's address into its
 * owner's: RWMutex{w Mutex(8); writerSem@8; readerSem@12}, Mutex{state; sema@4},
 * Cond{noCopy; L Locker(16); notify@16}, stable from Go 1.19 to 1.27. The runtime's own
 * semaphore frames (level-2 dumps) take the same address as the sync wrapper above them.
 */
const OBJECT_FRAMES: Record<string, ObjectFrame> = {
  'runtime.chanrecv': { kind: 'chan', position: 0, offset: 0 },
  'runtime.chanrecv1': { kind: 'chan', position: 0, offset: 0 },
  'runtime.chanrecv2': { kind: 'chan', position: 0, offset: 0 },
  'runtime.chansend': { kind: 'chan', position: 0, offset: 0 },
  'runtime.chansend1': { kind: 'chan', position: 0, offset: 0 },
  'internal/sync.(*Mutex).lockSlow': { kind: 'mutex', position: 0, offset: 0 },
  'internal/sync.(*Mutex).Lock': { kind: 'mutex', position: 0, offset: 0 },
  'sync.(*Mutex).lockSlow': { kind: 'mutex', position: 0, offset: 0 },
  'sync.(*Mutex).Lock': { kind: 'mutex', position: 0, offset: 0 },
  'internal/sync.runtime_SemacquireMutex': { kind: 'mutex', position: 0, offset: 4 },
  'sync.runtime_SemacquireMutex': { kind: 'mutex', position: 0, offset: 4 },
  'sync.(*RWMutex).Lock': { kind: 'rwmutex', position: 0, offset: 0 },
  'sync.(*RWMutex).RLock': { kind: 'rwmutex', position: 0, offset: 0 },
  'sync.runtime_SemacquireRWMutex': { kind: 'rwmutex', position: 0, offset: 8 },
  'sync.runtime_SemacquireRWMutexR': { kind: 'rwmutex', position: 0, offset: 12 },
  'sync.(*WaitGroup).Wait': { kind: 'waitgroup', position: 0, offset: 0 },
  // Go 1.24+: WaitGroup{noCopy; state atomic.Uint64; sema@8}
  'sync.runtime_SemacquireWaitGroup': { kind: 'waitgroup', position: 0, offset: 8 },
  'sync.(*Cond).Wait': { kind: 'cond', position: 0, offset: 0 },
  'sync.runtime_notifyListWait': { kind: 'cond', position: 0, offset: 16 },
  'sync.(*Once).doSlow': { kind: 'once', position: 0, offset: 0 },
  'runtime.semacquire1': { kind: 'semaphore', position: 0, offset: 0 },
  'runtime.semacquire': { kind: 'semaphore', position: 0, offset: 0 },
  'sync.runtime_Semacquire': { kind: 'semaphore', position: 0, offset: 0 },
};

/** A Mutex inside an RWMutex or a Once is that object's own lock: the outer kind names the object. */
function objectKindMatches(frameKind: WaitObjectKind, want: WaitObjectKind): boolean {
  if (frameKind === want) return true;
  // RWMutex.Lock waits on its inner Mutex first (rw.w at offset 0: the same address)
  if (want === 'rwmutex' && frameKind === 'mutex') return true;
  // a WaitGroup / Cond / Once may wait through the generic semaphore frames
  return frameKind === 'semaphore' && (want === 'waitgroup' || want === 'mutex' || want === 'rwmutex');
}

export interface StackWait {
  op: WaitOp;
  /** frames (index in the stack, innermost 0) that may carry the object, in the order to try */
  objectFrames: number[];
  /** what to subtract from the word of each of `objectFrames` */
  objectOffsets: number[];
  /** the park site: the innermost frame outside the standard library (-1 none) */
  siteFrame: number;
}

const NONE: StackWait = { op: 'none', objectFrames: [], objectOffsets: [], siteFrame: -1 };

/** The operation of a goroutine from its state (null: a snapshot without states) and frames (innermost first). */
export function stackWait(state: string | null, funcs: readonly string[]): StackWait {
  const op = opOf(state, funcs);
  let siteFrame = -1;
  for (let i = 0; i < funcs.length; i++)
    if (!isStdFunc(funcs[i])) {
      siteFrame = i;
      break;
    }
  if (op === 'none') return siteFrame < 0 ? NONE : { ...NONE, siteFrame };
  const want = objectKindOf(op);
  const objectFrames: number[] = [];
  const objectOffsets: number[] = [];
  if (want && want !== 'nil-chan' && want !== 'select-no-cases') {
    // the standard-library frames above the park site; the API frame (outermost) first
    const end = siteFrame < 0 ? funcs.length : siteFrame;
    let wrapperOffset = -1;
    for (let i = end - 1; i >= 0; i--) {
      const f = OBJECT_FRAMES[funcs[i]];
      if (!f || !objectKindMatches(f.kind, want)) continue;
      let offset = f.offset;
      if (funcs[i].startsWith('runtime.sema')) {
        // the address a sync wrapper passed down (runtime_SemacquireRWMutexR(&rw.readerSem) → semacquire1)
        if (wrapperOffset < 0 && want !== 'semaphore') continue;
        offset = wrapperOffset < 0 ? 0 : wrapperOffset;
      } else if (funcs[i].includes('Semacquire') || funcs[i].includes('notifyListWait')) wrapperOffset = f.offset;
      objectFrames.push(i);
      objectOffsets.push(offset);
    }
  }
  return { op, objectFrames, objectOffsets, siteFrame };
}

function opOf(state: string | null, funcs: readonly string[]): WaitOp {
  switch (state) {
    case 'chan receive':
    case 'chan receive (durable)':
    case 'chan receive (synctest)':
      return 'chan-receive';
    case 'chan send':
    case 'chan send (durable)':
    case 'chan send (synctest)':
      return 'chan-send';
    case 'chan receive (nil chan)':
      return 'nil-chan-receive';
    case 'chan send (nil chan)':
      return 'nil-chan-send';
    case 'select':
    case 'select (durable)':
    case 'select (synctest)':
      return 'select';
    case 'select (no cases)':
      return 'select-no-cases';
    case 'sync.Mutex.Lock':
      return hasFrame(funcs, ONCE_FRAMES) ? 'once' : 'mutex';
    case 'sync.RWMutex.RLock':
      return 'rwmutex-read';
    case 'sync.RWMutex.Lock':
      return 'rwmutex-write';
    case 'sync.WaitGroup.Wait':
    case 'sync.WaitGroup.Wait (durable)':
      return 'waitgroup';
    case 'sync.Cond.Wait':
    case 'sync.Cond.Wait (durable)':
      return 'cond';
    case null:
    case '':
    case 'waiting':
    case 'semacquire':
      return opOfFrames(funcs, state === 'semacquire');
  }
  return 'none';
}

const ONCE_FRAMES = new Set(['sync.(*Once).doSlow', 'sync.(*Once).Do']);

function hasFrame(funcs: readonly string[], names: Set<string>): boolean {
  for (const f of funcs) {
    if (!isStdFunc(f)) return false;
    if (names.has(f)) return true;
  }
  return false;
}

/** Go 1.19's `semacquire` (and states the input hides): the sync or runtime frames say which operation. */
function opOfFrames(funcs: readonly string[], semacquire: boolean): WaitOp {
  let sawMutex = false;
  for (const f of funcs) {
    if (!isStdFunc(f)) break;
    switch (f) {
      case 'runtime.chanrecv':
      case 'runtime.chanrecv1':
      case 'runtime.chanrecv2':
        return 'chan-receive';
      case 'runtime.chansend':
      case 'runtime.chansend1':
        return 'chan-send';
      case 'runtime.selectgo':
        return 'select';
      case 'runtime.block':
        return 'select-no-cases';
      case 'sync.(*Once).doSlow':
      case 'sync.(*Once).Do':
        return 'once';
      case 'sync.(*WaitGroup).Wait':
      case 'sync.runtime_SemacquireWaitGroup':
        return 'waitgroup';
      case 'sync.(*Cond).Wait':
      case 'sync.runtime_notifyListWait':
        return 'cond';
      case 'sync.(*RWMutex).RLock':
      case 'sync.runtime_SemacquireRWMutexR':
        return 'rwmutex-read';
      case 'sync.(*RWMutex).Lock':
      case 'sync.runtime_SemacquireRWMutex':
        return 'rwmutex-write';
      case 'sync.(*Mutex).Lock':
      case 'sync.(*Mutex).lockSlow':
      case 'internal/sync.(*Mutex).Lock':
      case 'internal/sync.(*Mutex).lockSlow':
        sawMutex = true;
        break;
    }
  }
  // a Mutex inside an RWMutex or a Once returned above; only a plain Mutex is left
  if (sawMutex) return 'mutex';
  return semacquire ? 'semaphore' : 'none';
}

/** `main.(*T).M` → `main.(*T)`: the pointer-receiver type of a method frame (closures and functions: null). */
export function receiverTypeOf(func: string): string | null {
  const slash = func.lastIndexOf('/');
  const open = func.indexOf('.(*', slash + 1);
  if (open < 0) return null;
  const close = func.indexOf(').', open);
  if (close < 0) return null;
  const rest = func.slice(close + 2);
  // a method, not a closure inside it (M.func1) nor a wrapper (M-fm)
  if (rest.length === 0 || rest.includes('.') || rest.includes('-')) return null;
  return func.slice(0, close + 1);
}
