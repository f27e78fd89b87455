/**
 * One trace goroutine's life for its detail pane: when it was created and by whom, time per
 * state, counts, and its first state changes with who woke it. Reads the trace model's segment
 * accessors only. Pure.
 */
import type { ModelView } from '../model/read';
import { GO_STATES, goroutineCreatorGoid, goroutineFirstSegment, goroutineSegmentCount, segmentEnd, segmentReason, segmentStart, segmentState, segmentUnblockedBy, type TraceModel } from '../model/trace';

export interface LifeSegment {
  startNs: number;
  durationNs: number;
  state: string;
  reason: string;
  /** trace goroutine row of the goroutine that unblocked it, -1 */
  unblockedBy: number;
}

export interface GoroutineLife {
  createdNs: number;
  /** trace goroutine row of the creator, -1 */
  creator: number;
  creatorGoid: number;
  endedNs: number;
  lastState: string;
  lastReason: string;
  runningNs: number;
  runnableNs: number;
  waitingNs: number;
  syscallNs: number;
  starts: number;
  blocks: number;
  syscalls: number;
  segments: LifeSegment[];
  segmentCount: number;
  /** the trace kept reduced detail: states shorter than a microsecond merged into the next */
  reduced: boolean;
}

export function goroutineLife(view: ModelView, t: TraceModel, tg: number, maxSegments = 200): GoroutineLife {
  const g = t.goroutines;
  const segments: LifeSegment[] = [];
  const first = goroutineFirstSegment(t, tg);
  const segmentCount = goroutineSegmentCount(t, tg);
  for (let s = first; s < first + Math.min(segmentCount, maxSegments); s++) {
    const start = segmentStart(t, s);
    segments.push({ startNs: start, durationNs: segmentEnd(t, s, tg) - start, state: GO_STATES[segmentState(t, s)] ?? '?', reason: view.str(segmentReason(t, s)), unblockedBy: segmentUnblockedBy(t, s) });
  }
  return {
    createdNs: g.createdNs[tg],
    creator: g.creator[tg],
    creatorGoid: goroutineCreatorGoid(t, tg),
    endedNs: g.endedNs[tg],
    lastState: GO_STATES[g.lastState[tg]] ?? '?',
    lastReason: view.str(g.lastReason[tg]),
    runningNs: g.runningNs[tg],
    runnableNs: g.runnableNs[tg],
    waitingNs: g.waitingNs[tg],
    syscallNs: g.syscallNs[tg],
    starts: g.starts[tg],
    blocks: g.blocks[tg],
    syscalls: g.syscalls[tg],
    segments,
    segmentCount,
    reduced: t.detail.level === 'reduced',
  };
}
