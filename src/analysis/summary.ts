/**
 * The `parkscope summary` contract (docs/cli-summary.md): per input, per snapshot counts and park
 * sites; per trace, Go's reader's counts. Pure: the CLI prints it, the worker returns it, the UI
 * shows the same numbers.
 */
import type { InputFormat } from '../model/model';
import { GFlag } from '../model/model';
import type { ModelView } from '../model/read';
import type { TraceSummary } from '../model/trace';
import { parkSitesByStack } from './park-site';

export interface ParkSiteCount {
  function: string;
  count: number;
}

export interface SnapshotSummary {
  goroutines: number;
  states: Record<string, number>;
  leaked: number | null;
  lockedToThread: number | null;
  withWaitMinutes: number | null;
  maxWaitMinutes: number | null;
  parkSites: ParkSiteCount[];
}

export interface InputSummary {
  file: string;
  format: InputFormat | null;
  goVersion: string | null;
  error: string | null;
  warnings: string[];
  snapshots: SnapshotSummary[];
  trace: TraceSummary | null;
}

export interface Summary {
  schema: 1;
  inputs: InputSummary[];
}

export function summarize(view: ModelView, parkByStack: Int32Array = parkSitesByStack(view)): Summary {
  const m = view.model;
  return {
    schema: 1,
    inputs: m.inputs.map((inp) => {
      const snaps: SnapshotSummary[] = [];
      for (let s = inp.snapshotStart; s < inp.snapshotEnd; s++) if (m.snapshots[s].kind !== 'trace-end') snaps.push(summarizeSnapshot(view, s, parkByStack));
      return {
        file: inp.file,
        format: inp.format,
        goVersion: inp.goVersion,
        error: inp.error,
        warnings: inp.warnings,
        snapshots: snaps,
        trace: inp.trace >= 0 ? m.traces[inp.trace].summary : null,
      };
    }),
  };
}

/** Counts of one snapshot keyed by string ids: what the summary prints and what a click filters by. */
export interface SnapshotCounts {
  goroutines: number;
  /** state string id → goroutines */
  states: Map<number, number>;
  /** park-site function string id → goroutines */
  parkSites: Map<number, number>;
  leaked: number;
  locked: number;
  withWait: number;
  maxWait: number;
}

export function snapshotCounts(view: ModelView, s: number, parkByStack: Int32Array): SnapshotCounts {
  const m = view.model;
  const snap = m.snapshots[s];
  const g = m.goroutines;
  const c: SnapshotCounts = { goroutines: 0, states: new Map(), parkSites: new Map(), leaked: 0, locked: 0, withWait: 0, maxWait: -1 };
  for (let r = snap.rowStart; r < snap.rowEnd; r++) {
    const w = g.weight[r];
    c.goroutines += w;
    if (snap.hasStates) c.states.set(g.state[r], (c.states.get(g.state[r]) ?? 0) + w);
    const f = g.flags[r];
    if (f & GFlag.Leaked) c.leaked += w;
    if (f & GFlag.Locked) c.locked += w;
    if (g.waitMinutes[r] >= 0) {
      c.withWait += w;
      if (g.waitMinutes[r] > c.maxWait) c.maxWait = g.waitMinutes[r];
    }
    const fn = parkFuncOfRow(view, parkByStack, r);
    if (fn >= 0) c.parkSites.set(fn, (c.parkSites.get(fn) ?? 0) + w);
  }
  return c;
}

/** The park-site function (string id) of a goroutine row, -1 without a stack. */
export function parkFuncOfRow(view: ModelView, parkByStack: Int32Array, r: number): number {
  const st = view.model.goroutines.stack[r];
  if (st < 0) return -1;
  const fr = parkByStack[st];
  return fr >= 0 ? view.model.frames.func[fr] : -1;
}

/** [id, count] pairs, most first, then by name. */
export function rankedCounts(view: ModelView, counts: Map<number, number>): [number, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || cmp(view.str(a[0]), view.str(b[0])));
}

export function summarizeSnapshot(view: ModelView, s: number, parkByStack: Int32Array): SnapshotSummary {
  const snap = view.model.snapshots[s];
  const c = snapshotCounts(view, s, parkByStack);
  const stateObj: Record<string, number> = {};
  for (const [k, v] of rankedCounts(view, c.states)) stateObj[view.str(k)] = v;
  const traceback = snap.kind === 'traceback';
  return {
    goroutines: c.goroutines,
    states: stateObj,
    leaked: traceback || snap.leakProfile ? c.leaked : null,
    lockedToThread: traceback ? c.locked : null,
    withWaitMinutes: traceback ? c.withWait : null,
    maxWaitMinutes: traceback && c.maxWait >= 0 ? c.maxWait : null,
    parkSites: rankedCounts(view, c.parkSites).map(([fn, count]) => ({ function: view.str(fn), count })),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
