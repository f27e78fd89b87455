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

export function summarizeSnapshot(view: ModelView, s: number, parkByStack: Int32Array): SnapshotSummary {
  const m = view.model;
  const snap = m.snapshots[s];
  const g = m.goroutines;
  const states = new Map<number, number>();
  const sites = new Map<number, number>();
  let total = 0;
  let leaked = 0;
  let locked = 0;
  let withWait = 0;
  let maxWait = -1;
  for (let r = snap.rowStart; r < snap.rowEnd; r++) {
    const w = g.weight[r];
    total += w;
    if (snap.hasStates) states.set(g.state[r], (states.get(g.state[r]) ?? 0) + w);
    const f = g.flags[r];
    if (f & GFlag.Leaked) leaked += w;
    if (f & GFlag.Locked) locked += w;
    if (g.waitMinutes[r] >= 0) {
      withWait += w;
      if (g.waitMinutes[r] > maxWait) maxWait = g.waitMinutes[r];
    }
    const st = g.stack[r];
    if (st >= 0) {
      const fr = parkByStack[st];
      if (fr >= 0) {
        const fn = m.frames.func[fr];
        sites.set(fn, (sites.get(fn) ?? 0) + w);
      }
    }
  }
  const stateObj: Record<string, number> = {};
  for (const [k, v] of [...states].sort((a, b) => b[1] - a[1] || cmp(view.str(a[0]), view.str(b[0])))) stateObj[view.str(k)] = v;
  const parkSites = [...sites]
    .map(([fn, count]) => ({ function: view.str(fn), count }))
    .sort((a, b) => b.count - a.count || cmp(a.function, b.function));
  const traceback = snap.kind === 'traceback';
  return {
    goroutines: total,
    states: stateObj,
    leaked: traceback || snap.leakProfile ? leaked : null,
    lockedToThread: traceback ? locked : null,
    withWaitMinutes: traceback ? withWait : null,
    maxWaitMinutes: traceback && maxWait >= 0 ? maxWait : null,
    parkSites,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
