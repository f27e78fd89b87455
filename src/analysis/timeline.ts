/**
 * The goroutine lifecycle timeline's questions (issue #12), over the trace model's segment read
 * API. Pure and DOM-free; every answer is a typed array sized by what is drawn (rows in view ×
 * pixel columns), never by the trace:
 * - rowColumns: per goroutine row and pixel column, the class (state, or waiting reason) that
 *   covers most of that column (level of detail: segments under a pixel summarised into what
 *   dominates it; a goroutine present for part of a column shows there);
 * - stackedColumns: per pixel column, how many goroutines of a set were in each class on average
 *   over the column (a group row's stacked area, the overview of the whole trace);
 * - timelineGroups: goroutines grouped by start function, park site or creator, sorted;
 * - leakCandidates: goroutines blocked at the end of the trace, never unblocked since;
 * - wakes and segmentAt: what the view marks and tells on hover / click.
 */
import { GoState, findSegment, goroutineFirstSeen, segmentEnd, segmentUnblockedBy, type TraceModel } from '../model/trace';
import { radixScratch, radixSort32, type RadixScratch } from './radix';

/** What a timeline pixel shows: a goroutine state, waiting shaded by the class of its reason. */
export const TL_CLASSES = ['not created / ended', 'running', 'runnable', 'in syscall', 'channel', 'select', 'sync', 'network', 'sleep', 'syscall wait', 'GC', 'system', 'other wait'] as const;
export const NC = TL_CLASSES.length;
export const TL = { None: 0, Running: 1, Runnable: 2, Syscall: 3, Chan: 4, Select: 5, Sync: 6, Net: 7, Sleep: 8, WSyscall: 9, GC: 10, System: 11, Other: 12 } as const;

/** Class of a waiting reason as Go's trace reader names it ("chan receive", "sync.(*Cond).Wait", …). */
export function waitClass(reason: string): number {
  const r = reason.toLowerCase();
  if (r.includes('select')) return TL.Select;
  if (r.includes('chan')) return TL.Chan;
  if (r.includes('gc') || r.includes('sweep') || r.includes('scaveng') || r.includes('finaliz') || r.includes('garbage')) return TL.GC;
  if (r.includes('sync') || r.includes('cond') || r.includes('mutex') || r.includes('sema') || r.includes('waitgroup') || r.includes('lock')) return TL.Sync;
  if (r.includes('network') || r.includes('io wait') || r.includes('netpoll')) return TL.Net;
  if (r.includes('sleep') || r.includes('timer')) return TL.Sleep;
  if (r.includes('syscall') || r.includes('system call')) return TL.WSyscall;
  if (r.includes('system') || r.includes('trace') || r.includes('debug') || r.includes('preempt') || r.includes('runtime')) return TL.System;
  return TL.Other;
}

/** Per reason code of `t.segments.reasons`: the class a Waiting segment with it shows as. */
export function reasonClasses(t: TraceModel, str: (id: number) => string): Uint8Array {
  const rs = t.segments.reasons;
  const out = new Uint8Array(rs.length);
  for (let i = 0; i < rs.length; i++) out[i] = waitClass(str(rs[i]));
  return out;
}

/** Class of segment `i`. */
export function segmentClass(t: TraceModel, rc: Uint8Array, i: number): number {
  switch (t.segments.state[i]) {
    case GoState.Running:
      return TL.Running;
    case GoState.Runnable:
      return TL.Runnable;
    case GoState.Syscall:
      return TL.Syscall;
    case GoState.Waiting:
      return rc[t.segments.reason[i]];
    default:
      return TL.None;
  }
}

/**
 * For each goroutine row in `rows` and each of `width` columns splitting [t0, t1): the class that
 * covers most of the column (TL.None where the goroutine did not exist all through it).
 * out[k * width + c] for rows[k].
 */
export function rowColumns(t: TraceModel, rc: Uint8Array, rows: Int32Array, t0: number, t1: number, width: number): Uint8Array {
  const out = new Uint8Array(rows.length * width);
  if (width <= 0 || !(t1 > t0)) return out;
  const s = t.segments;
  const scale = width / (t1 - t0);
  const acc = new Float64Array(NC);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    if (r < 0 || r >= t.goroutines.count) continue;
    const base = k * width;
    let cur = -1;
    const flush = () => {
      if (cur < 0) return;
      let best = 0;
      let bw = 0;
      for (let c = 1; c < NC; c++) {
        if (acc[c] > bw) {
          bw = acc[c];
          best = c;
        }
        acc[c] = 0;
      }
      acc[0] = 0;
      out[base + cur] = best;
      cur = -1;
    };
    const add = (col: number, cls: number, w: number) => {
      if (col !== cur) {
        flush();
        cur = col;
      }
      acc[cls] += w;
    };
    const b = s.offset[r + 1];
    let i = findSegment(t, r, t0);
    if (i < 0) continue;
    for (; i < b && s.start[i] < t1; i++) {
      const e = segmentEnd(t, i, r);
      if (e <= t0) continue;
      const cls = segmentClass(t, rc, i);
      const x0 = (Math.max(s.start[i], t0) - t0) * scale;
      const x1 = (Math.min(e, t1) - t0) * scale;
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
  return out;
}

/**
 * For `width` columns splitting [t0, t1): the average number of goroutines of `rows` (all when
 * null) in each class over the column. out[c * NC + cls]; TL.None is not counted.
 */
export function stackedColumns(t: TraceModel, rc: Uint8Array, rows: Int32Array | null, t0: number, t1: number, width: number): Float32Array {
  const acc = new Float64Array(width * NC);
  const diff = new Float64Array((width + 1) * NC);
  const out = new Float32Array(width * NC);
  if (width <= 0 || !(t1 > t0)) return out;
  const s = t.segments;
  const start = s.start;
  const state = s.state;
  const reason = s.reason;
  const offset = s.offset;
  const scale = width / (t1 - t0);
  const n = rows ? rows.length : t.goroutines.count;
  const whole = t0 <= 0;
  for (let k = 0; k < n; k++) {
    const r = rows ? rows[k] : k;
    const b = offset[r + 1];
    let i = whole ? offset[r] : findSegment(t, r, t0);
    if (i < 0 || i >= b) continue;
    for (; i < b; i++) {
      const st = start[i];
      if (st >= t1) break;
      const code = state[i];
      const cls = code === GoState.Waiting ? rc[reason[i]] : STATE_CLASS[code];
      if (cls === TL.None) continue;
      const e = i + 1 < b ? start[i + 1] : segmentEnd(t, i, r);
      if (e <= t0) continue;
      const x0 = ((st > t0 ? st : t0) - t0) * scale;
      const x1 = ((e < t1 ? e : t1) - t0) * scale;
      const c0 = Math.floor(x0);
      if (c0 >= width) break;
      const c1 = Math.floor(x1);
      if (c0 === c1) {
        acc[c0 * NC + cls] += x1 - x0;
        continue;
      }
      acc[c0 * NC + cls] += c0 + 1 - x0;
      if (c1 > c0 + 1) {
        diff[(c0 + 1) * NC + cls] += 1;
        diff[(c1 < width ? c1 : width) * NC + cls] -= 1;
      }
      if (c1 < width) acc[c1 * NC + cls] += x1 - c1;
    }
  }
  const run = new Float64Array(NC);
  for (let c = 0; c < width; c++)
    for (let cls = 0; cls < NC; cls++) {
      run[cls] += diff[c * NC + cls];
      out[c * NC + cls] = acc[c * NC + cls] + run[cls];
    }
  return out;
}

/** The whole trace's columns: every goroutine's (the overview strip) and some groups' stacked areas. */
export interface WholeColumns {
  width: number;
  /** stackedColumns(t, rc, null, 0, t1, width): out[c * NC + cls] */
  overview: Float32Array;
  /** per slot s: stackedColumns of the rows whose slotOf is s, at groups[s * width * NC + c * NC + cls] */
  groups: Float32Array;
}

/**
 * stackedColumns over [0, t1) for all goroutines and, in the same pass, for `slots` groups of
 * them (slotOf[row]: the row's slot, -1 for none): one walk over the segments in storage order
 * instead of one per group through its rows. Equal to stackedColumns of each (up to the order in
 * which a column's fractions are added).
 */
export function wholeColumns(t: TraceModel, rc: Uint8Array, slotOf: Int32Array, slots: number, t1: number, width: number): WholeColumns {
  const W = width * NC;
  const overview = new Float32Array(W);
  const groups = new Float32Array(slots * W);
  if (width <= 0 || !(t1 > 0)) return { width, overview, groups };
  // per slot, and a last one for the overview: fractions of a column (acc) and whole columns as +1 / -1 (diff)
  const acc = new Float64Array((slots + 1) * W);
  const diff = new Float64Array((slots + 1) * (W + NC));
  const s = t.segments;
  const start = s.start;
  const state = s.state;
  const reason = s.reason;
  const offset = s.offset;
  const n = t.goroutines.count;
  const scale = width / t1;
  const oa = slots * W;
  const od = slots * (W + NC);
  for (let r = 0; r < n; r++) {
    const a = offset[r];
    const b = offset[r + 1];
    if (a >= b) continue;
    const slot = slotOf[r];
    const ga = slot >= 0 ? slot * W : -1;
    const gd = slot >= 0 ? slot * (W + NC) : -1;
    for (let i = a; i < b; i++) {
      const st = start[i];
      if (st >= t1) break;
      const code = state[i];
      const cls = code === GoState.Waiting ? rc[reason[i]] : STATE_CLASS[code];
      if (cls === TL.None) continue;
      const e = i + 1 < b ? start[i + 1] : segmentEnd(t, i, r);
      if (e <= 0) continue;
      const x0 = (st > 0 ? st : 0) * scale;
      const x1 = (e < t1 ? e : t1) * scale;
      const c0 = Math.floor(x0);
      if (c0 >= width) break;
      const c1 = Math.floor(x1);
      const j0 = c0 * NC + cls;
      if (c0 === c1) {
        const w = x1 - x0;
        acc[oa + j0] += w;
        if (ga >= 0) acc[ga + j0] += w;
        continue;
      }
      const w0 = c0 + 1 - x0;
      acc[oa + j0] += w0;
      if (ga >= 0) acc[ga + j0] += w0;
      if (c1 > c0 + 1) {
        const jb = (c1 < width ? c1 : width) * NC + cls;
        diff[od + j0 + NC] += 1;
        diff[od + jb] -= 1;
        if (gd >= 0) {
          diff[gd + j0 + NC] += 1;
          diff[gd + jb] -= 1;
        }
      }
      if (c1 < width) {
        const w1 = x1 - c1;
        const j1 = c1 * NC + cls;
        acc[oa + j1] += w1;
        if (ga >= 0) acc[ga + j1] += w1;
      }
    }
  }
  const run = new Float64Array(NC);
  for (let k = 0; k <= slots; k++) {
    const out = k < slots ? groups : overview;
    const ob = k < slots ? k * W : 0;
    const ab = k * W;
    const db = k * (W + NC);
    run.fill(0);
    for (let j = 0; j < W; j += NC)
      for (let cls = 0; cls < NC; cls++) {
        run[cls] += diff[db + j + cls];
        out[ob + j + cls] = acc[ab + j + cls] + run[cls];
      }
  }
  return { width, overview, groups };
}

/** Class of each GO_STATES state but Waiting (whose class is its reason's). */
const STATE_CLASS = Uint8Array.from([TL.None, TL.None, TL.Runnable, TL.Running, TL.Other, TL.Syscall]);

export type TimelineGroupBy = 'start' | 'park' | 'creator' | 'task' | 'none';
export type TimelineSort = 'count' | 'created' | 'blocked' | 'atEnd';

/** Names the grouping needs from the model (string table, park sites), passed in so this stays pure. */
export interface TimelineNames {
  str(id: number): string;
  /** function of the park-site frame of a stack ('' when none) */
  parkFunc(stack: number): string;
}

export interface TimelineGroups {
  /** group labels, in display order */
  labels: string[];
  /** trace rows of group g: rows[offsets[g] .. offsets[g+1]), in display order */
  offsets: Int32Array;
  rows: Int32Array;
  /** per group: its goroutines blocked at the end of the trace */
  blockedAtEnd: Int32Array;
}

/** The last Waiting segment's stack of row `r` (its park site), -1 when it never blocked. */
function lastParkStack(t: TraceModel, r: number): number {
  const s = t.segments;
  if (t.goroutines.lastState[r] === GoState.Waiting && t.goroutines.lastStack[r] >= 0) return t.goroutines.lastStack[r];
  for (let i = s.offset[r + 1] - 1; i >= s.offset[r]; i--) if (s.state[i] === GoState.Waiting && s.stack[i] >= 0) return s.stack[i];
  return -1;
}

function blockedAtEndOf(t: TraceModel, r: number): boolean {
  return t.goroutines.lastState[r] === GoState.Waiting;
}

/**
 * Row order within a group (and of the ungrouped list) for a sort key, as a number per row
 * (smaller first, below 2^30): goid; first seen; time blocked, most first; blocked at the end
 * (longest blocked first), then the others by goid. Ties go by row (first seen).
 */
function rowKeys(t: TraceModel, sort: TimelineSort): Float64Array {
  const g = t.goroutines;
  const n = g.count;
  const out = new Float64Array(n);
  const dur = t.durationNs > 0 ? t.durationNs : 1;
  const Q = 2 ** 29;
  const q = (x: number) => Math.min(Q - 1, Math.max(0, Math.floor((x / dur) * Q)));
  for (let r = 0; r < n; r++) {
    const goid = Math.min(Q - 1, Math.max(0, g.goid[r]));
    if (sort === 'created') out[r] = q(goroutineFirstSeen(t, r));
    else if (sort === 'blocked') out[r] = Q - 1 - q(g.waitingNs[r]);
    else if (sort === 'atEnd') out[r] = blockedAtEndOf(t, r) ? q(g.lastChangeNs[r]) : Q + goid;
    else out[r] = goid;
  }
  return out;
}

/**
 * Sorts `part` (rows, ascending) by `keys` (integers in [0, 2^32)), ties by row: stable radix
 * passes (radix.ts) — on the 100 MB trace's 1.97 M goroutines much faster than a comparator.
 * Skipped when already in order. `scratch` holds at least part.length.
 */
export function sortByKeys(part: Int32Array, keys: Float64Array, scratch: RadixScratch = radixScratch(part.length)): void {
  const n = part.length;
  if (n < 2) return;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (keys[part[i]] < keys[part[i - 1]]) sorted = false;
  if (sorted) return;
  if (n < 64) {
    part.sort((a, b) => keys[a] - keys[b] || a - b);
    return;
  }
  const digits = scratch.digits;
  const a = scratch.a.subarray(0, n);
  const b = scratch.b.subarray(0, n);
  for (let i = 0; i < n; i++) {
    a[i] = i;
    digits[i] = keys[part[i]];
  }
  radixSort32(a, b, digits, scratch.count);
  // b is free again: the rows in their old order, then placed
  b.set(part);
  for (let j = 0; j < n; j++) part[j] = b[a[j]];
}

/**
 * Per goroutine row: the name (string id) of the user task its first region in a task belongs to
 * (runtime/trace.NewTask's type; regions outside a task, task 0, do not count), -1 for none. A
 * trace carries no pprof labels, so this is the request-like identity it has.
 */
export function taskNameOfRows(t: TraceModel): Int32Array {
  const out = new Int32Array(t.goroutines.count).fill(-1);
  const names = new Map<number, number>();
  for (let i = 0; i < t.tasks.count; i++) names.set(t.tasks.id[i], t.tasks.name[i]);
  const rg = t.regions;
  let firstAt = new Float64Array(0);
  for (let i = 0; i < rg.count; i++) {
    const r = rg.goroutine[i];
    const name = rg.task[i] !== 0 ? names.get(rg.task[i]) : undefined;
    if (r < 0 || r >= out.length || name === undefined || name < 0) continue;
    if (firstAt.length === 0) firstAt = new Float64Array(out.length).fill(Infinity);
    if (rg.start[i] < firstAt[r]) {
      firstAt[r] = rg.start[i];
      out[r] = name;
    }
  }
  return out;
}

/** Goroutines grouped (by start function, park site, creator, user task, or one group of all) and sorted. */
export function timelineGroups(t: TraceModel, by: TimelineGroupBy, sort: TimelineSort, names: TimelineNames): TimelineGroups {
  const g = t.goroutines;
  const n = g.count;
  const keyOf = new Int32Array(n);
  const labels: string[] = [];
  const ids = new Map<string, number>();
  const intern = (label: string) => {
    let id = ids.get(label);
    if (id === undefined) {
      ids.set(label, (id = labels.length));
      labels.push(label);
    }
    return id;
  };
  // labels by the id they come from (a string, a stack, a creator row; -1 for none), each resolved
  // once: a table indexed by id + 1 (ids are dense: string, stack and row indices)
  const idOf = new Int32Array(n);
  const task = by === 'task' ? taskNameOfRows(t) : null;
  let maxId = 0;
  for (let r = 0; r < n; r++) {
    const id = by === 'none' ? 0 : by === 'start' ? g.startFunc[r] : by === 'park' ? lastParkStack(t, r) : task ? task[r] : g.creator[r];
    idOf[r] = id;
    if (id > maxId) maxId = id;
  }
  const byId = new Int32Array(maxId + 2).fill(-1);
  for (let r = 0; r < n; r++) {
    const id = idOf[r] < -1 ? -1 : idOf[r];
    let k = byId[id + 1];
    if (k < 0) {
      let label: string;
      if (by === 'none') label = 'all goroutines';
      else if (by === 'start') label = names.str(id) || '(unknown start function)';
      else if (by === 'park') label = id >= 0 ? names.parkFunc(id) || '(no park site)' : '(never blocked)';
      else if (by === 'task') label = id >= 0 ? `task ${names.str(id) || '(unnamed)'}` : '(in no user task)';
      else label = id >= 0 ? `G${g.goid[id]} ${names.str(g.startFunc[id])}`.trim() : '(created before the trace, or by the runtime)';
      k = intern(label);
      byId[id + 1] = k;
    }
    keyOf[r] = k;
  }
  const ng = labels.length;
  const count = new Int32Array(ng);
  const blocked = new Int32Array(ng);
  const firstAt = new Float64Array(ng).fill(Infinity);
  const waiting = new Float64Array(ng);
  const off = t.segments.offset;
  const segStart = t.segments.start;
  const lastState = g.lastState;
  const waitingNs = g.waitingNs;
  const createdNs = g.createdNs;
  for (let r = 0; r < n; r++) {
    const k = keyOf[r];
    count[k]++;
    if (lastState[r] === GoState.Waiting) blocked[k]++;
    const i = off[r];
    const first = i < off[r + 1] ? segStart[i] : createdNs[r]; // goroutineFirstSeen
    if (first < firstAt[k]) firstAt[k] = first;
    waiting[k] += waitingNs[r];
  }
  const order = Array.from({ length: ng }, (_, i) => i);
  const byLabel = (a: number, b: number) => (labels[a] < labels[b] ? -1 : labels[a] > labels[b] ? 1 : 0);
  if (sort === 'count') order.sort((a, b) => count[b] - count[a] || byLabel(a, b));
  else if (sort === 'created') order.sort((a, b) => firstAt[a] - firstAt[b] || byLabel(a, b));
  else if (sort === 'blocked') order.sort((a, b) => waiting[b] - waiting[a] || byLabel(a, b));
  else order.sort((a, b) => blocked[b] - blocked[a] || count[b] - count[a] || byLabel(a, b));
  const place = new Int32Array(ng);
  const offsets = new Int32Array(ng + 1);
  for (let i = 0; i < ng; i++) {
    place[order[i]] = i;
    offsets[i + 1] = offsets[i] + count[order[i]];
  }
  const fill = offsets.slice(0, ng);
  const rows = new Int32Array(n);
  for (let r = 0; r < n; r++) rows[fill[place[keyOf[r]]]++] = r;
  const keys = rowKeys(t, sort);
  let big = 0;
  for (let i = 0; i < ng; i++) big = Math.max(big, offsets[i + 1] - offsets[i]);
  const scratch = radixScratch(big);
  for (let i = 0; i < ng; i++) sortByKeys(rows.subarray(offsets[i], offsets[i + 1]), keys, scratch);
  return { labels: order.map((k) => labels[k]), offsets, rows, blockedAtEnd: Int32Array.from(order, (k) => blocked[k]) };
}

/**
 * Leak candidates: goroutines blocked (Waiting) at the end of the trace, never unblocked since —
 * longest blocked first. Their (state, reason) counts are the trace's alive-at-end Waiting ones.
 */
export function leakCandidates(t: TraceModel): Int32Array {
  const g = t.goroutines;
  const out: number[] = [];
  for (let r = 0; r < g.count; r++) if (blockedAtEndOf(t, r)) out.push(r);
  out.sort((a, b) => g.lastChangeNs[a] - g.lastChangeNs[b] || g.goid[a] - g.goid[b]);
  return Int32Array.from(out);
}

/**
 * Wake-ups in [t0, t1) of the given rows: Runnable segments entered because another goroutine
 * unblocked them. Up to `max` per row; `row` is the index into `rows`.
 */
export function wakes(t: TraceModel, rows: Int32Array, t0: number, t1: number, max: number): { row: Int32Array; time: Float64Array; segment: Int32Array; waker: Int32Array } {
  const s = t.segments;
  const row: number[] = [];
  const time: number[] = [];
  const seg: number[] = [];
  const waker: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    if (r < 0 || r >= t.goroutines.count) continue;
    const b = s.offset[r + 1];
    let i = findSegment(t, r, t0);
    if (i < 0) continue;
    let n = 0;
    for (; i < b && s.start[i] < t1 && n < max; i++) {
      if (s.start[i] < t0) continue;
      const w = segmentUnblockedBy(t, i);
      if (w < 0) continue;
      row.push(k);
      time.push(s.start[i]);
      seg.push(i);
      waker.push(w);
      n++;
    }
  }
  return { row: Int32Array.from(row), time: Float64Array.from(time), segment: Int32Array.from(seg), waker: Int32Array.from(waker) };
}

/**
 * The segment of row `r` at `time`, or the nearest one within `slackNs` (a segment narrower than a
 * pixel is found from anywhere over that pixel); -1 when none.
 */
export function segmentAt(t: TraceModel, r: number, time: number, slackNs: number): number {
  if (r < 0 || r >= t.goroutines.count) return -1;
  const s = t.segments;
  const a = s.offset[r];
  const b = s.offset[r + 1];
  const i = findSegment(t, r, time);
  if (i < 0) return -1;
  const dist = (j: number) => {
    const st = s.start[j];
    const e = segmentEnd(t, j, r);
    return time < st ? st - time : time >= e ? time - e : 0;
  };
  let best = -1;
  let bd = Infinity;
  for (let j = Math.max(a, i - 1); j < Math.min(b, i + 2); j++) {
    if (s.state[j] === GoState.NotExist) continue;
    const d = dist(j);
    if (d < bd) {
      bd = d;
      best = j;
    }
  }
  return bd <= slackNs ? best : -1;
}
