/**
 * Timeline frame times (issue #12), in the production build (not a test):
 *   npx vite build && npx tsx bench/ui/timeline-frames.ts [--port 4294] [--json] [--rows] [--settle MS] [--first] FILE...
 * --first: only the first frame (and the layout's time), not the interaction.
 * --baseline: no app, no trace: what this browser reaches with a trivial page — a 1280×800 canvas
 *   redrawn every animation frame (a fillRect; and a full-size putImageData, as the timeline draws
 *   its track), 300 frames each: the requestAnimationFrame interval p50 / p95.
 * --settle MS: wait MS after the load before opening the tab (the first frame then does not queue
 * behind the report's and the table's first questions in the worker).
 * --rows: with the P, thread and task/region rows on above the goroutine rows (resource-rows.ts).
 * For each trace: load it, open the Timeline tab and time the first frame with data (from the click
 * that opens the tab; the layout's own time as the page reports it) and the first frame with all
 * of it (goroutine rows, group rows' stacked areas, the overview strip: data-complete); then, grouped by start
 * function and again with every goroutine in one expanded group (`none`: 100,000+ rows on the busy
 * traces), zoom with the wheel at a point, pan by dragging, scroll the rows and hover — events
 * dispatched from requestAnimationFrame, one per frame — recording the timeline's own draw time per
 * frame (timeline-canvas.ts drawMs) and the requestAnimationFrame intervals. p50 / p95 of each.
 * Bench inputs: /tmp/bench/trace-20mb.out, trace-100mb.out (../shared/bench-inputs/tracegen) and
 * rows-10k.out (bench/tracegen/rows: 10,000 goroutines, ~1 M segments).
 */
import { chromium, type Page } from '@playwright/test';
import { statSync } from 'node:fs';
import { startPreview } from './preview';

interface Stats {
  frames: number;
  drawP50: number;
  drawP95: number;
  rafP50: number;
  rafP95: number;
}

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Runs the interaction in the page, one event per animation frame, and returns the timings. */
async function animate(page: Page): Promise<Stats> {
  const r = await page.evaluate(async () => {
    const host = document.querySelector('[data-testid=tl-canvas]') as HTMLElement & { timelineDrawMs?: number[] };
    const canvas = host.querySelector('canvas')!;
    const scroller = host.querySelector('.tl-scroll') as HTMLDivElement;
    const draws = host.timelineDrawMs!;
    const b = canvas.getBoundingClientRect();
    const from = draws.length;
    const raf: number[] = [];
    let last = performance.now();
    const frame = () => new Promise<void>((res) => requestAnimationFrame(() => res()));
    const at = (fx: number, fy: number) => ({ clientX: b.left + b.width * fx, clientY: b.top + b.height * fy, bubbles: true, cancelable: true });
    const steps: (() => void)[] = [];
    for (let i = 0; i < 60; i++) steps.push(() => canvas.dispatchEvent(new WheelEvent('wheel', { ...at(0.55, 0.5), deltaY: -60 })));
    steps.push(() => canvas.dispatchEvent(new MouseEvent('mousedown', { ...at(0.7, 0.5), button: 0 })));
    for (let i = 0; i < 90; i++) steps.push(() => window.dispatchEvent(new MouseEvent('mousemove', at(0.7 - (0.4 * i) / 90, 0.5))));
    steps.push(() => window.dispatchEvent(new MouseEvent('mouseup', at(0.3, 0.5))));
    for (let i = 0; i < 60; i++) steps.push(() => (scroller.scrollTop += 48));
    for (let i = 0; i < 60; i++) steps.push(() => canvas.dispatchEvent(new MouseEvent('mousemove', at(0.3 + (0.5 * i) / 60, 0.4 + (0.3 * i) / 60))));
    for (let i = 0; i < 60; i++) steps.push(() => canvas.dispatchEvent(new WheelEvent('wheel', { ...at(0.4, 0.6), deltaY: 60 })));
    for (const step of steps) {
      step();
      await frame();
      const now = performance.now();
      raf.push(now - last);
      last = now;
    }
    return { draws: draws.slice(from), raf: raf.slice(1) };
  });
  return { frames: r.draws.length, drawP50: pct(r.draws, 50), drawP95: pct(r.draws, 95), rafP50: pct(r.raf, 50), rafP95: pct(r.raf, 95) };
}

/** The frame interval of a trivial canvas page of the timeline's size, redrawn every frame. */
async function baseline(json: boolean): Promise<void> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto('about:blank');
    await page.setContent('<body style="margin:0"><canvas width="1280" height="800"></canvas></body>');
    const out: Record<string, { rafP50: number; rafP95: number; frames: number }> = {};
    for (const mode of ['fillRect', 'putImageData'] as const) {
      const raf = await page.evaluate(async (mode) => {
        const c = document.querySelector('canvas')!;
        const ctx = c.getContext('2d')!;
        const img = new ImageData(c.width, c.height);
        const px = new Uint32Array(img.data.buffer);
        const frame = () => new Promise<void>((res) => requestAnimationFrame(() => res()));
        const xs: number[] = [];
        let last = performance.now();
        for (let i = 0; i < 301; i++) {
          if (mode === 'fillRect') {
            ctx.fillStyle = i % 2 ? '#336' : '#363';
            ctx.fillRect(0, 0, c.width, c.height);
          } else {
            px.fill(i % 2 ? 0xff663333 : 0xff336633);
            ctx.putImageData(img, 0, 0);
          }
          await frame();
          const now = performance.now();
          xs.push(now - last);
          last = now;
        }
        return xs.slice(1);
      }, mode);
      out[mode] = { rafP50: pct(raf, 50), rafP95: pct(raf, 95), frames: raf.length };
    }
    if (json) console.log(JSON.stringify(out, null, 2));
    else for (const [k, v] of Object.entries(out)) console.log(`trivial 1280×800 canvas, ${k} every frame: frame interval p50 ${v.rafP50.toFixed(1)} ms, p95 ${v.rafP95.toFixed(1)} ms (${v.frames} frames)`);
  } finally {
    await browser.close();
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--baseline')) return baseline(argv.includes('--json'));
  let port = 4294;
  let json = false;
  let rows = false;
  let settle = 0;
  let firstOnly = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') port = Number(argv[++i]);
    else if (argv[i] === '--json') json = true;
    else if (argv[i] === '--rows') rows = true;
    else if (argv[i] === '--settle') settle = Number(argv[++i]);
    else if (argv[i] === '--first') firstOnly = true;
    else files.push(argv[i]);
  }
  const server = await startPreview(port);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const results: Record<string, unknown>[] = [];
  try {
    for (const file of files) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      // tsx names functions with a helper the page does not have
      await page.addInitScript({ content: 'window.__name = (f) => f;' });
      await page.goto(server.url);
      const t0 = Date.now();
      await page.getByTestId('file-input').setInputFiles(file);
      await page.locator('[data-testid=report-summary], [data-testid=trace-stats]').first().waitFor({ timeout: 900_000 });
      const loadS = (Date.now() - t0) / 1000;
      // --settle: let the worker answer the other views' first questions before the tab opens
      if (settle > 0) await page.waitForTimeout(settle);
      // the first frame with data (goroutine rows or group rows), and the first with all of it
      // (goroutine rows, group rows' stacked areas and the overview strip)
      const [firstFrameMs, completeMs] = await page.evaluate(
        () =>
          new Promise<[number, number]>((res) => {
            const t = performance.now();
            let first = -1;
            (document.querySelector('[data-testid=tab-timeline]') as HTMLButtonElement).click();
            const check = () => {
              const h = document.querySelector('[data-testid=tl-canvas]') as HTMLElement | null;
              if (h && first < 0 && h.dataset.drawn === '1') first = performance.now() - t;
              if (h && h.dataset.complete === '1') res([first, performance.now() - t]);
              else requestAnimationFrame(check);
            };
            check();
          }),
      );
      const layoutMs = Number(await page.getByTestId('tl-rows').getAttribute('data-layout-ms'));
      let rowsMs = 0;
      if (rows) {
        const t1 = Date.now();
        for (const k of ['procs', 'threads', 'tasks']) await page.getByTestId(`tl-res-${k}`).check();
        await page.waitForFunction(() => (document.querySelector('[data-testid=tl-canvas]') as HTMLElement).dataset.resDrawn === '1', null, { timeout: 600_000 });
        rowsMs = Date.now() - t1;
      }
      const goroutines = Number(await page.getByTestId('tl-rows').getAttribute('data-goroutines'));
      if (firstOnly) {
        const r = { file: file.split('/').pop(), mb: Math.round(statSync(file).size / 1e5) / 10, goroutines, loadS, firstFrameMs: Math.round(firstFrameMs), completeMs: Math.round(completeMs), layoutMs };
        results.push(r);
        if (!json) console.log(`${r.file} (${r.mb} MB, ${goroutines} goroutines): loaded in ${loadS.toFixed(1)} s; first timeline frame ${r.firstFrameMs} ms after opening the tab, all of it ${r.completeMs} ms (layout ${layoutMs} ms)${settle ? `, opened ${settle} ms after the load` : ''}`);
        await page.close();
        continue;
      }
      const grouped = await animate(page);
      await page.getByTestId('tl-group-by').selectOption('none');
      await page.getByTestId('tl-pin').uncheck();
      await page.waitForFunction(() => / 1 group[ ,]/.test(document.querySelector('[data-testid=tl-rows]')?.textContent ?? ''), null, { timeout: 600_000 });
      await page.getByTestId('tl-expand-all').click();
      const listed = Number(await page.getByTestId('tl-rows').getAttribute('data-listed'));
      // the middle of the list
      await page.evaluate(() => {
        const s = document.querySelector('[data-testid=tl-canvas] .tl-scroll') as HTMLDivElement;
        s.scrollTop = s.scrollHeight / 2;
      });
      await page.waitForFunction(() => (document.querySelector('[data-testid=tl-canvas]') as HTMLElement).dataset.drawn === '1');
      await page.waitForTimeout(1500);
      const expanded = await animate(page);
      const r = { file: file.split('/').pop(), mb: Math.round(statSync(file).size / 1e5) / 10, goroutines, loadS, firstFrameMs: Math.round(firstFrameMs), completeMs: Math.round(completeMs), layoutMs, rowsMs, grouped, expandedRows: listed, expanded };
      results.push(r);
      if (!json) {
        const f = (s: Stats) => `draw p50 ${s.drawP50.toFixed(1)} ms, p95 ${s.drawP95.toFixed(1)} ms; frame interval p50 ${s.rafP50.toFixed(1)} ms, p95 ${s.rafP95.toFixed(1)} ms (${s.frames} frames)`;
        console.log(`${r.file} (${r.mb} MB, ${goroutines} goroutines): loaded in ${loadS.toFixed(1)} s; first timeline frame ${r.firstFrameMs} ms after opening the tab, all of it ${r.completeMs} ms (layout ${layoutMs} ms)`);
        if (rows) console.log(`  P, thread and task rows turned on: drawn ${rowsMs} ms after the clicks`);
        console.log(`  grouped:                 ${f(grouped)}`);
        console.log(`  one group of ${listed} open: ${f(expanded)}`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    server.stop();
  }
  if (json) console.log(JSON.stringify(results, null, 2));
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
