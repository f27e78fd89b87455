/**
 * Drawing math of the flame graph, pure (no DOM, no React): which rectangles are visible for a
 * viewport, where, and what is under a point. Tested in Node (test/flame-layout.test.ts).
 *
 * Coordinate spaces (as speedscope keeps them apart): weight space (a node spans weight units from
 * its left edge within the zoomed node), CSS pixels (x = d3 scaleLinear of weight; y = row ×
 * rowHeight − scrollTop), and physical pixels (CSS × devicePixelRatio, applied once by the canvas).
 *
 * The tree is drawn top-down (icicle): the root's row on top, each depth a row. Zooming on a node
 * makes it fill the width; its ancestors stay above it as full-width rows (the breadcrumb in the
 * picture). Nodes narrower than `minWidth` pixels are not drawn one by one: consecutive ones merge
 * into one "remainder" rectangle of their parent (with children heaviest first, the first narrow
 * child ends the walk of its siblings). So a frame costs O(visible rectangles), never O(tree).
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { FlameTree } from '../../analysis/flame-types';
import { nodeLabel } from '../../analysis/flame';

export interface FlameViewport {
  /** the node that fills the width (0: the root) */
  zoom: number;
  /** CSS pixels */
  width: number;
  height: number;
  rowHeight: number;
  /** CSS pixels scrolled from the top row */
  scrollTop: number;
  /** nodes narrower than this (CSS px) merge into their parent's remainder (default 1) */
  minWidth?: number;
  /**
   * A horizontal window within the zoomed node (wheel zoom, drag pan): the weight offset of the
   * left edge from the node's left (default 0) and the weight the width shows (default: all of it).
   */
  x0?: number;
  span?: number;
}

export const RectKind = {
  /** a node of the zoomed subtree */
  Node: 0,
  /** an ancestor of the zoomed node, drawn full width above it */
  Ancestor: 1,
  /** several children too narrow to draw, merged; `node` is their parent */
  Remainder: 2,
} as const;

/** The visible rectangles of one frame, struct-of-arrays; reused between frames (grows only). */
export interface FlameLayout {
  count: number;
  node: Int32Array;
  kind: Uint8Array;
  /** tree depth of the rectangle's row */
  row: Int32Array;
  /** CSS px */
  x: Float64Array;
  w: Float64Array;
  /** for Remainder: the weight merged */
  weight: Float64Array;
  /** the viewport this layout was made for */
  viewport: Required<FlameViewport>;
  /** weight → x of the zoomed node */
  scale: ScaleLinear<number, number>;
  /** rows of the picture at this zoom (ancestors + the zoomed subtree's depth) */
  rows: number;
  /** scratch: weight offset per depth while walking */
  cursor: Float64Array;
  pendStart: Float64Array;
  pendWeight: Float64Array;
  pendParent: Int32Array;
}

export function newLayout(capacity = 1024): FlameLayout {
  return {
    count: 0,
    node: new Int32Array(capacity),
    kind: new Uint8Array(capacity),
    row: new Int32Array(capacity),
    x: new Float64Array(capacity),
    w: new Float64Array(capacity),
    weight: new Float64Array(capacity),
    viewport: { zoom: 0, width: 0, height: 0, rowHeight: 18, scrollTop: 0, minWidth: 1, x0: 0, span: 0 },
    scale: scaleLinear(),
    rows: 0,
    cursor: new Float64Array(64),
    pendStart: new Float64Array(64),
    pendWeight: new Float64Array(64),
    pendParent: new Int32Array(64),
  };
}

function growRects(l: FlameLayout): void {
  const n = l.node.length * 2;
  const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(n);
    b.set(a);
    return b;
  };
  l.node = g(l.node);
  l.kind = g(l.kind);
  l.row = g(l.row);
  l.x = g(l.x);
  l.w = g(l.w);
  l.weight = g(l.weight);
}

function growDepth(l: FlameLayout, d: number): void {
  if (d < l.cursor.length) return;
  let n = l.cursor.length;
  while (n <= d) n *= 2;
  const g = <T extends Int32Array | Float64Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(n);
    b.set(a);
    return b;
  };
  l.cursor = g(l.cursor);
  l.pendStart = g(l.pendStart);
  l.pendWeight = g(l.pendWeight);
  l.pendParent = g(l.pendParent);
}

function emit(l: FlameLayout, node: number, kind: number, row: number, x: number, w: number, weight: number): void {
  if (l.count === l.node.length) growRects(l);
  const i = l.count++;
  l.node[i] = node;
  l.kind[i] = kind;
  l.row[i] = row;
  l.x[i] = x;
  l.w[i] = w;
  l.weight[i] = weight;
}

/** Depth of the deepest node under `node` (inclusive). O(subtree); cache it per zoom. */
export function subtreeMaxDepth(tree: FlameTree, node: number): number {
  let m = tree.depth[node];
  for (let i = node; i < tree.end[node]; i++) if (tree.depth[i] > m) m = tree.depth[i];
  return m;
}

/**
 * The rectangles visible in `vp`, into `out` (reused: no allocation once it is large enough).
 * `maxDepth` is subtreeMaxDepth(tree, vp.zoom) when the caller has it cached.
 */
export function layoutVisible(tree: FlameTree, vp: FlameViewport, out: FlameLayout = newLayout(), maxDepth?: number): FlameLayout {
  const l = out;
  l.count = 0;
  const zoom = vp.zoom >= 0 && vp.zoom < tree.count ? vp.zoom : 0;
  const minWidth = vp.minWidth ?? 1;
  const zw = tree.weight[zoom];
  const span = vp.span !== undefined && vp.span > 0 && vp.span < zw ? vp.span : zw;
  const x0 = span < zw ? Math.max(0, Math.min(zw - span, vp.x0 ?? 0)) : 0;
  l.viewport = { zoom, width: vp.width, height: vp.height, rowHeight: vp.rowHeight, scrollTop: vp.scrollTop, minWidth, x0, span };
  l.scale = l.scale.domain([x0, x0 + (span > 0 ? span : 1)]).range([0, vp.width]);
  const x1 = x0 + span;
  const deepest = maxDepth ?? subtreeMaxDepth(tree, zoom);
  l.rows = deepest + 1;
  if (tree.count === 0 || vp.width <= 0 || vp.rowHeight <= 0) return l;
  const firstRow = Math.max(0, Math.floor(vp.scrollTop / vp.rowHeight));
  const lastRow = Math.floor((vp.scrollTop + vp.height) / vp.rowHeight);
  const zd = tree.depth[zoom];
  // ancestors of the zoomed node: full width
  for (let a = tree.parent[zoom]; a >= 0; a = tree.parent[a]) {
    const d = tree.depth[a];
    if (d >= firstRow && d <= lastRow) emit(l, a, RectKind.Ancestor, d, 0, vp.width, tree.weight[a]);
  }
  if (zw <= 0) return l;
  const k = vp.width / span;
  const { weight, depth, end, parent } = tree;
  const byWeight = tree.sorted === 'weight';
  growDepth(l, deepest + 2);
  const cursor = l.cursor;
  const pendStart = l.pendStart;
  const pendWeight = l.pendWeight;
  const pendParent = l.pendParent;
  let pendMin = Infinity; // smallest depth with a pending remainder
  let pendMax = -1;
  const flush = (fromDepth: number) => {
    if (pendMax < fromDepth) return;
    for (let d = Math.max(fromDepth, pendMin); d <= pendMax; d++) {
      const w = pendWeight[d];
      if (w > 0) {
        const px = w * k;
        const a = pendStart[d];
        if (px >= minWidth && d >= firstRow && d <= lastRow && a + w > x0 && a < x1) {
          const left = Math.max(0, (a - x0) * k);
          emit(l, pendParent[d], RectKind.Remainder, d, left, Math.min(vp.width, (a + w - x0) * k) - left, w);
        }
        pendWeight[d] = 0;
      }
    }
    if (fromDepth <= pendMin) {
      pendMin = Infinity;
      pendMax = -1;
    } else pendMax = fromDepth - 1;
  };
  cursor[zd] = 0;
  let i = zoom;
  const stop = end[zoom];
  while (i < stop) {
    const d = depth[i];
    const start = cursor[d];
    const wi = weight[i];
    cursor[d] = start + wi;
    if (i !== zoom && wi * k < minWidth) {
      // too narrow: merge into the parent's remainder at this depth
      let merged = wi;
      let next = end[i];
      if (byWeight) {
        // siblings are heaviest first: every later sibling is narrower still
        const p = parent[i];
        let s = next;
        const pe = end[p];
        while (s < pe) {
          merged += weight[s];
          s = end[s];
        }
        cursor[d] = start + merged;
        next = pe;
      }
      if (pendWeight[d] > 0 && pendParent[d] === parent[i] && Math.abs(pendStart[d] + pendWeight[d] - start) < 1e-9 * zw) pendWeight[d] += merged;
      else {
        flush(d);
        pendStart[d] = start;
        pendWeight[d] = merged;
        pendParent[d] = parent[i];
        if (d < pendMin) pendMin = d;
        if (d > pendMax) pendMax = d;
      }
      i = next;
      continue;
    }
    flush(d);
    if (d > lastRow) {
      // below the viewport: nothing of this subtree shows
      i = end[i];
      continue;
    }
    if (i !== zoom && start >= x1) {
      // right of the window: so are its later siblings (children are laid out left to right)
      i = end[parent[i]];
      continue;
    }
    if (i !== zoom && start + wi <= x0) {
      // left of the window
      i = end[i];
      continue;
    }
    if (d >= firstRow) {
      // clipped to the window, so a label starts where the node is seen
      const left = Math.max(0, (start - x0) * k);
      emit(l, i, RectKind.Node, d, left, Math.min(vp.width, (start + wi - x0) * k) - left, wi);
    }
    cursor[d + 1] = start;
    i++;
  }
  flush(0);
  return l;
}

/** Index into the layout of the rectangle under (x, y) CSS px, or -1. O(visible rectangles). */
export function hitTest(l: FlameLayout, x: number, y: number): number {
  const vp = l.viewport;
  if (x < 0 || x >= vp.width || y < 0) return -1;
  const row = Math.floor((y + vp.scrollTop) / vp.rowHeight);
  for (let i = l.count - 1; i >= 0; i--) if (l.row[i] === row && x >= l.x[i] && x < l.x[i] + l.w[i]) return i;
  return -1;
}

/** Layout index of a node's own rectangle (Node or Ancestor), or -1 when it is not drawn. */
export function rectOf(l: FlameLayout, node: number): number {
  for (let i = 0; i < l.count; i++) if (l.node[i] === node && l.kind[i] !== RectKind.Remainder) return i;
  return -1;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * The node the arrow keys move to: up = toward the root (the parent), down = the heaviest child,
 * left/right = the neighbouring rectangle in the same row (else the previous/next sibling).
 * Returns `node` itself when there is nowhere to go.
 */
export function neighbor(tree: FlameTree, l: FlameLayout, node: number, dir: Direction): number {
  if (node < 0 || node >= tree.count) return 0;
  if (dir === 'up') return tree.parent[node] >= 0 ? tree.parent[node] : node;
  if (dir === 'down') return node + 1 < tree.end[node] && tree.weight[node + 1] > 0 ? node + 1 : node;
  const at = rectOf(l, node);
  if (at >= 0) {
    const row = l.row[at];
    const cx = l.x[at];
    let best = -1;
    for (let i = 0; i < l.count; i++) {
      if (l.row[i] !== row || l.kind[i] === RectKind.Remainder || i === at) continue;
      if (dir === 'left' ? l.x[i] < cx : l.x[i] > cx) {
        if (best < 0 || (dir === 'left' ? l.x[i] > l.x[best] : l.x[i] < l.x[best])) best = i;
      }
    }
    if (best >= 0) return l.node[best];
  }
  // not drawn (or the row's end): siblings in the tree
  const p = tree.parent[node];
  if (p < 0) return node;
  let prev = -1;
  for (let c = p + 1; c < tree.end[p]; c = tree.end[c]) {
    if (c === node) {
      if (dir === 'left') return prev >= 0 ? prev : node;
      const nx = tree.end[c];
      return nx < tree.end[p] && tree.weight[nx] > 0 ? nx : node;
    }
    prev = c;
  }
  return node;
}

export interface SearchResult {
  /** 1 for nodes whose label matches */
  matched: Uint8Array;
  /** weight of the paths through at least one match, and its share of the total */
  weight: number;
  share: number;
  /** matching nodes */
  nodes: number;
}

/**
 * Nodes whose label (`main.f`, `[chan send]`, `created by main.g`) matches. A path counts once
 * however many of its nodes match: the weight is that of the outermost matches' subtrees.
 */
export function searchTree(tree: FlameTree, re: RegExp): SearchResult {
  const matched = new Uint8Array(tree.count);
  // labels repeat: test each (name, kind) once
  const memo = new Map<number, boolean>();
  let weight = 0;
  let nodes = 0;
  let coveredUntil = -1;
  for (let i = 1; i < tree.count; i++) {
    const key = tree.name[i] * 4 + tree.kind[i];
    let ok = memo.get(key);
    if (ok === undefined) {
      re.lastIndex = 0;
      ok = re.test(nodeLabel(tree, i));
      memo.set(key, ok);
    }
    if (!ok) continue;
    matched[i] = 1;
    nodes++;
    if (i >= coveredUntil) {
      weight += tree.weight[i];
      coveredUntil = tree.end[i];
    }
  }
  return { matched, weight, share: tree.total > 0 ? weight / tree.total : 0, nodes };
}

/** A search string as a RegExp: a valid regular expression as written (case-insensitive), else the text literally. */
export function searchRegExp(text: string): { re: RegExp | null; error: string | null } {
  const t = text.trim();
  if (!t) return { re: null, error: null };
  try {
    return { re: new RegExp(t, 'i'), error: null };
  } catch (e) {
    return { re: new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'), error: `not a regular expression (${(e as Error).message}); matched as text` };
  }
}

/**
 * A label cut to `maxChars` characters with "…". A Go function keeps its end — the package's
 * import path goes first (`github.com/x/y/pkg.(*T).M` → `pkg.(*T).M`), then the start of what is
 * left (`…(*T).M`); a wait reason (`[chan receive]`) keeps its start. '' when not even "x…" fits.
 */
export function elide(label: string, maxChars: number): string {
  if (label.length <= maxChars) return label;
  if (maxChars < 3) return '';
  if (label.startsWith('[')) return label.slice(0, maxChars - 1) + '…';
  // the import path ends at the last '/' before the function's own name
  const paren = label.indexOf('(');
  const cut = label.lastIndexOf('/', paren >= 0 ? paren : label.length);
  const short = cut >= 0 ? label.slice(cut + 1) : label;
  if (short.length <= maxChars - 1 && short !== label) return '…' + short;
  if (short.length <= maxChars) return short;
  return '…' + short.slice(short.length - (maxChars - 1));
}
