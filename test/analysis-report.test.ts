/**
 * The leak report against the planted truth of every fixture (../shared/fixtures/README.md):
 * every planted leak is a suspect with the right pattern and park site and the count of its file;
 * busy workers and runtime goroutines are not suspects; sleep and net_read are weak patterns.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/index';
import { PATTERNS, type PatternId } from '../src/analysis/patterns';
import type { DumpSuspect, LeakReport, Suspect } from '../src/analysis/report';
import { contractParkSite, dumpSuspects, hasFixture, loadAll, truthOf, VERSIONS, type SiteTruth } from './analysis-helpers';

/** What each planted site blocks on (README table, "blocks on"), as a leak pattern. */
const BLOCKS_ON: Record<string, PatternId> = {
  chan_send: 'chan-send',
  chan_recv: 'chan-recv',
  nil_chan_send: 'nil-chan',
  nil_chan_recv: 'nil-chan',
  select_no_cases: 'select-no-cases',
  select_two: 'select',
  waitgroup: 'waitgroup',
  mutex: 'mutex',
  rwmutex_rlock: 'mutex',
  cond_wait: 'cond-wait',
  sleep: 'sleep',
  net_read: 'io-wait',
  ctx_done: 'chan-recv',
  locked_thread: 'chan-recv',
  labeled: 'chan-recv',
  generic: 'chan-send',
  closure: 'chan-recv',
  deep: 'chan-recv',
};

/**
 * Stack-only inputs. pprof: runtime frames name the operation, but a nil channel parks in the
 * same runtime.chansend/chanrecv frames as a live one. debug=1 text hides the leading runtime
 * frames: channel operations and selects are indistinguishable ('hidden').
 */
function expectedPattern(key: string, format: string): PatternId {
  const p = BLOCKS_ON[key];
  if (format.startsWith('pprof-protobuf')) {
    if (key === 'nil_chan_send') return 'chan-send';
    if (key === 'nil_chan_recv') return 'chan-recv';
    return p;
  }
  if (format === 'pprof-debug1-text') {
    if (['chan-send', 'chan-recv', 'nil-chan', 'select', 'select-no-cases'].includes(p)) return 'hidden';
  }
  return p;
}

function suspectsAt(r: LeakReport, func: string): Suspect[] {
  return r.suspects.filter((s) => s.parkSite?.func === func);
}

function dumpAt(r: LeakReport, func: string): DumpSuspect[] {
  return dumpSuspects(r).filter((s) => s.parkSite?.func === func);
}

const TEXT = ['debug2.txt', 'stack.txt', 'sigquit-all.txt', 'sigquit-system.txt', 'panic-all.txt', 'deadlock.txt', 'debug2-ancestors.txt', 'debug2-tracebacklabels.txt', 'debug2-gomod-current.txt', 'sigquit-all-gomod-current.txt', 'leak-debug2.txt'];
const PROFILES = ['debug1.txt', 'goroutine.pb.gz', 'leak-debug1.txt', 'leak-debug0.pb.gz'];

const cases: [string, SiteTruth][] = [];
for (const v of VERSIONS) for (const f of [...TEXT, ...PROFILES]) if (hasFixture(`${v}/${f}`)) cases.push([`${v}/${f}`, truthOf(`${v}/${f}`)]);

describe('every planted leak is a suspect with its pattern and park site', () => {
  it('covers the text and profile fixtures of every version', () => {
    expect(cases.length).toBeGreaterThanOrEqual(7 * 8);
  });

  for (const [rel, truth] of cases) {
    it(rel, async () => {
      const view = await loadAll([rel]);
      const input = view.model.inputs[0];
      expect(input.error).toBeNull();
      const r = analyze(view).report;
      const stateful = truth.format === 'goroutine-traceback-text';
      for (const site of truth.sites) {
        if (site.count === 0) continue;
        const func = contractParkSite(site);
        const at = suspectsAt(r, func);
        if (site.key === 'busy') {
          if (truth.format === 'pprof-debug1-text') {
            // debug=1 hides what separates a running goroutine from a parked one: reported, but never as a leak pattern
            expect(at.every((s) => s.pattern === 'hidden' && s.kind === 'weak'), `${func}: ${at.map((s) => s.pattern)}`).toBe(true);
          } else {
            expect(at, `busy workers at ${func} must not be suspects`).toEqual([]);
          }
          continue;
        }
        const want = expectedPattern(site.key, truth.format);
        expect(at.length, `${site.key}: no suspect at ${func}`).toBeGreaterThan(0);
        expect(at.map((s) => s.pattern), `${site.key} at ${func}`).toEqual(at.map(() => want));
        expect(at.reduce((a, s) => a + s.count, 0), `${site.key} count at ${func}`).toBe(site.count);
        if (stateful && site.wait_reason) for (const s of at) expect(s.state).toBe(site.wait_reason);
        const kind = PATTERNS[want].kind;
        if (site.key === 'sleep' || site.key === 'net_read') expect(kind).toBe('weak');
        const labelsShown = !stateful || (site as { labels_in_header?: boolean }).labels_in_header === true;
        if (site.labels && labelsShown) for (const s of at) expect(s.labels.map((l) => [l.key, l.value])).toEqual(expect.arrayContaining(Object.entries(site.labels)));
        if (site.created_by && stateful) for (const s of at) expect(s.creators[0]?.func).toBe(site.created_by);
      }
      // weak patterns rank after every blocking-pattern suspect with the same proof
      const firstWeak = r.suspects.findIndex((s) => s.kind === 'weak');
      if (firstWeak >= 0) for (const s of r.suspects.slice(firstWeak)) expect(s.tier).toBeGreaterThanOrEqual(r.suspects[firstWeak].tier);
    });
  }
});

describe('nothing but planted sites and the main goroutine is blamed', () => {
  for (const [rel, truth] of cases.filter(([, t]) => t.format === 'goroutine-traceback-text')) {
    it(rel, async () => {
      const r = analyze(await loadAll([rel])).report;
      const allowed = new Set(truth.sites.map(contractParkSite));
      if (truth.main_goroutine) allowed.add(truth.main_goroutine.park_site).add(truth.main_goroutine.main_frame);
      for (const s of r.suspects) expect(allowed.has(s.parkSite?.func ?? ''), `unexpected suspect ${s.parkSite?.func} [${s.state}]`).toBe(true);
      // runtime (system) goroutines of level-2 dumps are background, all of them
      if (typeof truth.system_goroutines === 'number' && truth.system_goroutines > 0) {
        const runtimeBg = r.background.reduce((a, b) => a + b.count, 0);
        expect(runtimeBg).toBe(truth.system_goroutines);
      }
    });
  }
});

describe('(leaked) goroutines rank first', () => {
  for (const v of VERSIONS) {
    const rel = `${v}/leak-debug2.txt`;
    if (!hasFixture(rel)) continue;
    it(rel, async () => {
      const truth = truthOf(rel);
      const r = analyze(await loadAll([rel])).report;
      const leaked = dumpSuspects(r).filter((s) => s.leaked > 0);
      expect(leaked.reduce((a, s) => a + s.leaked, 0)).toBe(truth.leaked!.total);
      // a prefix of the ranking
      expect(dumpSuspects(r).slice(0, leaked.length).every((s) => s.leaked > 0)).toBe(true);
      expect(dumpSuspects(r).length).toBe(r.suspects.length);
      for (const s of leaked) expect(s.tier).toBe(0);
      for (const [site, n] of Object.entries(truth.leaked!.by_park_site)) expect(dumpAt(r, site).reduce((a, s) => a + s.leaked, 0), site).toBe(n);
      // the real leak the runtime cannot see (ctx_done) is still a suspect, after the proven ones
      const ctx = truth.sites.find((s) => s.key === 'ctx_done')!;
      const ctxSuspects = dumpAt(r, contractParkSite(ctx));
      expect(ctxSuspects.length).toBeGreaterThan(0);
      for (const s of ctxSuspects) {
        expect(s.leaked).toBe(0);
        expect(r.suspects.indexOf(s)).toBeGreaterThanOrEqual(leaked.length);
      }
    });
  }
});

describe('a goroutineleak profile lends its proof to a full dump of the same program', () => {
  for (const v of VERSIONS) {
    for (const leakFile of ['leak-debug1.txt', 'leak-debug0.pb.gz']) {
      const rel = `${v}/${leakFile}`;
      if (!hasFixture(rel)) continue;
      for (const order of ['profile first', 'dump first']) {
        it(`${rel} + ${v}/debug2.txt (${order})`, async () => {
          const leakTruth = truthOf(rel);
          const files = order === 'profile first' ? [rel, `${v}/debug2.txt`] : [`${v}/debug2.txt`, rel];
          const view = await loadAll(files);
          const a = analyze(view);
          const r = a.report;
          // the report is about the full dump, not the profile
          expect(view.model.inputs[view.model.snapshots[r.snapshot].input].file).toBe('debug2.txt');
          expect(r.leakCarry?.carried).toBe(leakTruth.leaked!.total);
          expect(dumpSuspects(r).reduce((acc, s) => acc + s.leaked, 0)).toBe(leakTruth.leaked!.total);
          // per planted site (the profile spells generic functions by shape; match sites by key)
          const dumpTruth = truthOf(`${v}/debug2.txt`);
          for (const ls of leakTruth.sites.filter((s) => s.count > 0)) {
            const ds = dumpTruth.sites.find((s) => s.key === ls.key)!;
            expect(dumpAt(r, contractParkSite(ds)).reduce((acc, s) => acc + s.leakedCarried, 0), ls.key).toBe(Math.min(ls.count, ds.count));
          }
          for (const site of dumpTruth.sites.filter((s) => !s.gc_detectable)) for (const s of dumpAt(r, contractParkSite(site))) expect(s.leaked, site.key).toBe(0);
          const ds = dumpSuspects(r);
          expect(ds.slice(0, ds.filter((s) => s.leaked > 0).length).every((s) => s.leaked > 0)).toBe(true);
        });
      }
    }
  }
});

describe('grow-1 + grow-2 show exactly the planted growth', () => {
  for (const v of VERSIONS) {
    for (const ext of ['txt', 'pb.gz']) {
      const a1 = `${v}/grow-1.${ext}`;
      const a2 = `${v}/grow-2.${ext}`;
      if (!hasFixture(a1) || !hasFixture(a2)) continue;
      it(`${a1} → ${a2}`, async () => {
        const t1 = truthOf(a1);
        const t2 = truthOf(a2);
        const an = analyze(await loadAll([a1, a2]));
        const r = an.report;
        expect(r.series.length).toBe(2);
        const before = new Map(t1.sites.map((s) => [contractParkSite(s), s.count]));
        const grown = t2.sites.filter((s) => s.count !== before.get(contractParkSite(s)));
        expect(grown.map((s) => s.key)).toEqual(['chan_send']);
        const site = contractParkSite(grown[0]);
        const delta = grown[0].count - before.get(site)!;
        expect(delta).toBe(13);
        const at = dumpAt(r, site);
        expect(at.reduce((acc, s) => acc + (s.growth?.delta ?? 0), 0)).toBe(delta);
        expect(at.reduce((acc, s) => acc + s.count, 0)).toBe(grown[0].count);
        // nothing else grows, and the grown site ranks first
        for (const s of dumpSuspects(r)) if (s.parkSite?.func !== site) expect(s.growth?.delta ?? 0, s.parkSite?.func).toBe(0);
        expect(r.suspects[0].parkSite?.func).toBe(site);
        const diff = an.diff!;
        const series = diff.chart.find((c) => c.site === site)!;
        expect(series.counts).toEqual([before.get(site), grown[0].count]);
        // among goroutines that can be suspects (the main goroutine's own stack changes between dumps)
        const blamable = (gi: number) => ['leak', 'weak'].includes(PATTERNS[an.groups.patterns[an.groups.pattern[gi]]].kind);
        const grewSites = new Set(diff.groups.filter((d) => d.delta > 0 && blamable(d.group)).map((d) => an.groups.parkFrame[d.group]));
        expect(grewSites.size).toBe(1);
        // ids never repeat: the goroutines of grow-1 are still there in grow-2 (text dumps carry ids)
        if (ext === 'txt') expect(diff.persistingGoroutines).toBeGreaterThanOrEqual(t1.sites.reduce((acc, s) => acc + (s.key === 'busy' ? 0 : s.count), 0));
      });
    }
  }
});

describe('execution traces: goroutines blocked at the end are suspects by reason and park site', () => {
  for (const v of VERSIONS) {
    const rel = `${v}/trace.out`;
    if (!hasFixture(rel)) continue;
    it(rel, async () => {
      const view = await loadAll([rel]);
      expect(view.model.inputs[0].error).toBeNull();
      const truth = truthOf(rel) as unknown as { still_blocked_at_end: { by_reason_and_park_site: { reason: string; park_site: string; count: number }[] } };
      const dump = truthOf(`${v}/debug2.txt`);
      const r = analyze(view).report;
      const fromTrace = r.suspects.filter((s) => s.source === 'trace');
      for (const row of truth.still_blocked_at_end.by_reason_and_park_site) {
        const site = dump.sites.find((s) => s.park_site === row.park_site)!;
        expect(site, row.park_site).toBeDefined();
        const at = fromTrace.filter((s) => s.parkSite?.func === contractParkSite(site));
        expect(at.reduce((a, s) => a + s.count, 0), `${row.reason} at ${row.park_site}`).toBe(row.count);
        for (const s of at) {
          expect(s.pattern, `${row.reason} at ${row.park_site}`).toBe(BLOCKS_ON[site.key]);
          expect(s.state).toBe(`Waiting: ${row.reason}`);
        }
      }
      // the blocked-forever ones (nil channels, select {}) rank in the time tier
      for (const s of fromTrace.filter((x) => x.state === 'Waiting: forever')) expect(s.tier).toBe(1);
      // nothing of the runtime or the tracer is blamed; busy workers are not suspects
      const allowed = new Set(dump.sites.map(contractParkSite));
      if (dump.main_goroutine) allowed.add(dump.main_goroutine.park_site).add(dump.main_goroutine.main_frame);
      for (const s of fromTrace) {
        // goroutines blocked since before the trace with no stack (≤1.22) name no park site: never suspects
        expect(s.stack).not.toBeNull();
        expect(allowed.has(s.parkSite?.func ?? ''), `unexpected trace suspect ${s.parkSite?.func} [${s.state}]`).toBe(true);
      }
      expect(fromTrace.some((s) => s.parkSite?.func === 'main.busyWorker')).toBe(false);
    });
  }
});
