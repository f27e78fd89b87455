/**
 * The timeline's resource rows (issue #12): one row per P, per thread (M), per user task and per
 * region name, above the goroutine rows. Pure and DOM-free, over the trace model's read API:
 * - procRuns: per P, the goroutines that ran on it as a compact interval list (the Running
 *   goroutine segments whose context names that P), built once per trace;
 * - taskRows: tasks ordered by start, and regions grouped by name, built once per trace;
 * - procColumns / threadColumns / taskColumns: per row and pixel column, what covers most of it
 *   (level of detail as the goroutine rows: a sub-pixel interval is summarised into the column it
 *   falls in, and anything present beats nothing), sized rows × pixels, never by the trace;
 * - resourceAt: the interval under the pointer, for the tooltip and a click.
 */
import { GoState, PROC_STATES, ProcState, THREAD_STATES, ThreadState, findResourceSegment, segmentEnd, segmentProc, segmentThread, type TraceModel, type TraceResourceSegments } from '../model/trace';

/** What a resource-row pixel shows. */
export const RC = { None: 0, Idle: 1, Held: 2, Goroutine: 3, Running: 4, Syscall: 5, Task: 6, Region: 7 } as const;
const NRC = 8;

export interface ProcRuns {
  /** P ids by P row: the Ps of procSegments by id, then Ps seen only in goroutine segments */
  procs: Float64Array;
  /** procSegments resource index of each P row, -1 when it has no P segments */
  resource: Int32Array;
  /** the Running goroutine segments on P row k: offset[k] .. offset[k+1]-1, sorted by start */
  offset: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** goroutine trace row of each interval */
  row: Int32Array;
  /** the goroutine segment of each interval */
  segment: Int32Array;
  /** the largest end so far within each P (non-decreasing: the first interval reaching past a time is a binary search) */
  reach: Float64Array;
}

/** The goroutines that ran on each P: every Running goroutine segment with a P in its context, by P and start. */
export function procRuns(t: TraceModel): ProcRuns {
  const ps = t.procSegments;
  const pRow = new Map<number, number>();
  const ids: number[] = [];
  const res: number[] = [];
  const byId = Array.from(ps.ids.keys()).sort((a, b) => ps.ids[a] - ps.ids[b]);
  for (const k of byId)
    if (!pRow.has(ps.ids[k])) {
      pRow.set(ps.ids[k], ids.length);
      ids.push(ps.ids[k]);
      res.push(k);
    }
  const s = t.segments;
  const g = t.goroutines;
  // pass 1: the P row of each Running segment (-1 none), and counts per P row
  const pOf = new Int32Array(s.count).fill(-1);
  const counts: number[] = new Array<number>(ids.length).fill(0);
  for (let r = 0; r < g.count; r++)
    for (let i = s.offset[r]; i < s.offset[r + 1]; i++) {
      if (s.state[i] !== GoState.Running) continue;
      const p = segmentProc(t, i);
      if (p < 0) continue;
      if (segmentEnd(t, i, r) <= s.start[i]) continue;
      let k = pRow.get(p);
      if (k === undefined) {
        pRow.set(p, (k = ids.length));
        ids.push(p);
        res.push(-1);
        counts.push(0);
      }
      pOf[i] = k;
      counts[k]++;
    }
  const np = ids.length;
  const offset = new Int32Array(np + 1);
  for (let k = 0; k < np; k++) offset[k + 1] = offset[k] + counts[k];
  const n = offset[np];
  const fill = offset.slice(0, np);
  const seg = new Int32Array(n);
  const rowOf = new Int32Array(n);
  for (let r = 0; r < g.count; r++)
    for (let i = s.offset[r]; i < s.offset[r + 1]; i++) {
      const k = pOf[i];
      if (k < 0) continue;
      const at = fill[k]++;
      seg[at] = i;
      rowOf[at] = r;
    }
  // per P by start: sort positions by the segment's start (ties: goroutine row)
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const row = new Int32Array(n);
  const segment = new Int32Array(n);
  const reach = new Float64Array(n);
  const st = s.start;
  for (let k = 0; k < np; k++) {
    const a = offset[k];
    const b = offset[k + 1];
    const order = sortByStart(a, b, (x) => st[seg[x]], (x) => rowOf[x], t.durationNs);
    let max = -Infinity;
    for (let j = 0; j < order.length; j++) {
      const o = order[j];
      const i = seg[o];
      const at = a + j;
      start[at] = st[i];
      end[at] = segmentEnd(t, i, rowOf[o]);
      row[at] = rowOf[o];
      segment[at] = i;
      if (end[at] > max) max = end[at];
      reach[at] = max;
    }
  }
  return { procs: Float64Array.from(ids), resource: Int32Array.from(res), offset, start, end, row, segment, reach };
}

/**
 * Positions a .. b-1 ordered by key (ties by tie): a bucket sort over [0, span] — the keys are times
 * spread over the trace — with each bucket sorted by insertion, or by sort() when crowded.
 */
function sortByStart(a: number, b: number, key: (x: number) => number, tie: (x: number) => number, span: number): Int32Array {
  const n = b - a;
  const out = new Int32Array(n);
  if (n === 0) return out;
  const nb = Math.max(1, n);
  const k = nb / Math.max(span, 1);
  const bucketOf = (x: number) => Math.min(nb - 1, Math.max(0, Math.floor(key(x) * k)));
  const at = new Int32Array(nb + 1);
  for (let x = a; x < b; x++) at[bucketOf(x) + 1]++;
  for (let q = 0; q < nb; q++) at[q + 1] += at[q];
  const fill = at.slice(0, nb);
  for (let x = a; x < b; x++) out[fill[bucketOf(x)]++] = x;
  const less = (x: number, y: number) => key(x) < key(y) || (key(x) === key(y) && tie(x) < tie(y));
  for (let q = 0; q < nb; q++) {
    const lo = at[q];
    const hi = at[q + 1];
    if (hi - lo < 2) continue;
    if (hi - lo > 48) {
      out.subarray(lo, hi).sort((x, y) => key(x) - key(y) || tie(x) - tie(y));
      continue;
    }
    for (let i = lo + 1; i < hi; i++) {
      const v = out[i];
      let j = i - 1;
      while (j >= lo && less(v, out[j])) {
        out[j + 1] = out[j];
        j--;
      }
      out[j + 1] = v;
    }
  }
  return out;
}

/** First index in [a, b) whose reach (non-decreasing) is > time; b when none. */
function firstReaching(reach: Float64Array, a: number, b: number, time: number): number {
  let lo = a;
  let hi = b;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (reach[mid] > time) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Per column of [t0, t1) × width: the class (of `classOf(i)`, 0 not counted) covering most of it,
 * over intervals i = a..b-1 sorted by start; written to out[base + c].
 */
function dominantColumns(starts: Float64Array, ends: Float64Array, classOf: (i: number) => number, a: number, b: number, t0: number, t1: number, width: number, out: Uint8Array, base: number, acc: Float64Array): void {
  const scale = width / (t1 - t0);
  let cur = -1;
  const flush = () => {
    if (cur < 0) return;
    let best = 0;
    let bw = 0;
    for (let c = 1; c < NRC; c++) {
      if (acc[c] > bw) {
        bw = acc[c];
        best = c;
      }
      acc[c] = 0;
    }
    if (best) out[base + cur] = best;
    cur = -1;
  };
  const add = (col: number, cls: number, w: number) => {
    if (col !== cur) {
      flush();
      cur = col;
    }
    acc[cls] += w;
  };
  for (let i = a; i < b; i++) {
    const st = starts[i];
    if (st >= t1) break;
    const e = ends[i];
    if (e <= t0) continue;
    const cls = classOf(i);
    if (cls === 0) continue;
    const x0 = ((st > t0 ? st : t0) - t0) * scale;
    const x1 = ((e < t1 ? e : t1) - t0) * scale;
    const c0 = Math.floor(x0);
    const c1 = Math.min(width - 1, Math.floor(x1));
    if (c0 >= width) break;
    if (c0 === c1) {
      add(c0, cls, Math.max(x1 - x0, 1e-9));
      continue;
    }
    add(c0, cls, c0 + 1 - x0);
    if (c1 > c0 + 1) {
      flush();
      out.fill(cls, base + c0 + 1, base + c1);
    }
    if (x1 > c1) add(c1, cls, x1 - c1);
  }
  flush();
}

/** The segments of resource k (procSegments / threadSegments) that may reach into [t0, …): from the one in progress at t0. */
function resourceFrom(s: TraceResourceSegments, k: number, t0: number): number {
  const i = findResourceSegment(s, k, t0);
  return i < 0 ? s.offset[k + 1] : i;
}

export interface ProcColumns {
  /** RC class per row and column: out[k * width + c] for P row first + k */
  cls: Uint8Array;
  /** the goroutine row that ran most of each column (-1 none); same indexing */
  who: Int32Array;
}

/**
 * P rows first .. first+count-1 over `width` columns of [t0, t1): per column the goroutine that ran
 * most of it on that P (any goroutine that ran there beats none), else whether the P was held
 * (RC.Held) or idle. `scratch` is per-goroutine weights (length ≥ goroutine count, left zeroed).
 */
export function procColumns(t: TraceModel, runs: ProcRuns, first: number, count: number, t0: number, t1: number, width: number, scratch: Float64Array = new Float64Array(t.goroutines.count)): ProcColumns {
  const n = Math.max(0, Math.min(count, runs.procs.length - first));
  const cls = new Uint8Array(n * width);
  const who = new Int32Array(n * width).fill(-1);
  if (width <= 0 || !(t1 > t0) || n === 0) return { cls, who };
  const ps = t.procSegments;
  const acc = new Float64Array(NRC);
  const procClass = (i: number) => (ps.state[i] === ProcState.Running ? RC.Held : ps.state[i] === ProcState.Idle ? RC.Idle : 0);
  const scale = width / (t1 - t0);
  const touched: number[] = [];
  for (let k = 0; k < n; k++) {
    const p = first + k;
    const base = k * width;
    const rk = runs.resource[p];
    if (rk >= 0) dominantColumns(ps.start, ps.end, procClass, resourceFrom(ps, rk, t0), ps.offset[rk + 1], t0, t1, width, cls, base, acc);
    // the goroutines: per column the one with the most time there
    let cur = -1;
    const flush = () => {
      if (cur < 0) return;
      let best = -1;
      let bw = 0;
      for (const r of touched) {
        if (scratch[r] > bw) {
          bw = scratch[r];
          best = r;
        }
        scratch[r] = 0;
      }
      touched.length = 0;
      if (best >= 0) {
        who[base + cur] = best;
        cls[base + cur] = RC.Goroutine;
      }
      cur = -1;
    };
    const add = (col: number, r: number, w: number) => {
      if (col !== cur) {
        flush();
        cur = col;
      }
      if (scratch[r] === 0) touched.push(r);
      scratch[r] += w;
    };
    const b = runs.offset[p + 1];
    for (let j = firstReaching(runs.reach, runs.offset[p], b, t0); j < b; j++) {
      const st = runs.start[j];
      if (st >= t1) break;
      const e = runs.end[j];
      if (e <= t0) continue;
      const r = runs.row[j];
      const x0 = ((st > t0 ? st : t0) - t0) * scale;
      const x1 = ((e < t1 ? e : t1) - t0) * scale;
      const c0 = Math.floor(x0);
      const c1 = Math.min(width - 1, Math.floor(x1));
      if (c0 >= width) break;
      if (c0 === c1) {
        add(c0, r, Math.max(x1 - x0, 1e-9));
        continue;
      }
      add(c0, r, c0 + 1 - x0);
      if (c1 > c0 + 1) {
        flush();
        who.fill(r, base + c0 + 1, base + c1);
        cls.fill(RC.Goroutine, base + c0 + 1, base + c1);
      }
      if (x1 > c1) add(c1, r, x1 - c1);
    }
    flush();
  }
  return { cls, who };
}

/** Thread rows first .. first+count-1 (threadSegments order): per column the state covering most of it (RC.Running with a P, RC.Syscall, RC.Idle). */
export function threadColumns(t: TraceModel, first: number, count: number, t0: number, t1: number, width: number): Uint8Array {
  const ts = t.threadSegments;
  const n = Math.max(0, Math.min(count, ts.ids.length - first));
  const out = new Uint8Array(n * width);
  if (width <= 0 || !(t1 > t0)) return out;
  const acc = new Float64Array(NRC);
  const classOf = (i: number) => (ts.state[i] === ThreadState.Running ? RC.Running : ts.state[i] === ThreadState.Syscall ? RC.Syscall : ts.state[i] === ThreadState.Idle ? RC.Idle : 0);
  for (let k = 0; k < n; k++) {
    const m = first + k;
    dominantColumns(ts.start, ts.end, classOf, resourceFrom(ts, m, t0), ts.offset[m + 1], t0, t1, width, out, k * width, acc);
  }
  return out;
}

export interface TaskRows {
  /** region names (string ids) of the region rows, the first rows (there are few), by first start */
  names: Int32Array;
  /** model task index of each task row (after the region rows), by start (a task begun before the trace first), then id */
  tasks: Int32Array;
  /** regions of region row n: offset[n] .. offset[n+1]-1 of the arrays below, by start */
  offset: Int32Array;
  /** model region index */
  region: Int32Array;
  /** start and end clipped to the trace (a region open at an end: the trace's start / end) */
  start: Float64Array;
  end: Float64Array;
  reach: Float64Array;
}

/** Start and end of task i clipped to the trace. */
export function taskSpan(t: TraceModel, i: number): [number, number] {
  const s = t.tasks.start[i];
  const e = t.tasks.end[i];
  return [s < 0 ? 0 : s, e < 0 ? t.durationNs : e];
}

function regionSpan(t: TraceModel, i: number): [number, number] {
  const s = t.regions.start[i];
  const e = t.regions.end[i];
  return [s < 0 ? 0 : s, e < 0 ? t.durationNs : e];
}

/** The region rows (one per region name) and the task rows of a trace. */
export function taskRows(t: TraceModel): TaskRows {
  const T = t.tasks;
  const tasks = new Int32Array(T.count);
  for (let i = 0; i < T.count; i++) tasks[i] = i;
  tasks.sort((a, b) => taskSpan(t, a)[0] - taskSpan(t, b)[0] || T.id[a] - T.id[b]);
  const R = t.regions;
  const byName = new Map<number, number>();
  const names: number[] = [];
  const firstAt: number[] = [];
  const nameRow = new Int32Array(R.count);
  for (let i = 0; i < R.count; i++) {
    let k = byName.get(R.name[i]);
    const s = regionSpan(t, i)[0];
    if (k === undefined) {
      byName.set(R.name[i], (k = names.length));
      names.push(R.name[i]);
      firstAt.push(s);
    } else if (s < firstAt[k]) firstAt[k] = s;
    nameRow[i] = k;
  }
  const order = names.map((_, k) => k).sort((a, b) => firstAt[a] - firstAt[b] || a - b);
  const place = new Int32Array(names.length);
  order.forEach((k, at) => (place[k] = at));
  const offset = new Int32Array(names.length + 1);
  for (let i = 0; i < R.count; i++) offset[place[nameRow[i]] + 1]++;
  for (let k = 0; k < names.length; k++) offset[k + 1] += offset[k];
  const fill = offset.slice(0, names.length);
  const region = new Int32Array(R.count);
  for (let i = 0; i < R.count; i++) region[fill[place[nameRow[i]]]++] = i;
  const start = new Float64Array(R.count);
  const end = new Float64Array(R.count);
  const reach = new Float64Array(R.count);
  for (let k = 0; k < names.length; k++) {
    const part = region.subarray(offset[k], offset[k + 1]);
    part.sort((a, b) => regionSpan(t, a)[0] - regionSpan(t, b)[0] || a - b);
    let max = -Infinity;
    for (let j = offset[k]; j < offset[k + 1]; j++) {
      [start[j], end[j]] = regionSpan(t, region[j]);
      max = Math.max(max, end[j]);
      reach[j] = max;
    }
  }
  return { tasks, names: Int32Array.from(order, (k) => names[k]), offset, region, start, end, reach };
}

export interface TaskColumns {
  /** RC.Task / RC.Region where something covers the column, RC.None elsewhere: out[k * width + c] */
  cls: Uint8Array;
  /** a task row: the fraction of the column the task covers; a region row: how many regions of that name were open, on average over the column */
  level: Float32Array;
}

/** Region and task rows first .. first+count-1 (one row per region name, then the tasks) over `width` columns of [t0, t1). */
export function taskColumns(t: TraceModel, tr: TaskRows, first: number, count: number, t0: number, t1: number, width: number): TaskColumns {
  const total = tr.tasks.length + tr.names.length;
  const n = Math.max(0, Math.min(count, total - first));
  const cls = new Uint8Array(n * width);
  const level = new Float32Array(n * width);
  if (width <= 0 || !(t1 > t0)) return { cls, level };
  const scale = width / (t1 - t0);
  const acc = new Float64Array(width);
  const diff = new Float64Array(width + 1);
  const add = (st: number, e: number) => {
    if (e <= t0 || st >= t1) return;
    const x0 = ((st > t0 ? st : t0) - t0) * scale;
    const x1 = ((e < t1 ? e : t1) - t0) * scale;
    const c0 = Math.floor(x0);
    if (c0 >= width) return;
    const c1 = Math.floor(x1);
    if (c0 === c1) {
      acc[c0] += Math.max(x1 - x0, 1e-9);
      return;
    }
    acc[c0] += c0 + 1 - x0;
    if (c1 > c0 + 1) {
      diff[c0 + 1] += 1;
      diff[Math.min(c1, width)] -= 1;
    }
    if (c1 < width) acc[c1] += x1 - c1;
  };
  for (let k = 0; k < n; k++) {
    const row = first + k;
    acc.fill(0);
    diff.fill(0);
    let what: number = RC.Region;
    if (row >= tr.names.length) {
      what = RC.Task;
      const [s, e] = taskSpan(t, tr.tasks[row - tr.names.length]);
      add(s, e);
    } else {
      const nr = row;
      const b = tr.offset[nr + 1];
      for (let j = firstReaching(tr.reach, tr.offset[nr], b, t0); j < b && tr.start[j] < t1; j++) add(tr.start[j], tr.end[j]);
    }
    let run = 0;
    const base = k * width;
    for (let c = 0; c < width; c++) {
      run += diff[c];
      const v = acc[c] + run;
      level[base + c] = v;
      if (v > 0) cls[base + c] = what;
    }
  }
  return { cls, level };
}

/** What the pointer is over on a resource row. */
export interface ResourceHit {
  /** PROC_STATES / THREAD_STATES name, "Running" for a goroutine on a P, "task" / "region" */
  state: string;
  startNs: number;
  endNs: number;
  /** the goroutine trace row that ran (P rows; thread rows when a goroutine ran on the thread), a region's goroutine; -1 */
  goroutine: number;
  /** its segment (P rows), -1 */
  segment: number;
  /** P id (thread rows: the P held; P rows: this P), -1 */
  proc: number;
  /** thread id (P rows: the thread holding the P or running the goroutine; thread rows: this thread), -1 */
  thread: number;
  /** a task's or region's model index, -1 */
  task: number;
  region: number;
  /** region rows: how many regions of that name were open then */
  open: number;
}

function emptyHit(state: string): ResourceHit {
  return { state, startNs: 0, endNs: 0, goroutine: -1, segment: -1, proc: -1, thread: -1, task: -1, region: -1, open: 0 };
}

/** Nearest interval to `time` within `slack` among sorted intervals from `j` while start < time + slack; -1 none. */
function nearest(start: Float64Array, end: Float64Array, j: number, b: number, time: number, slack: number): number {
  let best = -1;
  let bd = Infinity;
  for (; j < b && start[j] <= time + slack; j++) {
    const d = time < start[j] ? start[j] - time : time >= end[j] ? time - end[j] : 0;
    if (d < bd) {
      bd = d;
      best = j;
      if (d === 0) break;
    }
  }
  return bd <= slack ? best : -1;
}

/** The goroutine run on P row p at `time` (within `slack`), as an index into runs; -1 none. */
export function procRunAt(runs: ProcRuns, p: number, time: number, slack: number): number {
  if (p < 0 || p >= runs.procs.length) return -1;
  const b = runs.offset[p + 1];
  return nearest(runs.start, runs.end, firstReaching(runs.reach, runs.offset[p], b, time - slack), b, time, slack);
}

function resourceSegAt(s: TraceResourceSegments, k: number, time: number, slack: number): number {
  const i = findResourceSegment(s, k, time);
  if (i < 0) return -1;
  let best = -1;
  let bd = Infinity;
  for (let j = Math.max(s.offset[k], i - 1); j < Math.min(s.offset[k + 1], i + 2); j++) {
    const d = time < s.start[j] ? s.start[j] - time : time >= s.end[j] ? time - s.end[j] : 0;
    if (d < bd) {
      bd = d;
      best = j;
    }
  }
  return bd <= slack ? best : -1;
}

/**
 * The interval of resource row `row` of `kind` at `time` (or the nearest within `slackNs`): on a
 * P row the goroutine that ran there, else the P's state; on a thread row its state (and the
 * goroutine it ran, from the P it held); a task; the region of that name open then. null none.
 */
export function resourceAt(t: TraceModel, kind: 'procs' | 'threads' | 'tasks', runs: ProcRuns, tr: TaskRows, row: number, time: number, slackNs: number): ResourceHit | null {
  if (kind === 'procs') {
    if (row < 0 || row >= runs.procs.length) return null;
    const j = procRunAt(runs, row, time, slackNs);
    if (j >= 0) {
      const h = emptyHit('Running');
      h.startNs = runs.start[j];
      h.endNs = runs.end[j];
      h.goroutine = runs.row[j];
      h.segment = runs.segment[j];
      h.proc = runs.procs[row];
      h.thread = segmentThread(t, runs.segment[j]);
      return h;
    }
    const k = runs.resource[row];
    const i = k >= 0 ? resourceSegAt(t.procSegments, k, time, slackNs) : -1;
    if (i < 0) return null;
    const ps = t.procSegments;
    const h = emptyHit(PROC_STATES[ps.state[i]] ?? '?');
    h.startNs = ps.start[i];
    h.endNs = ps.end[i];
    h.proc = runs.procs[row];
    h.thread = ps.other[i];
    return h;
  }
  if (kind === 'threads') {
    const ts = t.threadSegments;
    if (row < 0 || row >= ts.ids.length) return null;
    const i = resourceSegAt(ts, row, time, slackNs);
    if (i < 0) return null;
    const h = emptyHit(THREAD_STATES[ts.state[i]] ?? '?');
    h.startNs = ts.start[i];
    h.endNs = ts.end[i];
    h.thread = ts.ids[row];
    h.proc = ts.other[i];
    if (h.proc >= 0) {
      // the goroutine running on the P this thread held, if it ran on this thread
      let p = -1;
      for (let q = 0; q < runs.procs.length; q++) if (runs.procs[q] === h.proc) p = q;
      const j = procRunAt(runs, p, time, 0);
      if (j >= 0 && segmentThread(t, runs.segment[j]) === h.thread) {
        h.goroutine = runs.row[j];
        h.segment = runs.segment[j];
      }
    }
    return h;
  }
  if (row < 0 || row >= tr.tasks.length + tr.names.length) return null;
  if (row >= tr.names.length) {
    const i = tr.tasks[row - tr.names.length];
    const [s, e] = taskSpan(t, i);
    const d = time < s ? s - time : time >= e ? time - e : 0;
    if (d > slackNs) return null;
    const h = emptyHit('task');
    h.startNs = s;
    h.endNs = e;
    h.task = i;
    return h;
  }
  const nr = row;
  const b = tr.offset[nr + 1];
  const j = nearest(tr.start, tr.end, firstReaching(tr.reach, tr.offset[nr], b, time - slackNs), b, time, slackNs);
  if (j < 0) return null;
  const h = emptyHit('region');
  h.startNs = tr.start[j];
  h.endNs = tr.end[j];
  h.region = tr.region[j];
  h.goroutine = t.regions.goroutine[h.region];
  for (let q = firstReaching(tr.reach, tr.offset[nr], b, time); q < b && tr.start[q] <= time; q++) if (tr.end[q] > time) h.open++;
  return h;
}

/** Colours a goroutine on a P row can have (the view's resource palette has as many). */
export const GO_HUES = 16;

/** A stable small number for a name (FNV-1a), to colour a goroutine by its start function. */
export function nameHue(name: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % n;
}
