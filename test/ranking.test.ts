/**
 * The ranking a user can follow (issue #9): named tiers, each sorted by its own key; the evidence
 * that puts the culprits of a hung test above a vendored library's idle loops; every evidence item
 * with a short text and an explanation.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../src/analysis/index';
import type { DumpSuspect, LeakReport } from '../src/analysis/report';
import { enclosingFunc, TIERS } from '../src/analysis/ranking';
import { libraryIdleLoop, moduleRootOf, ownModules } from '../src/analysis/classify';
import { dumpSuspects, loadAll } from './analysis-helpers';
import { FIXTURES, fixtures } from './expect';

/** Tiers ascending and contiguous, each sorted by its key; `report.tiers` says the same. */
function expectOrdered(r: LeakReport): void {
  for (let i = 1; i < r.suspects.length; i++) {
    const a = r.suspects[i - 1];
    const b = r.suspects[i];
    expect(a.tier, `${a.parkSite?.func} before ${b.parkSite?.func}`).toBeLessThanOrEqual(b.tier);
    if (a.tier === b.tier) {
      expect(a.tierName).toBe(b.tierName);
      expect(a.sortKey.by).toBe(b.sortKey.by);
      expect(a.sortKey.value, `${a.tierName}: ${a.parkSite?.func} before ${b.parkSite?.func}`).toBeGreaterThanOrEqual(b.sortKey.value);
      if (a.sortKey.value === b.sortKey.value) {
        expect(a.sortKey.then).toBeGreaterThanOrEqual(b.sortKey.then);
        if (a.sortKey.then === b.sortKey.then) expect(a.count).toBeGreaterThanOrEqual(b.count);
      }
    }
  }
  const sections: [string, number][] = [];
  for (const s of r.suspects) {
    if (sections.length && sections[sections.length - 1][0] === s.tierName) sections[sections.length - 1][1]++;
    else sections.push([s.tierName, 1]);
  }
  expect(r.tiers.map((t) => [t.name, t.suspects])).toEqual(sections);
  for (const s of r.suspects) {
    expect(s.evidence).toEqual(s.evidenceItems.map((e) => e.text));
    for (const e of s.evidenceItems) expect(e.text && e.explanation, `${s.parkSite?.func}: ${e.id}`).toBeTruthy();
    expect(s.evidenceItems[s.evidenceItems.length - 1].id).toBe('pattern');
    expect(s.sortKey.text && s.sortKey.by).toBeTruthy();
  }
}

describe('a hung test behind vendored idle loops (goker/hung-test)', () => {
  for (const file of ['hung-test.timeout.txt', 'hung-test.dump.txt']) {
    it(`${file}: the chan-send/WaitGroup pair ranks first, the library's idle loops after them, marked`, async () => {
      const r = analyze(await loadAll([`goker/hung-test/${file}`])).report;
      const ds = dumpSuspects(r);
      expect(ds.map((s) => [s.parkSite?.func, s.pattern, s.tierName])).toEqual([
        ['example.com/hung.TestReconcile.func1', 'chan-send', 'blocked on each other'],
        ['example.com/hung.TestReconcile', 'waitgroup', 'blocked on each other'],
        ['k8s.io/fakeclient/tools/cache.(*Reflector).ListAndWatch', 'select', 'idle loops'],
        ['k8s.io/fakeclient/tools/cache.(*processorListener).pop', 'select', 'idle loops'],
        ['k8s.io/fakeclient/tools/cache.(*processorListener).run', 'chan-recv', 'idle loops'],
        ['k8s.io/fakeclient/tools/cache.JitterUntil', 'select', 'idle loops'],
        ['k8s.io/fakeclient/tools/cache.Run.func2', 'chan-recv', 'idle loops'],
      ]);
      const [workers, test] = ds;
      expect(test.evidenceItems.map((e) => e.id)).toEqual(['test-blocked', 'waits-for-workers', 'wait-verdict', 'pattern']);
      expect(test.evidence[0]).toBe('the test hung.TestReconcile itself is blocked here');
      expect(test.evidence[1]).toBe('waits for 2 goroutines it started, blocked at example.com/hung.TestReconcile.func1 (2)');
      expect(workers.evidenceItems.map((e) => e.id)).toEqual(['waited-for', 'wait-verdict', 'pattern']);
      for (const s of ds.slice(2)) {
        expect(s.idleLoop?.module).toBe('k8s.io/fakeclient');
        expect(s.evidence).toContain('library idle loop (k8s.io/fakeclient)');
      }
      for (const s of ds.slice(0, 2)) expect(s.idleLoop).toBeNull();
      expect(r.tiers.map((t) => [t.name, t.suspects, t.by])).toEqual([
        ['blocked on each other', 2, 'goroutines'],
        ['idle loops', 5, 'goroutines'],
      ]);
      expectOrdered(r);
    });
  }

  it('the proven leaks of the plain dump are its two top suspects (truth from the leak profile)', async () => {
    const truth = JSON.parse(readFileSync(join(FIXTURES, 'goker/hung-test/hung-test.truth.json'), 'utf8')) as { leaked: { goids: number[] } };
    const view = await loadAll(['goker/hung-test/hung-test.dump.txt']);
    const r = analyze(view).report;
    const leaked = new Set(truth.leaked.goids);
    const has = r.suspects.map((s) => [...s.rows].some((row) => leaked.has(view.model.goroutines.goid[row])));
    expect(has).toEqual([true, true, false, false, false, false, false]);
  });
});

describe('GoKer kernels: the GC-proven leaks are the top-ranked suspects of the plain dump', () => {
  const dir = join(FIXTURES, 'goker');
  const kernels = readdirSync(dir).filter((f) => f.endsWith('.truth.json'));
  it('in 57 of 57 kernels (as before the ranking change: their dumps hold no idle loops)', async () => {
    let top = 0;
    for (const f of kernels) {
      const truth = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { files: { dump: string }; leaked: { goids: number[] } };
      const view = await loadAll([`goker/${truth.files.dump}`]);
      const r = analyze(view).report;
      const leaked = new Set(truth.leaked.goids);
      const g = view.model.goroutines;
      const has = r.suspects.map((s) => [...s.rows].some((row) => leaked.has(g.goid[row])));
      const k = has.filter(Boolean).length;
      const covered = new Set<number>();
      for (const s of r.suspects) for (const row of s.rows) if (leaked.has(g.goid[row])) covered.add(g.goid[row]);
      if (has.slice(0, k).every(Boolean) && covered.size === leaked.size) top++;
      expectOrdered(r);
    }
    expect([top, kernels.length]).toEqual([57, 57]);
  });
});

describe('every report of the fixtures is ranked in named tiers, each by its own key', () => {
  const rels = fixtures((t) => t.expect.format === 'goroutine-dump').map(([rel]) => rel);
  for (const rel of [...rels, 'go1.27/grow-1.txt|go1.27/grow-2.txt', 'go1.27/leak-debug1.txt|go1.27/debug2.txt', 'go1.27/trace.out']) {
    it(rel, async () => {
      const r = analyze(await loadAll(rel.split('|'))).report;
      expectOrdered(r);
      for (const s of r.suspects) {
        const t = Object.values(TIERS).find((x) => x.name === s.tierName)!;
        expect(t.tier).toBe(s.tier);
      }
    });
  }

  it('tiers keep their earlier numbers where they meant the same: 0 proven, 1 time, 2 a blocking pattern, 3 weak', () => {
    expect([TIERS.proven.tier, TIERS.time.tier, TIERS.trace.tier, TIERS.longest.tier, TIERS.other.tier]).toEqual([0, 1, 1, 2, 3]);
    const order = Object.values(TIERS).map((t) => t.tier);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('pieces', () => {
  it('enclosingFunc: the function closures and go wrappers are written in', () => {
    expect(['main.F.func1', 'main.F.func1.2', 'main.(*T).Run.gowrap3', 'main.F', 'k8s.io/x.(*L).pop'].map(enclosingFunc)).toEqual(['main.F', 'main.F', 'main.(*T).Run', 'main.F', 'k8s.io/x.(*L).pop']);
  });

  it('module roots and the program’s own modules', () => {
    expect(['k8s.io/client-go/tools/cache', 'github.com/org/repo/pkg/x', 'main', 'example.com/hung'].map(moduleRootOf)).toEqual(['k8s.io/client-go', 'github.com/org/repo', 'main', 'example.com/hung']);
    expect([...ownModules([['example.com/hung.TestX', 'testing.tRunner', 'runtime.goexit'], ['main.main']])].sort()).toEqual(['example.com/hung', 'main']);
  });

  it('libraryIdleLoop: library selects and receives with none of the program’s frames; never a send, never own code', () => {
    const own = new Set(['example.com/app']);
    const vendored = ['/src/app/vendor/k8s.io/client-go/tools/cache/reflector.go'];
    expect(libraryIdleLoop('select', ['k8s.io/client-go/tools/cache.(*Reflector).ListAndWatch'], vendored, own)?.module).toBe('k8s.io/client-go');
    // third-party by module, even from the module cache or without a path
    expect(libraryIdleLoop('chan-recv', ['google.golang.org/grpc.(*ccBalancerWrapper).watcher'], ['/home/u/go/pkg/mod/google.golang.org/grpc@v1.60.0/balancer.go'], new Set())?.module).toBe('google.golang.org/grpc');
    expect(libraryIdleLoop('select', ['github.com/x/y.loop'], ['/x/y.go'], own)?.module).toBe('github.com/x/y');
    expect(libraryIdleLoop('chan-send', ['k8s.io/client-go/tools/cache.(*Reflector).ListAndWatch'], vendored, own)).toBeNull();
    expect(libraryIdleLoop('select', ['example.com/app.worker'], ['/src/app/worker.go'], own)).toBeNull();
    // the program's own frame further out: its code is involved
    expect(libraryIdleLoop('select', ['k8s.io/client-go/tools/cache.wait', 'example.com/app.run'], [vendored[0], '/src/app/run.go'], own)).toBeNull();
  });

  it('a suspect of a test binary that is not a library: the test function’s module is the program’s own', async () => {
    const r = analyze(await loadAll(['extra-dumps/go1.27-gotest-timeout-v.txt'])).report;
    expect(dumpSuspects(r).map((s: DumpSuspect) => [s.parkSite?.func, s.idleLoop, s.tierName])).toEqual([
      ['example.com/hang.TestHang.func1.1', null, 'blocked on each other'],
      ['example.com/hang.TestHang.func1', null, 'blocked on each other'],
    ]);
  });
});
