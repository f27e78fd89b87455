import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { dropFixture, FIXTURES, truth } from './helpers';
import { byStates, loadTrace, num, shownEdges, shownGoroutines, shownReasons, transitionsInRange } from './trace-helpers';
import { GoState } from '../src/model/trace';

/**
 * The G/M/P state-flow diagram (issue #13) on real fixtures: every edge shown equals Go's reader
 * (the truth's `transitions`, and `blockReasons` for the Running→Waiting split), a click on an edge
 * shows exactly its goroutines, a range counts only the transitions inside it (checked against the
 * model's segments in Node), a scheddetail log's slider shows each SCHED block's P and M lines, and
 * a single dump shows its states and how to record a trace.
 */

async function openStateFlow(page: Page, rel: string): Promise<void> {
  await page.goto('/');
  await dropFixture(page, rel);
  await page.getByTestId('tab-stateflow').click();
  await expect(page.getByTestId('stateflow')).toBeVisible();
}

for (const rel of ['go1.27/trace.out', 'go1.22/trace.out', 'go1.19/trace.out', 'extra-traces/go1.21-gotest-context.trace', 'extra-traces/go1.26-multigen.trace']) {
  test(`${rel}: every edge label is Go's transition count, every Running→Waiting reason its blockReasons count`, async ({ page }) => {
    const want = truth(rel).expect.trace as { transitions: Record<string, number>; blockReasons: Record<string, number> };
    await openStateFlow(page, rel);
    const edges = await shownEdges(page);
    // labels shown are the counts
    for (const e of edges) if (e.label !== null) expect(num(e.label)).toBe(e.count);
    const got = byStates(edges);
    // X→X restatements at generation boundaries are listed under the diagram
    for (const r of await page.getByTestId('sf-restated-item').evaluateAll((els) => els.map((e) => [e.getAttribute('data-pair')!, Number(e.getAttribute('data-count'))] as const))) got[r[0]] = (got[r[0]] ?? 0) + r[1];
    expect(got).toEqual(want.transitions);
    // Running→Waiting: one row per reason in its class's box, the row's count shown
    const rows = await shownReasons(page);
    const blocks: Record<string, number> = {};
    for (const r of rows) {
      expect(num(r.text)).toBe(r.count);
      blocks[r.reason] = (blocks[r.reason] ?? 0) + r.count;
    }
    expect(blocks).toEqual(want.blockReasons);
    const split = edges.filter((e) => e.fromState === 'Running' && e.toState === 'Waiting');
    expect(split.length).toBe(Object.keys(want.blockReasons).length);
  });
}

test('go1.27/trace.out: clicking Running→Waiting "chan send" shows exactly those goroutines, in the table and marked on the timeline', async ({ page }) => {
  await openStateFlow(page, 'go1.27/trace.out');
  const row = page.locator('[data-testid=sf-reason][data-reason="chan send"]');
  await expect(row).toHaveAttribute('data-count', String(truth('go1.27/trace.out').expect.trace!.blockReasons!['chan send' as never]));
  const goroutines = Number(await row.getAttribute('data-goroutines'));
  expect(goroutines).toBe(9);
  await row.click();
  await expect(page.getByTestId('goroutine-table')).toBeVisible();
  await expect.poll(() => shownGoroutines(page)).toBe(goroutines);
  await expect(page.locator('.chip', { hasText: 'chan send' })).toBeVisible();
  // the timeline marks the same goroutines (the table's filter, highlighted there)
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('tl-matching')).toHaveAttribute('data-matching', String(goroutines));
  await expect(page.getByTestId('tl-canvas')).toHaveAttribute('data-matching', String(goroutines));
  // back: a node (entered "waiting: sleep") and an edge (created → runnable) open their counts too
  await page.getByTestId('tab-stateflow').click();
  const created = page.locator('[data-testid=sf-edge][data-from="g:created"][data-to="g:runnable"]');
  const n = Number(await created.getAttribute('data-goroutines'));
  expect(n).toBe(80);
  await created.locator('path').first().dispatchEvent('click');
  await expect.poll(() => shownGoroutines(page)).toBe(n);
});

test('go1.27/trace.out: a range counts only the transitions inside it (against the segments), and its edges open their goroutines', async ({ page }) => {
  const rel = 'go1.27/trace.out';
  await openStateFlow(page, rel);
  const whole = byStates(await shownEdges(page));
  const strip = page.getByTestId('sf-overview');
  const b = (await strip.boundingBox())!;
  await page.mouse.move(b.x + b.width * 0.25, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * 0.55, b.y + b.height / 2, { steps: 6 });
  await page.mouse.up();
  const range = page.getByTestId('sf-range');
  await expect(range).toHaveAttribute('data-whole', '0');
  const t0 = Number(await range.getAttribute('data-t0'));
  const t1 = Number(await range.getAttribute('data-t1'));
  expect(t1).toBeGreaterThan(t0);
  const lt = await loadTrace(rel);
  const t = lt.t;
  expect(t0 / t.durationNs).toBeCloseTo(0.25, 1);
  // expected: the transitions in [t0, t1), walked over the model's segments here
  const want = transitionsInRange(lt, t0, t1).byStates;
  await expect.poll(async () => byStates(await shownEdges(page))).toEqual(want);
  expect(want).not.toEqual(whole);
  // Runnable→Running in the range: the goroutines that started running inside it, counted from the segments here
  const s = t.segments;
  let started = 0;
  for (let r = 0; r < t.goroutines.count; r++) {
    for (let i = s.offset[r] + 1; i < s.offset[r + 1]; i++)
      if (s.start[i] >= t0 && s.start[i] < t1 && s.state[i] === GoState.Running && s.state[i - 1] === GoState.Runnable) {
        started++;
        break;
      }
  }
  const edge = page.locator('[data-testid=sf-edge][data-from="g:runnable"][data-to="g:running"]');
  await expect(edge).toHaveAttribute('data-goroutines', String(started));
  await edge.locator('path').first().dispatchEvent('click');
  await expect.poll(() => shownGoroutines(page)).toBe(started);
});

test('go1.27/schedtrace-detail.txt: the slider steps through the SCHED blocks; P and M bindings are the log lines', async ({ page }) => {
  const rel = 'go1.27/schedtrace-detail.txt';
  const text = readFileSync(join(FIXTURES, rel), 'utf8');
  const blocks = text.split(/^(?=SCHED )/m).filter((b) => b.startsWith('SCHED '));
  expect(blocks.length).toBe(6);
  await openStateFlow(page, rel);
  const slider = page.getByTestId('sf-sched-slider');
  for (let i = 0; i < blocks.length; i++) {
    await slider.fill(String(i));
    await expect(page.getByTestId('sf-sched-at')).toHaveAttribute('data-index', String(i));
    const uptime = /^SCHED (\d+)ms/.exec(blocks[i])![1];
    await expect(page.getByTestId('sf-sched-at')).toHaveAttribute('data-uptime', uptime);
    const nil = (v: string) => (v === 'nil' ? '-1' : v);
    const P_STATUS = ['idle', 'running', 'syscall', 'gcstop', 'dead'];
    const wantP = [...blocks[i].matchAll(/^\s+P(\d+): status=(\d+) .*?\bm=(\w+) runqsize=(\d+)/gm)].map((x) => ({ id: x[1], status: P_STATUS[Number(x[2])], m: nil(x[3]), runq: x[4] }));
    const wantM = [...blocks[i].matchAll(/^\s+M(\d+): p=(\w+) curg=(\w+)/gm)].map((x) => ({ id: x[1], p: nil(x[2]), curg: nil(x[3]) })).sort((a, b) => Number(a.id) - Number(b.id));
    expect(wantP.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('sf-sched-p').evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-id'), status: e.getAttribute('data-status'), m: e.getAttribute('data-m'), runq: e.getAttribute('data-runq') }))))
      .toEqual(wantP);
    expect(await page.getByTestId('sf-sched-m').evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-id'), p: e.getAttribute('data-p'), curg: e.getAttribute('data-curg') })))).toEqual(wantM);
    // the goroutine lane: the block's G lines (dead ones are not goroutines)
    const gLines = [...blocks[i].matchAll(/^\s+G\d+: status=(\d+)/gm)].filter((x) => x[1] !== '6').length;
    await expect.poll(() => page.getByTestId('sf-gnode').evaluateAll((els) => els.reduce((a, e) => a + Number(e.getAttribute('data-count')), 0))).toBe(gLines);
  }
  // over the log: the goroutines of every block, and its threads, as the log says
  const gPerBlock = blocks.map((b) => [...b.matchAll(/^\s+G\d+: status=(\d+)/gm)].filter((x) => x[1] !== '6').length);
  expect(await page.locator('[data-testid=sf-hist-row][data-series=goroutines]').getAttribute('data-values')).toBe(gPerBlock.join(','));
  expect(await page.locator('[data-testid=sf-hist-row][data-series=threads]').getAttribute('data-values')).toBe(blocks.map((b) => /threads=(\d+)/.exec(b)![1]).join(','));
});

test('go1.27/debug2.txt: a single dump shows the goroutine lane as its states, and how to record a trace', async ({ page }) => {
  const rel = 'go1.27/debug2.txt';
  const want = truth(rel).expect.snapshots_total as { goroutines: number; states: Record<string, number> };
  await openStateFlow(page, rel);
  await expect(page.getByTestId('sf-no-trace')).toContainText('go test -trace=trace.out');
  await expect(page.getByTestId('sf-no-trace')).toContainText('debug/pprof/trace');
  await expect.poll(() => page.getByTestId('sf-gnode').evaluateAll((els) => els.reduce((a, e) => a + Number(e.getAttribute('data-count')), 0))).toBe(want.goroutines);
  const reasons = await page.getByTestId('sf-greason').evaluateAll((els) => els.map((e) => [e.getAttribute('data-reason')!, Number(e.getAttribute('data-count'))] as const));
  expect(Object.fromEntries(reasons)).toEqual(want.states);
});

test('go1.19/schedtrace.txt (no scheddetail): the log over time is its SCHED lines, a click picks a block, the goroutine lane says what is known', async ({ page }) => {
  const rel = 'go1.19/schedtrace.txt';
  const text = readFileSync(join(FIXTURES, rel), 'utf8');
  const lines = [...text.matchAll(/^SCHED (\d+)ms: gomaxprocs=(\d+) idleprocs=(\d+) threads=(\d+) spinningthreads=(\d+)(?: needspinning=\d+)? idlethreads=(\d+) runqueue=(\d+) \[([\d ]*)\]/gm)].map((m) => {
    const n = m.slice(1, 8).map(Number);
    const local = m[8].trim() ? m[8].trim().split(/\s+/).map(Number) : [];
    return { uptime: n[0], gomaxprocs: n[1], idleprocs: n[2], threads: n[3], spinning: n[4], idle: n[5], queued: n[6] + local.reduce((a, x) => a + x, 0) };
  });
  expect(lines.length).toBe(6);
  await openStateFlow(page, rel);
  const series = async (id: string) => (await page.locator(`[data-testid=sf-hist-row][data-series=${id}]`).getAttribute('data-values'))!.split(',').map(Number);
  expect(await series('threads')).toEqual(lines.map((l) => l.threads));
  expect(await series('busy-threads')).toEqual(lines.map((l) => l.threads - l.idle - l.spinning));
  expect(await series('busy-procs')).toEqual(lines.map((l) => l.gomaxprocs - l.idleprocs));
  expect(await series('queued')).toEqual(lines.map((l) => l.queued));
  // a click near the first block's time picks it; the arrow keys step
  const svg = page.getByTestId('sf-sched-history').locator('svg');
  const b = (await svg.boundingBox())!;
  await svg.click({ position: { x: (b.width * 175) / 1200, y: b.height / 2 } });
  await expect(page.getByTestId('sf-sched-at')).toHaveAttribute('data-index', '0');
  await expect(page.getByTestId('sf-sched-at')).toHaveAttribute('data-uptime', String(lines[0].uptime));
  await svg.press('ArrowRight');
  await expect(page.getByTestId('sf-sched-at')).toHaveAttribute('data-uptime', String(lines[1].uptime));
  await expect(page.getByTestId('sf-sched-queued')).toHaveAttribute('data-count', String(lines[1].queued));
  await expect(page.getByTestId('sf-sched-running')).toHaveAttribute('data-count', String(lines[1].gomaxprocs - lines[1].idleprocs));
  await expect(page.getByTestId('sf-sched-maggr')).toHaveAttribute('data-threads', String(lines[1].threads));
  await expect(page.getByTestId('sf-sched-glane')).toContainText('scheddetail=1');
});
