/**
 * The first half of the flame builder: goroutine rows → leaves. A leaf is a distinct
 * (stack, wait reason, creation chain) with everything the tree needs summed over its rows: the
 * weight, goroutines, proven-leaked weight, the baseline's weight (diff), the wait-minute range and
 * the leak pattern. Rows are read once; stacks are never walked here (that happens once per leaf
 * in flame-assemble.ts), so the cost is one hash probe per row.
 *
 * This is the extension point for execution traces: a collector that turns trace segments (time
 * blocked by stack in a time range, goroutines still blocked at its end) into the same
 * `FlameLeaves` gets the whole tree, folded output and drawing for free.
 */
import { GFlag, type Snapshot } from '../model/model';
import type { ModelView } from '../model/read';
import { ensure, TripleIndex } from './flame-hash';

/** What a node's width measures. */
export type FlameWeight = 'goroutines' | 'leaked' | 'wait' | 'value' | 'blocked' | 'still-blocked';

/**
 * 'blocked' (execution traces): time blocked by stack within a time range (flame-trace.ts);
 * 'still-blocked' (execution traces): goroutines still Waiting when the trace ended.
 */
export const FLAME_WEIGHTS: readonly FlameWeight[] = ['goroutines', 'leaked', 'wait', 'value', 'blocked', 'still-blocked'];

/** No pattern known for a row or node. */
export const NO_PATTERN = 255;

/**
 * Creation chains interned as linked lists: chain c is "created by func[c]" (the `go` statement's
 * function, frame[c] its frame), whose creator goroutine's own chain is next[c] (-1: none known).
 */
export interface CreatorChains {
  count: number;
  func: Int32Array;
  frame: Int32Array;
  next: Int32Array;
}

export interface FlameLeaves {
  count: number;
  /** model stack id, -1 for a row without a stack */
  stack: Int32Array;
  /** wait reason string id; -1 when the input has no states (profiles) */
  state: Int32Array;
  /** creation chain (CreatorChains), -1 none or creators off */
  chain: Int32Array;
  /** summed weight (the chosen measure), goroutines (the rows' `weight` column), proven-leaked weight */
  weight: Float64Array;
  goroutines: Float64Array;
  leaked: Float64Array;
  /** the baseline snapshot's weight, when a baseline was given */
  base: Float64Array | null;
  /** smallest and largest wait minutes printed, -1 none */
  waitMin: Int32Array;
  waitMax: Int32Array;
  /** pattern of the leaf's rows (NO_PATTERN: none given); leaves whose rows disagree have a histogram in patternMix */
  pattern: Uint8Array;
  patternMix: Map<number, Float64Array>;
  /** the rows that carry weight, and the leaf of each */
  rows: Int32Array;
  rowLeaf: Int32Array;
  rowWeight: Float64Array;
  chains: CreatorChains;
}

export interface CollectOptions {
  snapshot: number;
  /** only these rows of the snapshot (rows of other snapshots are ignored) */
  rows?: ArrayLike<number> | null;
  weight: FlameWeight;
  creators: boolean;
  baseline?: number | null;
  baselineRows?: ArrayLike<number> | null;
  /** pattern index per model row (NO_PATTERN: none) */
  rowPattern?: Uint8Array | null;
}

/** The unit the chosen weight counts in, for labels ("goroutines", "goroutine-minutes", "nanoseconds", …). */
export function weightUnit(snap: Snapshot, weight: FlameWeight): string {
  switch (weight) {
    case 'goroutines':
    case 'still-blocked':
      return snap.kind === 'time-profile' ? snap.weightType.type || 'samples' : 'goroutines';
    case 'blocked':
      return 'nanoseconds';
    case 'leaked':
      return 'leaked goroutines';
    case 'wait':
      return 'goroutine-minutes';
    case 'value':
      return snap.value2Type ? snap.value2Type.unit || snap.value2Type.type : snap.kind === 'time-profile' ? snap.weightType.type || 'samples' : 'goroutines';
  }
}

const MODE = { goroutines: 0, leaked: 1, wait: 2, value: 3, 'still-blocked': 0, blocked: -1 } as const;

export function collectRowLeaves(view: ModelView, opts: CollectOptions): FlameLeaves {
  const m = view.model;
  const g = m.goroutines;
  const cap = 1024;
  const keys = new TripleIndex(cap);
  let weight = new Float64Array(cap);
  let goroutines = new Float64Array(cap);
  let leaked = new Float64Array(cap);
  let base: Float64Array | null = opts.baseline !== undefined && opts.baseline !== null ? new Float64Array(cap) : null;
  let waitMin = new Int32Array(cap).fill(-1);
  let waitMax = new Int32Array(cap).fill(-1);
  let pattern = new Uint8Array(cap).fill(NO_PATTERN);
  const patternMix = new Map<number, Float64Array>();
  const rp = opts.rowPattern ?? null;

  const chains: ChainBuilder | null = opts.creators ? new ChainBuilder(view) : null;

  const leafOf = (stack: number, state: number, chain: number): number => {
    const before = keys.count;
    const id = keys.add(stack, state, chain);
    if (keys.count !== before && id >= weight.length) {
      const n = id + 1;
      weight = ensure(weight, n);
      goroutines = ensure(goroutines, n);
      leaked = ensure(leaked, n);
      if (base) base = ensure(base, n);
      const oldLen = waitMin.length;
      waitMin = ensure(waitMin, n);
      waitMax = ensure(waitMax, n);
      waitMin.fill(-1, oldLen);
      waitMax.fill(-1, oldLen);
      const oldP = pattern.length;
      pattern = ensure(pattern, n);
      pattern.fill(NO_PATTERN, oldP);
    }
    return id;
  };

  // rows that carry weight, their leaf and weight: at most the snapshot's rows
  const main = m.snapshots[opts.snapshot];
  if (!main) throw new Error(`no snapshot ${opts.snapshot}`);
  const maxRows = opts.rows ? opts.rows.length : main.rowEnd - main.rowStart;
  const rowsOut = new Int32Array(maxRows);
  const leafOut = new Int32Array(maxRows);
  const weightOut = new Float64Array(maxRows);
  let nOut = 0;
  // stack → its last leaf: most stacks have one wait reason (and one creation chain), so most rows
  // find their leaf with one array read instead of a hash probe
  const byStack = new Int32Array(m.stacks.count + 1).fill(-1);

  const visit = (snapIndex: number, filter: ArrayLike<number> | null | undefined, isBase: boolean) => {
    const snap = m.snapshots[snapIndex];
    if (!snap) throw new Error(`no snapshot ${snapIndex}`);
    const mode = MODE[opts.weight];
    if (mode < 0) throw new Error('blocked-time weights come from a trace\'s segments (flame-trace.ts), not from rows');
    const useValue2 = snap.value2Type !== null;
    const stateful = snap.hasStates;
    if (chains) chains.startSnapshot(snapIndex);
    // consecutive rows usually share a stack: remember the last key
    let lastStack = -2;
    let lastState = -2;
    let lastChain = -2;
    let lastLeaf = -1;
    const one = (r: number) => {
      const wcol = g.weight[r];
      let w: number;
      switch (mode) {
        case 0:
          w = wcol;
          break;
        case 1:
          w = g.flags[r] & GFlag.Leaked ? wcol : 0;
          break;
        case 2:
          w = g.waitMinutes[r] > 0 ? g.waitMinutes[r] * wcol : 0;
          break;
        default:
          w = useValue2 ? g.value2[r] : wcol;
      }
      // a flame graph draws positive widths only: rows that weigh nothing in this measure are not in it
      if (!(w > 0)) return;
      const stack = g.stack[r];
      const state = stateful ? g.state[r] : -1;
      let leaf: number;
      const chain = chains ? chains.chainOfRow(r) : -1;
      if (stack === lastStack && state === lastState && chain === lastChain) leaf = lastLeaf;
      else {
        const known = byStack[stack + 1];
        if (known >= 0 && keys.b[known] === state && keys.c[known] === chain) leaf = known;
        else {
          leaf = leafOf(stack, state, chain);
          byStack[stack + 1] = leaf;
        }
        lastStack = stack;
        lastState = state;
        lastChain = chain;
        lastLeaf = leaf;
      }
      const p = rp ? rp[r] : NO_PATTERN;
      if (isBase) {
        base![leaf] += w;
        if (pattern[leaf] === NO_PATTERN) pattern[leaf] = p;
        return;
      }
      weight[leaf] += w;
      goroutines[leaf] += wcol;
      if (g.flags[r] & GFlag.Leaked) leaked[leaf] += w;
      const wm = g.waitMinutes[r];
      if (wm >= 0) {
        if (waitMin[leaf] < 0 || wm < waitMin[leaf]) waitMin[leaf] = wm;
        if (wm > waitMax[leaf]) waitMax[leaf] = wm;
      }
      if (p !== NO_PATTERN) {
        const cur = pattern[leaf];
        if (cur === NO_PATTERN) pattern[leaf] = p;
        else if (cur !== p || patternMix.has(leaf)) {
          let h = patternMix.get(leaf);
          if (!h) {
            // the rows seen so far all had `cur`
            h = new Float64Array(256);
            h[cur] = weight[leaf] - w;
            patternMix.set(leaf, h);
          }
          h[p] += w;
        }
      }
      rowsOut[nOut] = r;
      leafOut[nOut] = leaf;
      weightOut[nOut++] = w;
    };
    if (filter) {
      for (let i = 0; i < filter.length; i++) {
        const r = filter[i];
        if (r >= snap.rowStart && r < snap.rowEnd) one(r);
      }
    } else for (let r = snap.rowStart; r < snap.rowEnd; r++) one(r);
  };

  visit(opts.snapshot, opts.rows, false);
  if (base) visit(opts.baseline!, opts.baselineRows, true);

  const n = keys.count;
  return {
    count: n,
    stack: keys.a.slice(0, n),
    state: keys.b.slice(0, n),
    chain: keys.c.slice(0, n),
    weight: weight.slice(0, n),
    goroutines: goroutines.slice(0, n),
    leaked: leaked.slice(0, n),
    base: base ? base.slice(0, n) : null,
    waitMin: waitMin.slice(0, n),
    waitMax: waitMax.slice(0, n),
    pattern: pattern.slice(0, n),
    patternMix,
    rows: nOut === maxRows ? rowsOut : rowsOut.slice(0, nOut),
    rowLeaf: nOut === maxRows ? leafOut : leafOut.slice(0, nOut),
    rowWeight: nOut === maxRows ? weightOut : weightOut.slice(0, nOut),
    chains: chains ? chains.freeze() : { count: 0, func: new Int32Array(0), frame: new Int32Array(0), next: new Int32Array(0) },
  };
}

/**
 * Creation chains of a snapshot's rows: the row's `created by` frame, then — when the creator
 * goroutine (`in goroutine N`, Go 1.21+) is in the same snapshot — that goroutine's chain, else the
 * `[originating from goroutine N]` ancestor sections (GODEBUG=tracebackancestors) of the last
 * goroutine reached. As creators.ts's creatorChain, but interned (rows with the same chain share an
 * id) and memoised per row, so a chain is followed once however many goroutines it created.
 */
class ChainBuilder {
  private readonly index = new TripleIndex(256);
  private frames = new Int32Array(256);
  private memo = new Int32Array(0);
  private rowStart = 0;
  private goidToRow = new Map<number, number>();
  private ancestorsOfRow = new Map<number, number[]>();
  private readonly path: number[] = [];
  /** (created-by frame, creator goid) → chain: rows without ancestor sections that share both share the chain */
  private readonly byCreator = new TripleIndex(256);
  private byCreatorChain = new Int32Array(256);

  constructor(private readonly view: ModelView) {}

  startSnapshot(snapshot: number): void {
    const m = this.view.model;
    const snap = m.snapshots[snapshot];
    const g = m.goroutines;
    // goid → row, for the goroutines that created others only (a snapshot has few creators and
    // many goroutines: a map of every goid would cost more than the whole row pass)
    const creators = new Set<number>();
    let last = -1;
    for (let r = snap.rowStart; r < snap.rowEnd; r++) {
      const c = g.creatorGoid[r];
      if (c >= 0 && c !== last) {
        creators.add(c);
        last = c;
      }
    }
    this.goidToRow = new Map();
    if (snap.hasIds && creators.size) for (let r = snap.rowStart; r < snap.rowEnd; r++) if (creators.has(g.goid[r])) this.goidToRow.set(g.goid[r], r);
    // as creators.ts's creatorIndex
    this.ancestorsOfRow = new Map();
    m.ancestors.forEach((a, i) => {
      if (a.row < snap.rowStart || a.row >= snap.rowEnd) return;
      const list = this.ancestorsOfRow.get(a.row);
      if (list) list.push(i);
      else this.ancestorsOfRow.set(a.row, [i]);
    });
    this.rowStart = snap.rowStart;
    this.memo = new Int32Array(snap.rowEnd - snap.rowStart).fill(-2);
  }

  private intern(frame: number, next: number): number {
    const func = this.view.model.frames.func[frame];
    const before = this.index.count;
    const id = this.index.add(func, next, 0);
    if (this.index.count !== before) {
      this.frames = ensure(this.frames, id + 1);
      this.frames[id] = frame;
    }
    return id;
  }

  private ancestorsChain(row: number): number {
    const anc = this.ancestorsOfRow.get(row);
    if (!anc) return -1;
    const a = this.view.model.ancestors;
    let k = 0;
    while (k < anc.length && a[anc[k]].createdBy >= 0) k++;
    let c = -1;
    for (let i = k - 1; i >= 0; i--) c = this.intern(a[anc[i]].createdBy, c);
    return c;
  }

  chainOfRow(row: number): number {
    const g = this.view.model.goroutines;
    const memo = this.memo;
    const at = row - this.rowStart;
    if (memo[at] !== -2) return memo[at];
    const cb = g.createdBy[row];
    if (cb < 0) return (memo[at] = -1);
    let slot = -1;
    if (this.ancestorsOfRow.size === 0 || !this.ancestorsOfRow.has(row)) {
      const goid = g.creatorGoid[row];
      const lo = goid < 0 ? -1 : goid % 0x80000000;
      const hi = goid < 0 ? -1 : Math.floor(goid / 0x80000000) | 0;
      const before = this.byCreator.count;
      slot = this.byCreator.add(cb, lo, hi);
      if (this.byCreator.count === before) return (memo[at] = this.byCreatorChain[slot]);
      this.byCreatorChain = ensure(this.byCreatorChain, slot + 1);
    }
    const c = this.followChain(row);
    if (slot >= 0) this.byCreatorChain[slot] = c;
    return c;
  }

  private followChain(row: number): number {
    const g = this.view.model.goroutines;
    const memo = this.memo;
    const at = row - this.rowStart;
    // follow creators until a row already known, a row without `created by`, or a creator not in the snapshot
    const path = this.path;
    path.length = 0;
    let r = row;
    let tail: number;
    for (;;) {
      const k = r - this.rowStart;
      if (memo[k] !== -2) {
        tail = memo[k];
        break;
      }
      if (g.createdBy[r] < 0) {
        memo[k] = -1;
        tail = -1;
        break;
      }
      if (path.includes(r) || path.length >= 64) {
        tail = -1;
        break;
      }
      path.push(r);
      const goid = g.creatorGoid[r];
      const cr = goid >= 0 ? this.goidToRow.get(goid) : undefined;
      if (cr === undefined) {
        tail = this.ancestorsChain(r);
        break;
      }
      r = cr;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const pr = path[i];
      tail = this.intern(g.createdBy[pr], tail);
      memo[pr - this.rowStart] = tail;
    }
    return memo[at];
  }

  freeze(): CreatorChains {
    const n = this.index.count;
    return { count: n, func: this.index.a.slice(0, n), frame: this.frames.slice(0, n), next: this.index.b.slice(0, n) };
  }
}
