/**
 * debug=1 text, pprof protobuf and schedtrace fixtures against their truth files (`expect` blocks
 * and the generator's / independent counter's other fields), cross-format agreement, chunk seams.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixtures, parkSiteTotals, parseBytes, snapshotsTotal, summaryOf, toRecord } from './expect';
import { summarize, type InputSummary } from '../src/analysis/summary';
import { GFlag } from '../src/model/model';

const FORMATS = new Set(['goroutine-profile-text', 'pprof', 'schedtrace']);
const all = fixtures((t) => FORMATS.has(t.expect.format));

const read = (rel: string) => new Uint8Array(readFileSync(join(FIXTURES, rel)));
const viewOf = (rel: string, chunk?: number) => parseBytes(rel.split('/').pop()!, read(rel), chunk);

/** `main.genericSend[go.shape.int]` → `main.genericSend[...]` (each top-level bracket group). */
function normalizeGeneric(fn: string): string {
  let out = '';
  let depth = 0;
  for (const c of fn) {
    if (c === '[') {
      if (depth++ === 0) out += '[...]';
    } else if (c === ']') depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

function normalizedSites(s: InputSummary): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(parkSiteTotals(s))) {
    const n = normalizeGeneric(k);
    out[n] = (out[n] ?? 0) + v;
  }
  return out;
}

describe('profile and schedtrace fixtures match the expect block of their truth', () => {
  it('finds them all', () => {
    const by = (f: string) => all.filter(([, t]) => t.expect.format === f).length;
    expect(by('goroutine-profile-text')).toBe(9); // 7 debug1 + 2 leak-debug1
    expect(by('pprof')).toBe(27); // 7 goroutine + 14 grow + 2 leak-debug0 + 4 trace-pprof
    expect(by('schedtrace')).toBeGreaterThanOrEqual(4);
  });

  for (const [rel, truth] of all) {
    it(`${rel}: ${truth.expect.format} summary equals expect`, async () => {
      const s = await summaryOf(rel);
      expect(s.error).toBeNull();
      expect(s.format).toBe(truth.expect.format);
      const want = truth.expect.snapshots_total;
      if (want) expect(snapshotsTotal(s, Object.keys(want))).toEqual(want);
      if (truth.expect.parkSites) expect(parkSiteTotals(s)).toEqual(toRecord(truth.expect.parkSites));
      if (truth.expect.pprofType) {
        const view = await viewOf(rel);
        const snap = view.model.snapshots[0];
        expect(snap.kind).toBe('time-profile');
        expect(snap.value2Type?.type).toBe(truth.expect.pprofType);
        expect(snap.weightType.type).toBe('contentions');
      }
    });
  }
});

describe('profile fixtures: the rest of the truth', () => {
  const profiles = all.filter(([, t]) => t.expect.format !== 'schedtrace' && !t.expect.pprofType);
  for (const [rel, truth] of profiles) {
    it(`${rel}: declared total, records, labels, leak flags`, async () => {
      const view = await viewOf(rel);
      const m = view.model;
      expect(m.snapshots.length).toBe(1);
      const snap = m.snapshots[0];
      expect(snap.kind).toBe('profile');
      expect(snap.hasStates).toBe(false);
      expect(snap.hasIds).toBe(false);
      const leak = truth.profile === 'goroutineleak';
      expect(snap.leakProfile).toBe(leak);
      const rows = snap.rowEnd - snap.rowStart;
      expect(rows).toBe((truth.records ?? truth.samples) as number);
      let total = 0;
      const labelCounts = new Map<string, number>();
      for (let r = snap.rowStart; r < snap.rowEnd; r++) {
        const f = m.goroutines.flags[r];
        expect(f & GFlag.Aggregated).toBeTruthy();
        expect(Boolean(f & GFlag.Leaked)).toBe(leak);
        total += m.goroutines.weight[r];
        const l = m.goroutines.labels[r];
        if (l) {
          const key = JSON.stringify(Object.fromEntries(view.labels(l)));
          labelCounts.set(key, (labelCounts.get(key) ?? 0) + m.goroutines.weight[r]);
        }
      }
      expect(total).toBe(truth.total);
      // protobuf profiles carry time_nanos (collection start): the fixtures were made in 2025–2027
      if (rel.endsWith('.pb.gz')) expect(new Date(snap.timeMs!).getUTCFullYear()).toBeGreaterThanOrEqual(2025);
      else expect(snap.timeMs).toBeNull();
      if (rel.endsWith('.txt')) expect(snap.preamble.declaredTotal).toBe(truth.total);
      const wantLabels = new Map((truth.labels as { labels: Record<string, string>; count: number }[]).map((x) => [JSON.stringify(x.labels), x.count]));
      expect(labelCounts).toEqual(wantLabels);
      const s = summarize(view).inputs[0];
      expect(s.warnings).toEqual([]);
      expect(s.snapshots[0].leaked).toBe(leak ? (truth.leaked as { total: number }).total : null);
      // every fixture was built by a Debian toolchain in /usr/lib/go-1.NN: the version is implied
      expect(s.goVersion).toBe(rel.split('/')[0]);
    });
  }

  const deep = all.filter(([rel]) => /(debug1\.txt|goroutine\.pb\.gz)$/.test(rel) && !rel.includes('leak'));
  for (const [rel, truth] of deep) {
    it(`${rel}: the deep stack is cut where the truth says`, async () => {
      const view = await viewOf(rel);
      const site = (truth.sites as { key?: string; site?: string; deepRecurse_frames?: number }[]).find((x) => x.deepRecurse_frames !== undefined);
      expect(site).toBeDefined();
      const m = view.model;
      let found = -1;
      for (let r = 0; r < m.goroutines.count; r++) {
        const frames = view.stackFrames(m.goroutines.stack[r]).map((f) => view.frameFunc(f));
        if (frames.includes('main.deepRecurse')) found = frames.filter((f) => f === 'main.deepRecurse').length;
      }
      expect(found).toBe(site!.deepRecurse_frames);
    });
  }
});

describe('go tool trace -pprof fixtures: time blocked by stack', () => {
  for (const [rel, truth] of all.filter(([, t]) => t.expect.pprofType)) {
    it(`${rel}: contentions, delay and the exact sites`, async () => {
      const view = await viewOf(rel);
      const m = view.model;
      const snap = m.snapshots[0];
      expect(snap.weightType).toEqual({ type: 'contentions', unit: 'count' });
      expect(snap.value2Type).toEqual({ type: 'delay', unit: 'nanoseconds' });
      let contentions = 0;
      let delay = 0;
      for (let r = snap.rowStart; r < snap.rowEnd; r++) {
        contentions += m.goroutines.weight[r];
        delay += m.goroutines.value2[r];
      }
      expect(contentions).toBe(truth.total_contentions);
      expect(delay).toBe(truth['total_delay_ns (observed)']);
      expect(snap.rowEnd - snap.rowStart).toBe(truth.samples);
      const s = summarize(view).inputs[0];
      const sites = parkSiteTotals(s);
      for (const [fn, n] of Object.entries(truth.exact as Record<string, number>)) expect(sites[fn]).toBe(n);
      expect(s.warnings).toEqual([]);
    });
  }
});

describe('debug=1, debug=0 and debug=2 of the same process agree per park site', () => {
  const dirs = [...new Set(all.map(([rel]) => rel.split('/')[0]))].sort();
  for (const dir of dirs) {
    const pairs: [string, string][] = [
      [`${dir}/debug1.txt`, `${dir}/goroutine.pb.gz`],
      [`${dir}/leak-debug1.txt`, `${dir}/leak-debug0.pb.gz`],
    ];
    for (const [text, pb] of pairs) {
      if (!existsSync(join(FIXTURES, text)) || !existsSync(join(FIXTURES, pb))) continue;
      it(`${text} ≡ ${pb}`, async () => {
        const a = await summaryOf(text);
        const b = await summaryOf(pb);
        expect(a.snapshots[0].goroutines).toBe(b.snapshots[0].goroutines);
        expect(normalizedSites(a)).toEqual(normalizedSites(b));
      });
    }
    const d2 = `${dir}/debug2.txt`;
    if (existsSync(join(FIXTURES, d2)) && existsSync(join(FIXTURES, `${dir}/debug1.txt`))) {
      it(`${dir}/debug1.txt ≡ ${d2} (goroutines per park site)`, async () => {
        const a = await summaryOf(`${dir}/debug1.txt`);
        const c = await summaryOf(d2);
        expect(normalizedSites(a)).toEqual(normalizedSites(c));
      });
    }
  }
  it('normalizes generic names by top-level bracket group', () => {
    expect(normalizeGeneric('main.genericSend[go.shape.int]')).toBe('main.genericSend[...]');
    expect(normalizeGeneric('main.(*GM[go.shape.int]).Conv[go.shape.string]')).toBe('main.(*GM[...]).Conv[...]');
    expect(normalizeGeneric('main.F[map[string]int]')).toBe('main.F[...]');
  });
});

describe('schedtrace fixtures: blocks, P/M lines and per-block counts from the independent counter', () => {
  for (const [rel, truth] of all.filter(([, t]) => t.expect.format === 'schedtrace')) {
    it(`${rel}`, async () => {
      const view = await viewOf(rel);
      const m = view.model;
      const blocks = truth.blocks as { uptime_ms: number; gomaxprocs: number; threads: number; p_lines: number; m_lines: number; goroutines: number; dead: number; states: Record<string, number> }[];
      expect(m.snapshots.length).toBe(truth.sched_blocks);
      const s = summarize(view).inputs[0];
      blocks.forEach((bk, i) => {
        const snap = m.snapshots[i];
        expect(snap.kind).toBe('schedtrace');
        expect(snap.uptimeMs).toBe(bk.uptime_ms);
        expect(snap.sched!.gomaxprocs).toBe(bk.gomaxprocs);
        expect(snap.sched!.threads).toBe(bk.threads);
        expect(snap.sched!.procs.length).toBe(bk.p_lines);
        expect(snap.sched!.threadsDetail.length).toBe(bk.m_lines);
        expect(snap.sched!.deadGoroutines).toBe(bk.dead);
        expect(snap.sched!.goroutineStatus.length).toBe(bk.goroutines);
        if (bk.p_lines === 0) expect(snap.sched!.localRunqueues.length).toBe(bk.gomaxprocs);
        expect(s.snapshots[i].goroutines).toBe(bk.goroutines);
        expect(s.snapshots[i].states).toEqual(bk.states);
      });
      // the program's own `READY <pid>` line is interleaved: one warning that counts it
      expect(s.warnings).toEqual([`${truth.other_lines} line of other output (not SCHED/P/M/G lines) skipped (first: line ${lineOf(rel, 'READY')})`]);
      // M↔P and M→curg bindings are kept, and agree with the P lines
      for (const snap of m.snapshots) {
        const sch = snap.sched!;
        for (const th of sch.threadsDetail) {
          if (th.p >= 0) expect(sch.procs.find((p) => p.id === th.p)?.m).toBe(th.id);
        }
      }
    });
  }
});

function lineOf(rel: string, needle: string): number {
  const lines = readFileSync(join(FIXTURES, rel), 'utf8').split('\n');
  return lines.findIndex((l) => l.includes(needle)) + 1;
}

describe('chunk seams: tiny chunks give the same summary', () => {
  const cases = ['go1.27/debug1.txt', 'go1.19/debug1.txt', 'go1.27/leak-debug1.txt', 'go1.27/schedtrace-detail.txt', 'go1.19/schedtrace-detail.txt', 'go1.27/schedtrace.txt'];
  for (const rel of cases) {
    it(`${rel} with 1, 3 and 7 byte chunks`, async () => {
      const ref = summarize(await viewOf(rel)).inputs[0];
      for (const size of [1, 3, 7]) {
        const s = summarize(await viewOf(rel, size)).inputs[0];
        expect(s).toEqual(ref);
      }
    });
  }
  it('a last line of digits without a newline ends the parse (it looped forever: found by the archive fuzz)', async () => {
    const bytes = read('go1.27/debug1.txt');
    const ref = summarize(await viewOf('go1.27/debug1.txt')).inputs[0];
    const lines = new TextDecoder().decode(bytes).split('\n').length;
    for (const tail of ['7', '12', '7 @']) {
      const cut = new Uint8Array(bytes.length + tail.length);
      cut.set(bytes);
      cut.set(new TextEncoder().encode(tail), bytes.length);
      for (const size of [1 << 16, 3]) {
        const v = await parseBytes('debug1.txt', cut, size);
        const s = summarize(v).inputs[0];
        const warnings = v.model.inputs[0].warnings;
        if (tail === '7 @') {
          // a cut record: 7 more goroutines without frames, and the header's total no longer agrees
          expect(s.snapshots[0].goroutines).toBe(ref.snapshots[0].goroutines + 7);
          expect(warnings).toEqual(['line 1: profile declares total 53 but its 21 records count 60 goroutines']);
        } else {
          expect(s.snapshots).toEqual(ref.snapshots);
          expect(warnings).toEqual([`1 line that is not a profile record was skipped (line ${lines})`]);
        }
      }
    }
  });
  it('CRLF line ends give the same summary', async () => {
    const text = readFileSync(join(FIXTURES, 'go1.27/debug1.txt'), 'utf8').replace(/\n/g, '\r\n');
    const ref = summarize(await viewOf('go1.27/debug1.txt')).inputs[0];
    const s = summarize(await parseBytes('debug1.txt', new TextEncoder().encode(text), 5)).inputs[0];
    expect(s.snapshots).toEqual(ref.snapshots);
  });
});


describe('the CLI gives the same answers (npm run -s parkscope -- summary FILE... --json)', () => {
  it('every debug=1, pprof and schedtrace fixture in one run matches expect', async () => {
    const { spawnSync } = await import('node:child_process');
    const files = all.map(([rel]) => join(FIXTURES, rel));
    const root = join(FIXTURES, '..', '..');
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'summary', ...files, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { inputs: InputSummary[] };
    expect(out.inputs.length).toBe(all.length);
    all.forEach(([rel, truth], i) => {
      const s = out.inputs[i];
      expect(s.file).toBe(rel.split('/').pop());
      expect(s.format).toBe(truth.expect.format);
      const want = truth.expect.snapshots_total;
      if (want) expect(snapshotsTotal(s, Object.keys(want))).toEqual(want);
      if (truth.expect.parkSites) expect(parkSiteTotals(s)).toEqual(toRecord(truth.expect.parkSites));
    });
  });
});
