/**
 * The FlameTree: plain data of typed arrays (plus two small string tables), so it crosses the
 * worker boundary by transfer and a renderer walks the visible part without allocating.
 *
 * Nodes are in DFS pre-order: node 0 is the root; the subtree of node i is [i, end[i]); its first
 * child is i + 1 when i + 1 < end[i], and the next sibling of a child c is end[c] while it is below
 * end[i]. Children are sorted heaviest first (or by name, `sorted`), so a renderer can stop at the
 * first child narrower than a pixel. A parent always comes before its children.
 */
import type { FlameWeight } from './flame-leaves';
import type { BlockedKind } from './flame-trace';

export const FlameNodeKind = {
  Root: 0,
  /** a function of the stack (merged by function name: lines of one function are one node) */
  Frame: 1,
  /** the wait reason, `[chan receive]`: the end of every path (the start of a park-rooted one) */
  Tip: 2,
  /** `created by F`: the creation chain, outside the start function */
  Creator: 3,
} as const;

/** Where a node's function lives: for colouring by package. */
export const PackageKind = { None: 0, User: 1, Std: 2, Runtime: 3, Vendored: 4 } as const;

/** Bits of FlameTree.flags. */
export const FlameFlag = {
  /** the park site of at least one path through this node */
  ParkSite: 1,
  /** the node merges frames of one function at more than one file:line */
  SeveralFrames: 2,
  /** a tip of an input without wait reasons (debug=1, pprof): named after the call the park site waits in */
  TipFromFrame: 4,
} as const;

/** How the tree was built (echoed so views and exports can say it). */
export interface FlameTreeInfo {
  snapshot: number;
  baseline: number | null;
  weightKind: FlameWeight;
  /** what a unit of weight is ("goroutines", "goroutine-minutes", "nanoseconds", …) */
  unit: string;
  orientation: 'entry' | 'park';
  foldRuntime: boolean;
  creators: boolean;
  /** sandwich: the function and the side shown, else null */
  focus: { func: string; side: 'callers' | 'callees' } | null;
  /** the snapshot has wait reasons (tips are reasons, not calls) */
  hasStates: boolean;
  /** 'blocked' weight: which intervals of the trace and the range (ns from its start), else null */
  trace?: { kind: BlockedKind; t0: number; t1: number } | null;
}

export interface FlameTree extends FlameTreeInfo {
  version: 1;
  count: number;
  /** parent node, -1 for the root */
  parent: Int32Array;
  /** the subtree of i is [i, end[i]) */
  end: Int32Array;
  /** root 0 */
  depth: Int32Array;
  maxDepth: number;
  /** FlameNodeKind */
  kind: Uint8Array;
  /** FlameFlag bits */
  flags: Uint8Array;
  /** PackageKind of the node's function */
  pkg: Uint8Array;
  /** index into `names`: the function, the wait reason (without brackets) or the creator function */
  name: Int32Array;
  names: string[];
  /** a model frame of the node (the first seen), -1 for the root, tips and the no-stack node */
  frame: Int32Array;
  /** that frame's file (index into `files`, 0 = none) and line */
  file: Int32Array;
  line: Int32Array;
  files: string[];
  /** the chosen measure (weightKind) under the node, and of paths ending at it */
  weight: Float64Array;
  self: Float64Array;
  /** goroutines under the node (the rows' own counts: a debug=1/pprof record counts its goroutines) */
  goroutines: Float64Array;
  /** the measure restricted to proven-leaked goroutines (GFlag.Leaked) */
  leaked: Float64Array;
  /** the baseline snapshot's measure (diff), null without a baseline */
  base: Float64Array | null;
  /** the leak pattern holding most of the node's weight: index into patternNames, 255 none */
  pattern: Uint8Array;
  patternNames: string[];
  /** smallest and largest `N minutes` under the node, -1 none printed */
  waitMin: Int32Array;
  waitMax: Int32Array;
  /** weight[0] and base[0] */
  total: number;
  baseTotal: number | null;
  /**
   * The goroutine rows in the tree, grouped by the node their path ends at, in node order: the rows
   * under node i are rows[rowOffset[i] .. rowOffset[end[i]]). rowWeight is each row's measure.
   */
  rows: Int32Array;
  rowWeight: Float64Array;
  rowOffset: Int32Array;
  sorted: 'weight' | 'name';
}
