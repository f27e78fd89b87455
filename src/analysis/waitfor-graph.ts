/**
 * Cycles of the wait-for graph (waitfor.ts): strongly connected components over the goroutines
 * no running goroutine can reach, each turned into one cycle in order (waiter → what it waits on →
 * the goroutine that holds it or could wake it → …). Iterative Tarjan, linear in the edges. Pure.
 */

/** Edges as parallel typed arrays (the first `edges`); nodes [0, goroutines) are goroutines, the rest objects and helper nodes. */
export interface Graph {
  from: Int32Array;
  to: Int32Array;
  kind: Uint8Array;
  edges: number;
  nodes: number;
}

/** A graph built edge by edge, in typed arrays that grow. */
export class GraphBuilder implements Graph {
  from = new Int32Array(1024);
  to = new Int32Array(1024);
  kind = new Uint8Array(1024);
  edges = 0;
  constructor(public nodes: number) {}

  edge(a: number, b: number, k: number): void {
    if (this.edges === this.from.length) {
      const size = this.edges * 2;
      const f = new Int32Array(size);
      f.set(this.from);
      this.from = f;
      const t = new Int32Array(size);
      t.set(this.to);
      this.to = t;
      const kk = new Uint8Array(size);
      kk.set(this.kind);
      this.kind = kk;
    }
    this.from[this.edges] = a;
    this.to[this.edges] = b;
    this.kind[this.edges++] = k;
  }
}

export interface GraphCycle {
  /** goroutine nodes in cycle order */
  members: number[];
  /** one step per member: member → via (an object or helper node) → the next member */
  steps: { from: number; via: number; to: number; stale: boolean; inferred: boolean }[];
  evidence: 'addresses' | 'stale' | 'inferred';
}

/** Edge kinds (waitfor.ts `Edge`) that are inferred from the code, not from addresses, and from `?` words. */
const STALE_EDGE = 3;
const INFERRED_EDGES = new Set([4, 6, 8, 9]);

/**
 * Cycles among nodes for which `include` holds, over edges whose kind `edgeOk` accepts. A
 * component is a cycle when it holds two goroutines, or one that reaches itself (a lock it holds in
 * an outer frame).
 */
export function cyclesOf(graph: Graph, goroutines: number, include: (node: number) => boolean, edgeOk: (kind: number) => boolean): GraphCycle[] {
  const N = graph.nodes;
  const ok = new Uint8Array(N);
  for (let v = 0; v < N; v++) ok[v] = include(v) ? 1 : 0;
  // adjacency (CSR) over included nodes and accepted edges
  const start = new Int32Array(N + 1);
  const E = graph.edges;
  const keep = new Uint8Array(E);
  for (let e = 0; e < E; e++) {
    if (ok[graph.from[e]] && ok[graph.to[e]] && edgeOk(graph.kind[e])) {
      keep[e] = 1;
      start[graph.from[e] + 1]++;
    }
  }
  for (let v = 0; v < N; v++) start[v + 1] += start[v];
  const adj = new Int32Array(start[N]);
  const adjKind = new Uint8Array(start[N]);
  const fill = start.slice(0, N);
  for (let e = 0; e < E; e++) {
    if (!keep[e]) continue;
    const at = fill[graph.from[e]]++;
    adj[at] = graph.to[e];
    adjKind[at] = graph.kind[e];
  }
  // a node without an edge in or out is in no cycle: peel those off (repeatedly), so Tarjan sees
  // only what is left — usually a handful of nodes of a graph of a million
  const outDeg = new Int32Array(N);
  const inDeg = new Int32Array(N);
  const predStart = new Int32Array(N + 1);
  for (let v = 0; v < N; v++) {
    outDeg[v] = start[v + 1] - start[v];
    for (let k = start[v]; k < start[v + 1]; k++) {
      inDeg[adj[k]]++;
      predStart[adj[k] + 1]++;
    }
  }
  for (let v = 0; v < N; v++) predStart[v + 1] += predStart[v];
  const pred = new Int32Array(predStart[N]);
  const pfill = predStart.slice(0, N);
  for (let v = 0; v < N; v++) for (let k = start[v]; k < start[v + 1]; k++) pred[pfill[adj[k]]++] = v;
  const queue: number[] = [];
  for (let v = 0; v < N; v++) if (ok[v] && (outDeg[v] === 0 || inDeg[v] === 0)) queue.push(v);
  while (queue.length) {
    const v = queue.pop()!;
    if (!ok[v]) continue;
    ok[v] = 0;
    for (let k = start[v]; k < start[v + 1]; k++) {
      const w = adj[k];
      if (ok[w] && --inDeg[w] === 0) queue.push(w);
    }
    for (let k = predStart[v]; k < predStart[v + 1]; k++) {
      const u = pred[k];
      if (ok[u] && --outDeg[u] === 0) queue.push(u);
    }
  }
  // Tarjan, iteratively
  const index = new Int32Array(N).fill(-1);
  const low = new Int32Array(N);
  const onStack = new Uint8Array(N);
  const comp = new Int32Array(N).fill(-1);
  const stack: number[] = [];
  const call: number[] = [];
  const next = new Int32Array(N);
  let counter = 0;
  let comps = 0;
  const components: number[][] = [];
  for (let root = 0; root < N; root++) {
    if (!ok[root] || index[root] >= 0) continue;
    call.push(root);
    index[root] = low[root] = counter++;
    next[root] = start[root];
    stack.push(root);
    onStack[root] = 1;
    while (call.length) {
      const v = call[call.length - 1];
      if (next[v] < start[v + 1]) {
        const w = adj[next[v]++];
        if (!ok[w]) continue;
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          next[w] = start[w];
          stack.push(w);
          onStack[w] = 1;
          call.push(w);
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      call.pop();
      if (call.length) {
        const u = call[call.length - 1];
        low[u] = Math.min(low[u], low[v]);
      }
      if (low[v] === index[v]) {
        const members: number[] = [];
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = comps;
          members.push(w);
          if (w === v) break;
        }
        components.push(members);
        comps++;
      }
    }
  }
  const out: GraphCycle[] = [];
  for (let c = 0; c < components.length; c++) {
    const members = components[c];
    const gs = members.filter((v) => v < goroutines).sort((a, b) => a - b);
    if (gs.length === 0 || members.length < 2) continue;
    const cycle = orderCycle(gs[0], c, comp, start, adj, adjKind, goroutines);
    if (cycle) out.push(cycle);
  }
  return out.sort((a, b) => b.members.length - a.members.length || a.members[0] - b.members[0]);
}

/** The shortest way from `first` back to itself inside its component, as goroutine steps. */
function orderCycle(first: number, c: number, comp: Int32Array, start: Int32Array, adj: Int32Array, adjKind: Uint8Array, goroutines: number): GraphCycle | null {
  const prev = new Map<number, number>();
  const prevKind = new Map<number, number>();
  const queue = [first];
  let found = false;
  for (let q = 0; q < queue.length && !found; q++) {
    const v = queue[q];
    for (let k = start[v]; k < start[v + 1]; k++) {
      const w = adj[k];
      if (comp[w] !== c) continue;
      if (w === first) {
        prev.set(-1, v);
        prevKind.set(-1, adjKind[k]);
        found = true;
        break;
      }
      if (prev.has(w)) continue;
      prev.set(w, v);
      prevKind.set(w, adjKind[k]);
      queue.push(w);
    }
  }
  if (!found) return null;
  // walk back from the last node before `first`: first → n1 → … → last → first
  const back: number[] = [];
  for (let v = prev.get(-1)!; v !== first; v = prev.get(v)!) back.push(v);
  const nodes = [first, ...back.reverse(), first];
  const kinds = nodes.slice(1).map((v, k) => (k === nodes.length - 2 ? prevKind.get(-1)! : prevKind.get(v)!));
  const members: number[] = [];
  const steps: GraphCycle['steps'] = [];
  let stale = false;
  let inferred = false;
  let from = first;
  let via = -1;
  let stepStale = false;
  let stepInferred = false;
  members.push(first);
  for (let k = 1; k < nodes.length; k++) {
    const node = nodes[k];
    const kind = kinds[k - 1];
    if (kind === STALE_EDGE) stepStale = true;
    if (INFERRED_EDGES.has(kind)) stepInferred = true;
    if (node >= goroutines) {
      if (via < 0) via = node;
      continue;
    }
    steps.push({ from, via, to: node, stale: stepStale, inferred: stepInferred });
    stale ||= stepStale;
    inferred ||= stepInferred;
    from = node;
    via = -1;
    stepStale = false;
    stepInferred = false;
    if (node !== first) members.push(node);
  }
  return { members, steps, evidence: inferred ? 'inferred' : stale ? 'stale' : 'addresses' };
}
