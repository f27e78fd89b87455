/**
 * Reduction of an execution trace to what a link can carry: every goroutine alive at the end (the
 * leak candidates: the report, the park-site tree and the end groups need them all) with its
 * creator and its lifecycle, the busiest and longest-blocked of the others, the state-flow counts,
 * GC and STW ranges and the summary; left out are the other goroutines' rows and lifecycles, per-
 * event P and thread timelines and user annotations (tasks, regions, logs), each said in a
 * sentence. Levels go from light to heavy; the encoder takes the lightest whose link fits.
 *
 * Segments are stored per goroutine (CSR offsets, src/model/trace.ts): this and trace-refs.ts are
 * the only places here that know the trace model's layout.
 */
import { GoState, type TraceModel } from '../model/trace';
import { TRACE_REFS } from './trace-refs';

export interface TraceReduction {
  /** goroutines kept besides those alive at the end: this many busiest and this many longest-blocked */
  top: number;
  /** lifecycles (segments) of the kept goroutines: 'kept' all of them, 'none' */
  segments: 'kept' | 'none';
  /** at most this many of a goroutine's last state changes (Infinity: all) */
  perGoroutine: number;
  /** P and thread timelines */
  resources: boolean;
  /** tasks, regions and logs */
  annotations: boolean;
}

/** From lightest to heaviest. */
export const REDUCTION_LEVELS: TraceReduction[] = [
  { top: 200, segments: 'kept', perGoroutine: Infinity, resources: true, annotations: false },
  { top: 50, segments: 'kept', perGoroutine: 500, resources: false, annotations: false },
  { top: 20, segments: 'kept', perGoroutine: 100, resources: false, annotations: false },
  { top: 10, segments: 'kept', perGoroutine: 20, resources: false, annotations: false },
  { top: 0, segments: 'none', perGoroutine: 0, resources: false, annotations: false },
];

type Column = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
type Table = { count: number } & Record<string, unknown>;

export interface ReducedTrace {
  trace: TraceModel;
  /** rows of the original goroutine table that were kept, ascending */
  keptRows: Int32Array;
  leftOut: string[];
}

export function reduceTrace(t: TraceModel, r: TraceReduction): ReducedTrace {
  const g = t.goroutines;
  const n = g.count;
  const keep = new Uint8Array(n);
  const alive = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (g.lastState[i] !== GoState.NotExist) alive[i] = keep[i] = 1;
  const rest: number[] = [];
  for (let i = 0; i < n; i++) if (!keep[i]) rest.push(i);
  for (const col of [g.runningNs, g.waitingNs]) {
    const top = [...rest].sort((a, b) => col[b] - col[a] || a - b).slice(0, r.top);
    for (const i of top) keep[i] = 1;
  }
  // the creators of what is kept, so a kept goroutine's creator link still leads somewhere
  for (let i = 0; i < n; i++) if (keep[i] && g.creator[i] >= 0 && !keep[g.creator[i]] && alive[i]) keep[g.creator[i]] = 1;
  const rowMap = new Int32Array(n).fill(-1);
  const keptRows: number[] = [];
  for (let i = 0; i < n; i++)
    if (keep[i]) {
      rowMap[i] = keptRows.length;
      keptRows.push(i);
    }

  const s = t.segments;
  const maps = { goroutine: rowMap };
  const out = { ...t } as unknown as Record<string, unknown>;
  out.goroutines = filterTable(t.goroutines as unknown as Table, keep, 'goroutines', maps);
  // segments are stored per goroutine (CSR): the kept goroutines' last state changes, in their order
  let cut = 0;
  const perRow = keptRows.map((i) => {
    const n0 = s.offset[i];
    const len = s.offset[i + 1] - n0;
    const take = r.segments === 'kept' ? Math.min(len, r.perGoroutine) : 0;
    if (r.segments === 'kept' && len > take) cut++;
    return { from: n0 + len - take, take };
  });
  const total = perRow.reduce((a, x) => a + x.take, 0);
  const offset = new Int32Array(keptRows.length + 1);
  const start = new Float64Array(total);
  const state = new Uint8Array(total);
  const reason = new (s.reason.constructor as new (n: number) => Uint8Array | Uint16Array)(total);
  const stack = new Int32Array(total);
  const ctx = new Uint32Array(total);
  let o = 0;
  perRow.forEach(({ from, take }, k) => {
    offset[k] = o;
    for (let x = from; x < from + take; x++, o++) {
      start[o] = s.start[x];
      state[o] = s.state[x];
      reason[o] = s.reason[x];
      stack[o] = s.stack[x];
      // a Runnable segment names its unblocker's row (+2); one not kept is "unblocked by none we know" (1)
      const c = s.ctx[x];
      ctx[o] = s.state[x] === GoState.Runnable && c >= 2 ? (rowMap[c - 2] >= 0 ? rowMap[c - 2] + 2 : 1) : c;
    }
  });
  offset[keptRows.length] = o;
  out.segments = { ...s, count: total, offset, start, state, reason, stack, ctx };
  if (!r.resources) {
    out.procSegments = emptyResources(t.procSegments as unknown as Table);
    out.threadSegments = emptyResources(t.threadSegments as unknown as Table);
  }
  for (const name of ['gc', 'stw'] as const) out[name] = filterTable(t[name] as unknown as Table, null, name, maps);
  if (r.annotations) for (const name of ['tasks', 'regions', 'logs'] as const) out[name] = filterTable(t[name] as unknown as Table, null, name, maps);
  else {
    for (const name of ['tasks', 'regions', 'logs'] as const) out[name] = emptyTable(t[name] as unknown as Table);
    (out.logs as Table).messages = [];
  }
  const reduced = out as unknown as TraceModel;
  if (r.segments === 'none' && s.count) reduced.detail = { ...t.detail, full: false, level: 'reduced', message: 'This is a reduced snapshot (a shared link): goroutine lifecycles (segments) were left out to fit the link.' };

  const leftOut: string[] = [];
  const dropped = n - keptRows.length;
  if (dropped) leftOut.push(`${fmt(dropped)} of ${fmt(n)} goroutines that ended during the trace (their rows and lifecycles); every goroutine alive at the end, its creator and the ${r.top} busiest and ${r.top} longest-blocked others are kept`);
  const segDropped = s.count - reduced.segments.count;
  if (r.segments === 'none' && s.count) leftOut.push(`every goroutine lifecycle (${fmt(s.count)} state changes); the time each kept goroutine spent per state is kept`);
  else if (segDropped) leftOut.push(`${fmt(segDropped)} of ${fmt(s.count)} state changes${cut ? `: ${cut === 1 ? 'one kept goroutine shows its' : `${fmt(cut)} kept goroutines show their`} last ${r.perGoroutine} (time per state stays complete)` : ''}`);
  if (!r.resources && t.procSegments.count + t.threadSegments.count) leftOut.push(`the P and thread timelines (${fmt(t.procSegments.count + t.threadSegments.count)} segments)`);
  const ann = t.tasks.count + t.regions.count + t.logs.count;
  if (!r.annotations && ann) leftOut.push(`user annotations: ${fmt(t.tasks.count)} tasks, ${fmt(t.regions.count)} regions, ${fmt(t.logs.count)} logs`);
  return { trace: reduced, keptRows: Int32Array.from(keptRows), leftOut };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** The rows of `tab` that `keep` marks (all when null), goroutine references renumbered (-1 when gone). */
function filterTable(tab: Table, keep: Uint8Array | null, name: string, maps: { goroutine: Int32Array }): Table {
  const refs = TRACE_REFS[name] ?? {};
  let count = tab.count;
  if (keep) {
    count = 0;
    for (let i = 0; i < tab.count; i++) count += keep[i];
  }
  const out: Table = { ...tab, count };
  for (const [k, v] of Object.entries(tab)) {
    if (!ArrayBuffer.isView(v) || (v as Column).length !== tab.count) continue;
    const col = v as Column;
    const kind = refs[k];
    const map = kind === 'goroutine' ? maps.goroutine : null;
    const vals = new Float64Array(count);
    let j = 0;
    for (let i = 0; i < tab.count; i++) {
      if (keep && !keep[i]) continue;
      const x = col[i];
      vals[j++] = map ? (x >= 0 && x < map.length ? map[x] : -1) : x;
    }
    out[k] = sameType(col, vals);
  }
  return out;
}

/** A P or thread segment table with its resources but no segments. */
function emptyResources(tab: Table): Table {
  const out = emptyTable(tab);
  out.offset = new Int32Array((tab.ids as Float64Array).length + 1);
  return out;
}

function emptyTable(tab: Table): Table {
  const out: Table = { ...tab, count: 0 };
  for (const [k, v] of Object.entries(tab)) if (ArrayBuffer.isView(v) && (v as Column).length === tab.count) out[k] = new (v.constructor as new (n: number) => Column)(0);
  return out;
}

/** `vals` in the type of `like`, or Int32Array when they no longer fit a narrow one. */
export function sameType(like: Column, vals: Float64Array): Column {
  const Ctor = like.constructor as new (n: number) => Column;
  const out = new Ctor(vals.length);
  for (let i = 0; i < vals.length; i++) {
    out[i] = vals[i];
    if (out[i] !== vals[i] && !(Number.isNaN(vals[i]) && Number.isNaN(out[i]))) return like instanceof Float32Array ? Float64Array.from(vals) : Int32Array.from(vals);
  }
  return out;
}
