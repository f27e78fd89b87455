/**
 * The flame graph's drawing math in Node (src/views/flame/flame-layout.ts and the pure helpers
 * beside it): visible rectangles for a viewport, merging of sub-pixel nodes, zoom, scrolling, hit
 * tests, keyboard moves, search, label elision, colours and the SVG export.
 */
import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/model/model';
import { ModelView } from '../src/model/read';
import { analyze } from '../src/analysis/index';
import { buildFlameTree, childrenOf, nodeLabel, rowPatterns, type FlameTree } from '../src/analysis/flame';
import { elide, hitTest, layoutVisible, neighbor, newLayout, RectKind, searchRegExp, searchTree, subtreeMaxDepth, type FlameLayout } from '../src/views/flame/flame-layout';
import { legendEntries, nodeFills, THEME_COLORS } from '../src/views/flame/flame-colors';
import { newRectPaint, paintRect, type FlamePaintState } from '../src/views/flame/flame-paint';
import { escapeXml, flameToSvg } from '../src/views/flame/flame-svg';
import { nodeDetails } from '../src/views/flame/flame-text';
import { loadAll } from './analysis-helpers';

function find(tree: FlameTree, label: string): number {
  for (let i = 0; i < tree.count; i++) if (nodeLabel(tree, i) === label) return i;
  return -1;
}

function rects(l: FlameLayout) {
  return Array.from({ length: l.count }, (_, j) => ({ node: l.node[j], kind: l.kind[j], row: l.row[j], x: l.x[j], w: l.w[j] }));
}

/** One heavy stack and `n` light ones, each its own function under main.main: most children are sub-pixel. */
function wideTree(n: number, heavy = 100_000): FlameTree {
  const b = new ModelBuilder();
  const input = b.addInput('synthetic.txt', 0);
  const snap = b.addSnapshot(input, { kind: 'traceback' });
  const state = b.intern('chan receive');
  const main = b.frame('main.main', '/m.go', 1);
  const heavyStack = b.stackFromLeafFirst([b.frame('main.heavy', '/m.go', 2), main]);
  b.addGoroutine({ snapshot: snap, goid: 1, state, stack: heavyStack, weight: heavy });
  for (let i = 0; i < n; i++) b.addGoroutine({ snapshot: snap, goid: i + 2, state, stack: b.stackFromLeafFirst([b.frame(`main.light${i}`, '/m.go', 10 + i), main]) });
  b.endSnapshot(snap);
  return buildFlameTree(new ModelView(b.freeze()), { snapshot: 0 });
}

function paintState(tree: FlameTree, over: Partial<FlamePaintState> = {}): FlamePaintState {
  const f = nodeFills(tree, 'pattern', 'light');
  return { colors: THEME_COLORS.light, fill: f.fill, text: f.text, charWidth: 7, matched: null, selectedName: -1, highlightNodes: null, highlightWeight: null, hover: -1, focus: -1, ...over };
}

describe('layoutVisible', () => {
  it('draws the root full width and children side by side in proportion to their weight', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/debug2.txt']));
    const l = layoutVisible(tree, { zoom: 0, width: 1060, height: 2000, rowHeight: 18, scrollTop: 0 });
    const r = rects(l);
    expect(r[0]).toMatchObject({ node: 0, row: 0, x: 0, w: 1060, kind: RectKind.Node });
    const kids = childrenOf(tree, 0);
    let x = 0;
    for (const c of kids) {
      const rc = r.find((q) => q.node === c)!;
      expect(rc.row).toBe(1);
      expect(rc.x).toBeCloseTo(x, 6);
      expect(rc.w).toBeCloseTo((1060 * tree.weight[c]) / tree.total, 6);
      x += rc.w;
    }
    expect(x).toBeCloseTo(1060, 6);
    for (const q of r) {
      expect(q.x).toBeGreaterThanOrEqual(0);
      expect(q.x + q.w).toBeLessThanOrEqual(1060 + 1e-6);
      expect(q.row).toBe(tree.depth[q.node]);
    }
    expect(l.rows).toBe(tree.maxDepth + 1);
  });

  it('merges sub-pixel children into one remainder of their parent, and walks only what is visible', () => {
    const tree = wideTree(5000);
    const l = layoutVisible(tree, { zoom: 0, width: 1000, height: 400, rowHeight: 18, scrollTop: 0 });
    const r = rects(l);
    const rem = r.filter((q) => q.kind === RectKind.Remainder);
    expect(rem.length).toBe(1);
    const main = find(tree, 'main.main');
    expect(rem[0].node).toBe(main);
    expect(rem[0].row).toBe(2);
    expect(rem[0].w).toBeCloseTo((1000 * 5000) / 105_000, 6);
    // the heavy child, its tip, main and the root: a handful of rectangles for 10,000 nodes
    expect(l.count).toBeLessThan(10);
    expect(tree.count).toBeGreaterThan(10_000);
  });

  it('merges runs of narrow siblings when children are in name order too', async () => {
    const view = await loadAll(['go1.27/debug2.txt']);
    // sorted by name, narrow children sit between wide ones: each run of them merges on its own
    const byName = buildFlameTree(view, { sort: 'name' });
    const l = layoutVisible(byName, { zoom: 0, width: 300, height: 4000, rowHeight: 10, scrollTop: 0, minWidth: 12 });
    const r = rects(l);
    expect(r.some((q) => q.kind === RectKind.Remainder)).toBe(true);
    for (const q of r) if (q.node !== 0 || q.kind === RectKind.Remainder) expect(q.w).toBeGreaterThanOrEqual(12);
    // in a row, rectangles never overlap and keep their order
    for (let row = 1; row <= 3; row++) {
      const inRow = r.filter((q) => q.row === row).sort((a, b) => a.x - b.x);
      for (let k = 1; k < inRow.length; k++) expect(inRow[k].x).toBeGreaterThanOrEqual(inRow[k - 1].x + inRow[k - 1].w - 1e-6);
    }
    // with the default 1 px, row 1 (the start functions) is covered up to sub-pixel remainders
    const fine = layoutVisible(byName, { zoom: 0, width: 300, height: 4000, rowHeight: 10, scrollTop: 0 });
    const row1 = rects(fine).filter((q) => q.row === 1);
    expect(row1.reduce((a, q) => a + q.w, 0)).toBeGreaterThan(299);
  });

  it('zoomed: ancestors full width above, the zoomed node full width, its subtree below', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/debug2.txt']));
    const z = find(tree, 'runtime/pprof.Do');
    const l = layoutVisible(tree, { zoom: z, width: 800, height: 1000, rowHeight: 18, scrollTop: 0 });
    const r = rects(l);
    expect(r.filter((q) => q.kind === RectKind.Ancestor).map((q) => nodeLabel(tree, q.node))).toEqual(['main.labeledHandler', 'all']);
    for (const q of r.filter((x) => x.kind === RectKind.Ancestor)) expect([q.x, q.w]).toEqual([0, 800]);
    expect(r.find((q) => q.node === z)).toMatchObject({ x: 0, w: 800, row: 2 });
    expect(r.filter((q) => q.kind === RectKind.Node).map((q) => nodeLabel(tree, q.node))).toEqual(['runtime/pprof.Do', 'main.labeledHandler.func1', '[chan receive]']);
    expect(l.rows).toBe(subtreeMaxDepth(tree, z) + 1);
  });

  it('scrolling skips the rows above and below the viewport', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/debug2.txt']));
    // main.deepRecurse is ~100 rows deep
    const l = layoutVisible(tree, { zoom: 0, width: 1000, height: 90, rowHeight: 18, scrollTop: 18 * 40 });
    const rows = new Set(rects(l).map((q) => q.row));
    expect(Math.min(...rows)).toBe(40);
    expect(Math.max(...rows)).toBe(45);
    expect(l.count).toBe(6);
  });

  it('reuses its arrays between frames', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/debug2.txt']));
    const out = newLayout(4);
    layoutVisible(tree, { zoom: 0, width: 1000, height: 3000, rowHeight: 18, scrollTop: 0 }, out);
    const nodeArr = out.node;
    const count = out.count;
    layoutVisible(tree, { zoom: 0, width: 1000, height: 3000, rowHeight: 18, scrollTop: 0 }, out);
    expect(out.node).toBe(nodeArr);
    expect(out.count).toBe(count);
  });
});

describe('hit tests and keyboard moves', () => {
  it('finds the rectangle under a point, and nothing outside', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/debug2.txt']));
    const l = layoutVisible(tree, { zoom: 0, width: 1000, height: 500, rowHeight: 20, scrollTop: 0 });
    for (let j = 0; j < l.count; j++) {
      const at = hitTest(l, l.x[j] + l.w[j] / 2, l.row[j] * 20 + 10);
      expect(at).toBe(j);
    }
    expect(hitTest(l, -1, 5)).toBe(-1);
    expect(hitTest(l, 5, 5000)).toBe(-1);
    const scrolled = layoutVisible(tree, { zoom: 0, width: 1000, height: 100, rowHeight: 20, scrollTop: 40 }, newLayout());
    // y is in the canvas: row 2 is at the top once 2 rows are scrolled away
    expect(scrolled.row[hitTest(scrolled, 1, 5)]).toBe(2);
  });

  it('arrows: up to the parent, down to the heaviest child, left and right along the row', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/debug2.txt']));
    const l = layoutVisible(tree, { zoom: 0, width: 1000, height: 500, rowHeight: 18, scrollTop: 0 });
    const kids = childrenOf(tree, 0);
    expect(neighbor(tree, l, 0, 'down')).toBe(kids[0]);
    expect(neighbor(tree, l, kids[0], 'up')).toBe(0);
    expect(neighbor(tree, l, 0, 'up')).toBe(0);
    expect(neighbor(tree, l, kids[0], 'right')).toBe(kids[1]);
    expect(neighbor(tree, l, kids[1], 'left')).toBe(kids[0]);
    expect(neighbor(tree, l, kids[0], 'left')).toBe(kids[0]);
    // across parents: the tip of the first child, then the next tip to its right
    const tip = kids[0] + 1;
    expect(neighbor(tree, l, tip, 'right')).toBe(kids[1] + 1);
  });
});

describe('search', () => {
  it('matches labels by regular expression and counts each path once', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/debug2.txt']));
    const { re } = searchRegExp('deepRecurse');
    const r = searchTree(tree, re!);
    expect(r.nodes).toBeGreaterThan(50);
    // one goroutine, however many of its frames match
    expect(r.weight).toBe(1);
    expect(r.share).toBeCloseTo(1 / 53, 9);
    const chans = searchTree(tree, searchRegExp('^\\[chan (send|receive)\\]$').re!);
    expect(chans.weight).toBe(24);
  });

  it('an invalid expression is matched as text and says so', () => {
    const s = searchRegExp('main.(*Pipeline');
    expect(s.error).toMatch(/not a regular expression/);
    expect(s.re!.test('main.(*Pipeline).produce')).toBe(true);
    expect(searchRegExp('  ').re).toBeNull();
  });
});

describe('labels, colours and paint', () => {
  it('elides Go names from the start (import path first), wait reasons from the end', () => {
    const name = 'github.com/example/very/long/package/path.(*Server).handleRequest';
    expect(elide(name, 40)).toBe('…path.(*Server).handleRequest');
    const e = elide(name, 20);
    expect(e.length).toBe(20);
    expect(e).toBe('…rver).handleRequest');
    expect(elide('main.(*Pipeline).produce', 12)).toBe('…ne).produce');
    expect(elide('[chan receive (nil chan)]', 10)).toBe('[chan rec…');
    expect(elide('main.f', 30)).toBe('main.f');
    expect(elide(name, 2)).toBe('');
  });

  it('tips are hatched, leaked shares marked, non-matches dimmed', async () => {
    const view = await loadAll(['go1.27/leak-debug2.txt']);
    const tree = buildFlameTree(view, { rowPattern: rowPatterns(analyze(view).groups) });
    const l = layoutVisible(tree, { zoom: 0, width: 1200, height: 500, rowHeight: 18, scrollTop: 0 });
    const produce = find(tree, 'main.(*Pipeline).produce');
    const ctx = find(tree, 'main.ctxWaiter');
    const j = (n: number) => Array.from({ length: l.count }, (_, k) => k).find((k) => l.node[k] === n)!;
    const p = newRectPaint();
    const matched = searchTree(tree, /produce/).matched;
    paintRect(tree, l, j(produce), paintState(tree, { matched }), p);
    expect(p).toMatchObject({ hatch: false, leakedShare: 1, alpha: 1, outlineWidth: 1.5 });
    paintRect(tree, l, j(ctx), paintState(tree, { matched }), p);
    expect(p.leakedShare).toBe(0);
    expect(p.alpha).toBeLessThan(0.5);
    paintRect(tree, l, j(produce + 1), paintState(tree), p);
    expect(p.hatch).toBe(true);
    expect(p.label).toBe('[chan send]');
  });

  it('fills follow the pattern, the package or the diff; the legend lists what is there', async () => {
    const view = await loadAll(['go1.27/grow-1.txt', 'go1.27/grow-2.txt']);
    const a = analyze(view);
    const tree = buildFlameTree(view, { snapshot: 1, baseline: 0, rowPattern: rowPatterns(a.groups) });
    for (const by of ['pattern', 'package', 'diff'] as const)
      for (const theme of ['light', 'dark'] as const) {
        const f = nodeFills(tree, by, theme);
        expect(f.fill.length).toBe(tree.count);
        for (const c of f.fill) expect(c).toMatch(/^#[0-9a-f]{6}$/);
      }
    const diff = nodeFills(tree, 'diff', 'light').fill;
    const produce = find(tree, 'main.(*Pipeline).produce');
    const same = find(tree, 'main.chanRecvLeaker');
    expect(diff[produce]).not.toBe(diff[same]);
    expect(legendEntries(tree, 'diff', 'light').map((e) => e.label)).toEqual(['grew (deeper: more)', 'unchanged']);
    const patterns = legendEntries(tree, 'pattern', 'light').map((e) => e.label);
    expect(patterns[0]).toBe('Send on a channel nobody receives from');
    expect(legendEntries(tree, 'package', 'dark').map((e) => e.label)).toContain('your code');
  });

  it('a tooltip says what a node is, where, how many and how it changed', async () => {
    const view = await loadAll(['go1.27/grow-1.txt', 'go1.27/grow-2.txt']);
    const tree = buildFlameTree(view, { snapshot: 1, baseline: 0 });
    const d = nodeDetails(tree, find(tree, 'main.(*Pipeline).produce'));
    expect(d.what).toMatch(/park site/);
    expect(d.location).toMatch(/sites\.go:76$/);
    expect(Object.fromEntries(d.facts)).toMatchObject({ goroutines: '20', 'of all': '30%', baseline: '7 goroutines → 20 goroutines (grew, +13)' });
  });
});

describe('SVG export', () => {
  it('is one rectangle per visible node with escaped text', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/debug2.txt']));
    const l = layoutVisible(tree, { zoom: 0, width: 1000, height: 300, rowHeight: 18, scrollTop: 0 });
    const svg = flameToSvg(tree, l, paintState(tree), { fontSize: 11, fontFamily: 'monospace', title: 'debug2 <all>' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g opacity/g)!.length).toBe(l.count);
    expect(svg).toContain('debug2 &lt;all&gt;');
    expect(svg).toContain('main.(*Pipeline).produce');
    expect(svg).toContain('url(#tip-hatch)');
  });

  it('never lets a name from the input become markup', () => {
    const b = new ModelBuilder();
    const input = b.addInput('evil.txt', 0);
    const snap = b.addSnapshot(input, { kind: 'traceback' });
    const evil = 'main.<script>alert("x")</script>&';
    b.addGoroutine({ snapshot: snap, goid: 1, state: b.intern('chan <b>send</b>'), stack: b.stackFromLeafFirst([b.frame(evil, '/a"b.go', 1)]) });
    b.endSnapshot(snap);
    const tree = buildFlameTree(new ModelView(b.freeze()), { snapshot: 0 });
    const l = layoutVisible(tree, { zoom: 0, width: 2000, height: 300, rowHeight: 18, scrollTop: 0 });
    const svg = flameToSvg(tree, l, paintState(tree), { fontSize: 11, fontFamily: 'monospace' });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain(escapeXml(evil));
    expect(svg).toContain('/a&quot;b.go:1');
  });
});

describe('a horizontal window (wheel zoom, drag pan)', () => {
  it('go1.27/debug2.txt: only nodes overlapping the window are drawn, clipped to it, at the scale of the window', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/debug2.txt']));
    const width = 1000;
    const x0 = 10;
    const span = 20; // goroutines 10..30 of 53
    const l = layoutVisible(tree, { zoom: 0, width, height: 4000, rowHeight: 18, scrollTop: 0, x0, span });
    const whole = layoutVisible(tree, { zoom: 0, width, height: 4000, rowHeight: 18, scrollTop: 0 });
    expect(l.count).toBeGreaterThan(0);
    // every rectangle inside the canvas
    for (const r of rects(l)) {
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.x + r.w).toBeLessThanOrEqual(width + 1e-9);
    }
    // the nodes of the window: exactly those of the whole picture that overlap goroutines [10, 30)
    const k = width / tree.total;
    const want = rects(whole)
      .filter((r) => r.kind === RectKind.Node && r.x / k < x0 + span && (r.x + r.w) / k > x0)
      .map((r) => r.node)
      .sort((a, b) => a - b);
    const got = rects(l)
      .filter((r) => r.kind === RectKind.Node)
      .map((r) => r.node)
      .sort((a, b) => a - b);
    expect(got).toEqual(want);
    // a node is as wide as its weight at the window's scale (where it is not clipped)
    const produce = find(tree, 'main.(*Pipeline).produce');
    const at = rects(l).find((r) => r.node === produce);
    expect(at).toBeUndefined(); // produce holds goroutines 0..7: left of the window
    const second = childrenOf(tree, 0)[1];
    const r2 = rects(l).find((r) => r.node === second)!;
    expect(r2.x).toBe(0);
    expect(r2.w).toBeCloseTo((tree.weight[childrenOf(tree, 0)[0]] + tree.weight[second] - x0) * (width / span), 6);
    // hit test at the left edge finds the clipped node
    expect(l.node[hitTest(l, 1, 18 + 5)]).toBe(second);
  });
});
