/**
 * Where the state-flow diagram puts things (no DOM): the scheduler's state machine in fixed places
 * — three lanes, goroutines (G) on top, processors (P) and threads (M) below — with node sizes by
 * time in state, edge widths log-scaled by count, curved edges (d3-path) ending on node boundaries
 * and labels placed at an edge's middle or start, never at its arrowhead.
 */
import { path as d3path, scaleLog, scaleSqrt } from 'd3';
import { FLOW_NODES, WAIT_CLASSES } from '../../analysis/stateflow';

export const VIEW_W = 1200;
export const VIEW_H = 522;

/** A state as drawn: a circle, or (waiting classes) a box with one row per reason. */
export interface NodeGeom {
  node: number;
  key: string;
  lane: 'G' | 'P' | 'M';
  label: string;
  x: number;
  y: number;
  /** circles: radius; boxes: 0 */
  r: number;
  /** the radius range for replay sizes (circles) */
  rMin: number;
  rMax: number;
  box: { x: number; y: number; w: number; h: number } | null;
  rows: { reason: string; reasonId: number; y: number; count: number; goroutines: number; edge: number }[];
  labelAt: 'above' | 'below' | 'right';
  timeNs: number;
  atCursor: number;
  /** sized by time: not the start/end markers */
  timed: boolean;
}

/** One drawn edge: the data edges (FlowEdge indices) it stands for, summed. */
export interface EdgeGeom {
  id: string;
  lane: 'G' | 'P' | 'M';
  from: number;
  to: number;
  fromKey: string;
  toKey: string;
  fromState: string;
  toState: string;
  /** reason string id, -1: every reason of this pair */
  reasonId: number;
  reason: string;
  count: number;
  goroutines: number;
  /** reasons within it, for the tooltip */
  parts: { reason: string; count: number }[];
  dataEdges: number[];
  d: string;
  width: number;
  /** label position; null: the label is drawn in a box row (Running→Waiting by reason) */
  label: { x: number; y: number; anchor: 'start' | 'middle' | 'end' } | null;
}

export interface LayoutInput {
  timeNs: ArrayLike<number>;
  atCursor: ArrayLike<number>;
  edges: { from: number; to: number; reasonId: number; reason: string; count: number; goroutines: number }[];
  /** distinct goroutines per node pair (from * FLOW_NODES.length + to); null: take the edges' */
  pairGoroutines: ArrayLike<number> | null;
}

export interface Layout {
  nodes: NodeGeom[];
  edges: EdgeGeom[];
  lanes: { lane: 'G' | 'P' | 'M'; title: string; x: number; y: number; w: number; h: number }[];
}

const LANES = [
  { lane: 'G' as const, title: 'Goroutines (G)', x: 4, y: 0, w: VIEW_W - 8, h: 414 },
  { lane: 'P' as const, title: 'Processors (P)', x: 4, y: 416, w: VIEW_W / 2 - 8, h: 106 },
  { lane: 'M' as const, title: 'Threads (M)', x: VIEW_W / 2 + 4, y: 416, w: VIEW_W / 2 - 8, h: 106 },
];

/** Fixed centres: the scheduler's state machine, read left to right. */
const PLACE: Record<string, [number, number, 'above' | 'below' | 'right']> = {
  'g:before': [70, 110, 'above'],
  'g:created': [70, 235, 'below'],
  'g:runnable': [320, 235, 'below'],
  'g:running': [600, 235, 'above'],
  'g:syscall': [600, 362, 'right'],
  'g:dead': [815, 310, 'below'],
  'p:start': [50, 462, 'below'],
  'p:idle': [200, 462, 'below'],
  'p:running': [380, 462, 'below'],
  'p:gone': [530, 462, 'below'],
  'm:start': [654, 462, 'below'],
  'm:idle': [800, 462, 'below'],
  'm:running': [970, 462, 'below'],
  'm:syscall': [1130, 462, 'below'],
};
const BOX_X = 880;
const BOX_W = 200;
const BOX_TOP = 62;
const BOX_BOTTOM = 408;

export function layout(f: LayoutInput): Layout {
  const N = FLOW_NODES.length;
  // which nodes have anything: an edge, time, or goroutines at the cursor
  const used = new Uint8Array(N);
  for (const e of f.edges) used[e.from] = used[e.to] = 1;
  for (let n = 0; n < N; n++) if (f.timeNs[n] > 0 || f.atCursor[n] > 0) used[n] = 1;
  for (const k of ['g:runnable', 'g:running', 'p:idle', 'p:running', 'm:running', 'm:idle']) used[FLOW_NODES.findIndex((n) => n.key === k)] = 1;

  const nodes: NodeGeom[] = [];
  const byNode = new Map<number, NodeGeom>();
  const laneMax = { G: 0, P: 0, M: 0 };
  FLOW_NODES.forEach((n, i) => {
    if (PLACE[n.key] && !['start', 'created', 'before', 'dead', 'gone'].some((s) => n.key.endsWith(`:${s}`))) laneMax[n.lane] = Math.max(laneMax[n.lane], f.timeNs[i]);
  });

  // circles
  FLOW_NODES.forEach((n, i) => {
    const p = PLACE[n.key];
    if (!p || !used[i]) return;
    const marker = ['start', 'created', 'before', 'dead', 'gone'].some((s) => n.key.endsWith(`:${s}`));
    const [rMin, rMax] = n.lane === 'G' ? [16, 46] : [10, 22];
    const size = scaleSqrt().domain([0, laneMax[n.lane] || 1]).range([rMin, rMax]);
    const g: NodeGeom = { node: i, key: n.key, lane: n.lane, label: n.label, x: p[0], y: p[1], r: marker ? 10 : size(f.timeNs[i]), rMin, rMax, box: null, rows: [], labelAt: p[2], timeNs: f.timeNs[i], atCursor: f.atCursor[i], timed: !marker };
    nodes.push(g);
    byNode.set(i, g);
  });

  // waiting boxes, stacked in class order, one row per reason of the Running→Waiting edges into it
  const running = FLOW_NODES.findIndex((n) => n.key === 'g:running');
  const classes = WAIT_CLASSES.map((c) => FLOW_NODES.findIndex((n) => n.key === `g:wait:${c}`)).filter((i) => used[i]);
  const rowsOf = new Map<number, NodeGeom['rows']>();
  f.edges.forEach((e, k) => {
    if (e.from !== running || !classes.includes(e.to)) return;
    const list = rowsOf.get(e.to) ?? [];
    list.push({ reason: e.reason, reasonId: e.reasonId, y: 0, count: e.count, goroutines: e.goroutines, edge: k });
    rowsOf.set(e.to, list);
  });
  const HEAD = 20;
  const GAP = 4;
  const totalRows = classes.reduce((a, c) => a + (rowsOf.get(c)?.length ?? 0), 0);
  const rowH = Math.max(10, Math.min(16, (BOX_BOTTOM - BOX_TOP - classes.length * (HEAD + GAP + 3)) / Math.max(1, totalRows)));
  let y = BOX_TOP;
  for (const c of classes) {
    const rows = (rowsOf.get(c) ?? []).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
    const h = HEAD + rows.length * rowH + 3;
    rows.forEach((r, j) => (r.y = y + HEAD + j * rowH + rowH / 2));
    const g: NodeGeom = { node: c, key: FLOW_NODES[c].key, lane: 'G', label: FLOW_NODES[c].label, x: BOX_X, y: y + HEAD / 2, r: 0, rMin: 0, rMax: 0, box: { x: BOX_X, y, w: BOX_W, h }, rows, labelAt: 'above', timeNs: f.timeNs[c], atCursor: f.atCursor[c], timed: true };
    nodes.push(g);
    byNode.set(c, g);
    y += h + GAP;
  }

  // drawn edges: one per node pair, Running→Waiting one per reason
  const maxCount = Math.max(1, ...f.edges.map((e) => e.count));
  const width = scaleLog().domain([1, Math.max(2, maxCount)]).range([1.2, 9]).clamp(true);
  const pairs = new Map<string, EdgeGeom>();
  f.edges.forEach((e, k) => {
    if (e.count <= 0) return;
    const a = FLOW_NODES[e.from];
    const b = FLOW_NODES[e.to];
    const split = e.from === running && b.state === 'Waiting';
    const id = split ? `${a.key}>${b.key}>${e.reasonId}` : `${a.key}>${b.key}`;
    let g = pairs.get(id);
    if (!g) {
      g = { id, lane: a.lane, from: e.from, to: e.to, fromKey: a.key, toKey: b.key, fromState: a.state, toState: b.state, reasonId: split ? e.reasonId : -1, reason: split ? e.reason : '', count: 0, goroutines: 0, parts: [], dataEdges: [], d: '', width: 0, label: null };
      pairs.set(id, g);
    }
    g.count += e.count;
    g.goroutines = split || !f.pairGoroutines ? g.goroutines + e.goroutines : f.pairGoroutines[e.from * N + e.to];
    g.parts.push({ reason: e.reason, count: e.count });
    g.dataEdges.push(k);
  });

  const edges = [...pairs.values()];
  // Waiting→Runnable arcs go around the right and over the top, nested so they never cross
  const back = edges.filter((e) => FLOW_NODES[e.from].state === 'Waiting' && e.toKey === 'g:runnable').sort((a, b) => byNode.get(a.from)!.y - byNode.get(b.from)!.y);
  for (const e of edges) {
    e.width = width(e.count);
    const s = byNode.get(e.from);
    const t = byNode.get(e.to);
    if (!s || !t) continue;
    const bi = back.indexOf(e);
    if (bi >= 0) {
      const n = back.length;
      const box = s.box!;
      const y0 = box.y + 11;
      const xr = box.x + box.w + 20 + 8 * (n - 1 - bi);
      const apex = 10 + ((BOX_TOP - 18) * bi) / Math.max(1, n - 1);
      const xd = t.x - 26 + (52 * (n - 1 - bi)) / Math.max(1, n - 1);
      const yEnd = t.y - Math.sqrt(Math.max(0, t.r * t.r - (xd - t.x) ** 2)) - 2;
      const p = d3path();
      p.moveTo(box.x + box.w, y0);
      p.arcTo(xr, y0, xr, apex, 10);
      p.arcTo(xr, apex, xd, apex, 10);
      p.arcTo(xd, apex, xd, yEnd, 10);
      p.lineTo(xd, yEnd);
      e.d = p.toString();
      e.label = { x: box.x + box.w + 4, y: y0 - 5, anchor: 'start' };
      continue;
    }
    if (t.box) {
      // into a waiting box: at its reason row (Running, by reason) or its header
      const row = e.reasonId >= 0 ? t.rows.find((r) => r.reasonId === e.reasonId) : undefined;
      const ty = row ? row.y : t.box.y + 11;
      const tx = t.box.x - 1;
      const ang = Math.atan2(ty - s.y, tx - s.x);
      const sx = s.x + s.r * Math.cos(ang);
      const sy = s.y + s.r * Math.sin(ang);
      const p = d3path();
      p.moveTo(sx, sy);
      const c1x = sx + (tx - sx) * 0.45;
      const c2x = tx - (tx - sx) * 0.35;
      p.bezierCurveTo(c1x, sy, c2x, ty, tx, ty);
      e.d = p.toString();
      if (!row) {
        // on the curve, for edges that are not labelled in a row: near the start for the long ones
        // from the left edge's markers (before the trace, created), else at the middle
        const u = s.timed ? 0.5 : 0.18;
        const v = 1 - u;
        const bx = v * v * v * sx + 3 * v * v * u * c1x + 3 * v * u * u * c2x + u * u * u * tx;
        const by = v * v * v * sy + 3 * v * v * u * sy + 3 * v * u * u * ty + u * u * u * ty;
        e.label = { x: bx, y: by - 6, anchor: 'middle' };
      }
      continue;
    }
    // circle to circle: a quadratic curve bent to the left of its direction (so A→B and B→A part)
    const dx = t.x - s.x;
    const dy = t.y - s.y;
    const len = Math.hypot(dx, dy) || 1;
    // goroutine edges from the start markers bend the other way: clear of the nodes they pass
    const bend = (Math.min(36, 0.16 * len) + 6) * (s.timed || s.lane !== 'G' ? 1 : -1);
    const nx = -dy / len;
    const ny = dx / len;
    const cx = (s.x + t.x) / 2 + nx * bend;
    const cy = (s.y + t.y) / 2 + ny * bend;
    const a0 = Math.atan2(cy - s.y, cx - s.x);
    const a1 = Math.atan2(cy - t.y, cx - t.x);
    const sx = s.x + s.r * Math.cos(a0);
    const sy = s.y + s.r * Math.sin(a0);
    const tx = t.x + (t.r + 2) * Math.cos(a1);
    const ty = t.y + (t.r + 2) * Math.sin(a1);
    const p = d3path();
    p.moveTo(sx, sy);
    p.quadraticCurveTo(cx, cy, tx, ty);
    e.d = p.toString();
    // the curve's middle (t = 0.5), pushed a little further out
    const side = Math.sign(bend);
    const mx = 0.25 * sx + 0.5 * cx + 0.25 * tx + side * nx * (8 + e.width / 2);
    const my = 0.25 * sy + 0.5 * cy + 0.25 * ty + side * ny * (8 + e.width / 2);
    e.label = { x: mx, y: my + 4, anchor: Math.abs(nx) > 0.7 ? (side * nx > 0 ? 'start' : 'end') : 'middle' };
  }
  return { nodes, edges: edges.filter((e) => e.d), lanes: LANES };
}
