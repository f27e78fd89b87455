/**
 * A link too large for its budget carries a reduced trace: the leak report, the end groups, the
 * state-flow counts and the trace's summary stay exactly as they were; the goroutines alive at the
 * end keep their rows and last state changes; the snapshot says what it left out.
 */
import { describe, expect, it } from 'vitest';
import { sessionWith, value } from './session-helpers';
import { comparable, opened, snapshotOf } from './share-helpers';
import { GoState } from '../src/model/trace';
import { LINK_BUDGET } from '../src/share/share';
import { fixtures } from './expect';

const traces = fixtures((t) => t.format === 'execution-trace' || /trace/.test(t.format)).map(([rel]) => rel).filter((rel) => /\.(out|trace)$/.test(rel));

describe('reduced links', () => {
  it('there are traces to test with', () => expect(traces.length).toBeGreaterThan(8));
  for (const rel of traces)
    it(`${rel}: a link with a small budget keeps the report and says what it left out`, async () => {
      const a = await sessionWith([rel]);
      const made = await snapshotOf(a, { target: 'link', budget: 1500 });
      expect(made.level).toBeGreaterThanOrEqual(0);
      expect(made.leftOut.length).toBeGreaterThan(0);
      const b = await opened(made.bytes);
      expect(b.view.model.inputs[0].origin?.leftOut).toEqual(made.leftOut);
      const si = a.view.model.snapshots.findIndex((s) => s.kind === 'trace-end');
      const strip = (x: ReturnType<typeof a.report>) => {
        const { timingsMs: _t, ...r } = value(x);
        return r;
      };
      expect(comparable(strip(b.report(b.currentGeneration, si, 'exact')))).toEqual(comparable(strip(a.report(a.currentGeneration, si, 'exact')), made.ids));
      expect(comparable(value(b.choices(b.currentGeneration, si)).traceEnd)).toEqual(comparable(value(a.choices(a.currentGeneration, si)).traceEnd, made.ids));
      expect(b.workspace(-1).summary).toEqual(a.workspace(-1).summary);
      const [ta, tb] = [a.view.model.traces[0], b.view.model.traces[0]];
      for (const k of ['goroutineFlow', 'procFlow', 'threadFlow'] as const) expect(tb[k]).toEqual(ta[k]);
      expect(tb.gc.count).toBe(ta.gc.count);
      // every goroutine alive at the end is there, with its last state changes
      const alive = (t: typeof ta) => Array.from(t.goroutines.lastState).filter((s) => s !== GoState.NotExist).length;
      expect(alive(tb)).toBe(alive(ta));
      const sa = a.view.model.snapshots[si];
      for (let r = 0; r < ta.goroutines.count; r++) {
        if (ta.goroutines.lastState[r] === GoState.NotExist) continue;
        const rb = made.ids.row(sa.rowStart + r);
        expect(rb).toBeGreaterThanOrEqual(0);
        const la = value(a.goroutine(a.currentGeneration, sa.rowStart + r)).life!;
        const lb = value(b.goroutine(b.currentGeneration, rb)).life!;
        expect([lb.runningNs, lb.waitingNs, lb.blocks, lb.lastState]).toEqual([la.runningNs, la.waitingNs, la.blocks, la.lastState]);
        if (lb.segmentCount) expect(lb.segments.at(-1)!.startNs).toBe(la.segments.at(-1)!.startNs);
      }
    });

  it('a trace that fits is not reduced, and no dump ever is', async () => {
    const t = await snapshotOf(await sessionWith(['go1.27/trace.out']), { target: 'link' });
    expect([t.level, t.fits, t.linkChars <= LINK_BUDGET]).toEqual([-1, true, true]);
    const d = await snapshotOf(await sessionWith(['go1.27/debug2.txt']), { target: 'link', budget: 100 });
    expect([d.level, d.fits]).toEqual([-1, false]);
  });
});
