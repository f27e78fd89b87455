/**
 * The second half of the flame builder: leaves → FlameTree. Each distinct leaf's stack is walked
 * once, turned into its path of nodes (creation chain, frames from the start function to the park
 * site, the wait-reason tip), oriented (entry- or park-rooted, or one side of a sandwich) and
 * inserted into a trie whose children are found by a typed hash. Weights are summed up the trie,
 * children sorted, and the nodes laid out in DFS pre-order with `end` offsets. Pure.
 */
import type { ModelView } from '../model/read';
import { isRuntimeFunc, packageOf } from './park-site';
import { FrameKind, frameKindOf, hiddenInTraceback } from './stack-info';
import { ensure, TripleIndex } from './flame-hash';
import { NO_PATTERN, type FlameLeaves } from './flame-leaves';
import { FlameFlag, FlameNodeKind, PackageKind, type FlameTree, type FlameTreeInfo } from './flame-types';

export interface AssembleOptions {
  orientation: 'entry' | 'park';
  foldRuntime: boolean;
  /** sandwich: only paths through this function (string ids of its name), from its outermost call */
  focus: { funcs: ReadonlySet<number>; side: 'callers' | 'callees' } | null;
  sort: 'weight' | 'name';
  patternNames: readonly string[];
  /** park-site frame per stack (parkSitesByStack) */
  parkByStack: Int32Array;
  info: FlameTreeInfo;
  rootName: string;
}

/** Name keys below 0 are names of our own (not model strings). */
const NAME_ROOT = -1;
const NAME_NO_STACK = -2;
const NAME_NO_REASON = -3;
const SPECIAL_NAMES: Record<number, string> = {
  [NAME_NO_STACK]: '(no stack)',
  [NAME_NO_REASON]: 'no wait reason',
};

// per-frame class bits, computed on first use
const C_KNOWN = 1;
const C_HIDDEN_OUTER = 2; // what level-1 tracebacks hide (runtime.*, .gowrapN): dropped outside the park site when folding
const C_RUNTIME = 4;
const C_PKG_SHIFT = 4;

function packageKindOf(func: string): number {
  const pkg = packageOf(func);
  if (pkg.startsWith('vendor/') || pkg.includes('/vendor/')) return PackageKind.Vendored;
  const k = frameKindOf(func);
  return k === FrameKind.User ? PackageKind.User : k === FrameKind.Runtime ? PackageKind.Runtime : PackageKind.Std;
}

export function assembleFlameTree(view: ModelView, leaves: FlameLeaves, opts: AssembleOptions): FlameTree {
  const m = view.model;
  const sFrame = m.stacks.frame;
  const sParent = m.stacks.parent;
  const fFunc = m.frames.func;
  const cls = new Uint8Array(m.frames.count);
  const classOf = (f: number): number => {
    let c = cls[f];
    if (!(c & C_KNOWN)) {
      const fn = view.str(fFunc[f]);
      c = C_KNOWN | (hiddenInTraceback(fn) ? C_HIDDEN_OUTER : 0) | (isRuntimeFunc(fn) ? C_RUNTIME : 0) | (packageKindOf(fn) << C_PKG_SHIFT);
      cls[f] = c;
    }
    return c;
  };
  const fold = opts.foldRuntime;
  const chains = leaves.chains;

  // ---- nodes (insertion order: a parent always comes before its children) ----
  const children = new TripleIndex(Math.min(1 << 20, Math.max(1024, leaves.count * 4)));
  let nFrame = new Int32Array(1024);
  let nFlags = new Uint8Array(1024);
  let nPkg = new Uint8Array(1024);
  // node 0: the root
  children.add(-1, FlameNodeKind.Root, NAME_ROOT);
  nFrame[0] = -1;
  const nodeOf = (parent: number, kind: number, name: number, frame: number, flags: number, pkg: number): number => {
    const before = children.count;
    const id = children.add(parent, kind, name);
    if (children.count !== before) {
      if (id >= nFrame.length) {
        nFrame = ensure(nFrame, id + 1);
        nFlags = ensure(nFlags, id + 1);
        nPkg = ensure(nPkg, id + 1);
      }
      nFrame[id] = frame;
      nFlags[id] = flags;
      nPkg[id] = pkg;
    } else {
      nFlags[id] |= flags;
      if (frame >= 0 && nFrame[id] !== frame) {
        if (nFrame[id] < 0) nFrame[id] = frame;
        else nFlags[id] |= FlameFlag.SeveralFrames;
      }
    }
    return id;
  };

  // ---- one path per leaf ----
  let iKind = new Uint8Array(256);
  let iName = new Int32Array(256);
  let iFrame = new Int32Array(256);
  let iFlags = new Uint8Array(256);
  let iPkg = new Uint8Array(256);
  let n = 0;
  const push = (kind: number, name: number, frame: number, flags: number, pkg: number) => {
    if (n === iKind.length) {
      iKind = ensure(iKind, n + 1);
      iName = ensure(iName, n + 1);
      iFrame = ensure(iFrame, n + 1);
      iFlags = ensure(iFlags, n + 1);
      iPkg = ensure(iPkg, n + 1);
    }
    iKind[n] = kind;
    iName[n] = name;
    iFrame[n] = frame;
    iFlags[n] = flags;
    iPkg[n++] = pkg;
  };
  let stackBuf = new Int32Array(256);
  const chainBuf: number[] = [];
  const terminal = new Int32Array(leaves.count).fill(-1);
  const focus = opts.focus;

  for (let l = 0; l < leaves.count; l++) {
    n = 0;
    // creation chain, outermost creator first
    const c0 = leaves.chain[l];
    if (c0 >= 0) {
      chainBuf.length = 0;
      for (let c = c0; c >= 0 && chainBuf.length < 256; c = chains.next[c]) chainBuf.push(c);
      for (let i = chainBuf.length - 1; i >= 0; i--) {
        const c = chainBuf[i];
        const f = chains.frame[c];
        push(FlameNodeKind.Creator, chains.func[c], f, 0, classOf(f) >> C_PKG_SHIFT);
      }
    }
    // frames, from the start function to the park site (or to the innermost frame without folding)
    const s = leaves.stack[l];
    let callee = -1;
    if (s < 0) push(FlameNodeKind.Frame, NAME_NO_STACK, -1, 0, PackageKind.None);
    else {
      let d = 0;
      for (let t = s; t >= 0; t = sParent[t]) {
        if (d === stackBuf.length) stackBuf = ensure(stackBuf, d + 1);
        stackBuf[d++] = t;
      }
      // index (innermost first) of the park site: its innermost occurrence, or its outermost for an
      // all-runtime stack (the rule picks the outermost frame other than runtime.goexit there)
      const pf = opts.parkByStack[s];
      let p = 0;
      if (pf >= 0) {
        if (classOf(pf) & C_RUNTIME) {
          for (let i = d - 1; i >= 0; i--)
            if (sFrame[stackBuf[i]] === pf) {
              p = i;
              break;
            }
        } else
          for (let i = 0; i < d; i++)
            if (sFrame[stackBuf[i]] === pf) {
              p = i;
              break;
            }
      }
      if (p > 0) callee = sFrame[stackBuf[p - 1]];
      const innermost = fold ? p : 0;
      for (let i = d - 1; i >= innermost; i--) {
        const f = sFrame[stackBuf[i]];
        const c = classOf(f);
        if (fold && i > p && c & C_HIDDEN_OUTER) continue;
        push(FlameNodeKind.Frame, fFunc[f], f, i === p ? FlameFlag.ParkSite : 0, c >> C_PKG_SHIFT);
      }
    }
    // the tip: the wait reason; for inputs without states, the call the park site waits in
    const st = leaves.state[l];
    if (st > 0) push(FlameNodeKind.Tip, st, -1, 0, PackageKind.None);
    else if (st === 0) push(FlameNodeKind.Tip, NAME_NO_REASON, -1, 0, PackageKind.None);
    else if (callee >= 0) push(FlameNodeKind.Tip, fFunc[callee], callee, FlameFlag.TipFromFrame, classOf(callee) >> C_PKG_SHIFT);
    else push(FlameNodeKind.Tip, NAME_NO_REASON, -1, FlameFlag.TipFromFrame, PackageKind.None);

    // orient and insert
    let node = 0;
    if (focus) {
      let j = -1;
      for (let i = 0; i < n; i++)
        if (iKind[i] === FlameNodeKind.Frame && focus.funcs.has(iName[i])) {
          j = i;
          break;
        }
      if (j < 0) continue;
      if (focus.side === 'callees') for (let i = j; i < n; i++) node = nodeOf(node, iKind[i], iName[i], iFrame[i], iFlags[i], iPkg[i]);
      else for (let i = j; i >= 0; i--) node = nodeOf(node, iKind[i], iName[i], iFrame[i], iFlags[i], iPkg[i]);
    } else if (opts.orientation === 'park') {
      for (let i = n - 1; i >= 0; i--) node = nodeOf(node, iKind[i], iName[i], iFrame[i], iFlags[i], iPkg[i]);
    } else {
      for (let i = 0; i < n; i++) node = nodeOf(node, iKind[i], iName[i], iFrame[i], iFlags[i], iPkg[i]);
    }
    terminal[l] = node;
  }

  const count = children.count;
  const oParent = children.a;
  const oKind = children.b;
  const oName = children.c;

  // ---- weights at the terminals, then summed up the trie ----
  const weight = new Float64Array(count);
  const goroutines = new Float64Array(count);
  const leaked = new Float64Array(count);
  const base = leaves.base ? new Float64Array(count) : null;
  const waitMin = new Int32Array(count).fill(-1);
  const waitMax = new Int32Array(count).fill(-1);
  for (let l = 0; l < leaves.count; l++) {
    const t = terminal[l];
    if (t < 0) continue;
    weight[t] += leaves.weight[l];
    goroutines[t] += leaves.goroutines[l];
    leaked[t] += leaves.leaked[l];
    if (base) base[t] += leaves.base![l];
    const a = leaves.waitMin[l];
    if (a >= 0 && (waitMin[t] < 0 || a < waitMin[t])) waitMin[t] = a;
    if (leaves.waitMax[l] > waitMax[t]) waitMax[t] = leaves.waitMax[l];
  }
  const self = weight.slice();
  for (let i = count - 1; i > 0; i--) {
    const p = oParent[i];
    weight[p] += weight[i];
    goroutines[p] += goroutines[i];
    leaked[p] += leaked[i];
    if (base) base[p] += base[i];
    if (waitMin[i] >= 0 && (waitMin[p] < 0 || waitMin[i] < waitMin[p])) waitMin[p] = waitMin[i];
    if (waitMax[i] > waitMax[p]) waitMax[p] = waitMax[i];
  }
  const pattern = dominantPatterns(leaves, terminal, oParent, count);

  // ---- names: a small table per tree ----
  const nameIndex = new Map<number, number>();
  const names: string[] = [];
  const oNameIdx = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = oName[i];
    let at = nameIndex.get(k);
    if (at === undefined) {
      at = names.length;
      names.push(k === NAME_ROOT ? opts.rootName : k < 0 ? SPECIAL_NAMES[k] : view.str(k));
      nameIndex.set(k, at);
    }
    oNameIdx[i] = at;
  }
  // rank of each name (plain code-unit order, stable across trees)
  const byName = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const rank = new Int32Array(names.length);
  byName.forEach((nm, r) => (rank[nm] = r));

  // ---- children lists, sorted; subtree sizes ----
  const childStart = new Int32Array(count + 1);
  for (let i = 1; i < count; i++) childStart[oParent[i] + 1]++;
  for (let i = 0; i < count; i++) childStart[i + 1] += childStart[i];
  const fill = childStart.slice(0, count);
  const childList = new Int32Array(Math.max(0, count - 1));
  for (let i = 1; i < count; i++) childList[fill[oParent[i]]++] = i;
  const byWeight = opts.sort === 'weight';
  const cmp = (a: number, b: number): number => {
    if (byWeight) {
      if (weight[a] !== weight[b]) return weight[b] - weight[a];
      if (base && base[a] !== base[b]) return base[b] - base[a];
    }
    const ra = rank[oNameIdx[a]];
    const rb = rank[oNameIdx[b]];
    if (ra !== rb) return ra - rb;
    return oKind[a] - oKind[b];
  };
  for (let i = 0; i < count; i++) {
    const a = childStart[i];
    const z = childStart[i + 1];
    if (z - a > 1) childList.subarray(a, z).sort(cmp);
  }
  const size = new Int32Array(count).fill(1);
  for (let i = count - 1; i > 0; i--) size[oParent[i]] += size[i];

  // ---- DFS pre-order positions: a parent's position is known before its children's ----
  const pos = new Int32Array(count);
  const depthOld = new Int32Array(count);
  pos[0] = 0;
  for (let i = 0; i < count; i++) {
    let next = pos[i] + 1;
    for (let k = childStart[i]; k < childStart[i + 1]; k++) {
      const c = childList[k];
      pos[c] = next;
      depthOld[c] = depthOld[i] + 1;
      next += size[c];
    }
  }

  const tree: FlameTree = {
    ...opts.info,
    version: 1,
    count,
    parent: new Int32Array(count),
    end: new Int32Array(count),
    depth: new Int32Array(count),
    maxDepth: 0,
    kind: new Uint8Array(count),
    flags: new Uint8Array(count),
    pkg: new Uint8Array(count),
    name: new Int32Array(count),
    names,
    frame: new Int32Array(count),
    file: new Int32Array(count),
    line: new Int32Array(count),
    files: [''],
    weight: new Float64Array(count),
    self: new Float64Array(count),
    goroutines: new Float64Array(count),
    leaked: new Float64Array(count),
    base: base ? new Float64Array(count) : null,
    pattern: new Uint8Array(count),
    patternNames: [...opts.patternNames],
    waitMin: new Int32Array(count),
    waitMax: new Int32Array(count),
    total: weight[0],
    baseTotal: base ? base[0] : null,
    rows: new Int32Array(leaves.rows.length),
    rowWeight: new Float64Array(leaves.rows.length),
    rowOffset: new Int32Array(count + 1),
    sorted: opts.sort,
  };
  const fileIndex = new Map<number, number>([[0, 0]]);
  let maxDepth = 0;
  for (let i = 0; i < count; i++) {
    const q = pos[i];
    tree.parent[q] = i === 0 ? -1 : pos[oParent[i]];
    tree.end[q] = q + size[i];
    const d = depthOld[i];
    tree.depth[q] = d;
    if (d > maxDepth) maxDepth = d;
    tree.kind[q] = oKind[i];
    tree.flags[q] = nFlags[i];
    tree.pkg[q] = nPkg[i];
    tree.name[q] = oNameIdx[i];
    const f = nFrame[i];
    tree.frame[q] = f;
    if (f >= 0) {
      const fid = m.frames.file[f];
      let at = fileIndex.get(fid);
      if (at === undefined) {
        at = tree.files.length;
        tree.files.push(view.str(fid));
        fileIndex.set(fid, at);
      }
      tree.file[q] = at;
      tree.line[q] = m.frames.line[f];
    }
    tree.weight[q] = weight[i];
    tree.self[q] = self[i];
    tree.goroutines[q] = goroutines[i];
    tree.leaked[q] = leaked[i];
    if (base) tree.base![q] = base[i];
    tree.pattern[q] = pattern[i];
    tree.waitMin[q] = waitMin[i];
    tree.waitMax[q] = waitMax[i];
  }
  tree.maxDepth = maxDepth;

  // ---- rows, grouped by the pre-order position of their terminal node ----
  const off = tree.rowOffset;
  const rowTerm = new Int32Array(leaves.rows.length);
  for (let k = 0; k < leaves.rows.length; k++) {
    const t = terminal[leaves.rowLeaf[k]];
    const q = t < 0 ? -1 : pos[t];
    rowTerm[k] = q;
    if (q >= 0) off[q + 1]++;
  }
  for (let i = 0; i < count; i++) off[i + 1] += off[i];
  const at = off.slice(0, count);
  let placed = 0;
  for (let k = 0; k < leaves.rows.length; k++) {
    const q = rowTerm[k];
    if (q < 0) continue;
    const j = at[q]++;
    tree.rows[j] = leaves.rows[k];
    tree.rowWeight[j] = leaves.rowWeight[k];
    placed++;
  }
  if (placed !== tree.rows.length) {
    // sandwich: rows whose paths miss the focus function are not in the tree
    tree.rows = tree.rows.slice(0, placed);
    tree.rowWeight = tree.rowWeight.slice(0, placed);
  }
  return tree;
}

/** The pattern holding most of each node's weight (the baseline's for nodes gone from the snapshot). */
function dominantPatterns(leaves: FlameLeaves, terminal: Int32Array, parent: Int32Array, count: number): Uint8Array {
  const out = new Uint8Array(count).fill(NO_PATTERN);
  // compact the patterns present into columns
  const col = new Int16Array(256).fill(-1);
  const ids: number[] = [];
  const use = (p: number) => {
    if (p !== NO_PATTERN && col[p] < 0) {
      col[p] = ids.length;
      ids.push(p);
    }
  };
  for (let l = 0; l < leaves.count; l++) use(leaves.pattern[l]);
  for (const h of leaves.patternMix.values()) for (let p = 0; p < 255; p++) if (h[p] > 0) use(p);
  const C = ids.length;
  if (C === 0) return out;
  const hist = new Float32Array(count * C);
  for (let l = 0; l < leaves.count; l++) {
    const t = terminal[l];
    if (t < 0) continue;
    const mix = leaves.patternMix.get(l);
    if (mix) {
      for (let k = 0; k < C; k++) hist[t * C + k] += mix[ids[k]];
    } else if (leaves.pattern[l] !== NO_PATTERN) {
      // weight of the leaf, or its baseline weight when it has none in the snapshot (gone)
      const w = leaves.weight[l] > 0 ? leaves.weight[l] : leaves.base ? leaves.base[l] * 1e-9 : 0;
      hist[t * C + col[leaves.pattern[l]]] += w;
    }
  }
  for (let i = count - 1; i > 0; i--) {
    const p = parent[i];
    for (let k = 0; k < C; k++) hist[p * C + k] += hist[i * C + k];
  }
  for (let i = 0; i < count; i++) {
    let best = -1;
    let bw = 0;
    for (let k = 0; k < C; k++) {
      const w = hist[i * C + k];
      if (w > bw || (w === bw && w > 0 && ids[k] < ids[best])) {
        bw = w;
        best = k;
      }
    }
    if (best >= 0) out[i] = ids[best];
  }
  return out;
}
