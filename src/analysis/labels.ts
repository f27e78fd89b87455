/**
 * pprof labels: an index of label keys and values over a snapshot's goroutine rows, and exact
 * filters by key and value ids. Label sets are interned in the model, so the work is per label
 * set, not per pair per row. Pure.
 */
import type { ModelView } from '../model/read';

export interface LabelValueEntry {
  /** string id of the value (what a filter holds) */
  valueId: number;
  value: string;
  /** goroutines with key=value (records by their weight) */
  count: number;
}

export interface LabelKeyEntry {
  keyId: number;
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

/** Label index over the rows [rowStart, rowEnd). */
export function labelIndex(view: ModelView, rowStart: number, rowEnd: number, maxValues = 200): LabelIndex {
  const m = view.model;
  const g = m.goroutines;
  const { offsets, data } = m.labelSets;
  const setWeight = new Float64Array(m.labelSets.count);
  let labelled = 0;
  for (let r = rowStart; r < rowEnd; r++) {
    const ls = g.labels[r];
    if (ls <= 0) continue;
    setWeight[ls] += g.weight[r];
    labelled += g.weight[r];
  }
  const keys = new Map<number, Map<number, number>>();
  for (let ls = 1; ls < setWeight.length; ls++) {
    const w = setWeight[ls];
    if (w === 0) continue;
    for (let i = offsets[ls]; i < offsets[ls + 1]; i += 2) {
      let vals = keys.get(data[i]);
      if (!vals) keys.set(data[i], (vals = new Map()));
      vals.set(data[i + 1], (vals.get(data[i + 1]) ?? 0) + w);
    }
  }
  const out: LabelKeyEntry[] = [];
  for (const [k, vals] of keys) {
    let count = 0;
    for (const n of vals.values()) count += n;
    const values = [...vals]
      .sort((a, b) => b[1] - a[1] || cmp(view.str(a[0]), view.str(b[0])))
      .slice(0, maxValues)
      .map(([v, n]) => ({ valueId: v, value: view.str(v), count: n }));
    out.push({ keyId: k, key: view.str(k), count, distinctValues: vals.size, values });
  }
  out.sort((a, b) => b.count - a.count || cmp(a.key, b.key));
  return { labelled, keys: out };
}

/** Label sets holding key (string id) = value (string id; -1: any value): a mask over label-set ids. */
export function labelSetMask(view: ModelView, key: number, value = -1): Uint8Array {
  const { offsets, data, count } = view.model.labelSets;
  const mask = new Uint8Array(count);
  for (let ls = 1; ls < count; ls++) {
    for (let i = offsets[ls]; i < offsets[ls + 1]; i += 2) {
      if (data[i] === key && (value < 0 || data[i + 1] === value)) {
        mask[ls] = 1;
        break;
      }
    }
  }
  return mask;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
