/**
 * The timeline's resource rows (src/analysis/timeline-resources.ts, through the Session as the page
 * asks) on the real trace fixtures: the goroutines on each P are exactly the Running goroutine
 * segments whose context names that P, one at a time; every column shows a goroutine that ran most
 * of it (brute force per column); thread rows show the state covering most of each column; the
 * task and region rows are the model's tasks and regions, the ones tracegen/small's Go source makes;
 * hover answers name a goroutine that was running on that P at that time.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sessionWith, value } from './session-helpers';
import { RC, procColumns, procRuns, resourceAt, taskColumns, taskRows, threadColumns, type ProcRuns } from '../src/analysis/timeline-resources';
import { GoState, ThreadState, goroutineStateAt, findSegment, segmentEnd, segmentProc, segmentThread, type TraceModel } from '../src/model/trace';
import type { Session } from '../src/worker/session';

const TRACES = ['go1.27/trace.out', 'go1.22/trace.out', 'go1.21/trace.out', 'go1.19/trace.out', 'extra-traces/go1.27-multigen.trace', 'extra-traces/go1.22-multigen.trace', 'extra-traces/go1.21-multigen.trace'];
/** traces written by bench/tracegen/small (tasks, regions and logs) */
const ANNOTATED = ['extra-traces/go1.27-multigen.trace', 'extra-traces/go1.26-multigen.trace', 'extra-traces/go1.22-multigen.trace', 'extra-traces/go1.21-multigen.trace', 'extra-traces/go1.19-multigen.trace'];

function traceOf(s: Session): { t: TraceModel; input: number } {
  const m = s.view.model;
  const input = m.inputs.findIndex((i) => i.trace >= 0);
  return { t: m.traces[m.inputs[input].trace], input };
}

/** Running goroutine segments on P id `p`, straight from the segment table: [start, end, row] sorted. */
function runningOn(t: TraceModel, p: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const s = t.segments;
  for (let r = 0; r < t.goroutines.count; r++)
    for (let i = s.offset[r]; i < s.offset[r + 1]; i++) {
      if (s.state[i] !== GoState.Running || segmentProc(t, i) !== p) continue;
      const e = segmentEnd(t, i, r);
      if (e > s.start[i]) out.push([s.start[i], e, r]);
    }
  return out.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
}

function runsOf(runs: ProcRuns, k: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let j = runs.offset[k]; j < runs.offset[k + 1]; j++) out.push([runs.start[j], runs.end[j], runs.row[j]]);
  return out;
}

/** Overlap of [a, b) with column c of [t0, t1) × width. */
function overlap(a: number, b: number, t0: number, t1: number, width: number, c: number): number {
  const dt = (t1 - t0) / width;
  return Math.max(0, Math.min(b, t0 + (c + 1) * dt) - Math.max(a, t0 + c * dt));
}

/** windows to check: the whole trace, a middle tenth, a narrow slice */
function windows(t: TraceModel): [number, number, number][] {
  const d = t.durationNs;
  return [
    [0, d, 300],
    [d * 0.45, d * 0.55, 257],
    [d * 0.3, d * 0.3 + d / 5000, 100],
  ];
}

describe.each(TRACES)('resource rows of %s', (rel) => {
  it('each P row holds exactly the Running goroutine segments on that P, one at a time', async () => {
    const s = await sessionWith([rel]);
    const { t } = traceOf(s);
    const runs = procRuns(t);
    // every P with P segments has a row, by id
    expect(Array.from(runs.procs.subarray(0, t.procSegments.ids.length))).toEqual(Array.from(t.procSegments.ids).sort((a, b) => a - b));
    for (let k = 0; k < t.procSegments.ids.length; k++) expect(t.procSegments.ids[runs.resource[k]]).toBe(runs.procs[k]);
    let total = 0;
    for (let k = 0; k < runs.procs.length; k++) {
      const want = runningOn(t, runs.procs[k]);
      expect(want.length, `P${runs.procs[k]} runs goroutines`).toBeGreaterThan(0);
      expect(runsOf(runs, k)).toEqual(want);
      total += want.length;
      // a P runs one goroutine at a time
      for (let j = runs.offset[k] + 1; j < runs.offset[k + 1]; j++) expect(runs.start[j], `P${runs.procs[k]} #${j}`).toBeGreaterThanOrEqual(runs.end[j - 1]);
    }
    // and no Running segment with a P is left out
    let running = 0;
    for (let i = 0; i < t.segments.count; i++) if (t.segments.state[i] === GoState.Running && segmentProc(t, i) >= 0) running++;
    expect(total).toBeLessThanOrEqual(running);
    expect(total).toBeGreaterThan(running * 0.9);
  });

  it('a P row column shows a goroutine that ran most of it there, and one wherever any ran', async () => {
    const s = await sessionWith([rel]);
    const { t } = traceOf(s);
    const runs = procRuns(t);
    for (const [t0, t1, width] of windows(t)) {
      const c = procColumns(t, runs, 0, runs.procs.length, t0, t1, width);
      expect(c.cls.length).toBe(runs.procs.length * width);
      for (let k = 0; k < runs.procs.length; k++) {
        const list = runsOf(runs, k);
        for (let col = 0; col < width; col++) {
          const by = new Map<number, number>();
          for (const [a, b, r] of list) {
            const o = overlap(a, b, t0, t1, width, col);
            if (o > 0) by.set(r, (by.get(r) ?? 0) + o);
          }
          const who = c.who[k * width + col];
          const max = Math.max(0, ...by.values());
          if (max > ((t1 - t0) / width) * 1e-9) {
            expect(who, `P${runs.procs[k]} column ${col}`).toBeGreaterThanOrEqual(0);
            expect(by.get(who) ?? 0).toBeGreaterThanOrEqual(max * (1 - 1e-6) - 1e-6);
            expect(c.cls[k * width + col]).toBe(RC.Goroutine);
          } else if (max === 0) {
            expect(who).toBe(-1);
            expect(c.cls[k * width + col]).not.toBe(RC.Goroutine);
          }
        }
      }
    }
  });

  it('a thread row column shows the state covering most of it', async () => {
    const s = await sessionWith([rel]);
    const { t } = traceOf(s);
    const ts = t.threadSegments;
    const clsOf = (st: number) => (st === ThreadState.Running ? RC.Running : st === ThreadState.Syscall ? RC.Syscall : st === ThreadState.Idle ? RC.Idle : 0);
    for (const [t0, t1, width] of windows(t)) {
      const out = threadColumns(t, 0, ts.ids.length, t0, t1, width);
      expect(out.length).toBe(ts.ids.length * width);
      for (let m = 0; m < ts.ids.length; m++)
        for (let col = 0; col < width; col++) {
          const acc = [0, 0, 0, 0, 0, 0, 0, 0];
          for (let i = ts.offset[m]; i < ts.offset[m + 1]; i++) acc[clsOf(ts.state[i])] += overlap(ts.start[i], ts.end[i], t0, t1, width, col);
          acc[0] = 0;
          const max = Math.max(...acc);
          const got = out[m * width + col];
          if (max > ((t1 - t0) / width) * 1e-6) expect(acc[got], `M${ts.ids[m]} column ${col}`).toBeGreaterThanOrEqual(max * (1 - 1e-6));
          else if (max === 0) expect(got).toBe(0);
        }
    }
  });

  it('hovering a P row names a goroutine Running on that P then (and its thread)', async () => {
    const s = await sessionWith([rel]);
    const { t, input } = traceOf(s);
    const lay = value(s.timelineResourceLayout(s.currentGeneration, input));
    expect(lay.procs.length).toBe(new Set(t.procSegments.ids).size);
    let hits = 0;
    for (let k = 0; k < lay.procs.length; k++)
      for (let q = 1; q < 200; q++) {
        const time = (t.durationNs * q) / 200;
        const h = value(s.timelineResourceAt(s.currentGeneration, input, 'procs', k, time, 0));
        if (!h || h.goroutine < 0) continue;
        hits++;
        expect(h.state).toBe('Running');
        expect(goroutineStateAt(t, h.goroutine, time)).toBe(GoState.Running);
        const i = findSegment(t, h.goroutine, time);
        expect(segmentProc(t, i)).toBe(lay.procs[k]);
        expect(h.thread).toBe(segmentThread(t, i));
        expect(h.goid).toBe(t.goroutines.goid[h.goroutine]);
        expect(h.startNs).toBeLessThanOrEqual(time);
        expect(h.endNs).toBeGreaterThan(time);
      }
    expect(hits).toBeGreaterThan(0);
  });

  it('answers a window through the Session with the goroutines its columns name', async () => {
    const s = await sessionWith([rel]);
    const { t, input } = traceOf(s);
    const lay = value(s.timelineResourceLayout(s.currentGeneration, input));
    const w = value(s.timelineResources(s.currentGeneration, { input, kind: 'procs', first: 0, count: 64, t0: 0, t1: t.durationNs, width: 400 }));
    expect(w.count).toBe(lay.procs.length);
    expect(w.labels).toEqual(Array.from(lay.procs, (p) => `P${p}`));
    expect(w.goRows.length).toBeGreaterThan(0);
    for (const k of w.who) if (k >= 0) expect(k).toBeLessThan(w.goRows.length);
    // every goroutine named ran on some P in the trace
    for (let k = 0; k < w.goRows.length; k++) expect(t.goroutines.runningNs[w.goRows[k]]).toBeGreaterThan(0);
    const m = value(s.timelineResources(s.currentGeneration, { input, kind: 'threads', first: 0, count: 64, t0: 0, t1: t.durationNs, width: 400 }));
    expect(m.count).toBe(lay.threads.length);
    expect(m.cls.some((c) => c === RC.Running)).toBe(true);
  });
});

describe.each(ANNOTATED)('task and region rows of %s', (rel) => {
  // the names bench/tracegen/small/main.go gives its task and regions
  const src = readFileSync(join(import.meta.dirname, '..', 'bench', 'tracegen', 'small', 'main.go'), 'utf8');
  const taskNames = [...src.matchAll(/trace\.NewTask\([^,]+, "([^"]+)"\)/g)].map((m) => m[1]);
  const regionNames = [...new Set([...src.matchAll(/trace\.WithRegion\([^,]+, "([^"]+)"/g)].map((m) => m[1]))];

  it('has a row per task of the model and a row per region name, with the names of the program', async () => {
    const s = await sessionWith([rel]);
    const { t, input } = traceOf(s);
    const tr = taskRows(t);
    expect(tr.tasks.length).toBe(t.tasks.count);
    expect(new Set(tr.tasks).size).toBe(t.tasks.count);
    expect(Array.from(tr.tasks, (i) => s.view.str(t.tasks.name[i])).sort()).toEqual([...taskNames].sort());
    expect(Array.from(tr.names, (n) => s.view.str(n)).sort()).toEqual([...regionNames].sort());
    // every region once, under its name
    expect(tr.region.length).toBe(t.regions.count);
    expect(new Set(tr.region).size).toBe(t.regions.count);
    for (let k = 0; k < tr.names.length; k++) for (let j = tr.offset[k]; j < tr.offset[k + 1]; j++) expect(t.regions.name[tr.region[j]]).toBe(tr.names[k]);
    // the regions run in the task, on the worker goroutines, one at a time per goroutine
    const taskId = t.tasks.id[tr.tasks[0]];
    const byG = new Map<number, [number, number][]>();
    for (let j = 0; j < tr.region.length; j++) {
      const i = tr.region[j];
      expect(t.regions.task[i]).toBe(taskId);
      const list = byG.get(t.regions.goroutine[i]) ?? [];
      list.push([tr.start[j], tr.end[j]]);
      byG.set(t.regions.goroutine[i], list);
    }
    expect(byG.size).toBeLessThanOrEqual(4);
    for (const list of byG.values()) {
      list.sort((a, b) => a[0] - b[0]);
      for (let j = 1; j < list.length; j++) expect(list[j][0]).toBeGreaterThanOrEqual(list[j - 1][1]);
    }
    const w = value(s.timelineResources(s.currentGeneration, { input, kind: 'tasks', first: 0, count: 100, t0: 0, t1: t.durationNs, width: 500 }));
    expect(w.count).toBe(t.tasks.count + regionNames.length);
    expect(w.labels[0]).toBe(`region ${regionNames[0]} · ${t.regions.count}`);
    expect(w.labels.slice(regionNames.length).map((l) => l.replace(/ #\d+$/, ''))).toEqual(taskNames);
  });

  it('a region row’s levels add up to the regions’ time, a task row covers the task', async () => {
    const s = await sessionWith([rel]);
    const { t } = traceOf(s);
    const tr = taskRows(t);
    for (const [t0, t1, width] of windows(t)) {
      const c = taskColumns(t, tr, 0, tr.tasks.length + tr.names.length, t0, t1, width);
      const dt = (t1 - t0) / width;
      for (let k = 0; k < tr.names.length; k++) {
        const row = k;
        let want = 0;
        for (let j = tr.offset[k]; j < tr.offset[k + 1]; j++) want += Math.max(0, Math.min(t1, tr.end[j]) - Math.max(t0, tr.start[j]));
        let got = 0;
        for (let col = 0; col < width; col++) got += c.level[row * width + col] * dt;
        expect(got).toBeCloseTo(want, -1);
        for (let col = 0; col < width; col++) expect(c.cls[row * width + col]).toBe(c.level[row * width + col] > 0 ? RC.Region : RC.None);
      }
      // the task: the columns of its span are covered
      const i = tr.tasks[0];
      const a = Math.max(t0, t.tasks.start[i] < 0 ? 0 : t.tasks.start[i]);
      const b = Math.min(t1, t.tasks.end[i] < 0 ? t.durationNs : t.tasks.end[i]);
      const base = tr.names.length * width;
      for (let col = 0; col < width; col++) {
        const o = overlap(a, b, t0, t1, width, col);
        expect(c.level[base + col]).toBeCloseTo(o / dt, 4);
        expect(c.cls[base + col]).toBe(o > 0 ? RC.Task : RC.None);
      }
    }
  });

  it('hovering a region row names a region open then, and how many are', async () => {
    const s = await sessionWith([rel]);
    const { t } = traceOf(s);
    const tr = taskRows(t);
    const runs = procRuns(t);
    let hits = 0;
    for (let q = 1; q < 400; q++) {
      const time = (t.durationNs * q) / 400;
      const h = resourceAt(t, 'tasks', runs, tr, 0, time, 0);
      let open = 0;
      for (let i = 0; i < t.regions.count; i++) {
        const a = t.regions.start[i] < 0 ? 0 : t.regions.start[i];
        const b = t.regions.end[i] < 0 ? t.durationNs : t.regions.end[i];
        if (a <= time && time < b) open++;
      }
      if (!open) {
        expect(h).toBeNull();
        continue;
      }
      hits++;
      expect(h!.state).toBe('region');
      expect(h!.open).toBe(open);
      expect(h!.startNs).toBeLessThanOrEqual(time);
      expect(h!.endNs).toBeGreaterThan(time);
    }
    expect(hits).toBeGreaterThan(0);
  });
});
