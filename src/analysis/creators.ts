/**
 * Creators: which functions (and, when `created by … in goroutine N` is printed, Go 1.21+, which
 * goroutines) started the goroutines of a group — "who spawns the leaking goroutines".
 *
 * A chain is followed through creator goroutines that still exist in the same snapshot, and
 * through `[originating from goroutine N]:` ancestor sections (GODEBUG=tracebackancestors) when
 * the creator has exited. Ids are never reused, so a creator id found in the snapshot is the creator.
 */
import type { ModelView } from '../model/read';
import type { Groups } from './group';
import { groupRowsIn } from './group';

export interface CreatorStep {
  /** the `created by` function */
  func: string;
  file: string;
  line: number;
  /** the goroutine that ran the `go` statement, -1 when not printed (Go ≤1.20, ancestors) */
  goid: number;
  /** whether that goroutine is in the snapshot (its own creator can then be followed) */
  alive: boolean;
}

/** Per-snapshot lookups for chain following. Build once per snapshot with `creatorIndex`. */
export interface CreatorIndex {
  snapshot: number;
  goidToRow: Map<number, number>;
  ancestorsOfRow: Map<number, number[]>;
}

export function creatorIndex(view: ModelView, snapshot: number): CreatorIndex {
  const m = view.model;
  const snap = m.snapshots[snapshot];
  const goidToRow = new Map<number, number>();
  if (snap.hasIds) for (let r = snap.rowStart; r < snap.rowEnd; r++) if (m.goroutines.goid[r] >= 0) goidToRow.set(m.goroutines.goid[r], r);
  const ancestorsOfRow = new Map<number, number[]>();
  m.ancestors.forEach((a, i) => {
    if (a.row < snap.rowStart || a.row >= snap.rowEnd) return;
    const list = ancestorsOfRow.get(a.row);
    if (list) list.push(i);
    else ancestorsOfRow.set(a.row, [i]);
  });
  return { snapshot, goidToRow, ancestorsOfRow };
}

/** The creation chain of a row, nearest creator first. Empty when no `created by` was printed. */
export function creatorChain(view: ModelView, row: number, idx: CreatorIndex, maxDepth = 32): CreatorStep[] {
  const m = view.model;
  const g = m.goroutines;
  const out: CreatorStep[] = [];
  const seen = new Set<number>();
  let r = row;
  while (out.length < maxDepth) {
    const cb = g.createdBy[r];
    if (cb < 0) break;
    const goid = g.creatorGoid[r];
    const cr = goid >= 0 ? idx.goidToRow.get(goid) : undefined;
    out.push({ func: view.frameFunc(cb), file: view.frameFile(cb), line: view.frameLine(cb), goid, alive: cr !== undefined });
    if (cr === undefined || seen.has(goid)) break;
    seen.add(goid);
    r = cr;
  }
  // ancestor sections of the last goroutine reached: [creator N: created by X], [N's creator M: created by Y] …
  const anc = idx.ancestorsOfRow.get(r);
  if (anc && out.length < maxDepth) {
    for (let i = 0; i < anc.length && out.length < maxDepth; i++) {
      const a = m.ancestors[anc[i]];
      if (a.createdBy < 0) break;
      const nextGoid = i + 1 < anc.length ? m.ancestors[anc[i + 1]].goid : -1;
      out.push({ func: view.frameFunc(a.createdBy), file: view.frameFile(a.createdBy), line: view.frameLine(a.createdBy), goid: nextGoid, alive: false });
    }
  }
  return out;
}

export interface CreatorSummary {
  func: string;
  file: string;
  line: number;
  /** goroutines of the group (in the snapshot) this function created */
  count: number;
  /** distinct creator goroutine ids (at most 20) and how many there are */
  goids: number[];
  distinctGoids: number;
}

/** Direct creators of a group's goroutines in one snapshot, most goroutines first. */
export function groupCreators(view: ModelView, groups: Groups, gi: number, snapshot: number): CreatorSummary[] {
  const g = view.model.goroutines;
  const by = new Map<number, { count: number; goids: Set<number> }>();
  for (const r of groupRowsIn(view, groups, gi, snapshot)) {
    const cb = g.createdBy[r];
    if (cb < 0) continue;
    let e = by.get(cb);
    if (!e) by.set(cb, (e = { count: 0, goids: new Set() }));
    e.count += g.weight[r];
    if (g.creatorGoid[r] >= 0) e.goids.add(g.creatorGoid[r]);
  }
  return [...by]
    .map(([f, e]) => ({
      func: view.frameFunc(f),
      file: view.frameFile(f),
      line: view.frameLine(f),
      count: e.count,
      goids: [...e.goids].sort((a, b) => a - b).slice(0, 20),
      distinctGoids: e.goids.size,
    }))
    .sort((a, b) => b.count - a.count || (a.func < b.func ? -1 : 1));
}

export interface CreatorChainCount {
  /** nearest creator first */
  chain: CreatorStep[];
  count: number;
}

/** Distinct creation chains of a group in one snapshot (by function sequence), most goroutines first. */
export function groupCreatorChains(view: ModelView, groups: Groups, gi: number, idx: CreatorIndex, limit = 5): CreatorChainCount[] {
  const g = view.model.goroutines;
  const by = new Map<string, CreatorChainCount>();
  for (const r of groupRowsIn(view, groups, gi, idx.snapshot)) {
    const chain = creatorChain(view, r, idx);
    if (!chain.length) continue;
    const key = chain.map((s) => s.func).join('\u0000');
    const e = by.get(key);
    if (e) e.count += g.weight[r];
    else by.set(key, { chain, count: g.weight[r] });
  }
  return [...by.values()].sort((a, b) => b.count - a.count).slice(0, limit);
}

/**
 * The creator tree of a snapshot: roots are the outermost creators reached; each node is a
 * creator function under the function that created it; `groups` lists the groups whose
 * goroutines this node's function created directly. Plain arrays (structured-cloneable).
 */
export interface CreatorTree {
  snapshot: number;
  /** node i: parent index (-1 root), function, goroutines below it, creator goroutine ids seen (≤ 20) */
  parent: number[];
  func: string[];
  count: number[];
  goids: number[][];
  /** groups created directly by node i: [group, goroutines] pairs */
  groups: [number, number][][];
  /** goroutines with no `created by` (goroutine 1, runtime-created, profiles without it) */
  uncreated: number;
}

export function creatorTree(view: ModelView, groups: Groups, snapshot: number, idx: CreatorIndex = creatorIndex(view, snapshot), include?: (gi: number) => boolean): CreatorTree {
  const g = view.model.goroutines;
  const snap = view.model.snapshots[snapshot];
  const tree: CreatorTree = { snapshot, parent: [], func: [], count: [], goids: [], groups: [], uncreated: 0 };
  const childIds = new Map<string, number>();
  const nodeOf = (parent: number, func: string): number => {
    const key = `${parent}\u0000${func}`;
    let id = childIds.get(key);
    if (id === undefined) {
      id = tree.parent.length;
      tree.parent.push(parent);
      tree.func.push(func);
      tree.count.push(0);
      tree.goids.push([]);
      tree.groups.push([]);
      childIds.set(key, id);
    }
    return id;
  };
  // rows sharing (createdBy, creatorGoid) and no ancestors share the chain: cache the leaf node
  const leafCache = new Map<string, number[]>();
  const groupAt = new Map<string, number>();
  for (let r = snap.rowStart; r < snap.rowEnd; r++) {
    const gi = groups.rowGroup[r];
    if (gi < 0 || (include && !include(gi))) continue;
    const w = g.weight[r];
    if (g.createdBy[r] < 0) {
      tree.uncreated += w;
      continue;
    }
    const cacheKey = idx.ancestorsOfRow.has(r) ? null : `${g.createdBy[r]}|${g.creatorGoid[r]}`;
    let path = cacheKey ? leafCache.get(cacheKey) : undefined;
    if (!path) {
      const chain = creatorChain(view, r, idx);
      path = [];
      let p = -1;
      for (let i = chain.length - 1; i >= 0; i--) {
        p = nodeOf(p, chain[i].func);
        path.push(p);
      }
      if (cacheKey) leafCache.set(cacheKey, path);
      for (let i = 0; i < chain.length; i++) {
        const node = path[chain.length - 1 - i];
        const gid = chain[i].goid;
        if (gid >= 0 && tree.goids[node].length < 20 && !tree.goids[node].includes(gid)) tree.goids[node].push(gid);
      }
    }
    for (const node of path) tree.count[node] += w;
    const leaf = path[path.length - 1];
    const k = `${leaf}|${gi}`;
    const at = groupAt.get(k);
    if (at === undefined) {
      groupAt.set(k, tree.groups[leaf].length);
      tree.groups[leaf].push([gi, w]);
    } else tree.groups[leaf][at][1] += w;
  }
  return tree;
}
