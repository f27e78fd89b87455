/**
 * The G/M/P state-flow diagram's numbers (issue #13), pure and DOM-free: for an execution trace,
 * the goroutine, P and thread states as nodes (time spent in each, how many are in each at a
 * cursor) and their transitions as edges (counts, and for goroutines how many distinct goroutines
 * made them), for the whole trace or a time range [t0, t1); plus a replay series (state counts at
 * `bins` sample times, transitions per bin) so the view can animate without asking again.
 *
 * Counting follows the model's read functions exactly (model/trace.ts transitionCounts,
 * resourceTransitionCounts, stateCountsAt): a transition is a segment start (or a goroutine's end)
 * inside the range; X→X status restatements at generation boundaries are not segments, so they are
 * reported apart (`restated`, whole trace only, from the model's matrix). Summed by Go state names
 * the goroutine edges equal the CLI summary's `transitions` and the Running→Waiting edges by reason
 * its `blockReasons` (test/stateflow.test.ts checks every trace fixture).
 *
 * Waiting is split by reason class: the class of the reason of the transition that entered it.
 */
import type { ModelView } from '../model/read';
import { GO_STATES, GoState, PROC_STATES, THREAD_STATES, TraceGFlag, eachGoroutineTransition, findResourceSegment, findSegment, segmentEnd, type TraceModel, type TraceResourceSegments } from '../model/trace';

export type Lane = 'G' | 'P' | 'M';

/** Waiting reason classes, in the order the diagram stacks them. */
export const WAIT_CLASSES = ['channel', 'select', 'sync', 'network', 'sleep', 'GC', 'system', 'other'] as const;
export type WaitClass = (typeof WAIT_CLASSES)[number];

/** Goroutine-lane nodes (indices into FLOW_NODES 0..G_NODE_COUNT-1). */
const G_KEYS = ['before', 'created', 'runnable', 'running', 'syscall', ...WAIT_CLASSES.map((c) => `wait:${c}`), 'dead'] as const;
const G_BEFORE = 0;
const G_CREATED = 1;
const G_RUNNABLE = 2;
const G_RUNNING = 3;
const G_SYSCALL = 4;
const G_WAIT0 = 5;
const G_DEAD = G_WAIT0 + WAIT_CLASSES.length;
const P0 = G_DEAD + 1;
const M0 = P0 + PROC_STATES.length;

export interface FlowNodeInfo {
  /** stable key: "g:running", "g:wait:channel", "p:idle", "m:syscall" … */
  key: string;
  lane: Lane;
  label: string;
  /** Go's state name (GO_STATES / PROC_STATES / THREAD_STATES) */
  state: string;
}

const G_LABELS: Record<string, string> = {
  before: 'before the trace',
  created: 'created',
  runnable: 'runnable',
  running: 'running',
  syscall: 'in syscall',
  dead: 'dead',
};
const G_STATE_OF: Record<string, string> = { before: 'Undetermined', created: 'NotExist', runnable: 'Runnable', running: 'Running', syscall: 'Syscall', dead: 'NotExist' };
const P_LABELS = ['not seen yet', 'gone', 'running', 'idle'];
const M_LABELS = ['not seen yet', 'running with a P', 'in syscall', 'idle'];

/** Every node of the three lanes, in a fixed order (the diagram places them by key). */
export const FLOW_NODES: FlowNodeInfo[] = [
  ...G_KEYS.map((k): FlowNodeInfo => (k.startsWith('wait:') ? { key: `g:${k}`, lane: 'G', label: `waiting: ${k.slice(5)}`, state: 'Waiting' } : { key: `g:${k}`, lane: 'G', label: G_LABELS[k], state: G_STATE_OF[k] })),
  ...PROC_STATES.map((s, i): FlowNodeInfo => ({ key: `p:${['start', 'gone', 'running', 'idle'][i]}`, lane: 'P', label: P_LABELS[i], state: s })),
  ...THREAD_STATES.map((s, i): FlowNodeInfo => ({ key: `m:${['start', 'running', 'syscall', 'idle'][i]}`, lane: 'M', label: M_LABELS[i], state: s })),
];

/** The reason class of a trace block reason or a dump's wait reason ("chan send", "IO wait", "sync.Mutex.Lock" …). */
export function reasonClass(reason: string): WaitClass {
  const r = reason.trim();
  if (r === '') return 'other';
  if (r.startsWith('chan ') || r === 'forever') return 'channel';
  if (r.startsWith('select')) return 'select';
  if (r === 'network' || r === 'IO wait') return 'network';
  if (r === 'sleep') return 'sleep';
  if (r === 'sync' || r.startsWith('sync.') || r.startsWith('semacquire') || r.startsWith('sync ')) return 'sync';
  if (/\bGC\b|\bgc\b|^force gc|^wait until GC|^GC /.test(r)) return 'GC';
  return 'system';
}

export interface FlowEdge {
  from: number;
  to: number;
  /** reason string id of the transition (GoBlock / GoStop reason; 0 none) */
  reasonId: number;
  reason: string;
  count: number;
  /** distinct goroutines that made it (goroutine lane; Ps/threads for the others) */
  goroutines: number;
}

export interface StateFlow {
  t0: number;
  t1: number;
  /** the whole trace (restatements known) */
  whole: boolean;
  cursor: number | null;
  /** per FLOW_NODES index: ns spent in the state within the range, summed over goroutines / Ps / threads */
  timeNs: Float64Array;
  /** per FLOW_NODES index: how many are in the state at the cursor (dead: ended before it); zeros without a cursor */
  atCursor: Float64Array;
  edges: FlowEdge[];
  /** distinct goroutines (Ps, threads) per node pair, all reasons together: pairGoroutines[from * FLOW_NODES.length + to] */
  pairGoroutines: Float64Array;
  /** whole trace only: X→X status restatements at generation boundaries by Go state name ("Waiting->Waiting"), else null */
  restated: Record<string, number> | null;
  /** replay: `bins` equal bins over [t0, t1); nodeCounts[node * bins + k] = count at the middle of bin k, edgeCounts[edge * bins + k] = transitions in bin k */
  bins: number;
  nodeCounts: Float32Array;
  edgeCounts: Float32Array;
}

/** Reason code (index into t.segments.reasons) → waiting node. */
function waitNodes(t: TraceModel, str: (id: number) => string): Uint8Array {
  const reasons = t.segments.reasons;
  const out = new Uint8Array(reasons.length);
  for (let c = 0; c < reasons.length; c++) out[c] = G_WAIT0 + WAIT_CLASSES.indexOf(reasonClass(str(reasons[c])));
  return out;
}

function nodeOfSegment(t: TraceModel, wait: Uint8Array, i: number, asSource: boolean): number {
  switch (t.segments.state[i]) {
    case GoState.Runnable:
      return G_RUNNABLE;
    case GoState.Running:
      return G_RUNNING;
    case GoState.Syscall:
      return G_SYSCALL;
    case GoState.Waiting:
      return wait[t.segments.reason[i]];
    case GoState.NotExist:
      return asSource ? G_CREATED : G_DEAD;
    default:
      return G_BEFORE;
  }
}

/** The diagram node a goroutine transition left (the model's eachGoroutineTransition: `left` -1 for a creation or a goroutine seen before the trace). */
function fromNode(t: TraceModel, wait: Uint8Array, r: number, left: number): number {
  return left >= 0 ? nodeOfSegment(t, wait, left, true) : t.goroutines.flags[r] & TraceGFlag.PreExisting ? G_BEFORE : G_CREATED;
}

/** The diagram node a goroutine transition entered (`entered` -1: the goroutine ended). */
function toNode(t: TraceModel, wait: Uint8Array, entered: number): number {
  return entered >= 0 ? nodeOfSegment(t, wait, entered, false) : G_DEAD;
}

export interface FlowOptions {
  /** null: the whole trace */
  range: { t0: number; t1: number } | null;
  cursor: number | null;
  /** replay bins (0: none) */
  bins: number;
}

export function stateFlow(t: TraceModel, str: (id: number) => string, opts: FlowOptions): StateFlow {
  const whole = opts.range === null;
  const t0 = whole ? 0 : Math.max(0, opts.range!.t0);
  const t1 = whole ? t.durationNs : Math.min(t.durationNs, opts.range!.t1);
  // counting bounds: the whole trace includes transitions stamped before 0 or at the very end
  const c0 = whole ? -Infinity : t0;
  const c1 = whole ? Infinity : t1;
  const N = FLOW_NODES.length;
  const B = Math.max(0, Math.floor(opts.bins));
  const w = B > 0 && t1 > t0 ? (t1 - t0) / B : 0;
  const binOf = (time: number) => (w > 0 ? Math.min(B - 1, Math.max(0, Math.floor((time - t0) / w))) : 0);
  const timeNs = new Float64Array(N);
  const atCursor = opts.cursor !== null ? countsAt(t, str, opts.cursor) : new Float64Array(N);
  const diff = new Float64Array(N * (B + 1));
  const cursor = opts.cursor;
  const R = t.segments.reasons.length;
  const wait = waitNodes(t, str);
  const reasons = t.segments.reasons;

  const edges: FlowEdge[] = [];
  const edgeBins: Float32Array[] = [];
  const lastRow: number[] = [];
  const index = new Int32Array(N * N * R).fill(-1);
  const edge = (from: number, to: number, code: number): number => {
    const key = (from * N + to) * R + code;
    let e = index[key];
    if (e < 0) {
      e = edges.length;
      index[key] = e;
      const reasonId = reasons[code];
      edges.push({ from, to, reasonId, reason: str(reasonId), count: 0, goroutines: 0 });
      edgeBins.push(new Float32Array(B));
      lastRow.push(-1);
    }
    return e;
  };
  const pairGoroutines = new Float64Array(N * N);
  const pairLast = new Float64Array(N * N).fill(NaN);
  const addEdge = (who: number, from: number, to: number, code: number, time: number) => {
    const e = edge(from, to, code);
    const pk = from * N + to;
    if (pairLast[pk] !== who) {
      pairLast[pk] = who;
      pairGoroutines[pk]++;
    }
    edges[e].count++;
    if (lastRow[e] !== who) {
      lastRow[e] = who;
      edges[e].goroutines++;
    }
    if (B > 0) edgeBins[e][binOf(time)]++;
  };
  /** a state held over [s, e): time within the range (`timed`), the replay samples */
  const hold = (node: number, s: number, e: number, timed: boolean) => {
    const a = Math.max(s, t0);
    const b = Math.min(e, t1);
    if (timed && b > a) timeNs[node] += b - a;
    if (w > 0 && b > a) {
      const k0 = Math.max(0, Math.ceil((a - t0) / w - 0.5));
      const k1 = Math.min(B, Math.ceil((b - t0) / w - 0.5));
      if (k1 > k0) {
        diff[node * (B + 1) + k0]++;
        diff[node * (B + 1) + k1]--;
      }
    }
  };

  // goroutines: transitions, then time in each state
  // goroutine transitions as the model counts them (transitionCounts); an end has reason code 0
  const rc = t.segments.reason;
  eachGoroutineTransition(t, c0, c1, (r, left, entered, time) => addEdge(r, fromNode(t, wait, r, left), toNode(t, wait, entered), entered >= 0 ? rc[entered] : 0, time));
  const s = t.segments;
  const g = t.goroutines;
  for (let r = 0; r < g.count; r++) {
    const a = s.offset[r];
    const b = s.offset[r + 1];
    if (a === b) continue;
    for (let i = findSegment(t, r, t0); i < b && s.start[i] < t1; i++) {
      const st = s.state[i];
      if (st !== GoState.NotExist && st !== GoState.Undetermined) hold(nodeOfSegment(t, wait, i, false), s.start[i], segmentEnd(t, i, r), true);
    }
    if (g.lastState[r] === GoState.NotExist && g.endedNs[r] >= 0) hold(G_DEAD, g.endedNs[r], Infinity, false);
  }

  // Ps and threads
  const lanes: [TraceResourceSegments, number][] = [
    [t.procSegments, P0],
    [t.threadSegments, M0],
  ];
  for (const [rs, base] of lanes) {
    for (let k = 0; k < rs.ids.length; k++) {
      const first = rs.offset[k];
      const last = rs.offset[k + 1];
      if (first === last) continue;
      // a resource not seen yet is in its "not seen" state (0) until its first segment, as resourceStateCountsAt counts it
      hold(base, -Infinity, rs.start[first], false);
      for (let i = whole ? first : Math.max(first, findResourceSegment(rs, k, t0)); i < last && rs.start[i] < c1; i++) {
        if (rs.start[i] >= c0) addEdge(-1 - k, base + (i === first ? 0 : rs.state[i - 1]), base + rs.state[i], 0, rs.start[i]);
        hold(base + rs.state[i], rs.start[i], rs.end[i], rs.state[i] !== 0);
      }
    }
  }

  let restated: Record<string, number> | null = null;
  if (whole) {
    restated = {};
    const flows: [Float64Array, readonly string[]][] = [[t.goroutineFlow.transitions, GO_STATES]];
    for (const [m, names] of flows)
      for (let x = 0; x < names.length; x++) {
        const n = m[x * names.length + x];
        if (n > 0) restated[`${names[x]}->${names[x]}`] = n;
      }
  }

  const nodeCounts = new Float32Array(N * B);
  for (let n = 0; n < N; n++) {
    let acc = 0;
    for (let k = 0; k < B; k++) {
      acc += diff[n * (B + 1) + k];
      nodeCounts[n * B + k] = acc;
    }
  }
  const edgeCounts = new Float32Array(edges.length * B);
  edgeBins.forEach((bins, e) => edgeCounts.set(bins, e * B));
  return { t0, t1, whole, cursor, timeNs, atCursor, edges, pairGoroutines, restated, bins: B, nodeCounts, edgeCounts };
}

/** Per FLOW_NODES index: how many goroutines, Ps and threads are in each state at `cursor` (dead: ended at or before it), as stateCountsAt / resourceStateCountsAt count them. */
export function countsAt(t: TraceModel, str: (id: number) => string, cursor: number): Float64Array {
  const out = new Float64Array(FLOW_NODES.length);
  const wait = waitNodes(t, str);
  const s = t.segments;
  const g = t.goroutines;
  for (let r = 0; r < g.count; r++) {
    const i = findSegment(t, r, cursor);
    if (i < 0) continue;
    if (s.start[i] <= cursor && cursor < segmentEnd(t, i, r) && s.state[i] !== GoState.NotExist) out[nodeOfSegment(t, wait, i, false)]++;
    else if (g.lastState[r] === GoState.NotExist && g.endedNs[r] >= 0 && g.endedNs[r] <= cursor) out[G_DEAD]++;
  }
  const lanes: [TraceResourceSegments, number][] = [
    [t.procSegments, P0],
    [t.threadSegments, M0],
  ];
  for (const [rs, base] of lanes)
    for (let k = 0; k < rs.ids.length; k++) {
      const i = findResourceSegment(rs, k, cursor);
      out[base + (i >= 0 && rs.start[i] <= cursor && cursor < rs.end[i] ? rs.state[i] : 0)]++;
    }
  return out;
}

/** A goroutine-lane transition the table filters by: node keys (`null`: any), a reason string id (-1: any), a range. */
export interface TransitionSpec {
  from: string | null;
  to: string | null;
  reason: number;
  /** -Infinity / Infinity (as JSON: null) for the whole trace */
  t0: number | null;
  t1: number | null;
}

/** Per goroutine row of the trace: 1 when it made a transition matching `spec` in its range. */
export function goroutinesWithTransition(t: TraceModel, str: (id: number) => string, spec: TransitionSpec): Uint8Array {
  const out = new Uint8Array(t.goroutines.count);
  const from = spec.from === null ? -1 : FLOW_NODES.findIndex((n) => n.key === spec.from);
  const to = spec.to === null ? -1 : FLOW_NODES.findIndex((n) => n.key === spec.to);
  if ((spec.from !== null && from < 0) || (spec.to !== null && to < 0)) return out;
  const reasons = t.segments.reasons;
  const wait = waitNodes(t, str);
  const rc = t.segments.reason;
  eachGoroutineTransition(t, spec.t0 ?? -Infinity, spec.t1 ?? Infinity, (r, left, entered) => {
    if ((from < 0 || fromNode(t, wait, r, left) === from) && (to < 0 || toNode(t, wait, entered) === to) && (spec.reason < 0 || reasons[entered >= 0 ? rc[entered] : 0] === spec.reason)) out[r] = 1;
  });
  return out;
}

export interface StateDistribution {
  goroutines: number;
  /** goroutines by goroutine-lane node (FLOW_NODES index), with the wait reasons (or statuses) in each, most first */
  nodes: { node: number; count: number; reasons: { reason: string; count: number }[] }[];
}

/**
 * A goroutine snapshot (a dump, a profile, a SCHED block) by goroutine-lane node: running,
 * runnable, in syscall, or waiting by reason class. Records count by their weight. For a SCHED
 * block with scheddetail the runtime's status decides (a runnable goroutine keeps its last wait
 * reason as its state); `status` is that list, in row order.
 */
export function stateDistribution(view: ModelView, snapshot: number, status: readonly number[] | null): StateDistribution {
  const s = view.model.snapshots[snapshot];
  const g = view.model.goroutines;
  const by = new Map<number, Map<string, number>>();
  let total = 0;
  const stat = status && status.length === s.rowEnd - s.rowStart ? status : null;
  for (let r = s.rowStart; r < s.rowEnd; r++) {
    const state = view.str(g.state[r]);
    const code = stat ? stat[r - s.rowStart] & ~0x1000 : -1;
    let node: number;
    if (code === 1 || (code < 0 && state === 'runnable')) node = G_RUNNABLE;
    else if (code === 2 || (code < 0 && state === 'running')) node = G_RUNNING;
    else if (code === 3 || (code < 0 && state === 'syscall')) node = G_SYSCALL;
    else if (code === 6 || state === 'dead') node = G_DEAD;
    else node = G_WAIT0 + WAIT_CLASSES.indexOf(reasonClass(state));
    const w = g.weight[r];
    total += w;
    let m = by.get(node);
    if (!m) by.set(node, (m = new Map()));
    const label = stat && (code === 1 || code === 2 || code === 3) && state !== G_LABELS[G_KEYS[node]] ? `${G_LABELS[G_KEYS[node]]} (was ${state})` : state;
    m.set(label, (m.get(label) ?? 0) + w);
  }
  const nodes = [...by.entries()]
    .map(([node, m]) => ({
      node,
      count: [...m.values()].reduce((a, x) => a + x, 0),
      reasons: [...m.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
    }))
    .sort((a, b) => a.node - b.node);
  return { goroutines: total, nodes };
}
