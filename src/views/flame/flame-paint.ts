/**
 * What every visible rectangle looks like, decided once for the canvas and the SVG export alike
 * (pure: no DOM). The canvas painter (flame-draw.ts) and the SVG writer (flame-svg.ts) only turn
 * these decisions into pixels or markup.
 */
import { nodeLabel } from '../../analysis/flame';
import { FlameNodeKind, type FlameTree } from '../../analysis/flame-types';
import { elide, RectKind, type FlameLayout } from './flame-layout';
import type { FlameThemeColors } from './flame-colors';

export interface FlamePaintState {
  colors: FlameThemeColors;
  /** per node fill and text colours (nodeFills) */
  fill: string[];
  text: string[];
  /** CSS px per character of the label font (monospace: measured once per font) */
  charWidth: number;
  /** search matches (1 per matching node), or null when no search is active */
  matched: Uint8Array | null;
  /** name slot (tree.names index) of the selected function, -1 none */
  selectedName: number;
  /** nodes to outline (1 per node), or null */
  highlightNodes: Uint8Array | null;
  /** weight of the highlighted rows under each node, or null */
  highlightWeight: Float64Array | null;
  hover: number;
  focus: number;
}

/** Decisions for one rectangle. */
export interface RectPaint {
  fill: string;
  textColor: string;
  /** the label cut to fit ('' none) */
  label: string;
  /** 0..1: dimmed when a search is active and the node does not match */
  alpha: number;
  /** a wait-reason tip: hatched */
  hatch: boolean;
  /** share (0..1) of the node's weight that is proven leaked: an outline and a bar this wide */
  leakedShare: number;
  /** share of the highlighted rows: a bar along the top */
  highlightShare: number;
  /** outline colour and width (0 none): search match, selected function, highlighted node, hover, focus */
  outline: string;
  outlineWidth: number;
  dashed: boolean;
}

export const LABEL_PAD = 4;

/** The paint of layout rectangle j (writes into `out`, which is returned). */
export function paintRect(tree: FlameTree, l: FlameLayout, j: number, s: FlamePaintState, out: RectPaint): RectPaint {
  const node = l.node[j];
  const kind = l.kind[j];
  const w = l.w[j];
  out.hatch = false;
  out.leakedShare = 0;
  out.highlightShare = 0;
  out.outline = '';
  out.outlineWidth = 0;
  out.dashed = false;
  if (kind === RectKind.Remainder) {
    out.fill = s.colors.remainder;
    out.textColor = s.colors.muted;
    out.label = '';
    out.alpha = 1;
    return out;
  }
  out.fill = s.fill[node];
  out.textColor = s.text[node];
  const maxChars = Math.floor((w - 2 * LABEL_PAD) / s.charWidth);
  out.label = maxChars >= 3 ? elide(nodeLabel(tree, node), maxChars) : '';
  out.alpha = kind === RectKind.Ancestor ? 0.72 : 1;
  if (s.matched && !s.matched[node] && node !== 0) out.alpha *= 0.32;
  out.hatch = tree.kind[node] === FlameNodeKind.Tip;
  const wt = tree.weight[node];
  if (wt > 0) {
    out.leakedShare = Math.min(1, tree.leaked[node] / wt);
    if (s.highlightWeight) out.highlightShare = Math.min(1, s.highlightWeight[node] / wt);
  }
  // outlines, weakest first: later ones win
  if (out.leakedShare > 0) set(out, s.colors.bad, 1, false);
  if (s.highlightNodes && s.highlightNodes[node]) set(out, s.colors.accent, 2, false);
  if (s.matched && s.matched[node]) set(out, s.colors.accent, 1.5, false);
  if (s.selectedName >= 0 && tree.name[node] === s.selectedName && tree.kind[node] !== FlameNodeKind.Tip) set(out, s.colors.accent, 2.5, false);
  if (node === s.hover) set(out, s.colors.text, 1.5, false);
  if (node === s.focus) set(out, s.colors.text, 2, true);
  return out;
}

function set(p: RectPaint, c: string, w: number, dashed: boolean): void {
  p.outline = c;
  p.outlineWidth = w;
  p.dashed = dashed;
}

export function newRectPaint(): RectPaint {
  return { fill: '', textColor: '', label: '', alpha: 1, hatch: false, leakedShare: 0, highlightShare: 0, outline: '', outlineWidth: 0, dashed: false };
}
