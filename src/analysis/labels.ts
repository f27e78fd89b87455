/**
 * pprof labels: an index of label keys and values over goroutine rows (with the groups they fall
 * in), and filters by key and value. Label sets are interned in the model, so the work is per
 * label set, not per pair per row. Pure.
 */
import type { ModelView } from '../model/read';
import type { Groups } from './group';

export interface LabelValueEntry {
  value: string;
  /** goroutines with key=value */
  count: number;
  /** groups containing such goroutines (at most 50) */
  groups: number[];
}

export interface LabelKeyEntry {
  key: string;
  count: number;
  /** distinct values; `values` lists the most frequent (at most `maxValues`) */
  distinctValues: number;
  values: LabelValueEntry[];
}

export interface LabelIndex {
  /** goroutines with at least one label */
  labelled: number;
  keys: LabelKeyEntry[];
}

/** Label index over `rows` (default: every grouped row of the snapshot range given). */
export function labelIndex(view: ModelView, groups: Groups, rowStart: number, rowEnd: number, maxValues = 200): LabelIndex {
  const m = view.model;
  const g = m.goroutines;
  const { offsets, data } = m.labelSets;
  // weight and groups per label set
  const setWeight = new Float64Array(m.labelSets.count);
  const setGroups = new Map<number, Set<number>>();
  let labelled = 0;
  for (let r = rowStart; r < rowEnd; r++) {
    const ls = g.labels[r];
    const gi = groups.rowGroup[r];
    if (ls <= 0 || gi < 0) continue;
    setWeight[ls] += g.weight[r];
    labelled += g.weight[r];
    let s = setGroups.get(ls);
    if (!s) setGroups.set(ls, (s = new Set()));
    if (s.size < 50) s.add(gi);
  }
  const keys = new Map<number, Map<number, { count: number; groups: Set<number> }>>();
  for (const [ls, gs] of setGroups) {
    for (let i = offsets[ls]; i < offsets[ls + 1]; i += 2) {
      let vals = keys.get(data[i]);
      if (!vals) keys.set(data[i], (vals = new Map()));
      let e = vals.get(data[i + 1]);
      if (!e) vals.set(data[i + 1], (e = { count: 0, groups: new Set() }));
      e.count += setWeight[ls];
      for (const gi of gs) if (e.groups.size < 50) e.groups.add(gi);
    }
  }
  const out: LabelKeyEntry[] = [];
  for (const [k, vals] of keys) {
    let count = 0;
    for (const e of vals.values()) count += e.count;
    const values = [...vals]
      .sort((a, b) => b[1].count - a[1].count || a[0] - b[0])
      .slice(0, maxValues)
      .map(([v, e]) => ({ value: view.str(v), count: e.count, groups: [...e.groups].sort((a, b) => a - b) }));
    out.push({ key: view.str(k), count, distinctValues: vals.size, values });
  }
  out.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  return { labelled, keys: out };
}

/** Label sets matching key (and value, when given): a mask over label-set ids. */
export function labelSetMask(view: ModelView, key: string, value?: string): Uint8Array {
  const { offsets, data, count } = view.model.labelSets;
  const mask = new Uint8Array(count);
  const k = view.strings.find(key);
  if (k < 0) return mask;
  const v = value === undefined ? -2 : view.strings.find(value);
  if (v === -1) return mask;
  for (let ls = 1; ls < count; ls++) {
    for (let i = offsets[ls]; i < offsets[ls + 1]; i += 2) {
      if (data[i] === k && (v === -2 || data[i + 1] === v)) {
        mask[ls] = 1;
        break;
      }
    }
  }
  return mask;
}

/** Rows (of the given list) whose labels have key (= value). */
export function filterRowsByLabel(view: ModelView, rows: ArrayLike<number>, key: string, value?: string): Int32Array {
  const mask = labelSetMask(view, key, value);
  const lab = view.model.goroutines.labels;
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) if (mask[lab[rows[i]]]) out.push(rows[i]);
  return Int32Array.from(out);
}

/** Goroutines per value of one key within each group: [group, value, goroutines] rows, for "group by label". */
export function groupByLabel(view: ModelView, groups: Groups, key: string, rowStart: number, rowEnd: number): { group: number; value: string | null; count: number }[] {
  const k = view.strings.find(key);
  const { offsets, data } = view.model.labelSets;
  const g = view.model.goroutines;
  const acc = new Map<string, { group: number; value: string | null; count: number }>();
  for (let r = rowStart; r < rowEnd; r++) {
    const gi = groups.rowGroup[r];
    if (gi < 0) continue;
    const ls = g.labels[r];
    let val = -1;
    if (k >= 0) for (let i = offsets[ls]; i < offsets[ls + 1]; i += 2) if (data[i] === k) val = data[i + 1];
    const id = `${gi}|${val}`;
    const e = acc.get(id);
    if (e) e.count += g.weight[r];
    else acc.set(id, { group: gi, value: val < 0 ? null : view.str(val), count: g.weight[r] });
  }
  return [...acc.values()].sort((a, b) => b.count - a.count);
}
