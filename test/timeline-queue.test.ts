/**
 * The worker's question queue (src/worker/queue.ts): the timeline's questions, once it is shown,
 * go ahead of other views' questions queued before them; otherwise first come, first served;
 * answers and errors reach their askers.
 */
import { describe, expect, it } from 'vitest';
import { QuestionQueue } from '../src/worker/queue';

/** A queue whose "later" steps are run by hand, as the worker's message loop would. */
function manual(): { q: QuestionQueue; step: () => void; pending: () => number } {
  const waiting: (() => void)[] = [];
  return { q: new QuestionQueue((f) => waiting.push(f)), step: () => waiting.shift()!(), pending: () => waiting.length };
}

const flush = () => new Promise<void>((r) => setTimeout(r, 0));

async function drain(m: ReturnType<typeof manual>): Promise<void> {
  for (let i = 0; i < 100 && m.pending() > 0; i++) {
    m.step();
    await flush();
  }
}

describe('QuestionQueue', () => {
  it('answers in the order asked when no view has the focus', async () => {
    const m = manual();
    const order: string[] = [];
    const asks = ['rows', 'choices', 'timeline', 'flame'].map((v) => m.q.ask(v, () => (order.push(v), v.length)));
    await drain(m);
    expect(order).toEqual(['rows', 'choices', 'timeline', 'flame']);
    expect(await Promise.all(asks)).toEqual([4, 7, 8, 5]);
  });

  it('answers the focused view first, its questions in their order, then the others in theirs', async () => {
    const m = manual();
    const order: string[] = [];
    const ask = (view: string, name: string) => m.q.ask(view, () => order.push(name));
    void ask('rows', 'rows 1');
    void ask('choices', 'choices 1');
    m.q.setFocus('timeline');
    void ask('timeline', 'layout');
    void ask('rows', 'rows 2');
    void ask('timeline', 'window');
    await drain(m);
    expect(order).toEqual(['layout', 'window', 'rows 1', 'choices 1', 'rows 2']);
    // the focus given up: first come, first served again
    m.q.setFocus('');
    void ask('rows', 'rows 3');
    void ask('timeline', 'window 2');
    await drain(m);
    expect(order.slice(5)).toEqual(['rows 3', 'window 2']);
  });

  it('passes an error to its asker and goes on with the next question', async () => {
    const m = manual();
    const failing = m.q
      .ask('rows', () => {
        throw new Error('bad row');
      })
      .then(
        () => 'answered',
        (e: Error) => e.message,
      );
    const next = m.q.ask('rows', async () => 'fine');
    await drain(m);
    expect(await failing).toBe('bad row');
    await expect(next).resolves.toBe('fine');
  });

  it('answers the questions queued behind one that waits (an async answer) without waiting for it', async () => {
    const m = manual();
    let release = () => {};
    const slow = m.q.ask('share', () => new Promise<string>((r) => (release = () => r('encoded'))));
    const quick = m.q.ask('rows', () => 'rows');
    await drain(m);
    await expect(quick).resolves.toBe('rows');
    release();
    await expect(slow).resolves.toBe('encoded');
  });
});
