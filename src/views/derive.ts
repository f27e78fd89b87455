/**
 * Derived, display-side data over the frozen model: which rows a table shows, in which order.
 * Reads typed arrays only; strings are resolved lazily and cached per stack.
 */
import { GFlag } from '../model/model';
import type { ModelView } from '../model/read';
import type { Filters } from '../store/store';

export type SortKey = 'goid' | 'state' | 'wait' | 'blocked' | 'parkSite' | 'labels' | 'weight';

export interface SortSpec {
  key: SortKey;
  desc: boolean;
}

/** Per-view caches keyed on the model object. */
const stackTextCache = new WeakMap<object, Map<number, string>>();
const labelTextCache = new WeakMap<object, Map<number, string>>();

export function stackText(view: ModelView, stack: number): string {
  let m = stackTextCache.get(view.model);
  if (!m) stackTextCache.set(view.model, (m = new Map()));
  let t = m.get(stack);
  if (t === undefined) {
    t = view
      .stackFrames(stack)
      .map((f) => `${view.frameFunc(f)} ${view.frameFile(f)}:${view.frameLine(f)}`)
      .join('\n')
      .toLowerCase();
    m.set(stack, t);
  }
  return t;
}

export function labelText(view: ModelView, set: number): string {
  if (set === 0) return '';
  let m = labelTextCache.get(view.model);
  if (!m) labelTextCache.set(view.model, (m = new Map()));
  let t = m.get(set);
  if (t === undefined) {
    t = view
      .labels(set)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    m.set(set, t);
  }
  return t;
}

export function parkSiteName(view: ModelView, parkByStack: Int32Array, row: number): string {
  const st = view.model.goroutines.stack[row];
  if (st < 0 || st >= parkByStack.length) return '';
  const f = parkByStack[st];
  return f >= 0 ? view.frameFunc(f) : '';
}

/** Rows of snapshot `snap` that pass the filters, sorted. */
export function filterRows(view: ModelView, snap: number, filters: Filters, parkByStack: Int32Array, sort: SortSpec): Int32Array {
  const m = view.model;
  const g = m.goroutines;
  const s = m.snapshots[snap];
  if (!s) return new Int32Array(0);
  const stateId = filters.state ? view.strings.find(filters.state) : -1;
  const text = filters.text.trim().toLowerCase();
  const label = filters.label.trim().toLowerCase();
  const textHit = new Map<number, boolean>();
  const labelHit = new Map<number, boolean>();
  const out: number[] = [];
  const only = filters.rows;
  const n = only ? only.length : s.rowEnd - s.rowStart;
  for (let k = 0; k < n; k++) {
    const r = only ? only[k] : s.rowStart + k;
    if (r < s.rowStart || r >= s.rowEnd) continue;
    if (filters.state && g.state[r] !== stateId) continue;
    if (text) {
      const st = g.stack[r];
      let hit = textHit.get(st);
      if (hit === undefined) {
        hit = st >= 0 && stackText(view, st).includes(text);
        textHit.set(st, hit);
      }
      if (!hit) continue;
    }
    if (label) {
      const ls = g.labels[r];
      let hit = labelHit.get(ls);
      if (hit === undefined) {
        hit = labelText(view, ls).toLowerCase().includes(label);
        labelHit.set(ls, hit);
      }
      if (!hit) continue;
    }
    out.push(r);
  }
  const rows = Int32Array.from(out);
  return sortRows(view, rows, parkByStack, sort);
}

export function sortRows(view: ModelView, rows: Int32Array, parkByStack: Int32Array, sort: SortSpec): Int32Array {
  const g = view.model.goroutines;
  const dir = sort.desc ? -1 : 1;
  let keyNum: ((r: number) => number) | null = null;
  let keyStr: ((r: number) => string) | null = null;
  switch (sort.key) {
    case 'goid':
      keyNum = (r) => g.goid[r];
      break;
    case 'wait':
      keyNum = (r) => g.waitMinutes[r];
      break;
    case 'weight':
      keyNum = (r) => g.weight[r];
      break;
    case 'blocked':
      keyNum = (r) => g.value2[r];
      break;
    case 'state':
      keyStr = (r) => view.str(g.state[r]);
      break;
    case 'parkSite':
      keyStr = (r) => parkSiteName(view, parkByStack, r);
      break;
    case 'labels':
      keyStr = (r) => labelText(view, g.labels[r]);
      break;
  }
  const arr = Array.from(rows);
  if (keyNum) {
    const k = keyNum;
    arr.sort((a, b) => (k(a) - k(b)) * dir || g.goid[a] - g.goid[b]);
  } else {
    // decorate once: strings resolved per distinct id, not per comparison
    const k = keyStr!;
    const keys = new Map<number, string>();
    for (const r of arr) keys.set(r, k(r));
    arr.sort((a, b) => {
      const x = keys.get(a)!;
      const y = keys.get(b)!;
      return (x < y ? -1 : x > y ? 1 : 0) * dir || g.goid[a] - g.goid[b];
    });
  }
  return Int32Array.from(arr);
}

export function flagBadges(flags: number): string[] {
  const out: string[] = [];
  if (flags & GFlag.Leaked) out.push('leaked');
  if (flags & GFlag.Locked) out.push('locked');
  if (flags & GFlag.Durable) out.push('durable');
  if (flags & GFlag.NoStack) out.push('no stack');
  if (flags & GFlag.Truncated) out.push('truncated');
  if (flags & GFlag.Elided) out.push('elided');
  if (flags & GFlag.G0) out.push('g0');
  return out;
}

/** Row of goroutine `goid` in snapshot `snap`, or -1. */
export function rowOfGoid(view: ModelView, snap: number, goid: number): number {
  const s = view.model.snapshots[snap];
  const g = view.model.goroutines;
  for (let r = s.rowStart; r < s.rowEnd; r++) if (g.goid[r] === goid) return r;
  return -1;
}

/** States of a snapshot's rows with their goroutine counts, most frequent first. */
export function statesOf(view: ModelView, snap: number): [string, number][] {
  const s = view.model.snapshots[snap];
  if (!s || !s.hasStates) return [];
  const g = view.model.goroutines;
  const counts = new Map<number, number>();
  for (let r = s.rowStart; r < s.rowEnd; r++) counts.set(g.state[r], (counts.get(g.state[r]) ?? 0) + g.weight[r]);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([id, n]) => [view.str(id), n]);
}
