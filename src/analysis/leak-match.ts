/**
 * Carrying the runtime's leak proof over: a goroutineleak profile (debug=0/1, or a debug=2 dump
 * with `(leaked)` marks) and a full dump of the same process loaded together — the goroutines of
 * the full dump whose stacks match a leaked stack get the leaked mark, so the proof and the
 * details show in one place.
 *
 * Stacks are compared as function sequences, innermost first, after normalising what differs
 * between formats: runtime.* frames (hidden in level-1 tracebacks and at the top of debug=1,
 * shown in pprof), Go-statement wrappers (`.gowrapN`, hidden 1.22+) and generic shapes
 * (`[go.shape.int]` in protobuf vs `[...]` in text). Deep stacks are cut differently by each
 * format (32/128 PCs in profiles, 50+50 frames or a silent cut at 100 in tracebacks), so when a
 * stack may be cut, the innermost frames they share (at least 24, at most 50) decide.
 */
import { GFlag } from '../model/model';
import type { ModelView } from '../model/read';
import { hiddenInTraceback, normalizeGeneric } from './stack-info';

const KEY_FRAMES = 24;
const ELIDED_KEEP = 50;
const MAYBE_CUT_DEPTH = 32;

interface NormStack {
  funcs: string[];
  maybeCut: boolean;
}

function normalized(view: ModelView, stack: number, flags: number, cache: Map<number, string[]>): NormStack {
  let funcs = cache.get(stack);
  if (!funcs) {
    funcs = [];
    for (const f of view.stackFrames(stack)) {
      const name = view.frameFunc(f);
      if (!hiddenInTraceback(name)) funcs.push(normalizeGeneric(name));
    }
    cache.set(stack, funcs);
  }
  const maybeCut = (flags & (GFlag.Elided | GFlag.Truncated)) !== 0 || view.stackDepth(stack) >= MAYBE_CUT_DEPTH;
  return { funcs, maybeCut };
}

function matches(a: NormStack, b: NormStack): boolean {
  if (a.funcs.length === b.funcs.length && a.funcs.every((f, i) => f === b.funcs[i])) return true;
  if (!a.maybeCut && !b.maybeCut) return false;
  const n = Math.min(a.funcs.length, b.funcs.length, ELIDED_KEEP);
  if (n < KEY_FRAMES) return false;
  for (let i = 0; i < n; i++) if (a.funcs[i] !== b.funcs[i]) return false;
  return true;
}

/** Snapshots whose rows carry leak proof: goroutineleak profiles, and dumps with `(leaked)` rows. */
export function leakSourceSnapshots(view: ModelView): number[] {
  const m = view.model;
  const out: number[] = [];
  m.snapshots.forEach((s, i) => {
    if (s.kind !== 'traceback' && s.kind !== 'profile') return;
    if (s.leakProfile) return void out.push(i);
    for (let r = s.rowStart; r < s.rowEnd; r++)
      if (m.goroutines.flags[r] & GFlag.Leaked) {
        out.push(i);
        return;
      }
  });
  return out;
}

export interface LeakCarry {
  /** snapshot the marks were carried into */
  target: number;
  /** snapshots the proof came from */
  sources: number[];
  /** per goroutine row of the target snapshot (index row - rowStart): 1 = carried leaked mark */
  carried: Uint8Array;
  /** goroutines marked by carrying (not counting those already marked in the target) */
  carriedCount: number;
  /** leaked goroutines the sources declare, and how many of them found no match in the target */
  sourceLeaked: number;
  unmatched: number;
}

/** Carries the leaked marks of `sources` onto the rows of snapshot `target`. */
export function carryLeakMarks(view: ModelView, target: number, sources: number[]): LeakCarry {
  const m = view.model;
  const g = m.goroutines;
  const snap = m.snapshots[target];
  const carried = new Uint8Array(snap.rowEnd - snap.rowStart);
  const cache = new Map<number, string[]>();
  const byKey = new Map<string, { norm: NormStack; weight: number; used: boolean }[]>();
  let sourceLeaked = 0;
  for (const s of sources) {
    if (s === target) continue;
    const src = m.snapshots[s];
    for (let r = src.rowStart; r < src.rowEnd; r++) {
      if (!(src.leakProfile || g.flags[r] & GFlag.Leaked) || g.stack[r] < 0) continue;
      sourceLeaked += g.weight[r];
      const norm = normalized(view, g.stack[r], g.flags[r], cache);
      const key = norm.funcs.slice(0, KEY_FRAMES).join('\u0000');
      const list = byKey.get(key);
      const e = { norm, weight: g.weight[r], used: false };
      if (list) list.push(e);
      else byKey.set(key, [e]);
    }
  }
  let carriedCount = 0;
  const memo = new Map<number, number>(); // stack|flags-cut → index of a matching entry or -1
  for (let r = snap.rowStart; r < snap.rowEnd; r++) {
    if (g.stack[r] < 0 || g.flags[r] & (GFlag.G0 | GFlag.Leaked)) continue;
    const norm = normalized(view, g.stack[r], g.flags[r], cache);
    const memoKey = g.stack[r] * 2 + (norm.maybeCut ? 1 : 0);
    let hit = memo.get(memoKey);
    if (hit === undefined) {
      hit = -1;
      const list = byKey.get(norm.funcs.slice(0, KEY_FRAMES).join('\u0000'));
      if (list) {
        for (let i = 0; i < list.length; i++) {
          if (!matches(norm, list[i].norm)) continue;
          list[i].used = true;
          if (hit < 0) hit = i;
        }
      }
      memo.set(memoKey, hit);
    }
    if (hit >= 0) {
      carried[r - snap.rowStart] = 1;
      carriedCount += g.weight[r];
    }
  }
  let unmatched = 0;
  for (const list of byKey.values()) for (const e of list) if (!e.used) unmatched += e.weight;
  return { target, sources: sources.filter((s) => s !== target), carried, carriedCount, sourceLeaked, unmatched };
}
