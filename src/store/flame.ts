/**
 * The flame trees the flame view shows, asked of the worker (WorkerApi.flame) and kept apart from
 * the main store so only the flame view subscribes to them. One tree per slot ('main', and
 * 'callees' for a sandwich's lower half); an answer to an older question of its slot, or one
 * computed on another generation, is dropped.
 */
import { create } from 'zustand';
import type { FlameTree } from '../analysis/flame';
import type { FlameReply, FlameRequest, Reply } from '../worker/api';
import { unlessWorkerDies, workerApi } from './client';
import { useApp } from './store';

export type FlameSlot = 'main' | 'callees';

export interface FlameAnswer {
  /** the question, as a key (JSON of generation and request) */
  key: string;
  tree: FlameTree;
  /** the worker's build time, and the time from asking to having the tree on the page */
  buildMs: number;
  roundTripMs: number;
}

interface FlameTreesState {
  answers: Partial<Record<FlameSlot, FlameAnswer>>;
  /** the key asked last per slot (still pending when it differs from the answer's) */
  asked: Partial<Record<FlameSlot, string>>;
  error: string | null;
}

export const useFlameTrees = create<FlameTreesState>(() => ({ answers: {}, asked: {}, error: null }));

/** The key of a question: what the answer must match to be shown. */
export function flameKey(generation: number, req: FlameRequest): string {
  return JSON.stringify([generation, req]);
}

const seq: Record<FlameSlot, number> = { main: 0, callees: 0 };

/** Asks for the tree of `req` in `slot` unless it is what the slot shows or was asked last. */
export function requestFlame(slot: FlameSlot, req: FlameRequest | null): void {
  const ws = useApp.getState().workspace;
  const st = useFlameTrees.getState();
  if (!ws || !req) {
    if (st.answers[slot] || st.asked[slot]) useFlameTrees.setState({ answers: { ...st.answers, [slot]: undefined }, asked: { ...st.asked, [slot]: undefined } });
    return;
  }
  const key = flameKey(ws.generation, req);
  if (st.asked[slot] === key) return;
  const mine = ++seq[slot];
  useFlameTrees.setState({ asked: { ...st.asked, [slot]: key }, error: null });
  const t0 = performance.now();
  unlessWorkerDies<Reply<FlameReply>>(workerApi().flame(ws.generation, req)).then(
    (r) => {
      if (mine !== seq[slot] || r.stale || useApp.getState().workspace?.generation !== r.generation) return;
      const cur = useFlameTrees.getState();
      useFlameTrees.setState({ answers: { ...cur.answers, [slot]: { key, tree: r.value.tree, buildMs: r.value.buildMs, roundTripMs: performance.now() - t0 } } });
    },
    (e: unknown) => {
      if (mine !== seq[slot]) return;
      useFlameTrees.setState({ error: String((e as Error)?.message ?? e), asked: { ...useFlameTrees.getState().asked, [slot]: undefined } });
    },
  );
}
