/**
 * The worker's Session, driven in Node as the page drives it: one load path with the CLI (same
 * series order, same report), series and placement, stale answers, filters that open exactly the
 * counts shown, a trace never mixed into a dump's report.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../src/worker/session';
import { FIXTURES } from './expect';
import { fixtureFile, sessionWith, value } from './session-helpers';

const ROOT = join(FIXTURES, '..', '..');

function cliReportJson(paths: string[]): { suspects: { parkSite: { function: string } | null; count: number; growth: { delta: number; counts: number[] } | null }[]; file: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'report', ...paths, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('one load path for the page and the CLI', () => {
  // grow-1 → grow-2 adds 13 goroutines at main.(*Pipeline).produce; named as a shell glob would list them
  const dir = mkdtempSync(join(tmpdir(), 'parkscope-series-'));
  copyFileSync(join(FIXTURES, 'go1.27/grow-1.txt'), join(dir, 'dump-2.txt'));
  copyFileSync(join(FIXTURES, 'go1.27/grow-2.txt'), join(dir, 'dump-10.txt'));

  for (const order of [
    ['dump-10.txt', 'dump-2.txt'],
    ['dump-2.txt', 'dump-10.txt'],
  ]) {
    it(`${order.join(' ')}: the worker and the CLI order the series dump-2 → dump-10 and report the same growth`, async () => {
      const s = new Session();
      await s.load(
        order.map((n) => fixtureFile(n === 'dump-2.txt' ? 'go1.27/grow-1.txt' : 'go1.27/grow-2.txt', n)),
        { mode: 'auto' },
      );
      const ws = s.workspace(-1);
      expect(ws.inputs.map((i) => i.file)).toEqual(['dump-2.txt', 'dump-10.txt']);
      expect(ws.series).toHaveLength(1);
      const snapshot = ws.series[0].snapshots[1];
      const worker = JSON.parse(value(s.exportReport(s.currentGeneration, snapshot, 'exact', 'json')));
      const cli = cliReportJson(order.map((n) => join(dir, n)));
      expect(cli).toEqual(worker);
      expect(cli.file).toBe('dump-10.txt');
      expect(cli.suspects[0].parkSite?.function).toBe('main.(*Pipeline).produce');
      expect(cli.suspects[0].growth).toMatchObject({ delta: 13, counts: [7, 20] });
    });
  }
});

describe('series: what a second file means', () => {
  it('a later dump of the same process, dropped on its own, is compared with the first: same ids, creators and park sites', async () => {
    const s = await sessionWith(['go1.27/grow-1.txt']);
    const res = await s.load([fixtureFile('go1.27/grow-2.txt')], { mode: 'auto' });
    expect(res.placed?.mode).toBe('compared');
    expect(res.placed?.evidence?.same).toBe(true);
    expect(res.placed?.evidence?.reason).toMatch(/have the ids, creators and park sites they had in grow-1\.txt/);
    expect(res.workspace.series).toHaveLength(1);
    const r = value(s.report(s.currentGeneration, res.workspace.suggestedSnapshot, 'exact'));
    expect(r.series).toHaveLength(2);
    expect(r.suspects[0].source === 'dump' && r.suspects[0].growth?.delta).toBe(13);
  });

  it('a dump of another program opens as its own series: no invented growth, and the user may still compare', async () => {
    const s = await sessionWith(['go1.27/debug2.txt']);
    const res = await s.load([fixtureFile('extra-dumps/go1.27-http-handler-leak.txt')], { mode: 'auto' });
    expect(res.placed?.mode).toBe('separate');
    expect(res.placed?.candidates.map((c) => c.label)).toEqual(['debug2.txt']);
    expect(res.workspace.series).toHaveLength(2);
    const r = value(s.report(s.currentGeneration, res.workspace.suggestedSnapshot, 'exact'));
    expect(r.file).toBe('go1.27-http-handler-leak.txt');
    expect(r.series).toHaveLength(1);
    for (const x of r.suspects) expect(x.source === 'dump' && (x.growth !== null || x.persisting > 0)).toBe(false);
    // "compare with debug2.txt": now one series, and the report compares
    const placed = value(s.place(s.currentGeneration, res.placed!.inputs, res.placed!.candidates[0].series));
    expect(placed.series).toHaveLength(1);
    expect(value(s.report(s.currentGeneration, placed.suggestedSnapshot, 'exact')).series).toHaveLength(2);
  });

  it('"separate" keeps even the same process apart, and "replace" closes what was loaded', async () => {
    const s = await sessionWith(['go1.27/grow-1.txt']);
    const sep = await s.load([fixtureFile('go1.27/grow-2.txt')], { mode: 'separate' });
    expect(sep.workspace.series).toHaveLength(2);
    const rep = await s.load([fixtureFile('go1.27/debug2.txt')], { mode: 'replace' });
    expect(rep.workspace.inputs.map((i) => i.file)).toEqual(['debug2.txt']);
  });

  it('a dump and a trace dropped together are two subjects: the trace is never in the dump report', async () => {
    const s = await sessionWith(['go1.27/debug2.txt', 'go1.27/trace.out']);
    const ws = s.workspace(-1);
    expect(ws.series.map((x) => x.kind).sort()).toEqual(['dumps', 'trace']);
    const dumpSnap = ws.series.find((x) => x.kind === 'dumps')!.snapshots[0];
    const traceSnap = ws.series.find((x) => x.kind === 'trace')!.snapshots[0];
    const dr = value(s.report(s.currentGeneration, dumpSnap, 'exact'));
    expect(dr.subject).toBe('dumps');
    expect(dr.suspects.every((x) => x.source === 'dump')).toBe(true);
    expect(dr.goroutines).toBe(53);
    const tr = value(s.report(s.currentGeneration, traceSnap, 'exact'));
    expect(tr.subject).toBe('trace');
    expect(tr.suspects.every((x) => x.source === 'trace')).toBe(true);
  });
});

describe('answers', () => {
  it('an answer to a question asked of an older generation is stale', async () => {
    const s = await sessionWith(['go1.27/debug2.txt']);
    const old = s.currentGeneration;
    await s.load([fixtureFile('go1.27/stack.txt')], { mode: 'separate' });
    expect(s.report(old, 0, 'exact').stale).toBe(true);
    expect(s.rows(old, 0, {}, { key: 'goid', desc: false }).stale).toBe(true);
    expect(s.report(s.currentGeneration, 0, 'exact').stale).toBe(false);
  });

  it('questions asked while a load runs are answered from the last finished load', async () => {
    const s = await sessionWith(['go1.27/debug2.txt']);
    const gen = s.currentGeneration;
    const loading = s.load([fixtureFile('go1.27/sigquit-all.txt')], { mode: 'separate' });
    expect(value(s.rows(gen, 0, {}, { key: 'goid', desc: false })).rows.length).toBe(53);
    await loading;
    expect(s.currentGeneration).toBe(gen + 1);
  });

  it('a cancelled load leaves what was loaded', async () => {
    const s = await sessionWith(['go1.27/debug2.txt']);
    const gen = s.currentGeneration;
    const p = s.load([fixtureFile('go1.27/sigquit-all.txt')], { mode: 'auto' });
    s.cancel();
    const res = await p;
    expect(res.cancelled).toBe(true);
    expect(s.currentGeneration).toBe(gen);
    expect(res.workspace.inputs.map((i) => i.file)).toEqual(['debug2.txt']);
  });

  it('every state, park site and label value of a snapshot filters exactly its count', async () => {
    for (const rel of ['go1.27/debug2-tracebacklabels.txt', 'go1.27/debug1.txt', 'go1.27/sigquit-all.txt', 'extra-dumps/go1.27-sigquit-crash.txt']) {
      const s = await sessionWith([rel]);
      const gen = s.currentGeneration;
      const c = value(s.choices(gen, 0));
      const shown = (f: Parameters<Session['rows']>[2]) => value(s.rows(gen, 0, f, { key: 'goid', desc: false })).goroutines;
      for (const st of c.states) expect(shown({ state: st.id }), `${rel} state ${st.name}`).toBe(st.count);
      for (const p of c.parkSites) expect(shown({ parkFunc: p.id }), `${rel} park site ${p.name}`).toBe(p.count);
      for (const k of c.labels.keys) for (const v of k.values) expect(shown({ label: { key: k.keyId, value: v.valueId } }), `${rel} ${k.key}=${v.value}`).toBe(v.count);
      const report = value(s.report(gen, 0, 'exact'));
      for (const x of report.suspects) expect(shown({ suspect: { snapshot: 0, level: 'exact', key: x.key } }), `${rel} suspect ${x.parkSite?.func}`).toBe(x.count);
    }
  });

  it('the report and the overview count a crash dump the same way: stacks as printed, g0 stacks said', async () => {
    const s = await sessionWith(['extra-dumps/go1.27-sigquit-crash.txt']);
    const gen = s.currentGeneration;
    const ws = s.workspace(-1);
    const r = value(s.report(gen, 0, 'exact'));
    const c = value(s.choices(gen, 0));
    expect(r.goroutines).toBe(ws.summary.inputs[0].snapshots[0].goroutines);
    expect(r.g0).toBe(c.g0);
    expect(r.g0).toBeGreaterThan(0);
  });

  it('a typed label filter is exact: key=value or a key alone, never a substring', async () => {
    const s = await sessionWith(['go1.27/debug2-tracebacklabels.txt']);
    const gen = s.currentGeneration;
    const n = (labelText: string) => value(s.rows(gen, 0, { labelText }, { key: 'goid', desc: false })).rows.length;
    expect(n('tenant=acme')).toBe(3);
    expect(n('tenant')).toBe(3);
    expect(n('tenant=acm')).toBe(0);
    expect(n('tenan')).toBe(0);
  });

  it('a goroutine answer carries its stack, creator link and Go traceback text', async () => {
    const s = await sessionWith(['go1.27/debug2.txt']);
    const gen = s.currentGeneration;
    const rows = value(s.rows(gen, 0, { text: 'mutexlocker' }, { key: 'goid', desc: false })).rows;
    const g = value(s.goroutine(gen, rows[0]));
    expect(g.frames.some((f) => f.func === 'main.mutexLocker')).toBe(true);
    expect(g.createdBy?.func).toBe('main.spawnMutex');
    expect(g.text).toMatch(/^goroutine \d+ \[sync\.Mutex\.Lock\]:\n/);
    expect(g.creatorRow).toBeGreaterThanOrEqual(0);
  });
});

describe('the example trace the app ships', () => {
  it('is byte for byte the go1.27-multigen fixture, whose truth its title states (20 goroutines, leaked senders and lockers)', () => {
    const shipped = readFileSync(join(ROOT, 'public/examples/go1.27-leak-trace.trace'));
    expect(Buffer.compare(shipped, readFileSync(join(FIXTURES, 'extra-traces/go1.27-multigen.trace')))).toBe(0);
    const t = JSON.parse(readFileSync(join(FIXTURES, 'extra-traces/go1.27-multigen.trace.truth.json'), 'utf8')).expect.trace;
    expect([t.goroutines, t.atEndLastKnown['Waiting|chan send'], t.atEndLastKnown['Waiting|sync']]).toEqual([20, 3, 2]);
  });
});
