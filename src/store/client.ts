/** The page's handle on the worker (one per page). A worker that dies is replaced on the next call. */
import * as Comlink from 'comlink';
import type { WorkerApi } from '../worker/api';

/** The worker stopped (out of memory, a crash): what it held is gone. */
export class WorkerDiedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerDiedError';
  }
}

let api: Comlink.Remote<WorkerApi> | null = null;
let died: Promise<never> | null = null;
const deathListeners: ((e: WorkerDiedError) => void)[] = [];

/** Called when a worker stops, even when no question is pending (the page can then restore). */
export function onWorkerDied(f: (e: WorkerDiedError) => void): void {
  deathListeners.push(f);
}

export function workerApi(): Comlink.Remote<WorkerApi> {
  if (!api) {
    const w = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'parkscope-parser' });
    const wrapped = Comlink.wrap<WorkerApi>(w);
    api = wrapped;
    died = new Promise<never>((_, reject) => {
      let dead = false;
      const fail = (what: string) => {
        if (dead) return;
        dead = true;
        if (api === wrapped) api = null;
        w.terminate();
        const err = new WorkerDiedError(what);
        reject(err);
        for (const f of deathListeners) f(err);
      };
      w.addEventListener('error', (e) => fail(`the parser stopped: ${e.message || 'out of memory or a crash'}; what was loaded before is gone — load the files again`));
      w.addEventListener('messageerror', () => fail('the parser sent a message the page could not read'));
    });
    died.catch(() => {});
  }
  return api;
}

/** Resolves with `p`, or rejects when the worker dies first (so the page never waits forever). */
export function unlessWorkerDies<T>(p: Promise<T>): Promise<T> {
  return died ? Promise.race([p, died]) : p;
}
