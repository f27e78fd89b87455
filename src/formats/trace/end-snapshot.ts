/**
 * The goroutines of a trace as a goroutine table: one row per goroutine the trace saw, in the
 * state it ended in (its wait reason when blocked), with its park stack (or, without one, its entry
 * function) and creator. Row i of the snapshot is row i of TraceModel.goroutines. The snapshot's kind
 * 'trace-end' keeps it out of the CLI summary (traces report `trace`, not snapshots) and out of
 * dump grouping; the table, its filters and the detail pane read it like any other.
 */
import type { ModelBuilder } from '../../model/model';
import { GoState, goroutineCreatorGoid, type TraceModel } from '../../model/trace';

export function addTraceEndSnapshot(b: ModelBuilder, input: number, t: TraceModel): void {
  const g = t.goroutines;
  const snap = b.addSnapshot(input, {
    kind: 'trace-end',
    label: 'goroutines at the end of the trace',
    hasStates: true,
    hasIds: true,
    goVersion: b.inputs[input].goVersion,
    value2Type: { type: 'blocked', unit: 'nanoseconds' },
  });
  const name = [b.intern('undetermined'), b.intern('ended'), b.intern('runnable'), b.intern('running'), b.intern('waiting'), b.intern('syscall')];
  const n = g.count;
  const state = new Int32Array(n);
  const stack = new Int32Array(n);
  const createdBy = new Int32Array(n);
  const creatorGoid = new Float64Array(n);
  const value2 = new Float64Array(n);
  /** one-frame stack + 1 of each entry function (by string id), for goroutines without a stack */
  const entryStack = new Int32Array(b.strings.size);
  for (let r = 0; r < n; r++) {
    const st = g.lastState[r];
    const waiting = st === GoState.Waiting;
    state[r] = waiting && g.lastReason[r] > 0 ? g.lastReason[r] : (name[st] ?? name[0]);
    // the `go` statement's frame: the innermost frame of the creation stack
    const cs = g.createStack[r];
    createdBy[r] = cs >= 0 ? b.stackFrame.data[cs] : -1;
    // without a stack for its last change (an ended goroutine), show its entry function
    let sk = g.lastStack[r];
    const sf = g.startFunc[r];
    if (sk < 0 && sf > 0) {
      if (entryStack[sf] === 0) entryStack[sf] = b.stackFromLeafFirst([b.frameOfIds(sf, 0, 0)]) + 1;
      sk = entryStack[sf] - 1;
    }
    stack[r] = sk;
    creatorGoid[r] = goroutineCreatorGoid(t, r);
    value2[r] = waiting && t.durationNs > 0 ? t.durationNs - Math.max(0, g.lastChangeNs[r]) : 0;
  }
  // one row per trace goroutine, appended as columns: a trace may hold millions of goroutines
  b.addGoroutineColumns(snap, n, { goid: g.goid, state, stack, createdBy, creatorGoid, value2 });
  b.endSnapshot(snap);
}
