/**
 * Who waits for whom, from one traceback snapshot (issue #16).
 *
 * Debug=2 dumps, SIGQUIT dumps, panics and runtime.Stack print each frame's argument words; the
 * dump parser keeps the pointer-like ones (Model.args). From them:
 * - the object each blocked goroutine waits on, when a frame shows it (waitfor-ops.ts): a channel
 *   (send / receive / nil), a Mutex or RWMutex (read or write), a WaitGroup, a Cond, a Once, a
 *   semaphore; goroutines waiting on the same object form an object group;
 * - the other goroutines that hold the same address in any frame (a possible sender, closer,
 *   lock holder, Done or Signal caller), with the frame;
 * - a wait-for graph: a waiter points to its object, the object to the goroutines that could wake
 *   its waiters. Where no address is shown (channel operations in level-1 dumps, RLock), the
 *   goroutines that share the receiver of the waiting frame, and the waiter's creator, siblings and
 *   children stand in, as weaker evidence; they never make a deadlock;
 * - which blocked goroutines no running goroutine can reach through that graph (as the runtime's
 *   leak detector reasons from its roots): they are flagged, with the verdict that applies;
 * - cycles among flagged goroutines: deadlocks, each with its members.
 * Since Go 1.17 a `?` after a word means the value may be stale: such words are hints, never
 * proof, and every result built on one says so. Pure; plain data (typed arrays per row).
 */
import { ArgInfo, GFlag } from '../model/model';
import type { ModelView } from '../model/read';
import { isLockOp, objectKindOf, receiverTypeOf, stackWait, WAIT_OPS, type StackWait, type WaitObjectKind, type WaitOp } from './waitfor-ops';
import { cyclesOf, GraphBuilder, type Graph } from './waitfor-graph';
import { libraryIdleLoop, ownModules } from './classify';
import type { PatternId } from './patterns';
import { describeCycle, describeGroup, describeReference, describeVerdict, hex, opText } from './waitfor-text';

/** Why a blocked goroutine is flagged (0: not flagged). */
export const STUCK_REASONS = ['', 'nil-channel', 'no-cases', 'deadlock', 'unreferenced', 'wakers-stuck', 'no-waker'] as const;
export type StuckReason = Exclude<(typeof STUCK_REASONS)[number], ''>;

/** A goroutine that holds an object's address outside its own wait on it. */
export interface WaitReference {
  row: number;
  goid: number;
  state: string;
  /** the frame holding the address */
  frame: number;
  func: string;
  file: string;
  line: number;
  /** index of that frame in the goroutine's stack (innermost 0) */
  frameIndex: number;
  /** every word of it there carried `?` */
  stale: boolean;
  /**
   * how it relates to the waiters: 'holder' (a lock it may hold), 'waker' (a possible sender,
   * closer, Done or Signal caller), 'self' (a waiter that holds the lock it waits for in an outer
   * frame), 'same-type' (inferred: inside a method of the type whose method locks it; no address),
   * 'worker' (a goroutine a WaitGroup's waiter started: the one that would call Done; no address)
   */
  role: 'holder' | 'waker' | 'self' | 'same-type' | 'worker';
  /** what it waits on itself: its operation and object (null: not blocked) */
  blockedOn: string | null;
  /** flagged itself */
  stuck: boolean;
  /** short text and tooltip */
  text: string;
  explanation: string;
}

export interface WaitVerdict {
  id: 'nil-channel' | 'no-cases' | 'deadlock' | 'unreferenced' | 'holder-unseen' | 'holder-blocked' | 'wakers-stuck' | 'may-proceed' | 'main-parked';
  /** certain by construction (nil channel, select {}, a cycle of non-stale addresses) or only likely */
  certainty: 'certain' | 'likely' | 'hint';
  text: string;
  explanation: string;
}

/** Goroutines waiting on one object (or on a nil channel, or in select {}). */
export interface WaitObjectGroup {
  /** "w<index>": what the worker resolves back into `rows` */
  key: string;
  kind: WaitObjectKind;
  /** the object's address as printed (null: nil channel, select {}, or a lock known only by its struct) */
  address: string | null;
  /**
   * a lock whose own address no frame prints (RWMutex.RLock is inlined): the address of the struct
   * it is taken on — the receiver of the frame that locks it, `(*T).M(0xc000…)`; inferred, a hint
   */
  container: string | null;
  /** the address came only from words marked `?` */
  stale: boolean;
  /** the waiters by operation: "37 receive", "2 RLock, 1 Lock" */
  ops: { op: WaitOp; text: string; count: number }[];
  count: number;
  /** the waiters: model rows of the snapshot */
  rows: Int32Array;
  /** waiters flagged (of `count`) */
  stuck: number;
  parkSites: { func: string; file: string; line: number; frame: number; count: number }[];
  references: WaitReference[];
  verdict: WaitVerdict;
  /** waiters that waited on the same address in an earlier snapshot of the series (same goroutine ids) */
  persisted: { count: number; snapshots: number[] } | null;
  /** "37 goroutines receive from chan 0xc00001e0c0" */
  title: string;
  explanation: string;
}

export interface WaitCycle {
  /** "c<index>" */
  key: string;
  /** the goroutines of the cycle: model rows, in cycle order */
  rows: Int32Array;
  goids: number[];
  /** each step: waiter → the group it waits on → the goroutine that holds it or could wake it */
  steps: { from: number; group: string; to: number; stale: boolean; inferred: boolean }[];
  /** 'addresses': every step is a non-stale address; 'stale': some address was marked `?`; 'inferred': a step is inferred from the code */
  evidence: 'addresses' | 'stale' | 'inferred';
  text: string;
  explanation: string;
}

export interface WaitForResult {
  snapshot: number;
  /** whether the snapshot had argument words at all (traceback text) */
  hasArgs: boolean;
  /** per row of the snapshot (index = row − rowStart) */
  op: Uint8Array;
  /** object group of the row, -1 */
  group: Int32Array;
  /** STUCK_REASONS index, 0 not flagged */
  stuck: Uint8Array;
  groups: WaitObjectGroup[];
  cycles: WaitCycle[];
  /** goroutines blocked on a channel, lock, WaitGroup, Cond, select …; of them with their object shown; flagged */
  blocked: number;
  withObject: number;
  flagged: number;
  notes: string[];
}

export interface WaitForOptions {
  /** earlier snapshots of the same series, oldest first (analysis/diff.ts seriesOf without the current one) */
  earlier?: number[];
}

/** Node kinds of the wait-for graph besides goroutines. */
const enum Edge {
  /** waiter → its object group */
  Waits = 1,
  /** object group → a goroutine holding its address */
  Address = 2,
  /** the same, from words marked `?` only */
  StaleAddress = 3,
  /** lock group → a goroutine inside a method of the lock's type (no address) */
  SameType = 4,
  /** lock group → a waiter that holds it in an outer frame */
  Self = 5,
  /** WaitGroup waiter → the goroutines it created (who would call Done) */
  Workers = 6,
  /** a lock known by its struct → a goroutine holding the struct's address (inferred) */
  Container = 8,
  /** the same, the waiter itself in an outer frame (inferred) */
  SelfContainer = 9,
  /** weak, never in a cycle: a waiter whose object is not shown → its creator, siblings, children, sharers of its receiver */
  Family = 7,
}

const OP_INDEX = new Map<WaitOp, number>(WAIT_OPS.map((o, i) => [o, i]));

interface RowWait {
  w: StackWait;
  /** object address (value), NaN when not shown */
  value: number;
  stale: boolean;
  /** the park-site frame's first pointer word (its receiver, usually), NaN */
  container: number;
  containerStale: boolean;
  /** the goroutine is writing this dump (runtime.Stack, a profile, a panic) */
  writer: boolean;
}

/** Frames of the goroutine that writes a dump: runtime.Stack and the profile writers, or a panic that ends the process. */
const WRITER_FUNCS = new Set([
  'runtime.Stack',
  'runtime/pprof.writeGoroutineStacks',
  'runtime/debug.Stack',
  'runtime/debug.PrintStack',
  'panic',
  'runtime.gopanic',
  'runtime.fatalpanic',
  'runtime.throw',
  'runtime.fatal',
]);

export function waitFor(view: ModelView, snapshot: number, opts: WaitForOptions = {}): WaitForResult {
  const m = view.model;
  const snap = m.snapshots[snapshot];
  const g = m.goroutines;
  const start = snap.rowStart;
  const n = snap.rowEnd - start;
  const result: WaitForResult = {
    snapshot,
    hasArgs: false,
    op: new Uint8Array(n),
    group: new Int32Array(n).fill(-1),
    stuck: new Uint8Array(n),
    groups: [],
    cycles: [],
    blocked: 0,
    withObject: 0,
    flagged: 0,
    notes: [],
  };
  if (snap.kind !== 'traceback') {
    result.notes.push('Only goroutine dumps (traceback text) print argument words: who waits for whom is not known for this input.');
    return result;
  }
  const args = m.args;
  const wordStart = (r: number) => (r > 0 ? args.rowEnd[r - 1] : 0);
  result.hasArgs = args.count > 0 && wordStart(start) < args.rowEnd[snap.rowEnd - 1];

  // ---- 1. what each goroutine waits on -------------------------------------------------------
  const waits = rowWaits(view, snapshot);
  const goidRow = new Map<number, number>();
  for (let i = 0; i < n; i++) if (snap.hasIds && g.goid[start + i] >= 0) goidRow.set(g.goid[start + i], i);
  const blocked = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const w = waits[i];
    if (!w) continue;
    result.op[i] = OP_INDEX.get(w.w.op)!;
    if (w.w.op !== 'none') {
      blocked[i] = 1;
      result.blocked++;
      if (!Number.isNaN(w.value)) result.withObject++;
    }
  }

  // a library's idle loop (a select, receive or Cond.Wait in vendored or third-party code, none of
  // the program's frames): likely waiting on a ticker, a timer or a context the dump cannot show —
  // counted as running, never flagged, and never the one that wakes the program's own goroutines
  const idle = libraryIdleRows(view, snapshot, waits, blocked);
  let idleCount = 0;
  for (let i = 0; i < n; i++) idleCount += idle[i];

  // ---- 2. object groups ----------------------------------------------------------------------
  const groupOf = new Map<string, number>();
  const groupRows: number[][] = [];
  const groupKind: WaitObjectKind[] = [];
  const groupValue: number[] = [];
  const groupStale: boolean[] = [];
  /** the group is a lock known by its struct's address (the waiting frame's receiver) */
  const groupInStruct: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const w = waits[i];
    if (!w || !blocked[i]) continue;
    const kind = objectKindOf(w.w.op)!;
    let key: string | null = null;
    let value = NaN;
    let stale = false;
    let inStruct = false;
    if (kind === 'nil-chan' || kind === 'select-no-cases') key = w.w.op;
    else if (!Number.isNaN(w.value)) {
      key = `${kind}|${w.value}`;
      value = w.value;
      stale = w.stale;
    } else if (isLockOp(w.w.op) && !Number.isNaN(w.container)) {
      key = `in|${kind}|${w.container}`;
      value = w.container;
      stale = w.containerStale;
      inStruct = true;
    }
    if (key === null) continue;
    let gi = groupOf.get(key);
    if (gi === undefined) {
      gi = groupRows.length;
      groupOf.set(key, gi);
      groupRows.push([]);
      groupKind.push(kind);
      groupValue.push(value);
      groupStale.push(true);
      groupInStruct.push(inStruct);
    }
    groupRows[gi].push(i);
    if (!stale) groupStale[gi] = false;
    result.group[i] = gi;
  }
  const G = groupRows.length;

  // ---- 3. who holds each address ---------------------------------------------------------------
  // the values worth looking up: objects and the receivers of waiting frames whose object is not shown
  const wanted = new Map<number, number>();
  const wantedValues: number[] = [];
  const want = (v: number) => {
    if (Number.isNaN(v) || wanted.has(v)) return;
    wanted.set(v, wantedValues.length);
    wantedValues.push(v);
  };
  for (let gi = 0; gi < G; gi++) want(groupValue[gi]);
  for (let i = 0; i < n; i++) if (waits[i] && blocked[i] && result.group[i] < 0) want(waits[i]!.container);
  // which wanted value an address id is (-1 none), looked up once per distinct id
  const wantedOfId = new Int32Array(args.addrCount).fill(-2);
  const wantedAt = (id: number): number => {
    let w = wantedOfId[id];
    if (w === -2) w = wantedOfId[id] = wanted.get(args.addr[id]) ?? -1;
    return w;
  };
  /** refs[k]: encoded (row index, frame index, stale) of every word equal to wantedValues[k] */
  const refs: number[][] = wantedValues.map(() => []);
  if (wantedValues.length > 0) {
    const w0 = wordStart(start);
    const w1 = n > 0 ? args.rowEnd[snap.rowEnd - 1] : w0;
    let i = 0;
    for (let k = w0; k < w1; k++) {
      while (args.rowEnd[start + i] <= k) i++;
      const at = wantedAt(args.word[k]);
      if (at < 0) continue;
      const info = args.info[k];
      refs[at].push(i * 2048 + (info & ArgInfo.FrameMask) * 2 + (info & ArgInfo.Stale ? 1 : 0));
    }
  }

  // ---- 4. the graph ------------------------------------------------------------------------------
  // nodes: goroutines [0, n), object groups [n, n + G), "children of goroutine x" [n + G, …)
  const graph = new GraphBuilder(n + G);
  const edge = (a: number, b: number, k: Edge) => graph.edge(a, b, k);
  const childrenNode = new Map<number, number>();
  const childrenOf = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const cg = g.creatorGoid[start + i];
    if (cg < 0) continue;
    const list = childrenOf.get(cg);
    if (list) list.push(i);
    else childrenOf.set(cg, [i]);
  }
  const childrenNodeOf = (goid: number): number => {
    let node = childrenNode.get(goid);
    if (node === undefined) {
      node = graph.nodes++;
      childrenNode.set(goid, node);
      for (const c of childrenOf.get(goid) ?? []) if (!idle[c]) edge(node, c, Edge.Family);
    }
    return node;
  };
  // "goroutines holding address k": one node per address, so many waiters sharing one receiver cost one edge each
  const sharersNode = new Map<number, number>();
  const sharersNodeOf = (at: number): number => {
    let node = sharersNode.get(at);
    if (node === undefined) {
      node = graph.nodes++;
      sharersNode.set(at, node);
      const seen = new Set<number>();
      for (const code of refs[at]) {
        const i = Math.floor(code / 2048);
        if (!seen.has(i)) {
          seen.add(i);
          edge(node, i, Edge.Family);
        }
      }
    }
    return node;
  };
  const references: WaitReference[][] = Array.from({ length: G }, () => []);
  const candidateRows: Set<number>[] = Array.from({ length: G }, () => new Set());
  const typeIndex = new LazyTypeIndex(view, snapshot);
  for (let gi = 0; gi < G; gi++) {
    for (const i of groupRows[gi]) edge(i, n + gi, Edge.Waits);
    const value = groupValue[gi];
    if (Number.isNaN(value)) continue;
    const kind = groupKind[gi];
    const lock = kind === 'mutex' || kind === 'rwmutex' || kind === 'once';
    // best reference per goroutine: a non-stale word first, the outermost frame
    const best = new Map<number, { frame: number; stale: boolean; self: boolean }>();
    for (const code of refs[wanted.get(value)!]) {
      const i = Math.floor(code / 2048);
      const frame = (code >> 1) & 1023;
      const stale = (code & 1) === 1;
      const own = result.group[i] === gi;
      // a waiter's own wait: the standard-library frames and the frame that called the operation
      if (own && frame <= Math.max(waits[i]!.w.siteFrame, maxObjectFrame(waits[i]!.w))) continue;
      if (own && !lock) continue;
      const prev = best.get(i);
      if (!prev || (prev.stale && !stale)) best.set(i, { frame, stale, self: own });
    }
    const inStruct = groupInStruct[gi];
    for (const [i, b] of best) {
      edge(n + gi, i, inStruct ? (b.self ? Edge.SelfContainer : Edge.Container) : b.self ? Edge.Self : b.stale ? Edge.StaleAddress : Edge.Address);
      candidateRows[gi].add(i);
      references[gi].push(referenceOf(view, snapshot, i, b.frame, b.stale, b.self ? 'self' : lock ? 'holder' : 'waker'));
    }
    // a lock nobody else shows: goroutines inside a method of the type whose method locks it
    if (lock && [...best.values()].every((b) => b.self)) {
      const waiterSet = new Set(groupRows[gi]);
      for (const t of lockTypes(view, snapshot, groupRows[gi], waits, value)) {
        for (const [i, frame] of typeIndex.rowsWith(t)) {
          if (waiterSet.has(i) || candidateRows[gi].has(i) || references[gi].length >= 50) continue;
          edge(n + gi, i, Edge.SameType);
          candidateRows[gi].add(i);
          references[gi].push(referenceOf(view, snapshot, i, frame, true, 'same-type'));
        }
      }
    }
    if (kind === 'waitgroup' && snap.hasIds) {
      // the goroutines its waiters started: the ones that would call Done, most likely
      for (const i of groupRows[gi]) {
        edge(i, childrenNodeOf(g.goid[start + i]), Edge.Workers);
        for (const c of childrenOf.get(g.goid[start + i]) ?? []) {
          if (idle[c] || candidateRows[gi].has(c) || references[gi].length >= 50) continue;
          candidateRows[gi].add(c);
          const site = waits[c]?.w.siteFrame ?? 0;
          references[gi].push(referenceOf(view, snapshot, c, site < 0 ? 0 : site, false, 'worker'));
        }
      }
    }
  }
  // waiters whose object is not shown: relatives and sharers of the waiting frame's receiver
  for (let i = 0; i < n; i++) {
    const w = waits[i];
    if (!w || !blocked[i] || result.group[i] >= 0) continue;
    const r = start + i;
    if (snap.hasIds) {
      const cg = g.creatorGoid[r];
      const parent = cg >= 0 ? goidRow.get(cg) : undefined;
      if (parent !== undefined && !idle[parent]) edge(i, parent, Edge.Family);
      if (cg >= 0) edge(i, childrenNodeOf(cg), Edge.Family);
      edge(i, childrenNodeOf(g.goid[r]), Edge.Family);
    }
    const at = wanted.get(w.container);
    if (at !== undefined) edge(i, sharersNodeOf(at), Edge.Family);
  }

  // ---- 5. who no running goroutine can reach -------------------------------------------------------
  // the goroutine writing the dump (or panicking, which ends the process) is not counted: what it
  // does after the dump is not in it
  const live = new Uint8Array(graph.nodes);
  let writers = 0;
  for (let i = 0; i < n; i++) {
    if (!waits[i] || blocked[i]) continue;
    if (waits[i]!.writer) writers++;
    else live[i] = 1;
  }
  for (let i = 0; i < n; i++) if (idle[i]) live[i] = 1;
  const reached = reachedFromLive(graph, live);
  const inCycle = new Uint8Array(n);
  const cycles = cyclesOf(graph, n, (node) => !reached[node] && (node >= n || blocked[node] === 1), (k) => k !== Edge.Family);
  for (const c of cycles) for (const i of c.members) inCycle[i] = 1;
  const isMain = (i: number) => g.goid[start + i] === 1 && view.stackFrames(g.stack[start + i]).some((f) => view.frameFunc(f) === 'main.main');
  for (let i = 0; i < n; i++) {
    const w = waits[i];
    if (!w || !blocked[i] || reached[i]) continue;
    const op = w.w.op;
    let reason: StuckReason;
    if (op === 'nil-chan-receive' || op === 'nil-chan-send') reason = 'nil-channel';
    else if (op === 'select-no-cases') {
      if (isMain(i)) continue;
      reason = 'no-cases';
    } else if (inCycle[i]) reason = 'deadlock';
    else if (result.group[i] >= 0) reason = candidateRows[result.group[i]].size === 0 ? 'unreferenced' : 'wakers-stuck';
    else reason = 'no-waker';
    result.stuck[i] = STUCK_REASONS.indexOf(reason);
    result.flagged++;
  }

  // ---- 6. plain data -----------------------------------------------------------------------------
  const persisted = opts.earlier?.length ? persistedWaits(view, opts.earlier) : null;
  // the frame a stack waits in (its park site, else its innermost), once per stack
  const siteOfStack = new Map<number, number>();
  const siteFrameOf = (stack: number, siteFrame: number): number => {
    let f = siteOfStack.get(stack);
    if (f === undefined) {
      f = -1;
      let k = 0;
      const want = siteFrame >= 0 ? siteFrame : 0;
      for (let st = stack; st >= 0; st = m.stacks.parent[st], k++)
        if (k === want) {
          f = m.stacks.frame[st];
          break;
        }
      siteOfStack.set(stack, f);
    }
    return f;
  };
  const stuckOf = (i: number) => result.stuck[i] !== 0;
  for (let gi = 0; gi < G; gi++) {
    const rowsLocal = groupRows[gi];
    for (const ref of references[gi]) {
      const i = ref.row - start;
      ref.stuck = stuckOf(i);
      const w = waits[i];
      ref.blockedOn = w && blocked[i] ? blockedOnText(w, result.group[i], groupValue, groupInStruct) : null;
      const d = describeReference(ref, groupKind[gi]);
      ref.text = d.text;
      ref.explanation = d.explanation;
    }
    const ops = new Map<WaitOp, number>();
    const sites = new Map<number, { func: string; file: string; line: number; frame: number; count: number }>();
    let stuck = 0;
    let persistedCount = 0;
    const persistedIn = new Set<number>();
    for (const i of rowsLocal) {
      const w = waits[i]!;
      ops.set(w.w.op, (ops.get(w.w.op) ?? 0) + 1);
      if (stuckOf(i)) stuck++;
      const f = siteFrameOf(g.stack[start + i], w.w.siteFrame);
      if (f >= 0) {
        const s = sites.get(f);
        if (s) s.count++;
        else sites.set(f, { func: view.frameFunc(f), file: view.frameFile(f), line: view.frameLine(f), frame: f, count: 1 });
      }
      if (persisted && !Number.isNaN(groupValue[gi]) && !groupInStruct[gi]) {
        const seen = persisted.get(`${g.goid[start + i]}|${groupValue[gi]}`);
        if (seen) {
          persistedCount++;
          for (const s of seen) persistedIn.add(s);
        }
      }
    }
    const group: WaitObjectGroup = {
      key: `w${gi}`,
      kind: groupKind[gi],
      address: Number.isNaN(groupValue[gi]) || groupInStruct[gi] ? null : hex(groupValue[gi]),
      container: groupInStruct[gi] ? hex(groupValue[gi]) : null,
      stale: !Number.isNaN(groupValue[gi]) && groupStale[gi],
      ops: [...ops].map(([op, count]) => ({ op, text: opText(op, count), count })).sort((a, b) => b.count - a.count),
      count: rowsLocal.length,
      rows: Int32Array.from(rowsLocal, (i) => start + i),
      stuck,
      parkSites: [...sites.values()].sort((a, b) => b.count - a.count || (a.func < b.func ? -1 : 1)),
      references: references[gi].sort((a, b) => Number(a.stale) - Number(b.stale) || a.goid - b.goid),
      verdict: { id: 'may-proceed', certainty: 'hint', text: '', explanation: '' },
      persisted: persisted && !Number.isNaN(groupValue[gi]) && !groupInStruct[gi] ? { count: persistedCount, snapshots: [...persistedIn].sort((a, b) => a - b) } : null,
      title: '',
      explanation: '',
    };
    group.verdict = describeVerdict(group, rowsLocal.some((i) => inCycle[i]), rowsLocal.some((i) => isMain(i)), cycles.some((c) => c.members.some((i) => result.group[i] === gi) && c.evidence === 'addresses'));
    const d = describeGroup(group);
    group.title = d.title;
    group.explanation = d.explanation;
    result.groups.push(group);
  }
  // groups in the order a view lists them: most flagged, then most waiters; keys follow the order
  const order = result.groups.map((_, gi) => gi).sort((a, b) => result.groups[b].stuck - result.groups[a].stuck || result.groups[b].count - result.groups[a].count || a - b);
  const newIndex = new Int32Array(G);
  order.forEach((old, k) => (newIndex[old] = k));
  result.groups = order.map((old) => result.groups[old]);
  result.groups.forEach((grp, k) => (grp.key = `w${k}`));
  for (let i = 0; i < n; i++) if (result.group[i] >= 0) result.group[i] = newIndex[result.group[i]];
  result.cycles = cycles.map((c, ci) => {
    // a step through a WaitGroup's workers names the WaitGroup its waiter waits for
    const groupOfStep = (from: number, via: number) => (via >= n && via < n + G ? newIndex[via - n] : result.group[from]);
    const steps = c.steps.map((s) => ({ from: start + s.from, group: `w${groupOfStep(s.from, s.via)}`, to: start + s.to, stale: s.stale, inferred: s.inferred }));
    const cycle: WaitCycle = {
      key: `c${ci}`,
      rows: Int32Array.from(c.members, (i) => start + i),
      goids: c.members.map((i) => g.goid[start + i]),
      steps,
      evidence: c.evidence,
      text: '',
      explanation: '',
    };
    const d = describeCycle(cycle, result.groups, (row) => g.goid[row]);
    cycle.text = d.text;
    cycle.explanation = d.explanation;
    return cycle;
  });
  if (idleCount > 0)
    result.notes.push(
      `${idleCount} goroutine${idleCount === 1 ? ' waits' : 's wait'} in a library's idle loop (a select, receive or Cond.Wait in vendored or third-party code, none of the program's own frames): not flagged — such loops usually wait on a ticker, a timer or a context, which no dump shows.`,
    );
  if (writers > 0)
    result.notes.push(
      `The goroutine${writers === 1 ? '' : 's'} writing this dump (runtime.Stack, a profile, a panic) ${writers === 1 ? 'is' : 'are'} not counted as one that may still wake others: what ${writers === 1 ? 'it does' : 'they do'} after the dump is not in it.`,
    );
  if (!result.hasArgs) result.notes.push('This dump prints no argument words (or only small ones): objects cannot be told apart; verdicts rest on who created whom.');
  const hidden = countHidden(waits, blocked, result.group);
  if (hidden.chan > 0)
    result.notes.push(
      `${hidden.chan} goroutine${hidden.chan === 1 ? '' : 's'} wait on a channel whose address this dump does not show: level-1 tracebacks (debug=2, runtime.Stack, panics) hide the runtime frames that take the channel; a SIGQUIT dump (GOTRACEBACK=system) shows them. Their verdicts rest on who created whom.`,
    );
  if (hidden.select > 0)
    result.notes.push(`${hidden.select} goroutine${hidden.select === 1 ? ' waits' : 's wait'} in select: no dump names a select's channels, so their verdicts rest on who created whom.`);
  return result;
}

/** What each goroutine of a snapshot waits on (null for rows that are not goroutines: g0 stacks). */
function rowWaits(view: ModelView, snapshot: number): (RowWait | null)[] {
  const m = view.model;
  const g = m.goroutines;
  const args = m.args;
  const snap = m.snapshots[snapshot];
  const cache = new Map<number, StackWait>();
  const writerOf = new Map<number, boolean>();
  const stacks = m.stacks.count + 1;
  const out: (RowWait | null)[] = [];
  for (let r = snap.rowStart; r < snap.rowEnd; r++) {
    if (g.flags[r] & GFlag.G0) {
      out.push(null);
      continue;
    }
    const key = g.state[r] * stacks + g.stack[r] + 1;
    let w = cache.get(key);
    let writer = writerOf.get(key);
    if (!w) {
      const funcs = g.stack[r] >= 0 ? view.stackFrames(g.stack[r]).map((f) => view.frameFunc(f)) : [];
      const state = snap.hasStates ? view.str(g.state[r]) : null;
      w = stackWait(state, funcs);
      cache.set(key, w);
      writer = w.op === 'none' && (state === 'running' || state === null) && funcs.some((f) => WRITER_FUNCS.has(f));
      writerOf.set(key, writer);
    }
    let value = NaN;
    let stale = false;
    let container = NaN;
    let containerStale = true;
    const ws = r > 0 ? args.rowEnd[r - 1] : 0;
    const we = args.rowEnd[r];
    if (w.op !== 'none' && we > ws) {
      // the object: the first of its frames with a fresh word at its position; else a stale one
      for (let k = 0; k < w.objectFrames.length && (Number.isNaN(value) || stale); k++) {
        const fi = w.objectFrames[k];
        for (let x = ws; x < we; x++) {
          const info = args.info[x];
          if ((info & ArgInfo.FrameMask) !== fi || ((info >> ArgInfo.PositionShift) & ArgInfo.PositionMask) !== 0) continue;
          const s = (info & ArgInfo.Stale) !== 0;
          // a semaphore's address (an offset into its owner) only when not stale: stale ones point anywhere
          if (s && w.objectOffsets[k] !== 0) continue;
          if (Number.isNaN(value) || (stale && !s)) {
            value = args.addr[args.word[x]] - w.objectOffsets[k];
            stale = s;
          }
        }
      }
      if (w.siteFrame >= 0)
        for (let x = ws; x < we; x++) {
          const info = args.info[x];
          if ((info & ArgInfo.FrameMask) !== w.siteFrame || ((info >> ArgInfo.PositionShift) & ArgInfo.PositionMask) !== 0) continue;
          const s = (info & ArgInfo.Stale) !== 0;
          if (Number.isNaN(container) || (containerStale && !s)) {
            container = args.addr[args.word[x]];
            containerStale = s;
          }
        }
    }
    out.push({ w, value, stale, container, containerStale, writer: writer === true });
  }
  return out;
}

function maxObjectFrame(w: StackWait): number {
  let max = -1;
  for (const f of w.objectFrames) if (f > max) max = f;
  return max;
}

/** Reverse reachability from the live goroutines: a node is reached when one of its successors is live or reached. */
function reachedFromLive(graph: Graph, live: Uint8Array): Uint8Array {
  const N = graph.nodes;
  const E = graph.edges;
  const inCount = new Int32Array(N + 1);
  for (let e = 0; e < E; e++) inCount[graph.to[e] + 1]++;
  for (let i = 0; i < N; i++) inCount[i + 1] += inCount[i];
  const pred = new Int32Array(E);
  const fill = inCount.slice(0, N);
  for (let e = 0; e < E; e++) pred[fill[graph.to[e]]++] = graph.from[e];
  const reached = new Uint8Array(N);
  const stack: number[] = [];
  for (let i = 0; i < N; i++)
    if (live[i]) {
      reached[i] = 1;
      stack.push(i);
    }
  while (stack.length) {
    const v = stack.pop()!;
    for (let k = inCount[v]; k < inCount[v + 1]; k++) {
      const p = pred[k];
      if (!reached[p]) {
        reached[p] = 1;
        stack.push(p);
      }
    }
  }
  return reached;
}

function referenceOf(view: ModelView, snapshot: number, i: number, frameIndex: number, stale: boolean, role: WaitReference['role']): WaitReference {
  const m = view.model;
  const row = m.snapshots[snapshot].rowStart + i;
  const frames = view.stackFrames(m.goroutines.stack[row]);
  const f = frames[frameIndex] ?? -1;
  return {
    row,
    goid: m.goroutines.goid[row],
    state: view.str(m.goroutines.state[row]),
    frame: f,
    func: f >= 0 ? view.frameFunc(f) : '',
    file: f >= 0 ? view.frameFile(f) : '',
    line: f >= 0 ? view.frameLine(f) : 0,
    frameIndex,
    stale,
    role,
    blockedOn: null,
    stuck: false,
    text: '',
    explanation: '',
  };
}

/**
 * Receiver types of the frames that lock `value`, when the lock is a field of that receiver (its
 * first word is at most 1 KiB below the lock): `(*tableNameCache).remove(0xc0000580e0)` locking
 * 0xc0000580e0 names `main.(*tableNameCache)`.
 */
function lockTypes(view: ModelView, snapshot: number, rowsLocal: number[], waits: (RowWait | null)[], value: number): Set<string> {
  const g = view.model.goroutines;
  const start = view.model.snapshots[snapshot].rowStart;
  const out = new Set<string>();
  for (const i of rowsLocal) {
    const w = waits[i]!;
    if (w.w.siteFrame < 0 || Number.isNaN(w.container) || w.container > value || value - w.container > 1024) continue;
    const f = view.stackFrames(g.stack[start + i])[w.w.siteFrame];
    const t = receiverTypeOf(view.frameFunc(f));
    if (t) out.add(t);
  }
  return out;
}

/** Goroutines of a snapshot with a frame that is a method of a given pointer-receiver type, built on first use. */
class LazyTypeIndex {
  private byType: Map<string, [number, number][]> | null = null;
  constructor(
    private readonly view: ModelView,
    private readonly snapshot: number,
  ) {}

  /** [row index, frame index] of the outermost such frame per goroutine */
  rowsWith(type: string): [number, number][] {
    if (!this.byType) {
      this.byType = new Map();
      const m = this.view.model;
      const snap = m.snapshots[this.snapshot];
      const perStack = new Map<number, Map<string, number>>();
      for (let r = snap.rowStart; r < snap.rowEnd; r++) {
        const st = m.goroutines.stack[r];
        if (st < 0) continue;
        let types = perStack.get(st);
        if (!types) {
          types = new Map();
          const frames = this.view.stackFrames(st);
          for (let k = 0; k < frames.length; k++) {
            const t = receiverTypeOf(this.view.frameFunc(frames[k]));
            if (t) types.set(t, k);
          }
          perStack.set(st, types);
        }
        for (const [t, k] of types) {
          const list = this.byType.get(t);
          if (list) list.push([r - snap.rowStart, k]);
          else this.byType.set(t, [[r - snap.rowStart, k]]);
        }
      }
    }
    return this.byType.get(type) ?? [];
  }
}

function blockedOnText(w: RowWait, group: number, groupValue: number[], inStruct: boolean[]): string {
  const op = opText(w.w.op, 1);
  if (group >= 0 && !Number.isNaN(groupValue[group])) return `${op} ${inStruct[group] ? 'in ' : ''}${hex(groupValue[group])}${(inStruct[group] ? w.containerStale : w.stale) ? '?' : ''}`;
  return op;
}

function countHidden(waits: (RowWait | null)[], blocked: Uint8Array, group: Int32Array): { chan: number; select: number } {
  let chan = 0;
  let select = 0;
  for (let i = 0; i < waits.length; i++) {
    const w = waits[i];
    if (!w || !blocked[i] || group[i] >= 0) continue;
    if (w.w.op === 'chan-receive' || w.w.op === 'chan-send') chan++;
    else if (w.w.op === 'select') select++;
  }
  return { chan, select };
}

/** `goid|address` → the earlier snapshots in which that goroutine waited on that address. */
function persistedWaits(view: ModelView, earlier: number[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const s of earlier) {
    const snap = view.model.snapshots[s];
    if (snap.kind !== 'traceback' || !snap.hasIds) continue;
    const waits = rowWaits(view, s);
    for (let i = 0; i < waits.length; i++) {
      const w = waits[i];
      if (!w || w.w.op === 'none' || Number.isNaN(w.value)) continue;
      const key = `${view.model.goroutines.goid[snap.rowStart + i]}|${w.value}`;
      const list = out.get(key);
      if (list) {
        if (list[list.length - 1] !== s) list.push(s);
      } else out.set(key, [s]);
    }
  }
  return out;
}


const IDLE_PATTERN: Partial<Record<WaitOp, PatternId>> = { select: 'select', 'chan-receive': 'chan-recv', cond: 'cond-wait' };

/** Rows (index − rowStart) of goroutines in a library's idle loop (classify.ts libraryIdleLoop). */
function libraryIdleRows(view: ModelView, snapshot: number, waits: (RowWait | null)[], blocked: Uint8Array): Uint8Array {
  const m = view.model;
  const snap = m.snapshots[snapshot];
  const n = snap.rowEnd - snap.rowStart;
  const out = new Uint8Array(n);
  const byStack = new Map<number, { funcs: string[]; files: string[] }>();
  const stackOf = (st: number) => {
    let e = byStack.get(st);
    if (!e) {
      const frames = st >= 0 ? view.stackFrames(st) : [];
      e = { funcs: frames.map((f) => view.frameFunc(f)), files: frames.map((f) => view.frameFile(f)) };
      byStack.set(st, e);
    }
    return e;
  };
  let any = false;
  for (let i = 0; i < n; i++) if (blocked[i] && IDLE_PATTERN[waits[i]!.w.op]) any = true;
  if (!any) return out;
  for (let r = snap.rowStart; r < snap.rowEnd; r++) stackOf(m.goroutines.stack[r]);
  const own = ownModules([...byStack.values()].map((e) => e.funcs));
  const verdict = new Map<number, boolean>();
  const stacks = m.stacks.count + 1;
  for (let i = 0; i < n; i++) {
    const w = waits[i];
    const pattern = w && blocked[i] ? IDLE_PATTERN[w.w.op] : undefined;
    if (!pattern) continue;
    const st = m.goroutines.stack[snap.rowStart + i];
    const key = (pattern === 'select' ? 0 : pattern === 'chan-recv' ? 1 : 2) * stacks + st + 1;
    let v = verdict.get(key);
    if (v === undefined) {
      const e = stackOf(st);
      v = libraryIdleLoop(pattern, e.funcs, e.files, own) !== null;
      verdict.set(key, v);
    }
    if (v) out[i] = 1;
  }
  return out;
}
