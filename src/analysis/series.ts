/**
 * Series: the inputs of one process over time (formats/load.ts assigns them). Listing them, and
 * telling whether a newly loaded batch plainly is the same process as an earlier series: the two
 * share goroutine ids whose goroutines have the same creator and the same park site (ids are
 * never reused within a process, and another program's user goroutines would have to be created
 * by the same function at the same id and wait at the same place). Pure.
 */
import type { Model } from '../model/model';
import type { ModelView } from '../model/read';
import { isRuntimeFunc } from './park-site';
import { parkFuncOfRow } from './summary';

export interface SeriesInfo {
  id: number;
  /** 'dumps': goroutine snapshots (dumps, profiles, schedtrace); 'trace': one execution trace */
  kind: 'dumps' | 'trace';
  inputs: number[];
  /** snapshots of its inputs, in load order */
  snapshots: number[];
  /** a name for the user: the first file, and how many more */
  label: string;
}

export function seriesList(model: Model): SeriesInfo[] {
  const by = new Map<number, SeriesInfo>();
  model.inputs.forEach((inp, i) => {
    if (inp.series < 0 || inp.error) return;
    let s = by.get(inp.series);
    if (!s) by.set(inp.series, (s = { id: inp.series, kind: inp.trace >= 0 ? 'trace' : 'dumps', inputs: [], snapshots: [], label: '' }));
    s.inputs.push(i);
    for (let k = inp.snapshotStart; k < inp.snapshotEnd; k++) s.snapshots.push(k);
  });
  const out = [...by.values()].sort((a, b) => a.id - b.id);
  for (const s of out) {
    const first = model.inputs[s.inputs[0]].file;
    s.label = s.inputs.length > 1 ? `${first} + ${s.inputs.length - 1} more` : first;
  }
  return out;
}

export interface SameProcess {
  /** the earlier series compared with */
  series: number;
  /** goroutine ids in both whose goroutines were created by a user function */
  sharedIds: number;
  /** of those, with the same creator function and the same park site */
  matching: number;
  same: boolean;
  /** what to tell the user */
  reason: string;
}

/** Whether the goroutine snapshots of `later` plainly continue those of `earlier`. */
export function sameProcess(view: ModelView, parkByStack: Int32Array, earlier: SeriesInfo, later: SeriesInfo): SameProcess {
  const m = view.model;
  const g = m.goroutines;
  const idSnaps = (s: SeriesInfo) => s.snapshots.filter((k) => m.snapshots[k].hasIds && m.snapshots[k].kind === 'traceback');
  const a = idSnaps(earlier);
  const b = idSnaps(later);
  const none: SameProcess = { series: earlier.id, sharedIds: 0, matching: 0, same: false, reason: 'no goroutine ids to compare' };
  if (!a.length || !b.length) return none;
  // the last snapshot of the earlier series against the first of the later one
  const last = m.snapshots[a[a.length - 1]];
  const first = m.snapshots[b[0]];
  const userCreated = (r: number) => g.createdBy[r] >= 0 && !isRuntimeFunc(view.frameFunc(g.createdBy[r]));
  const before = new Map<number, number>();
  for (let r = last.rowStart; r < last.rowEnd; r++) if (g.goid[r] > 1 && userCreated(r)) before.set(g.goid[r], r);
  let shared = 0;
  let matching = 0;
  for (let r = first.rowStart; r < first.rowEnd; r++) {
    const e = before.get(g.goid[r]);
    if (e === undefined || !userCreated(r)) continue;
    shared++;
    if (m.frames.func[g.createdBy[e]] === m.frames.func[g.createdBy[r]] && parkFuncOfRow(view, parkByStack, e) === parkFuncOfRow(view, parkByStack, r)) matching++;
  }
  const same = matching >= 2 && matching * 2 >= shared;
  const reason = same
    ? `${matching} goroutine${matching === 1 ? '' : 's'} of ${m.inputs[first.input].file} have the ids, creators and park sites they had in ${m.inputs[last.input].file}`
    : shared
      ? `only ${matching} of ${shared} shared goroutine ids have the same creator and park site`
      : 'no goroutine ids in common';
  return { series: earlier.id, sharedIds: shared, matching, same, reason };
}
