/**
 * One trace goroutine's life for its detail pane: when it was created and by whom, time per
 * state, counts, and its first state changes with who woke it. Reads the trace model's segment
 * accessors only. Pure.
 */
import type { ModelView } from '../model/read';
import { GO_STATES, segmentEnd, type TraceModel } from '../model/trace';

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
  detailKept: boolean;
}

export function goroutineLife(view: ModelView, t: TraceModel, tg: number, maxSegments = 200): GoroutineLife {
  const g = t.goroutines;
  const segments: LifeSegment[] = [];
  let segmentCount = 0;
  const st = t.segments;
  for (let s = g.firstSegment[tg]; s >= 0; s = st.next[s]) {
    segmentCount++;
    if (segments.length < maxSegments)
      segments.push({ startNs: st.start[s], durationNs: segmentEnd(t, s) - st.start[s], state: GO_STATES[st.state[s]] ?? '?', reason: view.str(st.reason[s]), unblockedBy: st.unblockedBy[s] });
  }
  return {
    createdNs: g.createdNs[tg],
    creator: g.creator[tg],
    creatorGoid: g.creatorGoid[tg],
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
    detailKept: t.detail.full,
  };
}
