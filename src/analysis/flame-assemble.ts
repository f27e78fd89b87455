/**
 * The second half of the flame builder: leaves → FlameTree. Each distinct leaf's stack is walked
 * once, turned into its path of nodes (creation chain, frames from the start function to the park
 * site, the wait-reason tip), oriented (entry- or park-rooted, or one side of a sandwich) and
 * inserted into a trie whose children are found by a typed hash. Weights are summed up the trie,
 * children sorted, and the nodes laid out in DFS pre-order with `end` offsets. Pure.
 */
import type { ModelView } from '../model/read';
import { isStdPackage, packageOf } from './park-site';
import { hiddenInTraceback } from './stack-info';
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

/** Package kind of a function from its import path (the contract's standard-library rule). */
export function packageKindOf(func: string): number {
  const pkg = packageOf(func);
  if (pkg.startsWith('vendor/') || pkg.includes('/vendor/')) return PackageKind.Vendored;
  if (!isStdPackage(pkg)) return PackageKind.User;
  return pkg === 'runtime' || pkg.startsWith('internal/runtime/') ? PackageKind.Runtime : PackageKind.Std;
}

/**
 * Class bits of every frame of a model, filled on first use and kept per model (a frozen model
 * never changes; the worker freezes a new one per load): each frame's name is classified once
 * however many trees are built.
 */
const frameClasses = new WeakMap<Int32Array, Uint8Array>();

function frameClassTable(view: ModelView): Uint8Array {
  const key = view.model.frames.func;
  let t = frameClasses.get(key);
  if (!t) {
    t = new Uint8Array(view.model.frames.count);
    frameClasses.set(key, t);
  }
  return t;
}

export function assembleFlameTree(view: ModelView, leaves: FlameLeaves, opts: AssembleOptions): FlameTree {
  const m = view.model;
  const sFrame = m.stacks.frame;
  const sParent = m.stacks.parent;
  const fFunc = m.frames.func;
  const cls = frameClassTable(view);
  const classOf = (f: number): number => {
    let c = cls[f];
    if (!(c & C_KNOWN)) {
      const fn = view.str(fFunc[f]);
      const pk = packageKindOf(fn);
      c = C_KNOWN | (hiddenInTraceback(fn) ? C_HIDDEN_OUTER : 0) | (packageOf(fn) === 'runtime' ? C_RUNTIME : 0) | (pk << C_PKG_SHIFT);
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
  const nLeaves = leaves.count;
  const hasBase = leaves.base !== null;

  // ---- weights in insertion order (what the children are sorted by) ----
  const oWeight = new Float64Array(count);
  const oBase = hasBase ? new Float64Array(count) : null;
  for (let l = 0; l < nLeaves; l++) {
    const t = terminal[l];
    if (t < 0) continue;
    oWeight[t] += leaves.weight[l];
    if (oBase) oBase[t] += leaves.base![l];
  }
  for (let i = count - 1; i > 0; i--) {
    oWeight[oParent[i]] += oWeight[i];
    if (oBase) oBase[oParent[i]] += oBase[i];
  }

  // ---- names: a small table per tree, and each name's rank (plain code-unit order) ----
  const names: string[] = [];
  const slotOfString = new Int32Array(m.strings.offsets.length + 1).fill(-1);
  const slotOfSpecial = new Map<number, number>();
  const oNameIdx = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = oName[i];
    let at = k >= 0 ? slotOfString[k] : (slotOfSpecial.get(k) ?? -1);
    if (at < 0) {
      at = names.length;
      names.push(k === NAME_ROOT ? opts.rootName : k < 0 ? SPECIAL_NAMES[k] : view.str(k));
      if (k >= 0) slotOfString[k] = at;
      else slotOfSpecial.set(k, at);
    }
    oNameIdx[i] = at;
  }
  const byName = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const rank = new Int32Array(names.length);
  for (let r = 0; r < byName.length; r++) rank[byName[r]] = r;

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
      if (oWeight[a] !== oWeight[b]) return oWeight[b] - oWeight[a];
      if (oBase && oBase[a] !== oBase[b]) return oBase[b] - oBase[a];
    }
    const ra = rank[oNameIdx[a]];
    const rb = rank[oNameIdx[b]];
    return ra !== rb ? ra - rb : oKind[a] - oKind[b];
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
  const parent = new Int32Array(count);
  const depth = new Int32Array(count);
  parent[0] = -1;
  for (let i = 0; i < count; i++) {
    const q = pos[i];
    let next = q + 1;
    for (let k = childStart[i]; k < childStart[i + 1]; k++) {
      const c = childList[k];
      pos[c] = next;
      parent[next] = q;
      depth[next] = depth[q] + 1;
      next += size[c];
    }
  }

  // ---- per node, in pre-order ----
  const end = new Int32Array(count);
  const kind = new Uint8Array(count);
  const flags = new Uint8Array(count);
  const pkg = new Uint8Array(count);
  const name = new Int32Array(count);
  const frame = new Int32Array(count);
  const file = new Int32Array(count);
  const line = new Int32Array(count);
  const files: string[] = [''];
  const fileSlot = new Map<number, number>([[0, 0]]);
  const mFile = m.frames.file;
  const mLine = m.frames.line;
  let lastFid = -1;
  let lastSlot = 0;
  for (let i = 0; i < count; i++) {
    const q = pos[i];
    end[q] = q + size[i];
    kind[q] = oKind[i];
    flags[q] = nFlags[i];
    pkg[q] = nPkg[i];
    name[q] = oNameIdx[i];
    const f = nFrame[i];
    frame[q] = f;
    if (f >= 0) {
      const fid = mFile[f];
      if (fid !== lastFid) {
        let at = fileSlot.get(fid);
        if (at === undefined) {
          at = files.length;
          files.push(view.str(fid));
          fileSlot.set(fid, at);
        }
        lastFid = fid;
        lastSlot = at;
      }
      file[q] = lastSlot;
      line[q] = mLine[f];
    }
  }
  let maxDepth = 0;
  for (let q = 0; q < count; q++) if (depth[q] > maxDepth) maxDepth = depth[q];

  // sums at the terminals (pre-order), then up the tree: a parent precedes its children
  const weight = new Float64Array(count);
  const self = new Float64Array(count);
  const goroutines = new Float64Array(count);
  const leaked = new Float64Array(count);
  const base = hasBase ? new Float64Array(count) : null;
  const waitMin = new Int32Array(count).fill(-1);
  const waitMax = new Int32Array(count).fill(-1);
  const termPos = new Int32Array(nLeaves);
  for (let l = 0; l < nLeaves; l++) {
    const t = terminal[l];
    if (t < 0) {
      termPos[l] = -1;
      continue;
    }
    const q = pos[t];
    termPos[l] = q;
    self[q] += leaves.weight[l];
    goroutines[q] += leaves.goroutines[l];
    leaked[q] += leaves.leaked[l];
    if (base) base[q] += leaves.base![l];
    const a = leaves.waitMin[l];
    if (a >= 0 && (waitMin[q] < 0 || a < waitMin[q])) waitMin[q] = a;
    if (leaves.waitMax[l] > waitMax[q]) waitMax[q] = leaves.waitMax[l];
  }
  weight.set(self);
  for (let q = count - 1; q > 0; q--) {
    const p = parent[q];
    weight[p] += weight[q];
    goroutines[p] += goroutines[q];
    leaked[p] += leaked[q];
    if (base) base[p] += base[q];
    if (waitMin[q] >= 0 && (waitMin[p] < 0 || waitMin[q] < waitMin[p])) waitMin[p] = waitMin[q];
    if (waitMax[q] > waitMax[p]) waitMax[p] = waitMax[q];
  }
  const pattern = dominantPatterns(leaves, termPos, parent, count);

  // ---- rows, grouped by the pre-order position of their terminal node ----
  const nRows = leaves.rows.length;
  const rowOffset = new Int32Array(count + 1);
  const rowLeaf = leaves.rowLeaf;
  let placed = 0;
  for (let k = 0; k < nRows; k++) {
    const q = termPos[rowLeaf[k]];
    if (q >= 0) {
      rowOffset[q + 1]++;
      placed++;
    }
  }
  for (let i = 0; i < count; i++) rowOffset[i + 1] += rowOffset[i];
  const at = rowOffset.slice(0, count);
  // sandwich: rows whose paths miss the focus function are not in the tree
  const rows = new Int32Array(placed);
  const rowWeight = new Float64Array(placed);
  for (let k = 0; k < nRows; k++) {
    const q = termPos[rowLeaf[k]];
    if (q < 0) continue;
    const j = at[q]++;
    rows[j] = leaves.rows[k];
    rowWeight[j] = leaves.rowWeight[k];
  }

  return {
    ...opts.info,
    version: 1,
    count,
    parent,
    end,
    depth,
    maxDepth,
    kind,
    flags,
    pkg,
    name,
    names,
    frame,
    file,
    line,
    files,
    weight,
    self,
    goroutines,
    leaked,
    base,
    pattern,
    patternNames: [...opts.patternNames],
    waitMin,
    waitMax,
    total: weight[0],
    baseTotal: base ? base[0] : null,
    rows,
    rowWeight,
    rowOffset,
    sorted: opts.sort,
  };
}

/** The pattern holding most of each node's weight (the baseline's for nodes gone from the snapshot). */
function dominantPatterns(leaves: FlameLeaves, terminal: Int32Array, parent: Int32Array, count: number): Uint8Array {
  // `terminal`: each leaf's node (-1 none); `parent`: any order in which a parent precedes its children
  const out = new Uint8Array(count).fill(NO_PATTERN);
  // compact the patterns present into columns
  const col = new Int16Array(256).fill(-1);
  const ids: number[] = [];
  const addPattern = (p: number) => {
    if (p !== NO_PATTERN && col[p] < 0) {
      col[p] = ids.length;
      ids.push(p);
    }
  };
  for (let l = 0; l < leaves.count; l++) addPattern(leaves.pattern[l]);
  for (const h of leaves.patternMix.values()) for (let p = 0; p < 255; p++) if (h[p] > 0) addPattern(p);
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
