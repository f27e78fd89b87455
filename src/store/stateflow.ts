/**
 * The state-flow diagram's answers (src/views/stateflow): asked of the worker for the trace input,
 * range and cursor shown, or for a goroutine snapshot's distribution; an answer to an older
 * question or of another generation is dropped, as the main store does.
 */
import { create } from 'zustand';
import type { StateDistribution } from '../analysis/stateflow';
import type { Reply, StateFlowData } from '../worker/api';
import { unlessWorkerDies, workerApi } from './client';
import { useApp } from './store';

/** replay bins asked with every answer */
export const REPLAY_BINS = 240;

interface FlowStore {
  flow: StateFlowData | null;
  /** the question `flow` answers */
  flowKey: string;
  /** the whole trace, for the range control's overview */
  overview: StateFlowData | null;
  overviewKey: string;
  dist: StateDistribution | null;
  distKey: string;
  error: string | null;
  askFlow(input: number, range: { t0: number; t1: number } | null, cursor: number | null): void;
  askOverview(input: number): void;
  askDistribution(snapshot: number): void;
}

let flowSeq = 0;
let distSeq = 0;

const flowKeyOf = (generation: number, input: number, range: { t0: number; t1: number } | null, cursor: number | null) =>
  `${generation}|${input}|${range ? `${range.t0}-${range.t1}` : 'all'}|${cursor ?? ''}`;

export const useStateFlow = create<FlowStore>((set, get) => ({
  flow: null,
  flowKey: '',
  overview: null,
  overviewKey: '',
  dist: null,
  distKey: '',
  error: null,
  askFlow(input, range, cursor) {
    const ws = useApp.getState().workspace;
    if (!ws) return;
    const key = flowKeyOf(ws.generation, input, range, cursor);
    if (key === get().flowKey) return;
    const mine = ++flowSeq;
    set({ flowKey: key });
    unlessWorkerDies<Reply<StateFlowData>>(workerApi().stateFlow(ws.generation, input, range, cursor, REPLAY_BINS)).then(
      (r) => {
        if (mine !== flowSeq || r.stale || useApp.getState().workspace?.generation !== r.generation) return;
        set({ flow: r.value, error: null });
      },
      (e: unknown) => mine === flowSeq && set({ error: String((e as Error)?.message ?? e), flowKey: '' }),
    );
  },
  askOverview(input) {
    const ws = useApp.getState().workspace;
    if (!ws) return;
    const key = flowKeyOf(ws.generation, input, null, null);
    if (key === get().overviewKey) return;
    set({ overviewKey: key });
    unlessWorkerDies<Reply<StateFlowData>>(workerApi().stateFlow(ws.generation, input, null, null, REPLAY_BINS)).then(
      (r) => {
        if (get().overviewKey !== key || r.stale) return;
        set({ overview: r.value });
      },
      (e: unknown) => set({ error: String((e as Error)?.message ?? e), overviewKey: '' }),
    );
  },
  askDistribution(snapshot) {
    const ws = useApp.getState().workspace;
    if (!ws) return;
    const key = `${ws.generation}|${snapshot}`;
    if (key === get().distKey) return;
    const mine = ++distSeq;
    set({ distKey: key, dist: null });
    unlessWorkerDies<Reply<StateDistribution>>(workerApi().stateDistribution(ws.generation, snapshot)).then(
      (r) => {
        if (mine !== distSeq || r.stale || useApp.getState().workspace?.generation !== r.generation) return;
        set({ dist: r.value, error: null });
      },
      (e: unknown) => mine === distSeq && set({ error: String((e as Error)?.message ?? e), distKey: '' }),
    );
  },
}));
