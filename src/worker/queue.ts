/**
 * The order in which the worker answers the page's questions. It is one thread, and a question's
 * answer is computed synchronously, so a long one cannot be interrupted; but the questions queued
 * behind it can be reordered: those of the view the page shows (its focus, e.g. the timeline just
 * opened) go ahead of other views' questions asked before them (the goroutine table's first rows,
 * asked with the load while the report was shown). Within a view, and without a focus, first come
 * first served. Loads, cancel, placing and clearing are not queued (they change the model; a
 * question answered after them is answered as stale, as before).
 */
interface Job {
  view: string;
  run: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class QuestionQueue {
  private jobs: Job[] = [];
  private focus = '';
  private kicked = false;

  /** `later(f)`: runs f after the messages that have arrived meanwhile (in the worker, a MessageChannel message) */
  constructor(private readonly later: (f: () => void) => void) {}

  /** The view whose questions go first ('' none). */
  setFocus(view: string): void {
    this.focus = view;
  }

  /** Queues `run` for `view`; the promise settles with its answer. */
  ask<T>(view: string, run: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ view, run, resolve: resolve as (v: unknown) => void, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.kicked || this.jobs.length === 0) return;
    this.kicked = true;
    this.later(() => this.next());
  }

  /**
   * Starts the next question. Its synchronous part (all of a Session answer) runs now; one that
   * then waits (an async answer, e.g. a snapshot's compression) goes on by itself while the next
   * questions are answered, as without the queue.
   */
  private next(): void {
    this.kicked = false;
    let k = this.focus ? this.jobs.findIndex((j) => j.view === this.focus) : -1;
    if (k < 0) k = 0;
    const [job] = this.jobs.splice(k, 1);
    try {
      Promise.resolve(job.run()).then(job.resolve, job.reject);
    } catch (e) {
      job.reject(e);
    }
    this.kick();
  }
}

/** After the messages already queued: a message to itself (a timer would wait at least 1–4 ms). */
export function afterMessages(): (f: () => void) => void {
  const ch = new MessageChannel();
  const waiting: (() => void)[] = [];
  ch.port1.onmessage = () => waiting.shift()?.();
  return (f) => {
    waiting.push(f);
    ch.port2.postMessage(0);
  };
}
