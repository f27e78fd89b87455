/** What the flame graph says about a node, in words (tooltip, SVG titles, the keys help). Pure. */
import { diffStatus, nodeLabel } from '../../analysis/flame';
import { FlameFlag, FlameNodeKind, type FlameTree } from '../../analysis/flame-types';
import { NO_PATTERN } from '../../analysis/flame-leaves';
import { PATTERNS, type PatternId } from '../../analysis/patterns';
import { formatCount, formatDuration } from '../../analysis/units';

/** A weight in the tree's unit: "12 goroutines", "1.2 s", "340 goroutine-minutes". */
export function formatWeight(tree: FlameTree, w: number): string {
  if (tree.unit === 'nanoseconds') return formatDuration(w);
  return `${formatCount(w)} ${w === 1 && tree.unit === 'goroutines' ? 'goroutine' : tree.unit}`;
}

export function formatShare(part: number, whole: number): string {
  if (!(whole > 0)) return '—';
  const p = (100 * part) / whole;
  return p >= 10 || p === 0 ? `${p.toFixed(0)}%` : p >= 1 ? `${p.toFixed(1)}%` : `${p.toFixed(2)}%`;
}

export interface NodeDetails {
  title: string;
  /** what kind of node this is, in words */
  what: string;
  location: string | null;
  facts: [string, string][];
}

export function nodeDetails(tree: FlameTree, node: number): NodeDetails {
  const kind = tree.kind[node];
  const flags = tree.flags[node];
  const title = nodeLabel(tree, node);
  let what: string;
  if (kind === FlameNodeKind.Root) what = tree.focus ? `${tree.focus.side} of ${tree.focus.func}` : 'every goroutine of the snapshot';
  else if (kind === FlameNodeKind.Tip) what = flags & FlameFlag.TipFromFrame ? 'no wait reason in this input: the call the park site waits in' : 'wait reason';
  else if (kind === FlameNodeKind.Creator) what = 'the go statement that started these goroutines';
  else what = flags & FlameFlag.ParkSite ? 'function — the park site of these goroutines' : 'function';
  let location: string | null = null;
  if (tree.frame[node] >= 0 && tree.file[node] > 0) location = `${tree.files[tree.file[node]]}:${tree.line[node]}${flags & FlameFlag.SeveralFrames ? ' (and other lines)' : ''}`;
  const facts: [string, string][] = [];
  const w = tree.weight[node];
  if (tree.unit === 'goroutines') facts.push(['goroutines', formatCount(w)]);
  else {
    facts.push(['weight', formatWeight(tree, w)]);
    // a time profile's "goroutines" column counts its samples: already the weight above
    if (tree.weightKind !== 'goroutines') facts.push(['goroutines', formatCount(tree.goroutines[node])]);
  }
  facts.push(['of all', formatShare(w, tree.total)]);
  const p = tree.parent[node];
  if (p >= 0) facts.push(['of parent', formatShare(w, tree.weight[p])]);
  if (tree.leaked[node] > 0) facts.push(['proven leaked', `${formatWeight(tree, tree.leaked[node])} (${formatShare(tree.leaked[node], w)})`]);
  const a = tree.waitMin[node];
  const b = tree.waitMax[node];
  if (b >= 0) facts.push(['waiting', a === b ? `${a} min` : `${a}–${b} min`]);
  if (tree.pattern[node] !== NO_PATTERN) {
    const id = tree.patternNames[tree.pattern[node]] as PatternId;
    facts.push(['pattern', PATTERNS[id]?.title ?? id]);
  }
  if (tree.base) {
    const st = diffStatus(tree, node)!;
    const d = w - tree.base[node];
    facts.push(['baseline', `${formatWeight(tree, tree.base[node])} → ${formatWeight(tree, w)} (${st}${d ? `, ${d > 0 ? '+' : '−'}${formatCount(Math.abs(d))}` : ''})`]);
  }
  return { title, what, location, facts };
}

/** nodeDetails as plain lines (SVG titles, copying). */
export function describeNode(tree: FlameTree, node: number): string[] {
  const d = nodeDetails(tree, node);
  return [d.title, d.what, ...(d.location ? [d.location] : []), ...d.facts.map(([k, v]) => `${k}: ${v}`)];
}

/** The keys of the flame graph, for its `?` help. */
export const FLAME_KEYS: [string, string][] = [
  ['click', 'zoom into a node and show its goroutines'],
  ['Esc / Backspace', 'back to the previous zoom'],
  ['← →', 'previous / next frame in the row'],
  ['↑ ↓', 'parent / heaviest child'],
  ['Enter', 'zoom into the focused frame'],
  ['/ or Ctrl+F', 'search (regular expression): matches highlighted, their share shown'],
  ['Ctrl / ⌘ + wheel', 'zoom in and out around the pointer'],
  ['drag, Shift + wheel', 'pan sideways (when zoomed in) and scroll the rows'],
  ['?', 'show or hide these keys'],
];
