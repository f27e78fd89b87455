/**
 * Grouping: goroutines with the same state and the same stack form a group (as panicparse does).
 * Levels:
 * - 'exact'     functions and file:line frame by frame (the model has no arguments, so this is
 *               panicparse's "ignore arguments" default);
 * - 'no-lines'  functions only, frame by frame (ignores line numbers and files);
 * - 'park-site' the park site's function only (docs/cli-summary.md rule).
 * Groups span snapshots: the same key in two snapshots is one group with a count per snapshot.
 * Weights (debug=1 / pprof record counts) are counts. Pure, typed arrays, one pass over rows.
 */
import { GFlag } from '../model/model';
import type { ModelView } from '../model/read';
import { parkSitesByStack } from './park-site';

export type GroupLevel = 'exact' | 'no-lines' | 'park-site';

/** Wait-minute histogram buckets: [no minutes printed (under 1 min or unknown), 1–4, 5–14, 15–59, 60–239, 240–1439, ≥1440]. */
export const WAIT_BUCKET_LOWER = [-1, 1, 5, 15, 60, 240, 1440] as const;
export const WAIT_BUCKET_LABELS = ['<1 min', '1–4 min', '5–14 min', '15–59 min', '1–4 h', '4–24 h', '≥1 day'] as const;
const NB = WAIT_BUCKET_LOWER.length;

export function waitBucket(minutes: number): number {
  if (minutes < 1) return 0;
  let b = 1;
  while (b + 1 < NB && minutes >= WAIT_BUCKET_LOWER[b + 1]) b++;
  return b;
}

export interface Groups {
  level: GroupLevel;
  count: number;
  /** state string id of the group (0: no state, profiles) */
  state: Int32Array;
  /** representative stack: the stack of the group's first row */
  stack: Int32Array;
  /** park-site frame of the representative stack (-1: no stack) */
  parkFrame: Int32Array;
  /** rows of group g: rows[rowOffsets[g] .. rowOffsets[g+1]), ascending */
  rows: Int32Array;
  rowOffsets: Int32Array;
  /** group of each goroutine row, -1 for rows not grouped (g0 blocks, time-profile samples) */
  rowGroup: Int32Array;
  /** goroutines (sum of weights) over all snapshots */
  weight: Float64Array;
  /** goroutines per snapshot: [g * snapshots + s] */
  snapshots: number;
  bySnapshot: Float64Array;
  /** goroutines marked (leaked) by the runtime or rows of a goroutineleak profile */
  leaked: Float64Array;
  /** wait minutes: min and max printed (-1: none printed), histogram [g * 7 + bucket] by WAIT_BUCKET_LOWER */
  waitMin: Int32Array;
  waitMax: Int32Array;
  waitHist: Float64Array;
}

/** Rows a group may contain: real goroutines or profile records (not g0 blocks, not time profiles). */
export function groupableRows(view: ModelView): Uint8Array {
  const m = view.model;
  const g = m.goroutines;
  const ok = new Uint8Array(g.count);
  for (const snap of m.snapshots) {
    if (snap.kind === 'time-profile' || snap.kind === 'trace-end') continue;
    for (let r = snap.rowStart; r < snap.rowEnd; r++) if (!(g.flags[r] & GFlag.G0)) ok[r] = 1;
  }
  return ok;
}

/** Stack id → id of its function-only stack (a prefix tree over function names). */
export function functionStacks(view: ModelView): Int32Array {
  const { frame, parent, count } = view.model.stacks;
  const func = view.model.frames.func;
  const out = new Int32Array(count);
  const ids = new Map<number, number>();
  const nStr = view.model.strings.offsets.length;
  let next = 0;
  for (let s = 0; s < count; s++) {
    const p = parent[s];
    // parents are interned before their children (builder.stack(parent, frame))
    if (p >= s) throw new Error(`stack ${s} appears before its parent; the stack table is not topologically ordered`);
    const pf = p >= 0 ? out[p] : -1;
    const key = (pf + 1) * nStr + func[frame[s]];
    let id = ids.get(key);
    if (id === undefined) {
      id = next++;
      ids.set(key, id);
    }
    out[s] = id;
  }
  return out;
}

export interface GroupOptions {
  level?: GroupLevel;
  /** park-site frame per stack, if already computed */
  parkByStack?: Int32Array;
}

export function groupGoroutines(view: ModelView, opts: GroupOptions = {}): Groups {
  const level = opts.level ?? 'exact';
  const m = view.model;
  const g = m.goroutines;
  const n = g.count;
  const parkByStack = opts.parkByStack ?? parkSitesByStack(view);
  const ok = groupableRows(view);

  // key of a stack at this level (0 = no stack)
  let stackKey: (s: number) => number;
  let keySpace: number;
  if (level === 'exact') {
    stackKey = (s) => s + 1;
    keySpace = m.stacks.count + 1;
  } else if (level === 'no-lines') {
    const fs = functionStacks(view);
    stackKey = (s) => (s < 0 ? 0 : fs[s] + 1);
    keySpace = m.stacks.count + 1;
  } else {
    const func = m.frames.func;
    stackKey = (s) => {
      if (s < 0) return 0;
      const f = parkByStack[s];
      return f < 0 ? 0 : func[f] + 1;
    };
    keySpace = m.strings.offsets.length + 1;
  }

  const rowGroup = new Int32Array(n).fill(-1);
  const ids = new Map<number, number>();
  const firstRow: number[] = [];
  for (let r = 0; r < n; r++) {
    if (!ok[r]) continue;
    const key = g.state[r] * keySpace + stackKey(g.stack[r]);
    let id = ids.get(key);
    if (id === undefined) {
      id = firstRow.length;
      ids.set(key, id);
      firstRow.push(r);
    }
    rowGroup[r] = id;
  }
  const count = firstRow.length;
  const snapCount = m.snapshots.length;
  const rowSnap = g.snapshot;

  const rowOffsets = new Int32Array(count + 1);
  for (let r = 0; r < n; r++) if (rowGroup[r] >= 0) rowOffsets[rowGroup[r] + 1]++;
  for (let i = 0; i < count; i++) rowOffsets[i + 1] += rowOffsets[i];
  const fill = rowOffsets.slice(0, count);
  const rows = new Int32Array(rowOffsets[count]);
  const weight = new Float64Array(count);
  const leaked = new Float64Array(count);
  const bySnapshot = new Float64Array(count * snapCount);
  const waitMin = new Int32Array(count).fill(-1);
  const waitMax = new Int32Array(count).fill(-1);
  const waitHist = new Float64Array(count * NB);
  for (let r = 0; r < n; r++) {
    const id = rowGroup[r];
    if (id < 0) continue;
    rows[fill[id]++] = r;
    const w = g.weight[r];
    weight[id] += w;
    bySnapshot[id * snapCount + rowSnap[r]] += w;
    if (g.flags[r] & GFlag.Leaked) leaked[id] += w;
    const wm = g.waitMinutes[r];
    if (wm >= 0) {
      if (waitMin[id] < 0 || wm < waitMin[id]) waitMin[id] = wm;
      if (wm > waitMax[id]) waitMax[id] = wm;
    }
    waitHist[id * NB + waitBucket(wm)] += w;
  }
  const state = new Int32Array(count);
  const stack = new Int32Array(count);
  const parkFrame = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const r = firstRow[i];
    state[i] = g.state[r];
    stack[i] = g.stack[r];
    parkFrame[i] = g.stack[r] >= 0 ? parkByStack[g.stack[r]] : -1;
  }
  return { level, count, state, stack, parkFrame, rows, rowOffsets, rowGroup, weight, snapshots: snapCount, bySnapshot, leaked, waitMin, waitMax, waitHist };
}

/** Rows of group `gi` (a view into `groups.rows`). */
export function groupRows(groups: Groups, gi: number): Int32Array {
  return groups.rows.subarray(groups.rowOffsets[gi], groups.rowOffsets[gi + 1]);
}

/** Rows of group `gi` that belong to snapshot `snap`. */
export function groupRowsIn(view: ModelView, groups: Groups, gi: number, snap: number): Int32Array {
  const all = groupRows(groups, gi);
  // rows ascend and snapshots own contiguous row ranges: binary-search the range
  const { rowStart, rowEnd } = view.model.snapshots[snap];
  return all.subarray(lowerBound(all, rowStart), lowerBound(all, rowEnd));
}

function lowerBound(a: Int32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
