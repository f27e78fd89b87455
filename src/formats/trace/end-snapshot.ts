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
  // one row per trace goroutine: room for all of them at once (no doubling copies)
  for (const c of Object.values(b.g)) c.reserve(c.length + g.count);
  /** one-frame stack + 1 of each entry function (by string id), for goroutines without a stack */
  const entryStack = new Int32Array(b.strings.size);
  // every field given: one object shape for all rows
  const row = { goid: 0, snapshot: snap, state: 0, waitMinutes: -1, flags: 0, stack: -1, createdBy: -1, creatorGoid: -1, labels: 0, weight: 1, value2: 0, thread: -1, bubble: -1 };
  for (let r = 0; r < g.count; r++) {
    const st = g.lastState[r];
    let state = name[st] ?? name[0];
    if (st === GoState.Waiting && g.lastReason[r] > 0) state = g.lastReason[r];
    let createdBy = -1;
    const cs = g.createStack[r];
    // the `go` statement's frame: the innermost frame of the creation stack
    if (cs >= 0) createdBy = b.stackFrame.data[cs];
    // without a stack for its last change (an ended goroutine), show its entry function
    let stack = g.lastStack[r];
    const sf = g.startFunc[r];
    if (stack < 0 && sf > 0) {
      if (entryStack[sf] === 0) entryStack[sf] = b.stackFromLeafFirst([b.frameOfIds(sf, 0, 0)]) + 1;
      stack = entryStack[sf] - 1;
    }
    // one reused argument object: a trace may hold millions of goroutines
    row.goid = g.goid[r];
    row.state = state;
    row.stack = stack;
    row.createdBy = createdBy;
    row.creatorGoid = goroutineCreatorGoid(t, r);
    row.value2 = st === GoState.Waiting && t.durationNs > 0 ? t.durationNs - Math.max(0, g.lastChangeNs[r]) : 0;
    b.addGoroutine(row);
  }
  b.endSnapshot(snap);
}
