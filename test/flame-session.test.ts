/**
 * The worker's flame question and the table's `flame` filter term, in Node: the tree the page gets
 * is the analysis's tree (root = the snapshot's goroutines), a node's path names it across
 * rebuilds and generations, and filtering the table by it gives exactly the node's goroutines.
 */
import { describe, expect, it } from 'vitest';
import { FlameFlag, nodeLabel, parkSiteTotals, type FlameTree } from '../src/analysis/flame';
import { nodeAtPath, nodePath } from '../src/analysis/flame-path';
import type { FlameRequest } from '../src/worker/api';
import { fixtureFile, sessionWith, value } from './session-helpers';
import { truthOf } from './analysis-helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, type Truth } from './expect';

const fixtureTruth = (rel: string): Truth => JSON.parse(readFileSync(join(FIXTURES, rel + '.truth.json'), 'utf8')) as Truth;

const base = (snapshot: number, over: Partial<FlameRequest> = {}): FlameRequest => ({
  snapshot,
  orientation: 'entry',
  weight: 'goroutines',
  foldRuntime: true,
  creators: false,
  baseline: null,
  focus: null,
  trace: null,
  ...over,
});

function find(tree: FlameTree, label: string, parkSite = false): number {
  for (let i = 0; i < tree.count; i++) if (nodeLabel(tree, i) === label && (!parkSite || tree.flags[i] & FlameFlag.ParkSite)) return i;
  return -1;
}

describe('Session.flame', () => {
  it('go1.27/debug2.txt: root = goroutines; the chan-send site has its truth count in both orientations; the filter term shows exactly those', async () => {
    const s = await sessionWith(['go1.27/debug2.txt']);
    const gen = s.currentGeneration;
    const t = fixtureTruth('go1.27/debug2.txt');
    const want = truthOf('go1.27/debug2.txt').sites.find((x) => x.key === 'chan_send')!.count;
    for (const orientation of ['entry', 'park'] as const) {
      const req = base(0, { orientation });
      const { tree, buildMs } = value(s.flame(gen, req));
      expect(tree.total).toBe(t.expect.snapshots_total!.goroutines as number);
      expect(buildMs).toBeGreaterThanOrEqual(0);
      const node = find(tree, 'main.(*Pipeline).produce', true);
      expect(tree.weight[node]).toBe(want);
      const rows = value(s.rows(gen, 0, { flame: { request: req, path: nodePath(tree, node) } }, { key: 'goid', desc: false }));
      expect(rows.goroutines).toBe(want);
      expect(rows.rows.length).toBe(want);
      expect(new Set(rows.head.map((d) => d.parkSite))).toEqual(new Set(['main.(*Pipeline).produce']));
      // the root's path is [] and names every goroutine
      expect(value(s.rows(gen, 0, { flame: { request: req, path: [] } }, { key: 'goid', desc: false })).goroutines).toBe(tree.total);
    }
  });

  it('the arrays the page gets are copies: the worker keeps its own (a second question is answered from its cache)', async () => {
    const s = await sessionWith(['go1.27/debug2.txt']);
    const a = value(s.flame(s.currentGeneration, base(0)));
    const b = value(s.flame(s.currentGeneration, base(0)));
    expect(b.buildMs).toBe(0);
    expect(a.tree.weight).not.toBe(b.tree.weight);
    expect(Array.from(a.tree.weight)).toEqual(Array.from(b.tree.weight));
  });

  it('a path survives a new generation; an unknown path filters to nothing', async () => {
    const s = await sessionWith(['go1.27/debug2.txt']);
    const req = base(0, { orientation: 'park' });
    const tree = value(s.flame(s.currentGeneration, req)).tree;
    const path = nodePath(tree, find(tree, 'main.chanRecvLeaker', true));
    await s.load([fixtureFile('go1.27/debug1.txt')], { mode: 'separate' });
    const again = value(s.flame(s.currentGeneration, req)).tree;
    expect(nodeAtPath(again, path)).toBeGreaterThan(0);
    expect(value(s.rows(s.currentGeneration, 0, { flame: { request: req, path } }, { key: 'goid', desc: false })).goroutines).toBe(5);
    expect(value(s.rows(s.currentGeneration, 0, { flame: { request: req, path: ['1:main.nothing'] } }, { key: 'goid', desc: false })).goroutines).toBe(0);
    expect(s.flame(s.currentGeneration - 1, req).stale).toBe(true);
  });

  it('diff grow-1 → grow-2: widths from the later snapshot, the baseline per node; only the grown site grew, by +13', async () => {
    const s = await sessionWith(['go1.27/grow-1.txt', 'go1.27/grow-2.txt']);
    const ws = s.workspace(-1);
    const [a, b] = ws.series[0].snapshots;
    const tree = value(s.flame(s.currentGeneration, base(b, { baseline: a }))).tree;
    expect(tree.total).toBe(fixtureTruth('go1.27/grow-2.txt').expect.snapshots_total!.goroutines as number);
    expect(tree.baseTotal).toBe(fixtureTruth('go1.27/grow-1.txt').expect.snapshots_total!.goroutines as number);
    const grown: string[] = [];
    for (let i = 0; i < tree.count; i++) if (tree.flags[i] & FlameFlag.ParkSite && tree.weight[i] !== tree.base![i]) grown.push(`${nodeLabel(tree, i)} ${tree.weight[i] - tree.base![i]}`);
    expect(grown).toEqual(['main.(*Pipeline).produce 13']);
  });

  it('a trace: blocked time within a range and still-blocked goroutines; a node of the blocked tree filters to its distinct goroutines', async () => {
    const s = await sessionWith(['go1.27/trace.out']);
    const ws = s.workspace(-1);
    const snap = ws.traces.find((t) => t)!.snapshot;
    const dur = ws.traces.find((t) => t)!.durationNs;
    const sync = value(s.flame(s.currentGeneration, base(snap, { weight: 'blocked', trace: { kind: 'sync', t0: 0, t1: dur } }))).tree;
    const pprof = truthOf('go1.27/trace-pprof-sync.pb.gz') as unknown as Record<string, number>;
    expect(sync.total).toBe(pprof['total_delay_ns (observed)']);
    const req = base(snap, { weight: 'blocked', orientation: 'park', trace: { kind: 'waiting', t0: 0, t1: dur } });
    const tree = value(s.flame(s.currentGeneration, req)).tree;
    const pool = find(tree, 'main.poolWorker', true);
    expect(value(s.rows(s.currentGeneration, snap, { flame: { request: req, path: nodePath(tree, pool) } }, { key: 'goid', desc: false })).goroutines).toBe(20);
    const still = value(s.flame(s.currentGeneration, base(snap, { weight: 'still-blocked' }))).tree;
    expect(parkSiteTotals(still).get('main.(*Pipeline).produce')).toBe(7);
  });
});
