/**
 * The flame tree against the truth of the real fixtures (fixtures/README.md and each file's
 * `expect` block): widths are goroutines, the planted park sites have their counts in both
 * orientations, folded output adds up and names the park site, diffs, records, leaks and creators.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/index';
import {
  buildFlameTree,
  buildSandwich,
  childrenOf,
  defaultFlameSnapshot,
  diffStatus,
  FlameFlag,
  FlameNodeKind,
  nodeLabel,
  parkSiteTotals,
  pathTo,
  rowPatterns,
  rowsUnder,
  toFolded,
  type FlameTree,
} from '../src/analysis/flame';
import { PATTERN_ORDER } from '../src/analysis/patterns';
import type { ModelView } from '../src/model/read';
import { fixtures, FIXTURES, parseBytes, toRecord, type Truth } from './expect';
import { hasFixture, loadAll, truthOf, VERSIONS } from './analysis-helpers';

/** Snapshots a flame graph draws from a file (the CLI's snapshots: not an execution trace's end). */
function snapshotsOf(view: ModelView): number[] {
  const out: number[] = [];
  view.model.snapshots.forEach((s, i) => {
    if (s.kind !== 'trace-end') out.push(i);
  });
  return out;
}

/** The node reached from the root by these labels, or -1. */
function nodeAt(tree: FlameTree, labels: string[]): number {
  let n = 0;
  for (const l of labels) {
    const next = childrenOf(tree, n).find((c) => nodeLabel(tree, c) === l);
    if (next === undefined) return -1;
    n = next;
  }
  return n;
}

function sum(m: Map<string, number> | Record<string, number>): number {
  let s = 0;
  for (const v of m instanceof Map ? m.values() : Object.values(m)) s += v;
  return s;
}

const counted = fixtures((t) => t.expect.format !== 'execution-trace' && typeof t.expect.snapshots_total?.goroutines === 'number');
const withSites = fixtures((t) => t.expect.format !== 'execution-trace' && Array.isArray(t.expect.parkSites));

async function load(rel: string): Promise<ModelView> {
  return parseBytes(rel.split('/').pop()!, new Uint8Array(readFileSync(join(FIXTURES, rel))));
}

describe('the root is as wide as the snapshot has goroutines', () => {
  it('covers the dumps and profiles of every version', () => {
    expect(counted.length).toBeGreaterThanOrEqual(60);
  });
  for (const [rel, truth] of counted) {
    it(rel, async () => {
      const view = await load(rel);
      const want = (truth.expect.snapshots_total as { goroutines: number }).goroutines;
      for (const orientation of ['entry', 'park'] as const) {
        let total = 0;
        for (const s of snapshotsOf(view)) {
          const tree = buildFlameTree(view, { snapshot: s, orientation });
          expect(tree.weight[0]).toBe(tree.total);
          total += tree.total;
        }
        expect(total).toBe(want);
      }
    });
  }
});

describe('both orientations agree on every park site, and with the summary', () => {
  for (const [rel, truth] of withSites) {
    it(rel, async () => {
      const view = await load(rel);
      const want = toRecord(truth.expect.parkSites!);
      for (const orientation of ['entry', 'park'] as const) {
        const got: Record<string, number> = {};
        for (const s of snapshotsOf(view)) for (const [f, n] of parkSiteTotals(buildFlameTree(view, { snapshot: s, orientation }))) got[f] = (got[f] ?? 0) + n;
        expect(got).toEqual(want);
      }
    });
  }
});

describe('the planted chan-send site main.(*Pipeline).produce', () => {
  const cases = VERSIONS.filter((v) => hasFixture(`${v}/debug2.txt`));
  for (const v of cases) {
    it(`${v}/debug2.txt: its node holds exactly the truth count in both orientations`, async () => {
      const truth = truthOf(`${v}/debug2.txt`);
      const site = truth.sites.find((s) => s.key === 'chan_send')!;
      const view = await loadAll([`${v}/debug2.txt`]);
      // entry-rooted: the goroutine starts in produce and parks there
      const entry = buildFlameTree(view);
      const e = nodeAt(entry, ['main.(*Pipeline).produce']);
      expect(entry.weight[e]).toBe(site.count);
      expect(entry.flags[e] & FlameFlag.ParkSite).toBeTruthy();
      expect(entry.weight[nodeAt(entry, ['main.(*Pipeline).produce', '[chan send]'])]).toBe(site.count);
      // park-rooted: [chan send] → produce
      const park = buildFlameTree(view, { orientation: 'park' });
      const p = nodeAt(park, ['[chan send]', 'main.(*Pipeline).produce']);
      expect(park.weight[p]).toBe(site.count);
      expect(rowsUnder(park, p).length).toBe(site.count);
    });
  }

  it('park-rooted, the wait reasons under the root are the states of the dump', async () => {
    for (const v of VERSIONS) {
      const rel = `${v}/debug2.txt`;
      if (!hasFixture(rel)) continue;
      const want = (JSON.parse(readFileSync(join(FIXTURES, rel + '.truth.json'), 'utf8')) as Truth).expect.snapshots_total!.states as Record<string, number>;
      const tree = buildFlameTree(await loadAll([rel]), { orientation: 'park' });
      const got: Record<string, number> = {};
      for (const c of childrenOf(tree, 0)) {
        expect(tree.kind[c]).toBe(FlameNodeKind.Tip);
        got[tree.names[tree.name[c]]] = tree.weight[c];
      }
      expect(got).toEqual(want);
    }
  });
});

describe('folded stacks', () => {
  for (const [rel, truth] of withSites) {
    it(`${rel}: lines add up to the goroutines and name the park site second to last`, async () => {
      const view = await load(rel);
      const sites: Record<string, number> = {};
      let total = 0;
      let noStack = 0;
      for (const s of snapshotsOf(view)) {
        for (const line of toFolded(view, { snapshot: s })) {
          const m = /^(.*) (\d+(?:\.\d+)?)$/.exec(line)!;
          expect(m).not.toBeNull();
          const fields = m[1].split(';');
          const n = Number(m[2]);
          total += n;
          expect(fields[fields.length - 1]).toMatch(/^\[.*\]$/);
          const site = fields[fields.length - 2];
          if (site === '(no stack)') noStack += n;
          else sites[site] = (sites[site] ?? 0) + n;
        }
      }
      expect(sites).toEqual(toRecord(truth.expect.parkSites!));
      const goroutines = truth.expect.snapshots_total?.goroutines;
      if (typeof goroutines === 'number') expect(total).toBe(goroutines);
      expect(total).toBe(sum(sites) + noStack);
    });
  }

  it('an entry-rooted line runs from the start function to the park site and the wait reason', async () => {
    const lines = toFolded(await loadAll(['go1.27/debug2.txt']));
    expect(lines).toContain('main.(*Pipeline).produce;[chan send] 7');
    expect(lines).toContain('main.labeledHandler;runtime/pprof.Do;main.labeledHandler.func1;[chan receive] 3');
    expect(lines).toContain('main.main;main.writeProfile;[running] 1');
  });

  it('a level-2 SIGQUIT dump folds to the same lines as debug=2 for the planted sites', async () => {
    const d2 = toFolded(await loadAll(['go1.27/debug2.txt']));
    const sq = new Set(toFolded(await loadAll(['go1.27/sigquit-all.txt'])));
    // not main (it writes the profile in one, waits for the signal in the other), nor the 120-deep
    // recursion, which level-1 and level-2 tracebacks elide differently (README note 3)
    const planted = d2.filter((l) => !l.startsWith('main.main;') && !l.startsWith('main.deepRecurse;'));
    expect(planted.length).toBe(18);
    for (const line of planted) expect(sq.has(line), line).toBe(true);
  });

  it('a subtree folds with its full path', async () => {
    const view = await loadAll(['go1.27/debug2.txt']);
    const tree = buildFlameTree(view);
    const n = nodeAt(tree, ['main.labeledHandler', 'runtime/pprof.Do']);
    expect(toFolded(tree, { node: n })).toEqual(['main.labeledHandler;runtime/pprof.Do;main.labeledHandler.func1;[chan receive] 3']);
  });
});

describe('diff against a baseline snapshot', () => {
  for (const [a, b] of [
    ['go1.27/grow-1.txt', 'go1.27/grow-2.txt'],
    ['go1.27/grow-1.pb.gz', 'go1.27/grow-2.pb.gz'],
  ]) {
    it(`${a} → ${b}: only the grown site grew, by +13`, async () => {
      const view = await loadAll([a, b]);
      for (const orientation of ['entry', 'park'] as const) {
        const tree = buildFlameTree(view, { snapshot: 1, baseline: 0, orientation });
        expect(tree.baseTotal).toBe(53);
        expect(tree.total).toBe(66);
        const site = orientation === 'entry' ? nodeAt(tree, ['main.(*Pipeline).produce']) : childrenOf(tree, childrenOf(tree, 0)[0]).find((c) => nodeLabel(tree, c) === 'main.(*Pipeline).produce')!;
        expect(tree.weight[site] - tree.base![site]).toBe(13);
        const onPath = new Set(pathTo(tree, site));
        for (let i = site; i < tree.end[site]; i++) onPath.add(i);
        for (let i = 0; i < tree.count; i++) {
          const st = diffStatus(tree, i);
          if (onPath.has(i)) expect(st).toBe('grew');
          else expect(st, nodeLabel(tree, i)).toBe('same');
        }
      }
    });
  }

  it('a node only in the baseline is kept with no width (gone), one only in the snapshot is new', async () => {
    const view = await loadAll(['go1.27/debug2.txt', 'go1.27/deadlock.txt']);
    const snapOf = (file: string) => view.model.inputs.find((i) => i.file === file)!.snapshotStart;
    const tree = buildFlameTree(view, { snapshot: snapOf('deadlock.txt'), baseline: snapOf('debug2.txt') });
    const sleep = nodeAt(tree, ['main.longSleeper']);
    expect(tree.weight[sleep]).toBe(0);
    expect(tree.base![sleep]).toBe(2);
    expect(diffStatus(tree, sleep)).toBe('gone');
    expect(tree.total).toBe(17);
    const statuses = new Set(Array.from({ length: tree.count }, (_, i) => diffStatus(tree, i)));
    expect(statuses.has('new')).toBe(true);
  });
});

describe('records of debug=1 and pprof profiles weigh their counts', () => {
  for (const rel of ['go1.27/debug1.txt', 'go1.27/goroutine.pb.gz', 'go1.19/debug1.txt', 'go1.22/goroutine.pb.gz']) {
    it(rel, async () => {
      const view = await loadAll([rel]);
      const tree = buildFlameTree(view);
      expect(tree.total).toBe(53);
      // about 20 records for 53 goroutines (README note 13)
      expect(tree.rows.length).toBeLessThan(25);
      const site = nodeAt(tree, ['main.(*Pipeline).produce']);
      expect(tree.weight[site]).toBe(7);
      const rows = rowsUnder(tree, site);
      expect(rows.length).toBe(1);
      expect(view.model.goroutines.weight[rows[0]]).toBe(7);
    });
  }

  it('without wait reasons, the tip names the call the park site waits in', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/goroutine.pb.gz']));
    const wg = nodeAt(tree, ['main.waitGroupWaiter']);
    expect(childrenOf(tree, wg).map((c) => nodeLabel(tree, c))).toEqual(['[sync.(*WaitGroup).Wait]']);
    expect(tree.flags[childrenOf(tree, wg)[0]] & FlameFlag.TipFromFrame).toBeTruthy();
    expect(tree.hasStates).toBe(false);
  });
});

describe('proven leaks', () => {
  it('go1.27/leak-debug2.txt: leaked weight equals the truth, in total and per park site', async () => {
    const truth = truthOf('go1.27/leak-debug2.txt');
    const view = await loadAll(['go1.27/leak-debug2.txt']);
    const tree = buildFlameTree(view);
    expect(tree.total).toBe(53);
    expect(tree.leaked[0]).toBe(truth.leaked!.total);
    const leakedOnly = buildFlameTree(view, { weight: 'leaked' });
    expect(leakedOnly.total).toBe(truth.leaked!.total);
    expect(Object.fromEntries(parkSiteTotals(leakedOnly))).toEqual(truth.leaked!.by_park_site);
    // ctx_done is a real leak the runtime cannot prove: no leaked weight there
    expect(tree.leaked[nodeAt(tree, ['main.ctxWaiter'])]).toBe(0);
    expect(tree.leaked[nodeAt(tree, ['main.(*Pipeline).produce'])]).toBe(7);
  });

  for (const rel of ['go1.27/leak-debug1.txt', 'go1.27/leak-debug0.pb.gz']) {
    it(`${rel}: every record of a goroutineleak profile is a proven leak`, async () => {
      const tree = buildFlameTree(await loadAll([rel]));
      expect(tree.total).toBe(43);
      expect(tree.leaked[0]).toBe(43);
    });
  }
});

describe('creators', () => {
  it('go1.27/debug2.txt: `created by main.(*Pipeline).launchStage` is under the start function of chan_send', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/debug2.txt']), { creators: true });
    const start = nodeAt(tree, ['created by main.(*Pipeline).launchStage', 'main.(*Pipeline).produce']);
    expect(start).toBeGreaterThan(0);
    expect(tree.weight[start]).toBe(7);
    expect(tree.kind[tree.parent[start]]).toBe(FlameNodeKind.Creator);
    expect(tree.total).toBe(53);
    // goroutine 1 has no creator: its start function stays at the base
    expect(nodeAt(tree, ['main.main'])).toBeGreaterThan(0);
  });

  it('with ancestors (GODEBUG=tracebackancestors) the whole chain is there, outermost creator first', async () => {
    for (const v of ['go1.19', 'go1.27']) {
      const tree = buildFlameTree(await loadAll([`${v}/debug2-ancestors.txt`]), { creators: true });
      const n = nodeAt(tree, ['created by main.spawnChanSend', 'created by main.superviseProducers', 'created by main.(*Pipeline).launchStage', 'main.(*Pipeline).produce', '[chan send]']);
      expect(tree.weight[n]).toBe(7);
    }
  });

  it('park-rooted, the chain continues past the start function', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/debug2.txt']), { creators: true, orientation: 'park' });
    const n = nodeAt(tree, ['[chan send]', 'main.(*Pipeline).produce', 'created by main.(*Pipeline).launchStage']);
    expect(tree.weight[n]).toBe(7);
  });

  it('go1.27/grow-2.txt: the 13 later goroutines come through a second creation chain', async () => {
    const tree = buildFlameTree(await loadAll(['go1.27/grow-2.txt']), { creators: true, orientation: 'park' });
    const site = nodeAt(tree, ['[chan send]', 'main.(*Pipeline).produce']);
    expect(tree.weight[site]).toBe(20);
    expect(childrenOf(tree, site).map((c) => tree.weight[c]).reduce((a, b) => a + b, 0)).toBe(20);
  });
});

describe('rows under a node', () => {
  for (const rel of ['go1.27/debug2.txt', 'go1.27/sigquit-all.txt', 'go1.27/debug1.txt', 'go1.21/grow-2.pb.gz']) {
    it(`${rel}: every node's rows weigh exactly its goroutines`, async () => {
      const view = await loadAll([rel]);
      for (const opts of [{}, { orientation: 'park' as const }, { creators: true }, { foldRuntime: false }]) {
        const tree = buildFlameTree(view, opts);
        const w = view.model.goroutines.weight;
        for (let i = 0; i < tree.count; i++) {
          let s = 0;
          for (const r of rowsUnder(tree, i)) s += w[r];
          expect(s).toBe(tree.weight[i]);
        }
      }
    });
  }

  it('a row filter draws just those rows', async () => {
    const view = await loadAll(['go1.27/debug2.txt']);
    const all = buildFlameTree(view);
    const rows = rowsUnder(all, nodeAt(all, ['main.chanRecvLeaker']));
    const only = buildFlameTree(view, { rows });
    expect(only.total).toBe(5);
    expect(toFolded(only)).toEqual(['main.chanRecvLeaker;[chan receive] 5']);
  });
});

describe('options', () => {
  it('without folding, the runtime frames inner to the park site are nodes and the total is unchanged', async () => {
    const view = await loadAll(['go1.27/sigquit-all.txt']);
    const tree = buildFlameTree(view, { foldRuntime: false });
    expect(tree.total).toBe(buildFlameTree(view).total);
    const lines = toFolded(tree);
    expect(lines.some((l) => l.includes('main.chanRecvLeaker;runtime.chanrecv1;runtime.chanrecv;runtime.gopark;[chan receive] 5'))).toBe(true);
    expect(lines.every((l) => l.startsWith('runtime.goexit;') || !l.includes('.gowrap'))).toBe(true);
  });

  it('wait weight is minutes × goroutines; rows without minutes weigh nothing', async () => {
    const text = readFileSync(join(FIXTURES, 'go1.27/debug2.txt'), 'utf8').replace(/\[chan send\]:/g, '[chan send, 12 minutes]:');
    const view = await parseBytes('debug2-minutes.txt', new TextEncoder().encode(text));
    const tree = buildFlameTree(view, { weight: 'wait' });
    // 7 produce + 2 genericSend goroutines wait 12 minutes each
    expect(tree.total).toBe(9 * 12);
    expect(tree.unit).toBe('goroutine-minutes');
    const site = nodeAt(tree, ['main.(*Pipeline).produce']);
    expect(tree.weight[site]).toBe(84);
    expect([tree.waitMin[site], tree.waitMax[site]]).toEqual([12, 12]);
    expect(rowsUnder(tree, 0).length).toBe(9);
    const byCount = buildFlameTree(view);
    expect(byCount.total).toBe(53);
    expect(byCount.waitMax[0]).toBe(12);
    expect(byCount.waitMin[nodeAt(byCount, ['main.chanRecvLeaker'])]).toBe(-1);
  });

  it('value weight of a `go tool trace -pprof` profile is its delay; goroutines weight its contentions', async () => {
    const rel = 'go1.27/trace-pprof-sync.pb.gz';
    const truth = JSON.parse(readFileSync(join(FIXTURES, rel + '.truth.json'), 'utf8')) as Record<string, unknown>;
    const view = await loadAll([rel]);
    expect(view.model.snapshots[defaultFlameSnapshot(view)].kind).toBe('time-profile');
    const byValue = buildFlameTree(view, { weight: 'value' });
    expect(byValue.unit).toBe('nanoseconds');
    expect(byValue.total).toBe(truth['total_delay_ns (observed)']);
    const byCount = buildFlameTree(view);
    expect(byCount.total).toBe(truth.total_contentions);
    // the program's fixed part: 20 pool workers block on their gate channel (README, trace pprof `exact`)
    expect(parkSiteTotals(byCount).get('main.poolWorker')).toBe(20);
  });

  it('children by name are in name order; by weight heaviest first', async () => {
    const view = await loadAll(['go1.27/debug2.txt']);
    const byName = buildFlameTree(view, { sort: 'name' });
    const names = childrenOf(byName, 0).map((c) => nodeLabel(byName, c));
    expect(names).toEqual([...names].sort());
    const byWeight = buildFlameTree(view);
    const w = childrenOf(byWeight, 0).map((c) => byWeight.weight[c]);
    expect(w).toEqual([...w].sort((a, b) => b - a));
  });

  it('the dominant pattern of a node comes from the rows under it; package kinds from the function', async () => {
    const view = await loadAll(['go1.27/debug2.txt']);
    const a = analyze(view);
    const tree = buildFlameTree(view, { rowPattern: rowPatterns(a.groups) });
    const pat = (labels: string[]) => PATTERN_ORDER[tree.pattern[nodeAt(tree, labels)]];
    expect(pat(['main.(*Pipeline).produce'])).toBe('chan-send');
    expect(pat(['main.mutexLocker', '[sync.Mutex.Lock]'])).toBe('mutex');
    expect(pat(['main.busyWorker'])).toBe('busy');
    expect(tree.pkg[nodeAt(tree, ['main.labeledHandler', 'runtime/pprof.Do'])]).toBe(2);
    expect(tree.pkg[nodeAt(tree, ['main.labeledHandler'])]).toBe(1);
  });
});

describe('sandwich', () => {
  it('callers and callees of runtime/pprof.Do', async () => {
    const view = await loadAll(['go1.27/debug2.txt']);
    const { callers, callees } = buildSandwich(view, 'runtime/pprof.Do');
    expect(toFolded(callers)).toEqual(['runtime/pprof.Do;main.labeledHandler 3']);
    expect(toFolded(callees)).toEqual(['runtime/pprof.Do;main.labeledHandler.func1;[chan receive] 3']);
    expect(callers.total).toBe(3);
    expect(rowsUnder(callers, 0).length).toBe(3);
  });

  it('a recursive function counts once, from its outermost call', async () => {
    const view = await loadAll(['go1.27/debug2.txt']);
    const { callers, callees } = buildSandwich(view, 'main.deepRecurse');
    expect(callers.total).toBe(1);
    expect(callees.total).toBe(1);
    expect(callees.maxDepth).toBeGreaterThan(50);
  });

  it('an unknown function gives an empty tree', async () => {
    const { callers } = buildSandwich(await loadAll(['go1.27/debug2.txt']), 'main.noSuchFunction');
    expect(callers.total).toBe(0);
    expect(callers.count).toBe(1);
  });
});

describe('layout invariants', () => {
  it('pre-order with end offsets, depths and parents consistent; sums add up', async () => {
    const view = await loadAll(['go1.27/sigquit-all.txt', 'go1.27/debug2-ancestors.txt']);
    for (const opts of [{}, { orientation: 'park' as const, creators: true }, { foldRuntime: false }]) {
      const t = buildFlameTree(view, { ...opts, snapshot: 1 });
      expect(t.parent[0]).toBe(-1);
      expect(t.end[0]).toBe(t.count);
      expect(t.rowOffset[t.count]).toBe(t.rows.length);
      for (let i = 1; i < t.count; i++) {
        const p = t.parent[i];
        expect(p).toBeLessThan(i);
        expect(t.depth[i]).toBe(t.depth[p] + 1);
        expect(t.end[i]).toBeLessThanOrEqual(t.end[p]);
        expect(t.end[i]).toBeGreaterThan(i);
      }
      for (let i = 0; i < t.count; i++) {
        let s = t.self[i];
        for (const c of childrenOf(t, i)) s += t.weight[c];
        expect(s).toBeCloseTo(t.weight[i], 6);
        expect(t.kind[i] === FlameNodeKind.Tip ? t.end[i] === i + 1 || opts.orientation === 'park' : true).toBe(true);
      }
    }
  });
});
