/**
 * The pieces of the leak analysis: grouping levels, classification of trace reasons, creators
 * (chains through ancestors), labels, source links, safe export, the CI check, scale.
 */
import { describe, expect, it } from 'vitest';
import { analyze, defaultSnapshot } from '../src/analysis/index';
import { groupGoroutines } from '../src/analysis/group';
import { classifyGoroutine, classifyTraceGoroutine } from '../src/analysis/classify';
import { labelIndex } from '../src/analysis/labels';
import { FilterCache, filterRows, sortByIntegerKeys } from '../src/analysis/filter';
import fc from 'fast-check';
import { parkSitesByStack } from '../src/analysis/park-site';
import type { TraceSuspect } from '../src/analysis/report';
import { addTraceEndSnapshot } from '../src/formats/trace/end-snapshot';
import { editorLink, goSourceRef, sourceLink } from '../src/analysis/source-links';
import { mdCode, reportToJson, reportToMarkdown } from '../src/analysis/export';
import { checkReport } from '../src/cli/report';
import { ModelBuilder } from '../src/model/model';
import { ModelView } from '../src/model/read';
import type { TraceModel } from '../src/model/trace';
import { parseBytes } from './expect';
import { contractParkSite, dumpSuspects, loadAll, truthOf, VERSIONS } from './analysis-helpers';

describe('grouping levels', () => {
  it('park-site level reproduces the contract park-site counts of every debug2.txt', async () => {
    for (const v of VERSIONS) {
      const view = await loadAll([`${v}/debug2.txt`]);
      const truth = truthOf(`${v}/debug2.txt`) as unknown as { expect: { parkSites: { function: string; count: number }[] } };
      const g = groupGoroutines(view, { level: 'park-site' });
      const bySite = new Map<string, number>();
      for (let i = 0; i < g.count; i++) {
        const f = g.parkFrame[i] >= 0 ? view.frameFunc(g.parkFrame[i]) : '';
        bySite.set(f, (bySite.get(f) ?? 0) + g.weight[i]);
      }
      expect(Object.fromEntries(bySite), v).toEqual(Object.fromEntries(truth.expect.parkSites.map((p) => [p.function, p.count])));
      const exact = groupGoroutines(view, { level: 'exact' });
      const noLines = groupGoroutines(view, { level: 'no-lines' });
      expect(noLines.count).toBeLessThanOrEqual(exact.count);
      expect(g.count).toBeLessThanOrEqual(noLines.count);
      expect(exact.rows.length).toBe(exact.rowOffsets[exact.count]);
    }
  });

  it('weights of debug=1 records are counts', async () => {
    const view = await loadAll(['go1.27/debug1.txt']);
    const g = groupGoroutines(view);
    expect(g.weight.reduce((a, b) => a + b, 0)).toBe(truthOf('go1.27/debug1.txt').total as number);
  });
});

describe('classification', () => {
  it('maps the trace block reasons of the fixtures to the same patterns as the dumps', () => {
    const t = truthOf('go1.27/trace.out') as unknown as { still_blocked_at_end: { by_reason_and_park_site: { reason: string; park_site: string }[] } };
    const frame0: Record<string, string[]> = {
      'main.emptySelect': ['runtime.block'],
      'main.nilChanReceiver': ['runtime.chanrecv1'],
      'main.nilChanSender': ['runtime.chansend1'],
      'main.mutexLocker': ['sync.(*Mutex).Lock'],
      'main.rwMutexReader': ['sync.(*RWMutex).RLock'],
      'main.waitGroupWaiter': ['sync.(*WaitGroup).Wait'],
      'main.condWaiter': ['sync.(*Cond).Wait'],
    };
    const want: Record<string, string> = {
      'main.emptySelect': 'select-no-cases',
      'main.nilChanReceiver': 'nil-chan',
      'main.nilChanSender': 'nil-chan',
      'main.mutexLocker': 'mutex',
      'main.rwMutexReader': 'mutex',
      'main.waitGroupWaiter': 'waitgroup',
      'main.condWaiter': 'cond-wait',
      'main.selectTwoNever': 'select',
      'main.(*Pipeline).produce': 'chan-send',
      'main.genericSend[...]': 'chan-send',
      'net.(*netFD).Read': 'io-wait',
      'time.Sleep': 'sleep',
    };
    for (const row of t.still_blocked_at_end.by_reason_and_park_site) {
      const funcs = [...(frame0[row.park_site] ?? []), row.park_site];
      const c = classifyTraceGoroutine('Waiting', row.reason, funcs);
      expect(c.pattern, `${row.reason} at ${row.park_site}`).toBe(want[row.park_site] ?? 'chan-recv');
    }
    expect(classifyTraceGoroutine('Waiting', 'system goroutine wait', ['runtime.gopark', 'runtime.bgsweep']).pattern).toBe('background');
    expect(classifyTraceGoroutine('Waiting', 'chan receive', ['runtime.chanrecv1', 'runtime.(*wakeableSleep).sleep'], 'runtime.(*traceAdvancerState).start.func1').pattern).toBe('background');
    expect(classifyTraceGoroutine('Running', '', ['main.busyWorker']).pattern).toBe('busy');
  });

  it('tells semacquire apart by frames (Go 1.19 spelling)', () => {
    expect(classifyGoroutine('semacquire', ['sync.runtime_Semacquire', 'sync.(*WaitGroup).Wait', 'main.w']).pattern).toBe('waitgroup');
    expect(classifyGoroutine('semacquire', ['sync.runtime_SemacquireMutex', 'sync.(*Mutex).lockSlow', 'sync.(*Mutex).Lock', 'main.m']).pattern).toBe('mutex');
    expect(classifyGoroutine('semacquire', ['sync.runtime_SemacquireMutex', 'sync.(*RWMutex).RLock', 'main.r']).detail).toContain('RWMutex.RLock');
    expect(classifyGoroutine('semacquire', ['internal/poll.runtime_Semacquire', 'internal/poll.(*fdMutex).rwlock', 'internal/poll.(*FD).readLock', 'main.r']).pattern).toBe('fd-mutex');
    expect(classifyGoroutine('sync.Mutex.Lock', ['sync.(*Mutex).Lock', 'sync.(*Once).doSlow', 'sync.(*Once).Do', 'main.init']).pattern).toBe('once');
  });

  it('keeps runtime and library idle loops apart, but not user code below them', () => {
    expect(classifyGoroutine('IO wait', ['internal/poll.runtime_pollWait', 'net.(*netFD).accept', 'net.(*TCPListener).Accept', 'net/http.(*Server).Serve', 'main.main']).pattern).toBe('background');
    expect(classifyGoroutine('select', ['runtime.selectgo', 'net/http.(*persistConn).readLoop']).pattern).toBe('background');
    expect(classifyGoroutine('syscall', ['os/signal.signal_recv', 'os/signal.loop']).pattern).toBe('background');
    expect(classifyGoroutine('chan receive', ['testing.(*T).Run', 'example.com/p.TestX', 'testing.tRunner']).pattern).toBe('background');
    expect(classifyGoroutine('chan receive', ['example.com/p.helper', 'testing.tRunner']).pattern).toBe('chan-recv');
    expect(classifyGoroutine('select (no cases)', ['main.main', 'runtime.main']).pattern).toBe('background');
    expect(classifyGoroutine('select (no cases)', ['main.worker']).pattern).toBe('select-no-cases');
  });
});

describe('creators and labels', () => {
  it('follows the chan_send creation chain through ancestor sections (tracebackancestors)', async () => {
    for (const v of ['go1.21', 'go1.27']) {
      const rel = `${v}/debug2-ancestors.txt`;
      const truth = truthOf(rel);
      const site = truth.sites.find((s) => s.key === 'chan_send')! as { created_in_goroutines?: number[] } & (typeof truth.sites)[number];
      const r = analyze(await loadAll([rel])).report;
      const s = dumpSuspects(r).find((x) => x.parkSite?.func === contractParkSite(site))!;
      // README note 4: spawnChanSend (goroutine 1) -go-> superviseProducers -go-> launchStage -go-> produce
      expect(s.creatorChains[0].funcs).toEqual(['main.(*Pipeline).launchStage', 'main.superviseProducers', 'main.spawnChanSend']);
      expect(site.created_in_goroutines).toContain(s.creatorChains[0].goids[0]);
      expect(s.creatorChains[0].goids[2]).toBe(1);
    }
  });

  it('indexes labels by key and value and filters rows by their ids exactly', async () => {
    const view = await loadAll(['go1.27/debug1.txt']);
    const truth = truthOf('go1.27/debug1.txt') as unknown as { labels: { labels: Record<string, string>; count: number }[] };
    const snap = view.model.snapshots[0];
    const idx = labelIndex(view, snap.rowStart, snap.rowEnd);
    const park = parkSitesByStack(view);
    const cache = new FilterCache(view);
    for (const set of truth.labels) {
      for (const [k, val] of Object.entries(set.labels)) {
        const key = idx.keys.find((e) => e.key === k)!;
        const value = key.values.find((e) => e.value === val)!;
        expect(value.count).toBe(set.count);
        const rows = filterRows(view, 0, { label: { key: key.keyId, value: value.valueId } }, park, cache);
        expect(Array.from(rows).reduce((a, r) => a + view.model.goroutines.weight[r], 0)).toBe(set.count);
      }
    }
    expect(filterRows(view, 0, { label: { key: -2, value: -1 } }, park, cache).length).toBe(0);
  });
});

describe('source links', () => {
  it('links std frames to the Go source at the dump version, modules to pkg.go.dev', () => {
    expect(sourceLink('runtime.chanrecv', '/usr/lib/go-1.27/src/runtime/chan.go', 667, 'go1.27')).toBe('https://github.com/golang/go/blob/release-branch.go1.27/src/runtime/chan.go#L667');
    expect(sourceLink('sync.(*Mutex).Lock', '/usr/local/go/src/sync/mutex.go', 90, 'go1.19')).toBe('https://github.com/golang/go/blob/go1.19/src/sync/mutex.go#L90');
    expect(goSourceRef('go1.27.3')).toBe('go1.27.3');
    expect(goSourceRef(null)).toBe('master');
    expect(sourceLink('github.com/foo/bar/baz.(*Client).Do', '/home/u/go/pkg/mod/github.com/foo/bar@v1.2.3/baz/client.go', 10, null)).toBe('https://pkg.go.dev/github.com/foo/bar@v1.2.3/baz#Client.Do');
    expect(sourceLink('example.com/x.F', '/src/x/f.go', 3, null)).toBe('https://pkg.go.dev/example.com/x#F');
    expect(sourceLink('main.main', '/tmp/m.go', 1, null)).toBeNull();
  });

  it('maps build paths to a local checkout in the editor template, and refuses script URLs', () => {
    const settings = { template: 'vscode://file/{path}:{line}', mappings: [{ from: '/tmp/', to: '/home/me/' }, { from: '/tmp/leaky-fixtures-build/', to: '/home/me/leaky/' }] };
    expect(editorLink(settings, '/tmp/leaky-fixtures-build/leaky/sites.go', 76)).toBe('vscode://file/home/me/leaky/leaky/sites.go:76');
    expect(editorLink({ template: 'javascript:alert({line})', mappings: [] }, '/a.go', 1)).toBeNull();
    expect(editorLink(null, '/a.go', 1)).toBeNull();
  });
});

describe('export', () => {
  it('keeps text from the file inside code spans (no Markdown/HTML injection)', async () => {
    const dump = 'goroutine 7 [chan send]:\nmain.`evil`<script>alert(1)</script>.f()\n\t/x/``y<img src=x>.go:3 +0x1\ncreated by main.main in goroutine 1\n\t/x/m.go:9 +0x2\n\n';
    const view = await parseBytes('evil.txt', new TextEncoder().encode(dump));
    const r = analyze(view).report;
    expect(r.suspects.length).toBe(1);
    const md = reportToMarkdown(r);
    const outside = md.replace(/(`+)[^`]*?(?:`(?!\1)[^`]*?)*\1/g, '').replace(/^```+[\s\S]*?^```+$/gm, '');
    expect(outside).not.toContain('<script');
    expect(outside).not.toContain('<img');
    expect(mdCode('a`b')).toBe('``a`b``');
    const json = reportToJson(r, view);
    expect(JSON.parse(JSON.stringify(json)).suspects[0].goroutineIds).toEqual([7]);
  });

  it('analysis results are structured-cloneable plain data', async () => {
    const a = analyze(await loadAll(['go1.27/grow-1.txt', 'go1.27/grow-2.txt']));
    const copy = structuredClone(a);
    expect(copy.report.suspects.length).toBe(a.report.suspects.length);
    const hasMap = (v: unknown): boolean => v instanceof Map || v instanceof Set || (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v) && Object.values(v as object).some(hasMap));
    expect(hasMap(a)).toBe(false);
  });
});

describe('check', () => {
  it('fails on runtime-proven leaks and on too many suspects', async () => {
    const leak = analyze(await loadAll(['go1.27/leak-debug2.txt'])).report;
    expect(checkReport(leak, { maxSuspects: null, failOnLeaked: true, includeWeak: false }).ok).toBe(false);
    const plain = analyze(await loadAll(['go1.27/debug2.txt'])).report;
    expect(checkReport(plain, { maxSuspects: null, failOnLeaked: true, includeWeak: false }).ok).toBe(true);
    const blocking = truthOf('go1.27/debug2.txt').sites.filter((s) => s.leak).length;
    // the main goroutine (running) is not a suspect: exactly the planted blocking sites count
    expect(checkReport(plain, { maxSuspects: blocking, failOnLeaked: false, includeWeak: false }).ok).toBe(true);
    expect(checkReport(plain, { maxSuspects: blocking - 1, failOnLeaked: false, includeWeak: false }).ok).toBe(false);
    expect(checkReport(plain, { maxSuspects: blocking, failOnLeaked: false, includeWeak: true }).counted).toBe(blocking + 2);
  });
});

describe('traces', () => {
  it('ranks goroutines blocked at the end of a trace by reason and time (synthetic trace model)', () => {
    const b = new ModelBuilder();
    b.addInput('t.out', 1);
    const st = (...fs: string[]) => b.stackFromLeafFirst(fs.map((f) => b.frame(f, '/x.go', 1)));
    const rows = [
      // state, reason, stack, lastChangeNs, flags, starts, blocks
      [4, 'forever', st('runtime.block', 'main.emptySelect'), 0, 2, 0, 0],
      [4, 'chan receive', st('runtime.chanrecv1', 'main.late'), 900, 1, 1, 1],
      [4, 'system goroutine wait', st('runtime.bgsweep'), 0, 2, 0, 0],
      [3, '', st('main.busy'), 950, 1, 3, 0],
      [1, '', -1, 500, 5, 1, 1],
    ] as const;
    const n = rows.length;
    const f64 = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
    const i32 = (f: (i: number) => number) => Int32Array.from({ length: n }, (_, i) => f(i));
    const goroutines = {
      count: n,
      goid: f64((i) => 10 + i),
      creatorGoid: f64(() => -1),
      creator: i32(() => -1),
      createStack: i32(() => -1),
      startFunc: i32(() => 0),
      lastState: Uint8Array.from(rows.map((r) => r[0])),
      lastReason: i32((i) => b.intern(rows[i][1])),
      lastStack: i32((i) => rows[i][2]),
      lastChangeNs: f64((i) => rows[i][3]),
      flags: Uint8Array.from(rows.map((r) => r[4])),
      starts: i32((i) => rows[i][5]),
      blocks: i32((i) => rows[i][6]),
    };
    const trace = { durationNs: 1000, incomplete: false, goroutines } as unknown as TraceModel;
    b.traces.push(trace);
    b.inputs[0].trace = 0;
    addTraceEndSnapshot(b, 0, trace);
    const view = new ModelView(b.freeze());
    // its goroutines as a snapshot, as the trace parser adds them: that is what a trace report is about
    expect(defaultSnapshot(view)).toBe(0);
    const r = analyze(view).report;
    expect(r.subject).toBe('trace');
    expect(r.suspects.map((s) => [s.pattern, s.parkSite?.func, s.tier])).toEqual([
      ['select-no-cases', 'main.emptySelect', 1],
      ['chan-recv', 'main.late', 2],
    ]);
    const [first, second] = r.suspects as TraceSuspect[];
    expect(first.blocked).toMatchObject({ maxNs: 1000, wholeTrace: 1, fractionOfTrace: 1 });
    expect(second.blocked.maxNs).toBe(100);
    // suspect rows are model rows of the trace's snapshot
    expect(Array.from(first.rows)).toEqual([view.model.snapshots[0].rowStart + 0]);
    expect(r.background.map((x) => x.count)).toEqual([1]);
    expect(r.busy).toBe(1);
  });
});

describe('scale', () => {
  it('groups 500k goroutines of 200 stacks into 200 groups that add up (timed in bench/analysis-bench.ts)', () => {
    const b = new ModelBuilder();
    const input = b.addInput('big.txt', 1);
    const snap = b.addSnapshot(input, { kind: 'traceback' });
    const stacks: number[] = [];
    for (let i = 0; i < 200; i++) stacks.push(b.stackFromLeafFirst([b.frame(`main.site${i}`, '/m.go', i + 1), b.frame('main.spawn', '/m.go', 1000), b.frame('runtime.goexit', '/asm.s', 1)]));
    const states = ['chan receive', 'chan send', 'select', 'sync.Mutex.Lock', 'IO wait'].map((s) => b.intern(s));
    for (let i = 0; i < 500_000; i++) b.addGoroutine({ snapshot: snap, goid: i + 1, state: states[i % 5], stack: stacks[(i * 7) % 200], waitMinutes: i % 97 });
    b.endSnapshot(snap);
    const view = new ModelView(b.freeze());
    const g = groupGoroutines(view);
    expect(g.count).toBe(200);
    expect(g.weight.reduce((x, y) => x + y, 0)).toBe(500_000);
    const a = analyze(view);
    expect(a.report.suspects.reduce((x, s) => x + s.count, 0)).toBe(500_000);
  });
});

describe('sortByIntegerKeys (the table order by two numeric sorts)', () => {
  it('orders as the comparator does: key (desc when asked), then goid, then row; null where it does not apply', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 6000 }), fc.integer({ min: 1, max: 2 ** 31 }), fc.boolean(), fc.integer(), (n, range, desc, seed) => {
        let x = seed | 1;
        const rnd = () => ((x = (x * 1103515245 + 12345) | 0) >>> 0) / 2 ** 32;
        const total = n + 500;
        const goid = new Float64Array(total);
        // goids repeat (aggregated records are -1), keys repeat often
        for (let r = 0; r < total; r++) goid[r] = rnd() < 0.1 ? -1 : Math.floor(rnd() * n * 2);
        const rows = Int32Array.from({ length: total }, (_, r) => r).filter(() => rnd() < 0.8);
        const key = Float64Array.from(rows, () => Math.floor(rnd() * Math.min(range, 50)) * Math.floor(range / 50 + 1) - (range > 1000 ? 7 : 0));
        const order = Array.from(rows.keys()).sort((a, b) => (key[a] - key[b]) * (desc ? -1 : 1) || goid[rows[a]] - goid[rows[b]] || rows[a] - rows[b]);
        const got = sortByIntegerKeys(rows, key, goid, desc);
        expect(got && Array.from(got)).toEqual(order.map((i) => rows[i]));
      }),
      { numRuns: 60, seed: 11 },
    );
    // the key is the goid (the table's default): one sort, ties (aggregated records, -1) by row
    const gs = Float64Array.from({ length: 3000 }, (_, r) => (r % 7 === 0 ? -1 : (r * 7919) % 3001));
    const all = Int32Array.from({ length: 3000 }, (_, r) => r);
    for (const desc of [false, true]) {
      const keyG = Float64Array.from(all, (r) => gs[r]);
      const want = Array.from(all).sort((a, b) => (gs[a] - gs[b]) * (desc ? -1 : 1) || gs[a] - gs[b] || a - b);
      expect(Array.from(sortByIntegerKeys(all, keyG, gs, desc)!)).toEqual(want);
    }
    const rows = Int32Array.from({ length: 2000 }, (_, r) => r);
    const goid = Float64Array.from(rows);
    expect(sortByIntegerKeys(rows, Float64Array.from(rows, (r) => r + 0.5), goid, false)).toBeNull();
    expect(sortByIntegerKeys(rows.slice().reverse(), Float64Array.from(rows), goid, false)).toBeNull();
    expect(sortByIntegerKeys(rows.subarray(0, 100), Float64Array.from(rows.subarray(0, 100)), goid, false)).toBeNull();
  });
});
