/**
 * The state-flow diagram's numbers (src/analysis/stateflow.ts) against the truth files: on every
 * trace fixture the goroutine edges, summed by Go state names, are the CLI summary's `transitions`
 * (Go's own reader) and the Running→Waiting edges by reason its `blockReasons`; in a range they are
 * the model's transitionCounts, at a cursor its stateCountsAt; Ps and threads as the model's
 * resource counts; the table filter picks exactly the goroutines that made an edge.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/model/model';
import { GO_STATES, PROC_STATES, THREAD_STATES, resourceStateCountsAt, resourceTransitionCounts, stateCountsAt, transitionCounts, type TraceModel } from '../src/model/trace';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';
import { FLOW_NODES, goroutinesWithTransition, reasonClass, stateFlow, type StateFlow } from '../src/analysis/stateflow';
import { FIXTURES, fixtures } from './expect';

async function traceOf(rel: string): Promise<{ t: TraceModel; str: (id: number) => string }> {
  const b = new ModelBuilder();
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, rel)));
  const i = await parseInput(b, { name: rel.split('/').pop()!, size: bytes.length, chunks: bufferChunks(bytes, 1 << 16) });
  return { t: b.traces[b.inputs[i].trace], str: (id) => b.strings.get(id) };
}

/** goroutine edges by "From->To" Go state names */
function byStates(f: StateFlow): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of f.edges) {
    const a = FLOW_NODES[e.from];
    const b = FLOW_NODES[e.to];
    if (a.lane !== 'G') continue;
    const k = `${a.state}->${b.state}`;
    out[k] = (out[k] ?? 0) + e.count;
  }
  return out;
}

function laneEdges(f: StateFlow, lane: 'P' | 'M', names: readonly string[]): Float64Array {
  const out = new Float64Array(names.length * names.length);
  for (const e of f.edges) {
    if (FLOW_NODES[e.from].lane !== lane) continue;
    out[names.indexOf(FLOW_NODES[e.from].state) * names.length + names.indexOf(FLOW_NODES[e.to].state)] += e.count;
  }
  return out;
}

const NG = GO_STATES.length;
const traces = fixtures((t) => t.expect.format === 'execution-trace');

describe('state flow: counts equal the CLI summary (Go reader) on every trace fixture', () => {
  expect(traces.length).toBeGreaterThanOrEqual(15);
  for (const [rel, truth] of traces) {
    it(rel, async () => {
      const { t, str } = await traceOf(rel);
      const want = truth.expect.trace as { transitions: Record<string, number>; blockReasons: Record<string, number> };
      const f = stateFlow(t, str, { range: null, cursor: null, bins: 0 });
      const got = byStates(f);
      for (const [k, n] of Object.entries(f.restated!)) got[k] = (got[k] ?? 0) + n;
      expect(got).toEqual(want.transitions);
      const blocks: Record<string, number> = {};
      for (const e of f.edges) if (FLOW_NODES[e.from].key === 'g:running' && FLOW_NODES[e.to].state === 'Waiting') blocks[e.reason] = (blocks[e.reason] ?? 0) + e.count;
      expect(blocks).toEqual(want.blockReasons);
      // every Running→Waiting edge ends in the node of its reason's class
      for (const e of f.edges) if (FLOW_NODES[e.to].state === 'Waiting') expect(FLOW_NODES[e.to].key).toBe(`g:wait:${reasonClass(e.reason)}`);
      // Ps and threads: the model's resource transition counts
      for (const [lane, rs, names] of [
        ['P', t.procSegments, PROC_STATES],
        ['M', t.threadSegments, THREAD_STATES],
      ] as const) {
        const m = new Float64Array(names.length * names.length);
        resourceTransitionCounts(rs, names.length, -Infinity, Infinity, m);
        expect(Array.from(laneEdges(f, lane, names)), `${rel} ${lane}`).toEqual(Array.from(m));
      }
      // time in state equals the goroutine table's totals
      const sum = (k: string) => FLOW_NODES.reduce((a, n, i) => a + (n.lane === 'G' && n.state === k ? f.timeNs[i] : 0), 0);
      let running = 0;
      for (let r = 0; r < t.goroutines.count; r++) running += t.goroutines.runningNs[r];
      expect(sum('Running')).toBeCloseTo(running, -1);
    });
  }
});

describe('state flow in a range and at a cursor', () => {
  for (const rel of ['go1.27/trace.out', 'go1.22/trace.out', 'go1.19/trace.out', 'extra-traces/go1.26-multigen.trace', 'extra-traces/go1.21-gotest-context.trace']) {
    it(`${rel}: edges of [t0, t1) are the model's transitionCounts, nodes at the cursor its stateCountsAt, the replay series adds up`, async () => {
      const { t, str } = await traceOf(rel);
      const D = t.durationNs;
      for (const [a, b] of [
        [0.1, 0.4],
        [0.35, 0.9],
        [0, 0.05],
      ]) {
        const t0 = a * D;
        const t1 = b * D;
        const cursor = (t0 + t1) / 2;
        const f = stateFlow(t, str, { range: { t0, t1 }, cursor, bins: 50 });
        expect(f.restated).toBeNull();
        const m = new Float64Array(t.segments.reasons.length * NG * NG);
        transitionCounts(t, t0, t1, m);
        const want: Record<string, number> = {};
        for (let c = 0; c < t.segments.reasons.length; c++)
          for (let x = 0; x < NG; x++)
            for (let y = 0; y < NG; y++) if (m[(c * NG + x) * NG + y]) want[`${GO_STATES[x]}->${GO_STATES[y]}`] = (want[`${GO_STATES[x]}->${GO_STATES[y]}`] ?? 0) + m[(c * NG + x) * NG + y];
        expect(byStates(f)).toEqual(want);
        const at = new Float64Array(NG);
        stateCountsAt(t, cursor, at);
        const shown = new Float64Array(NG);
        FLOW_NODES.forEach((n, i) => {
          if (n.lane === 'G' && n.key !== 'g:dead') shown[GO_STATES.indexOf(n.state as (typeof GO_STATES)[number])] += f.atCursor[i];
        });
        for (const st of ['Running', 'Runnable', 'Waiting', 'Syscall'] as const) expect(shown[GO_STATES.indexOf(st)], st).toBe(at[GO_STATES.indexOf(st)]);
        for (const [lane, rs, names] of [
          ['P', t.procSegments, PROC_STATES],
          ['M', t.threadSegments, THREAD_STATES],
        ] as const) {
          const want2 = new Float64Array(names.length);
          resourceStateCountsAt(rs, cursor, want2);
          const got2 = new Float64Array(names.length);
          FLOW_NODES.forEach((n, i) => n.lane === lane && (got2[(names as readonly string[]).indexOf(n.state)] += f.atCursor[i]));
          expect(Array.from(got2)).toEqual(Array.from(want2));
          const mm = new Float64Array(names.length * names.length);
          resourceTransitionCounts(rs, names.length, t0, t1, mm);
          expect(Array.from(laneEdges(f, lane, names))).toEqual(Array.from(mm));
        }
        // replay: transitions per bin add up to the edge; counts at a bin's middle are the states then
        f.edges.forEach((e, k) => expect(f.edgeCounts.subarray(k * f.bins, (k + 1) * f.bins).reduce((x, y) => x + y, 0)).toBe(e.count));
        for (const k of [0, 17, 49]) {
          const tk = f.t0 + ((k + 0.5) * (f.t1 - f.t0)) / f.bins;
          const c = new Float64Array(NG);
          stateCountsAt(t, tk, c);
          const running = FLOW_NODES.findIndex((n) => n.key === 'g:running');
          expect(f.nodeCounts[running * f.bins + k]).toBe(c[GoState_Running]);
        }
      }
    });
  }
});

const GoState_Running = GO_STATES.indexOf('Running');

describe('the goroutines of an edge (the table filter)', () => {
  it('go1.27/trace.out: Running→Waiting "chan send" is 9 transitions by 9 goroutines; every edge filter picks its distinct goroutines', async () => {
    const { t, str } = await traceOf('go1.27/trace.out');
    const f = stateFlow(t, str, { range: null, cursor: null, bins: 0 });
    const send = f.edges.find((e) => FLOW_NODES[e.from].key === 'g:running' && e.reason === 'chan send')!;
    expect(send.count).toBe(9);
    expect(send.goroutines).toBe(9);
    for (const e of f.edges) {
      if (FLOW_NODES[e.from].lane !== 'G') continue;
      const mask = goroutinesWithTransition(t, str, { from: FLOW_NODES[e.from].key, to: FLOW_NODES[e.to].key, reason: e.reasonId, t0: null, t1: null });
      expect(mask.reduce((a, x) => a + x, 0), `${FLOW_NODES[e.from].key}→${FLOW_NODES[e.to].key} ${e.reason}`).toBe(e.goroutines);
    }
    // in a range: only the goroutines that made it inside
    const D = t.durationNs;
    const g = stateFlow(t, str, { range: { t0: 0.2 * D, t1: 0.6 * D }, cursor: null, bins: 0 });
    for (const e of g.edges) {
      if (FLOW_NODES[e.from].lane !== 'G') continue;
      const mask = goroutinesWithTransition(t, str, { from: FLOW_NODES[e.from].key, to: FLOW_NODES[e.to].key, reason: e.reasonId, t0: 0.2 * D, t1: 0.6 * D });
      expect(mask.reduce((a, x) => a + x, 0)).toBe(e.goroutines);
    }
  });

  it('classes wait reasons of traces and dumps', () => {
    expect(['chan send', 'chan receive (nil chan)', 'forever'].map(reasonClass)).toEqual(['channel', 'channel', 'channel']);
    expect(['select', 'select (no cases)'].map(reasonClass)).toEqual(['select', 'select']);
    expect(['sync', 'sync.(*Cond).Wait', 'sync.Mutex.Lock', 'semacquire'].map(reasonClass)).toEqual(['sync', 'sync', 'sync', 'sync']);
    expect(['network', 'IO wait', 'sleep'].map(reasonClass)).toEqual(['network', 'network', 'sleep']);
    expect(['GC background sweeper wait', 'GC sweep wait', 'force gc (idle)', 'wait until GC ends', 'GC mark assist wait for work'].map(reasonClass)).toEqual(['GC', 'GC', 'GC', 'GC', 'GC']);
    expect(['system goroutine wait', 'preempted', 'finalizer wait', ''].map(reasonClass)).toEqual(['system', 'system', 'system', 'other']);
  });
});

describe('the worker answers (Session)', () => {
  it('go1.27/trace.out: stateFlow for the whole trace, a range and a cursor; the table filter shows each edge\'s goroutines; a dump and a SCHED block by node', async () => {
    const { sessionWith, value } = await import('./session-helpers');
    const s = await sessionWith(['go1.27/trace.out']);
    const gen = s.currentGeneration;
    const ws = s.workspace(-1);
    const input = ws.traces.findIndex((t) => t !== null);
    const snap = ws.traces[input]!.snapshot;
    const whole = value(s.stateFlow(gen, input, null, null, 100));
    expect(whole.whole).toBe(true);
    expect(whole.nodeCounts.length).toBe(FLOW_NODES.length * 100);
    for (const e of whole.edges) {
      if (FLOW_NODES[e.from].lane !== 'G') continue;
      const rows = value(s.rows(gen, snap, { transition: { input, from: FLOW_NODES[e.from].key, to: FLOW_NODES[e.to].key, reason: e.reasonId, t0: null, t1: null } }, { key: 'goid', desc: false }));
      expect(rows.goroutines, `${FLOW_NODES[e.from].key}→${FLOW_NODES[e.to].key} ${e.reason}`).toBe(e.goroutines);
    }
    // a cursor move keeps the range's counts and only recounts the states at it
    const D = whole.durationNs;
    const a = value(s.stateFlow(gen, input, { t0: 0.2 * D, t1: 0.7 * D }, 0.3 * D, 100));
    const b = value(s.stateFlow(gen, input, { t0: 0.2 * D, t1: 0.7 * D }, 0.6 * D, 100));
    expect(b.edges).toEqual(a.edges);
    expect(Array.from(b.nodeCounts)).toEqual(Array.from(a.nodeCounts));
    const { t, str } = await traceOf('go1.27/trace.out');
    expect(Array.from(b.atCursor)).toEqual(Array.from(stateFlow(t, str, { range: null, cursor: 0.6 * D, bins: 0 }).atCursor));
  });

  it('dumps and SCHED blocks: goroutines by node add up to the truth', async () => {
    const { sessionWith, value } = await import('./session-helpers');
    for (const rel of ['go1.27/debug2.txt', 'go1.27/schedtrace-detail.txt']) {
      const s = await sessionWith([rel]);
      const ws = s.workspace(-1);
      const truth = fixtures((_, r) => r === rel)[0][1];
      let total = 0;
      const states: Record<string, number> = {};
      for (let i = 0; i < ws.snapshots.length; i++) {
        const d = value(s.stateDistribution(s.currentGeneration, i));
        total += d.goroutines;
        expect(d.nodes.reduce((x, n) => x + n.count, 0)).toBe(d.goroutines);
        for (const n of d.nodes) for (const r of n.reasons) if (!r.reason.includes('(was ')) states[r.reason] = (states[r.reason] ?? 0) + r.count;
      }
      const want = truth.expect.snapshots_total as { goroutines: number; states: Record<string, number> };
      expect(total).toBe(want.goroutines);
      if (rel.endsWith('debug2.txt')) expect(states).toEqual(want.states);
    }
  });
});
