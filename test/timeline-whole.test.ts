/**
 * The whole trace's columns in one walk (analysis/timeline.ts wholeColumns, issue #12's first
 * frame): the overview strip and each group's stacked area equal what stackedColumns computes for
 * all rows and for the group's rows — on the real trace fixtures in every grouping, through the
 * Session's whole-trace window and overview, and on generated traces (goroutines that end, that
 * never exist, segments longer than a column, past the end).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sessionWith, value } from './session-helpers';
import { NC, reasonClasses, stackedColumns, timelineGroups, wholeColumns, type TimelineGroupBy } from '../src/analysis/timeline';
import { GoState, type TraceModel } from '../src/model/trace';
import type { Session } from '../src/worker/session';

const TRACES = ['go1.27/trace.out', 'go1.22/trace.out', 'go1.19/trace.out', 'extra-traces/go1.27-multigen.trace', 'extra-traces/go1.21-gotest-context.trace'];
const GROUPINGS: TimelineGroupBy[] = ['start', 'park', 'creator', 'task', 'none'];

function traceOf(s: Session): { t: TraceModel; input: number } {
  const m = s.view.model;
  const input = m.inputs.findIndex((i) => i.trace >= 0);
  return { t: m.traces[m.inputs[input].trace], input };
}

/** Float32 answers whose Float64 sums were added in another order: equal to a few ulps of the column's total. */
function expectSameColumns(got: Float32Array, want: Float32Array, width: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let c = 0; c < width; c++) {
    let total = 0;
    for (let k = 0; k < NC; k++) total += Math.abs(want[c * NC + k]);
    for (let k = 0; k < NC; k++) worst = Math.max(worst, Math.abs(got[c * NC + k] - want[c * NC + k]) / Math.max(1, total));
  }
  expect(worst).toBeLessThanOrEqual(1e-6);
}

function sum(a: Float32Array): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

describe.each(TRACES)('the whole trace in one walk: %s', (rel) => {
  it('equals stackedColumns of all goroutines and of each group, in every grouping', async () => {
    const s = await sessionWith([rel]);
    const { t } = traceOf(s);
    const rc = reasonClasses(t, (id) => s.view.str(id));
    const names = { str: (id: number) => s.view.str(id), parkFunc: (st: number) => String(st) };
    const width = 333;
    const overview = stackedColumns(t, rc, null, 0, t.durationNs, width);
    expect(sum(overview)).toBeGreaterThan(0);
    for (const by of GROUPINGS) {
      const g = timelineGroups(t, by, 'count', names);
      const ng = g.labels.length;
      // every group in a slot, and only some (the others: no slot, -1)
      for (const slots of [ng, Math.max(1, ng >> 1)]) {
        const slotOf = new Int32Array(t.goroutines.count).fill(-1);
        for (let k = 0; k < slots; k++) for (let j = g.offsets[k]; j < g.offsets[k + 1]; j++) slotOf[g.rows[j]] = k;
        const w = wholeColumns(t, rc, slotOf, slots, t.durationNs, width);
        expectSameColumns(w.overview, overview, width);
        for (let k = 0; k < slots; k++) expectSameColumns(w.groups.subarray(k * width * NC, (k + 1) * width * NC), stackedColumns(t, rc, g.rows.subarray(g.offsets[k], g.offsets[k + 1]), 0, t.durationNs, width), width);
      }
    }
  });

  it('is what the Session answers for a whole-trace window and the overview, and a zoomed window still walks the rows', async () => {
    const s = await sessionWith([rel]);
    const { t, input } = traceOf(s);
    const rc = reasonClasses(t, (id) => s.view.str(id));
    const width = 517;
    for (const by of ['start', 'creator'] as const) {
      const l = value(s.timelineLayout(s.currentGeneration, input, by, 'atEnd'));
      const groups = Int32Array.from(l.labels, (_, i) => i);
      const group = (k: number) => l.rows.subarray(l.offsets[k], l.offsets[k + 1]);
      for (const [t0, t1] of [
        [0, t.durationNs],
        [t.durationNs * 0.25, t.durationNs * 0.5],
      ]) {
        const w = value(s.timelineWindow(s.currentGeneration, { input, by, sort: 'atEnd', t0, t1, width, rows: new Int32Array(0), groups }));
        for (let k = 0; k < groups.length; k++) expectSameColumns(w.groupCols.subarray(k * width * NC, (k + 1) * width * NC), stackedColumns(t, rc, group(k), t0, t1, width), width);
      }
      const o = value(s.timelineOverview(s.currentGeneration, input, by, 'atEnd', width));
      expect(o.bins).toBe(width);
      expectSameColumns(o.overview, stackedColumns(t, rc, null, 0, t.durationNs, width), width);
    }
  });

  it('answers the same after the worker made the layout and the whole trace ahead (timelinePrepare) as without', async () => {
    const ahead = await sessionWith([rel]);
    const fresh = await sessionWith([rel]);
    const { t, input } = traceOf(ahead);
    const width = 401;
    expect(value(ahead.timelinePrepare(ahead.currentGeneration, input, 'start', 'atEnd', width))).toBe(true);
    const la = value(ahead.timelineLayout(ahead.currentGeneration, input, 'start', 'atEnd'));
    const lf = value(fresh.timelineLayout(fresh.currentGeneration, input, 'start', 'atEnd'));
    expect(la).toEqual(lf);
    const req = { input, by: 'start' as const, sort: 'atEnd' as const, t0: 0, t1: t.durationNs, width, rows: la.pinned, groups: Int32Array.from(la.labels, (_, i) => i) };
    const wa = value(ahead.timelineWindow(ahead.currentGeneration, req));
    const wf = value(fresh.timelineWindow(fresh.currentGeneration, req));
    expect(wa.rowCols).toEqual(wf.rowCols);
    expectSameColumns(wa.groupCols, wf.groupCols, la.labels.length * width);
    expect(value(ahead.timelineOverview(ahead.currentGeneration, input, 'start', 'atEnd', width))).toEqual(value(fresh.timelineOverview(fresh.currentGeneration, input, 'start', 'atEnd', width)));
    // a later generation's question is not answered from an older one
    expect(ahead.timelinePrepare(ahead.currentGeneration + 1, input, 'start', 'atEnd', width).stale).toBe(true);
  });
});

/** A trace model with just what the columns read: per goroutine its segments (start, state, reason), how it ended. */
function generated(goroutines: { segs: { dt: number; state: number; reason: number }[]; first: number; ended: number }[], durationNs: number): TraceModel {
  const offset = new Int32Array(goroutines.length + 1);
  const start: number[] = [];
  const state: number[] = [];
  const reason: number[] = [];
  const lastState = new Uint8Array(goroutines.length);
  const endedNs = new Float64Array(goroutines.length).fill(-1);
  goroutines.forEach((g, r) => {
    let at = g.first;
    for (const sg of g.segs) {
      start.push(at);
      state.push(sg.state);
      reason.push(sg.reason);
      at += sg.dt;
    }
    offset[r + 1] = start.length;
    lastState[r] = g.segs.length ? g.segs[g.segs.length - 1].state : GoState.NotExist;
    if (lastState[r] === GoState.NotExist) endedNs[r] = g.ended >= 0 ? at + g.ended : -1;
  });
  return {
    durationNs,
    segments: { count: start.length, offset, start: Float64Array.from(start), state: Uint8Array.from(state), reason: Uint8Array.from(reason), reasons: Int32Array.from([0, 1, 2, 3]) },
    goroutines: { count: goroutines.length, lastState, endedNs },
  } as unknown as TraceModel;
}

describe('the whole trace in one walk, on generated traces', () => {
  it('equals stackedColumns of all goroutines and of each slot', () => {
    const seg = fc.record({ dt: fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 5000, noNaN: true })), state: fc.integer({ min: 1, max: 5 }), reason: fc.integer({ min: 0, max: 3 }) });
    const gor = fc.record({ segs: fc.array(seg, { maxLength: 30 }), first: fc.double({ min: 0, max: 12000, noNaN: true }), ended: fc.oneof(fc.constant(-1), fc.double({ min: 0, max: 300, noNaN: true })) });
    fc.assert(
      fc.property(fc.array(gor, { minLength: 1, maxLength: 40 }), fc.double({ min: 1, max: 10000, noNaN: true }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 5 }), fc.integer(), (gs, durationNs, width, slots, seed) => {
        const t = generated(gs, durationNs);
        const rc = Uint8Array.of(12, 4, 6, 8);
        const slotOf = Int32Array.from(gs, (_, r) => ((r * 7 + seed) >>> 0) % (slots + 1) - 1);
        const w = wholeColumns(t, rc, slotOf, slots, durationNs, width);
        expectSameColumns(w.overview, stackedColumns(t, rc, null, 0, durationNs, width), width);
        for (let k = 0; k < slots; k++) {
          const rows = Int32Array.from(gs.keys()).filter((r) => slotOf[r] === k);
          expectSameColumns(w.groups.subarray(k * width * NC, (k + 1) * width * NC), stackedColumns(t, rc, rows, 0, durationNs, width), width);
        }
      }),
      { numRuns: 300 },
    );
  });
});
