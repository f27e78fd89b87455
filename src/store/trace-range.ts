/**
 * The time range and cursor shared by the trace views: the timeline selects a range (box select)
 * and moves a cursor; the flame graph's trace weights and the state-flow diagram's counts follow
 * them. Times are ns from the trace start, for the trace of one input. Kept apart from the main
 * store so each view subscribes to just this.
 */
import { create } from 'zustand';

export interface TraceRange {
  /** the input (index into the workspace's inputs) whose trace the times belong to */
  input: number;
  t0: number;
  t1: number;
}

export interface TraceRangeState {
  /** the selected range; null: the whole trace */
  range: TraceRange | null;
  /** a time cursor (the state-flow diagram shows the states at it); null: none */
  cursor: { input: number; t: number } | null;
  setRange(r: TraceRange | null): void;
  setCursor(c: { input: number; t: number } | null): void;
}

export const useTraceRange = create<TraceRangeState>((set) => ({
  range: null,
  cursor: null,
  setRange: (range) => set({ range }),
  setCursor: (cursor) => set({ cursor }),
}));
