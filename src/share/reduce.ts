/**
 * Reduction of an execution trace to what a link can carry: every goroutine alive at the end (the
 * leak candidates: the report, the park-site tree and the end groups need them all) with its
 * creator and its lifecycle, the busiest and longest-blocked of the others, the state-flow counts,
 * GC and STW ranges and the summary; left out are the other goroutines' rows and lifecycles, per-
 * event P and thread timelines and user annotations (tasks, regions, logs), each said in a
 * sentence. Levels go from light to heavy; the encoder takes the lightest whose link fits.
 *
 * Segments are read through their chain (`firstSegment`, `next`): this and trace-refs.ts are the
 * only places here that know the trace model's layout.
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
  const segKeep = new Uint8Array(s.count);
  let cut = 0;
  if (r.segments === 'kept')
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      // the last state changes: how the goroutine came to be where it is at the end
      let len = 0;
      for (let x = g.firstSegment[i]; x >= 0; x = s.next[x]) len++;
      let k = 0;
      for (let x = g.firstSegment[i]; x >= 0; x = s.next[x]) if (k++ >= len - r.perGoroutine) segKeep[x] = 1;
      if (len > r.perGoroutine) cut++;
    }
  const segMap = indexMap(segKeep);

  const maps: Record<'goroutine' | 'segment', Int32Array> = { goroutine: rowMap, segment: segMap };
  const out = { ...t } as unknown as Record<string, unknown>;
  out.goroutines = filterTable(t.goroutines as unknown as Table, keep, 'goroutines', maps);
  // a goroutine whose first state changes were cut starts at its first one kept
  const first = (out.goroutines as Table).firstSegment as Int32Array;
  keptRows.forEach((row, k) => {
    let x = g.firstSegment[row];
    while (x >= 0 && !segKeep[x]) x = s.next[x];
    first[k] = x >= 0 ? segMap[x] : -1;
  });
  out.segments = filterTable(s as unknown as Table, segKeep, 'segments', maps);
  if (!r.resources) {
    out.procSegments = emptyTable(t.procSegments as unknown as Table);
    out.threadSegments = emptyTable(t.threadSegments as unknown as Table);
  }
  for (const name of ['gc', 'stw'] as const) out[name] = filterTable(t[name] as unknown as Table, null, name, maps);
  if (r.annotations) for (const name of ['tasks', 'regions', 'logs'] as const) out[name] = filterTable(t[name] as unknown as Table, null, name, maps);
  else for (const name of ['tasks', 'regions', 'logs'] as const) out[name] = emptyTable(t[name] as unknown as Table);
  const reduced = out as unknown as TraceModel;
  if (r.segments === 'none' && s.count) reduced.detail = { ...t.detail, full: false, message: 'This is a reduced snapshot (a shared link): goroutine lifecycles (segments) were left out to fit the link.' };

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

function indexMap(keep: Uint8Array): Int32Array {
  const m = new Int32Array(keep.length).fill(-1);
  let k = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i]) m[i] = k++;
  return m;
}

/** The rows of `tab` that `keep` marks (all when null), goroutine and segment references renumbered (-1 when gone). */
function filterTable(tab: Table, keep: Uint8Array | null, name: string, maps: Record<'goroutine' | 'segment', Int32Array>): Table {
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
    const map = kind === 'goroutine' || kind === 'segment' ? maps[kind] : null;
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
