/**
 * Main-thread work of the goroutine table, measured in headless Chromium (not a test):
 * `npx tsx bench/ui/table-bench.ts FILE` (run `npm run build` first; FILE: a 100,000-goroutine
 * dump, e.g. `npm run bench`'s bench/data/debug2-100k.txt).
 *
 * For each filter keystroke and each sort, the renderer's main thread is traced (Chromium's
 * devtools.timeline tasks) from the key press or click until the table shows the new rows; the
 * figure is the sum of the main thread's task durations in that window — input handling, the
 * worker's answer arriving, React rendering the rows in view. The worker's own time is not in it.
 * Prints p50/p95 per kind as JSON.
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

/** Busy ms of the renderer's main thread between the page's `bench-start` and `bench-end` marks. */
function mainThreadBusyMs(buf: Buffer): number {
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no renderer main thread in the trace');
  const mark = (name: string) => events.find((e) => e.name === name && e.pid === main.pid)?.ts;
  const fromTs = mark('bench-start');
  const toTs = mark('bench-end');
  if (fromTs === undefined || toTs === undefined) throw new Error('marks missing from the trace');
  // the main thread's tasks (nested ones merged: the union of their intervals), clipped to the window
  const spans: [number, number][] = [];
  for (const e of events) {
    if (e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !/RunTask$/.test(e.name) || !e.dur) continue;
    const s = Math.max(e.ts, fromTs);
    const t = Math.min(e.ts + e.dur, toTs);
    if (t > s) spans.push([s, t]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let us = 0;
  let end = -Infinity;
  for (const [s, t] of spans) {
    if (t <= end) continue;
    us += t - Math.max(s, end);
    end = t;
  }
  return us / 1000;
}

/**
 * Runs `act` under tracing; the page itself marks the end when `done` (evaluated in the page on
 * every animation frame, so the benchmark does not poll over the protocol) first holds, after the
 * next frame. Resolves with the main thread's busy ms in between.
 */
async function measure(page: Page, act: () => Promise<void>, done: string): Promise<number> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'blink.user_timing'] });
  await page.waitForTimeout(50);
  const finished = page.evaluate((cond) => {
    const ok = new Function(`return (${cond})`) as () => boolean;
    performance.mark('bench-start');
    return new Promise<void>((resolve) => {
      const tick = () => (ok() ? requestAnimationFrame(() => (performance.mark('bench-end'), resolve())) : requestAnimationFrame(tick));
      requestAnimationFrame(tick);
    });
  }, done);
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
    const keys: number[] = [];
    const sorts: number[] = [];
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
        const cond = `document.querySelectorAll('[role=columnheader]')[${h}].getAttribute('aria-sort') !== 'none' && document.querySelector('[data-testid=row-count]').dataset.sort === document.querySelector('[data-testid=goroutine-table]').dataset.sort && !document.querySelector('[data-testid=goroutine-row] .muted')`;
        sorts.push(await measure(page, () => headers.nth(h).click(), cond));
      }
    }
    console.log(JSON.stringify({ file, keystroke: { n: keys.length, p50Ms: pct(keys, 50), p95Ms: pct(keys, 95), maxMs: pct(keys, 100) }, sort: { n: sorts.length, p50Ms: pct(sorts, 50), p95Ms: pct(sorts, 95), maxMs: pct(sorts, 100) } }));
  } finally {
    await browser.close();
    server.stop();
  }
}

main(process.argv[2] ?? 'bench/data/debug2-100k.txt').catch((e) => {
  console.error(e);
  process.exit(1);
});
