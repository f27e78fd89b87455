/// <reference lib="webworker" />
/**
 * The Web Worker: exposes the Session (session.ts) over comlink. Answers carrying typed arrays
 * transfer them (never copy); everything else is small and structured-cloned.
 */
import * as Comlink from 'comlink';
import { Session } from './session';
import type { WorkerApi } from './api';

const session = new Session();

const api: WorkerApi = {
  load: (files, placement, onProgress) => session.load(files, placement, onProgress),
  cancel: () => session.cancel(),
  place: async (generation, inputs, target) => session.place(generation, inputs, target),
  clear: async () => session.clear(),
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
  stateFlow: async (generation, input, range, cursor, bins) => {
    const r = session.stateFlow(generation, input, range, cursor, bins);
    return r.stale ? r : Comlink.transfer(r, [r.value.nodeCounts.buffer as ArrayBuffer, r.value.edgeCounts.buffer as ArrayBuffer]);
  },
  stateDistribution: async (generation, snapshot) => session.stateDistribution(generation, snapshot),
  encodeSnapshot: async (generation, request) => {
    const r = await session.encodeSnapshot(generation, request);
    return r.stale ? r : Comlink.transfer(r, [r.value.bytes.buffer as ArrayBuffer]);
  },
};

Comlink.expose(api);
