/**
 * The goroutine segments checked against what they are made from: the transitions Go's reader
 * reports (the truth files' counts), the goroutine table, and `go tool trace -pprof` profiles of
 * the same trace (blocked time by stack).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/model/model';
import {
  GO_STATES,
  GoState,
  findResourceSegment,
  findSegment,
  PROC_STATES,
  resourceFirstSegment,
  resourceSegmentCount,
  resourceStateCountsAt,
  resourceTransitionCounts,
  goroutineFirstSegment,
  goroutineSegmentCount,
  goroutineStateAt,
  goroutineTimeInState,
  segmentEnd,
  segmentProc,
  segmentStart,
  segmentState,
  segmentThread,
  segmentUnblockedBy,
  stateCountsAt,
  timeByStack,
  transitionCounts,
  type TraceModel,
} from '../src/model/trace';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';
import { FIXTURES, fixtures } from './expect';

const NG = GO_STATES.length;

async function load(b: ModelBuilder, rel: string): Promise<number> {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, rel)));
  return parseInput(b, { name: rel.split('/').pop()!, size: bytes.length, chunks: bufferChunks(bytes, 1 << 16) });
}

async function traceOf(rel: string): Promise<{ b: ModelBuilder; t: TraceModel }> {
  const b = new ModelBuilder();
  const i = await load(b, rel);
  return { b, t: b.traces[b.inputs[i].trace] };
}

const traces = fixtures((t) => t.expect.format === 'execution-trace');

describe('goroutine segments', () => {
  for (const [rel, truth] of traces) {
    it(`${rel}: one segment per state entered, as many state changes as Go's reader reports, time per state as the goroutine table`, async () => {
      const { t } = await traceOf(rel);
      const want = truth.expect.trace as { transitions: Record<string, number>; segments?: number };
      // every transition that enters a new state (X→X restatements are not state changes) is a segment start
      const counts = new Float64Array(t.segments.reasons.length * NG * NG);
      transitionCounts(t, -Infinity, Infinity, counts);
      const byPair: Record<string, number> = {};
      for (let c = 0; c < t.segments.reasons.length; c++)
        for (let f = 0; f < NG; f++)
          for (let to = 0; to < NG; to++) {
            const n = counts[(c * NG + f) * NG + to];
            if (n > 0) byPair[`${GO_STATES[f]}->${GO_STATES[to]}`] = (byPair[`${GO_STATES[f]}->${GO_STATES[to]}`] ?? 0) + n;
          }
      const changes = Object.fromEntries(Object.entries(want.transitions).filter(([k]) => k.split('->')[0] !== k.split('->')[1]));
      expect(byPair).toEqual(changes);
      if (want.segments !== undefined) expect(t.segments.count).toBe(want.segments);
      const g = t.goroutines;
      for (let r = 0; r < g.count; r++) {
        const first = goroutineFirstSegment(t, r);
        const n = goroutineSegmentCount(t, r);
        const time = new Float64Array(NG);
        let starts = 0;
        let blocks = 0;
        let syscalls = 0;
        for (let i = first; i < first + n; i++) {
          const st = segmentState(t, i);
          time[st] += segmentEnd(t, i, r) - segmentStart(t, i);
          const prev = i > first ? segmentState(t, i - 1) : -1;
          if (prev === GoState.Runnable && st === GoState.Running) starts++;
          if (prev === GoState.Running && st === GoState.Waiting) blocks++;
          if (prev === GoState.Running && st === GoState.Syscall) syscalls++;
          if (st === GoState.Running || st === GoState.Syscall) expect(segmentProc(t, i) >= 0 || segmentThread(t, i) >= -1).toBe(true);
        }
        for (const st of [GoState.Running, GoState.Runnable, GoState.Waiting, GoState.Syscall]) expect(time[st], `${rel} row ${r} ${GO_STATES[st]}`).toBe(goroutineTimeInState(t, r, st));
        expect([starts, blocks, syscalls]).toEqual([g.starts[r], g.blocks[r], g.syscalls[r]]);
      }
    });
  }

  it('finds the segment at a time by binary search, and counts states at a time', async () => {
    const { t } = await traceOf('go1.27/trace.out');
    const g = t.goroutines;
    for (let r = 0; r < g.count; r += 3) {
      const first = goroutineFirstSegment(t, r);
      const n = goroutineSegmentCount(t, r);
      for (let i = first; i < first + n; i++) {
        const mid = (segmentStart(t, i) + segmentEnd(t, i, r)) / 2;
        if (segmentEnd(t, i, r) > segmentStart(t, i)) {
          expect(findSegment(t, r, mid)).toBe(i);
          expect(goroutineStateAt(t, r, mid)).toBe(segmentState(t, i));
        }
      }
      expect(findSegment(t, r, -1)).toBe(first);
    }
    // at the end of the trace: the alive goroutines, by their last state
    const at = new Float64Array(NG);
    stateCountsAt(t, t.durationNs - 1e-3, at);
    const alive = new Float64Array(NG);
    for (let r = 0; r < g.count; r++) if (g.lastState[r] !== GoState.NotExist) alive[g.lastState[r]]++;
    for (const st of [GoState.Running, GoState.Runnable, GoState.Waiting, GoState.Syscall]) expect(at[st]).toBe(alive[st]);
  });

  it('P segments: consecutive per P, in time order, end to end; state changes and states at a time', async () => {
    for (const rel of ['go1.27/trace.out', 'go1.21/trace.out', 'extra-traces/go1.26-multigen.trace']) {
      const { t } = await traceOf(rel);
      const s = t.procSegments;
      let total = 0;
      for (let k = 0; k < s.ids.length; k++) {
        const a = resourceFirstSegment(s, k);
        const n = resourceSegmentCount(s, k);
        total += n;
        for (let i = a; i < a + n; i++) {
          expect(s.end[i]).toBeGreaterThanOrEqual(s.start[i]);
          if (i > a) expect(s.start[i]).toBe(s.end[i - 1]);
          expect(findResourceSegment(s, k, (s.start[i] + s.end[i]) / 2)).toBe(s.end[i] > s.start[i] ? i : findResourceSegment(s, k, (s.start[i] + s.end[i]) / 2));
        }
      }
      expect(total).toBe(s.count);
      // every state change of a P is a segment start: the same as the whole-trace matrix, without the X→X restatements
      const NP = PROC_STATES.length;
      const out = new Float64Array(NP * NP);
      resourceTransitionCounts(s, NP, -Infinity, Infinity, out);
      const whole = t.procFlow.transitions;
      let changes = 0;
      for (let f = 0; f < NP; f++) for (let to = 0; to < NP; to++) if (f !== to) changes += whole[f * NP + to];
      expect(out.reduce((x, y) => x + y, 0)).toBe(changes);
      const at = new Float64Array(NP);
      resourceStateCountsAt(s, t.durationNs / 2, at);
      expect(at.reduce((x, y) => x + y, 0)).toBe(s.ids.length);
    }
  });

  it('knows who unblocked a goroutine: the worker pool is woken by main', async () => {
    const { b, t } = await traceOf('go1.27/trace.out');
    const g = t.goroutines;
    let woken = 0;
    for (let r = 0; r < g.count; r++) {
      if (b.strings.get(g.startFunc[r]) !== 'main.poolWorker') continue;
      const first = goroutineFirstSegment(t, r);
      for (let i = first; i < first + goroutineSegmentCount(t, r); i++) if (segmentUnblockedBy(t, i) >= 0) woken++;
    }
    expect(woken).toBeGreaterThanOrEqual(20);
  });
});

describe('blocked time by stack equals go tool trace -pprof', () => {
  // cmd/trace/pprof.go: which state and reasons each profile tracks
  const kinds: [string, number, (reason: string) => boolean][] = [
    ['sync', GoState.Waiting, (r) => r.includes('chan') || r.includes('sync') || r.includes('select')],
    ['net', GoState.Waiting, (r) => r === 'network'],
    ['syscall', GoState.Syscall, () => true],
    ['sched', GoState.Runnable, () => true],
  ];
  for (const [kind, state, track] of kinds) {
    it(`go1.27/trace.out, -pprof=${kind}`, async () => {
      const b = new ModelBuilder();
      const ti = await load(b, 'go1.27/trace.out');
      const t = b.traces[b.inputs[ti].trace];
      const pi = await load(b, `go1.27/trace-pprof-${kind}.pb.gz`);
      // from the segments
      const ok = Uint8Array.from(t.segments.reasons, (id) => (track(b.strings.get(id)) ? 1 : 0));
      const time = new Float64Array(b.stackFrame.length + 1);
      const count = new Float64Array(b.stackFrame.length + 1);
      timeByStack(t, state, ok, -Infinity, Infinity, { countOpen: false, fromFirstRun: true }, time, count);
      const funcs = (s: number) => {
        const out: string[] = [];
        for (let x = s; x >= 0 && out.length < 128; x = b.stackParent.data[x]) out.push(b.strings.get(b.frameFunc.data[b.stackFrame.data[x]]));
        return out.join(' <- ');
      };
      const ours = new Map<string, [number, number]>();
      for (let k = 0; k < time.length; k++) {
        if (count[k] === 0) continue;
        const f = funcs(k - 1);
        ours.set(f, [(ours.get(f)?.[0] ?? 0) + count[k], (ours.get(f)?.[1] ?? 0) + time[k]]);
      }
      // from the profile: weight = contentions (count), value2 = delay (ns)
      const m = b.freeze();
      const snap = m.snapshots[m.inputs[pi].snapshotStart];
      const theirs = new Map<string, [number, number]>();
      for (let r = snap.rowStart; r < snap.rowEnd; r++) {
        const k = funcs(m.goroutines.stack[r]);
        const e = theirs.get(k) ?? [0, 0];
        theirs.set(k, [e[0] + m.goroutines.weight[r], e[1] + m.goroutines.value2[r]]);
      }
      expect(theirs.size).toBeGreaterThan(0);
      expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
    });
  }
});
