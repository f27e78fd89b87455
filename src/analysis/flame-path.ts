/**
 * Naming a flame-graph node so the name survives a rebuild of the tree: its path of keys from the
 * root (`kind:name` per node, e.g. `1:main.(*Pipeline).produce`, `2:chan send`). Node indices are
 * valid for one tree only; a path is valid for every tree built with the same options from a model
 * with the same names (the next generation, a reload, a permalink). Pure.
 */
import type { FlameTree } from './flame-types';

/** The key of node i among its siblings. */
export function nodeKey(tree: FlameTree, i: number): string {
  return `${tree.kind[i]}:${tree.names[tree.name[i]]}`;
}

/** Keys from the root's child down to `node` (the root: []). */
export function nodePath(tree: FlameTree, node: number): string[] {
  const out: string[] = [];
  for (let n = node; n > 0; n = tree.parent[n]) out.push(nodeKey(tree, n));
  return out.reverse();
}

/** The node a path names, or -1 when the tree has no such node. */
export function nodeAtPath(tree: FlameTree, path: readonly string[]): number {
  let n = 0;
  for (const key of path) {
    let next = -1;
    for (let c = n + 1; c < tree.end[n]; c = tree.end[c])
      if (nodeKey(tree, c) === key) {
        next = c;
        break;
      }
    if (next < 0) return -1;
    n = next;
  }
  return n;
}

/** The distinct rows under a node, ascending (a trace's blocked-time tree may name a row more than once). */
export function distinctRowsUnder(tree: FlameTree, node: number): Int32Array {
  if (node < 0 || node >= tree.count) return new Int32Array(0);
  const rows = tree.rows.slice(tree.rowOffset[node], tree.rowOffset[tree.end[node]]).sort();
  let k = 0;
  for (let i = 0; i < rows.length; i++) if (i === 0 || rows[i] !== rows[i - 1]) rows[k++] = rows[i];
  return rows.subarray(0, k);
}
