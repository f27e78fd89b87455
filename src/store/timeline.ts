/**
 * The timeline's state (issue #12), apart from the main store so only the timeline subscribes:
 * grouping, sort, pinning, the layout of the trace shown, and a goroutine to bring into view
 * ("Show in timeline"). Window and segment questions go to the worker from here; answers for an
 * older generation, or older than the latest question of their kind, come back as null.
 */
import { create } from 'zustand';
import type { TimelineGroupBy, TimelineSort } from '../analysis/timeline';
import type { FilterSpec, Reply, SeriesTimeline, TimelineLayout, TimelineMatches, TimelineOverview, TimelineSegment, TimelineWindow, TimelineWindowRequest } from '../worker/api';
import { unlessWorkerDies, workerApi } from './client';
import { useApp } from './store';

export interface TimelineState {
  by: TimelineGroupBy;
  sort: TimelineSort;
  /** leak candidates pinned on top */
  pin: boolean;
  layout: (TimelineLayout & { generation: number; by: TimelineGroupBy; sort: TimelineSort }) | null;
  /** ms from asking the layout to having it (the timeline's first frame follows) */
  layoutMs: number;
  error: string | null;
  /** a trace row to scroll to and select (seq changes on every request) */
  focus: { input: number; row: number; seq: number } | null;
  setBy(by: TimelineGroupBy): void;
  setSort(sort: TimelineSort): void;
  setPin(pin: boolean): void;
  /** asks for the layout of `input`'s trace unless it is the one held */
  ensureLayout(input: number): void;
  showRow(input: number, row: number): void;
}

const seq: Record<string, number> = {};

/**
 * Asks the worker; the answer, or null when a newer question of the same kind was asked meanwhile
 * or the model changed (shared by the timeline's stores: kinds are distinct names).
 */
export async function askLatest<T>(kind: string, q: (generation: number) => Promise<Reply<T>>): Promise<T | null> {
  const ws = useApp.getState().workspace;
  if (!ws) return null;
  const mine = (seq[kind] = (seq[kind] ?? 0) + 1);
  const r = await unlessWorkerDies(q(ws.generation));
  if (mine !== seq[kind] || r.stale || useApp.getState().workspace?.generation !== r.generation) return null;
  return r.value;
}

export const useTimeline = create<TimelineState>((set, get) => {
  const load = (input: number) => {
    const { by, sort } = get();
    const generation = useApp.getState().workspace?.generation ?? -1;
    const t0 = performance.now();
    askLatest('layout', (gen) => workerApi().timelineLayout(gen, input, by, sort))
      .then((v) => {
        if (v) set({ layout: { ...v, generation, by, sort }, layoutMs: performance.now() - t0, error: null });
      })
      .catch((e: unknown) => set({ error: String((e as Error)?.message ?? e) }));
  };
  const reload = () => {
    const l = get().layout;
    if (l) load(l.input);
  };
  return {
    by: 'start',
    sort: 'atEnd',
    pin: true,
    layout: null,
    layoutMs: 0,
    error: null,
    focus: null,
    setBy(by) {
      set({ by });
      reload();
    },
    setSort(sort) {
      set({ sort });
      reload();
    },
    setPin(pin) {
      set({ pin });
    },
    ensureLayout(input) {
      const l = get().layout;
      const generation = useApp.getState().workspace?.generation ?? -1;
      if (l && l.input === input && l.generation === generation && l.by === get().by && l.sort === get().sort) return;
      load(input);
    },
    showRow(input, row) {
      set({ focus: { input, row, seq: (get().focus?.seq ?? 0) + 1 } });
    },
  };
});

/** While the timeline is shown its questions go ahead of other views' queued ones in the worker (worker/queue.ts). */
export function focusTimeline(on: boolean): void {
  void workerApi().focus(on ? 'timeline' : '');
}

/**
 * Has the worker make ahead what the timeline's first frame asks — the layout, then the whole
 * trace's columns at `width` (the track's pixel width it will probably have) — while the page is
 * idle after a load; two questions, so one asked meanwhile by another view waits for one step only.
 * Nothing when the layout of `input` is already held.
 */
export async function prepareTimeline(input: number, width: number): Promise<void> {
  const { by, sort, layout } = useTimeline.getState();
  const generation = useApp.getState().workspace?.generation ?? -1;
  if (layout && layout.input === input && layout.generation === generation) return;
  if ((await askLatest('prepare', (gen) => workerApi().timelinePrepare(gen, input, by, sort, 0))) === null) return;
  await askLatest('prepare', (gen) => workerApi().timelinePrepare(gen, input, by, sort, width));
}

/**
 * A window of the timeline; null when a newer window of its kind was asked meanwhile or the model
 * changed. Goroutine rows and group rows are separate kinds: rows come back fast, a big group's
 * stacked area may take longer and does not hold them up.
 */
export function askTimelineWindow(kind: 'rows' | 'groups', req: TimelineWindowRequest): Promise<TimelineWindow | null> {
  return askLatest(`window-${kind}`, (gen) => workerApi().timelineWindow(gen, req));
}

/**
 * The whole trace's goroutines by class at `bins` columns (the overview strip), asked after the
 * first windows so the rows draw first; the worker makes it with the whole trace's group areas.
 */
export function askTimelineOverview(input: number, by: TimelineGroupBy, sort: TimelineSort, bins: number): Promise<TimelineOverview | null> {
  return askLatest('overview', (gen) => workerApi().timelineOverview(gen, input, by, sort, bins));
}

/** The segment at a point (hover and click are separate kinds: a hover does not cancel a click). */
export function askTimelineSegment(kind: 'hover' | 'click', input: number, row: number, time: number, slackNs: number): Promise<TimelineSegment | null> {
  return askLatest(`segment-${kind}`, (gen) => workerApi().timelineSegment(gen, input, row, time, slackNs));
}

/** The goroutines of `input`'s trace the goroutine table's filter holds (trace rows); null when a newer filter was asked meanwhile. */
export function askTimelineMatches(input: number, filter: FilterSpec): Promise<TimelineMatches | null> {
  return askLatest('matches', (gen) => workerApi().timelineMatches(gen, input, filter));
}

export function askSeriesTimeline(series: number): Promise<SeriesTimeline | null> {
  return askLatest('series', (gen) => workerApi().seriesTimeline(gen, series));
}
