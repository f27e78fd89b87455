/**
 * The flame graph of park sites: a tree of where goroutines wait, built from one snapshot's rows.
 *
 * Entry-rooted (default): the start function at the base, frames toward the park site, the wait
 * reason as the tip (`main.main;main.serve;main.handle;[chan receive]`). Park-rooted: the wait
 * reason, then the park site, then its callers down to the start function. With `foldRuntime` (on
 * by default) the runtime and standard-library frames inner to the park site fold into the tip, and
 * the frames level-1 tracebacks hide (runtime.*, `.gowrapN`) are dropped outside it, so a debug=2
 * dump, a SIGQUIT dump, a debug=1 text and a pprof profile of one process draw the same tree.
 *
 * Pure and DOM-free: runs in the worker, the CLI and tests. Work is over stack ids: rows are counted
 * per (stack, wait reason, creation chain) once (flame-leaves.ts), then each distinct stack is
 * walked once (flame-assemble.ts). Layout of the result: flame-types.ts.
 */
import type { ModelView } from '../model/read';
import { parkSitesByStack } from './park-site';
import { PATTERN_ORDER } from './patterns';
import { defaultSnapshot } from './index';
import { assembleFlameTree } from './flame-assemble';
import { collectRowLeaves, NO_PATTERN, weightUnit, type FlameLeaves, type FlameWeight } from './flame-leaves';
import { collectTraceLeaves, stillBlockedRows, type BlockedKind } from './flame-trace';
import { FlameFlag, FlameNodeKind, type FlameTree } from './flame-types';

export * from './flame-types';
export { FLAME_WEIGHTS, type FlameWeight } from './flame-leaves';
export { BLOCKED_KINDS, type BlockedKind } from './flame-trace';

export type FlameOrientation = 'entry' | 'park';

export interface FlameOptions {
  /** the snapshot drawn (default: `defaultFlameSnapshot`) */
  snapshot?: number;
  /** only these rows of the snapshot: a filter from elsewhere (goroutine table, label, group) */
  rows?: ArrayLike<number> | null;
  /** default 'goroutines' */
  weight?: FlameWeight;
  /** default 'entry' */
  orientation?: FlameOrientation;
  /** default true */
  foldRuntime?: boolean;
  /** default false: the creation chain below the start function */
  creators?: boolean;
  /** a baseline snapshot (diff): per node its weight there, in `base` */
  baseline?: number | null;
  baselineRows?: ArrayLike<number> | null;
  /** leak pattern per model row (index into patternNames, NO_PATTERN none); see `rowPatterns` */
  rowPattern?: Uint8Array | null;
  /** names of the pattern indices (default: the analysis's PATTERN_ORDER) */
  patternNames?: readonly string[];
  /** children heaviest first (default) or by name (stable between snapshots) */
  sort?: 'weight' | 'name';
  /** park-site frame per stack, when the caller has it (parkSitesByStack) */
  parkByStack?: Int32Array;
  /** sandwich: only paths through `func` (its outermost call), one side of it; see `buildSandwich` */
  focus?: { func: string; side: 'callers' | 'callees' } | null;
  /** 'blocked' weight: which intervals count (default 'waiting') and the range, ns from the trace start (default: all of it) */
  trace?: { kind?: BlockedKind; t0?: number; t1?: number } | null;
}

/**
 * The snapshot a flame graph shows by default: the analysis's current snapshot (latest goroutine
 * dump or profile), else the last time profile or trace end with rows; -1 when there is none.
 */
export function defaultFlameSnapshot(view: ModelView): number {
  const cur = defaultSnapshot(view);
  if (cur >= 0) return cur;
  const snaps = view.model.snapshots;
  for (let i = snaps.length - 1; i >= 0; i--) if (snaps[i].rowEnd > snaps[i].rowStart && (snaps[i].kind === 'time-profile' || snaps[i].kind === 'trace-end')) return i;
  return -1;
}

export function buildFlameTree(view: ModelView, opts: FlameOptions = {}): FlameTree {
  const snapshot = opts.snapshot ?? defaultFlameSnapshot(view);
  const snap = view.model.snapshots[snapshot];
  if (!snap) throw new Error(snapshot < 0 ? 'no goroutine snapshot loaded' : `no snapshot ${snapshot}`);
  const weight = opts.weight ?? 'goroutines';
  const orientation = opts.orientation ?? 'entry';
  const foldRuntime = opts.foldRuntime ?? true;
  const creators = opts.creators ?? false;
  const baseline = opts.baseline ?? null;
  if (baseline !== null && !view.model.snapshots[baseline]) throw new Error(`no baseline snapshot ${baseline}`);
  let traceInfo: FlameTree['trace'] = null;
  let leaves;
  if (weight === 'blocked') {
    const kind = opts.trace?.kind ?? 'waiting';
    const t0 = opts.trace?.t0 ?? -Infinity;
    const t1 = opts.trace?.t1 ?? Infinity;
    leaves = collectTraceLeaves(view, snapshot, { kind, t0, t1, rowPattern: opts.rowPattern });
    if (opts.rows) {
      const keep = new Set(Array.from(opts.rows));
      leaves = restrictLeaves(leaves, keep);
    }
    traceInfo = { kind, t0, t1 };
  } else {
    let rows = opts.rows;
    if (weight === 'still-blocked') {
      const blocked = stillBlockedRows(view, snapshot);
      const keep = rows ? new Set(Array.from(rows)) : null;
      rows = keep ? blocked.filter((r) => keep.has(r)) : blocked;
    }
    leaves = collectRowLeaves(view, { snapshot, rows, weight, creators, baseline, baselineRows: opts.baselineRows, rowPattern: opts.rowPattern });
  }
  let focus: { funcs: Set<number>; side: 'callers' | 'callees' } | null = null;
  if (opts.focus) {
    const id = view.strings.find(opts.focus.func);
    focus = { funcs: new Set(id > 0 ? [id] : []), side: opts.focus.side };
  }
  return assembleFlameTree(view, leaves, {
    orientation,
    foldRuntime,
    focus,
    sort: opts.sort ?? 'weight',
    patternNames: opts.patternNames ?? PATTERN_ORDER,
    parkByStack: opts.parkByStack ?? parkSitesByStack(view),
    rootName: opts.focus ? `${opts.focus.side} of ${opts.focus.func}` : 'all',
    info: {
      snapshot,
      baseline,
      weightKind: weight,
      unit: weightUnit(snap, weight),
      orientation,
      foldRuntime,
      creators,
      focus: opts.focus ? { ...opts.focus } : null,
      hasStates: snap.hasStates,
      trace: traceInfo,
    },
  });
}

/** Leaves keeping only the rows in `keep` (their weights re-summed). */
function restrictLeaves(l: FlameLeaves, keep: Set<number>): FlameLeaves {
  const weight = new Float64Array(l.count);
  const goroutines = new Float64Array(l.count);
  const idx: number[] = [];
  for (let k = 0; k < l.rows.length; k++) {
    if (!keep.has(l.rows[k])) continue;
    idx.push(k);
    weight[l.rowLeaf[k]] += l.rowWeight[k];
    goroutines[l.rowLeaf[k]]++;
  }
  return {
    ...l,
    weight,
    goroutines,
    rows: Int32Array.from(idx, (k) => l.rows[k]),
    rowLeaf: Int32Array.from(idx, (k) => l.rowLeaf[k]),
    rowWeight: Float64Array.from(idx, (k) => l.rowWeight[k]),
  };
}

/**
 * Speedscope's sandwich view for one function: who calls it (an inverted tree: the function, its
 * callers, their callers … down to the start function and, with creators, who started it) and what
 * it calls (the function, its callees … up to the wait reason). Both count each path once, from the
 * function's outermost call, so recursion does not count twice.
 */
export function buildSandwich(view: ModelView, func: string, opts: Omit<FlameOptions, 'focus' | 'orientation'> = {}): { callers: FlameTree; callees: FlameTree } {
  const parkByStack = opts.parkByStack ?? parkSitesByStack(view);
  return {
    callers: buildFlameTree(view, { ...opts, parkByStack, focus: { func, side: 'callers' } }),
    callees: buildFlameTree(view, { ...opts, parkByStack, focus: { func, side: 'callees' } }),
  };
}

/** Leak pattern per model row from the analysis's groups (`analyze(view).groups`): for `rowPattern`. */
export function rowPatterns(groups: { rowGroup: Int32Array; pattern: Uint8Array }): Uint8Array {
  const out = new Uint8Array(groups.rowGroup.length).fill(NO_PATTERN);
  for (let r = 0; r < out.length; r++) {
    const gi = groups.rowGroup[r];
    if (gi >= 0) out[r] = groups.pattern[gi];
  }
  return out;
}

/**
 * The goroutine rows under a node: exactly the rows whose path passes through it (for a click that
 * filters the goroutine table). In 'goroutines' weight their `weight` column sums to the node's weight.
 * A view into the tree's `rows`, in node order.
 */
export function rowsUnder(tree: FlameTree, node: number): Int32Array {
  if (node < 0 || node >= tree.count) return tree.rows.subarray(0, 0);
  return tree.rows.subarray(tree.rowOffset[node], tree.rowOffset[tree.end[node]]);
}

/** The node's text as drawn and folded: `main.f`, `[chan send]`, `created by main.g`. */
export function nodeLabel(tree: FlameTree, i: number): string {
  const name = tree.names[tree.name[i]];
  switch (tree.kind[i]) {
    case FlameNodeKind.Tip:
      return `[${name}]`;
    case FlameNodeKind.Creator:
      return `created by ${name}`;
    default:
      return name;
  }
}

/** The node's function (frames, creators, a tip named after a call), else null. */
export function nodeFunction(tree: FlameTree, i: number): string | null {
  const k = tree.kind[i];
  if (k === FlameNodeKind.Frame || k === FlameNodeKind.Creator) return tree.frame[i] >= 0 ? tree.names[tree.name[i]] : null;
  if (k === FlameNodeKind.Tip && tree.flags[i] & FlameFlag.TipFromFrame && tree.frame[i] >= 0) return tree.names[tree.name[i]];
  return null;
}

/** Nodes from the root to `i`, root first. */
export function pathTo(tree: FlameTree, i: number): number[] {
  const out: number[] = [];
  for (let n = i; n >= 0; n = tree.parent[n]) out.push(n);
  return out.reverse();
}

/** The children of a node, in drawing order. */
export function childrenOf(tree: FlameTree, i: number): number[] {
  const out: number[] = [];
  for (let c = i + 1; c < tree.end[i]; c = tree.end[c]) out.push(c);
  return out;
}

export type DiffStatus = 'new' | 'gone' | 'grew' | 'shrank' | 'same';

/** How a node changed from the baseline (null without a baseline). */
export function diffStatus(tree: FlameTree, i: number): DiffStatus | null {
  if (!tree.base) return null;
  const a = tree.base[i];
  const b = tree.weight[i];
  return a === 0 && b > 0 ? 'new' : a > 0 && b === 0 ? 'gone' : b > a ? 'grew' : b < a ? 'shrank' : 'same';
}

/**
 * Weight per park-site function: the sum of the weights of paths whose park site it is. Equal in
 * both orientations, and to the summary's `parkSites` in 'goroutines' weight (folding on). With
 * `values` another per-node measure (e.g. `base`, the baseline's weights) summed the same way.
 */
export function parkSiteTotals(tree: FlameTree, values: Float64Array = tree.weight): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < tree.count; i++) {
    if (tree.kind[i] !== FlameNodeKind.Tip) continue;
    // entry-rooted: the tip's parent; park-rooted: the tip's children carry the park sites
    if (tree.orientation === 'entry' || tree.focus) {
      const p = tree.parent[i];
      if (p >= 0 && tree.flags[p] & FlameFlag.ParkSite) add(out, nodeLabel(tree, p), values[i]);
    } else
      for (let c = i + 1; c < tree.end[i]; c = tree.end[c]) if (tree.flags[c] & FlameFlag.ParkSite) add(out, nodeLabel(tree, c), values[c]);
  }
  return out;
}

function add(m: Map<string, number>, k: string, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}

/**
 * Per node, the weight of the given rows under it (e.g. the goroutine table's current filter, to
 * draw as a highlighted share). Rows not in the tree are ignored. O(nodes + rows).
 */
export function highlightWeights(tree: FlameTree, rows: ArrayLike<number>, index: Map<number, number> = rowIndex(tree)): Float64Array {
  const out = new Float64Array(tree.count);
  for (let k = 0; k < rows.length; k++) {
    const j = index.get(rows[k]);
    if (j === undefined) continue;
    out[terminalOfRowSlot(tree, j)] += tree.rowWeight[j];
  }
  for (let i = tree.count - 1; i > 0; i--) out[tree.parent[i]] += out[i];
  return out;
}

/** Row → its slot in tree.rows. */
export function rowIndex(tree: FlameTree): Map<number, number> {
  const m = new Map<number, number>();
  for (let j = 0; j < tree.rows.length; j++) m.set(tree.rows[j], j);
  return m;
}

/** The node a row's path ends at, from its slot in tree.rows (binary search over rowOffset). */
export function terminalOfRowSlot(tree: FlameTree, slot: number): number {
  const off = tree.rowOffset;
  let lo = 0;
  let hi = tree.count - 1;
  // the last node i with off[i] <= slot < off[i + 1]
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (off[mid] <= slot) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface FoldedOptions extends FlameOptions {
  /** only the paths under this node (default: the root) */
  node?: number;
}

/** A name as one field of a folded line: no `;` (the separator) and no line breaks. */
function foldedName(s: string): string {
  return /[;\n\r]/.test(s) ? s.replace(/;/g, ',').replace(/[\n\r]+/g, ' ') : s;
}

/**
 * Folded stacks, `a;b;c N` — what flamegraph.pl, speedscope and Pyroscope read: one line per path
 * that ends at a node (its self weight), from the base of the tree (the start function when
 * entry-rooted) to the tip. Entry-rooted with folding, a line's second-to-last field is its park
 * site and a snapshot's counts add up to its goroutines. Given a view, builds the tree first.
 */
export function toFolded(source: FlameTree | ModelView, opts: FoldedOptions = {}): string[] {
  const tree = 'version' in source && 'count' in source && 'end' in source ? source : buildFlameTree(source as ModelView, opts);
  const top = opts.node ?? 0;
  const out: string[] = [];
  // each (name, kind) is made a field once
  const fieldCache: (string | undefined)[] = new Array(tree.names.length * 4);
  const field = (i: number): string => {
    const k = tree.name[i] * 4 + tree.kind[i];
    let f = fieldCache[k];
    if (f === undefined) fieldCache[k] = f = foldedName(nodeLabel(tree, i));
    return f;
  };
  // fields from depth 1 to the current node, kept as a stack while walking pre-order
  const labels = pathTo(tree, top).slice(1).map(field);
  for (let i = top; i < tree.end[top]; i++) {
    if (i !== top) {
      labels.length = tree.depth[i] - 1;
      labels.push(field(i));
    }
    const w = tree.self[i];
    if (w > 0 && labels.length) out.push(`${labels.join(';')} ${formatWeight(w)}`);
  }
  return out;
}

function formatWeight(w: number): string {
  return Number.isInteger(w) ? String(w) : String(Math.round(w * 1000) / 1000);
}
