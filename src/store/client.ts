/** The UI's handle on the worker (one per page). */
import * as Comlink from 'comlink';
import type { WorkerApi } from '../worker/api';

let api: Comlink.Remote<WorkerApi> | null = null;

export function workerApi(): Comlink.Remote<WorkerApi> {
  if (!api) {
    const w = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'parkscope-parser' });
    api = Comlink.wrap<WorkerApi>(w);
  }
  return api;
}
