/**
 * The timeline's worker questions (src/analysis/timeline.ts through the Session) on the real trace
 * fixtures: a row per goroutine of the truth, leak candidates equal the truth's goroutines blocked
 * at the end, the level of detail against a brute-force per-pixel count, the stacked areas against
 * the goroutine table's exact time per state, wake-ups by a goroutine that was running then, and a
 * dump series as one row per goroutine id with a mark per snapshot.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sessionWith, value } from './session-helpers';
import { FIXTURES } from './expect';
import { NC, TL, reasonClasses, rowColumns, segmentClass, sortByKeys, stackedColumns } from '../src/analysis/timeline';
import fc from 'fast-check';
import { GoState, goroutineFirstSeen, goroutineStateAt, segmentEnd, type TraceModel } from '../src/model/trace';
import type { Session } from '../src/worker/session';
import type { FilterSpec } from '../src/worker/api';

const TRACES = ['go1.27/trace.out', 'go1.22/trace.out', 'go1.19/trace.out'];

function truthTrace(rel: string): { goroutines: number; aliveAtEnd: number; atEnd: Record<string, number> } {
  return JSON.parse(readFileSync(join(FIXTURES, rel + '.truth.json'), 'utf8')).expect.trace;
}

function traceOf(s: Session): { t: TraceModel; input: number } {
  const m = s.view.model;
  const input = m.inputs.findIndex((i) => i.trace >= 0);
  return { t: m.traces[m.inputs[input].trace], input };
}

describe.each(TRACES)('timeline of %s', (rel) => {
  it('has a row per goroutine of the trace, in every grouping', async () => {
    const s = await sessionWith([rel]);
    const { input } = traceOf(s);
    const want = truthTrace(rel).goroutines;
    for (const by of ['none', 'start', 'park', 'creator', 'task'] as const) {
      const l = value(s.timelineLayout(s.currentGeneration, input, by, 'count'));
      expect(l.rows.length).toBe(want);
      expect(l.offsets[l.offsets.length - 1]).toBe(want);
      expect(new Set(l.rows).size).toBe(want);
      expect(l.labels.length).toBe(l.offsets.length - 1);
    }
    const byStart = value(s.timelineLayout(s.currentGeneration, input, 'start', 'count'));
    // sorted by count: the biggest group first
    for (let g = 1; g < byStart.labels.length; g++) expect(byStart.offsets[g + 1] - byStart.offsets[g]).toBeLessThanOrEqual(byStart.offsets[g] - byStart.offsets[g - 1]);
  });

  it('sorts the rows of each group by the key asked for', async () => {
    const s = await sessionWith([rel]);
    const { t, input } = traceOf(s);
    const g = t.goroutines;
    const checks: Record<string, (a: number, b: number) => boolean> = {
      count: (a, b) => g.goid[a] <= g.goid[b],
      created: (a, b) => goroutineFirstSeen(t, a) <= goroutineFirstSeen(t, b) + t.durationNs / 2 ** 29,
      blocked: (a, b) => g.waitingNs[a] + t.durationNs / 2 ** 29 >= g.waitingNs[b],
      atEnd: (a, b) => {
        const wa = g.lastState[a] === GoState.Waiting;
        const wb = g.lastState[b] === GoState.Waiting;
        return wa && wb ? g.lastChangeNs[a] <= g.lastChangeNs[b] + t.durationNs / 2 ** 29 : wa || !wb;
      },
    };
    for (const by of ['start', 'none'] as const)
      for (const [sort, ok] of Object.entries(checks)) {
        const l = value(s.timelineLayout(s.currentGeneration, input, by, sort as 'count'));
        for (let k = 0; k < l.labels.length; k++)
          for (let i = l.offsets[k] + 1; i < l.offsets[k + 1]; i++) expect(ok(l.rows[i - 1], l.rows[i]), `${by} ${sort} ${l.rows[i - 1]} ${l.rows[i]}`).toBe(true);
      }
  });

  it('pins the goroutines blocked at the end: the truth’s Waiting ones, by reason', async () => {
    const s = await sessionWith([rel]);
    const { input } = traceOf(s);
    const truth = truthTrace(rel).atEnd;
    const l = value(s.timelineLayout(s.currentGeneration, input, 'start', 'atEnd'));
    const waitingTruth = Object.entries(truth).filter(([k]) => k.startsWith('Waiting|'));
    const total = waitingTruth.reduce((a, [, n]) => a + n, 0);
    expect(l.pinned.length).toBe(total);
    expect(Object.keys(l.pinnedCounts).every((k) => k.startsWith('Waiting|'))).toBe(true);
    // Go's reader names no reason for a status restatement ("Waiting|"); the pinned list gives the
    // last known reason instead: every named reason is there at least as often, the rest are the restated
    let excess = 0;
    for (const [k, n] of waitingTruth) {
      if (k === 'Waiting|') continue;
      expect(l.pinnedCounts[k] ?? 0, k).toBeGreaterThanOrEqual(n);
    }
    for (const [k, n] of Object.entries(l.pinnedCounts)) excess += n - (k === 'Waiting|' ? 0 : (truth[k] ?? 0));
    expect(excess).toBe(truth['Waiting|'] ?? 0);
    // the group counts of blocked-at-end add up to the same
    expect(l.blockedAtEnd.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('summarises segments under a pixel into the class that covers most of it', async () => {
    const s = await sessionWith([rel]);
    const { t } = traceOf(s);
    const rc = reasonClasses(t, (id) => s.view.str(id));
    const n = t.goroutines.count;
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    for (const [t0, t1, width] of [
      [0, t.durationNs, 64],
      [t.durationNs * 0.2, t.durationNs * 0.35, 97],
      [t.durationNs * 0.5, t.durationNs * 0.5 + 5000, 13],
    ]) {
      const got = rowColumns(t, rc, rows, t0, t1, width);
      const dt = (t1 - t0) / width;
      let mismatches = 0;
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < width; c++) {
          const a = t0 + c * dt;
          const b = a + dt;
          const cover = new Float64Array(NC);
          for (let i = t.segments.offset[r]; i < t.segments.offset[r + 1]; i++) {
            const o = Math.min(b, segmentEnd(t, i, r)) - Math.max(a, t.segments.start[i]);
            if (o > 0 || (o === 0 && t.segments.start[i] >= a && t.segments.start[i] < b)) cover[segmentClass(t, rc, i)] += Math.max(o, 1e-12);
          }
          let best = 0;
          for (let k = 1; k < NC; k++) if (cover[k] > cover[best] || (best === 0 && cover[k] > 0)) best = k;
          // ties between classes may go either way (floating point); the winner must cover the most
          const g = got[r * width + c];
          if (g !== best && !(g !== 0 && Math.abs(cover[g] - cover[best]) <= dt * 1e-9)) mismatches++;
        }
      }
      expect(mismatches).toBe(0);
    }
  });

  it('stacks goroutines by class over time: areas add up to the exact time per state', async () => {
    const s = await sessionWith([rel]);
    const { t } = traceOf(s);
    const rc = reasonClasses(t, (id) => s.view.str(id));
    const width = 200;
    const cols = stackedColumns(t, rc, null, 0, t.durationNs, width);
    const dt = t.durationNs / width;
    const area = new Float64Array(NC);
    for (let c = 0; c < width; c++) for (let k = 0; k < NC; k++) area[k] += cols[c * NC + k] * dt;
    const g = t.goroutines;
    let running = 0;
    let runnable = 0;
    let waiting = 0;
    let syscall = 0;
    for (let r = 0; r < g.count; r++) {
      running += g.runningNs[r];
      runnable += g.runnableNs[r];
      waiting += g.waitingNs[r];
      syscall += g.syscallNs[r];
    }
    let waitArea = 0;
    for (let k = TL.Chan; k <= TL.Other; k++) waitArea += area[k];
    const close = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThanOrEqual(Math.max(1, y) * 1e-6);
    close(area[TL.Running], running);
    close(area[TL.Runnable], runnable);
    close(area[TL.Syscall], syscall);
    close(waitArea, waiting);
    // and a column's counts at its middle are those of the states at that time, within the goroutines changing in it
    const mid = Math.floor(width / 2);
    const at = (mid + 0.5) * dt;
    let alive = 0;
    for (let r = 0; r < g.count; r++) if (goroutineStateAt(t, r, at) !== GoState.NotExist) alive++;
    let sum = 0;
    for (let k = 1; k < NC; k++) sum += cols[mid * NC + k];
    expect(Math.abs(sum - alive)).toBeLessThanOrEqual(g.count * 0.25);
  });

  it('tells a segment: woken ones name a goroutine that was running when it woke them', async () => {
    const s = await sessionWith([rel]);
    const { t, input } = traceOf(s);
    const l = value(s.timelineLayout(s.currentGeneration, input, 'none', 'count'));
    const w = value(s.timelineWindow(s.currentGeneration, { input, by: 'none', sort: 'count', t0: 0, t1: t.durationNs, width: 300, rows: l.rows, groups: Int32Array.of(0) }));
    expect(w.rowCols.length).toBe(l.rows.length * 300);
    expect(w.groupCols.length).toBe(300 * NC);
    expect(w.wakeRow.length).toBeGreaterThan(0);
    for (let k = 0; k < w.wakeRow.length; k++) {
      const row = l.rows[w.wakeRow[k]];
      const seg = value(s.timelineSegment(s.currentGeneration, input, row, w.wakeTime[k] + 1e-3, 0));
      expect(seg).not.toBeNull();
      expect(seg!.state).toBe('Runnable');
      expect(seg!.unblockedBy).toBe(w.waker[k]);
      expect(seg!.unblockedByGoid).toBe(t.goroutines.goid[w.waker[k]]);
      // the waker ran at that moment (or had just stopped running at it)
      const before = goroutineStateAt(t, w.waker[k], w.wakeTime[k] - 1e-3);
      const atT = goroutineStateAt(t, w.waker[k], w.wakeTime[k]);
      expect([before, atT]).toContain(GoState.Running);
    }
  });
});

describe('the goroutines the table filter holds, as trace rows (timelineMatches)', () => {
  it('go1.27/trace.out: a state-flow edge, a state and no match are the table\'s rows, and another trace\'s transition matches none', async () => {
    const s = await sessionWith(['go1.27/trace.out']);
    const gen = s.currentGeneration;
    const { t, input } = traceOf(s);
    const snap = s.view.model.inputs[input].snapshotStart;
    const rowStart = s.view.model.snapshots[snap].rowStart;
    const chanSend = t.segments.reasons.findIndex((id) => s.view.str(id) === 'chan send');
    expect(chanSend).toBeGreaterThan(0);
    // the goroutines that blocked on a chan send, from the segments
    const want: number[] = [];
    for (let r = 0; r < t.goroutines.count; r++)
      for (let i = t.segments.offset[r] + 1; i < t.segments.offset[r + 1]; i++)
        if (t.segments.state[i] === GoState.Waiting && t.segments.state[i - 1] === GoState.Running && t.segments.reason[i] === chanSend) {
          want.push(r);
          break;
        }
    expect(want.length).toBe(9);
    const edge = { input, from: 'g:running', to: null, reason: t.segments.reasons[chanSend], t0: null, t1: null };
    const filters: FilterSpec[] = [
      { transition: edge },
      { state: s.view.model.goroutines.state[rowStart] },
      { text: 'no such function anywhere' },
    ];
    for (const f of filters) {
      const m = value(s.timelineMatches(gen, input, f));
      const table = value(s.rows(gen, snap, f, { key: 'goid', desc: false }));
      expect(m.input).toBe(input);
      expect(Array.from(m.rows)).toEqual(Array.from(table.rows, (r) => r - rowStart).sort((a, b) => a - b));
    }
    expect(Array.from(value(s.timelineMatches(gen, input, filters[0])).rows)).toEqual(want);
    expect(value(s.timelineMatches(gen, input, { transition: { ...edge, input: input + 1 } })).rows.length).toBe(0);
  });
});

describe('the table filter on the timeline: states at the end, park sites and text (timelineMatches)', () => {
  it('go1.27/trace.out: a state holds exactly the truth\u2019s goroutines waiting at the end for it; a park site and a text hold the table\u2019s goroutines', async () => {
    const rel = 'go1.27/trace.out';
    const s = await sessionWith([rel]);
    const gen = s.currentGeneration;
    const { t, input } = traceOf(s);
    const m = s.view.model;
    const snap = m.inputs[input].snapshotStart;
    const choices = value(s.choices(gen, snap));
    const stateId = (name: string) => choices.states.find((c) => c.name === name)?.id;
    // every "Waiting|reason" of the truth: the table's state of that name ("waiting" when Go's reader names none)
    const waiting = Object.entries(truthTrace(rel).atEnd).filter(([k]) => k.startsWith('Waiting|'));
    expect(waiting.length).toBeGreaterThan(5);
    for (const [k, n] of waiting) {
      const name = k.slice('Waiting|'.length) || 'waiting';
      const id = stateId(name);
      expect(id, name).toBeDefined();
      const rows = value(s.timelineMatches(gen, input, { state: id })).rows;
      expect(rows.length, k).toBe(n);
      for (const r of rows) expect(t.goroutines.lastState[r], `${k} row ${r}`).toBe(GoState.Waiting);
    }
    // the same goroutines (by id) as the table's rows for a park site, a text and both together
    const goidsOfTable = (f: FilterSpec) => value(s.rows(gen, snap, f, { key: 'goid', desc: false })).rows;
    const site = choices.parkSites[0];
    expect(site.count).toBeGreaterThan(1);
    const siteState = m.goroutines.state[goidsOfTable({ parkFunc: site.id })[0]];
    const filters: FilterSpec[] = [{ parkFunc: site.id }, { text: site.name }, { text: 'main.' }, { parkFunc: site.id, state: siteState }];
    for (const f of filters) {
      const table = Array.from(goidsOfTable(f), (r) => m.goroutines.goid[r]).sort((a, b) => a - b);
      const timeline = Array.from(value(s.timelineMatches(gen, input, f)).rows, (r) => t.goroutines.goid[r]).sort((a, b) => a - b);
      expect(table.length, JSON.stringify(f)).toBeGreaterThan(0);
      expect(timeline, JSON.stringify(f)).toEqual(table);
    }
    expect(value(s.timelineMatches(gen, input, { parkFunc: site.id })).rows.length).toBe(site.count);
  });
});

describe('dump series on the timeline', () => {
  it('shows each goroutine id once, with a mark in each snapshot it is in', async () => {
    const s = await sessionWith(['go1.27/grow-1.txt', 'go1.27/grow-2.txt']);
    const series = s.view.model.inputs[0].series;
    expect(s.view.model.inputs[1].series).toBe(series);
    const st = value(s.seriesTimeline(s.currentGeneration, series));
    const ids = (f: string) => new Set([...readFileSync(join(FIXTURES, 'go1.27', f), 'utf8').matchAll(/^goroutine (\d+) \[/gm)].map((m) => Number(m[1])));
    const a = ids('grow-1.txt');
    const b = ids('grow-2.txt');
    const union = new Set([...a, ...b]);
    expect(st.snapshots.length).toBe(2);
    expect(st.goids.length).toBe(union.size);
    let both = 0;
    for (let r = 0; r < st.goids.length; r++) {
      const id = st.goids[r];
      expect(st.marks[r * 2] > 0).toBe(a.has(id));
      expect(st.marks[r * 2 + 1] > 0).toBe(b.has(id));
      if (st.marks[r * 2] && st.marks[r * 2 + 1]) both++;
    }
    expect(both).toBe([...a].filter((x) => b.has(x)).length);
    expect(both).toBeGreaterThan(0);
  });
});

describe('sortByKeys (the rows of a group by their sort key, ties by row)', () => {
  it('orders as a comparator sort does, for small and radix-sized groups, keys up to 2^30', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 2 ** 30 }), fc.integer(), (n, range, seed) => {
        let x = seed | 1;
        const rnd = () => ((x = (x * 1103515245 + 12345) | 0) >>> 0) / 2 ** 32;
        const total = n + 50;
        const keys = new Float64Array(total);
        for (let i = 0; i < total; i++) keys[i] = Math.floor(rnd() * range);
        // a group is some rows of the trace, ascending (as timelineGroups fills them)
        const part = Int32Array.from({ length: total }, (_, i) => i).filter(() => rnd() < 0.9);
        const want = Array.from(part).sort((a, b) => keys[a] - keys[b] || a - b);
        sortByKeys(part, keys);
        expect(Array.from(part)).toEqual(want);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('grouped by user task (a trace has no pprof labels: its tasks are the request-like identity)', () => {
  for (const rel of ['extra-traces/go1.27-multigen.trace', 'extra-traces/go1.21-multigen.trace']) {
    it(`${rel}: each goroutine is in the group of the task of its first region in a task`, async () => {
      const s = await sessionWith([rel]);
      const { t, input } = traceOf(s);
      const l = value(s.timelineLayout(s.currentGeneration, input, 'task', 'count'));
      expect(l.rows.length).toBe(truthTrace(rel).goroutines);
      // independently: per goroutine row, regions in a task (task id ≠ 0) by start
      const taskName = new Map<number, string>();
      for (let i = 0; i < t.tasks.count; i++) taskName.set(t.tasks.id[i], s.view.str(t.tasks.name[i]));
      const first = new Map<number, { at: number; name: string }>();
      for (let i = 0; i < t.regions.count; i++) {
        const name = taskName.get(t.regions.task[i]);
        if (t.regions.task[i] === 0 || name === undefined) continue;
        const r = t.regions.goroutine[i];
        const f = first.get(r);
        if (!f || t.regions.start[i] < f.at) first.set(r, { at: t.regions.start[i], name });
      }
      expect(first.size).toBeGreaterThan(0);
      let inTask = 0;
      for (let g = 0; g < l.labels.length; g++)
        for (let i = l.offsets[g]; i < l.offsets[g + 1]; i++) {
          const f = first.get(l.rows[i]);
          expect(l.labels[g]).toBe(f ? `task ${f.name || '(unnamed)'}` : '(in no user task)');
          if (f) inTask++;
        }
      expect(inTask).toBe(first.size);
    });
  }
});
