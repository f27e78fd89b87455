/**
 * Main-thread work of the goroutine table, measured in headless Chromium (not a test):
 * `npx tsx bench/ui/table-bench.ts FILE` (run `npm run build` first; FILE: a 100,000-goroutine
 * dump, e.g. `npm run bench`'s bench/data/debug2-100k.txt).
 *
 * For each filter keystroke and each sort, the renderer's main thread is traced (Chromium's
 * devtools.timeline tasks) from the key press or click until the table shows the new rows; the
 * figure is the sum of the main thread's task durations in that window — input handling, the
 * worker's answer arriving, React rendering the rows in view. The worker's own time is not in it.
 * Prints p50/p95 per kind as JSON: `page` counts the tasks that did the page's own work, `total`
 * every task of the main thread in the window (including the protocol delivering the key presses).
 */
import { chromium, type Page } from '@playwright/test';
import { startPreview } from './preview';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Work that is the page's own (not the protocol delivering the benchmark's key presses). */
const PAGE_WORK = new Set(['EventDispatch', 'FunctionCall', 'HandlePostMessage', 'Layout', 'UpdateLayoutTree', 'Paint', 'PrePaint', 'Layerize', 'FireAnimationFrame', 'TimerFire', 'MinorGC', 'MajorGC', 'ParseHTML']);

/**
 * Busy ms of the renderer's main thread between the page's `bench-start` and `bench-end` marks:
 * all of its tasks (`total`), and the tasks that did the page's own work (`page`: input events,
 * the worker's answer, script, style, layout, paint) — without those that only delivered the
 * protocol's synthetic input.
 */
function mainThreadBusyMs(buf: Buffer): { total: number; page: number } {
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no renderer main thread in the trace');
  const mark = (name: string) => events.find((e) => e.name === name && e.pid === main.pid)?.ts;
  const fromTs = mark('bench-start');
  const toTs = mark('bench-end');
  if (fromTs === undefined || toTs === undefined) throw new Error('marks missing from the trace');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur && e.ts + e.dur! > fromTs && e.ts < toTs);
  const work = onMain.filter((e) => PAGE_WORK.has(e.name)).map((e) => [e.ts, e.ts + e.dur!] as [number, number]);
  const tasks = onMain.filter((e) => /RunTask$/.test(e.name)).map((e) => [Math.max(e.ts, fromTs), Math.min(e.ts + e.dur!, toTs)] as [number, number]);
  const union = (spans: [number, number][]) => {
    spans.sort((a, b) => a[0] - b[0]);
    let us = 0;
    let end = -Infinity;
    for (const [s, t] of spans) {
      if (t <= end) continue;
      us += t - Math.max(s, end);
      end = t;
    }
    return us / 1000;
  };
  // the main thread's tasks (nested ones merged), and those that contain some of the page's work
  const pageTasks = tasks.filter(([s, t]) => work.some(([a, b]) => a < t && b > s));
  return { total: union(tasks), page: union(pageTasks) };
}

/**
 * Runs `act` under tracing; the page itself marks the end when `done` (evaluated in the page on
 * every animation frame, so the benchmark does not poll over the protocol) first holds, after the
 * next frame. Resolves with the main thread's busy ms in between.
 */
async function measure(page: Page, act: () => Promise<void>, done: string): Promise<{ total: number; page: number }> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'blink.user_timing'] });
  await page.waitForTimeout(50);
  // a string, not a function: the page must not see the bundler's helpers
  const finished = page.evaluate(`new Promise((resolve) => {
    performance.mark('bench-start');
    const ok = () => (${done});
    const tick = () => (ok() ? requestAnimationFrame(() => { performance.mark('bench-end'); resolve(); }) : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  })`);
  await act();
  await Promise.race([finished, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for: ${done}`)), 30_000))]);
  const buf = await browser.stopTracing();
  return mainThreadBusyMs(buf);
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
}

async function main(file: string): Promise<void> {
  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('report-summary').waitFor({ timeout: 300_000 });
    await page.getByTestId('tab-goroutines').click();
    await page.getByTestId('row-count').waitFor();
    const text = page.getByTestId('filter-text');
    const keys: { total: number; page: number }[] = [];
    const sorts: { total: number; page: number }[] = [];
    // the table has drawn the answer to the filter now in the box: the count line and the first row show it
    const tableShows = (typed: string) =>
      `document.querySelector('[data-testid=filter-text]').value === ${JSON.stringify(typed)} && document.querySelector('[data-testid=row-count]').dataset.for === ${JSON.stringify(typed)} && !document.querySelector('[data-testid=goroutine-row] .muted')`;
    const query = 'main.';
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < query.length; i++) keys.push(await measure(page, () => text.press(query[i]), tableShows(query.slice(0, i + 1))));
      for (let i = query.length; i > 0; i--) keys.push(await measure(page, () => text.press('Backspace'), tableShows(query.slice(0, i - 1))));
    }
    const headers = page.locator('[role=columnheader]');
    const n = await headers.count();
    for (let round = 0; round < 4; round++) {
      for (let h = 0; h < n; h++) {
        // sorted: the header says so, and the rows drawn answer the sort asked for
        const cond = `document.querySelectorAll('[role=columnheader]')[${h}].getAttribute('aria-sort') !== 'none' && document.querySelector('[data-testid=row-count]').dataset.sort === document.querySelector('.gtable-head').dataset.sort && !document.querySelector('[data-testid=goroutine-row] .muted')`;
        sorts.push(await measure(page, () => headers.nth(h).click(), cond));
      }
    }
    const stats = (xs: { total: number; page: number }[]) => ({
      n: xs.length,
      pageP50Ms: pct(xs.map((x) => x.page), 50),
      pageP95Ms: pct(xs.map((x) => x.page), 95),
      totalP50Ms: pct(xs.map((x) => x.total), 50),
      totalP95Ms: pct(xs.map((x) => x.total), 95),
    });
    console.log(JSON.stringify({ file, keystroke: stats(keys), sort: stats(sorts) }));
  } finally {
    await browser.close();
    server.stop();
  }
}

main(process.argv[2] ?? 'bench/data/debug2-100k.txt').catch((e) => {
  console.error(e);
  process.exit(1);
});
