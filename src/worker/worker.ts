/// <reference lib="webworker" />
/**
 * The Web Worker: exposes the Session (session.ts) over comlink. Answers carrying typed arrays
 * transfer them (never copy); everything else is small and structured-cloned.
 */
import * as Comlink from 'comlink';
import { flameBuffers, Session } from './session';
import type { WorkerApi } from './api';
import { QuestionQueue, afterMessages } from './queue';

const session = new Session();
// every question but loading, cancelling, placing, clearing and focusing goes through the queue:
// the questions of the view shown (focus) are answered before other views' queued ones
const queue = new QuestionQueue(afterMessages());

const api: WorkerApi = {
  load: (files, placement, onProgress) => session.load(files, placement, onProgress),
  cancel: () => session.cancel(),
  place: async (generation, inputs, target) => session.place(generation, inputs, target),
  clear: async () => session.clear(),
  focus: (view) => queue.setFocus(view),
  report: async (generation, snapshot, level) => session.report(generation, snapshot, level),
  exportReport: async (generation, snapshot, level, format) => session.exportReport(generation, snapshot, level, format),
  rows: async (generation, snapshot, filter, sort) => {
    const r = session.rows(generation, snapshot, filter, sort);
    return r.stale ? r : Comlink.transfer(r, [r.value.rows.buffer as ArrayBuffer]);
  },
  rowDisplay: async (generation, rows) => session.rowDisplay(generation, rows),
  goroutine: async (generation, row) => session.goroutine(generation, row),
  choices: async (generation, snapshot) => session.choices(generation, snapshot),
  sched: async (generation, snapshot) => session.sched(generation, snapshot),
  findGoroutine: async (generation, snapshot, goid) => session.findGoroutine(generation, snapshot, goid),
  flame: async (generation, request) => {
    const r = session.flame(generation, request);
    return r.stale ? r : Comlink.transfer(r, flameBuffers(r.value.tree));
  },
  stateFlow: async (generation, input, range, cursor, bins) => {
    const r = session.stateFlow(generation, input, range, cursor, bins);
    return r.stale ? r : Comlink.transfer(r, [r.value.nodeCounts.buffer as ArrayBuffer, r.value.edgeCounts.buffer as ArrayBuffer]);
  },
  stateDistribution: async (generation, snapshot) => session.stateDistribution(generation, snapshot),
  encodeSnapshot: async (generation, request) => {
    const r = await session.encodeSnapshot(generation, request);
    return r.stale ? r : Comlink.transfer(r, [r.value.bytes.buffer as ArrayBuffer]);
  },
  timelineLayout: async (generation, input, by, sort) => {
    const r = session.timelineLayout(generation, input, by, sort);
    if (r.stale) return r;
    const v = r.value;
    return Comlink.transfer(r, [v.offsets.buffer, v.rows.buffer, v.blockedAtEnd.buffer, v.pinned.buffer, v.gc.buffer, v.stw.buffer] as ArrayBuffer[]);
  },
  timelinePrepare: async (generation, input, by, sort, width) => session.timelinePrepare(generation, input, by, sort, width),
  timelineOverview: async (generation, input, by, sort, bins) => {
    const r = session.timelineOverview(generation, input, by, sort, bins);
    return r.stale ? r : Comlink.transfer(r, [r.value.overview.buffer as ArrayBuffer]);
  },
  timelineWindow: async (generation, request) => {
    const r = session.timelineWindow(generation, request);
    if (r.stale) return r;
    const v = r.value;
    return Comlink.transfer(r, [v.rowCols.buffer, v.groupCols.buffer, v.rowGoid.buffer, v.wakeRow.buffer, v.wakeTime.buffer, v.wakeSegment.buffer, v.waker.buffer] as ArrayBuffer[]);
  },
  timelineSegment: async (generation, input, row, time, slackNs) => session.timelineSegment(generation, input, row, time, slackNs),
  timelineMatches: async (generation, input, filter) => {
    const r = session.timelineMatches(generation, input, filter);
    return r.stale ? r : Comlink.transfer(r, [r.value.rows.buffer as ArrayBuffer]);
  },
  timelineResourceLayout: async (generation, input) => {
    const r = session.timelineResourceLayout(generation, input);
    return r.stale ? r : Comlink.transfer(r, [r.value.procs.buffer, r.value.threads.buffer] as ArrayBuffer[]);
  },
  timelineResources: async (generation, request) => {
    const r = session.timelineResources(generation, request);
    if (r.stale) return r;
    const v = r.value;
    return Comlink.transfer(r, [v.cls.buffer, v.who.buffer, v.level.buffer, v.goRows.buffer, v.goGoid.buffer, v.goHue.buffer] as ArrayBuffer[]);
  },
  timelineResourceAt: async (generation, input, kind, row, time, slackNs) => session.timelineResourceAt(generation, input, kind, row, time, slackNs),
  seriesTimeline: async (generation, series) => {
    const r = session.seriesTimeline(generation, series);
    return r.stale ? r : Comlink.transfer(r, [r.value.goids.buffer, r.value.marks.buffer, r.value.markRows.buffer] as ArrayBuffer[]);
  },
};

const direct = new Set<string>(['load', 'cancel', 'place', 'clear', 'focus']);
const viewOf = (name: string) => (name.startsWith('timeline') || name === 'seriesTimeline' ? 'timeline' : name);
for (const name of Object.keys(api) as (keyof WorkerApi)[]) {
  if (direct.has(name)) continue;
  const f = api[name] as (...a: unknown[]) => Promise<unknown>;
  (api as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => queue.ask(viewOf(name), () => f(...a));
}

Comlink.expose(api);
