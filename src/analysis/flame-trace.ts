/**
 * Flame leaves from an execution trace's lifecycle segments (the extension point flame-leaves.ts
 * names): time goroutines spent blocked within a time range, by the stack of the transition that
 * blocked them and its reason — what `go tool trace -pprof=sync|net|syscall|sched` gives, without
 * leaving the page — plus 'waiting': every Waiting interval, those still open at the end of the
 * trace included (the leaks Go's profiles leave out). The same FlameLeaves as the row collector, so
 * the tree, folding, orientations and folded output are shared.
 *
 * A goroutine blocked at several stacks is in several leaves: `rows` holds one entry per
 * (goroutine row, leaf) with the time it contributed, so rowsUnder(node) may name a row more than
 * once (callers de-duplicate). `goroutines` per leaf counts blocking intervals (contentions). Pure.
 */
import type { ModelView } from '../model/read';
import { GoState, segmentEnd, type TraceModel } from '../model/trace';
import { ensure, TripleIndex } from './flame-hash';
import { NO_PATTERN, type FlameLeaves } from './flame-leaves';

/** Which intervals count: Go's four -pprof profiles, or every Waiting interval. */
export type BlockedKind = 'waiting' | 'sync' | 'net' | 'syscall' | 'sched';

export const BLOCKED_KINDS: readonly BlockedKind[] = ['waiting', 'sync', 'net', 'syscall', 'sched'];

export interface TraceLeavesOptions {
  kind: BlockedKind;
  /** ns from the trace start; [t0, t1) (default: the whole trace) */
  t0?: number;
  t1?: number;
  /** pattern index per model row (NO_PATTERN: none) */
  rowPattern?: Uint8Array | null;
}

/** The trace whose goroutines snapshot `snapshot` is (a 'trace-end' snapshot), else null. */
export function traceOfSnapshot(view: ModelView, snapshot: number): TraceModel | null {
  const m = view.model;
  const snap = m.snapshots[snapshot];
  if (!snap || snap.kind !== 'trace-end') return null;
  const ti = m.inputs[snap.input]?.trace ?? -1;
  return ti >= 0 ? (m.traces[ti] ?? null) : null;
}

/** cmd/trace/pprof.go: the state each profile tracks and which reasons it keeps. */
function kindFilter(view: ModelView, t: TraceModel, kind: BlockedKind): { state: number; ok: Uint8Array | null; countOpen: boolean; fromFirstRun: boolean } {
  const reasons = t.segments.reasons;
  const by = (f: (r: string) => boolean) => Uint8Array.from(reasons, (id) => (f(view.str(id)) ? 1 : 0));
  switch (kind) {
    case 'sync':
      return { state: GoState.Waiting, ok: by((r) => r.includes('chan') || r.includes('sync') || r.includes('select')), countOpen: false, fromFirstRun: true };
    case 'net':
      return { state: GoState.Waiting, ok: by((r) => r === 'network'), countOpen: false, fromFirstRun: true };
    case 'syscall':
      return { state: GoState.Syscall, ok: null, countOpen: false, fromFirstRun: true };
    case 'sched':
      return { state: GoState.Runnable, ok: null, countOpen: false, fromFirstRun: true };
    default:
      return { state: GoState.Waiting, ok: null, countOpen: true, fromFirstRun: false };
  }
}

const STATE_WORDS: Record<number, string> = { [GoState.Waiting]: 'waiting', [GoState.Syscall]: 'syscall', [GoState.Runnable]: 'runnable' };

/**
 * Leaves (stack of the blocking transition, reason, no creation chain) of the trace of `snapshot`
 * (its 'trace-end' snapshot; model row = snapshot.rowStart + trace goroutine row).
 */
export function collectTraceLeaves(view: ModelView, snapshot: number, opts: TraceLeavesOptions): FlameLeaves {
  const t = traceOfSnapshot(view, snapshot);
  if (!t) throw new Error(`snapshot ${snapshot} is not the goroutines of an execution trace`);
  const snap = view.model.snapshots[snapshot];
  const f = kindFilter(view, t, opts.kind);
  const t0 = opts.t0 ?? -Infinity;
  const t1 = opts.t1 ?? Infinity;
  const s = t.segments;
  const g = t.goroutines;
  const reasonIds = s.reasons;
  // a segment without a reason is named by its state ("syscall", "runnable", "waiting")
  const stateWord = view.strings.find(STATE_WORDS[f.state] ?? 'waiting');
  const rp = opts.rowPattern ?? null;

  const keys = new TripleIndex(1024);
  let weight = new Float64Array(1024);
  let count = new Float64Array(1024);
  let pattern = new Uint8Array(1024).fill(NO_PATTERN);
  let rows = new Int32Array(1024);
  let rowLeaf = new Int32Array(1024);
  let rowWeight = new Float64Array(1024);
  let nRows = 0;

  for (let r = 0; r < g.count; r++) {
    const a0 = s.offset[r];
    const b = s.offset[r + 1];
    if (a0 === b) continue;
    let from = t0;
    if (f.fromFirstRun) {
      for (let i = a0; i < b; i++)
        if (s.state[i] === GoState.Running) {
          from = Math.max(t0, s.start[i]);
          break;
        }
    }
    const row = snap.rowStart + r;
    // this row's last leaf, to add up its intervals at one stack into one entry
    let lastLeaf = -1;
    for (let i = a0; i < b; i++) {
      if (s.state[i] !== f.state || (f.ok !== null && f.ok[s.reason[i]] !== 1)) continue;
      const open = i + 1 === b && !(g.lastState[r] === GoState.NotExist && g.endedNs[r] >= 0);
      if (open && !f.countOpen) continue;
      const a = Math.max(from, s.start[i]);
      const e = Math.min(t1, segmentEnd(t, i, r));
      if (!(e > a)) continue;
      const rid = reasonIds[s.reason[i]];
      const before = keys.count;
      const leaf = keys.add(s.stack[i], rid > 0 ? rid : stateWord > 0 ? stateWord : 0, -1);
      if (keys.count !== before && leaf >= weight.length) {
        weight = ensure(weight, leaf + 1);
        count = ensure(count, leaf + 1);
        const old = pattern.length;
        pattern = ensure(pattern, leaf + 1);
        pattern.fill(NO_PATTERN, old);
      }
      weight[leaf] += e - a;
      count[leaf]++;
      if (rp && pattern[leaf] === NO_PATTERN) pattern[leaf] = rp[row];
      if (leaf === lastLeaf && rows[nRows - 1] === row) rowWeight[nRows - 1] += e - a;
      else {
        if (nRows === rows.length) {
          rows = ensure(rows, nRows + 1);
          rowLeaf = ensure(rowLeaf, nRows + 1);
          rowWeight = ensure(rowWeight, nRows + 1);
        }
        rows[nRows] = row;
        rowLeaf[nRows] = leaf;
        rowWeight[nRows++] = e - a;
        lastLeaf = leaf;
      }
    }
  }
  const n = keys.count;
  return {
    count: n,
    stack: keys.a.slice(0, n),
    state: keys.b.slice(0, n),
    chain: keys.c.slice(0, n),
    weight: weight.slice(0, n),
    goroutines: count.slice(0, n),
    leaked: new Float64Array(n),
    base: null,
    waitMin: new Int32Array(n).fill(-1),
    waitMax: new Int32Array(n).fill(-1),
    pattern: pattern.slice(0, n),
    patternMix: new Map(),
    rows: rows.slice(0, nRows),
    rowLeaf: rowLeaf.slice(0, nRows),
    rowWeight: rowWeight.slice(0, nRows),
    chains: { count: 0, func: new Int32Array(0), frame: new Int32Array(0), next: new Int32Array(0) },
  };
}

/** Rows of a trace's goroutines snapshot still blocked (Waiting) when the trace ended. */
export function stillBlockedRows(view: ModelView, snapshot: number): Int32Array {
  const t = traceOfSnapshot(view, snapshot);
  if (!t) throw new Error(`snapshot ${snapshot} is not the goroutines of an execution trace`);
  const start = view.model.snapshots[snapshot].rowStart;
  const out: number[] = [];
  for (let r = 0; r < t.goroutines.count; r++) if (t.goroutines.lastState[r] === GoState.Waiting) out.push(start + r);
  return Int32Array.from(out);
}
