/**
 * The flame graph's trace weights against Go: blocked time by stack equals what
 * `go tool trace -pprof=sync|net|syscall|sched` wrote for the same trace (the truth files of
 * go1.27/trace-pprof-*.pb.gz), 'waiting' equals the Waiting segments' durations, a time range clips
 * them, and 'still-blocked' counts the goroutines the truth says were blocked at the end.
 */
import { describe, expect, it } from 'vitest';
import { buildFlameTree, childrenOf, FlameFlag, nodeLabel, parkSiteTotals, rowsUnder, toFolded, type BlockedKind } from '../src/analysis/flame';
import { traceOfSnapshot } from '../src/analysis/flame-trace';
import { GoState, segmentEnd } from '../src/model/trace';
import type { ModelView } from '../src/model/read';
import { loadAll, truthOf } from './analysis-helpers';

function traceEnd(view: ModelView): number {
  const i = view.model.snapshots.findIndex((s) => s.kind === 'trace-end');
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

/** Waiting time of every goroutine, from its segments, clipped to [t0, t1). */
function waitingBySegments(view: ModelView, snapshot: number, t0: number, t1: number): { total: number; byRow: Map<number, number> } {
  const t = traceOfSnapshot(view, snapshot)!;
  const start = view.model.snapshots[snapshot].rowStart;
  const s = t.segments;
  let total = 0;
  const byRow = new Map<number, number>();
  for (let r = 0; r < t.goroutines.count; r++)
    for (let i = s.offset[r]; i < s.offset[r + 1]; i++) {
      if (s.state[i] !== GoState.Waiting) continue;
      const d = Math.min(t1, segmentEnd(t, i, r)) - Math.max(t0, s.start[i]);
      if (d > 0) {
        total += d;
        byRow.set(start + r, (byRow.get(start + r) ?? 0) + d);
      }
    }
  return { total, byRow };
}

describe('blocked time by stack equals go tool trace -pprof', () => {
  for (const kind of ['sync', 'net', 'syscall', 'sched'] as const) {
    it(`go1.27/trace.out --weight blocked (${kind}) = trace-pprof-${kind}.pb.gz`, async () => {
      const truth = truthOf(`go1.27/trace-pprof-${kind}.pb.gz`) as unknown as { total_contentions: number; 'total_delay_ns (observed)': number; exact: Record<string, number> };
      const view = await loadAll(['go1.27/trace.out']);
      const snapshot = traceEnd(view);
      for (const orientation of ['entry', 'park'] as const) {
        const tree = buildFlameTree(view, { snapshot, weight: 'blocked', orientation, trace: { kind } });
        expect(tree.unit).toBe('nanoseconds');
        expect(tree.total).toBe(truth['total_delay_ns (observed)']);
        // contentions: blocking intervals
        expect(tree.goroutines[0]).toBe(truth.total_contentions);
      }
      // the counts the program fixes, at the main frame of the stack (entry-rooted, the path holds it)
      const tree = buildFlameTree(view, { snapshot, weight: 'blocked', trace: { kind } });
      for (const [func, n] of Object.entries(truth.exact)) {
        let intervals = 0;
        for (let i = 1; i < tree.count; i++) if (nodeLabel(tree, i) === func && !pathHas(tree, i, func)) intervals += tree.goroutines[i];
        expect(intervals, func).toBe(n);
      }
    });
  }

  it('the two orientations agree on every park site', async () => {
    const view = await loadAll(['go1.27/trace.out']);
    const snapshot = traceEnd(view);
    for (const kind of ['waiting', 'sync', 'sched'] as BlockedKind[]) {
      const a = parkSiteTotals(buildFlameTree(view, { snapshot, weight: 'blocked', trace: { kind } }));
      const b = parkSiteTotals(buildFlameTree(view, { snapshot, weight: 'blocked', orientation: 'park', trace: { kind } }));
      expect(a.size).toBeGreaterThan(0);
      expect(Object.fromEntries(b)).toEqual(Object.fromEntries(a));
    }
  });
});

function pathHas(tree: ReturnType<typeof buildFlameTree>, node: number, func: string): boolean {
  for (let p = tree.parent[node]; p > 0; p = tree.parent[p]) if (nodeLabel(tree, p) === func) return true;
  return false;
}

describe("'waiting': every Waiting interval, the ones still open at the end included", () => {
  it('go1.27/trace.out: the total and each goroutine equal its lifecycle segments, over the whole trace and a range', async () => {
    const view = await loadAll(['go1.27/trace.out']);
    const snapshot = traceEnd(view);
    const dur = traceOfSnapshot(view, snapshot)!.durationNs;
    for (const [t0, t1] of [
      [0, dur],
      [dur * 0.25, dur * 0.6],
    ]) {
      const want = waitingBySegments(view, snapshot, t0, t1);
      const tree = buildFlameTree(view, { snapshot, weight: 'blocked', trace: { kind: 'waiting', t0, t1 } });
      expect(tree.total).toBeCloseTo(want.total, 0);
      expect(tree.trace).toEqual({ kind: 'waiting', t0, t1 });
      const got = new Map<number, number>();
      const rows = rowsUnder(tree, 0);
      for (let k = 0; k < rows.length; k++) got.set(rows[k], (got.get(rows[k]) ?? 0) + tree.rowWeight[rowsOffset(tree) + k]);
      expect(got.size).toBe(want.byRow.size);
      for (const [r, w] of want.byRow) expect(got.get(r), `row ${r}`).toBeCloseTo(w, 0);
    }
  });

  it('the worker pool: 20 goroutines blocked once each on chan receive in main.poolWorker', async () => {
    const view = await loadAll(['go1.27/trace.out']);
    const tree = buildFlameTree(view, { snapshot: traceEnd(view), weight: 'blocked', orientation: 'park', trace: { kind: 'waiting' } });
    const recv = childrenOf(tree, 0).find((c) => nodeLabel(tree, c) === '[chan receive]')!;
    const pool = childrenOf(tree, recv).find((c) => nodeLabel(tree, c) === 'main.poolWorker')!;
    expect(tree.flags[pool] & FlameFlag.ParkSite).toBeTruthy();
    expect(tree.goroutines[pool]).toBe(20);
    expect(new Set(rowsUnder(tree, pool)).size).toBe(20);
  });

  it('folded lines add up to the total', async () => {
    const view = await loadAll(['go1.27/trace.out']);
    const tree = buildFlameTree(view, { snapshot: traceEnd(view), weight: 'blocked', trace: { kind: 'sync' } });
    const sum = toFolded(tree).reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    expect(sum).toBeCloseTo(tree.total, -1);
  });
});

/** rowsUnder(tree, 0) starts at slot 0. */
function rowsOffset(tree: ReturnType<typeof buildFlameTree>): number {
  return tree.rowOffset[0];
}

describe("'still-blocked': the goroutines blocked when the trace ended", () => {
  it('go1.27/trace.out: park sites as the truth lists them', async () => {
    const truth = truthOf('go1.27/trace.out') as unknown as { still_blocked_at_end: { program_total: number; by_reason_and_park_site: { reason: string; park_site: string; count: number }[] } };
    const view = await loadAll(['go1.27/trace.out']);
    const tree = buildFlameTree(view, { snapshot: traceEnd(view), weight: 'still-blocked' });
    const sites = parkSiteTotals(tree);
    const want = new Map<string, number>();
    for (const e of truth.still_blocked_at_end.by_reason_and_park_site) want.set(e.park_site, (want.get(e.park_site) ?? 0) + e.count);
    // the truth names the park site by its own rule (net.(*netFD).Read, time.Sleep); the program's own sites match ours
    for (const [site, n] of want) if (site.startsWith('main.')) expect(sites.get(site), site).toBe(n);
    // the program's goroutines (everything outside the runtime and the tracer) add up to its total
    let program = 0;
    for (const [site, n] of sites) if (!site.startsWith('runtime')) program += n;
    expect(program).toBe(truth.still_blocked_at_end.program_total);
  });
});
